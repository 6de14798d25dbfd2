/* Module B: main, using module A's function and variable; `&add_to_counter` must be one value in both modules. */
#include <stdio.h>
extern int shared_counter;
int add_to_counter(int by);
int (*address_of_add(void))(int);
int main(int argc, char **argv) {
    add_to_counter(5);
    printf("counter=%d same_address=%d argc=%d", shared_counter, address_of_add() == add_to_counter, argc);
    for (int i = 1; i < argc; i++) printf(" [%s]", argv[i]);
    printf("\n");
    return shared_counter == 15 ? 7 : 1;
}
