/* Function-static locals: counters, statics with initializers, a static
 * table returned by pointer, a static holding the address of another static,
 * memoization arrays and statics updated from recursion. */
#include <stdio.h>

static int counter(void) {
    static int n;
    return ++n;
}

static int counter_from(int step) {
    static int n = 100;
    n += step;
    return n;
}

static const char *name_of(int i) {
    static const char *const names[] = { "zero", "one", "two", "three" };
    return names[i & 3];
}

static int *shared_slot(void) {
    static int slot = 7;
    return &slot;
}

static int *indirect_slot(void) {
    static int target = 5;
    static int *ptr = &target;
    return ptr;
}

static long fib_memo(int n) {
    static long memo[92];
    if (n < 2)
        return n;
    if (memo[n])
        return memo[n];
    return memo[n] = fib_memo(n - 1) + fib_memo(n - 2);
}

static int max_depth_seen(int n) {
    static int cur, max;
    cur++;
    if (cur > max)
        max = cur;
    if (n > 0)
        max_depth_seen(n - 1);
    cur--;
    return max;
}

struct Stats { int hits; char tag[8]; };
static struct Stats *stats(void) {
    static struct Stats s = { 0, "stats" };
    s.hits++;
    return &s;
}

int main(void) {
    int last = 0;
    for (int i = 0; i < 10; i++)
        last = counter();
    printf("counter after 10 calls: %d\n", last);
    printf("counter_from: %d %d %d\n", counter_from(1), counter_from(10), counter_from(-3));
    for (int i = 0; i < 5; i++)
        printf("%s%s", name_of(i), i < 4 ? "," : "\n");
    *shared_slot() += 35;
    printf("shared slot: %d (same address: %d)\n", *shared_slot(), shared_slot() == shared_slot());
    *indirect_slot() *= 9;
    printf("indirect slot: %d\n", *indirect_slot());
    printf("fib(50)=%ld fib(90)=%ld\n", fib_memo(50), fib_memo(90));
    printf("max depth: %d then %d\n", max_depth_seen(10), max_depth_seen(4));
    stats();
    stats();
    struct Stats *s = stats();
    printf("%s hits=%d\n", s->tag, s->hits);
    return last;
}
