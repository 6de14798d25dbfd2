/* Modules as handles that can be removed (hotjit_engine_remove_module), as a runtime that compiles a module per
 * request uses them. Checks:
 *  1. 10,000 cycles of add -> call -> remove of a module defining the same function `sq` (and a variable it reads)
 *     each time with a new body: every call gives the new body's result, and the process's RSS
 *     (/proc/self/statm) and mapping count (/proc/self/maps lines) stay flat: the last 1,000 cycles add less than
 *     1 MiB and fewer than 20 mappings;
 *  2. removing a module another loaded module calls into is refused (HOTJIT_ERROR_IN_USE); once the caller is
 *     removed, it succeeds;
 *  3. a removed (stale) id is HOTJIT_ERROR_NOT_FOUND; 0, a made-up id and another engine's id are
 *     HOTJIT_ERROR_INVALID_ARGUMENT; nothing crashes;
 *  4. what removal cannot free yet is refused with HOTJIT_ERROR_UNSUPPORTED: optimized code, a constructor;
 *  5. the old calls (hotjit_engine_add_ir_memory) still work next to the new ones;
 *  6. four threads add, call and remove modules of one engine at once (each its own name), 500 cycles each.
 * Usage: module_removal [cycles] (default 10000). Exits 0 when every check holds. */
#include <hotjit.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "process_memory.h"

static int failures;

static void check(int ok, const char *what) {
    printf("%s %s\n", ok ? "ok:  " : "FAIL:", what);
    if (!ok) { printf("      last error: %s\n", hotjit_last_error()); failures++; }
}

static hotjit_status add(hotjit_engine *engine, const char *text, const char *name, hotjit_module_id *id) {
    return hotjit_engine_add_ir_memory_module(engine, text, strlen(text), name, id);
}

/* 1. The cycle: a module per request, the same names each time. */
static void cycles(int count) {
    hotjit_engine *engine = NULL;
    if (hotjit_engine_create(NULL, &engine) != HOTJIT_OK) { check(0, "engine created"); return; }
    long resident_at_mark = 0, mappings_at_mark = 0;
    int wrong = 0, refused = 0;
    char text[512];
    for (int cycle = 1; cycle <= count; cycle++) {
        snprintf(text, sizeof text,
                 "@offset = global i32 %d\n"
                 "define i32 @sq(i32 %%x) {\n"
                 "  %%s = mul i32 %%x, %%x\n"
                 "  %%o = load i32, ptr @offset\n"
                 "  %%r = add i32 %%s, %%o\n"
                 "  ret i32 %%r\n"
                 "}\n", cycle);
        hotjit_module_id id = 0;
        void *address = NULL;
        if (add(engine, text, "request.ll", &id) != HOTJIT_OK
            || hotjit_engine_lookup(engine, "sq", &address) != HOTJIT_OK) {
            printf("      cycle %d: %s\n", cycle, hotjit_last_error());
            refused++;
            break;
        }
        int result = ((int (*)(int))address)(7);
        if (result != 49 + cycle) wrong++;
        if (hotjit_engine_remove_module(engine, id) != HOTJIT_OK) {
            printf("      cycle %d: remove: %s\n", cycle, hotjit_last_error());
            refused++;
            break;
        }
        if (cycle % 1000 == 0) {
            long resident = resident_kib(), mappings = mapping_count();
            printf("      after %5d cycles: RSS %ld KiB, %ld mappings\n", cycle, resident, mappings);
            if (cycle == count - 1000) { resident_at_mark = resident; mappings_at_mark = mappings; }
        }
    }
    check(!refused, "every cycle added, called and removed its module");
    check(!wrong, "every call ran the newest body (the name was defined again each time)");
    if (count >= 2000 && !refused) {
        long grown = resident_kib() - resident_at_mark, more = mapping_count() - mappings_at_mark;
        printf("      last 1000 cycles: RSS %+ld KiB, %+ld mappings\n", grown, more);
        check(grown < 1024, "the last 1000 cycles grew RSS by less than 1 MiB");
        check(more < 20, "the last 1000 cycles added fewer than 20 mappings");
    }
    hotjit_engine_destroy(engine);
}

static const char callee[] = "define i32 @base(i32 %x) {\n  %r = add i32 %x, 1\n  ret i32 %r\n}\n";
static const char caller[] =
    "declare i32 @base(i32)\n"
    "define i32 @twice(i32 %x) {\n  %a = call i32 @base(i32 %x)\n  %b = call i32 @base(i32 %a)\n  ret i32 %b\n}\n";

/* 2, 3, 5. */
static void refusals(void) {
    hotjit_engine *engine = NULL, *other = NULL;
    if (hotjit_engine_create(NULL, &engine) != HOTJIT_OK || hotjit_engine_create(NULL, &other) != HOTJIT_OK) {
        check(0, "engines created");
        return;
    }
    hotjit_module_id base = 0, twice = 0, foreign = 0;
    check(add(engine, callee, "base.ll", &base) == HOTJIT_OK && base != 0, "add returns a module id");
    check(add(engine, caller, "twice.ll", &twice) == HOTJIT_OK && twice != base, "ids differ");
    void *address = NULL;
    check(hotjit_engine_lookup(engine, "twice", &address) == HOTJIT_OK && ((int (*)(int))address)(1) == 3,
          "the caller calls into the callee's module");
    check(hotjit_engine_remove_module(engine, base) == HOTJIT_ERROR_IN_USE
          && strstr(hotjit_last_error(), "twice.ll") != NULL && strstr(hotjit_last_error(), "base") != NULL,
          "removing a module another module calls into is HOTJIT_ERROR_IN_USE, naming both");
    check(((int (*)(int))address)(5) == 7, "the refused module still runs");
    check(hotjit_engine_remove_module(engine, twice) == HOTJIT_OK, "the caller's module is removed");
    check(hotjit_engine_remove_module(engine, base) == HOTJIT_OK, "then the callee's");
    check(hotjit_engine_lookup(engine, "base", &address) == HOTJIT_ERROR_NOT_FOUND, "its names are gone");
    check(hotjit_engine_remove_module(engine, base) == HOTJIT_ERROR_NOT_FOUND,
          "a removed id is HOTJIT_ERROR_NOT_FOUND");
    check(hotjit_engine_remove_module(engine, 0) == HOTJIT_ERROR_INVALID_ARGUMENT, "id 0 is invalid");
    check(hotjit_engine_remove_module(engine, 0x1234567890abcdefULL) == HOTJIT_ERROR_INVALID_ARGUMENT,
          "a made-up id is invalid");
    check(add(other, callee, "base.ll", &foreign) == HOTJIT_OK
          && hotjit_engine_remove_module(engine, foreign) == HOTJIT_ERROR_INVALID_ARGUMENT,
          "another engine's id is invalid");
    check(hotjit_engine_remove_module(NULL, foreign) == HOTJIT_ERROR_INVALID_ARGUMENT, "a NULL engine is invalid");
    check(hotjit_engine_add_ir_memory(engine, callee, strlen(callee), "base-again.ll") == HOTJIT_OK
          && hotjit_engine_lookup(engine, "base", &address) == HOTJIT_OK && ((int (*)(int))address)(1) == 2,
          "the old add call defines a removed name again");
    check(strcmp(hotjit_status_name(HOTJIT_ERROR_IN_USE), "HOTJIT_ERROR_IN_USE") == 0, "the new status has a name");
    hotjit_engine_destroy(other);
    hotjit_engine_destroy(engine);
}

static const char hot[] = "define i32 @hot(i32 %x) {\n  %r = mul i32 %x, 3\n  ret i32 %r\n}\n";
static const char with_constructor[] =
    "@counter = global i32 0\n"
    "@llvm.global_ctors = appending global [1 x { i32, ptr, ptr }] [{ i32, ptr, ptr } { i32 65535, ptr @init, "
    "ptr null }]\n"
    "define void @init() {\n  store i32 1, ptr @counter\n  ret void\n}\n";

/* 4. */
static void unsupported(void) {
    hotjit_engine *engine = NULL;
    if (hotjit_engine_create(NULL, &engine) != HOTJIT_OK) { check(0, "engine created"); return; }
    hotjit_module_id optimized = 0, constructed = 0;
    void *address = NULL;
    check(add(engine, hot, "hot.ll", &optimized) == HOTJIT_OK
          && hotjit_engine_recompile(engine, "hot", 2, 1) == HOTJIT_OK
          && hotjit_engine_lookup(engine, "hot", &address) == HOTJIT_OK,
          "a function recompiled at the optimizing tier");
    check(hotjit_engine_remove_module(engine, optimized) == HOTJIT_ERROR_UNSUPPORTED
          && strstr(hotjit_last_error(), "optimized") != NULL,
          "its module's removal is HOTJIT_ERROR_UNSUPPORTED (optimized code is not freed yet)");
    check(((int (*)(int))address)(4) == 12, "and it still runs");
    check(add(engine, with_constructor, "ctor.ll", &constructed) == HOTJIT_OK
          && hotjit_engine_remove_module(engine, constructed) == HOTJIT_ERROR_UNSUPPORTED
          && strstr(hotjit_last_error(), "constructors") != NULL,
          "a module with a static constructor is HOTJIT_ERROR_UNSUPPORTED");
    hotjit_engine_destroy(engine);
}

struct worker { hotjit_engine *engine; int number; int failures; };

static void *work(void *argument) {
    struct worker *worker = argument;
    char text[256];
    for (int cycle = 0; cycle < 500; cycle++) {
        snprintf(text, sizeof text, "define i32 @f%d(i32 %%x) {\n  %%r = add i32 %%x, %d\n  ret i32 %%r\n}\n",
                 worker->number, cycle);
        char name[16];
        snprintf(name, sizeof name, "f%d", worker->number);
        hotjit_module_id id = 0;
        void *address = NULL;
        if (add(worker->engine, text, "thread.ll", &id) != HOTJIT_OK
            || hotjit_engine_lookup(worker->engine, name, &address) != HOTJIT_OK
            || ((int (*)(int))address)(1) != 1 + cycle
            || hotjit_engine_remove_module(worker->engine, id) != HOTJIT_OK) {
            worker->failures++;
        }
    }
    return NULL;
}

/* 6. */
static void threads(void) {
    hotjit_engine *engine = NULL;
    if (hotjit_engine_create(NULL, &engine) != HOTJIT_OK) { check(0, "engine created"); return; }
    struct worker workers[4];
    pthread_t ids[4];
    int failed = 0;
    for (int i = 0; i < 4; i++) {
        workers[i] = (struct worker){ engine, i, 0 };
        pthread_create(&ids[i], NULL, work, &workers[i]);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(ids[i], NULL);
        failed += workers[i].failures;
    }
    check(failed == 0, "four threads added, called and removed 500 modules each at once");
    hotjit_engine_destroy(engine);
}

int main(int argc, char **argv) {
    int count = argc > 1 ? atoi(argv[1]) : 10000;
    refusals();
    unsupported();
    threads();
    cycles(count);
    if (failures) printf("%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
