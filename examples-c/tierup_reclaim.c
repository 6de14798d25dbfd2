/* Freeing superseded code (hotjit_engine_reclaim) after a program tiers up 1,000 functions on 8 threads. Checks:
 *  1. 8 threads call 1,000 functions (and one long loop, which gets an OSR continuation) until every function has
 *     optimized code; every result is right;
 *  2. with the threads joined (a quiescent point: no thread in JIT'd code), hotjit_engine_reclaim frees the
 *     superseded versions: at least 1,000 of them, at least 90% of the tier-0 bytes; none is left superseded, the
 *     code map no longer names a freed tier-0 address, and the process's RSS drops;
 *  3. 8 threads call every function again afterwards: every result is still right, through the optimized code;
 *     counts stay reported;
 *  4. a second reclaim frees nothing; a bad struct_size, NULL engine are HOTJIT_ERROR_INVALID_ARGUMENT; an engine
 *     with debug_jit is HOTJIT_ERROR_UNSUPPORTED;
 *  5. a reclaim from a host function that JIT'd code called is HOTJIT_ERROR_IN_USE and frees nothing.
 * 1-3 run in three tier-up modes: the default (call threshold 100, background compile thread whose idle end
 * hands the slots over), tierup1 (threshold 1, synchronous) and tierup1-bg with the compile thread kept.
 * Prints code bytes, mappings and RSS before and after (bench/RESULTS.md). Usage: tierup_reclaim [functions
 * [default]] (default 1000 functions, every mode; `default`: that mode only). Exits 0 when every check holds. */
#include <hotjit.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "process_memory.h"

enum { THREADS = 8, MAX_FUNCTIONS = 100000 };

static int failures;
static int function_count = 1000;
static uint32_t (*functions[MAX_FUNCTIONS])(uint32_t);
static uint64_t (*hot_loop)(uint64_t);

static void check(int ok, const char *what) {
    printf("%s %s\n", ok ? "ok:  " : "FAIL:", what);
    if (!ok) { printf("      last error: %s\n", hotjit_last_error()); failures++; }
}

static double seconds_now(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

/* What f<index>(x) computes: 8 rounds of acc = acc * 31 + (x ^ (k + index)), from acc = index. */
static uint32_t expected(int index, uint32_t x) {
    uint32_t acc = (uint32_t)index;
    for (uint32_t k = 0; k < 8; k++) acc = acc * 31 + (x ^ (k + (uint32_t)index));
    return acc;
}

static uint64_t expected_loop(uint64_t n) {
    uint64_t sum = 0;
    for (uint64_t i = 0; i < n; i++) sum += i * i;
    return sum;
}

/* The module: f0 .. f<count-1> and hot_loop. */
static char *module_text(int count) {
    static const char body[] =
        "define i32 @f%d(i32 %%x) {\n"
        "entry:\n  br label %%loop\n"
        "loop:\n"
        "  %%k = phi i32 [ 0, %%entry ], [ %%k1, %%loop ]\n"
        "  %%acc = phi i32 [ %d, %%entry ], [ %%acc1, %%loop ]\n"
        "  %%ik = add i32 %%k, %d\n  %%v = xor i32 %%x, %%ik\n  %%m = mul i32 %%acc, 31\n"
        "  %%acc1 = add i32 %%m, %%v\n  %%k1 = add i32 %%k, 1\n  %%done = icmp eq i32 %%k1, 8\n"
        "  br i1 %%done, label %%exit, label %%loop\n"
        "exit:\n  ret i32 %%acc1\n}\n";
    static const char loop[] =
        "define i64 @hot_loop(i64 %n) {\n"
        "entry:\n  br label %loop\n"
        "loop:\n"
        "  %i = phi i64 [ 0, %entry ], [ %i1, %loop ]\n  %s = phi i64 [ 0, %entry ], [ %s1, %loop ]\n"
        "  %t = mul i64 %i, %i\n  %s1 = add i64 %s, %t\n  %i1 = add i64 %i, 1\n  %c = icmp uge i64 %i1, %n\n"
        "  br i1 %c, label %exit, label %loop\n"
        "exit:\n  ret i64 %s1\n}\n";
    size_t capacity = (size_t)count * (sizeof body + 32) + sizeof loop, used = 0;
    char *text = malloc(capacity);
    if (!text) return NULL;
    for (int index = 0; index < count; index++)
        used += (size_t)snprintf(text + used, capacity - used, body, index, index, index);
    memcpy(text + used, loop, sizeof loop);
    return text;
}

/* Calls every function `rounds` times, from a different start per thread; counts wrong results. */
static void *caller(void *argument) {
    int thread = (int)(intptr_t)argument;
    long wrong = 0;
    for (int round = 0; round < 20; round++) {
        for (int step = 0; step < function_count; step++) {
            int index = (step + thread * function_count / THREADS) % function_count;
            uint32_t x = (uint32_t)(round * 7919 + thread);
            if (functions[index](x) != expected(index, x)) wrong++;
        }
        if (hot_loop(1000 + (uint64_t)round) != expected_loop(1000 + (uint64_t)round)) wrong++;
    }
    return (void *)(intptr_t)wrong;
}

/* Runs `caller` on 8 threads; the number of wrong results. */
static long run_threads(void) {
    pthread_t threads[THREADS];
    long wrong = 0;
    for (int index = 0; index < THREADS; index++)
        pthread_create(&threads[index], NULL, caller, (void *)(intptr_t)index);
    for (int index = 0; index < THREADS; index++) {
        void *result = NULL;
        pthread_join(threads[index], &result);
        wrong += (long)(intptr_t)result;
    }
    return wrong;
}

static hotjit_code_memory code_memory(hotjit_engine *engine) {
    hotjit_code_memory memory;
    memset(&memory, 0, sizeof memory);
    memory.struct_size = sizeof memory;
    if (hotjit_engine_code_memory(engine, &memory) != HOTJIT_OK) check(0, "hotjit_engine_code_memory");
    return memory;
}

static void print_memory(const char *when, hotjit_code_memory memory) {
    printf("      %s: code live %llu B (%llu versions), superseded %llu B (%llu), freed %llu B (%llu); "
           "RSS %ld KiB, %ld mappings\n", when,
           (unsigned long long)memory.live_bytes, (unsigned long long)memory.live_versions,
           (unsigned long long)memory.superseded_bytes, (unsigned long long)memory.superseded_versions,
           (unsigned long long)memory.freed_bytes, (unsigned long long)memory.freed_versions,
           resident_kib(), mapping_count());
}

/* How the engine tiers up: the corpus's modes, as options. */
typedef struct tier_up_mode {
    const char *name;
    uint64_t call_threshold;
    int synchronous;
    int end_idle_compile_threads;
} tier_up_mode;

/* 1-3, in `mode`. */
static void tier_up_and_reclaim(tier_up_mode mode) {
    printf("--- %s: call threshold %llu, %s tier-up%s\n", mode.name, (unsigned long long)mode.call_threshold,
           mode.synchronous ? "synchronous" : "background",
           mode.synchronous ? "" : mode.end_idle_compile_threads ? ", idle compile threads end" : ", threads kept");
    hotjit_options options;
    hotjit_options_init(&options);
    options.call_threshold = mode.call_threshold;
    options.backedge_threshold = 20000;
    options.synchronous_tierup = mode.synchronous;
    options.end_idle_compile_threads = mode.end_idle_compile_threads;
    hotjit_engine *engine = NULL;
    char *text = module_text(function_count);
    if (!text || hotjit_engine_create(&options, &engine) != HOTJIT_OK
        || hotjit_engine_add_ir_memory(engine, text, strlen(text), "functions.ll") != HOTJIT_OK) {
        check(0, "engine created with the module");
        free(text);
        return;
    }
    free(text);
    char name[32];
    int looked_up = 1;
    for (int index = 0; index < function_count; index++) {
        snprintf(name, sizeof name, "f%d", index);
        void *address = NULL;
        looked_up &= hotjit_engine_lookup(engine, name, &address) == HOTJIT_OK;
        functions[index] = (uint32_t (*)(uint32_t))address;
    }
    void *address = NULL;
    looked_up &= hotjit_engine_lookup(engine, "hot_loop", &address) == HOTJIT_OK;
    hot_loop = (uint64_t (*)(uint64_t))address;
    check(looked_up, "every function looked up");
    if (!looked_up) { hotjit_engine_destroy(engine); return; }

    /* f0's tier-0 code, for the code map check (at call threshold 1 its first call tiers it up at once: no tier-0
     * address to see then); hot_loop's long first call gets an OSR continuation. */
    check(functions[0](1) == expected(0, 1), "f0's first call");
    hotjit_function_info info;
    memset(&info, 0, sizeof info);
    info.struct_size = sizeof info;
    hotjit_engine_function_info(engine, "f0", &info);
    void *tier0 = info.tier == 0 ? info.code_address : NULL;
    check(hot_loop(100000000) == expected_loop(100000000), "hot_loop's long first call");

    long wrong = run_threads();
    hotjit_engine_wait_for_compiles(engine);
    wrong += run_threads();   /* optimized code installed meanwhile serves these */
    hotjit_engine_wait_for_compiles(engine);
    check(!wrong, "8 threads: every result right while 1,000 functions tier up");
    int optimized = 0;
    for (int index = 0; index < function_count; index++) {
        snprintf(name, sizeof name, "f%d", index);
        info.struct_size = sizeof info;
        if (hotjit_engine_function_info(engine, name, &info) == HOTJIT_OK && info.tier == 1) optimized++;
    }
    printf("      %d of %d functions optimized\n", optimized, function_count);
    check(optimized == function_count, "every function has optimized code");

    /* The threads are joined: no thread is in JIT'd code. */
    hotjit_code_memory before = code_memory(engine);
    long resident_before = resident_kib(), mappings_before = mapping_count();
    print_memory("before reclaim", before);
    hotjit_code_memory after;
    memset(&after, 0, sizeof after);
    after.struct_size = sizeof after;
    double start = seconds_now();
    check(hotjit_engine_reclaim(engine, &after) == HOTJIT_OK, "hotjit_engine_reclaim");
    printf("      the reclaim took %.1f ms\n", (seconds_now() - start) * 1e3);
    long resident_after = resident_kib(), mappings_after = mapping_count();
    print_memory("after reclaim ", after);
    printf("      freed %llu of %llu superseded bytes; RSS %+ld KiB, %+ld mappings\n",
           (unsigned long long)after.freed_bytes, (unsigned long long)before.superseded_bytes,
           resident_after - resident_before, mappings_after - mappings_before);
    check(after.freed_versions >= (uint64_t)function_count, "at least one version per function freed");
    check(after.superseded_versions == 0 && after.superseded_bytes == 0, "nothing left superseded");
    check(before.superseded_bytes > 0 && after.freed_bytes * 10 >= before.superseded_bytes * 9,
          "at least 90% of the superseded bytes freed");
    check(after.live_bytes + after.freed_bytes == before.live_bytes + before.superseded_bytes + before.freed_bytes,
          "live + freed bytes add up");
    check(resident_after < resident_before, "RSS dropped");
    hotjit_symbol symbol;
    memset(&symbol, 0, sizeof symbol);
    symbol.struct_size = sizeof symbol;
    char symbol_name[64];
    if (tier0)
        check(hotjit_engine_symbolize(engine, tier0, &symbol, symbol_name, sizeof symbol_name)
                  == HOTJIT_ERROR_NOT_FOUND,
              "the code map no longer names freed tier-0 code");

    check(run_threads() == 0, "8 threads after the reclaim: every result still right");
    check(hot_loop(5000) == expected_loop(5000), "hot_loop after the reclaim");
    info.struct_size = sizeof info;
    check(hotjit_engine_function_info(engine, "f0", &info) == HOTJIT_OK && info.calls >= mode.call_threshold
          && info.tier == 1, "counts stay reported after the reclaim");

    /* 4. */
    hotjit_code_memory again;
    memset(&again, 0, sizeof again);
    again.struct_size = sizeof again;
    check(hotjit_engine_reclaim(engine, &again) == HOTJIT_OK && again.freed_bytes == after.freed_bytes
          && again.freed_versions == after.freed_versions, "a second reclaim frees nothing more");
    check(hotjit_engine_reclaim(engine, NULL) == HOTJIT_OK, "out may be NULL");
    hotjit_code_memory bad;
    memset(&bad, 0, sizeof bad);
    check(hotjit_engine_reclaim(engine, &bad) == HOTJIT_ERROR_INVALID_ARGUMENT, "struct_size 0 is refused");
    check(hotjit_engine_reclaim(NULL, NULL) == HOTJIT_ERROR_INVALID_ARGUMENT, "a NULL engine is refused");
    check(hotjit_engine_code_memory(engine, NULL) == HOTJIT_ERROR_INVALID_ARGUMENT, "code memory into NULL");
    hotjit_engine_destroy(engine);
}

/* 4: debugger support keeps the code (gdb holds its registrations). */
static void debugger_support_refuses(void) {
    hotjit_options options;
    hotjit_options_init(&options);
    options.debug_jit = 1;
    options.synchronous_tierup = 1;
    options.call_threshold = 2;
    hotjit_engine *engine = NULL;
    static const char text[] = "define i32 @one(i32 %x) {\n  %r = add i32 %x, 1\n  ret i32 %r\n}\n";
    void *address = NULL;
    if (hotjit_engine_create(&options, &engine) != HOTJIT_OK
        || hotjit_engine_add_ir_memory(engine, text, strlen(text), "one.ll") != HOTJIT_OK
        || hotjit_engine_lookup(engine, "one", &address) != HOTJIT_OK) {
        check(0, "debug_jit engine created");
        hotjit_engine_destroy(engine);
        return;
    }
    int (*one)(int) = (int (*)(int))address;
    int sum = 0;
    for (int index = 0; index < 10; index++) sum += one(index);
    hotjit_code_memory memory = code_memory(engine);
    check(sum == 55 && memory.superseded_versions == 1, "with debug_jit: one superseded version");
    check(hotjit_engine_reclaim(engine, NULL) == HOTJIT_ERROR_UNSUPPORTED
          && strstr(hotjit_last_error(), "debugger") != NULL,
          "with debug_jit, reclaim is HOTJIT_ERROR_UNSUPPORTED, naming debugger support");
    check(code_memory(engine).freed_versions == 0 && one(1) == 2, "and frees nothing");
    hotjit_engine_destroy(engine);
}

/* 5: the host function JIT'd code calls, which breaks the promise by reclaiming from under its caller. */
static hotjit_engine *reclaiming_engine;
static int reclaim_refused_in_use;

static int host_reclaim(void) {
    hotjit_status status = hotjit_engine_reclaim(reclaiming_engine, NULL);
    reclaim_refused_in_use = status == HOTJIT_ERROR_IN_USE && strstr(hotjit_last_error(), "stack") != NULL;
    return (int)status;
}

static void reclaim_from_jit_code_refused(void) {
    hotjit_options options;
    hotjit_options_init(&options);
    options.synchronous_tierup = 1;
    options.call_threshold = 2;
    static const char text[] =
        "declare i32 @host_reclaim()\n"
        "define i32 @square(i32 %x) {\n  %r = mul i32 %x, %x\n  ret i32 %r\n}\n"
        "define i32 @reclaim_from_jit() {\n  %r = call i32 @host_reclaim()\n  ret i32 %r\n}\n";
    hotjit_host_symbol symbol = { "host_reclaim", (void *)host_reclaim };
    void *square = NULL, *reclaim = NULL;
    if (hotjit_engine_create(&options, &reclaiming_engine) != HOTJIT_OK
        || hotjit_engine_define_symbols(reclaiming_engine, &symbol, 1) != HOTJIT_OK
        || hotjit_engine_add_ir_memory(reclaiming_engine, text, strlen(text), "reclaim.ll") != HOTJIT_OK
        || hotjit_engine_lookup(reclaiming_engine, "square", &square) != HOTJIT_OK
        || hotjit_engine_lookup(reclaiming_engine, "reclaim_from_jit", &reclaim) != HOTJIT_OK) {
        check(0, "engine with a host function that reclaims");
        hotjit_engine_destroy(reclaiming_engine);
        return;
    }
    int sum = 0;
    for (int index = 0; index < 10; index++) sum += ((int (*)(int))square)(index);
    check(sum == 285 && code_memory(reclaiming_engine).superseded_versions == 1, "square superseded");
    int status = ((int (*)(void))reclaim)();
    check(status == HOTJIT_ERROR_IN_USE && reclaim_refused_in_use,
          "a reclaim from a call JIT'd code made is HOTJIT_ERROR_IN_USE, naming the stack");
    check(code_memory(reclaiming_engine).freed_versions == 0, "and frees nothing");
    check(hotjit_engine_reclaim(reclaiming_engine, NULL) == HOTJIT_OK
          && code_memory(reclaiming_engine).freed_versions >= 1, "the same reclaim from the host's own frame frees");
    check(((int (*)(int))square)(9) == 81, "square runs on in its optimized code");
    hotjit_engine_destroy(reclaiming_engine);
}

int main(int argc, char **argv) {
    if (argc > 1) function_count = atoi(argv[1]);
    if (function_count < 1 || function_count > MAX_FUNCTIONS) {
        fprintf(stderr, "usage: tierup_reclaim [functions (1-%d)]\n", MAX_FUNCTIONS);
        return 2;
    }
    static const tier_up_mode modes[] = {
        { "default", 100, 0, 1 },
        { "tierup1", 1, 1, 1 },
        { "tierup1-bg, threads kept", 1, 0, 0 },
    };
    int only_default = argc > 2 && strcmp(argv[2], "default") == 0;
    for (size_t index = 0; index < (only_default ? 1 : sizeof modes / sizeof modes[0]); index++)
        tier_up_and_reclaim(modes[index]);
    debugger_support_refuses();
    reclaim_from_jit_code_refused();
    printf("%s\n", failures ? "tierup_reclaim: FAILED" : "tierup_reclaim: all checks passed");
    return failures != 0;
}
