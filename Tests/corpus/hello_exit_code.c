/* Baseline smoke test: one line of output and a fixed non-zero exit code. */
#include <stdio.h>

int main(void) {
    printf("hello from the hotjit corpus\n");
    return 3;
}
