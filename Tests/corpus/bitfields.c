/* Bitfields: signed and unsigned fields with wraparound, fields that
 * straddle storage units, a _Bool field, a zero-width field, a packed
 * struct, and bitfield structs passed/returned by value. */
#include <stdio.h>

struct Flags {
    unsigned ready : 1;
    unsigned mode : 3;
    signed delta : 5;
    unsigned long long wide : 40;
    _Bool on : 1;
    unsigned : 0;
    unsigned after_zero : 7;
};

struct __attribute__((packed)) Packed {
    unsigned char tag;
    unsigned int a : 12;
    unsigned int b : 12;
    unsigned short c;
};

struct Rgb565 { unsigned short b : 5, g : 6, r : 5; };

__attribute__((noinline)) static struct Rgb565 brighten(struct Rgb565 c) {
    c.r = c.r + 3 > 31 ? 31 : c.r + 3;
    c.g = c.g + 7 > 63 ? 63 : c.g + 7;
    c.b = c.b + 3 > 31 ? 31 : c.b + 3;
    return c;
}

int main(void) {
    struct Flags f = { 0 };
    f.ready = 1;
    f.mode = 7;
    f.mode++; /* wraps to 0 */
    f.delta = 15;
    f.delta++; /* 16 does not fit in signed 5 bits */
    f.wide = 0xFFFFFFFFFFULL;
    f.wide += 2; /* wraps to 1 */
    f.on = 5;     /* any non-zero -> 1 */
    volatile unsigned v200 = 200;
    f.after_zero = v200; /* truncated to 7 bits */
    printf("ready=%u mode=%u delta=%d wide=%llu on=%d after_zero=%u sizeof=%zu\n", f.ready, f.mode,
           f.delta, (unsigned long long)f.wide, f.on, f.after_zero, sizeof f);
    f.delta = -16;
    f.delta--; /* -17 wraps */
    printf("delta after underflow=%d\n", f.delta);

    struct Packed p = { 0xAB, 0xFFF, 0x123, 0xBEEF };
    p.a += 1;
    printf("packed: sizeof=%zu tag=%x a=%x b=%x c=%x\n", sizeof p, p.tag, p.a, p.b, p.c);
    unsigned char *raw = (unsigned char *)&p;
    printf("packed bytes:");
    for (size_t i = 0; i < sizeof p; i++)
        printf(" %02x", raw[i]);
    printf("\n");

    struct Rgb565 c = { 30, 60, 2 };
    struct Rgb565 d = brighten(c);
    unsigned short bits;
    __builtin_memcpy(&bits, &d, sizeof bits);
    printf("rgb: r=%u g=%u b=%u -> r=%u g=%u b=%u raw=0x%04x\n", c.r, c.g, c.b, d.r, d.g, d.b, bits);
    return f.mode + f.ready + (int)f.wide + d.r; /* 0 + 1 + 1 + 5 */
}
