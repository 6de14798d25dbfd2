// The floating-point environment is the program's alone: hotjit's code on the program's thread (the runner before
// main, the lazy-compile resolver, tier-up triggers and synchronous compiles) used to leave FE_INEXACT set (GCC's
// builtin-fp-int-inexact.c aborted), ran LLVM under the program's rounding mode and unmasked exceptions (SIGFPE in
// the compiler at the first call after feenableexcept), and changed flags between two lines of the program.
#define _GNU_SOURCE
#include <fenv.h>
#include <stdio.h>

#pragma STDC FENV_ACCESS ON   // else the optimizer may move the divisions across fesetround

static volatile double one = 1.0, three = 3.0, half = 1.5;

// Each of these is first called (and so compiled, lazily) at a different point of main.
__attribute__((noinline)) static double twice(double x) { return x * 2; }
__attribute__((noinline)) static double third(void) { return one / three; }
__attribute__((noinline)) static double third_down(void) { return -one / three; }
__attribute__((noinline)) static long spin(long n) {  // a loop that tiers up and enters by OSR, no FP in it
    long s = 0;
    for (long i = 0; i < n; i++) s += i ^ (s >> 3);
    return s;
}
__attribute__((noinline)) static double quarter(double x) { return x / 4; }

static int flags(void) { return fetestexcept(FE_ALL_EXCEPT); }

int main(void) {
    int bad = 0;
    printf("at main: flags %#x, rounding %s\n", flags(), fegetround() == FE_TONEAREST ? "nearest" : "other");
    bad |= flags() != 0;

    double d = twice(half);                               // lazily compiled: exact, raises nothing
    printf("after the first call: %g, flags %#x\n", d, flags());
    bad |= flags() != 0;

    long s = 0;
    for (int i = 0; i < 3000; i++) {                      // many calls and back-edges: tier-up triggers, compiles
        d = twice(half);
        s += spin(i % 7);
    }
    printf("after 3000 calls: %g %ld, flags %#x\n", d, s, flags());
    bad |= flags() != 0;

    fesetround(FE_UPWARD);                                // the resolver compiles third(), and must keep this
    double up = third();
    fesetround(FE_TONEAREST);
    double near = one / three;
    printf("1/3 rounded up is above 1/3 rounded to nearest: %d, flags %#x\n", up > near, flags());
    bad |= !(up > near) || flags() != FE_INEXACT;
    feclearexcept(FE_ALL_EXCEPT);

    fesetround(FE_DOWNWARD);
    double down = third_down();
    printf("rounding after a lazy call still downward: %d, -1/3 below nearest: %d\n",
           fegetround() == FE_DOWNWARD, down < -near);
    bad |= fegetround() != FE_DOWNWARD || !(down < -near);
    fesetround(FE_TONEAREST);
    feclearexcept(FE_ALL_EXCEPT);

    feenableexcept(FE_ALL_EXCEPT);                        // trap everything; quarter() is not compiled yet
    double q = quarter(half);
    s = 0;
    for (int i = 0; i < 3000; i++) s += spin(i % 5);
    fedisableexcept(FE_ALL_EXCEPT);
    printf("with every exception unmasked: %g %ld, flags %#x\n", q, s, flags());
    bad |= flags() != 0;

    printf("%s\n", bad ? "FAIL" : "ok");
    return bad;
}
