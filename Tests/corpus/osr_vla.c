/* OSR into a loop over a variable-length array: the array's address is an SSA value computed before the loop
 * (not kept in a stack slot), so the continuation must receive it from the tier-0 frame. The function is
 * entered once and all its work is in the second loop (issue 19). */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) static long work(int n, long rounds) {
    int a[n];
    for (int i = 0; i < n; i++)
        a[i] = i;
    long s = 0;
    for (long r = 0; r < rounds; r++) {
        a[r % n] += (int)(r & 7);
        s += a[(r * 7) % n];
    }
    return s;
}

/* A third argument sets the rounds (scripts/test-runner.sh runs it long enough for the continuation to be entered
 * at the default thresholds). */
int main(int argc, char **argv) {
    printf("%ld\n", work(argc > 1 ? 997 : 10, argc > 3 ? atol(argv[3]) : 4000000L));
    return 0;
}
