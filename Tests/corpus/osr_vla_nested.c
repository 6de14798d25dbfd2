/* OSR into a loop over a VLA that is created anew in every iteration of an enclosing loop (stacksave and
 * stackrestore around each one). The continuation is entered at the inner loop: the VLA's address comes from
 * the tier-0 frame the first time and from the continuation's own allocation afterwards, and restoring the stack
 * saved by the tier-0 frame must not free the continuation's own frame (the calls check it stays intact). */
#include <stdio.h>

__attribute__((noinline)) static long fold(const long *v, int n) {
    long s = 0;
    for (int i = 0; i < n; i++)
        s = s * 31 + v[i];
    return s;
}

__attribute__((noinline)) static long work(int n, int outer, long inner) {
    long total = 0;
    for (int o = 0; o < outer; o++) {
        int m = n + o % 5;
        long v[m];
        for (int i = 0; i < m; i++)
            v[i] = i + o;
        for (long r = 0; r < inner; r++)
            v[r % m] += r ^ o;
        total += fold(v, m) % 1000003;
    }
    return total;
}

int main(int argc, char **argv) {
    (void)argv;
    printf("%ld\n", work(argc > 1 ? 61 : 3, 40, 100000L));
    return 0;
}
