// The floating-point environment across the boundary between JIT'd code and hotjit's own code on the same thread.
//
// A native program's floating-point environment (rounding mode, exception masks, sticky exception flags: MXCSR and
// the x87 control and status words on x86-64, FPCR/FPSR on AArch64) is changed only by the program. hotjit runs on
// the program's thread where the native build has nothing: the lazy-compile resolver, tier-up triggers, the runner
// before `main`. Left alone, that code sets flags the program then tests (`fetestexcept(FE_INEXACT)` after code that
// raised none), and compiles under the program's rounding mode and exception masks (a program that unmasked
// FE_INEXACT gets SIGFPE inside LLVM). So hotjit's code runs in the default environment, and the program's comes back
// unchanged on the way out. FE_DFL_ENV is a cast macro Swift cannot import, hence C.
//
// errno likewise: natively only the program's own calls set it, and hotjit's code sets it freely (a cache lookup
// that finds no file leaves ENOENT; GCC's pr68264.c then aborted), so it is saved and given back too.
#include <errno.h>
#include "hotjit_support.h"

void hotjit_fp_enter_default(hotjit_fp_environment *saved) {
    saved->saved_errno = errno;
    errno = 0;
    fegetenv(&saved->environment);
    fesetenv(FE_DFL_ENV);
}

void hotjit_fp_restore(const hotjit_fp_environment *saved) {
    fesetenv(&saved->environment);
    errno = saved->saved_errno;
}
