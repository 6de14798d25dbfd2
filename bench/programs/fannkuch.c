/* Permutations: fannkuch-redux (pancake flips over every permutation of 0..n-1), all the work in one call of one
 * function whose three arrays are variable-length: it is fast only if OSR carries its loops into optimized code.
 * Size: n (10 takes about a quarter of a second natively). */
#include <stdio.h>
#include <stdlib.h>

static int fannkuch(int n, int *checksum) {
    int perm[n], perm1[n], count[n];
    int max_flips = 0, sum = 0, permutation = 0, r = n;
    for (int i = 0; i < n; i++)
        perm1[i] = i;
    for (;;) {
        for (; r != 1; r--)
            count[r - 1] = r;
        for (int i = 0; i < n; i++)
            perm[i] = perm1[i];
        int flips = 0;
        for (int k; (k = perm[0]) != 0; flips++) {
            for (int i = 0, j = k; i < j; i++, j--) {
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
        }
        if (flips > max_flips)
            max_flips = flips;
        sum += permutation % 2 == 0 ? flips : -flips;
        for (;;) {
            if (r == n) {
                *checksum = sum;
                return max_flips;
            }
            int first = perm1[0];
            for (int i = 0; i < r; i++)
                perm1[i] = perm1[i + 1];
            perm1[r] = first;
            if (--count[r] > 0)
                break;
            r++;
        }
        permutation++;
    }
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 7;
    int checksum = 0;
    int flips = fannkuch(n, &checksum);
    printf("%d\nPfannkuchen(%d) = %d\n", checksum, n, flips);
    return 0;
}
