/* exit() called from a nested function with buffered output pending:
 * atexit handlers still run, stdio is flushed, code after exit never runs,
 * and the process exit code is the one passed to exit(). */
#include <stdio.h>
#include <stdlib.h>

static int depth;

static void goodbye(void) { printf("atexit: goodbye from depth %d\n", depth); }
static void flush_note(void) { printf("atexit: registered first, runs last\n"); }

__attribute__((noinline)) static void level4(int code) {
    depth = 4;
    printf("level4: calling exit(%d) with this line still buffered\n", code);
    exit(code);
}
__attribute__((noinline)) static int level3(int code) { depth = 3; level4(code); return 1; }
__attribute__((noinline)) static int level2(int code) { depth = 2; return level3(code) + 1; }
__attribute__((noinline)) static int level1(int code) {
    depth = 1;
    int r = level2(code);
    printf("level1: unreachable (%d)\n", r);
    return r;
}

int main(void) {
    atexit(flush_note);
    atexit(goodbye);
    printf("main: start\n");
    int r = level1(42);
    printf("main: unreachable (%d)\n", r);
    return 0;
}
