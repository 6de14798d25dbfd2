/* The persistent code cache from a host (hotjit_options.cache_directory, hotjit_engine_save_cache_profile,
 * hotjit_engine_cache_statistics): an engine's compiled code and profile, kept in a directory, let the next engine on
 * the same modules and options skip work.
 * Checks:
 *  1. a first engine, in a child process that ends without destroying it (after hotjit_engine_save_cache_profile),
 *     fills a cache directory that did not exist (created with its parents) while `scale` tiers up;
 *  2. a second engine on the same directory and options: `scale` is optimized at its first call (tier 1 from the
 *     cache: no tier-0 compile, no calls counted) and right; `caller`'s tier-0 code is linked from the cache; the
 *     statistics say so; an older, smaller statistics struct gets its fields and nothing past its end;
 *  3. the module with another constant gets none of the old code (its own result, tier 0 at first); destroyed, its
 *     engine saves the profile (cache_size_limit 0: the default, which keeps it) and the next one starts optimized;
 *  4. damaged cache files are rejected (deleted) and the code compiled again, right, and stored for next time;
 *  5. with a recompile hook installed, nothing starts optimized;
 *  6. a 1-byte cache_size_limit: saving the profile empties the directory, nothing starts optimized next time;
 *  7. a cache_directory under a regular file fails with HOTJIT_ERROR_IO naming it, "" is refused, a read-only
 *     directory fails (not as root, who may write anyway); without a cache, saving is a no-op and the statistics
 *     are HOTJIT_ERROR_NOT_FOUND.
 * Usage: code_cache (no arguments; works in a new directory under $TMPDIR or /tmp, removed at the end). Exits 0 when
 * every check holds. */
#define _GNU_SOURCE
#include <hotjit.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int failures;

static void check(int ok, const char *what) {
    printf("%s %s\n", ok ? "ok:  " : "FAIL:", what);
    if (!ok) { printf("      last error: %s\n", hotjit_last_error()); failures++; }
}

#define CANARY 0x5a5a5a5a5a5a5a5aULL

/* `scale` is the hot function; `caller` is called once per engine (it stays at tier 0). */
static const char template[] =
    "define i32 @scale(i32 %%x) {\n"
    "  %%m = mul i32 %%x, 7\n"
    "  %%r = add i32 %%m, %d\n"
    "  ret i32 %%r\n"
    "}\n"
    "define i32 @caller(i32 %%x) {\n"
    "  %%s = call i32 @scale(i32 %%x)\n"
    "  %%r = add i32 %%s, 1\n"
    "  ret i32 %%r\n"
    "}\n";

typedef int (*function)(int);

/* An engine with the cache in `directory`, call threshold 10, synchronous tier-up, and the module with `constant`
 * added; `scale` and `caller` looked up. NULL (a check failed) if any step fails. */
static hotjit_engine *make_engine(const char *directory, uint64_t size_limit, int constant, function *scale,
                                  function *caller) {
    hotjit_options options;
    hotjit_options_init(&options);
    options.call_threshold = 10;
    options.synchronous_tierup = 1;
    options.cache_directory = directory;
    options.cache_size_limit = size_limit;
    char ir[sizeof template + 16];
    int length = snprintf(ir, sizeof ir, template, constant);
    hotjit_engine *engine = NULL;
    void *addresses[2] = { NULL, NULL };
    if (hotjit_engine_create(&options, &engine) != HOTJIT_OK
        || hotjit_engine_add_ir_memory(engine, ir, (size_t)length, "code_cache.ll") != HOTJIT_OK
        || hotjit_engine_lookup(engine, "scale", &addresses[0]) != HOTJIT_OK
        || hotjit_engine_lookup(engine, "caller", &addresses[1]) != HOTJIT_OK) {
        check(0, "an engine with the cache");
        hotjit_engine_destroy(engine);
        return NULL;
    }
    *scale = (function)addresses[0];
    *caller = (function)addresses[1];
    return engine;
}

static hotjit_function_info info(hotjit_engine *engine, const char *name) {
    hotjit_function_info result = { .struct_size = sizeof result, .tier = -2 };
    if (hotjit_engine_function_info(engine, name, &result) != HOTJIT_OK) printf("info: %s\n", hotjit_last_error());
    return result;
}

static hotjit_cache_statistics statistics(hotjit_engine *engine) {
    hotjit_cache_statistics result;
    memset(&result, 0, sizeof result);
    result.struct_size = sizeof result;
    if (hotjit_engine_cache_statistics(engine, &result) != HOTJIT_OK) {
        printf("statistics: %s\n", hotjit_last_error());
        result.struct_size = 0;
    }
    return result;
}

/* Whether `scale` (constant `constant`) gives the right results for 0..count-1. */
static int scale_is_right(function scale, int constant, int count) {
    int right = 1;
    for (int x = 0; x < count; x++) right &= scale(x) == 7 * x + constant;
    return right;
}

/* 1: the first engine, in a child process that ends without hotjit_engine_destroy. */
static int first_run(const char *directory) {
    function scale, caller;
    hotjit_engine *engine = make_engine(directory, 0, 3, &scale, &caller);
    if (!engine) return 1;
    struct stat info_of;
    check(stat(directory, &info_of) == 0 && S_ISDIR(info_of.st_mode),
          "run 1: the cache directory was created, with its parents");
    check(scale_is_right(scale, 3, 30) && caller(4) == 32, "run 1: scale and caller give the right results");
    hotjit_function_info s = info(engine, "scale"), c = info(engine, "caller");
    check(s.tier == 1 && s.calls >= 10 && s.compile_ns[0] > 0 && c.tier == 0,
          "run 1: scale tiered up after its tier-0 calls; caller, called once, is at tier 0");
    hotjit_cache_statistics stats = statistics(engine);
    check(stats.struct_size == sizeof stats && stats.tier0_misses >= 2 && stats.tier0_hits == 0
          && stats.started_optimized == 0 && stats.bytes_written > 0,
          "run 1: an empty cache: tier-0 misses, nothing started optimized, objects written");
    check(hotjit_engine_save_cache_profile(engine) == HOTJIT_OK, "run 1: the profile is saved");
    printf("      (the process ends without destroying the engine)\n");
    fflush(stdout);
    _exit(failures ? 1 : 0);
}

static unsigned recompile_hook_calls;

static void recompile_hook(void *user_data, const hotjit_recompile_request *request,
                           hotjit_recompile_decision *decision) {
    (void)user_data; (void)request; (void)decision;   /* recompile as the engine would */
    __atomic_add_fetch(&recompile_hook_calls, 1, __ATOMIC_RELAXED);
}

static int remove_entry(const char *path, const struct stat *info, int type, struct FTW *ftw) {
    (void)info; (void)type; (void)ftw;
    return remove(path);
}

/* Files under `directory` (regular files only, any depth). */
static int file_count;
/* Counts cached entries and profiles (the directory's usage count, `usage`, is neither). */
static int count_file(const char *path, const struct stat *info, int type, struct FTW *ftw) {
    if (type == FTW_F && S_ISREG(info->st_mode) && strcmp(path + ftw->base, "usage") != 0) file_count++;
    return 0;
}

/* Flips the last byte of every cached object (as a disk or another program might). */
static int damaged_count;
static int damage_file(const char *path, const struct stat *info, int type, struct FTW *ftw) {
    (void)ftw;
    FILE *file = type == FTW_F && S_ISREG(info->st_mode) && info->st_size > 0 ? fopen(path, "r+b") : NULL;
    if (!file) return 0;
    int byte = fseek(file, -1, SEEK_END) == 0 ? fgetc(file) : EOF;
    if (byte != EOF && fseek(file, -1, SEEK_END) == 0 && fputc(byte ^ 0xff, file) != EOF) damaged_count++;
    fclose(file);
    return 0;
}

int main(void) {
    const char *temporary = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char root[4096], cache[4200], other[4200], file[4200], under_file[4300], read_only[4200];
    snprintf(root, sizeof root, "%s/hotjit-code-cache-XXXXXX", temporary);
    if (!mkdtemp(root)) { perror("mkdtemp"); return 1; }
    snprintf(cache, sizeof cache, "%s/nested/cache", root);

    /* 1 */
    fflush(stdout);
    pid_t child = fork();
    if (child == 0) first_run(cache);
    int status = 0;
    check(child > 0 && waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "run 1 (child process) passed its checks and exited");

    /* 2 */
    function scale, caller;
    hotjit_engine *engine = make_engine(cache, 0, 3, &scale, &caller);
    if (engine) {
        check(info(engine, "scale").tier == -1, "run 2: scale is not compiled before its first call");
        int first = scale(4);
        hotjit_function_info s = info(engine, "scale");
        check(first == 31 && s.tier == 1 && s.calls == 0 && s.compile_ns[0] == 0,
              "run 2: at its first call scale is at tier 1 (cached optimized code, never ran tier 0) and right");
        check(scale_is_right(scale, 3, 30) && caller(4) == 32 && info(engine, "caller").tier == 0,
              "run 2: scale and caller stay right; caller runs tier-0 code");
        hotjit_cache_statistics stats = statistics(engine);
        check(stats.struct_size == sizeof stats && stats.started_optimized >= 1 && stats.optimized_hits >= 1
              && stats.tier0_hits >= 1 && stats.tier0_misses == 0 && stats.rejected == 0 && stats.bytes_read > 0,
              "run 2: statistics: started optimized, optimized and tier-0 hits, no misses, bytes read");
        struct { uint32_t struct_size; uint64_t tier0_hits, tier0_misses; } old_stats;
        struct { __typeof__(old_stats) stats; uint64_t canary; } old;
        memset(&old, 0, sizeof old);
        old.stats.struct_size = sizeof old.stats;
        old.canary = CANARY;
        check(hotjit_engine_cache_statistics(engine, (hotjit_cache_statistics *)&old.stats) == HOTJIT_OK
              && old.stats.struct_size == sizeof old.stats && old.stats.tier0_hits == stats.tier0_hits
              && old.canary == CANARY, "run 2: an older statistics struct gets its fields, nothing past its end");
        hotjit_engine_destroy(engine);
    }

    /* 3: other bytes. */
    engine = make_engine(cache, 0, 5, &scale, &caller);
    if (engine) {
        int first = scale(4);
        hotjit_cache_statistics stats = statistics(engine);
        check(first == 33 && info(engine, "scale").tier == 0 && stats.started_optimized == 0
              && stats.optimized_hits == 0 && stats.tier0_hits == 0,
              "run 3, another constant: its own result, tier 0 at first, no cache hit (nothing stale)");
        check(scale_is_right(scale, 5, 30) && info(engine, "scale").tier == 1 && caller(4) == 34,
              "run 3: it tiers up and stays right");
        hotjit_engine_destroy(engine);   /* saves its profile */
    }
    engine = make_engine(cache, 0, 5, &scale, &caller);
    if (engine) {
        int first = scale(4);
        check(first == 33 && info(engine, "scale").tier == 1 && statistics(engine).started_optimized == 1,
              "run 4, same constant: hotjit_engine_destroy saved run 3's profile, scale starts optimized");
        hotjit_engine_destroy(engine);
    }

    /* 4: damaged files. */
    char objects[4300];
    snprintf(objects, sizeof objects, "%s/objects", cache);
    nftw(objects, damage_file, 16, FTW_PHYS);
    engine = make_engine(cache, 0, 5, &scale, &caller);
    if (engine) {
        int first = scale(4);
        hotjit_cache_statistics stats = statistics(engine);
        check(damaged_count >= 2 && first == 33 && info(engine, "scale").tier == 0 && stats.rejected >= 1
              && stats.optimized_hits == 0 && stats.started_optimized == 0,
              "run 5, every object damaged: rejected, scale compiled again at tier 0, right");
        check(scale_is_right(scale, 5, 30) && caller(4) == 34 && info(engine, "scale").tier == 1,
              "run 5: it tiers up and stays right");
        hotjit_engine_destroy(engine);
    }
    engine = make_engine(cache, 0, 5, &scale, &caller);
    if (engine) {
        int first = scale(4);
        hotjit_cache_statistics stats = statistics(engine);
        check(first == 33 && info(engine, "scale").tier == 1 && stats.started_optimized == 1 && stats.rejected == 0,
              "run 5b: run 5 stored its code again: scale starts optimized, nothing rejected");
        hotjit_engine_destroy(engine);
    }

    /* 5: a recompile hook decides what is optimized. */
    engine = make_engine(cache, 0, 3, &scale, &caller);
    if (engine) {
        check(hotjit_engine_set_recompile_hook(engine, recompile_hook, NULL) == HOTJIT_OK, "run 6: a recompile hook");
        int first = scale(4);
        check(first == 31 && info(engine, "scale").tier == 0 && statistics(engine).started_optimized == 0,
              "run 6: with the hook installed scale starts at tier 0");
        check(scale_is_right(scale, 3, 30) && recompile_hook_calls == 1 && info(engine, "scale").tier == 1,
              "run 6: the hook is asked at the threshold and scale tiers up");
        hotjit_engine_destroy(engine);
    }

    /* 6: a size limit of 1 byte. */
    snprintf(other, sizeof other, "%s/small", root);
    engine = make_engine(other, 1, 3, &scale, &caller);
    if (engine) {
        check(scale_is_right(scale, 3, 30) && info(engine, "scale").tier == 1, "run 7 (1-byte limit): scale tiers up");
        check(hotjit_engine_save_cache_profile(engine) == HOTJIT_OK, "run 7: the profile is saved");
        file_count = 0;
        nftw(other, count_file, 16, FTW_PHYS);
        check(file_count == 0, "run 7: saving it emptied the directory down to its limit");
        hotjit_engine_destroy(engine);
    }
    engine = make_engine(other, 1, 3, &scale, &caller);
    if (engine) {
        int first = scale(4);
        check(first == 31 && info(engine, "scale").tier == 0 && statistics(engine).optimized_hits == 0,
              "run 8: nothing was kept, scale starts at tier 0");
        hotjit_engine_destroy(engine);
    }

    /* 7: directories that cannot be used; no cache. */
    snprintf(file, sizeof file, "%s/regular-file", root);
    FILE *regular = fopen(file, "w");
    if (regular) fclose(regular);
    snprintf(under_file, sizeof under_file, "%s/cache", file);
    hotjit_options options;
    hotjit_options_init(&options);
    options.cache_directory = under_file;
    engine = NULL;
    check(hotjit_engine_create(&options, &engine) == HOTJIT_ERROR_IO && engine == NULL
          && strstr(hotjit_last_error(), under_file) != NULL,
          "a cache directory under a regular file: HOTJIT_ERROR_IO, the message names it");
    printf("      (%s)\n", hotjit_last_error());
    options.cache_directory = "";
    check(hotjit_engine_create(&options, &engine) == HOTJIT_ERROR_INVALID_ARGUMENT && engine == NULL
          && strstr(hotjit_last_error(), "cache_directory"), "cache_directory \"\" is refused");
    if (geteuid() != 0) {
        snprintf(read_only, sizeof read_only, "%s/read-only", root);
        mkdir(read_only, 0555);
        options.cache_directory = read_only;
        check(hotjit_engine_create(&options, &engine) == HOTJIT_ERROR_IO && engine == NULL
              && strstr(hotjit_last_error(), read_only) != NULL,
              "a read-only cache directory: HOTJIT_ERROR_IO, the message names it");
        chmod(read_only, 0755);
    } else {
        printf("skip: a read-only cache directory (root may write to it)\n");
    }
    check(hotjit_engine_create(NULL, &engine) == HOTJIT_OK && hotjit_engine_save_cache_profile(engine) == HOTJIT_OK,
          "without a cache, saving the profile does nothing and succeeds");
    hotjit_cache_statistics none = { .struct_size = sizeof none };
    check(hotjit_engine_cache_statistics(engine, &none) == HOTJIT_ERROR_NOT_FOUND,
          "without a cache, the statistics are HOTJIT_ERROR_NOT_FOUND");
    hotjit_engine_destroy(engine);

    check(nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS) == 0, "the temporary directory is removed");
    printf("%s\n", failures ? "code_cache: FAILED" : "code_cache: all checks passed");
    return failures ? 1 : 0;
}
