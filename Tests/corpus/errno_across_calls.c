/* errno across hotjit's own work: a function's first call (a compile, or a cache lookup that finds no file) and a
 * tier-up trigger run on the program's thread, where the native program has nothing, so errno must come back
 * unchanged. GCC's pr68264.c aborted when a cache miss left ENOENT. */
#include <errno.h>
#include <math.h>
#include <stdio.h>

static int twice(int x) { return 2 * x; }
static int thrice(int x) { return 3 * x; }

int sum_to(int n) {
    int s = 0;
    for (int i = 0; i < n; i++) s += twice(i) - thrice(i) + i;   /* back-edges: a tier-up trigger */
    return s;
}

int main(void) {
    errno = 0;
    int a = twice(21);   /* first call */
    printf("after a first call: %d errno=%d\n", a, errno);
    errno = 1234;
    int b = thrice(14);   /* first call with errno set */
    printf("kept: %d errno=%d\n", b, errno);
    for (int round = 0; round < 50; round++) {
        errno = round;
        int s = sum_to(300);
        if (errno != round) { printf("round %d: errno changed to %d\n", round, errno); return 1; }
        if (round == 49) printf("sum %d\n", s);
    }
    errno = 0;
    volatile double d = -1.0;
    double r = sqrt(d);   /* EDOM from libm, as natively */
    printf("sqrt(-1): %s errno=%s\n", r != r ? "nan" : "number", errno == EDOM ? "EDOM" : "other");
    return 0;
}
