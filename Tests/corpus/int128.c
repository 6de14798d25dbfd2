/* __int128 arithmetic and printing: factorials up to 34!, signed division
 * and modulo of negatives, shifts, comparisons, overflow builtins, double
 * conversions (libgcc/compiler-rt helpers such as __udivti3, __floattidf),
 * and __int128 arguments that spill to the stack. */
#include <stdio.h>

typedef __int128 i128;
typedef unsigned __int128 u128;

static void u128_str(u128 v, char *out) {
    char buf[48];
    int n = 0;
    do {
        buf[n++] = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v);
    while (n)
        *out++ = buf[--n];
    *out = 0;
}

static void i128_str(i128 v, char *out) {
    if (v < 0) {
        *out++ = '-';
        u128_str(-(u128)v, out);
    } else {
        u128_str((u128)v, out);
    }
}

static void print_hex(const char *label, u128 v) {
    printf("%s0x%016llx%016llx\n", label, (unsigned long long)(v >> 64), (unsigned long long)v);
}

__attribute__((noinline)) static i128 combine(i128 a, i128 b, i128 c, i128 d, i128 e, long tail) {
    return a * 1 + b * 3 - c * 5 + d * 7 - e * 11 + tail;
}

int main(void) {
    char s[64];
    u128 f = 1;
    for (int i = 1; i <= 34; i++) {
        f *= (u128)i;
        if (i >= 20 && i % 2 == 0) {
            u128_str(f, s);
            printf("%d! = %s\n", i, s);
        }
    }
    print_hex("34! = ", f);

    i128 min = (i128)((u128)1 << 127);
    i128 max = (i128)(((u128)1 << 127) - 1);
    i128_str(min, s);
    printf("min = %s\n", s);
    i128_str(max, s);
    printf("max = %s\n", s);

    i128 a = -((i128)123456789012345678LL * 1000000007);
    i128 b = 987654321;
    i128_str(a / b, s);
    printf("a / b = %s\n", s);
    i128_str(a % b, s);
    printf("a %% b = %s\n", s);
    i128_str(a >> 7, s);
    printf("a >> 7 = %s\n", s);
    print_hex("(u128)a >> 3 = ", (u128)a >> 3);
    printf("a < b: %d, a != b: %d, (u128)a > (u128)b: %d\n", a < b, a != b, (u128)a > (u128)b);

    i128 prod;
    int ovf1 = __builtin_mul_overflow(max / 3, (i128)2, &prod);
    int ovf2 = __builtin_mul_overflow(max / 3, (i128)4, &prod);
    printf("mul overflow: %d %d\n", ovf1, ovf2);

    double d = (double)f;
    printf("(double)34! = %.17g\n", d);
    i128 back = (i128)-1.5e30;
    i128_str(back, s);
    printf("(i128)-1.5e30 = %s\n", s);
    u128 ub = (u128)3.0e38;
    u128_str(ub, s);
    printf("(u128)3e38 = %s\n", s);

    i128 c = combine((i128)1 << 100, -((i128)1 << 90), 12345, -((i128)7 << 64), 99, -1000);
    i128_str(c, s);
    printf("combine = %s\n", s);

    u128 f20 = 1;
    for (int i = 1; i <= 20; i++)
        f20 *= (u128)i;
    return (int)(f20 % 97);
}
