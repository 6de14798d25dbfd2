/* libm: sqrt/sin/cos/pow/exp/log/atan2/fmod/floor/ceil/round in double,
 * float and long double, printed exactly (%.17g / %.21Lg). Contraction is
 * turned off so results don't depend on FMA availability. */
#pragma STDC FP_CONTRACT OFF
#include <math.h>
#include <stdio.h>

__attribute__((noinline)) static double poly(double x) {
    return ((x * 0.5 - 1.25) * x + 3.0) * x - 0.75;
}

int main(void) {
    volatile double inputs[] = { 0.0, 0.5, 1.0, 2.0, 3.141592653589793, 10.0, 1e-3, 123.456 };
    for (unsigned i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        double x = inputs[i];
        printf("x=%.17g sqrt=%.17g sin=%.17g cos=%.17g exp=%.17g\n", x, sqrt(x), sin(x), cos(x),
               exp(x));
        printf("   pow(x,1.5)=%.17g log1p=%.17g atan2(x,2)=%.17g poly=%.17g\n", pow(x, 1.5),
               log1p(x), atan2(x, 2.0), poly(x));
    }
    volatile double y = -7.5;
    printf("fmod=%.17g floor=%.17g ceil=%.17g round=%.17g trunc=%.17g fabs=%.17g\n",
           fmod(y, 2.0), floor(y), ceil(y), round(y), trunc(y), fabs(y));
    printf("hypot=%.17g cbrt=%.17g log10=%.17g log2=%.17g tanh=%.17g\n", hypot(3.0, 4.0),
           cbrt(27.5), log10(12345.0), log2(1e10), tanh(0.75));
    printf("inf=%g -inf=%g nan=%g isnan=%d isinf=%d signbit(-0.0)=%d\n", (double)INFINITY,
           -(double)INFINITY, (double)NAN, isnan(sqrt(y)), isinf(exp(-y * 200)), signbit(-0.0));

    volatile float f = 2.0f;
    printf("float: sqrtf=%.9g sinf=%.9g powf=%.9g expf=%.9g\n", (double)sqrtf(f), (double)sinf(f),
           (double)powf(f, 0.3f), (double)expf(f));

    volatile long double ld = 2.0L;
    printf("long double: sqrtl=%.21Lg sinl=%.21Lg powl=%.21Lg expl=%.21Lg\n", sqrtl(ld), sinl(ld),
           powl(ld, 0.3L), expl(ld));
    long double acc = 0;
    for (int k = 1; k <= 1000; k++)
        acc += 1.0L / ((long double)k * k);
    printf("sum 1/k^2 (long double) = %.21Lg\n", acc);
    printf("sizeof(long double) = %zu, LDBL digits ok: %d\n", sizeof(long double),
           (1.0L + 1e-18L) != 1.0L);

    double s = 0;
    for (int k = 0; k < 2000; k++)
        s += sin(k * 0.001) * cos(k * 0.002);
    printf("trig sum = %.17g\n", s);
    return (int)sqrt(144.0); /* 12 */
}
