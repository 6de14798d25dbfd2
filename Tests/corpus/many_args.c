/* Functions with more arguments than registers: 12 integers, 12 doubles,
 * 12 ints and 12 doubles interleaved plus floats, char and short, 10 floats,
 * and the same called through a function pointer. Each argument gets a
 * distinct weight so any swap or shift changes the result. */
#include <stdio.h>

__attribute__((noinline)) static long ints12(long a1, long a2, long a3, long a4, long a5, long a6,
                                             long a7, long a8, long a9, long a10, long a11, long a12) {
    return a1 * 1 + a2 * 2 + a3 * 3 + a4 * 4 + a5 * 5 + a6 * 6 + a7 * 7 + a8 * 8 + a9 * 9 +
           a10 * 10 + a11 * 11 + a12 * 12;
}

__attribute__((noinline)) static double doubles12(double d1, double d2, double d3, double d4,
                                                  double d5, double d6, double d7, double d8,
                                                  double d9, double d10, double d11, double d12) {
    return d1 * 1 + d2 * 2 + d3 * 3 + d4 * 4 + d5 * 5 + d6 * 6 + d7 * 7 + d8 * 8 + d9 * 9 +
           d10 * 10 + d11 * 11 + d12 * 12;
}

__attribute__((noinline)) static double mixed(int i1, double d1, int i2, double d2, int i3, double d3,
                                              int i4, double d4, int i5, double d5, int i6, double d6,
                                              int i7, double d7, int i8, double d8, int i9, double d9,
                                              int i10, double d10, int i11, double d11, int i12,
                                              double d12, float f1, float f2, float f3, float f4,
                                              char c, short s) {
    long is = i1 * 1L + i2 * 2L + i3 * 3L + i4 * 4L + i5 * 5L + i6 * 6L + i7 * 7L + i8 * 8L +
              i9 * 9L + i10 * 10L + i11 * 11L + i12 * 12L;
    double ds = d1 * 13 + d2 * 14 + d3 * 15 + d4 * 16 + d5 * 17 + d6 * 18 + d7 * 19 + d8 * 20 +
                d9 * 21 + d10 * 22 + d11 * 23 + d12 * 24;
    double fs = f1 * 25.0 + f2 * 26.0 + f3 * 27.0 + f4 * 28.0;
    printf("  mixed: ints=%ld doubles=%.17g floats=%.17g c=%d s=%d\n", is, ds, fs, c, s);
    return (double)is + ds + fs + c * 29 + s * 30;
}

__attribute__((noinline)) static float floats10(float a, float b, float c, float d, float e,
                                                float f, float g, float h, float i, float j) {
    return a + b * 2 + c * 4 + d * 8 + e * 16 + f * 32 + g * 64 + h * 128 + i * 256 + j * 512;
}

/* recursion that rotates its arguments */
__attribute__((noinline)) static long rotate(int n, long a, long b, long c, long d, long e, long f,
                                             long g, long h) {
    if (n == 0)
        return a * 1 + b * 10 + c * 100 + d * 1000 + e * 10000 + f * 100000 + g * 1000000 +
               h * 10000000;
    return rotate(n - 1, h, a, b, c, d, e, f, g);
}

typedef double (*mixed_fn)(int, double, int, double, int, double, int, double, int, double, int,
                           double, int, double, int, double, int, double, int, double, int, double,
                           int, double, float, float, float, float, char, short);

int main(void) {
    long li = ints12(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    printf("ints12: %ld\n", li);
    printf("ints12 neg: %ld\n", ints12(-1, 2, -3, 4, -5, 6, -7, 8, -9, 10, -11, 1L << 40));
    printf("doubles12: %.17g\n",
           doubles12(0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5));
    double m = mixed(1, 0.5, 2, 1.0, 3, 1.5, 4, 2.0, 5, 2.5, 6, 3.0, 7, 3.5, 8, 4.0, 9, 4.5, 10,
                     5.0, 11, 5.5, 12, 6.0, 0.25f, 0.5f, 0.75f, 1.0f, 'x', -300);
    printf("mixed: %.17g\n", m);
    mixed_fn mf = mixed;
    double m2 = mf(-1, -0.5, -2, -1.0, -3, -1.5, -4, -2.0, -5, -2.5, -6, -3.0, -7, -3.5, -8, -4.0,
                   -9, -4.5, -10, -5.0, -11, -5.5, -12, -6.0, -0.25f, -0.5f, -0.75f, -1.0f, 'A', 300);
    printf("mixed via pointer: %.17g\n", m2);
    printf("floats10: %.9g\n", floats10(1, 1, 1, 1, 1, 1, 1, 1, 1, 0.5f));
    printf("rotate: %ld %ld %ld\n", rotate(0, 1, 2, 3, 4, 5, 6, 7, 8), rotate(3, 1, 2, 3, 4, 5, 6, 7, 8),
           rotate(13, 1, 2, 3, 4, 5, 6, 7, 8));
    return (int)(li % 100); /* 650 % 100 = 50 */
}
