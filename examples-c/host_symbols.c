/* A host gives JIT'd code its own functions and data (hotjit_engine_define_symbols), and every status the header
 * promises around symbols is what it says. Built WITHOUT -rdynamic: nothing of this file is in the process's dynamic
 * symbol table, so only hotjit's host symbols can make it reachable.
 * Checks:
 *  1. a static host function and static host data, defined before the module that uses them, and after it (lookup
 *     fails with HOTJIT_ERROR_UNRESOLVED_SYMBOL naming the symbol until it is defined);
 *  2. a host symbol wins over the process's symbol of the same name (`strlen`);
 *  3. redefinition: the same address again is fine; another address, a module's name, hotjit's `exit`, NULL: refused;
 *  4. one module's missing symbol does not fail lookups of another module's function and variable, nor
 *     run_constructors of the other's constructor; it fails the lookup of its own function, and a compile that meets
 *     it is HOTJIT_ERROR_UNRESOLVED_SYMBOL, not HOTJIT_ERROR_COMPILE;
 *  5. hotjit_last_error() is "" after a call that succeeded;
 *  6. options out of range are refused (compile_threads = 100000, call_threshold = 0).
 * Usage: host_symbols (no arguments). Exits 0 when every check holds. */
#include <hotjit.h>
#include <stdio.h>
#include <string.h>

static int failures;

static void check(int ok, const char *what) {
    printf("%s %s\n", ok ? "ok:  " : "FAIL:", what);
    if (!ok) { printf("      last error: %s\n", hotjit_last_error()); failures++; }
}

/* The host's own, static: not exported, not findable with dlsym. */
static int host_counter = 5;
static int host_scale(int x) { return x * 3; }
static int host_offset(int x) { return x + 100; }
static size_t fake_strlen(const char *text) { (void)text; return 42; }
static int other_scale(int x) { return x; }

static const char uses_scale[] =
    "@host_counter = external global i32\n"
    "declare i32 @host_scale(i32)\n"
    "define i32 @scaled(i32 %x) {\n"
    "  %s = call i32 @host_scale(i32 %x)\n"
    "  %c = load i32, ptr @host_counter\n"
    "  %r = add i32 %s, %c\n"
    "  store i32 %r, ptr @host_counter\n"
    "  ret i32 %r\n"
    "}\n";

static const char uses_offset[] =
    "declare i32 @host_offset(i32)\n"
    "define i32 @offset(i32 %x) {\n"
    "  %r = call i32 @host_offset(i32 %x)\n"
    "  ret i32 %r\n"
    "}\n";

static const char uses_strlen[] =
    "declare i64 @strlen(ptr)\n"
    "define i64 @length(ptr %s) {\n"
    "  %n = call i64 @strlen(ptr %s)\n"
    "  ret i64 %n\n"
    "}\n";

/* Needs `nowhere`, which nothing defines. */
static const char broken[] =
    "declare i32 @nowhere(i32)\n"
    "define i32 @needs_nowhere(i32 %x) {\n"
    "  %r = call i32 @nowhere(i32 %x)\n"
    "  ret i32 %r\n"
    "}\n";

/* Unrelated to `broken`: a function, a variable and a constructor that sets it. */
static const char healthy[] =
    "@healthy_value = global i32 1\n"
    "@llvm.global_ctors = appending global [1 x { i32, ptr, ptr }]\n"
    "  [{ i32, ptr, ptr } { i32 65535, ptr @init, ptr null }]\n"
    "define void @init() {\n"
    "  store i32 7, ptr @healthy_value\n"
    "  ret void\n"
    "}\n"
    "define i32 @healthy(i32 %x) {\n"
    "  %r = mul i32 %x, 2\n"
    "  ret i32 %r\n"
    "}\n";

static hotjit_engine *make_engine(int tierup) {
    hotjit_options options;
    hotjit_options_init(&options);
    options.tierup = tierup;
    hotjit_engine *engine = NULL;
    if (hotjit_engine_create(&options, &engine) != HOTJIT_OK) {
        printf("FAIL: engine: %s\n", hotjit_last_error());
        return NULL;
    }
    return engine;
}

static int add(hotjit_engine *engine, const char *ir, const char *name) {
    return hotjit_engine_add_ir_memory(engine, ir, strlen(ir), name) == HOTJIT_OK;
}

static void host_functions_and_data(void) {
    hotjit_engine *engine = make_engine(1);
    if (!engine) { failures++; return; }
    hotjit_host_symbol before[] = { { "host_scale", (const void *)host_scale }, { "host_counter", &host_counter } };
    check(hotjit_engine_define_symbols(engine, before, 2) == HOTJIT_OK, "host function and data defined");
    check(strcmp(hotjit_last_error(), "") == 0, "last error is empty after a success");
    check(add(engine, uses_scale, "scale.ll"), "module using them added after");
    void *address = NULL;
    check(hotjit_engine_lookup(engine, "scaled", &address) == HOTJIT_OK, "lookup of a function using them");
    int (*scaled)(int) = (int (*)(int))address;
    check(scaled && scaled(4) == 17 && host_counter == 17, "JIT'd code calls the host function, reads its data");
    check(scaled && scaled(1) == 20 && host_counter == 20, "...and writes the host's data");
    check(hotjit_engine_lookup(engine, "host_counter", &address) == HOTJIT_OK && address == &host_counter,
          "lookup of a host symbol gives the host's address");

    check(add(engine, uses_offset, "offset.ll"), "module using a symbol not yet defined added");
    hotjit_status status = hotjit_engine_lookup(engine, "offset", &address);
    check(status == HOTJIT_ERROR_UNRESOLVED_SYMBOL && strstr(hotjit_last_error(), "host_offset"),
          "lookup of a function whose callee nothing defines: UNRESOLVED_SYMBOL naming it");
    check(hotjit_engine_define_symbol(engine, "host_offset", (const void *)host_offset) == HOTJIT_OK,
          "host function defined after the module that uses it");
    check(hotjit_engine_lookup(engine, "offset", &address) == HOTJIT_OK && ((int (*)(int))address)(1) == 101,
          "and the module's function calls it");

    check(hotjit_engine_define_symbol(engine, "host_scale", (const void *)host_scale) == HOTJIT_OK,
          "defining a name again with the same address does nothing");
    check(hotjit_engine_define_symbol(engine, "host_scale", (const void *)other_scale)
          == HOTJIT_ERROR_INVALID_ARGUMENT && strstr(hotjit_last_error(), "host_scale"),
          "defining a name again with another address is refused");
    check(hotjit_engine_define_symbol(engine, "scaled", (const void *)other_scale) == HOTJIT_ERROR_INVALID_ARGUMENT
          && strstr(hotjit_last_error(), "scale.ll"), "a name a module defines is refused, naming the module");
    check(hotjit_engine_define_symbol(engine, "exit", (const void *)other_scale) == HOTJIT_ERROR_INVALID_ARGUMENT,
          "hotjit's own `exit` is refused");
    check(hotjit_engine_define_symbol(engine, "null_one", NULL) == HOTJIT_ERROR_INVALID_ARGUMENT
          && hotjit_engine_define_symbol(engine, NULL, &host_counter) == HOTJIT_ERROR_INVALID_ARGUMENT
          && hotjit_engine_define_symbols(NULL, before, 2) == HOTJIT_ERROR_INVALID_ARGUMENT,
          "NULL name, address or engine is refused");
    hotjit_host_symbol mixed[] = { { "fresh_one", &host_counter }, { "host_scale", (const void *)other_scale } };
    check(hotjit_engine_define_symbols(engine, mixed, 2) == HOTJIT_ERROR_INVALID_ARGUMENT
          && hotjit_engine_define_symbol(engine, "fresh_one", (const void *)other_scale) == HOTJIT_OK,
          "a refused batch defines none of its names");
    hotjit_engine_destroy(engine);
}

static void host_symbol_wins_over_the_process(void) {
    hotjit_engine *engine = make_engine(0);
    if (!engine) { failures++; return; }
    void *address = NULL;
    check(add(engine, uses_strlen, "strlen.ll")
          && hotjit_engine_define_symbol(engine, "strlen", (const void *)fake_strlen) == HOTJIT_OK
          && hotjit_engine_lookup(engine, "length", &address) == HOTJIT_OK
          && ((size_t (*)(const char *))address)("abc") == 42,
          "a host symbol takes the place of the process's strlen");
    hotjit_engine_destroy(engine);

    engine = make_engine(0);
    if (!engine) { failures++; return; }
    check(add(engine, uses_strlen, "strlen.ll") && hotjit_engine_lookup(engine, "length", &address) == HOTJIT_OK
          && ((size_t (*)(const char *))address)("abc") == 3,
          "without it, the process's strlen");
    check(hotjit_engine_define_symbol(engine, "strlen", (const void *)fake_strlen) == HOTJIT_ERROR_INVALID_ARGUMENT,
          "a name JIT'd code already linked from the process is refused");
    hotjit_engine_destroy(engine);
}

static void unrelated_modules_are_unaffected(void) {
    hotjit_engine *engine = make_engine(1);
    if (!engine) { failures++; return; }
    check(add(engine, broken, "broken.ll") && add(engine, healthy, "healthy.ll"), "broken and healthy modules added");
    void *address = NULL;
    check(hotjit_engine_lookup(engine, "healthy", &address) == HOTJIT_OK && ((int (*)(int))address)(21) == 42,
          "lookup of another module's function");
    check(hotjit_engine_run_constructors(engine) == HOTJIT_OK, "run_constructors of the healthy module's constructor");
    int *value = NULL;
    check(hotjit_engine_lookup(engine, "healthy_value", (void **)&value) == HOTJIT_OK && value && *value == 7,
          "lookup of another module's variable, set by its constructor");
    hotjit_status status = hotjit_engine_lookup(engine, "needs_nowhere", &address);
    check(status == HOTJIT_ERROR_UNRESOLVED_SYMBOL && strstr(hotjit_last_error(), "'nowhere'"),
          "lookup in the broken module: UNRESOLVED_SYMBOL naming the symbol");
    status = hotjit_engine_recompile(engine, "needs_nowhere", 2, 1);
    check(status == HOTJIT_ERROR_UNRESOLVED_SYMBOL && strstr(hotjit_last_error(), "'nowhere'"),
          "a compile that meets the missing symbol: UNRESOLVED_SYMBOL, not COMPILE");
    printf("      (%s: %s)\n", hotjit_status_name(status), hotjit_last_error());
    check(hotjit_engine_lookup(engine, "healthy", &address) == HOTJIT_OK && strcmp(hotjit_last_error(), "") == 0,
          "last error is empty again after the next success");
    hotjit_engine_destroy(engine);
}

static void options_are_validated(void) {
    hotjit_options options;
    hotjit_engine *engine = NULL;
    hotjit_options_init(&options);
    options.compile_threads = 100000;
    check(hotjit_engine_create(&options, &engine) == HOTJIT_ERROR_INVALID_ARGUMENT && engine == NULL
          && strstr(hotjit_last_error(), "compile_threads"), "compile_threads = 100000 is refused");
    hotjit_options_init(&options);
    options.compile_threads = HOTJIT_MAX_COMPILE_THREADS;
    check(hotjit_engine_create(&options, &engine) == HOTJIT_OK, "compile_threads = HOTJIT_MAX_COMPILE_THREADS is fine");
    hotjit_engine_destroy(engine);
    engine = NULL;
    hotjit_options_init(&options);
    options.call_threshold = 0;
    check(hotjit_engine_create(&options, &engine) == HOTJIT_ERROR_INVALID_ARGUMENT
          && strstr(hotjit_last_error(), "call_threshold"), "call_threshold = 0 is refused");
    hotjit_options_init(&options);
    options.optimization_level = 4;
    check(hotjit_engine_create(&options, &engine) == HOTJIT_ERROR_INVALID_ARGUMENT
          && strstr(hotjit_last_error(), "optimization_level"), "optimization_level = 4 is refused");
}

int main(void) {
    host_functions_and_data();
    host_symbol_wins_over_the_process();
    unrelated_modules_are_unaffected();
    options_are_validated();
    printf("%s\n", failures ? "host_symbols: FAILED" : "host_symbols: all checks passed");
    return failures ? 1 : 0;
}
