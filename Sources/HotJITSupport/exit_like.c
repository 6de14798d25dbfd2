// Doing what `exit` does for the program before the process's own exit handlers, for a process that ends with `_exit`
// (hotjit-run's exit while a compile is in flight: `exit` would destroy LLVM's statics under it, and waiting for it
// costs up to seconds of O3 for code nothing will run).
#define _GNU_SOURCE
#include "hotjit_support.h"
#include <dlfcn.h>
#include <stdio.h>

/// A libstdc++ stream and its `flush` member, by mangled name; nothing when libstdc++ is not loaded.
static void flush_stream(const char *stream_name, const char *flush_name) {
    void *stream = dlsym(RTLD_DEFAULT, stream_name);
    void *flush = dlsym(RTLD_DEFAULT, flush_name);
    if (stream && flush) ((void *(*)(void *))flush)(stream);
}

void hotjit_finish_like_exit(void) {
    // As `exit` does first: the calling thread's C++ thread_local destructors (glibc's `__call_tls_dtors`).
    void (*call_tls_dtors)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "__call_tls_dtors");
    if (call_tls_dtors) call_tls_dtors();
    // C++ streams next: with sync_with_stdio(false), std::cout has a buffer of its own that libstdc++'s exit-time
    // destructor would flush.
    flush_stream("_ZSt4cout", "_ZNSo5flushEv");
    flush_stream("_ZSt5wcout", "_ZNSt13basic_ostreamIwSt11char_traitsIwEE5flushEv");
    fflush(NULL);
}
