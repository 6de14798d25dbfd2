/* Mutual recursion: is_even/is_odd, Hofstadter female/male sequences,
 * Ackermann (small arguments), and a recursive-descent expression
 * evaluator (expr -> term -> factor -> expr). */
#include <stdio.h>

static int is_odd(unsigned n);
__attribute__((noinline)) static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }
__attribute__((noinline)) static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

static int hof_m(int n);
static int hof_f(int n) { return n == 0 ? 1 : n - hof_m(hof_f(n - 1)); }
static int hof_m(int n) { return n == 0 ? 0 : n - hof_f(hof_m(n - 1)); }

static long ack_calls;
static long ack(long m, long n) {
    ack_calls++;
    if (m == 0)
        return n + 1;
    if (n == 0)
        return ack(m - 1, 1);
    return ack(m - 1, ack(m, n - 1));
}

static const char *src;
static long expr(void);
static void skip(void) { while (*src == ' ') src++; }
static long factor(void) {
    skip();
    if (*src == '(') {
        src++;
        long v = expr();
        skip();
        src++; /* ')' */
        return v;
    }
    if (*src == '-') {
        src++;
        return -factor();
    }
    long v = 0;
    while (*src >= '0' && *src <= '9')
        v = v * 10 + (*src++ - '0');
    return v;
}
static long term(void) {
    long v = factor();
    for (;;) {
        skip();
        if (*src == '*') { src++; v *= factor(); }
        else if (*src == '/') { src++; v /= factor(); }
        else return v;
    }
}
static long expr(void) {
    long v = term();
    for (;;) {
        skip();
        if (*src == '+') { src++; v += term(); }
        else if (*src == '-') { src++; v -= term(); }
        else return v;
    }
}
static long eval(const char *s) { src = s; return expr(); }

int main(void) {
    printf("is_even(10000)=%d is_odd(10000)=%d is_even(20001)=%d is_odd(7777)=%d\n",
           is_even(10000), is_odd(10000), is_even(20001), is_odd(7777));
    printf("F:");
    for (int i = 0; i < 20; i++)
        printf(" %d", hof_f(i));
    printf("\nM:");
    for (int i = 0; i < 20; i++)
        printf(" %d", hof_m(i));
    printf("\n");
    for (int m = 0; m <= 3; m++) {
        ack_calls = 0;
        long r = ack(m, 4);
        printf("ack(%d,4) = %ld (%ld calls)\n", m, r, ack_calls);
    }
    const char *exprs[] = { "2*(3+4)-(10/(5-3))", "1+2*3-4/2", "-(7*(8-(2+3)))*-2",
                            "((((((1))))))+(((2)))*3" };
    for (int i = 0; i < 4; i++)
        printf("%s = %ld\n", exprs[i], eval(exprs[i]));
    return (int)ack(2, 2); /* 7 */
}
