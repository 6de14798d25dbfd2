/* Many small functions (300, generated with macros) to exercise many lazy
 * stubs: every function is reachable through a table, each is called a few
 * times, and a few are called directly. */
#include <stdio.h>

#define DEF(p, d)                                                                           \
    __attribute__((noinline)) unsigned fn_##p##_##d(unsigned x) {                           \
        unsigned n = (p) * 10u + (d);                                                       \
        return (x ^ (n * 2654435761u)) + ((x << (n % 13)) | (n & 7)) - n;                  \
    }
#define DEF10(p) DEF(p, 0) DEF(p, 1) DEF(p, 2) DEF(p, 3) DEF(p, 4) DEF(p, 5) DEF(p, 6) DEF(p, 7) DEF(p, 8) DEF(p, 9)
#define ALL(M) M(0) M(1) M(2) M(3) M(4) M(5) M(6) M(7) M(8) M(9) M(10) M(11) M(12) M(13) M(14)      \
    M(15) M(16) M(17) M(18) M(19) M(20) M(21) M(22) M(23) M(24) M(25) M(26) M(27) M(28) M(29)

ALL(DEF10)

#define REF(p, d) fn_##p##_##d,
#define REF10(p) REF(p, 0) REF(p, 1) REF(p, 2) REF(p, 3) REF(p, 4) REF(p, 5) REF(p, 6) REF(p, 7) REF(p, 8) REF(p, 9)

typedef unsigned (*fn_t)(unsigned);
static fn_t const table[] = { ALL(REF10) };
#define NFUNCS (sizeof table / sizeof table[0])

int main(void) {
    printf("functions: %zu\n", NFUNCS);
    unsigned acc = 1;
    for (int round = 0; round < 3; round++) {
        for (unsigned i = 0; i < NFUNCS; i++)
            acc = acc * 33u + table[i](acc + i + (unsigned)round);
        printf("round %d: acc = %u\n", round, acc);
    }
    /* a pseudo-random walk through the table */
    unsigned idx = 7, walk = 0;
    for (int step = 0; step < 1000; step++) {
        walk += table[idx](walk);
        idx = (idx * 31 + (walk & 0xff)) % NFUNCS;
    }
    printf("walk = %u\n", walk);
    printf("direct: %u %u %u\n", fn_0_0(1), fn_14_7(2), fn_29_9(3));
    printf("table identity: %d %d\n", table[147] == fn_14_7, table[299] == fn_29_9);
    return (int)(acc % 128);
}
