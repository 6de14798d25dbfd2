/* __attribute__((constructor/destructor)) with priorities, plus atexit
 * handlers registered from a constructor and from main. Output order is the
 * point: ctors by ascending priority, then main, then atexit handlers in
 * reverse registration order, then destructors. */
#include <stdio.h>
#include <stdlib.h>

static int init_trace[8];
static int n_init;

static void atexit_from_ctor(void) { printf("atexit handler registered in ctor 200\n"); }
static void atexit_first(void) { printf("atexit handler registered first in main\n"); }
static void atexit_second(void) { printf("atexit handler registered second in main\n"); }

__attribute__((constructor(200))) static void ctor_200(void) {
    printf("ctor prio 200\n");
    init_trace[n_init++] = 200;
    atexit(atexit_from_ctor);
}
__attribute__((constructor(101))) static void ctor_101(void) {
    printf("ctor prio 101\n");
    init_trace[n_init++] = 101;
}
__attribute__((constructor)) static void ctor_default(void) {
    printf("ctor default prio\n");
    init_trace[n_init++] = 65535;
}
__attribute__((constructor(150))) static void ctor_150(void) {
    printf("ctor prio 150\n");
    init_trace[n_init++] = 150;
}

__attribute__((destructor(101))) static void dtor_101(void) { printf("dtor prio 101\n"); }
__attribute__((destructor(200))) static void dtor_200(void) { printf("dtor prio 200\n"); }
__attribute__((destructor)) static void dtor_default(void) { printf("dtor default prio\n"); }

int main(void) {
    printf("main: %d ctors ran before main:", n_init);
    for (int i = 0; i < n_init; i++)
        printf(" %d", init_trace[i]);
    printf("\n");
    atexit(atexit_first);
    atexit(atexit_second);
    printf("main returning 5\n");
    return 5;
}
