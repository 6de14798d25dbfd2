/* Executes hotjit's emitted lazy-call machinery (stubs, trampolines, resolver, call-counting thunks) for real, on
 * x86-64 natively and on AArch64 / PowerPC64 LE (ELFv2) / PowerPC64 BE (ELFv1) under qemu user-mode emulation. Driven
 * by Tests/HotJITEmittersTests/CrossArchExecutionTests.swift.
 *
 * One source for every architecture; the architecture-specific parts are the vector type, the inline-asm register
 * clobbers and two small assembly routines (regcall/probe_entry) per architecture.
 *
 * Protocol (command line, all numbers in C syntax):
 *   harness blob=PATH code=ADDR data=ADDR stubs=ADDR stub_size=N tramps=ADDR tramp_size=N id_offset=N context=ADDR
 *           [thunks=ADDR thunk_size=N records=ADDR]
 *   harness xsave-info           (x86-64 only: prints "xcr0=0x... size=N" for configuring the XSAVE resolver)
 * The blob file holds the code region (resolver, trampolines, stubs, and NTHUNKS call-counting thunks at `thunks`
 * unless the architecture has none) emitted for address `code`. The harness maps it
 * there (MAP_FIXED_NOREPLACE, then read+execute) and maps 64 KiB of read-write data at `data`, which holds:
 *   data + 8*i   the slot of stub i (NSTUBS stubs), `context` (inside the data region) the context block, and
 *   `records` the 32-byte records of the thunks (counter, target, trigger, reserved; see CallCountingThunkEmitter).
 * Trampoline i (of NTRAMPS) serves stub i. Stub STUB_REENTRY is the resolver's `reentry`: the emitter was
 * given reentry = address of that stub, and the harness stores &compile_callback in its slot. That is how emitted code
 * that had to be generated before this process existed reaches a C function whose address is only known now (PIE,
 * ASLR): through the emitter's own stub mechanism, with no patching and no reliance on fixed load addresses.
 * On PowerPC64 ELFv1 every code address in play is a function pointer, i.e. a function descriptor's address: the
 * slots hold descriptor addresses (trampolines and stubs begin with their own descriptors), `reentry` is the
 * STUB_REENTRY stub's descriptor, and the callback returns the targets' descriptors.
 *
 * Checks (each failure prints one "FAIL ..." line; exit status 0 only if none):
 *   A. registers: an assembly caller loads every argument register the resolver must preserve with a distinct
 *      pattern and calls stub 0; its target is an assembly probe that records the registers on entry. Every register
 *      must arrive intact ("FAIL register NAME: ..." names the register, the names match the emitters' SavedRegister),
 *      and so must the stack pointer. On ELFv1, r2 must instead arrive as the TOC pointer in the probe's descriptor
 *      (PROBE_TOC, a pattern unlike the caller's r2 and the callback's TOC): the target's own TOC, as ELFv1 requires.
 *   B. many arguments: a C call through stub 1 with 12 integer (some on the stack), 14 double (13 in registers on
 *      PowerPC64, the rest on the stack) and 4 vector arguments and a struct result returned through memory; the target
 *      checks every argument, and the result must equal a direct call.
 *   C. second stub: stub 2 reaches its own target through its own trampoline.
 *   D. (x86-64 with AVX) __m256d arguments through stub 3.
 * For each: the compile callback ran exactly once for that trampoline, with the right context and identity; the slot
 * now points at the target; a second call gives the same result without entering the resolver. The callback clobbers
 * all argument registers on purpose (a noipa call with junk arguments, then inline asm writing junk to each).
 *   E. call counting (when thunks are given): stub STUB_COUNTED's slot points at thunk 0, whose record starts at 3 and
 *      names counted_target and counted_trigger (the B signature; both count their calls, read the counter on entry
 *      and check every argument; the trigger's result carries TRIGGER_MAGIC). Calls 1 and 2 reach the target
 *      (counter 3 -> 2 -> 1), call 3 (1 -> 0) and call 4 (0 -> -1) the trigger, and after the counter is re-armed to
 *      100 two calls reach the target again (-> 99 -> 98). Every call: result equal to the direct call's (trigger:
 *      with its magic), exactly one of the two entered, the counter stored before the jump. On PowerPC64 LE both are
 *      ordinary C functions whose global entry derives the TOC from r12, so a thunk entering them with a wrong r12
 *      crashes the harness or misses their global counters. Failures print "FAIL call-counting ...".
 *   F. registers through a thunk: the register-exact call of A through stub STUB_COUNTED_REGS -> thunk 1 -> probe,
 *      once on the target path (counter 2 -> 1) and once on the trigger path (1 -> 0); the other exit is wrong_exit,
 *      which reports being reached.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#if defined(__aarch64__)
#include <arm_neon.h>
typedef float64x2_t vec_t;
#elif defined(__powerpc64__) && ((defined(__LITTLE_ENDIAN__) && defined(_CALL_ELF) && _CALL_ELF == 2) || \
                                  (defined(__BIG_ENDIAN__) && (!defined(_CALL_ELF) || _CALL_ELF == 1)))
#if defined(__BIG_ENDIAN__)
#define PPC64_ELFV1 1 /* function pointers are descriptor addresses {entry, TOC, environment} */
#endif
#include <altivec.h>
#undef bool /* altivec.h defines bool/vector/pixel as keywords; keep C's meaning of bool out of the way */
typedef vector double vec_t;
#elif defined(__x86_64__)
#include <immintrin.h>
typedef __m128d vec_t;
#else
#error "harness.c supports x86-64, AArch64, PowerPC64 LE (ELFv2) and PowerPC64 BE (ELFv1)"
#endif

#define HIDDEN __attribute__((visibility("hidden")))
#define NSTUBS 7
#define NTRAMPS 4
#define NTHUNKS 2
#define RECORD_SIZE 32
enum { STUB_REGS = 0, STUB_MANY = 1, STUB_SECOND = 2, STUB_AVX = 3, STUB_REENTRY = 4, STUB_COUNTED = 5,
       STUB_COUNTED_REGS = 6 };
#define DATA_SIZE 0x10000
#define CONTEXT_MAGIC 0xC0DE7E57C0FFEE11ull

/* ---- layout and bookkeeping ---------------------------------------------------------------------------------- */

static struct {
    uint64_t code, data, stubs, stub_size, tramps, tramp_size, id_offset, context, thunks, thunk_size, records;
    const char *blob;
} L;

/* Lives in the mapped data region at L.context: the resolver passes its address to the callback. */
struct context_block {
    uint64_t magic;
    uint64_t calls[NTRAMPS];
    uint64_t bad_contexts;
    uint64_t expected_trampoline;
};

static int failures;
static uint64_t targets[NTRAMPS];

#define FAIL(...) do { printf("FAIL "); printf(__VA_ARGS__); printf("\n"); fflush(stdout); failures++; } while (0)

static volatile uint64_t *slot(int i) { return (volatile uint64_t *)(uintptr_t)(L.data + 8 * (uint64_t)i); }
static uint64_t stub(int i) { return L.stubs + (uint64_t)i * L.stub_size; }
static uint64_t tramp(int i) { return L.tramps + (uint64_t)i * L.tramp_size; }
static struct context_block *ctx(void) { return (struct context_block *)(uintptr_t)L.context; }
static uint64_t thunk(int i) { return L.thunks + (uint64_t)i * L.thunk_size; }

/* A call-counting thunk's record (CallCountingThunkEmitter): the thunk decrements `counter` and jumps to `target`
 * while it stays above zero, else to `trigger`. */
struct counting_record {
    int64_t counter;
    uint64_t target, trigger, reserved;
};
_Static_assert(sizeof(struct counting_record) == RECORD_SIZE, "record layout");
static volatile struct counting_record *record(int i) {
    return (volatile struct counting_record *)(uintptr_t)(L.records + RECORD_SIZE * (uint64_t)i);
}

/* ---- the junk call and register clobbers the callback uses ---------------------------------------------------- */

static volatile double sink;

__attribute__((noipa)) void junk_call(long a0, long a1, long a2, long a3, long a4, long a5, long a6, long a7,
                                       long a8, long a9, vec_t v0, vec_t v1, double d0, double d1, double d2,
                                       double d3, double d4, double d5, double d6, double d7, double d8, double d9,
                                       double d10, double d11, double d12, double d13, vec_t v2, vec_t v3) {
    sink = (double)(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9) + d0 + d1 + d2 + d3 + d4 + d5 + d6 + d7 + d8 +
           d9 + d10 + d11 + d12 + d13 + v0[0] + v1[1] + v2[0] + v3[1];
}

#if defined(__x86_64__)
HIDDEN int have_avx;
#endif

/* Writes junk (never an argument pattern) to every argument register the resolver is supposed to restore. */
static inline __attribute__((always_inline)) void clobber_argument_registers(void) {
#if defined(__aarch64__)
    __asm__ volatile(
        "mov x0, #0xdead\n mov x1, #0xbeef\n mov x2, #0x1bad\n mov x3, #0x2bad\n mov x4, #0x3bad\n"
        "mov x5, #0x4bad\n mov x6, #0x5bad\n mov x7, #0x6bad\n mov x8, #0x7bad\n mov x18, #0x8bad\n"
        "movi v0.16b, #0xa0\n movi v1.16b, #0xa1\n movi v2.16b, #0xa2\n movi v3.16b, #0xa3\n"
        "movi v4.16b, #0xa4\n movi v5.16b, #0xa5\n movi v6.16b, #0xa6\n movi v7.16b, #0xa7\n"
        ::: "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x18",
            "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "memory");
#elif defined(__powerpc64__)
    /* r2 (TOC) cannot be clobbered from C; the register test sets the caller's r2 (ELFv2) or the probe descriptor's
     * TOC (ELFv1) to a pattern instead, so a resolver that does not restore (ELFv1: load) r2 hands the target this
     * callback's TOC, which differs. */
    __asm__ volatile(
        "li 3, -3\n li 4, -4\n li 5, -5\n li 6, -6\n li 7, -7\n li 8, -8\n li 9, -9\n li 10, -10\n li 11, -11\n"
        "vspltisw 0, -16\n"
        "xxlor 1, 32, 32\n xxlor 2, 32, 32\n xxlor 3, 32, 32\n xxlor 4, 32, 32\n xxlor 5, 32, 32\n"
        "xxlor 6, 32, 32\n xxlor 7, 32, 32\n xxlor 8, 32, 32\n xxlor 9, 32, 32\n xxlor 10, 32, 32\n"
        "xxlor 11, 32, 32\n xxlor 12, 32, 32\n xxlor 13, 32, 32\n"
        "vspltisw 2, -2\n vspltisw 3, -3\n vspltisw 4, -4\n vspltisw 5, -5\n vspltisw 6, -6\n vspltisw 7, -7\n"
        "vspltisw 8, -8\n vspltisw 9, -9\n vspltisw 10, -10\n vspltisw 11, -11\n vspltisw 12, -12\n"
        "vspltisw 13, -13\n"
        ::: "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11",
            "fr1", "fr2", "fr3", "fr4", "fr5", "fr6", "fr7", "fr8", "fr9", "fr10", "fr11", "fr12", "fr13",
            "v0", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12", "v13", "memory");
#elif defined(__x86_64__)
    __asm__ volatile(
        "mov $-1, %%rax\n mov $-2, %%rdi\n mov $-3, %%rsi\n mov $-4, %%rdx\n mov $-5, %%rcx\n"
        "mov $-6, %%r8\n mov $-7, %%r9\n mov $-8, %%r10\n"
        "pcmpeqd %%xmm0, %%xmm0\n pcmpeqd %%xmm1, %%xmm1\n pcmpeqd %%xmm2, %%xmm2\n pcmpeqd %%xmm3, %%xmm3\n"
        "pcmpeqd %%xmm4, %%xmm4\n pcmpeqd %%xmm5, %%xmm5\n pcmpeqd %%xmm6, %%xmm6\n pcmpeqd %%xmm7, %%xmm7\n"
        ::: "rax", "rdi", "rsi", "rdx", "rcx", "r8", "r9", "r10",
            "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "memory");
    if (have_avx)  /* the full 256 bits, so a resolver that keeps only the SSE halves is caught */
        __asm__ volatile(
            "vpcmpeqd %%ymm0, %%ymm0, %%ymm0\n vpcmpeqd %%ymm1, %%ymm1, %%ymm1\n vpcmpeqd %%ymm2, %%ymm2, %%ymm2\n"
            "vpcmpeqd %%ymm3, %%ymm3, %%ymm3\n vpcmpeqd %%ymm4, %%ymm4, %%ymm4\n vpcmpeqd %%ymm5, %%ymm5, %%ymm5\n"
            "vpcmpeqd %%ymm6, %%ymm6, %%ymm6\n vpcmpeqd %%ymm7, %%ymm7, %%ymm7\n"
            ::: "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "memory");
#endif
}

/* ---- the compile callback (the resolver's reentry, reached through STUB_REENTRY) ----------------------------- */

__attribute__((noipa)) uint64_t compile_callback(void *context, uint64_t identity) {
    struct context_block *c = context;
    if ((uint64_t)(uintptr_t)context != L.context || c->magic != CONTEXT_MAGIC) {
        FAIL("callback: context %p, expected 0x%" PRIx64, context, L.context);
        c = ctx();
        c->bad_contexts++;
    }
    int index = -1;
    for (int i = 0; i < NTRAMPS; i++)
        if (identity == tramp(i) + L.id_offset) index = i;
    if (index < 0) {
        FAIL("callback: identity 0x%" PRIx64 " names no trampoline", identity);
        _exit(3); /* there is no sensible target to return */
    }
    if ((uint64_t)index != c->expected_trampoline)
        FAIL("callback: identity names trampoline %d, expected %" PRIu64, index, c->expected_trampoline);
    c->calls[index]++;
    __atomic_store_n(slot(index), targets[index], __ATOMIC_RELEASE);
    vec_t j = {-7.0, -8.0};
    junk_call(-1, -2, -3, -4, -5, -6, -7, -8, -9, -10, j, j, -1.5, -2.5, -3.5, -4.5, -5.5, -6.5, -7.5, -8.5, -9.5,
              -10.5, -11.5, -12.5, -13.5, -14.5, j, j);
    clobber_argument_registers();
    return targets[index];
}

/* ---- A. the register-exact test: assembly caller and probe ---------------------------------------------------- */

#if defined(__aarch64__)
#define NGPR 10
#define NVEC 8
#define VECBYTES 16
static const char *const gpr_names[NGPR] = {"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x18"};
static const char *const vec_names[NVEC] = {"q0", "q1", "q2", "q3", "q4", "q5", "q6", "q7"};
struct regfile {
    uint64_t gpr[NGPR];                 /* 0:  x0-x8, x18 */
    uint8_t vec[NVEC][VECBYTES];        /* 80: q0-q7 */
    uint64_t sp;                        /* 208 */
};
_Static_assert(offsetof(struct regfile, vec) == 80 && offsetof(struct regfile, sp) == 208, "asm offsets");
__asm__(
    ".text\n"
    ".globl regcall\n .hidden regcall\n .type regcall, %function\n .p2align 2\n"
    "regcall:\n"                        /* x0 = const struct regfile *in (sp is written), x1 = function */
    "  stp x29, x30, [sp, #-32]!\n  mov x29, sp\n  str x19, [sp, #16]\n"
    "  mov x19, x0\n  mov x9, x1\n  mov x10, sp\n  str x10, [x19, #208]\n"
    "  ldp q0, q1, [x19, #80]\n  ldp q2, q3, [x19, #112]\n  ldp q4, q5, [x19, #144]\n  ldp q6, q7, [x19, #176]\n"
    "  ldr x18, [x19, #72]\n  ldr x8, [x19, #64]\n"
    "  ldp x6, x7, [x19, #48]\n  ldp x4, x5, [x19, #32]\n  ldp x2, x3, [x19, #16]\n  ldp x0, x1, [x19, #0]\n"
    "  blr x9\n"
    "  ldr x19, [sp, #16]\n  ldp x29, x30, [sp], #32\n  ret\n"
    ".size regcall, .-regcall\n"
    ".globl probe_entry\n .hidden probe_entry\n .type probe_entry, %function\n .p2align 2\n"
    "probe_entry:\n"                    /* records the argument registers and sp, touching only x16/x17 */
    "  adrp x16, probe_out\n  add x16, x16, :lo12:probe_out\n"
    "  stp x0, x1, [x16, #0]\n  stp x2, x3, [x16, #16]\n  stp x4, x5, [x16, #32]\n  stp x6, x7, [x16, #48]\n"
    "  stp x8, x18, [x16, #64]\n"
    "  stp q0, q1, [x16, #80]\n  stp q2, q3, [x16, #112]\n  stp q4, q5, [x16, #144]\n  stp q6, q7, [x16, #176]\n"
    "  mov x17, sp\n  str x17, [x16, #208]\n  ret\n"
    ".size probe_entry, .-probe_entry\n");
#define PROBE_SP_ADJUST 0               /* bl pushes nothing */
#elif defined(__powerpc64__)
#define NGPR 10
#define NFPR 13
#define NVEC 12
#define VECBYTES 16
static const char *const gpr_names[NGPR] = {"r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11"};
static const char *const fpr_names[NFPR] = {"f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11",
                                            "f12", "f13"};
static const char *const vec_names[NVEC] = {"v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11", "v12",
                                            "v13"};
struct regfile {
    uint64_t gpr[NGPR];                 /* 0:   r2-r11 */
    uint64_t fpr[NFPR];                 /* 80:  f1-f13 (bit patterns) */
    uint64_t pad;
    uint8_t vec[NVEC][VECBYTES] __attribute__((aligned(16))); /* 192: v2-v13 */
    uint64_t sp;                        /* 384 */
} __attribute__((aligned(16)));
_Static_assert(offsetof(struct regfile, fpr) == 80 && offsetof(struct regfile, vec) == 192 &&
               offsetof(struct regfile, sp) == 384, "asm offsets");
#define VLOAD(n, off) "  li 0, " #off "\n  lvx " #n ", 12, 0\n"
#define VSTORE(n, off) "  li 0, " #off "\n  stvx " #n ", 12, 0\n"
#define PPC_LOAD_ARGUMENTS                                                                                         \
    "  lfd 1, 80(12)\n  lfd 2, 88(12)\n  lfd 3, 96(12)\n  lfd 4, 104(12)\n  lfd 5, 112(12)\n  lfd 6, 120(12)\n"      \
    "  lfd 7, 128(12)\n  lfd 8, 136(12)\n  lfd 9, 144(12)\n  lfd 10, 152(12)\n  lfd 11, 160(12)\n"                 \
    "  lfd 12, 168(12)\n  lfd 13, 176(12)\n"                                                                      \
    VLOAD(2, 192) VLOAD(3, 208) VLOAD(4, 224) VLOAD(5, 240) VLOAD(6, 256) VLOAD(7, 272)                           \
    VLOAD(8, 288) VLOAD(9, 304) VLOAD(10, 320) VLOAD(11, 336) VLOAD(12, 352) VLOAD(13, 368)                       \
    "  ld 2, 0(12)\n  ld 3, 8(12)\n  ld 4, 16(12)\n  ld 5, 24(12)\n  ld 6, 32(12)\n  ld 7, 40(12)\n"               \
    "  ld 8, 48(12)\n  ld 9, 56(12)\n  ld 10, 64(12)\n  ld 11, 72(12)\n"
#define PPC_STORE_ARGUMENTS                                                                                        \
    "  std 2, 0(12)\n  std 3, 8(12)\n  std 4, 16(12)\n  std 5, 24(12)\n  std 6, 32(12)\n  std 7, 40(12)\n"         \
    "  std 8, 48(12)\n  std 9, 56(12)\n  std 10, 64(12)\n  std 11, 72(12)\n"                                       \
    "  stfd 1, 80(12)\n  stfd 2, 88(12)\n  stfd 3, 96(12)\n  stfd 4, 104(12)\n  stfd 5, 112(12)\n"                 \
    "  stfd 6, 120(12)\n  stfd 7, 128(12)\n  stfd 8, 136(12)\n  stfd 9, 144(12)\n  stfd 10, 152(12)\n"             \
    "  stfd 11, 160(12)\n  stfd 12, 168(12)\n  stfd 13, 176(12)\n"                                                 \
    VSTORE(2, 192) VSTORE(3, 208) VSTORE(4, 224) VSTORE(5, 240) VSTORE(6, 256) VSTORE(7, 272)                     \
    VSTORE(8, 288) VSTORE(9, 304) VSTORE(10, 320) VSTORE(11, 336) VSTORE(12, 352) VSTORE(13, 368)                 \
    "  std 1, 384(12)\n"
#if defined(PPC64_ELFV1)
__asm__(
    ".section \".opd\", \"aw\"\n .p2align 3\n"  /* regcall is called from C: it needs a function descriptor */
    ".globl regcall\n .hidden regcall\n .type regcall, @function\n"
    "regcall:\n  .quad .L.regcall, .TOC.@tocbase, 0\n"
    ".previous\n .p2align 4\n"
    ".L.regcall:\n"                     /* r3 = struct regfile *in (sp is written), r4 = the stub (its descriptor) */
    "  mflr 0\n  std 0, 16(1)\n  stdu 1, -112(1)\n  std 2, 40(1)\n"
    "  ld 0, 0(4)\n  mtctr 0\n  mr 12, 3\n  std 1, 384(12)\n"   /* enter at the stub's code, like a direct bl */
    PPC_LOAD_ARGUMENTS
    "  bctrl\n"
    "  ld 2, 40(1)\n  addi 1, 1, 112\n  ld 0, 16(1)\n  mtlr 0\n  blr\n"
    ".size regcall, .-.L.regcall\n"
    ".text\n .globl probe_entry\n .hidden probe_entry\n .p2align 4\n"
    "probe_entry:\n"                    /* code only: PROBE_DESCRIPTOR names it; finds probe_out from its own address */
    "  mflr 0\n  bcl 20, 31, 1f\n1: mflr 12\n  mtlr 0\n"
    "  addis 12, 12, (probe_out - 1b)@ha\n"
    "  addi 12, 12, (probe_out - 1b)@l\n"
    PPC_STORE_ARGUMENTS
    "  blr\n");
#else
__asm__(
    ".text\n"
    ".globl regcall\n .hidden regcall\n .type regcall, @function\n .p2align 4\n"
    "regcall:\n"                        /* r3 = struct regfile *in (sp is written), r4 = function */
    "  mflr 0\n  std 0, 16(1)\n  stdu 1, -64(1)\n  std 2, 24(1)\n"
    "  mtctr 4\n  mr 12, 3\n  std 1, 384(12)\n"
    PPC_LOAD_ARGUMENTS
    "  mfctr 12\n  bctrl\n"             /* ELFv2 indirect call: r12 = callee */
    "  ld 2, 24(1)\n  addi 1, 1, 64\n  ld 0, 16(1)\n  mtlr 0\n  blr\n"
    ".size regcall, .-regcall\n"
    ".globl probe_entry\n .hidden probe_entry\n .type probe_entry, @function\n .p2align 4\n"
    "probe_entry:\n"                    /* entered with r12 = probe_entry (ELFv2), which also locates probe_out */
    "  addis 12, 12, (probe_out - probe_entry)@ha\n"
    "  addi 12, 12, (probe_out - probe_entry)@l\n"
    PPC_STORE_ARGUMENTS
    "  blr\n"
    ".size probe_entry, .-probe_entry\n");
#endif
#define PROBE_SP_ADJUST 0
#elif defined(__x86_64__)
#define NGPR 8
#define NVEC 8
#define VECBYTES 32
static const char *const gpr_names[NGPR] = {"rax", "rdi", "rsi", "rdx", "rcx", "r8", "r9", "r10"};
static const char *const vec_names[NVEC] = {"ymm0", "ymm1", "ymm2", "ymm3", "ymm4", "ymm5", "ymm6", "ymm7"};
static const char *const xmm_names[NVEC] = {"xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7"};
struct regfile {
    uint64_t gpr[NGPR];                 /* 0:  rax (al: vector count of varargs calls), rdi..r9, r10 (static chain) */
    uint8_t vec[NVEC][VECBYTES];        /* 64: ymm0-7 (xmm0-7 without AVX) */
    uint64_t sp;                        /* 320 */
};
_Static_assert(offsetof(struct regfile, vec) == 64 && offsetof(struct regfile, sp) == 320, "asm offsets");
__asm__(
    ".text\n"
    ".globl regcall\n .hidden regcall\n .type regcall, @function\n .p2align 4\n"
    "regcall:\n"                        /* rdi = struct regfile *in (sp is written), rsi = function */
    "  push %rbx\n  mov %rsi, %rbx\n  mov %rdi, %r11\n  mov %rsp, 320(%r11)\n"
    "  cmpl $0, have_avx(%rip)\n  je 1f\n"
    "  vmovdqu 64(%r11), %ymm0\n  vmovdqu 96(%r11), %ymm1\n  vmovdqu 128(%r11), %ymm2\n  vmovdqu 160(%r11), %ymm3\n"
    "  vmovdqu 192(%r11), %ymm4\n  vmovdqu 224(%r11), %ymm5\n  vmovdqu 256(%r11), %ymm6\n  vmovdqu 288(%r11), %ymm7\n"
    "  jmp 2f\n"
    "1:movdqu 64(%r11), %xmm0\n  movdqu 96(%r11), %xmm1\n  movdqu 128(%r11), %xmm2\n  movdqu 160(%r11), %xmm3\n"
    "  movdqu 192(%r11), %xmm4\n  movdqu 224(%r11), %xmm5\n  movdqu 256(%r11), %xmm6\n  movdqu 288(%r11), %xmm7\n"
    "2:mov 0(%r11), %rax\n  mov 8(%r11), %rdi\n  mov 16(%r11), %rsi\n  mov 24(%r11), %rdx\n"
    "  mov 32(%r11), %rcx\n  mov 40(%r11), %r8\n  mov 48(%r11), %r9\n  mov 56(%r11), %r10\n"
    "  call *%rbx\n"
    "  pop %rbx\n  ret\n"
    ".size regcall, .-regcall\n"
    ".globl probe_entry\n .hidden probe_entry\n .type probe_entry, @function\n .p2align 4\n"
    "probe_entry:\n"                    /* records the argument registers and rsp, touching only r11 and flags */
    "  lea probe_out(%rip), %r11\n"
    "  mov %rax, 0(%r11)\n  mov %rdi, 8(%r11)\n  mov %rsi, 16(%r11)\n  mov %rdx, 24(%r11)\n"
    "  mov %rcx, 32(%r11)\n  mov %r8, 40(%r11)\n  mov %r9, 48(%r11)\n  mov %r10, 56(%r11)\n  mov %rsp, 320(%r11)\n"
    "  cmpl $0, have_avx(%rip)\n  je 1f\n"
    "  vmovdqu %ymm0, 64(%r11)\n  vmovdqu %ymm1, 96(%r11)\n  vmovdqu %ymm2, 128(%r11)\n  vmovdqu %ymm3, 160(%r11)\n"
    "  vmovdqu %ymm4, 192(%r11)\n  vmovdqu %ymm5, 224(%r11)\n  vmovdqu %ymm6, 256(%r11)\n  vmovdqu %ymm7, 288(%r11)\n"
    "  ret\n"
    "1:movdqu %xmm0, 64(%r11)\n  movdqu %xmm1, 96(%r11)\n  movdqu %xmm2, 128(%r11)\n  movdqu %xmm3, 160(%r11)\n"
    "  movdqu %xmm4, 192(%r11)\n  movdqu %xmm5, 224(%r11)\n  movdqu %xmm6, 256(%r11)\n  movdqu %xmm7, 288(%r11)\n"
    "  ret\n"
    ".size probe_entry, .-probe_entry\n");
#define PROBE_SP_ADJUST 8               /* call pushes the return address */
#endif

HIDDEN struct regfile probe_out;
HIDDEN void regcall(struct regfile *in, uint64_t function);

static uint64_t pattern(int i) { return 0x0123456789ABCDEFull ^ (0x1111111111111111ull * (uint64_t)(i + 1)) ^ ((uint64_t)i << 56); }

#if defined(PPC64_ELFV1)
/* probe_entry is bare code; the register test's target is this descriptor, whose TOC is a pattern the probe must
 * receive in r2 (the probe never uses its TOC). */
HIDDEN extern const uint32_t probe_entry[];
#define PROBE_TOC pattern(63)
static uint64_t probe_descriptor[3];
#define PROBE_TARGET ((uint64_t)(uintptr_t)probe_descriptor)
#else
HIDDEN void probe_entry(void);
#define PROBE_TARGET ((uint64_t)(uintptr_t)&probe_entry)
#endif

static void fill_regfile(struct regfile *r) {
    memset(r, 0, sizeof *r);
    for (int i = 0; i < NGPR; i++) r->gpr[i] = pattern(i);
#if defined(__powerpc64__)
    for (int i = 0; i < NFPR; i++) r->fpr[i] = pattern(40 + i);
#endif
    for (int i = 0; i < NVEC; i++)
        for (int b = 0; b < VECBYTES; b++) r->vec[i][b] = (uint8_t)(0x11 * (i + 1) + 7 * b + 1);
}

static void compare_regfile(const struct regfile *want, const char *when) {
    const struct regfile *got = &probe_out;
    for (int i = 0; i < NGPR; i++) {
        uint64_t expected = want->gpr[i];
#if defined(PPC64_ELFV1)
        if (i == 0) expected = PROBE_TOC; /* r2: the target's own TOC, from its descriptor */
#endif
        if (got->gpr[i] != expected)
            FAIL("register %s: got 0x%016" PRIx64 ", want 0x%016" PRIx64 " (%s)", gpr_names[i], got->gpr[i],
                 expected, when);
    }
#if defined(__powerpc64__)
    for (int i = 0; i < NFPR; i++)
        if (got->fpr[i] != want->fpr[i])
            FAIL("register %s: got 0x%016" PRIx64 ", want 0x%016" PRIx64 " (%s)", fpr_names[i], got->fpr[i],
                 want->fpr[i], when);
#endif
    int vecbytes = VECBYTES;
    const char *const *names = vec_names;
#if defined(__x86_64__)
    if (!have_avx) { vecbytes = 16; names = xmm_names; }
#endif
    for (int i = 0; i < NVEC; i++)
        if (memcmp(got->vec[i], want->vec[i], (size_t)vecbytes) != 0) {
            char g[2 * VECBYTES + 1], w[2 * VECBYTES + 1];
            for (int b = 0; b < vecbytes; b++) {
                sprintf(g + 2 * b, "%02x", got->vec[i][b]);
                sprintf(w + 2 * b, "%02x", want->vec[i][b]);
            }
            FAIL("register %s: got %s, want %s (%s)", names[i], g, w, when);
        }
    if (got->sp != want->sp - PROBE_SP_ADJUST)
        FAIL("stack pointer at target: got 0x%" PRIx64 ", want 0x%" PRIx64 " (%s)", got->sp,
             want->sp - PROBE_SP_ADJUST, when);
}

/* ---- B/C. C calls with many arguments ------------------------------------------------------------------------ */

/* Returned through memory on every ABI here (x86-64 rdi, AArch64 x8, PowerPC64 r3). */
typedef struct { int64_t isum; double dsum; double vsum; uint64_t bad_args; uint64_t magic; } result_t;

#define I(k) ((long)(1000003L * ((k) + 1)) ^ 0x5A5A0000L)
#define D(k) (1000.0 + 1.25 * (k))
#define V(k) ((vec_t){0.5 + 3.0 * (k), -0.25 - 7.0 * (k)})

#define MANY_PARAMS(VT)                                                                                            \
    long i0, long i1, long i2, long i3, long i4, long i5, long i6, long i7, long i8, long i9, long i10, long i11,   \
        VT v0, VT v1, double d0, double d1, double d2, double d3, double d4, double d5, double d6, double d7,      \
        double d8, double d9, double d10, double d11, double d12, double d13, VT v2, VT v3
#define MANY_ARGS(MKV)                                                                                             \
    I(0), I(1), I(2), I(3), I(4), I(5), I(6), I(7), I(8), I(9), I(10), I(11), MKV(0), MKV(1), D(0), D(1), D(2),     \
        D(3), D(4), D(5), D(6), D(7), D(8), D(9), D(10), D(11), D(12), D(13), MKV(2), MKV(3)

#define CHECK_MANY(VT, LANES, MKV)                                                                                 \
    long is[12] = {i0, i1, i2, i3, i4, i5, i6, i7, i8, i9, i10, i11};                                              \
    double ds[14] = {d0, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, d11, d12, d13};                                  \
    VT vs[4] = {v0, v1, v2, v3};                                                                                   \
    result_t r = {0, 0, 0, 0, 0x600DF00Dull};                                                                       \
    for (int k = 0; k < 12; k++) { r.isum += is[k] * (k + 1); if (is[k] != I(k)) r.bad_args |= 1ull << k; }       \
    for (int k = 0; k < 14; k++) { r.dsum += ds[k] * (k + 1); if (ds[k] != D(k)) r.bad_args |= 1ull << (12 + k); } \
    for (int k = 0; k < 4; k++) {                                                                                  \
        VT want = MKV(k);                                                                                          \
        for (int l = 0; l < LANES; l++) {                                                                          \
            r.vsum += vs[k][l] * (l + 1 + k);                                                                      \
            if (vs[k][l] != want[l]) r.bad_args |= 1ull << (26 + k);                                               \
        }                                                                                                          \
    }                                                                                                              \
    return r;

__attribute__((noipa)) result_t target_many(MANY_PARAMS(vec_t)) { CHECK_MANY(vec_t, 2, V) }

__attribute__((noipa)) double target_second(double x, long y) { return x * 3.0 - (double)y; }

typedef result_t (*many_fn)(MANY_PARAMS(vec_t));
typedef double (*second_fn)(double, long);

static const char *arg_name(int bit, char *buf) {
    if (bit < 12) sprintf(buf, "i%d", bit);
    else if (bit < 26) sprintf(buf, "d%d", bit - 12);
    else sprintf(buf, "v%d", bit - 26);
    return buf;
}

static void compare_result(const char *what, result_t got, result_t want) {
    if (got.bad_args) {
        for (int bit = 0; bit < 30; bit++)
            if (got.bad_args >> bit & 1) { char b[8]; FAIL("%s: argument %s arrived corrupted", what, arg_name(bit, b)); }
    }
    if (memcmp(&got, &want, sizeof got) != 0)
        FAIL("%s: result {%" PRId64 ", %.17g, %.17g, %#" PRIx64 ", %#" PRIx64 "} differs from direct call "
             "{%" PRId64 ", %.17g, %.17g, %#" PRIx64 ", %#" PRIx64 "}", what, got.isum, got.dsum, got.vsum, got.bad_args,
             got.magic, want.isum, want.dsum, want.vsum, want.bad_args, want.magic);
}

/* Bookkeeping shared by every lazy call: before/after the first and the second call through stub `s`. */
static void expect_first_call(int s) {
    ctx()->expected_trampoline = (uint64_t)s;
    if (*slot(s) != tramp(s)) FAIL("stub %d: slot holds 0x%" PRIx64 " before the first call, not its trampoline", s, *slot(s));
}
static void expect_resolved(int s, const char *when) {
    if (ctx()->calls[s] != 1)
        FAIL("stub %d: compile callback ran %" PRIu64 " times %s, want exactly 1", s, ctx()->calls[s], when);
    if (*slot(s) != targets[s])
        FAIL("stub %d: slot holds 0x%" PRIx64 " %s, want the target 0x%" PRIx64, s, *slot(s), when, targets[s]);
}

#if defined(__x86_64__)
/* D. AVX arguments: separate functions compiled for AVX, only called when the CPU has it. */
typedef __m256d vec4_t;
#define V4(k) ((vec4_t){0.5 + 3.0 * (k), -0.25 - 7.0 * (k), 11.0 + (k), -13.0 * (k)})
__attribute__((noipa, target("avx"))) result_t target_avx(MANY_PARAMS(vec4_t)) { CHECK_MANY(vec4_t, 4, V4) }
typedef result_t (*avx_fn)(MANY_PARAMS(vec4_t));
__attribute__((noinline, target("avx"))) static void run_avx_test(void) {
    expect_first_call(STUB_AVX);
    result_t want = target_avx(MANY_ARGS(V4));
    avx_fn through = (avx_fn)(uintptr_t)stub(STUB_AVX);
    compare_result("avx call 1", through(MANY_ARGS(V4)), want);
    expect_resolved(STUB_AVX, "after the first avx call");
    compare_result("avx call 2", through(MANY_ARGS(V4)), want);
    expect_resolved(STUB_AVX, "after the second avx call");
}
#endif

/* ---- E/F. call-counting thunks ------------------------------------------------------------------------------ */

#define TRIGGER_MAGIC 0x7A166E2Dull
#define MANY_FORWARD                                                                                               \
    i0, i1, i2, i3, i4, i5, i6, i7, i8, i9, i10, i11, v0, v1, d0, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, d11, d12, \
        d13, v2, v3

/* Globals on purpose: on PowerPC64 LE their addresses come from the TOC, which a global entry derives from r12. */
HIDDEN uint64_t counted_target_calls, counted_trigger_calls;
HIDDEN int64_t counter_on_entry;

__attribute__((noipa)) result_t counted_target(MANY_PARAMS(vec_t)) {
    counted_target_calls++;
    counter_on_entry = record(0)->counter;
    return target_many(MANY_FORWARD); /* checks every argument as it arrived here */
}

__attribute__((noipa)) result_t counted_trigger(MANY_PARAMS(vec_t)) {
    counted_trigger_calls++;
    counter_on_entry = record(0)->counter;
    result_t r = target_many(MANY_FORWARD);
    r.magic = TRIGGER_MAGIC;
    return r;
}

/* The exit a thunk must not take in F. */
__attribute__((noipa)) void wrong_exit(void) { FAIL("call-counting register call: the thunk took the wrong exit"); }

static void run_counting_tests(void) {
    /* E. Many arguments through stub -> thunk 0 -> counted_target / counted_trigger. */
    volatile struct counting_record *rec = record(0);
    rec->counter = 3;
    rec->target = (uint64_t)(uintptr_t)&counted_target;
    rec->trigger = (uint64_t)(uintptr_t)&counted_trigger;
    *slot(STUB_COUNTED) = thunk(0);
    result_t want = target_many(MANY_ARGS(V)), want_trigger = want;
    want_trigger.magic = TRIGGER_MAGIC;
    many_fn counted = (many_fn)(uintptr_t)stub(STUB_COUNTED);
    static const struct { int64_t before; int rearm, to_trigger; const char *what; } steps[] = {
        {3, 0, 0, "call 1 (3 -> 2)"}, {2, 0, 0, "call 2 (2 -> 1)"}, {1, 0, 1, "call 3 (1 -> 0)"},
        {0, 0, 1, "call 4 (0 -> -1)"}, {100, 1, 0, "call 5, re-armed (100 -> 99)"}, {99, 0, 0, "call 6 (99 -> 98)"},
    };
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
        if (steps[k].rearm) rec->counter = steps[k].before;
        else if (rec->counter != steps[k].before)
            FAIL("call-counting %s: counter %" PRId64 " before the call", steps[k].what, rec->counter);
        uint64_t targets_before = counted_target_calls, triggers_before = counted_trigger_calls;
        counter_on_entry = INT64_MIN;
        char what[96];
        snprintf(what, sizeof what, "call-counting %s", steps[k].what);
        compare_result(what, counted(MANY_ARGS(V)), steps[k].to_trigger ? want_trigger : want);
        uint64_t to_target = counted_target_calls - targets_before, to_trigger = counted_trigger_calls - triggers_before;
        if (to_target != (uint64_t)!steps[k].to_trigger || to_trigger != (uint64_t)steps[k].to_trigger)
            FAIL("%s: entered the target %" PRIu64 " and the trigger %" PRIu64 " times, want the %s once", what,
                 to_target, to_trigger, steps[k].to_trigger ? "trigger" : "target");
        if (rec->counter != steps[k].before - 1)
            FAIL("%s: counter %" PRId64 " after the call, want %" PRId64, what, rec->counter, steps[k].before - 1);
        if (counter_on_entry != steps[k].before - 1)
            FAIL("%s: counter %" PRId64 " on entry, want %" PRId64 " (stored before the jump)", what,
                 counter_on_entry, steps[k].before - 1);
    }
    if (rec->target != (uint64_t)(uintptr_t)&counted_target || rec->trigger != (uint64_t)(uintptr_t)&counted_trigger)
        FAIL("call-counting: the thunk wrote to its record's target or trigger");

    /* F. Register-exact through stub -> thunk 1 -> probe, on the target path and then on the trigger path. */
    static struct regfile in;
    fill_regfile(&in);
    volatile struct counting_record *regs = record(1);
    *slot(STUB_COUNTED_REGS) = thunk(1);
    regs->counter = 2;
    regs->target = PROBE_TARGET;
    regs->trigger = (uint64_t)(uintptr_t)&wrong_exit;
    memset(&probe_out, 0, sizeof probe_out);
    regcall(&in, stub(STUB_COUNTED_REGS));
    compare_regfile(&in, "through a call-counting thunk to its target");
    regs->target = (uint64_t)(uintptr_t)&wrong_exit;
    regs->trigger = PROBE_TARGET;
    memset(&probe_out, 0, sizeof probe_out);
    regcall(&in, stub(STUB_COUNTED_REGS));
    compare_regfile(&in, "through a call-counting thunk to its trigger");
    if (regs->counter != 0) FAIL("call-counting register calls: counter %" PRId64 ", want 0", regs->counter);
}

/* ---- mapping --------------------------------------------------------------------------------------------------- */

static void flush_icache(void *begin, size_t size) {
#if defined(__powerpc64__)
    /* GCC 12 compiles __builtin___clear_cache to nothing on PowerPC64: the Power ISA sequence by hand. */
    unsigned long dline = getauxval(AT_DCACHEBSIZE), iline = getauxval(AT_ICACHEBSIZE);
    if (!dline) dline = 32;
    if (!iline) iline = 32;
    uintptr_t start = (uintptr_t)begin, end = start + size;
    for (uintptr_t p = start & ~(dline - 1); p < end; p += dline) __asm__ volatile("dcbst 0, %0" ::"r"(p) : "memory");
    __asm__ volatile("sync" ::: "memory");
    for (uintptr_t p = start & ~(iline - 1); p < end; p += iline) __asm__ volatile("icbi 0, %0" ::"r"(p) : "memory");
    __asm__ volatile("sync\n isync" ::: "memory");
#else
    __builtin___clear_cache((char *)begin, (char *)begin + size);
#endif
}

static void *map_fixed(uint64_t address, size_t size) {
    void *p = mmap((void *)(uintptr_t)address, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                   -1, 0);
    if (p == MAP_FAILED || (uint64_t)(uintptr_t)p != address) {
        printf("MAPFAIL cannot map 0x%zx bytes at 0x%" PRIx64 ": %s\n", size, address,
               p == MAP_FAILED ? strerror(errno) : "kernel ignored MAP_FIXED_NOREPLACE");
        exit(4);
    }
    return p;
}

static void map_blob(void) {
    int fd = open(L.blob, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) { printf("FAIL cannot open blob %s: %s\n", L.blob, strerror(errno)); exit(2); }
    size_t page = 0x10000; /* 64 KiB: the largest page size ppc64le kernels use */
    size_t size = ((size_t)st.st_size + page - 1) & ~(page - 1);
    uint8_t *code = map_fixed(L.code, size);
    if (read(fd, code, (size_t)st.st_size) != st.st_size) { printf("FAIL short read of blob\n"); exit(2); }
    close(fd);
    flush_icache(code, (size_t)st.st_size);
    if (mprotect(code, size, PROT_READ | PROT_EXEC) != 0) { printf("FAIL mprotect RX: %s\n", strerror(errno)); exit(2); }
    /* The slots need not start on a page boundary (the AArch64 stub's adrp+ldr must handle any page offset). */
    uint64_t data_page = L.data & ~(uint64_t)(page - 1);
    map_fixed(data_page, (size_t)(L.data + DATA_SIZE - data_page + page - 1) & ~(page - 1));
}

static void parse(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (!eq) { printf("FAIL bad argument %s\n", argv[i]); exit(2); }
        *eq = 0;
        const char *key = argv[i], *value = eq + 1;
        uint64_t n = strtoull(value, NULL, 0);
        if (!strcmp(key, "blob")) L.blob = value;
        else if (!strcmp(key, "code")) L.code = n;
        else if (!strcmp(key, "data")) L.data = n;
        else if (!strcmp(key, "stubs")) L.stubs = n;
        else if (!strcmp(key, "stub_size")) L.stub_size = n;
        else if (!strcmp(key, "tramps")) L.tramps = n;
        else if (!strcmp(key, "tramp_size")) L.tramp_size = n;
        else if (!strcmp(key, "id_offset")) L.id_offset = n;
        else if (!strcmp(key, "context")) L.context = n;
        else if (!strcmp(key, "thunks")) L.thunks = n;
        else if (!strcmp(key, "thunk_size")) L.thunk_size = n;
        else if (!strcmp(key, "records")) L.records = n;
        else { printf("FAIL unknown key %s\n", key); exit(2); }
    }
    if (!L.blob || !L.code || !L.data || !L.stubs || !L.stub_size || !L.tramps || !L.tramp_size || !L.context ||
        L.context < L.data + 8 * NSTUBS || L.context + sizeof(struct context_block) > L.data + DATA_SIZE ||
        (L.thunks && (!L.thunk_size || L.records % RECORD_SIZE != 0 ||
                      L.records < L.context + sizeof(struct context_block) ||
                      L.records + RECORD_SIZE * NTHUNKS > L.data + DATA_SIZE))) {
        printf("FAIL incomplete or inconsistent layout arguments\n");
        exit(2);
    }
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
#if defined(__x86_64__)
    __builtin_cpu_init();
    have_avx = __builtin_cpu_supports("avx");
    if (argc == 2 && !strcmp(argv[1], "xsave-info")) {
        unsigned a, b, c, d, lo = 0, hi = 0;
        __asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(1), "c"(0));
        if (!(c & (1u << 27))) { printf("xcr0=0x0 size=0\n"); return 0; } /* no OS-enabled XSAVE */
        __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        __asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0xD), "c"(0));
        printf("xcr0=0x%llx size=%u\n", ((unsigned long long)hi << 32) | lo, b);
        return 0;
    }
#endif
    parse(argc, argv);
    map_blob();

    struct context_block *c = ctx();
    c->magic = CONTEXT_MAGIC;
#if defined(PPC64_ELFV1)
    probe_descriptor[0] = (uint64_t)(uintptr_t)probe_entry;
    probe_descriptor[1] = PROBE_TOC;
    if (PROBE_TOC == pattern(0)) FAIL("PROBE_TOC equals the caller's r2 pattern (harness bug)");
#endif
    targets[STUB_REGS] = PROBE_TARGET;
    targets[STUB_MANY] = (uint64_t)(uintptr_t)&target_many;
    targets[STUB_SECOND] = (uint64_t)(uintptr_t)&target_second;
#if defined(__x86_64__)
    targets[STUB_AVX] = (uint64_t)(uintptr_t)&target_avx;
#endif
    for (int i = 0; i < NTRAMPS; i++) *slot(i) = tramp(i);
    *slot(STUB_REENTRY) = (uint64_t)(uintptr_t)&compile_callback;

    /* A. Register-exact: first call resolves, second goes direct; both must deliver every register. */
    static struct regfile in;
    fill_regfile(&in);
    expect_first_call(STUB_REGS);
    regcall(&in, stub(STUB_REGS));
    compare_regfile(&in, "first call, through the resolver");
    expect_resolved(STUB_REGS, "after the first register call");
    memset(&probe_out, 0, sizeof probe_out);
    regcall(&in, stub(STUB_REGS));
    compare_regfile(&in, "second call, direct");
    expect_resolved(STUB_REGS, "after the second register call");

    /* B. Many arguments, some on the stack, struct result through memory. */
    result_t want = target_many(MANY_ARGS(V));
    if (want.bad_args) FAIL("direct call of target_many reports bad arguments %#" PRIx64 " (harness bug)", want.bad_args);
    many_fn many = (many_fn)(uintptr_t)stub(STUB_MANY);
    expect_first_call(STUB_MANY);
    compare_result("many-argument call 1", many(MANY_ARGS(V)), want);
    expect_resolved(STUB_MANY, "after the first many-argument call");
    compare_result("many-argument call 2", many(MANY_ARGS(V)), want);
    expect_resolved(STUB_MANY, "after the second many-argument call");

    /* C. A second stub reaches its own target through its own trampoline. */
    second_fn second = (second_fn)(uintptr_t)stub(STUB_SECOND);
    expect_first_call(STUB_SECOND);
    double s1 = second(2.5, 7), s2 = second(-1.0, -3);
    if (s1 != target_second(2.5, 7) || s2 != target_second(-1.0, -3))
        FAIL("second stub: got %.17g and %.17g, want %.17g and %.17g", s1, s2, target_second(2.5, 7),
             target_second(-1.0, -3));
    expect_resolved(STUB_SECOND, "after two calls of the second stub");
    expect_resolved(STUB_MANY, "after the second stub was resolved");

#if defined(__x86_64__)
    if (have_avx) run_avx_test();
    else printf("NOTE no AVX on this CPU: __m256d arguments not tested\n");
#endif
    if (L.thunks) run_counting_tests();
    else printf("NOTE no call-counting thunks on this architecture\n");
    if (c->bad_contexts) FAIL("callback saw a wrong context %" PRIu64 " times", c->bad_contexts);

    printf(failures ? "FAILED %d checks\n" : "PASS\n", failures);
    return failures ? 1 : 0;
}
