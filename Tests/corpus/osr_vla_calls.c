/* A function with a VLA and a loop over it, called many times: its optimized version serves the later calls,
 * and an OSR continuation the first long call; both must see the same array. */
#include <stdio.h>

__attribute__((noinline)) static long histogram(int n, int bins, unsigned seed) {
    int h[bins];
    for (int b = 0; b < bins; b++)
        h[b] = 0;
    for (int i = 0; i < n; i++) {
        seed = seed * 1664525u + 1013904223u;
        h[(seed >> 8) % (unsigned)bins]++;
    }
    long best = 0;
    for (int b = 0; b < bins; b++)
        best = best * 3 + h[b];
    return best;
}

int main(int argc, char **argv) {
    (void)argv;
    int bins = argc > 1 ? 13 : 5;
    long sum = histogram(2000000, bins, 1);
    for (int call = 0; call < 5000; call++)
        sum ^= histogram(200 + call % 50, bins + call % 3, (unsigned)call);
    printf("%ld\n", sum);
    return 0;
}
