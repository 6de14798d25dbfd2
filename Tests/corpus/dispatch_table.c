/* A global dispatch table of 64 handler functions of which only a handful
 * are ever called (the rest must never need compiling), a mutable table
 * entry patched at run time, and a const table of {name, fn} records. */
#include <stdio.h>
#include <string.h>

typedef long (*handler_t)(long);

#define H(n) __attribute__((noinline)) static long handler_##n(long x) { return x * (n + 1) + n; }
#define H8(a) H(a##0) H(a##1) H(a##2) H(a##3) H(a##4) H(a##5) H(a##6) H(a##7)
H8(1) H8(2) H8(3) H8(4) H8(5) H8(6) H8(7) H8(8)
#undef H
#define H(n) handler_##n,
static handler_t table[64] = { H8(1) H8(2) H8(3) H8(4) H8(5) H8(6) H8(7) H8(8) };

static long patched(long x) { return -x; }

struct Command { const char *name; handler_t fn; };
static const struct Command commands[] = {
    { "inc", handler_10 }, { "triple", handler_12 }, { "big", handler_87 }, { "neg", patched },
};

static long run_command(const char *name, long arg) {
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(commands[i].name, name) == 0)
            return commands[i].fn(arg);
    return -999;
}

int main(void) {
    /* only three slots are ever called; the index sequence is fixed */
    const int picks[] = { 3, 3, 17, 3, 62, 17 };
    long acc = 0;
    for (size_t i = 0; i < sizeof picks / sizeof picks[0]; i++) {
        long r = table[picks[i]](acc + (long)i);
        printf("table[%d](%ld) = %ld\n", picks[i], acc + (long)i, r);
        acc = r % 1000;
    }
    table[17] = patched;
    printf("after patch: table[17](5) = %ld\n", table[17](5));
    printf("commands: inc(1)=%ld triple(2)=%ld big(3)=%ld neg(4)=%ld missing=%ld\n",
           run_command("inc", 1), run_command("triple", 2), run_command("big", 3),
           run_command("neg", 4), run_command("nope", 0));
    int distinct = 1;
    for (int i = 1; i < 64; i++)
        distinct &= table[i] != table[i - 1];
    printf("adjacent entries distinct: %d\n", distinct);
    return (int)(acc % 100);
}
