// -finstrument-functions: __cyg_profile_func_enter/exit get the function's address, which must equal `&f` as the
// rest of the program sees it (the stub). Lowered at code generation, the calls passed the tier's body instead and
// GCC's eeprof-1.c aborted (O2-nopasses IR, where no clang pass had lowered the attributes).
// corpus-cflags: -finstrument-functions
#include <stdio.h>

#define NOCHK __attribute__((no_instrument_function))

static int entries, exits, mismatches;
static void *last_entered, *last_exited;

NOCHK void __cyg_profile_func_enter(void *fn, void *caller);
NOCHK void __cyg_profile_func_exit(void *fn, void *caller);

void __cyg_profile_func_enter(void *fn, void *caller) { (void)caller; entries++; last_entered = fn; }
void __cyg_profile_func_exit(void *fn, void *caller) { (void)caller; exits++; last_exited = fn; }

__attribute__((noinline)) int leaf(int x) {
    mismatches += last_entered != (void *)leaf;           // seen from inside the instrumented function
    return x * 3;
}

__attribute__((noinline)) static int middle(int x) {      // internal: its own unit, its own stub
    mismatches += last_entered != (void *)middle;
    int r = leaf(x) + 1;
    mismatches += last_exited != (void *)leaf;
    return r;
}

__attribute__((noinline)) static long loop(int n) {       // tiers up (and enters by OSR) while instrumented
    long s = 0;
    for (int i = 0; i < n; i++) s += middle(i) % 7;
    return s;
}

NOCHK int main(void) {
    int r = middle(4);
    printf("middle(4) = %d, entries %d, exits %d, last exited is middle: %d\n", r, entries, exits,
           last_exited == (void *)middle);
    long s = 0;
    for (int round = 0; round < 30; round++) s += loop(100);
    printf("loops: %ld, entries %d, exits %d, last entered is leaf: %d, last exited is loop: %d\n", s, entries,
           exits, last_entered == (void *)leaf, last_exited == (void *)loop);
    printf("address mismatches: %d\n", mismatches);
    return mismatches != 0 || last_exited != (void *)loop;
}
