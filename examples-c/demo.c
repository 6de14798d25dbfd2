/* A small real program for the README's first command: counts N-queens solutions for several board sizes, sorts the
 * results through qsort with a comparator (a function pointer into JIT'd code), and reports a checksum. */
#include <stdio.h>
#include <stdlib.h>

static int solve(int n, int row, unsigned cols, unsigned diag1, unsigned diag2) {
    if (row == n) return 1;
    int count = 0;
    for (unsigned free = ~(cols | diag1 | diag2) & ((1u << n) - 1); free; free &= free - 1) {
        unsigned bit = free & -free;
        count += solve(n, row + 1, cols | bit, (diag1 | bit) << 1, (diag2 | bit) >> 1);
    }
    return count;
}

struct result { int n, solutions; };

static int by_solutions_desc(const void *a, const void *b) {
    const struct result *x = a, *y = b;
    return (y->solutions > x->solutions) - (y->solutions < x->solutions);
}

int main(int argc, char **argv) {
    int max = argc > 1 ? atoi(argv[1]) : 10;
    struct result results[16];
    int count = 0;
    for (int n = 4; n <= max && count < 16; n++) results[count++] = (struct result){ n, solve(n, 0, 0, 0, 0) };
    qsort(results, count, sizeof results[0], by_solutions_desc);
    unsigned long checksum = 0;
    for (int i = 0; i < count; i++) {
        printf("%2d queens: %6d solutions\n", results[i].n, results[i].solutions);
        checksum = checksum * 31 + (unsigned long)results[i].solutions;
    }
    printf("checksum %lu\n", checksum);
    return 0;
}
