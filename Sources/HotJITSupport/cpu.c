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
