/* Unions: float/int type punning, a tagged union of struct variants, unions
 * passed and returned by value, an anonymous union inside a struct, and a
 * union overlaying an array with wider integers. */
#include <stdint.h>
#include <stdio.h>

union FloatBits { float f; uint32_t u; };
union DoubleBits { double d; uint64_t u; struct { uint32_t lo, hi; } w; };

enum Kind { K_INT, K_DOUBLE, K_PAIR, K_TEXT };
struct Value {
    enum Kind kind;
    union {
        long i;
        double d;
        struct { int a, b; } pair;
        char text[12];
    };
};

__attribute__((noinline)) static double value_weight(struct Value v) {
    switch (v.kind) {
    case K_INT: return (double)v.i;
    case K_DOUBLE: return v.d * 2;
    case K_PAIR: return v.pair.a * 100 + v.pair.b;
    case K_TEXT: { double n = 0; for (const char *p = v.text; *p; p++) n += *p; return n; }
    }
    return -1;
}

__attribute__((noinline)) static union DoubleBits negate_bits(union DoubleBits b) {
    b.u ^= 1ULL << 63;
    return b;
}

union Overlay { uint8_t bytes[8]; uint16_t halves[4]; uint32_t words[2]; uint64_t whole; };

int main(void) {
    union FloatBits fb = { .f = 1.0f };
    printf("1.0f bits = 0x%08x\n", fb.u);
    fb.u = 0x40490fdb;
    printf("0x40490fdb as float = %.9g\n", (double)fb.f);
    union DoubleBits db = { .d = -2.5 };
    printf("-2.5 bits = 0x%016llx hi=0x%08x lo=0x%08x\n", (unsigned long long)db.u, db.w.hi, db.w.lo);
    union DoubleBits nb = negate_bits(db);
    printf("negated = %.17g\n", nb.d);

    struct Value vals[4];
    vals[0] = (struct Value){ .kind = K_INT, .i = -123456789 };
    vals[1] = (struct Value){ .kind = K_DOUBLE, .d = 0.375 };
    vals[2] = (struct Value){ .kind = K_PAIR, .pair = { 7, 42 } };
    vals[3] = (struct Value){ .kind = K_TEXT, .text = "union!" };
    double total = 0;
    for (int i = 0; i < 4; i++) {
        double w = value_weight(vals[i]);
        printf("value %d kind %d weight %.17g\n", i, vals[i].kind, w);
        total += w;
    }
    printf("sizeof(struct Value) = %zu, total = %.17g\n", sizeof(struct Value), total);

    union Overlay o = { .whole = 0x0102030405060708ULL };
    printf("bytes:");
    for (int i = 0; i < 8; i++)
        printf(" %02x", o.bytes[i]);
    printf("\nhalves: %04x %04x %04x %04x words: %08x %08x\n", o.halves[0], o.halves[1],
           o.halves[2], o.halves[3], o.words[0], o.words[1]);
    o.bytes[7] = 0xff;
    printf("whole after byte write: 0x%016llx\n", (unsigned long long)o.whole);
    return (int)sizeof(union Overlay) + vals[2].pair.a; /* 8 + 7 */
}
