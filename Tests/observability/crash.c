/* Crashes in a JIT'd function two calls deep from main: for crash reports, gdb and symbolization tests. */
#include <stdio.h>
int *volatile nowhere = 0;
__attribute__((noinline)) int inner(int x) { return *nowhere + x; }
__attribute__((noinline)) int middle(int x) { return inner(x + 1) * 2; }
int main(void) { printf("about to crash\n"); fflush(stdout); return middle(1); }
