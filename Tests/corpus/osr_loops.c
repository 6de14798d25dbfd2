/* Loops that on-stack replacement must carry into optimized code mid-run: escaped locals (their address taken
 * before the loop stays valid), nested loops, loop-carried floating point, early exits, goto into a loop, a loop in
 * a recursive function, and several threads running the same loop function. */
#include <pthread.h>
#include <stdio.h>

static void bump(int *p) { (*p)++; }

static long escaped_locals(int n) {
    int counter = 0;              /* its address escapes before the loop */
    int *alias = &counter;
    long sum = 0;
    for (int i = 0; i < n; i++) {
        sum += i ^ (sum >> 3);
        if (i % 7 == 0) bump(alias);
    }
    return sum + counter * 1000003L;
}

static double nested(int n) {
    double total = 0.0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < 300; j++)
            total = total * 0.999999 + (double)(i * j % 17) * 0.25;
    return total;
}

static int early_exit(int limit) {
    unsigned x = 12345;
    for (int i = 0; i < 100000000; i++) {
        x = x * 1103515245u + 12345u;
        if ((x >> 16) % limit == 7 && i > 50000) return i;
        if (i > 400000) break;
    }
    return -1;
}

static long goto_into_loop(int n) {
    long acc = 1;
    int i = n / 2;
    goto middle;
    for (i = 0; i < n; i++) {
        acc += i;
    middle:
        acc = (acc * 31 + i) % 1000000007;
    }
    return acc;
}

static long recursive_loops(int depth) {
    long local = 0;
    for (int i = 0; i < 20000; i++) local += (i * depth) % 13;
    return depth == 0 ? local : local + recursive_loops(depth - 1);
}

static long thread_results[4];
static void *thread_loop(void *arg) {
    long id = (long)arg, acc = id;
    for (int i = 0; i < 300000; i++) acc = (acc * 6364136223846793005L + i) ^ (acc >> 17);
    thread_results[id] = acc;
    return 0;
}

int main(void) {
    printf("escaped_locals: %ld\n", escaped_locals(600000));
    printf("nested: %.6f\n", nested(1500));
    printf("early_exit: %d\n", early_exit(10007));
    printf("goto_into_loop: %ld\n", goto_into_loop(500000));
    printf("recursive_loops: %ld\n", recursive_loops(12));
    pthread_t threads[4];
    for (long t = 0; t < 4; t++) pthread_create(&threads[t], 0, thread_loop, (void *)t);
    for (int t = 0; t < 4; t++) pthread_join(threads[t], 0);
    for (int t = 0; t < 4; t++) printf("thread %d: %ld\n", t, thread_results[t]);
    return 0;
}
