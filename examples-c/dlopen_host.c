/* A host that finds hotjit at run time with dlopen (no link-time dependency, as a plugin system or a language
 * runtime would), feeds it IR from memory and calls JIT'd functions directly.
 *   cc dlopen_host.c -ldl -o dlopen_host && ./dlopen_host /path/to/libhotjit.so */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "hotjit.h"

static const char program[] =
    "define internal i32 @compare(ptr %a, ptr %b) {\n"
    "  %x = load i32, ptr %a\n  %y = load i32, ptr %b\n"
    "  %lt = icmp slt i32 %x, %y\n  %gt = icmp sgt i32 %x, %y\n"
    "  %r1 = select i1 %gt, i32 1, i32 0\n  %r = select i1 %lt, i32 -1, i32 %r1\n  ret i32 %r\n}\n"
    "declare void @qsort(ptr, i64, i64, ptr)\n"
    "define void @sort_ints(ptr %v, i64 %n) {\n  call void @qsort(ptr %v, i64 %n, i64 4, ptr @compare)\n  ret void\n}\n"
    "define i64 @square(i64 %x) {\n  %r = mul i64 %x, %x\n  ret i64 %r\n}\n"
    "@square_ptr = global ptr @square\n";

#define LOAD(name) name##_fn name = (name##_fn)dlsym(lib, #name); \
    if (!name) { fprintf(stderr, "missing %s\n", #name); return 1; }
typedef hotjit_status (*hotjit_engine_create_fn)(const hotjit_options *, hotjit_engine **);
typedef hotjit_status (*hotjit_engine_add_ir_memory_fn)(hotjit_engine *, const void *, size_t, const char *);
typedef hotjit_status (*hotjit_engine_lookup_fn)(hotjit_engine *, const char *, void **);
typedef void (*hotjit_engine_destroy_fn)(hotjit_engine *);
typedef const char *(*hotjit_last_error_fn)(void);

int main(int argc, char **argv) {
    void *lib = dlopen(argc > 1 ? argv[1] : "libhotjit.so", RTLD_NOW | RTLD_LOCAL);
    if (!lib) { fprintf(stderr, "dlopen: %s\n", dlerror()); return 1; }
    LOAD(hotjit_engine_create) LOAD(hotjit_engine_add_ir_memory) LOAD(hotjit_engine_lookup)
    LOAD(hotjit_engine_destroy) LOAD(hotjit_last_error)

    hotjit_engine *engine = NULL;
    if (hotjit_engine_create(NULL, &engine) != HOTJIT_OK ||
        hotjit_engine_add_ir_memory(engine, program, strlen(program), "embedded.ll") != HOTJIT_OK) {
        fprintf(stderr, "hotjit: %s\n", hotjit_last_error());
        return 1;
    }
    void *square = NULL, *square_ptr = NULL, *sort_ints = NULL;
    if (hotjit_engine_lookup(engine, "square", &square) || hotjit_engine_lookup(engine, "square_ptr", &square_ptr) ||
        hotjit_engine_lookup(engine, "sort_ints", &sort_ints)) {
        fprintf(stderr, "hotjit: %s\n", hotjit_last_error());
        return 1;
    }
    int ok = 1;
    long r = ((long (*)(long))square)(12);
    printf("square(12) = %ld\n", r);
    ok &= r == 144;
    printf("&square from lookup == &square stored in data: %s\n", *(void **)square_ptr == square ? "yes" : "no");
    ok &= *(void **)square_ptr == square;
    int values[] = { 5, -3, 9, 0, 2 };
    ((void (*)(int *, long))sort_ints)(values, 5);
    printf("sorted through qsort with a JIT'd comparator: %d %d %d %d %d\n", values[0], values[1], values[2],
           values[3], values[4]);
    ok &= values[0] == -3 && values[4] == 9;
    /* Symbolization: the host asks which JIT'd function an address belongs to (as a crash handler of its own would). */
    typedef hotjit_status (*hotjit_engine_symbolize_fn)(hotjit_engine *, const void *, hotjit_symbol *, char *, size_t);
    typedef hotjit_status (*hotjit_engine_function_info_fn)(hotjit_engine *, const char *, hotjit_function_info *);
    LOAD(hotjit_engine_symbolize) LOAD(hotjit_engine_function_info)
    hotjit_function_info info = { .struct_size = sizeof info };
    hotjit_engine_function_info(engine, "square", &info);
    hotjit_symbol symbol = { .struct_size = sizeof symbol };
    char name[64];
    ok &= hotjit_engine_symbolize(engine, (char *)info.code_address + 2, &symbol, name, sizeof name) == HOTJIT_OK
        && strcmp(name, "square") == 0 && symbol.kind == HOTJIT_CODE_FUNCTION && symbol.tier == 0 && symbol.offset == 2;
    printf("code_address+2 is %s [t%d]+%llu\n", name, symbol.tier, (unsigned long long)symbol.offset);
    ok &= hotjit_engine_symbolize(engine, square, &symbol, name, sizeof name) == HOTJIT_OK
        && symbol.kind == HOTJIT_CODE_STUB;
    printf("&square is %s's stub\n", name);
    void *missing = NULL;
    ok &= hotjit_engine_lookup(engine, "nope", &missing) == HOTJIT_ERROR_NOT_FOUND;
    printf("lookup of a missing name: %s\n", hotjit_last_error());
    hotjit_engine_destroy(engine);
    printf("%s\n", ok ? "dlopen_host: all checks passed" : "dlopen_host: FAILED");
    return ok ? 0 : 1;
}
