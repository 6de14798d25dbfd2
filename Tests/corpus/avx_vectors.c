/* AVX vector arguments: target("avx") functions take and return __m256d
 * (in ymm registers, and on the stack beyond 8 of them) and call each other.
 * Guarded by __builtin_cpu_supports("avx") with an identical scalar
 * fallback, so the output is the same on CPUs without AVX. */
#pragma STDC FP_CONTRACT OFF
#include <immintrin.h>
#include <stdio.h>

__attribute__((target("avx"), noinline)) static __m256d axpy(__m256d a, __m256d x, __m256d y) {
    return _mm256_add_pd(_mm256_mul_pd(a, x), y);
}

__attribute__((target("avx"), noinline)) static __m256d sum10(__m256d v0, __m256d v1, __m256d v2,
                                                             __m256d v3, __m256d v4, __m256d v5,
                                                             __m256d v6, __m256d v7, __m256d v8,
                                                             __m256d v9) {
    __m256d s = _mm256_add_pd(v0, _mm256_mul_pd(v1, _mm256_set1_pd(2.0)));
    s = _mm256_add_pd(s, _mm256_mul_pd(v2, _mm256_set1_pd(3.0)));
    s = _mm256_add_pd(s, _mm256_add_pd(v3, v4));
    s = _mm256_sub_pd(s, _mm256_add_pd(v5, v6));
    s = _mm256_add_pd(s, _mm256_mul_pd(v7, _mm256_set1_pd(0.5)));
    return _mm256_add_pd(s, _mm256_sub_pd(v8, v9));
}

__attribute__((target("avx"))) static void run_avx(double out[4]) {
    __m256d a = _mm256_set_pd(4.0, 3.0, 2.0, 1.0); /* lanes 0..3 = 1,2,3,4 */
    __m256d x = _mm256_set_pd(0.5, 0.25, -1.0, 8.0);
    __m256d y = _mm256_set1_pd(1.5);
    __m256d r = y;
    for (int i = 0; i < 5; i++)
        r = axpy(a, x, r);
    __m256d s = sum10(r, a, x, y, r, a, x, y, r, a);
    _mm256_storeu_pd(out, s);
}

static void run_scalar(double out[4]) {
    const double a[4] = { 1.0, 2.0, 3.0, 4.0 }, x[4] = { 8.0, -1.0, 0.25, 0.5 };
    for (int k = 0; k < 4; k++) {
        double y = 1.5, r = y;
        for (int i = 0; i < 5; i++)
            r = a[k] * x[k] + r;
        double s = r + a[k] * 2.0;
        s = s + x[k] * 3.0;
        s = s + (y + r);
        s = s - (a[k] + x[k]);
        s = s + y * 0.5;
        out[k] = s + (r - a[k]);
    }
}

int main(void) {
    double out[4], ref[4];
    run_scalar(ref);
    if (__builtin_cpu_supports("avx"))
        run_avx(out);
    else
        run_scalar(out);
    int same = 1;
    for (int k = 0; k < 4; k++) {
        printf("lane %d: %.17g\n", k, out[k]);
        same &= out[k] == ref[k];
    }
    printf("matches scalar reference: %d\n", same);
    return same ? 8 : 1;
}
