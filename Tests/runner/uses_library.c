/* Calls a function that only the shared library given with --load defines. */
#include <stdio.h>
int library_triple(int x);
int main(void) { printf("library_triple(14) = %d\n", library_triple(14)); return 0; }
