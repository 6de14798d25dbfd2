#define _GNU_SOURCE
#include "hotjit_support.h"
#include <errno.h>
#include <pthread.h>
#include <sys/resource.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#if defined(__powerpc64__)
#include <sys/auxv.h>
#endif
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
#if defined(__powerpc64__)
    /* GCC and Swift's clang do not reliably expand __builtin___clear_cache on ppc64le: flush by hand.
     * Data cache blocks are stored, then instruction cache blocks invalidated (ISA 3.0 book II, 1.8). */
    unsigned long line = (unsigned long)getauxval(AT_DCACHEBSIZE);
    unsigned long iline = (unsigned long)getauxval(AT_ICACHEBSIZE);
    if (line == 0) line = 32;
    if (iline == 0) iline = 32;
    char *start = (char *)((unsigned long)begin & ~(line - 1));
    char *end = (char *)begin + size;
    for (char *p = start; p < end; p += line) __asm__ volatile("dcbst 0,%0" : : "r"(p) : "memory");
    __asm__ volatile("sync" : : : "memory");
    start = (char *)((unsigned long)begin & ~(iline - 1));
    for (char *p = start; p < end; p += iline) __asm__ volatile("icbi 0,%0" : : "r"(p) : "memory");
    __asm__ volatile("sync; isync" : : : "memory");
#else
    __builtin___clear_cache((char *)begin, (char *)begin + size);
#endif
}

long hotjit_thread_id(void) { return (long)syscall(SYS_gettid); }

void hotjit_name_thread(const char *name) { pthread_setname_np(pthread_self(), name); }

int hotjit_thread_niceness(long thread) {
    errno = 0;
    int niceness = getpriority(PRIO_PROCESS, (id_t)thread);
    return errno ? 0 : niceness;
}

int hotjit_set_thread_niceness(long thread, int niceness) {
    return setpriority(PRIO_PROCESS, (id_t)thread, niceness);
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
