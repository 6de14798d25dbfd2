/* Varargs: own variadic functions taking int/long long/double/float and
 * structs (small, mixed int+double, large), va_copy, passing a va_list to
 * a helper, and vprintf/vsnprintf forwarding. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct Pair { int a; double b; };
struct Big { long v[5]; };
struct Tiny { char c; short s; };

/* fmt: i=int l=long long d=double f=float p=Pair b=Big t=Tiny s=string */
static double sum_args(const char *fmt, ...) {
    va_list ap;
    double total = 0;
    va_start(ap, fmt);
    for (const char *p = fmt; *p; p++) {
        switch (*p) {
        case 'i': total += va_arg(ap, int); break;
        case 'l': total += (double)va_arg(ap, long long); break;
        case 'd': total += va_arg(ap, double); break;
        case 'f': total += va_arg(ap, double); break;
        case 'p': { struct Pair q = va_arg(ap, struct Pair); total += q.a + q.b; break; }
        case 'b': {
            struct Big q = va_arg(ap, struct Big);
            for (int k = 0; k < 5; k++)
                total += (double)q.v[k] * (k + 1);
            break;
        }
        case 't': { struct Tiny q = va_arg(ap, struct Tiny); total += q.c + q.s; break; }
        case 's': total += (double)strlen(va_arg(ap, const char *)); break;
        default: printf("bad format char %c\n", *p); break;
        }
    }
    va_end(ap);
    return total;
}

static void sum_and_product(int count, ...) {
    va_list ap, copy;
    long sum = 0, prod = 1;
    va_start(ap, count);
    va_copy(copy, ap);
    for (int i = 0; i < count; i++)
        sum += va_arg(ap, int);
    for (int i = 0; i < count; i++)
        prod *= va_arg(copy, int);
    va_end(copy);
    va_end(ap);
    printf("sum_and_product(%d): sum=%ld prod=%ld\n", count, sum, prod);
}

static long vsum_longs(int n, va_list ap) {
    long s = 0;
    while (n-- > 0)
        s = s * 3 + va_arg(ap, long);
    return s;
}

static long sum_longs(int n, ...) {
    va_list ap;
    va_start(ap, n);
    long r = vsum_longs(n, ap);
    va_end(ap);
    return r;
}

__attribute__((format(printf, 2, 3)))
static int logmsg(const char *tag, const char *fmt, ...) {
    va_list ap;
    int n;
    printf("[%s] ", tag);
    va_start(ap, fmt);
    n = vprintf(fmt, ap);
    va_end(ap);
    return n;
}

__attribute__((format(printf, 3, 4)))
static int format_into(char *buf, size_t len, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, len, fmt, ap);
    va_end(ap);
    return n;
}

int main(void) {
    struct Pair p1 = { 3, 0.25 }, p2 = { -7, 1.5 };
    struct Big big = { { 1, 2, 3, 4, 5 } };
    struct Tiny tiny = { 'A', 1000 };
    float f = 2.5f;

    printf("ints: %.17g\n", sum_args("iiiii", 1, 2, 3, 4, 5));
    printf("mixed: %.17g\n", sum_args("idlfs", 7, 0.125, 123456789012LL, f, "hello"));
    printf("structs: %.17g\n", sum_args("pbtp", p1, big, tiny, p2));
    /* exhaust both the GP (6) and SSE (8) register save areas */
    printf("many: %.17g\n",
           sum_args("iiiiiiiiddddddddddddpbp", 1, 2, 3, 4, 5, 6, 7, 8,
                    0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5,
                    p1, big, p2));

    sum_and_product(5, 1, 2, 3, 4, 5);
    sum_and_product(9, 2, 2, 2, 2, 2, 2, 2, 2, 3);
    printf("sum_longs: %ld\n", sum_longs(8, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L));

    int n = logmsg("info", "%d apples, %.3f pears, %s\n", 12, 3.25, "no plums");
    printf("logmsg wrote %d chars\n", n);
    char buf[16];
    int full = format_into(buf, sizeof buf, "%s-%05d-%x", "truncated", 42, 0xbeef);
    printf("format_into: \"%s\" (wanted %d chars)\n", buf, full);
    return 0;
}
