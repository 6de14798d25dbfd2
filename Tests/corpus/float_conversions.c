/* Integer/floating conversions: unsigned 64-bit <-> double (the tricky
 * ones), float <-> int truncation, rounding with lrint/llround, float to
 * double widening, -0.0, denormals, and float printing. */
#pragma STDC FP_CONTRACT OFF
#include <math.h>
#include <stdint.h>
#include <stdio.h>

__attribute__((noinline)) static double u64_to_double(uint64_t v) { return (double)v; }
__attribute__((noinline)) static uint64_t double_to_u64(double d) { return (uint64_t)d; }
__attribute__((noinline)) static float i64_to_float(int64_t v) { return (float)v; }
__attribute__((noinline)) static int32_t float_to_i32(float f) { return (int32_t)f; }
__attribute__((noinline)) static uint32_t double_to_u32(double d) { return (uint32_t)d; }

int main(void) {
    uint64_t us[] = { 0, 1, 0x7fffffffffffffffULL, 0x8000000000000000ULL, 0xffffffffffffffffULL,
                      0x8000000000000401ULL, 12345678901234567ULL };
    for (unsigned i = 0; i < sizeof us / sizeof us[0]; i++)
        printf("u64 %llu -> %.17g\n", (unsigned long long)us[i], u64_to_double(us[i]));
    double ds[] = { 0.0, 0.999, 1.5, 4294967295.0, 9223372036854775808.0, 1.8446744073709550e19 };
    for (unsigned i = 0; i < sizeof ds / sizeof ds[0]; i++)
        printf("double %.17g -> u64 %llu\n", ds[i], (unsigned long long)double_to_u64(ds[i]));
    printf("i64->float: %.9g %.9g\n", (double)i64_to_float(-9007199254740993LL),
           (double)i64_to_float(16777217));
    printf("float->i32: %d %d %d\n", float_to_i32(-2.99f), float_to_i32(2.99f), float_to_i32(1e9f));
    printf("double->u32: %u %u\n", double_to_u32(4294967295.0), double_to_u32(3.7));

    volatile double halfway[] = { 0.5, 1.5, 2.5, -0.5, -2.5 };
    for (int i = 0; i < 5; i++)
        printf("x=%.1f lrint=%ld llround=%lld nearbyint=%.1f\n", halfway[i], lrint(halfway[i]),
               llround(halfway[i]), nearbyint(halfway[i]));

    volatile float f = 0.1f;
    double widened = f;
    printf("0.1f widened = %.17g, 0.1 = %.17g, equal=%d\n", widened, 0.1, widened == 0.1);
    volatile double negzero = -0.0;
    printf("-0.0: %g, 1/-0.0 = %g, -0.0 == 0.0: %d\n", negzero, 1.0 / negzero, negzero == 0.0);
    volatile double tiny = 4.9406564584124654e-324;
    printf("denormal: %.17g half=%.17g times 2^1074=%.17g\n", tiny, tiny / 2, ldexp(tiny, 1074));
    printf("float max=%.9g min=%.9g eps=%.9g\n", 3.40282347e38, 1.17549435e-38,
           (double)(nextafterf(1.0f, 2.0f) - 1.0f));
    printf("hex: %a %a\n", 1.0 / 3.0, -1.5e-300);
    return (int)double_to_u32(77.9);
}
