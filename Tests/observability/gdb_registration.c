/* A host that creates an engine with debug_jit, runs JIT'd code, and destroys the engine: every entry the engine added
 * to GDB's JIT interface (the process's __jit_debug_descriptor) must be gone again after destroy, so gdb never
 * describes freed code. Exit status 0 when that holds. Usage: gdb_registration [engines] */
#include <hotjit.h>
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct jit_code_entry { struct jit_code_entry *next_entry, *prev_entry; const char *symfile_addr; uint64_t symfile_size; };
struct jit_descriptor { uint32_t version, action_flag; struct jit_code_entry *relevant_entry, *first_entry; };

static int registered(void) {
    struct jit_descriptor *jit = dlsym(RTLD_DEFAULT, "__jit_debug_descriptor");
    int count = 0;
    for (struct jit_code_entry *entry = jit ? jit->first_entry : NULL; entry; entry = entry->next_entry) count++;
    return count;
}

static const char program[] =
    "define i64 @square(i64 %x) {\n  %r = mul i64 %x, %x\n  ret i64 %r\n}\n"
    "define i64 @sum_squares(i64 %n) {\nentry:\n  br label %loop\n"
    "loop:\n  %i = phi i64 [ 0, %entry ], [ %next, %loop ]\n  %acc = phi i64 [ 0, %entry ], [ %sum, %loop ]\n"
    "  %s = call i64 @square(i64 %i)\n  %sum = add i64 %acc, %s\n  %next = add i64 %i, 1\n"
    "  %done = icmp eq i64 %next, %n\n  br i1 %done, label %exit, label %loop\n"
    "exit:\n  ret i64 %sum\n}\n";

int main(int argc, char **argv) {
    int engines = argc > 1 ? atoi(argv[1]) : 2;
    int before = registered(), failures = 0;
    if (!dlsym(RTLD_DEFAULT, "__jit_debug_descriptor")) { printf("FAIL: no __jit_debug_descriptor in the process\n"); return 1; }
    for (int round = 0; round < engines; round++) {
        hotjit_options options;
        hotjit_options_init(&options);
        options.debug_jit = 1;
        options.call_threshold = 5;           /* tier 1 too: every version is registered */
        options.synchronous_tierup = 1;
        hotjit_engine *engine = NULL;
        void *sum_squares = NULL;
        if (hotjit_engine_create(&options, &engine) != HOTJIT_OK
            || hotjit_engine_add_ir_memory(engine, program, strlen(program), "registration.ll") != HOTJIT_OK
            || hotjit_engine_lookup(engine, "sum_squares", &sum_squares) != HOTJIT_OK) {
            printf("FAIL: %s\n", hotjit_last_error());
            return 1;
        }
        int64_t result = 0;
        for (int call = 0; call < 10; call++) result = ((int64_t (*)(int64_t))sum_squares)(100);
        int during = registered();
        hotjit_engine_destroy(engine);
        int after = registered();
        int ok = result == 328350 && during > before && after == before;
        if (!ok) failures++;
        printf("%s engine %d: %d GDB JIT entries before, %d while running (result %lld), %d after destroy\n",
               ok ? "ok:  " : "FAIL:", round, before, during, (long long)result, after);
    }
    return failures ? 1 : 0;
}
