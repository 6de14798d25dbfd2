/* Symbol aliases: function aliases (global and weak) of a global and of a
 * static function, a variable alias, calls through each name, and pointer
 * identity between an alias and its target. */
#include <stdio.h>

int real_add(int a, int b) { return a + b; }
int alias_add(int, int) __attribute__((alias("real_add")));
int weak_alias_add(int, int) __attribute__((weak, alias("real_add")));

static int hidden_mul(int a, int b) { return a * b; }
int public_mul(int, int) __attribute__((alias("hidden_mul")));

int counter_storage = 100;
extern int counter_alias __attribute__((alias("counter_storage")));

typedef int (*binop)(int, int);
static const binop ops[] = { real_add, alias_add, weak_alias_add, public_mul };

__attribute__((noinline)) static int same(binop a, binop b) { return a == b; }

int main(void) {
    printf("real_add(2,3)=%d alias_add(2,3)=%d weak_alias_add(2,3)=%d\n", real_add(2, 3),
           alias_add(2, 3), weak_alias_add(2, 3));
    printf("public_mul(6,7)=%d\n", public_mul(6, 7));
    printf("alias_add == real_add: %d\n", same(alias_add, real_add));
    printf("weak_alias_add == real_add: %d\n", same(weak_alias_add, real_add));
    printf("public_mul == hidden_mul: %d\n", same(public_mul, hidden_mul));
    printf("real_add != public_mul: %d\n", !same(real_add, public_mul));
    counter_alias += 5;
    counter_storage *= 2;
    printf("counter_storage=%d counter_alias=%d same address: %d\n", counter_storage,
           counter_alias, &counter_alias == &counter_storage);
    int acc = 0;
    for (int i = 0; i < 4; i++)
        acc += ops[i](i + 1, 10);
    printf("acc = %d\n", acc); /* 11 + 12 + 13 + 40 */
    return acc;
}
