// Small pieces of C that Swift cannot express: CPU feature queries (CPUID/XGETBV) and the instruction-cache flush.
#ifndef HOTJIT_SUPPORT_H
#define HOTJIT_SUPPORT_H
#include <stdint.h>
#include <stddef.h>
#include <pthread.h>
#include <fenv.h>

/// The vector-register state the x86-64 resolver must preserve, as the OS has enabled it.
typedef struct hotjit_x86_vector_state {
    int has_xsave;          ///< CPU has XSAVE and the OS enabled it (CPUID.1:ECX.OSXSAVE).
    uint64_t xcr0;          ///< XCR0: which state components the OS saves (bit 2 AVX, 5-7 AVX-512).
    uint32_t xsave_size;    ///< bytes XSAVE needs for the components in XCR0 (CPUID.(EAX=0DH,ECX=0):EBX).
} hotjit_x86_vector_state;

/// Fills `out` for this CPU; on non-x86 hosts everything is zero.
void hotjit_query_x86_vector_state(hotjit_x86_vector_state *out);

/// Addresses of the CPU model objects `__builtin_cpu_supports` reads (`__cpu_model`, `__cpu_features2`) and of
/// `__cpu_indicator_init`, initialised; null on hosts without them.
void hotjit_cpu_model_symbols(void **model, void **features2, void **indicator_init);

/// A thread's saved floating-point environment (rounding mode, exception masks and flags) and errno
/// (fp_environment.c).
typedef struct hotjit_fp_environment {
    fenv_t environment;
    int saved_errno;
} hotjit_fp_environment;

/// Saves the calling thread's floating-point environment and errno into `saved` and installs a fresh process's:
/// round to nearest, every exception masked, no flag set, errno 0.
void hotjit_fp_enter_default(hotjit_fp_environment *saved);
/// Reinstalls the environment and errno `hotjit_fp_enter_default` saved, flags included.
void hotjit_fp_restore(const hotjit_fp_environment *saved);

/// HOTJIT_VERSION from include/hotjit.h (static storage).
const char *hotjit_support_version(void);

/// The file (shared library or executable) hotjit's code was loaded from, or null: a build's identity.
const char *hotjit_support_binary_path(void);

/// The calling thread's last error message for the C API (copied; "" when none).
void hotjit_support_set_last_error(const char *message);
const char *hotjit_support_last_error(void);

/// The calling thread's kernel thread id (for traces).
long hotjit_thread_id(void);
/// Names the calling thread (shown by gdb, perf, top).
void hotjit_name_thread(const char *name);
/// A sampler of one thread's instruction pointer: the kernel records it every `period_nanoseconds` of the thread's
/// CPU time (user space only) into a ring buffer; `hotjit_pc_sampler_drain` reads what it recorded since. Open
/// fails (NULL, errno set) where perf events are not allowed (perf_event_paranoid, seccomp).
typedef struct hotjit_pc_sampler hotjit_pc_sampler;
hotjit_pc_sampler *hotjit_pc_sampler_open(long thread, uint64_t period_nanoseconds);
/// Calls `sample` with each instruction pointer recorded since the last drain, in order; returns how many.
size_t hotjit_pc_sampler_drain(hotjit_pc_sampler *sampler, void (*sample)(uint64_t ip, void *context),
                               void *context);
/// Samples the kernel dropped because the buffer was full (between drains).
uint64_t hotjit_pc_sampler_lost(const hotjit_pc_sampler *sampler);
void hotjit_pc_sampler_close(hotjit_pc_sampler *sampler);
/// Sets the nice value of kernel thread `thread` (a `hotjit_thread_id`): 0, or -1 with errno (raising a thread's
/// priority back needs CAP_SYS_NICE or RLIMIT_NICE).
int hotjit_set_thread_niceness(long thread, int niceness);
/// The nice value of kernel thread `thread` (0 if it cannot be read).
int hotjit_thread_niceness(long thread);

/// Names JIT'd code for crash reports: writes a name for `address` into `buffer` and returns non-zero, or returns 0.
typedef int (*hotjit_symbolizer)(void *context, uint64_t address, char *buffer, size_t capacity);

/// Installs hotjit-run's crash handler for SIGSEGV, SIGBUS, SIGILL, SIGFPE and SIGABRT (on an alternate stack): it
/// prints the signal, the faulting address and a backtrace whose JIT'd frames `symbolizer` names, then re-raises the
/// signal with its default action (exit status 128 + signal). For executables only: a library must not do this.
void hotjit_install_crash_handler(hotjit_symbolizer symbolizer, void *context);

/// One range of JIT'd code as a signal handler may read it (an element of a `hotjit_code_snapshot`).
typedef struct hotjit_code_range {
    uint64_t start;
    uint64_t size;
    int32_t kind;           ///< CodeMap.Kind's raw value
    int32_t tier;           ///< -1 for stubs, trampolines, resolvers, thunks
    const char *name;       ///< NUL-terminated function name ("foo"; "hotjit" for shared code); lives as long as
                            ///< the index it was published in. The label adds the kind: "foo [t0]", "foo [stub]".
} hotjit_code_range;

/// An append-only array of ranges (in the order they were added): a writer fills `ranges[count]` and then
/// publishes it by a release store of `count + 1`; a full snapshot is replaced by a larger copy.
typedef struct hotjit_code_snapshot {
    uint64_t count;         ///< ranges published so far; atomic
    uint64_t capacity;
    const hotjit_code_range *ranges;
} hotjit_code_snapshot;

/// What a signal handler reads to name JIT'd code without allocating or locking: the current snapshot. A reader
/// counts itself in `readers` (sequentially consistent) before it loads `snapshot` and out when done; the writer
/// frees replaced snapshots (and the names of removed code) only while it sees no reader, so a reader never sees
/// freed memory (see CodeMap.swift).
typedef struct hotjit_code_index {
    uint64_t snapshot;      ///< address of the current hotjit_code_snapshot, 0 before the first; atomic
    uint64_t readers;       ///< readers inside the index now; atomic (sequentially consistent)
} hotjit_code_index;

/// A `hotjit_symbolizer` over the `hotjit_code_index` passed as `context`, async-signal-safe (no allocation, no
/// lock): finds the range containing `address` and writes "LABEL+0xOFFSET" (truncated to fit, NUL-terminated).
int hotjit_code_index_symbolize(void *context, uint64_t address, char *buffer, size_t capacity);

/// GDB's JIT interface (the process's `__jit_debug_descriptor`, libLLVM's): the newest registered entry (entries are
/// prepended), the entry after `entry`, and taking `entry` out again (gdb drops its symbols). The caller must
/// serialize these with every registration it could race with. Null / 0 when the process has no descriptor.
void *hotjit_gdb_jit_first_entry(void);
void *hotjit_gdb_jit_next_entry(void *entry);
int hotjit_gdb_jit_unregister(void *entry);

/// Up to `capacity` return addresses of the calling thread, innermost first (glibc's backtrace); their count.
int hotjit_return_addresses(void **frames, int capacity);

/// Whether `needle` occurs in `haystack` (glibc's memmem: two-way search, vectorized; not exposed to Swift).
int hotjit_memory_contains(const void *haystack, size_t length, const void *needle, size_t needle_length);
/// The offset of the first `needle` in `haystack`, or -1 (memmem too).
long hotjit_memory_find(const void *haystack, size_t length, const void *needle, size_t needle_length);

/// Whether `hotjit_sha256_blocks` may run here: an x86-64 CPU with the SHA extensions, SSSE3 and SSE4.1 (CPUID); 0 on
/// every other host.
int hotjit_sha256_has_hardware(void);
/// Compresses `blocks` consecutive 64-byte blocks at `data` (any alignment) into the SHA-256 state `state` (H0...H7,
/// the working variables a...h) with the SHA extensions. Only when `hotjit_sha256_has_hardware()` is 1.
void hotjit_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

/// Threads in this process (entries of /proc/self/task), or -1 if that cannot be read.
int hotjit_process_thread_count(void);
/// What `exit` does for the program before the process's own exit handlers, for a process about to end with `_exit`:
/// runs the calling thread's C++ thread_local destructors, flushes libstdc++'s `std::cout` and `std::wcout` (when
/// loaded) and every stdio stream.
void hotjit_finish_like_exit(void);

/// If the calling thread is the process's only thread, sets glibc's `__libc_single_threaded` again so malloc, free
/// and libstdc++ skip their locks and atomics (glibc itself never does); returns whether the process is now marked
/// single-threaded. Call only after joining the threads that ended. 0 on C libraries without the flag.
int hotjit_restore_single_threaded(void);
/// Joins `thread` if it has ended (pthread_tryjoin_np, which Swift's Glibc module does not show); never blocks.
int hotjit_try_join_thread(pthread_t thread);

/// Makes freshly written code visible to instruction fetch (a no-op on x86-64).
void hotjit_flush_icache(void *begin, size_t size);

/// Atomic release-store / acquire-load of an 8-byte pointer slot that other threads jump through.
static inline void hotjit_atomic_store_release_u64(uint64_t *word, uint64_t value) {
    __atomic_store_n(word, value, __ATOMIC_RELEASE);
}
static inline uint64_t hotjit_atomic_load_acquire_u64(const uint64_t *word) {
    return __atomic_load_n(word, __ATOMIC_ACQUIRE);
}
/// Relaxed load / store of a counter that JIT'd code counts down without synchronization (races intended).
static inline uint64_t hotjit_atomic_load_seq_cst_u64(const uint64_t *word) {
    return __atomic_load_n(word, __ATOMIC_SEQ_CST);
}
static inline void hotjit_atomic_store_seq_cst_u64(uint64_t *word, uint64_t value) {
    __atomic_store_n(word, value, __ATOMIC_SEQ_CST);
}
static inline uint64_t hotjit_atomic_load_relaxed_u64(const uint64_t *word) {
    return __atomic_load_n(word, __ATOMIC_RELAXED);
}
static inline void hotjit_atomic_store_relaxed_u64(uint64_t *word, uint64_t value) {
    __atomic_store_n(word, value, __ATOMIC_RELAXED);
}
/// Atomic compare-and-swap of a slot (acquire-release): stores `desired` only if the slot still holds `expected`.
static inline int hotjit_atomic_compare_exchange_u64(uint64_t *word, uint64_t expected, uint64_t desired) {
    return __atomic_compare_exchange_n(word, &expected, desired, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

#endif
