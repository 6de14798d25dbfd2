/* Weak symbols: a weak function defined here (used as the default), weak
 * declarations that stay undefined (function and variable) and must
 * compare equal to NULL, and a weak data definition. */
#include <stdio.h>

__attribute__((weak)) int hook(int x) { return x * 10; }
__attribute__((weak)) int tunable = 33;

/* never defined anywhere: the addresses must be NULL */
extern int missing_function(int) __attribute__((weak));
extern int missing_variable __attribute__((weak));
extern void missing_handler(void) __attribute__((weak));

typedef int (*hook_t)(int);
static hook_t hooks[] = { hook, missing_function };

__attribute__((noinline)) static int call_if_present(hook_t f, int arg) {
    return f ? f(arg) : -1;
}

int main(void) {
    printf("hook present: %d, hook(4) = %d\n", hook != NULL, hook(4));
    printf("missing_function is NULL: %d\n", missing_function == NULL);
    printf("&missing_variable is NULL: %d\n", &missing_variable == NULL);
    printf("missing_handler is NULL: %d\n", missing_handler == NULL);
    if (missing_handler)
        missing_handler();
    int total = 0;
    for (int i = 0; i < 2; i++) {
        int r = call_if_present(hooks[i], i + 5);
        printf("hooks[%d] -> %d\n", i, r);
        total += r;
    }
    printf("tunable = %d\n", tunable);
    return total + tunable - 40; /* 50 - 1 + 33 - 40 = 42 */
}
