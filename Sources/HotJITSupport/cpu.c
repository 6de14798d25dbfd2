#include "hotjit_support.h"
#include <string.h>
#if defined(__x86_64__)
#include <cpuid.h>
#endif

void hotjit_query_x86_vector_state(hotjit_x86_vector_state *out) {
    memset(out, 0, sizeof *out);
#if defined(__x86_64__)
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return;
    const unsigned osxsave = 1u << 27;
    if (!(c & osxsave)) return;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    out->xcr0 = ((uint64_t)hi << 32) | lo;
    if (!__get_cpuid_count(0xD, 0, &a, &b, &c, &d)) return;
    out->xsave_size = b;
    out->has_xsave = 1;
#endif
}

void hotjit_flush_icache(void *begin, size_t size) {
    __builtin___clear_cache((char *)begin, (char *)begin + size);
}

#if defined(__x86_64__)
/* libgcc's CPU model data behind __builtin_cpu_supports/__builtin_cpu_is (statically linked into every native
 * executable; JIT'd code needs the same objects, so hotjit hands out libgcc's own). */
extern char __cpu_model[];
extern char __cpu_features2[];
extern int __cpu_indicator_init(void);

void hotjit_cpu_model_symbols(void **model, void **features2, void **indicator_init) {
    __builtin_cpu_init();
    *model = __cpu_model;
    *features2 = __cpu_features2;
    *indicator_init = (void *)&__cpu_indicator_init;
}
#else
void hotjit_cpu_model_symbols(void **model, void **features2, void **indicator_init) {
    *model = 0; *features2 = 0; *indicator_init = 0;
}
#endif
