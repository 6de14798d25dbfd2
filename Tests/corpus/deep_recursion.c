/* Deep recursion: a recursive sum to 100000 (about 100k frames on the
 * program's stack), deep recursion through a function pointer, and a
 * recursion with a larger frame. */
#include <stdio.h>

__attribute__((noinline)) static long rsum(long n) { return n == 0 ? 0 : n + rsum(n - 1); }

typedef long (*step_fn)(long, long);
static step_fn step_ptr;
__attribute__((noinline)) static long step(long n, long acc) {
    return n == 0 ? acc : step_ptr(n - 1, acc ^ (n * 2654435761L));
}

__attribute__((noinline)) static long framed(int n) {
    volatile char pad[96];
    for (int i = 0; i < 96; i += 8)
        pad[i] = (char)(n + i);
    if (n == 0)
        return pad[0];
    return pad[8] + framed(n - 1);
}

int main(void) {
    long s = rsum(100000);
    printf("rsum(100000) = %ld\n", s);
    step_ptr = step;
    printf("step(50000) = %ld\n", step(50000, 0));
    printf("framed(20000) = %ld\n", framed(20000));
    return (int)(s % 101); /* 5000050000 % 101 */
}
