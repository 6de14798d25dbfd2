/* Versioned structs from hosts built against other headers: an older, smaller struct gets the fields it has and
 * nothing past its end is written; a newer, larger one gets this library's fields and keeps the rest.
 * Checks hotjit_options_init_sized and the 0.1.0 hotjit_options_init function, hotjit_engine_create reading only the
 * fields struct_size covers, and hotjit_engine_function_info, hotjit_engine_symbolize and hotjit_arch_get_layout
 * filling older structs; and that the options added since 0.1.0 do what they say. Usage: struct_versions (no
 * arguments; the cache options use a new directory under $TMPDIR or /tmp, removed at the end). Exits 0 when every
 * check holds. */
#define _GNU_SOURCE
#include <hotjit.h>
#include <dirent.h>
#include <ftw.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void check(int ok, const char *what) {
    printf("%s %s\n", ok ? "ok:  " : "FAIL:", what);
    if (!ok) { printf("      last error: %s\n", hotjit_last_error()); failures++; }
}

#define CANARY 0x5a5a5a5a5a5a5a5aULL

/* hotjit_options as an imagined older header had it: the first three options only. */
struct old_options {
    uint32_t struct_size;
    int verbose;
    int tierup;
    uint64_t call_threshold;
};

/* hotjit_function_info cut after `tier`. */
struct old_function_info {
    uint32_t struct_size;
    void *stub_address;
    void *code_address;
    int tier;
};

struct old_symbol {
    uint32_t struct_size;
    hotjit_code_kind kind;
};

/* hotjit_arch_layout before counting_thunk_size. */
struct old_layout {
    uint32_t struct_size, stub_size, trampoline_size, resolver_size, code_alignment, trampoline_identity_offset;
};

static const char ir[] =
    "define i32 @twice(i32 %x) {\n"
    "  %r = mul i32 %x, 2\n"
    "  ret i32 %r\n"
    "}\n";

static void options(void) {
    struct { struct old_options options; uint64_t canary; } old;
    memset(&old, 0, sizeof old);
    old.canary = CANARY;
    check(hotjit_options_init_sized((hotjit_options *)&old.options, sizeof old.options) == HOTJIT_OK
          && old.options.struct_size == sizeof old.options && old.options.tierup == 1
          && old.options.call_threshold == 1000 && old.canary == CANARY,
          "an older options struct gets its fields' defaults, nothing past its end");

    old.options.call_threshold = 5;
    hotjit_engine *engine = NULL;
    void *address = NULL;
    check(hotjit_engine_create((hotjit_options *)&old.options, &engine) == HOTJIT_OK
          && hotjit_engine_add_ir_memory(engine, ir, sizeof ir - 1, "twice.ll") == HOTJIT_OK
          && hotjit_engine_lookup(engine, "twice", &address) == HOTJIT_OK, "an engine made from it");
    for (int i = 0; engine && address && i < 20; i++) ((int (*)(int))address)(i);
    hotjit_function_info info = { .struct_size = sizeof info };
    check(engine && hotjit_engine_wait_for_compiles(engine) == HOTJIT_OK
          && hotjit_engine_function_info(engine, "twice", &info) == HOTJIT_OK && info.tier == 1,
          "it read the fields the struct has (call_threshold 5: tiered up after 20 calls)");
    hotjit_engine_destroy(engine);

    struct { hotjit_options options; uint64_t future_field; } newer;
    memset(&newer, 0, sizeof newer);
    newer.future_field = CANARY;
    check(hotjit_options_init_sized(&newer.options, sizeof newer) == HOTJIT_OK
          && newer.options.struct_size == sizeof(hotjit_options) && newer.future_field == CANARY
          && newer.options.compile_threads == 1,
          "a newer, larger struct gets this library's fields and struct_size says how many bytes");
    newer.options.struct_size = sizeof newer;
    engine = NULL;
    check(hotjit_engine_create(&newer.options, &engine) == HOTJIT_ERROR_INVALID_ARGUMENT && engine == NULL,
          "an engine is refused options larger than the library knows (they would be ignored)");
    check(hotjit_options_init_sized(NULL, sizeof(hotjit_options)) == HOTJIT_ERROR_INVALID_ARGUMENT
          && hotjit_options_init_sized(&newer.options, 2) == HOTJIT_ERROR_INVALID_ARGUMENT,
          "NULL or a size below struct_size's is refused");

    /* What a host built against hotjit 0.1.0 calls: the function, not the macro. */
    struct { hotjit_options options; uint64_t canary; } first;
    memset(&first, 0, sizeof first);
    first.canary = CANARY;
    (hotjit_options_init)(&first.options);
    check(first.options.struct_size == offsetof(hotjit_options, tier0_companions) && first.options.tierup == 1
          && first.canary == CANARY, "the 0.1.0 function hotjit_options_init fills 0.1.0's struct and no more");
    hotjit_options macro;
    hotjit_options_init(&macro);
    check(macro.struct_size == sizeof macro && macro.call_threshold == 1000, "the macro fills the whole struct");
}

static int remove_entry(const char *path, const struct stat *info, int type, struct FTW *ftw) {
    (void)info; (void)type; (void)ftw;
    return remove(path);
}

/* cache_directory and cache_size_limit: off by default, the 512 MiB default limit, the directory string copied at
 * create time, and a struct from before them (struct_size up to compile_thread_niceness) never read past its end. */
static void cache_options(void) {
    static const char ir[] = "define i32 @dec(i32 %x) {\n  %r = sub i32 %x, 1\n  ret i32 %r\n}\n";
    hotjit_options options;
    hotjit_options_init(&options);
    check(options.cache_directory == NULL && options.cache_size_limit == 512ull << 20,
          "cache_directory defaults to NULL (no cache), cache_size_limit to 512 MiB");
    hotjit_engine *engine = NULL;
    hotjit_cache_statistics statistics = { .struct_size = sizeof statistics };
    check(hotjit_engine_create(&options, &engine) == HOTJIT_OK
          && hotjit_engine_cache_statistics(engine, &statistics) == HOTJIT_ERROR_NOT_FOUND,
          "an engine made with the defaults has no cache");
    hotjit_engine_destroy(engine);

    /* A host built before the cache options: its struct ends at compile_thread_niceness; bytes past it (here an
     * invalid pointer where cache_directory would be) are not read. */
    hotjit_options before;
    size_t before_size = offsetof(hotjit_options, cache_directory);
    memset(&before, 0x5a, sizeof before);
    int untouched = hotjit_options_init_sized(&before, before_size) == HOTJIT_OK;
    for (size_t index = before_size; index < sizeof before; index++) untouched &= ((char *)&before)[index] == 0x5a;
    check(untouched && before.struct_size == before_size && before.compile_thread_niceness == 10,
          "a struct from before the cache options gets its fields' defaults, nothing past its end");
    engine = NULL;
    check(hotjit_engine_create(&before, &engine) == HOTJIT_OK
          && hotjit_engine_cache_statistics(engine, &statistics) == HOTJIT_ERROR_NOT_FOUND,
          "an engine made from it has no cache: the bytes past its struct_size were not read");
    hotjit_engine_destroy(engine);

    const char *temporary = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char root[4096], directory[4200], profiles[4300];
    snprintf(root, sizeof root, "%s/hotjit-struct-versions-XXXXXX", temporary);
    if (!mkdtemp(root)) { check(0, "a temporary directory"); return; }
    snprintf(directory, sizeof directory, "%s/cache", root);
    snprintf(profiles, sizeof profiles, "%s/profiles", directory);
    char copy[sizeof directory];
    memcpy(copy, directory, sizeof copy);
    options.cache_directory = copy;
    options.cache_size_limit = 0;   /* the default, 512 MiB */
    options.call_threshold = 5;
    options.synchronous_tierup = 1;
    engine = NULL;
    void *address = NULL;
    int right = hotjit_engine_create(&options, &engine) == HOTJIT_OK;
    memset(copy, 'x', sizeof copy - 1);   /* the engine has its own copy */
    right = right && hotjit_engine_add_ir_memory(engine, ir, sizeof ir - 1, "dec.ll") == HOTJIT_OK
            && hotjit_engine_lookup(engine, "dec", &address) == HOTJIT_OK;
    for (int i = 0; right && i < 20; i++) right = ((int (*)(int))address)(i) == i - 1;
    hotjit_function_info info = { .struct_size = sizeof info };
    right = right && hotjit_engine_function_info(engine, "dec", &info) == HOTJIT_OK && info.tier == 1;
    hotjit_engine_destroy(engine);   /* saves the profile */
    int profile_files = 0;
    DIR *folder = opendir(profiles);
    for (struct dirent *entry; folder && (entry = readdir(folder));) profile_files += entry->d_name[0] != '.';
    if (folder) closedir(folder);
    check(right && profile_files == 1,
          "cache_directory is copied at create time (the host's string overwritten): the profile is in the directory");
    options.cache_directory = directory;
    options.call_threshold = 5;
    engine = NULL;
    address = NULL;
    statistics.struct_size = sizeof statistics;
    right = hotjit_engine_create(&options, &engine) == HOTJIT_OK
            && hotjit_engine_add_ir_memory(engine, ir, sizeof ir - 1, "dec.ll") == HOTJIT_OK
            && hotjit_engine_lookup(engine, "dec", &address) == HOTJIT_OK && ((int (*)(int))address)(8) == 7
            && hotjit_engine_cache_statistics(engine, &statistics) == HOTJIT_OK;
    check(right && statistics.struct_size == sizeof statistics && statistics.started_optimized == 1,
          "cache_size_limit 0 kept the cache: the next engine's dec starts optimized");
    hotjit_engine_destroy(engine);
    nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* tier0_companions: `outer`'s first compile brings `rare` (called only for x > 100) along by default, not at 0. */
static void companions(void) {
    static const char ir[] =
        "define i32 @rare(i32 %x) {\n  %r = sub i32 %x, 100\n  ret i32 %r\n}\n"
        "define i32 @outer(i32 %x) {\n  %big = icmp sgt i32 %x, 100\n  br i1 %big, label %r, label %n\n"
        "r:\n  %v = call i32 @rare(i32 %x)\n  ret i32 %v\nn:\n  ret i32 %x\n}\n";
    int tiers[2] = { -2, -2 };
    for (int off = 0; off < 2; off++) {
        hotjit_options options;
        hotjit_options_init(&options);
        if (off) options.tier0_companions = 0;
        else check(options.tier0_companions == 8, "tier0_companions defaults to 8");
        hotjit_engine *engine = NULL;
        void *address = NULL;
        hotjit_function_info info = { .struct_size = sizeof info };
        if (hotjit_engine_create(&options, &engine) == HOTJIT_OK
            && hotjit_engine_add_ir_memory(engine, ir, sizeof ir - 1, "companions.ll") == HOTJIT_OK
            && hotjit_engine_lookup(engine, "outer", &address) == HOTJIT_OK
            && ((int (*)(int))address)(7) == 7
            && hotjit_engine_function_info(engine, "rare", &info) == HOTJIT_OK) tiers[off] = info.tier;
        hotjit_engine_destroy(engine);
    }
    check(tiers[0] == 0, "by default, a callee never called yet was compiled with its caller (tier 0)");
    check(tiers[1] == -1, "with tier0_companions 0 it was not (tier -1)");
    hotjit_options options;
    hotjit_options_init(&options);
    options.tier0_companions = 65;
    hotjit_engine *engine = NULL;
    check(hotjit_engine_create(&options, &engine) == HOTJIT_ERROR_INVALID_ARGUMENT && engine == NULL,
          "tier0_companions above 64 is refused");
}

/* The nice value of this process's thread named `name` (from /proc/self/task/N/stat), or -100 if there is none. */
static int thread_niceness(const char *name) {
    DIR *tasks = opendir("/proc/self/task");
    int niceness = -100;
    for (struct dirent *entry; tasks && niceness == -100 && (entry = readdir(tasks));) {
        char path[300], text[512] = "";
        snprintf(path, sizeof path, "/proc/self/task/%s/comm", entry->d_name);
        FILE *file = fopen(path, "r");
        if (!file) continue;
        int named = fgets(text, sizeof text, file) && strncmp(text, name, strlen(name)) == 0;
        fclose(file);
        snprintf(path, sizeof path, "/proc/self/task/%s/stat", entry->d_name);
        if (!named || !(file = fopen(path, "r"))) continue;
        size_t length = fread(text, 1, sizeof text - 1, file);
        fclose(file);
        text[length] = 0;
        /* After the ")" that ends the name: state is field 3, nice field 19. */
        char *field = strrchr(text, ')');
        for (int index = 2; field && index < 19; index++) field = strchr(field + 1, ' ');
        if (field) niceness = atoi(field + 1);
    }
    if (tasks) closedir(tasks);
    return niceness;
}

/* compile_thread_niceness: the background compile thread runs at the nice value asked for; 20 is refused. */
static void compile_niceness(void) {
    static const char ir[] = "define i32 @inc(i32 %x) {\n  %r = add i32 %x, 1\n  ret i32 %r\n}\n";
    hotjit_options options;
    hotjit_options_init(&options);
    check(options.compile_thread_niceness == 10, "compile_thread_niceness defaults to 10");
    options.compile_thread_niceness = 7;
    options.end_idle_compile_threads = 0;   /* the thread stays, to be looked at */
    hotjit_engine *engine = NULL;
    void *address = NULL;
    int niceness = -200;
    if (hotjit_engine_create(&options, &engine) == HOTJIT_OK
        && hotjit_engine_add_ir_memory(engine, ir, sizeof ir - 1, "niceness.ll") == HOTJIT_OK
        && hotjit_engine_lookup(engine, "inc", &address) == HOTJIT_OK && ((int (*)(int))address)(1) == 2
        && hotjit_engine_recompile(engine, "inc", 2, 0) == HOTJIT_OK
        && hotjit_engine_wait_for_compiles(engine) == HOTJIT_OK) niceness = thread_niceness("hotjit-compile");
    hotjit_engine_destroy(engine);
    int own = thread_niceness("struct_versions");
    check(niceness == (own > 7 ? own : 7), "the compile thread runs at nice 7 (or this thread's, if lower)");
    options.compile_thread_niceness = 20;
    engine = NULL;
    check(hotjit_engine_create(&options, &engine) == HOTJIT_ERROR_INVALID_ARGUMENT && engine == NULL,
          "compile_thread_niceness above 19 is refused");
}

static void outputs(void) {
    hotjit_engine *engine = NULL;
    void *address = NULL;
    if (hotjit_engine_create(NULL, &engine) != HOTJIT_OK
        || hotjit_engine_add_ir_memory(engine, ir, sizeof ir - 1, "twice.ll") != HOTJIT_OK
        || hotjit_engine_lookup(engine, "twice", &address) != HOTJIT_OK) {
        check(0, "engine for the output structs");
        return;
    }
    ((int (*)(int))address)(1);

    struct { struct old_function_info info; uint64_t canary; } old;
    memset(&old, 0, sizeof old);
    old.info.struct_size = sizeof old.info;
    old.canary = CANARY;
    check(hotjit_engine_function_info(engine, "twice", (hotjit_function_info *)&old.info) == HOTJIT_OK
          && old.info.stub_address == address && old.info.tier == 0 && old.info.code_address != NULL
          && old.info.struct_size == sizeof old.info && old.canary == CANARY,
          "an older function_info struct gets the fields it has, nothing past its end");

    struct { hotjit_function_info info; uint64_t future_field; } newer;
    memset(&newer, 0, sizeof newer);
    newer.info.struct_size = sizeof newer;
    newer.future_field = CANARY;
    check(hotjit_engine_function_info(engine, "twice", &newer.info) == HOTJIT_OK && newer.future_field == CANARY
          && newer.info.struct_size == sizeof(hotjit_function_info) && newer.info.calls >= 1,
          "a newer one gets all of this library's fields, and struct_size says so");

    hotjit_function_info unset;
    memset(&unset, 0, sizeof unset);
    check(hotjit_engine_function_info(engine, "twice", &unset) == HOTJIT_ERROR_INVALID_ARGUMENT
          && strstr(hotjit_last_error(), "struct_size"), "struct_size 0 is refused");

    struct { struct old_symbol symbol; uint64_t canary; } symbol;
    memset(&symbol, 0, sizeof symbol);
    symbol.symbol.struct_size = sizeof symbol.symbol;
    symbol.canary = CANARY;
    check(hotjit_engine_symbolize(engine, address, (hotjit_symbol *)&symbol.symbol, NULL, 0) == HOTJIT_OK
          && symbol.symbol.kind == HOTJIT_CODE_STUB && symbol.canary == CANARY,
          "an older hotjit_symbol gets its kind, nothing past its end");
    hotjit_engine_destroy(engine);

    struct { struct old_layout layout; uint64_t canary; } layout;
    memset(&layout, 0, sizeof layout);
    layout.layout.struct_size = sizeof layout.layout;
    layout.canary = CANARY;
    check(hotjit_arch_get_layout(hotjit_arch_host(), (hotjit_arch_layout *)&layout.layout) == HOTJIT_OK
          && layout.layout.stub_size > 0 && layout.canary == CANARY,
          "an arch layout without counting_thunk_size gets the others, nothing past its end");
}

int main(void) {
    options();
    cache_options();
    companions();
    compile_niceness();
    outputs();
    printf("%s\n", failures ? "struct_versions: FAILED" : "struct_versions: all checks passed");
    return failures ? 1 : 0;
}
