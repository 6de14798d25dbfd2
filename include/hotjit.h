/*
 * hotjit: an embeddable, tiered JIT for LLVM IR.
 *
 * A host hands hotjit LLVM IR (text or bitcode) and asks for functions. Nothing is compiled up front: every function
 * is reached through a stub in hotjit's stub table, and its first call compiles it (tier 0) through hotjit's callback
 * manager, trampolines and resolver block.
 *
 * Conventions (every function):
 *  - Names start with `hotjit_`; handles are opaque; the handle passed first owns what is created through it.
 *  - Functions that can fail return a `hotjit_status`; on failure `hotjit_last_error()` gives a one-line message
 *    (valid on the calling thread until its next hotjit call). Nothing aborts or exits the host on bad input, with
 *    one documented exception that a host can replace: a function that cannot be compiled on its first call (a call
 *    from JIT'd code has no caller to return an error to) goes to a failure handler whose default prints the
 *    message and aborts (see hotjit_engine_set_compile_failure_handler).
 *  - Thread safety is stated per function; "thread-safe" means concurrent calls on the same handle are allowed.
 *    No function may be called on a handle while, or after, it is destroyed.
 *  - Structs that begin with `uint32_t struct_size` are versioned: later versions only add fields at the end, and
 *    hotjit reads and writes no byte past the size a struct declares. Structs hotjit fills (hotjit_function_info,
 *    hotjit_symbol, hotjit_arch_layout): the caller sets struct_size to the size of its struct (sizeof as it was
 *    compiled; a binding, the size of its own definition); hotjit fills the fields that fit and sets struct_size to
 *    the bytes it filled, smaller than the caller's when the library is older than the caller's header.
 *    hotjit_options: see hotjit_options_init.
 *
 * Link with `cc $(pkg-config --cflags --libs hotjit)`, or dlopen("libhotjit.so"). The library carries the Swift
 * runtime inside it (no Swift installation is needed by the host); it depends on libLLVM-22 and the C++ runtime.
 */
#ifndef HOTJIT_H
#define HOTJIT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------------------------------------------
 * Status and errors
 * ------------------------------------------------------------------------------------------------------------- */

typedef enum hotjit_status {
    HOTJIT_OK = 0,
    HOTJIT_ERROR_INVALID_ARGUMENT = 1,   /* a null handle, out-of-range index, bad option */
    HOTJIT_ERROR_IO = 2,                 /* a file or library could not be read or loaded */
    HOTJIT_ERROR_INVALID_IR = 3,         /* IR that does not parse or verify; message has file:line:col */
    HOTJIT_ERROR_WRONG_TARGET = 4,       /* a module for another target triple */
    HOTJIT_ERROR_UNRESOLVED_SYMBOL = 5,  /* a symbol nothing defines (found at lookup, compile or link time); the
                                            message names it */
    HOTJIT_ERROR_NOT_FOUND = 6,          /* a name the host asked for does not exist (e.g. no main) */
    HOTJIT_ERROR_COMPILE = 7,            /* LLVM could not compile or link something */
    HOTJIT_ERROR_UNSUPPORTED = 8,        /* valid input hotjit does not support */
    HOTJIT_ERROR_OUT_OF_MEMORY = 9,      /* memory for code could not be mapped (no memory, or no mappings left) */
    HOTJIT_ERROR_IN_USE = 10             /* still used by something else (a module another module calls into) */
} hotjit_status;

/* The message of the last call on this thread that returned a hotjit_status: "" if it succeeded (functions that
 * return no status leave it as it was). Owned by hotjit. Thread-safe. */
const char *hotjit_last_error(void);

/* A stable name for a status, e.g. "HOTJIT_ERROR_IO". Thread-safe. */
const char *hotjit_status_name(hotjit_status status);

/* hotjit's version (semantic versioning); hotjit_version() returns the library's, which a host may compare with the
   header it was built against. Thread-safe. */
#define HOTJIT_VERSION "0.1.0"
const char *hotjit_version(void);

/* ---------------------------------------------------------------------------------------------------------------
 * The engine (high level)
 * ------------------------------------------------------------------------------------------------------------- */

typedef struct hotjit_engine hotjit_engine;

/* The most background compile threads an engine may have (hotjit_options.compile_threads). */
#define HOTJIT_MAX_COMPILE_THREADS 64

typedef struct hotjit_options {
    /* sizeof(hotjit_options) as the host was compiled; lets later versions add fields. Set by hotjit_options_init;
     * hotjit_engine_create reads only the fields it covers (the others keep their defaults) and refuses a size larger
     * than this library's (options it does not know would be ignored). */
    uint32_t struct_size;
    /* Non-zero: report every compilation on standard error. Default 0. */
    int verbose;
    /* Non-zero: instrument tier 0 and recompile hot functions at the optimizing tier. Default 1. */
    int tierup;
    /* Calls after which a function is recompiled (at least 1). Default 1000. */
    uint64_t call_threshold;
    /* Back-edges of one loop after which its function is recompiled (and an OSR continuation built for that loop).
     * Every loop counts on its own (up to 8 per function; further loops share one counter). At least 1.
     * Default 20000. */
    uint64_t backedge_threshold;
    /* Non-zero: recompile on the thread that crossed the threshold, which continues in the optimized code
     * (deterministic). Default 0: background compile threads, the program keeps running. */
    int synchronous_tierup;
    /* Background compile threads, 1 to HOTJIT_MAX_COMPILE_THREADS. Default 1. */
    int compile_threads;
    /* Optimization level (1-3) of the optimizing tier unless the recompile hook chooses. Default 3. */
    int optimization_level;
    /* Non-zero: for textual IR, parse only the module's skeleton at load and each function when first compiled (fast
     * start for large modules; an error inside a function body then surfaces at its first call, through the lazy
     * failure path, not from hotjit_engine_add_ir_*). Bitcode is parsed whole either way; with this option it is
     * verified function by function at each one's first compile, like deferred text. Default 0: the whole module is
     * parsed and verified at load. */
    int defer_function_parsing;
    /* Non-zero: register JIT'd code with GDB's JIT interface (every tier, with source lines when the IR has debug
     * info), like hotjit-run --debug-jit. Costs start-up time for every compiled function, more with debug info.
     * Default 0. */
    int debug_jit;
    /* Non-zero: write /tmp/perf-<pid>.map lines for every stub, trampoline, resolver, call-counting thunk block and
     * compiled version (`foo [t0]`, `foo [t1]`, ...) so perf names JIT'd code, like hotjit-run --perf-map.
     * Default 0. */
    int perf_map;
    /* Non-zero: a compile thread that has had nothing to do for 20 ms ends. The first call of an optimized function
     * after that (on a program thread) joins it. If the process is then single-threaded, that call sets glibc's
     * `__libc_single_threaded` again, so malloc, free and libstdc++ drop the locks and atomics they take once any
     * second thread exists. It does not when the host executable holds a copy of the flag (GCC links one when the
     * executable names it): glibc would then not clear the copy for the next thread. That first call of each
     * optimized function takes one trip through its trampoline. 0 keeps the threads until hotjit_engine_destroy.
     * Default 1. */
    int end_idle_compile_threads;
    /* How many small functions a function's first compile may bring along (0 to 64): functions it calls, directly
     * or through up to two more small ones (nearest first), with bodies in the same module, that nothing has
     * compiled yet, compiled in the same unit so that their own first calls find their code ready. 0: each
     * function alone (its tier-0 code is freed on its own by hotjit_engine_reclaim). Default 8. */
    uint64_t tier0_companions;
    /* Nice value (0 to 19) of background compile threads: a compile gets the CPU time no one else wants first, so
     * on a machine that other processes keep busy the program's threads keep their share. Never a higher priority
     * than the thread that starts them has (0: that thread's). Default 10. */
    int compile_thread_niceness;
    /* The persistent code cache: a directory (created with its parents if missing) where compiled code is kept and,
     * when the engine is destroyed or hotjit_engine_save_cache_profile is called, a profile: which functions were
     * optimized, and which were asked to tier up and had not finished. A later engine of the same hotjit and LLVM,
     * with the same options, given the same modules (same bytes, added in the same order, after the same host
     * symbol names), links code kept there instead of compiling it; it starts the functions optimized before at
     * their cached optimized code at their first call (they never run tier 0) and queues the unfinished ones for
     * tier-up at theirs (neither while a recompile hook is installed: the hook decides what is optimized). Changed
     * module bytes never reuse old code; damaged files are deleted and their code compiled again.
     * NULL (the default): no cache. The string is copied. "" is HOTJIT_ERROR_INVALID_ARGUMENT; a directory that
     * cannot be created or written makes hotjit_engine_create fail with HOTJIT_ERROR_IO, naming it. */
    const char *cache_directory;
    /* Bytes the cache directory may hold: when the profile is saved, the least recently used files past it are
     * deleted (down to 90% of it). 0 means the default, 512 MiB, which hotjit_options_init sets. */
    uint64_t cache_size_limit;
} hotjit_options;

/* Fills the first `size` bytes of `options` with the defaults (all of them if `size` is at least this library's
 * sizeof(hotjit_options)) and sets struct_size to the bytes filled; nothing past `size` is written. A host built
 * against an older header passes its smaller struct and gets the fields it knows; hotjit_engine_create then gives
 * the others their defaults. HOTJIT_ERROR_INVALID_ARGUMENT for NULL or a size below 4. Thread-safe. */
hotjit_status hotjit_options_init_sized(hotjit_options *options, size_t size);

/* Fills `options` with the defaults: hotjit_options_init_sized with the size of the struct as the host was compiled.
 * (A function of this name, which fills hotjit 0.1.0's struct, stays exported for hosts built before this macro.) */
#define hotjit_options_init(options) ((void)hotjit_options_init_sized((options), sizeof *(options)))
void (hotjit_options_init)(hotjit_options *options);

/* Creates an engine (`options` may be NULL for the defaults). An option out of its documented range is
 * HOTJIT_ERROR_INVALID_ARGUMENT, naming the option. Thread-safe. */
hotjit_status hotjit_engine_create(const hotjit_options *options, hotjit_engine **out_engine);

/* Destroys an engine and frees every compiled function; background compiles are stopped first. No code of the engine
 * may be running or called afterwards, and no pointer obtained from it used (including function pointers the JIT'd
 * program handed out). Destroy engines before the process exits: a background compile still running while exit()
 * tears down LLVM's static state could crash. Not thread-safe: no other call on the engine may be in progress on any
 * thread, nor follow. NULL is ignored. */
void hotjit_engine_destroy(hotjit_engine *engine);

/* Adds the module in the file at `path` (textual IR `.ll` or bitcode `.bc`, told apart by content). Modules may
 * refer to each other's symbols. Nothing is compiled. Thread-safe. */
hotjit_status hotjit_engine_add_ir_file(hotjit_engine *engine, const char *path);

/* Adds a module from memory (text or bitcode; the bytes are copied). `name` stands for the file name in messages.
 * Thread-safe. */
hotjit_status hotjit_engine_add_ir_memory(hotjit_engine *engine, const void *data, size_t size, const char *name);

/* A module added to an engine, for hotjit_engine_remove_module. Never 0. Not reused: a removed module's id stays
 * stale, and an id of another engine is recognized as such. */
typedef uint64_t hotjit_module_id;

/* hotjit_engine_add_ir_file / _memory, also storing the new module's id in *out_module (which may be NULL).
 * Thread-safe. */
hotjit_status hotjit_engine_add_ir_file_module(hotjit_engine *engine, const char *path,
                                               hotjit_module_id *out_module);
hotjit_status hotjit_engine_add_ir_memory_module(hotjit_engine *engine, const void *data, size_t size,
                                                 const char *name, hotjit_module_id *out_module);

/* Removes a module (as ORC's ResourceTracker::remove does): frees its code at every tier, its stubs, trampolines
 * (their slots are reused), data and memory mappings, and forgets its names, so that a module added later may
 * define them again (with a new body; lookups then give the new addresses).
 *
 * Contract: the host guarantees that no thread runs its code or will return into it (no frame of it on any stack)
 * and that no address obtained from it (a lookup, a function pointer its code handed out, its data) is used
 * afterwards. hotjit does not check this: breaking it is a use after free.
 *
 * Refused, leaving the module as it was:
 *  - HOTJIT_ERROR_IN_USE while another loaded module uses one of its names (remove that one first);
 *  - HOTJIT_ERROR_UNSUPPORTED for what removal cannot free yet: a function of it with optimized code, a tier-up
 *    in progress or an OSR continuation; static constructors or destructors; debugger_support on; a function
 *    of it named by inline assembly of any module (that name then stays a symbol of the engine);
 *  - HOTJIT_ERROR_INVALID_ARGUMENT for 0, an id of another engine or one never issued;
 *  - HOTJIT_ERROR_NOT_FOUND for a module already removed.
 * (To keep a module removable, add it to an engine with tiering off, or with thresholds it will not reach.)
 * Thread-safe with respect to other calls on the engine. */
hotjit_status hotjit_engine_remove_module(hotjit_engine *engine, hotjit_module_id module);

/* Loads a shared library (RTLD_GLOBAL) so that loaded modules can use its symbols. Thread-safe. */
hotjit_status hotjit_engine_load_library(hotjit_engine *engine, const char *path);

/* A name JIT'd code may use and the host's address it stands for: a function or data. (This struct never changes.) */
typedef struct hotjit_host_symbol {
    const char *name;
    const void *address;
} hotjit_host_symbol;

/* Defines `count` names for JIT'd code, each bound to a host address (a function or data), all or none. A host
 * symbol takes the place of the process's symbol of the same name (the host need not export it: no -rdynamic), and of
 * a weak or linkonce definition in a module loaded later; modules may use it whether they are added before or after
 * (symbols resolve when code is compiled and linked). Defining a name again with the same address does nothing.
 * HOTJIT_ERROR_INVALID_ARGUMENT for a NULL name or address, a name already defined with another address, by a
 * loaded module or by hotjit (`atexit`, `__cxa_atexit`, `exit` stay bound to the engine), or one JIT'd code has
 * already linked from the process (code that is linked cannot follow a new address). The names are copied.
 * Thread-safe. */
hotjit_status hotjit_engine_define_symbols(hotjit_engine *engine, const hotjit_host_symbol *symbols, size_t count);

/* hotjit_engine_define_symbols for one name. Thread-safe. */
hotjit_status hotjit_engine_define_symbol(hotjit_engine *engine, const char *name, const void *address);

/* The address of function, global variable or host symbol `name`. For a function this is its stub: the one address
 * `&name` has everywhere (in every module, in data, here); calling it compiles the function on first call. Fails with
 * HOTJIT_ERROR_UNRESOLVED_SYMBOL if the module that defines `name` refers to a symbol nothing defines (no loaded
 * module, host symbol or library of the process); other modules do not matter, so a symbol missing in a callee's
 * module surfaces at the callee's first call (see hotjit_engine_set_compile_failure_handler). A variable's lookup
 * links its module's data: a failure there is HOTJIT_ERROR_UNRESOLVED_SYMBOL, HOTJIT_ERROR_OUT_OF_MEMORY or
 * HOTJIT_ERROR_COMPILE. HOTJIT_ERROR_NOT_FOUND if nothing defines `name`. Thread-safe. */
hotjit_status hotjit_engine_lookup(hotjit_engine *engine, const char *name, void **out_address);

/* Runs the loaded modules' static constructors (llvm.global_ctors) once, in priority order. hotjit_engine_run_main
 * does this itself; call it before calling functions directly from the host. Every constructor and destructor is
 * looked up first (as hotjit_engine_lookup), so a module of theirs that needs a symbol nothing defines fails the call
 * with HOTJIT_ERROR_UNRESOLVED_SYMBOL before any runs, and a later call tries again. Modules loaded after the first
 * successful call do not get their constructors run. Not thread-safe: one call at a time per engine (the
 * constructors run on the calling thread). */
hotjit_status hotjit_engine_run_constructors(hotjit_engine *engine);

/* Runs the program's exit-time work now: handlers it registered with atexit/__cxa_atexit (C++ static destructors),
 * newest first, then its llvm.global_dtors. hotjit_engine_run_main does this when main returns. (A program that calls
 * exit() runs them and then exits the process, as it would natively.) Each runs at most once; they run on the calling
 * thread, with no JIT'd code of the engine running on other threads. */
hotjit_status hotjit_engine_run_exit_handlers(hotjit_engine *engine);

/* Runs `main(argc, argv, envp)` of the loaded modules like a C runtime: constructors, main, then exit handlers and
 * destructors; `*out_exit_status` receives main's result. `envp` may be NULL (the process's environment). The loaded
 * modules are one program: HOTJIT_ERROR_UNRESOLVED_SYMBOL if any of them refers to a symbol nothing defines (as a
 * native link would fail). Runs on the calling thread; one call at a time per engine. The program starts in the
 * default floating-point environment (as a fresh process); the thread's own is restored when main returns. */
hotjit_status hotjit_engine_run_main(hotjit_engine *engine, int argc, char **argv, char **envp, int *out_exit_status);

/* Called when a function cannot be compiled on its first call (an undefined callee, an error in its body that
 * deferred parsing found only now, an inline-asm error), on the calling thread. `function` is the function's source
 * name ("" if unknown), `message` a one-line description (valid during the call). The call that needed the function
 * cannot go on, so the handler must not return normally: it may end the process its own way, or leave the call with
 * longjmp/siglongjmp to a point the host set before calling into JIT'd code (no hotjit lock is held then, and the
 * function stays uncompiled: its next call tries again). If it returns, hotjit prints the message and aborts. */
typedef void (*hotjit_compile_failure_handler)(void *user_data, const char *function, const char *message);

/* Replaces the engine's compile-failure handler; NULL restores the default, which prints
 * `hotjit: error: MESSAGE` to standard error and aborts (SIGABRT: the host's atexit handlers do not run).
 * Thread-safe. */
hotjit_status hotjit_engine_set_compile_failure_handler(hotjit_engine *engine, hotjit_compile_failure_handler handler,
                                                        void *user_data);

/* What hotjit knows about one function. */
typedef struct hotjit_function_info {
    uint32_t struct_size;      /* set by the caller to sizeof(hotjit_function_info); on return, the bytes filled */
    void *stub_address;        /* the function's address everywhere */
    void *code_address;        /* the code calls reach: the newest compiled version (a trampoline until compiled) */
    int tier;                  /* highest compiled tier, -1 if never compiled (a function is compiled at its first
                                * call, or before it with a caller's first compile, as a small callee it brings) */
    uint64_t calls;            /* calls counted at tier 0 (until optimized code or a skipped recompile ended it) */
    uint64_t backedges;        /* loop back-edges tier-0 code counted */
    uint64_t code_bytes;       /* size of the current tier's code */
    uint64_t compile_ns[2];    /* time spent compiling it, per tier (0: tier 0, 1: optimizing tier) */
    uint64_t tierup_latency_ns;/* threshold crossed -> stub re-pointed (0 if it has not tiered up) */
} hotjit_function_info;

/* Fills `info` for function `name`, as far as its struct_size reaches (an older, smaller struct gets the fields it
 * has). HOTJIT_ERROR_NOT_FOUND if no loaded module defines a function `name`. Thread-safe. */
hotjit_status hotjit_engine_function_info(hotjit_engine *engine, const char *name, hotjit_function_info *info);

/* The engine's JIT'd function code, in bytes of the functions as linked (the pages under them are what the
 * process gets back when they are freed), by what can become of it. */
typedef struct hotjit_code_memory {
    uint32_t struct_size;        /* set by the caller to sizeof(hotjit_code_memory); on return, the bytes filled */
    uint64_t live_bytes;         /* code calls can still reach */
    uint64_t live_versions;
    uint64_t superseded_bytes;   /* tier-0 code and OSR continuations of functions with optimized code installed:
                                  * no call enters them; hotjit_engine_reclaim frees them */
    uint64_t superseded_versions;
    uint64_t freed_bytes;        /* freed by reclaims so far (of the modules still loaded) */
    uint64_t freed_versions;
} hotjit_code_memory;

/* Fills `out` (set its struct_size first) with the engine's code memory now. Thread-safe. */
hotjit_status hotjit_engine_code_memory(hotjit_engine *engine, hotjit_code_memory *out);

/* Frees superseded code: the tier-0 code and OSR continuations of every function whose optimized code is
 * installed. Tier-0 code compiled in one unit with other functions (a function's first compile brings small
 * callees along) is freed once all of them are superseded; until then it counts as superseded. Calls already go
 * to the optimized code; what only the host can know is that no frame is left in the old code. So the caller
 * promises that at this moment
 *  - no thread is running code JIT'd by this engine, nor will return into it: no call into the engine's functions
 *    in progress on another thread, no JIT'd frame up the calling thread's stack (do not call it from a host
 *    function that JIT'd code called);
 *  - no address of a compiled version obtained earlier (code_address of hotjit_engine_function_info, the start of
 *    hotjit_engine_symbolize) is used afterwards. Stubs (lookups, function pointers) and data stay valid.
 * hotjit does not check this: breaking it is a use after free. Compiles on compile threads may go on; what they
 * install or publish later is freed by a later call. Calls made afterwards run the optimized code; counts and
 * compile times stay reported. The code map forgets freed code (symbolize no longer names it); perf map lines stay.
 * `out` may be NULL; else it receives the code memory afterwards, as hotjit_engine_code_memory.
 * Refused, freeing nothing:
 *  - HOTJIT_ERROR_IN_USE when a JIT'd frame of this engine is on the calling thread's stack (as far as its
 *    unwinder sees: the one break of the promise hotjit can see; other threads it cannot);
 *  - HOTJIT_ERROR_UNSUPPORTED with debugger_support on (gdb keeps the objects' registrations until the engine
 *    is destroyed).
 * Thread-safe with respect to other calls on the engine (not to running JIT'd code). */
hotjit_status hotjit_engine_reclaim(hotjit_engine *engine, hotjit_code_memory *out);

/* Saves the persistent cache's profile now (see hotjit_options.cache_directory): which functions this engine
 * optimized, so that a later engine starts them optimized, and which it was asked to tier up and had not finished;
 * then trims the directory to cache_size_limit.
 * hotjit_engine_destroy does this; a host that ends its process without destroying the engine calls it first.
 * HOTJIT_OK and nothing done without a cache. Thread-safe. */
hotjit_status hotjit_engine_save_cache_profile(hotjit_engine *engine);

/* What the engine's persistent cache did since the engine was created. */
typedef struct hotjit_cache_statistics {
    uint32_t struct_size;        /* set by the caller to sizeof(hotjit_cache_statistics); on return, the bytes
                                  * filled */
    uint64_t tier0_hits;         /* tier-0 objects linked from the cache instead of compiled */
    uint64_t tier0_misses;       /* tier-0 objects looked for and not there (then compiled) */
    uint64_t optimized_hits;     /* optimized versions and OSR continuations linked from the cache */
    uint64_t optimized_misses;
    uint64_t started_optimized;  /* functions whose first call went straight to cached optimized code */
    uint64_t rejected;           /* damaged or foreign files found in the directory (deleted) */
    uint64_t bytes_read;         /* of cache files read */
    uint64_t bytes_written;      /* of cache files written */
} hotjit_cache_statistics;

/* Fills `out` (set its struct_size first) with the engine's cache statistics now. HOTJIT_ERROR_NOT_FOUND if the
 * engine has no cache (cache_directory NULL). Thread-safe. */
hotjit_status hotjit_engine_cache_statistics(hotjit_engine *engine, hotjit_cache_statistics *out);

/* What a JIT'd address is, for crash reports and profilers of the host's own. */
typedef enum hotjit_code_kind {
    HOTJIT_CODE_FUNCTION = 0,       /* a compiled version of a function */
    HOTJIT_CODE_STUB = 1,
    HOTJIT_CODE_TRAMPOLINE = 2,
    HOTJIT_CODE_RESOLVER = 3,
    HOTJIT_CODE_COUNTING_THUNK = 4  /* call-counting thunks (in front of tier-0 code while its calls are counted) */
} hotjit_code_kind;

typedef struct hotjit_symbol {
    uint32_t struct_size;           /* set by the caller to sizeof(hotjit_symbol); on return, the bytes filled */
    hotjit_code_kind kind;
    int tier;                       /* tier of a compiled version; -1 otherwise */
    uint64_t start;                 /* where the code containing the address starts */
    uint64_t offset;                /* address - start */
} hotjit_symbol;

/* Names the JIT'd code containing `address`: its function (source name, written to `name`, truncated to `capacity`
 * bytes with a terminating NUL), tier and offset. HOTJIT_ERROR_NOT_FOUND if the address is not JIT'd code of this
 * engine. Installs no signal handler: hosts call it from their own crash handling. Thread-safe. */
hotjit_status hotjit_engine_symbolize(hotjit_engine *engine, const void *address, hotjit_symbol *symbol, char *name,
                                      size_t capacity);

/* ---------------------------------------------------------------------------------------------------------------
 * Tier-up: the recompile hook and explicit recompilation
 * ------------------------------------------------------------------------------------------------------------- */

typedef enum hotjit_recompile_trigger {
    HOTJIT_TRIGGER_CALLS = 0,       /* the call counter crossed call_threshold */
    HOTJIT_TRIGGER_BACKEDGES = 1,   /* a loop's back-edge counter crossed backedge_threshold */
    HOTJIT_TRIGGER_EXPLICIT = 2     /* hotjit_engine_recompile */
} hotjit_recompile_trigger;

typedef struct hotjit_recompile_request {
    const char *name;               /* the function's name in the source (valid during the call) */
    int current_tier;
    uint64_t calls;
    uint64_t backedges;
    hotjit_recompile_trigger trigger;
} hotjit_recompile_request;

typedef enum hotjit_recompile_action {
    HOTJIT_RECOMPILE = 0,           /* recompile at `level` */
    HOTJIT_RECOMPILE_SKIP = 1,      /* never recompile this function for this trigger */
    HOTJIT_RECOMPILE_DEFER = 2      /* ask again after `defer_by` more calls (or back-edges) */
} hotjit_recompile_action;

typedef struct hotjit_recompile_decision {
    hotjit_recompile_action action; /* preset to HOTJIT_RECOMPILE */
    int level;                      /* optimization level 1-3, preset to the engine's */
    uint64_t defer_by;
} hotjit_recompile_decision;

/* Called when a function crosses a threshold, before anything is recompiled; fills `decision`. It runs on the
 * program thread whose call crossed the threshold, at most once per function and trigger unless it defers (until
 * the function's call count triggers, each loop that triggers asks once and gets its OSR continuation only), possibly
 * on several threads at once for different functions: it must be thread-safe and must not call JIT'd code. */
typedef void (*hotjit_recompile_hook)(void *user_data, const hotjit_recompile_request *request,
                                      hotjit_recompile_decision *decision);

/* Installs the hook (NULL removes it). Thread-safe. */
hotjit_status hotjit_engine_set_recompile_hook(hotjit_engine *engine, hotjit_recompile_hook hook, void *user_data);

/* Recompiles function `name` at the optimizing tier at `level` (1-3): the classic `jit_recompile_hot(&foo)`. With
 * `wait` non-zero it compiles on this thread and returns once the stub points at the new code; otherwise it queues
 * the compile (synchronous engines compile at once). A function never compiled is compiled at tier 0 first.
 * Does nothing if the function already tiered up or has a recompile pending. Thread-safe. */
hotjit_status hotjit_engine_recompile(hotjit_engine *engine, const char *name, int level, int wait);

/* Waits until no background compile is queued or running. Thread-safe. */
hotjit_status hotjit_engine_wait_for_compiles(hotjit_engine *engine);

/* ---------------------------------------------------------------------------------------------------------------
 * Architectures and their emitters (pure: addresses in, machine code out; usable for any supported architecture,
 * e.g. by a cross or remote JIT)
 * ------------------------------------------------------------------------------------------------------------- */

typedef enum hotjit_arch {
    HOTJIT_ARCH_NONE = 0,
    HOTJIT_ARCH_X86_64 = 1,
    HOTJIT_ARCH_AARCH64 = 2,
    HOTJIT_ARCH_PPC64LE = 3,           /* PowerPC64 little-endian, ELFv2 */
    HOTJIT_ARCH_PPC64 = 4              /* PowerPC64 big-endian, ELFv1 (function descriptors) */
} hotjit_arch;

/* Writes up to `capacity` supported architectures to `out` (may be NULL); returns how many there are. */
size_t hotjit_arch_list(hotjit_arch *out, size_t capacity);

/* The architecture of this process, or HOTJIT_ARCH_NONE if unsupported. */
hotjit_arch hotjit_arch_host(void);

/* "x86_64", "aarch64", "ppc64le", "ppc64"; NULL for an unknown value. */
const char *hotjit_arch_name(hotjit_arch arch);

typedef struct hotjit_arch_layout {
    uint32_t struct_size;               /* set by the caller to sizeof(hotjit_arch_layout); on return, the bytes
                                           filled */
    uint32_t stub_size;                 /* bytes per stub (stubs are back to back) */
    uint32_t trampoline_size;           /* bytes per trampoline (back to back) */
    uint32_t resolver_size;             /* bytes of the resolver block */
    uint32_t code_alignment;            /* alignment of every block's start address */
    uint32_t trampoline_identity_offset;/* reentry receives trampoline address + this as its identity */
    uint32_t counting_thunk_size;       /* bytes per call-counting thunk; 0 where the architecture has none */
} hotjit_arch_layout;

/* Fills `out_layout` with the block sizes of `arch` (set its struct_size first). HOTJIT_ERROR_UNSUPPORTED for an
 * unknown architecture. */
hotjit_status hotjit_arch_get_layout(hotjit_arch arch, hotjit_arch_layout *out_layout);

/* The resolver block for address `address`: saves the argument registers, calls
 * `uint64_t reentry(uint64_t context, uint64_t identity)` and jumps to the address it returns with every argument
 * register restored. On x86-64 the vector state saved is what this machine's CPU and OS enable (XSAVE).
 * The emit functions write at most `capacity` bytes and set `*out_size` to the size needed; too small a buffer gives
 * HOTJIT_ERROR_INVALID_ARGUMENT with `*out_size` set. */
hotjit_status hotjit_arch_emit_resolver(hotjit_arch arch, uint64_t address, uint64_t reentry, uint64_t context,
                                        void *buffer, size_t capacity, size_t *out_size);

/* `count` trampolines at `address`, each calling the resolver at `resolver`. */
hotjit_status hotjit_arch_emit_trampolines(hotjit_arch arch, uint64_t address, uint64_t resolver, uint32_t count,
                                           void *buffer, size_t capacity, size_t *out_size);

/* `count` stubs at `address`; stub i jumps through the 8-byte pointer slot at `slots + 8*i`.
 * HOTJIT_ARCH_PPC64 (ELFv1): every value in play is a function descriptor's address, i.e. an ELFv1 function pointer:
 * a slot holds the target's descriptor address (first its trampoline's: each trampoline begins with a descriptor),
 * `reentry` is the callback's descriptor address and returns the target's; each stub begins with its own descriptor,
 * so a stub's address is a callable function pointer and its code entry is the descriptor's first doubleword. */
hotjit_status hotjit_arch_emit_stubs(hotjit_arch arch, uint64_t address, uint64_t slots, uint32_t count,
                                     void *buffer, size_t capacity, size_t *out_size);

/* `count` call-counting thunks at `address` (how hotjit's tier 0 counts calls without a counter in its code): thunk
 * i works on the 32-byte record at `records + 32*i`, which holds a signed 64-bit counter, a target and a trigger
 * address (then 8 reserved bytes). It decrements the counter (a plain, non-atomic read-modify-write) and jumps to the
 * target while the result is above zero, else to the trigger; it is entered by a jump or call like the function it
 * stands for and preserves every argument register and the stack. x86-64, AArch64 and ppc64le (which enters target
 * and trigger with r12 set to them); HOTJIT_ERROR_UNSUPPORTED for ppc64 (ELFv1). */
hotjit_status hotjit_arch_emit_counting_thunks(hotjit_arch arch, uint64_t address, uint64_t records, uint32_t count,
                                               void *buffer, size_t capacity, size_t *out_size);

/* ---------------------------------------------------------------------------------------------------------------
 * Stub table (the host's architecture; stubs in read+execute pages, pointer slots in read-write pages)
 * ------------------------------------------------------------------------------------------------------------- */

typedef struct hotjit_stub_table hotjit_stub_table;

/* A table of `count` stubs (at least one) for the host's architecture, whose slots hold NULL until set. */
hotjit_status hotjit_stub_table_create(uint32_t count, hotjit_stub_table **out_table);

/* Destroys the table; none of its stubs may be running or called afterwards. NULL is ignored. */
void hotjit_stub_table_destroy(hotjit_stub_table *table);

/* The number of stubs in the table (0 for NULL). */
uint32_t hotjit_stub_table_count(const hotjit_stub_table *table);

/* The address to call for stub `index`. Thread-safe. */
hotjit_status hotjit_stub_table_stub_address(hotjit_stub_table *table, uint32_t index, void **out_address);

/* Points stub `index` at `target` (an atomic store: callers see the old or the new target). Thread-safe. */
hotjit_status hotjit_stub_table_set_target(hotjit_stub_table *table, uint32_t index, void *target);

/* Where stub `index` currently jumps. Thread-safe. */
hotjit_status hotjit_stub_table_get_target(hotjit_stub_table *table, uint32_t index, void **out_target);

/* ---------------------------------------------------------------------------------------------------------------
 * Callback manager: trampolines whose first call asks the host for the address to run
 * ------------------------------------------------------------------------------------------------------------- */

typedef struct hotjit_callback_manager hotjit_callback_manager;

/* Called on the first call through a trampoline, on the caller's thread, with the calling function's arguments
 * preserved around it; returns the address to continue at (the function the trampoline stands for). It runs once
 * per trampoline: concurrent first callers wait for it. Returning NULL means it failed: the manager's failure
 * handler runs (see hotjit_callback_manager_set_failure_handler) and the trampoline stays unresolved. */
typedef void *(*hotjit_compile_callback)(void *user_data, uint32_t trampoline_id);

/* Called when a trampoline's callback returned NULL, on the calling thread, with the trampoline's id (UINT32_MAX if
 * the resolver was entered from something that is not one of the manager's trampolines) and a one-line message.
 * Like hotjit_compile_failure_handler it must not return normally (end the process or longjmp out); if it returns,
 * hotjit prints the message and aborts. */
typedef void (*hotjit_trampoline_failure_handler)(void *user_data, uint32_t trampoline_id, const char *message);

/* A callback manager for the host's architecture. */
hotjit_status hotjit_callback_manager_create(hotjit_callback_manager **out_manager);

/* Destroys the manager and its trampolines; none may be running or called afterwards. */
void hotjit_callback_manager_destroy(hotjit_callback_manager *manager);

/* Replaces the manager's failure handler; NULL restores the default, which prints
 * `hotjit: fatal: trampoline ID: MESSAGE` and aborts. Thread-safe. */
hotjit_status hotjit_callback_manager_set_failure_handler(hotjit_callback_manager *manager,
                                                          hotjit_trampoline_failure_handler handler, void *user_data);

/* A new trampoline: its first call invokes `callback(user_data, id)` and continues at the returned address; later
 * calls continue there directly, without calling back. Thread-safe. */
hotjit_status hotjit_callback_manager_create_trampoline(hotjit_callback_manager *manager,
                                                        hotjit_compile_callback callback, void *user_data,
                                                        uint32_t *out_id, void **out_address);

/* Makes stub `index` of `table` lazy: it is pointed at a new trampoline whose first call invokes the callback and
 * writes the returned address into the stub's slot, so later calls through the stub go straight there. */
hotjit_status hotjit_callback_manager_create_lazy_stub(hotjit_callback_manager *manager, hotjit_stub_table *table,
                                                       uint32_t index, hotjit_compile_callback callback,
                                                       void *user_data, uint32_t *out_id);

#ifdef __cplusplus
}
#endif

#endif /* HOTJIT_H */
