/* Function pointer identity: &foo taken in different functions, before and
 * after the first call (and after many calls), stored in global tables, in
 * struct initializers, in a local static, round-tripped through uintptr_t,
 * and compared with pointers returned by other functions. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

typedef int (*fn_t)(int);

int foo(int x) { return x + 1; }
static int bar(int x) { return x * 2; }
__attribute__((noinline)) int baz(int x) { return x - 3; }

fn_t global_table[] = { foo, bar, baz, foo };
struct Op { const char *name; fn_t f; int arity; };
static const struct Op ops[] = { { "foo", foo, 1 }, { "bar", &bar, 1 }, { "baz", baz, 1 } };
fn_t global_single = &foo;
static uintptr_t foo_as_int;
int global_var = 17;
int *global_var_ptr = &global_var;

__attribute__((noinline)) fn_t get_foo(void) { return foo; }
__attribute__((noinline)) fn_t get_by_name(const char *name) {
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (strcmp(ops[i].name, name) == 0)
            return ops[i].f;
    return 0;
}
__attribute__((noinline)) int same(fn_t a, fn_t b) { return a == b; }
__attribute__((noinline)) static void remember(void) { foo_as_int = (uintptr_t)&foo; }
__attribute__((noinline)) static int *get_var(void) { return &global_var; }

int main(void) {
    fn_t before = get_foo(); /* foo has never been called yet */
    remember();
    printf("table[0]==table[3]: %d\n", global_table[0] == global_table[3]);
    printf("table[0]==foo: %d\n", global_table[0] == foo);
    printf("ops[0].f==get_foo(): %d\n", ops[0].f == get_foo());
    printf("global_single==before: %d\n", global_single == before);
    printf("same(bar, get_by_name(\"bar\")): %d\n", same(bar, get_by_name("bar")));
    printf("same(baz, table[2]): %d\n", same(baz, global_table[2]));
    printf("foo!=bar: %d, bar!=baz: %d\n", (fn_t)foo != (fn_t)bar, (fn_t)bar != (fn_t)baz);

    int r = foo(41);
    fn_t after = get_foo();
    printf("foo(41)=%d, before==after first call: %d\n", r, before == after);
    printf("uintptr_t round trip equal: %d\n", foo_as_int == (uintptr_t)after);
    printf("call through round-tripped pointer: %d\n", ((fn_t)foo_as_int)(9));

    long acc = 0;
    for (int i = 0; i < 5000; i++)
        acc += global_table[i & 3](i) + foo(i);
    printf("acc after many calls: %ld\n", acc);
    printf("after many calls, still equal: %d %d %d\n", get_foo() == before,
           global_table[3] == (fn_t)foo_as_int, same(get_by_name("foo"), foo));

    static const struct Op local = { "local", baz, 2 };
    printf("local static struct ptr==ops[2].f: %d\n", local.f == ops[2].f);
    printf("data ptr identity: %d %d\n", get_var() == &global_var, global_var_ptr == get_var());

    int total = 0;
    for (int i = 0; i < 4; i++)
        total += global_table[i](10);
    printf("total = %d\n", total);
    return total; /* 11 + 20 + 7 + 11 = 49 */
}
