/* Whether the process is still single-threaded when main ends: hotjit starts no thread of its own until a function
 * is queued for background recompilation (glibc's malloc is cheaper in a single-threaded process). */
#include <stdio.h>
#include <sys/single_threaded.h>

static int twice(int x) { return x * 2; }

int main(void) {
    int sum = 0;
    for (int i = 0; i < 10; i++) sum += twice(i);
    printf("%d single_threaded=%d\n", sum, (int)__libc_single_threaded);
    return 0;
}
