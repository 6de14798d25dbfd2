// GDB's JIT interface (https://sourceware.org/gdb/current/onlinedocs/gdb.html/JIT-Interface.html), as far as hotjit
// needs it beyond LLVM: LLVM registers each linked object with debug info, but has no way to unregister, so an engine
// that frees its code would leave gdb with entries describing freed memory. These functions find the process's
// descriptor (the one libLLVM defines, which gdb watches) and take entries out of it again.
#define _GNU_SOURCE
#include "hotjit_support.h"
#include <dlfcn.h>
#include <stddef.h>

struct jit_code_entry {
    struct jit_code_entry *next_entry;
    struct jit_code_entry *prev_entry;
    const char *symfile_addr;
    uint64_t symfile_size;
};

struct jit_descriptor {
    uint32_t version;
    uint32_t action_flag;   // 0 no action, 1 register, 2 unregister
    struct jit_code_entry *relevant_entry;
    struct jit_code_entry *first_entry;
};

static struct jit_descriptor *descriptor(void) {
    return (struct jit_descriptor *)dlsym(RTLD_DEFAULT, "__jit_debug_descriptor");
}

void *hotjit_gdb_jit_first_entry(void) {
    struct jit_descriptor *jit = descriptor();
    return jit ? jit->first_entry : NULL;
}

void *hotjit_gdb_jit_next_entry(void *entry) {
    return entry ? ((struct jit_code_entry *)entry)->next_entry : NULL;
}

int hotjit_gdb_jit_unregister(void *opaque) {
    struct jit_descriptor *jit = descriptor();
    void (*notify)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "__jit_debug_register_code");
    struct jit_code_entry *entry = opaque;
    if (!jit || !notify || !entry) return 0;
    if (entry->prev_entry) entry->prev_entry->next_entry = entry->next_entry;
    else jit->first_entry = entry->next_entry;
    if (entry->next_entry) entry->next_entry->prev_entry = entry->prev_entry;
    jit->relevant_entry = entry;
    jit->action_flag = 2;
    notify();   // gdb's breakpoint: it drops the symbol file of `relevant_entry`
    jit->relevant_entry = NULL;
    jit->action_flag = 0;
    // The entry itself was allocated by LLVM's C++ `new`: it is left allocated (32 bytes) rather than freed with the
    // wrong allocator.
    return 1;
}
