/* Structs passed by value: every x86-64 classification (INTEGER, SSE, mixed
 * eightbytes, MEMORY), enough of them to spill to the stack, through a
 * function pointer, and checks that the callee's copy is independent. */
#include <stdio.h>

struct Tiny { char c; short s; };                 /* 4 bytes: INTEGER */
struct IntFloat { int i; float f; };              /* 8: one INTEGER eightbyte */
struct FloatPair { float a, b; };                 /* 8: SSE */
struct DoubleLong { double d; long l; };          /* 16: SSE + INTEGER */
struct Float3 { float x, y, z; };                 /* 12: SSE + SSE */
struct Mixed16 { float f; double d; };            /* 16: SSE + SSE */
struct Medium { int a, b, c; };                   /* 12: INTEGER + INTEGER */
struct Large { double d[3]; int k; };             /* 32: MEMORY */
struct Huge { char name[40]; double w[4]; int id; }; /* MEMORY */

__attribute__((noinline)) static double use_tiny(struct Tiny t) { t.s += 1; return t.c * 1000.0 + t.s; }
__attribute__((noinline)) static double use_intfloat(struct IntFloat v) { return v.i * 2 + v.f; }
__attribute__((noinline)) static double use_floatpair(struct FloatPair p) { return p.a - p.b; }
__attribute__((noinline)) static double use_doublelong(struct DoubleLong v) { return v.d * 4 + (double)v.l; }
__attribute__((noinline)) static double use_float3(struct Float3 v) { return v.x + v.y * 10 + v.z * 100; }
__attribute__((noinline)) static double use_mixed16(struct Mixed16 v) { return v.f * 0.5 + v.d; }
__attribute__((noinline)) static double use_medium(struct Medium m) { return m.a + m.b * 3 + m.c * 9; }
__attribute__((noinline)) static double use_large(struct Large l) {
    l.d[0] = -1e9; /* must not affect the caller */
    return l.d[0] + l.d[1] * 2 + l.d[2] * 3 + l.k;
}
__attribute__((noinline)) static double use_huge(struct Huge h) {
    double s = 0;
    for (int i = 0; i < 4; i++)
        s += h.w[i] * (i + 1);
    return s + h.id + h.name[0];
}

/* Six 16-byte structs: the last ones no longer fit in registers. */
__attribute__((noinline)) static double many_structs(struct DoubleLong a, struct DoubleLong b,
                                                    struct Mixed16 c, struct Mixed16 d,
                                                    struct DoubleLong e, struct Medium f,
                                                    struct Mixed16 g, struct Large h, int tail) {
    return a.d + (double)a.l + b.d * 2 + (double)b.l * 3 + c.f + c.d * 5 + d.f * 6 + d.d * 7 +
           e.d * 8 + (double)e.l * 9 + f.a + f.b + f.c + g.f * 11 + g.d * 12 + h.d[2] + h.k + tail;
}

typedef double (*large_fn)(struct Large);

int main(void) {
    struct Tiny t = { 3, 250 };
    struct IntFloat ifl = { 21, 0.75f };
    struct FloatPair fp = { 10.5f, 0.25f };
    struct DoubleLong dl = { 1.5, 1000000000000L };
    struct Float3 f3 = { 1.5f, 2.5f, 3.5f };
    struct Mixed16 m16 = { 3.0f, 0.125 };
    struct Medium med = { 1, 2, 3 };
    struct Large lg = { { 1.0, 2.0, 3.0 }, 4 };
    struct Huge hg = { "huge", { 0.5, 1.5, 2.5, 3.5 }, 77 };

    printf("tiny: %.17g (caller s=%d)\n", use_tiny(t), t.s);
    printf("intfloat: %.17g\n", use_intfloat(ifl));
    printf("floatpair: %.17g\n", use_floatpair(fp));
    printf("doublelong: %.17g\n", use_doublelong(dl));
    printf("float3: %.17g\n", use_float3(f3));
    printf("mixed16: %.17g\n", use_mixed16(m16));
    printf("medium: %.17g\n", use_medium(med));
    printf("large: %.17g (caller d[0]=%.17g)\n", use_large(lg), lg.d[0]);
    printf("huge: %.17g\n", use_huge(hg));
    struct DoubleLong dl2 = { -0.5, -7 };
    struct Mixed16 m2 = { 0.25f, 8.0 };
    double ms = many_structs(dl, dl2, m16, m2, dl2, med, m16, lg, 99);
    printf("many_structs: %.17g\n", ms);
    large_fn fn = use_large;
    lg.k = 40;
    printf("large via pointer: %.17g\n", fn(lg));
    return (int)use_medium(med); /* 1 + 6 + 27 = 34 */
}
