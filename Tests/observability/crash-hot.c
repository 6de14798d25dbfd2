/* Crashes in a JIT'd function after many calls (so it has tiered up): for source-line tests with debug info.
   The marked lines are looked up by the tests; keep the markers on the lines they mark. */
#include <stdio.h>
#include <stdlib.h>
int *volatile target;
int sink;
__attribute__((noinline)) void inner(int x) {
    *target = x; /* crash-line */
}
__attribute__((noinline)) int middle(int x) {
    inner(x + 1); /* call-inner-line */
    return x * 2;
}
int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 1000;
    for (int i = 0; i < n; i++) {
        target = i == n - 1 ? 0 : &sink;
        sink += middle(i); /* call-middle-line */
    }
    printf("%d\n", sink);
    return 0;
}
