/* Inlining attributes: static inline helpers (called many times and one
 * whose address is taken), always_inline, noinline, flatten, cold and hot
 * functions, and a noinline function calling inline ones recursively. */
#include <stdio.h>

static inline int sq(int x) { return x * x; }
static inline int cube(int x) { return sq(x) * x; }
static inline __attribute__((always_inline)) int clamp(int x, int lo, int hi) {
    return x < lo ? lo : x > hi ? hi : x;
}
__attribute__((noinline)) static int noinl_sum(int n) {
    int s = 0;
    for (int i = 0; i < n; i++)
        s += clamp(cube(i) - sq(i), -50, 5000);
    return s;
}
__attribute__((flatten)) static int flat(int n) { return noinl_sum(n) + sq(n); }
__attribute__((cold, noinline)) static void report_error(const char *what, int v) {
    printf("cold path: %s %d\n", what, v);
}
__attribute__((hot)) static int hot_mix(unsigned x) {
    x ^= x >> 13;
    x *= 0x5bd1e995u;
    return (int)(x ^ (x >> 15));
}
static inline int gcd(int a, int b) { return b == 0 ? a : gcd(b, a % b); }
__attribute__((noinline)) static int gcd_table(int n) {
    int acc = 0;
    for (int i = 1; i <= n; i++)
        for (int j = 1; j <= n; j++)
            acc += gcd(i, j);
    return acc;
}

int main(void) {
    int (*fp)(int) = sq; /* forces an out-of-line copy of a static inline */
    printf("sq via pointer: %d, cube(7)=%d\n", fp(12), cube(7));
    printf("noinl_sum(30)=%d flat(30)=%d\n", noinl_sum(30), flat(30));
    int h = 0;
    for (unsigned i = 0; i < 1000; i++)
        h += hot_mix(i) & 0xff;
    printf("hot_mix sum = %d\n", h);
    int g = gcd_table(40);
    printf("gcd table(40) = %d\n", g);
    if (g < 0)
        report_error("negative gcd sum", g);
    report_error("always reported", 13);
    return clamp(g, 0, 99);
}
