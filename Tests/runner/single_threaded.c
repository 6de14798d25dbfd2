/* Whether the process is single-threaded when main ends: hotjit starts no thread of its own until a function is
 * queued for background recompilation (glibc's malloc is cheaper in a single-threaded process), and, given any
 * argument, whether the process becomes single-threaded again once the compile thread has nothing left to do: the
 * program then keeps calling its optimized function (which hands over to this thread, see
 * TieringOptions.endIdleCompileThreads) for up to two seconds. */
#include <stdio.h>
#include <sys/single_threaded.h>
#include <unistd.h>

static int twice(int x) { return x * 2; }

int main(int argc, char **argv) {
    (void)argv;
    int sum = 0;
    for (int i = 0; i < 10; i++) sum += twice(i);
    for (int tries = 0; argc > 1 && tries < 200 && !__libc_single_threaded; tries++) {
        usleep(10000);
        sum += twice(0);
    }
    printf("%d single_threaded=%d\n", sum, (int)__libc_single_threaded);
    return 0;
}
