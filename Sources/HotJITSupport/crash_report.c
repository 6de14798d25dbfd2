#define _GNU_SOURCE
#include "hotjit_support.h"
#include <dlfcn.h>
#include <execinfo.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Crash reporting for hotjit-run: on a fatal signal, name the signal and the faulting address, then walk the stack
 * (libgcc's unwinder, which also walks JIT'd frames because their EH frames are registered) and name every frame:
 * JIT'd code through the symbolizer hotjit registered, native code through dladdr. Then the signal is re-raised with
 * its default action, so the process ends with the conventional status (128 + signal) and a core dump if enabled. */

static hotjit_symbolizer crash_symbolizer;
static void *crash_context;
static char alternate_stack[1 << 16];

static void say(const char *text) {
    size_t length = strlen(text);
    while (length > 0) {
        ssize_t written = write(2, text, length);
        if (written <= 0) return;
        text += written;
        length -= (size_t)written;
    }
}

static const char *signal_name(int signal) {
    switch (signal) {
    case SIGSEGV: return "SIGSEGV (segmentation fault)";
    case SIGBUS: return "SIGBUS (bus error)";
    case SIGILL: return "SIGILL (illegal instruction)";
    case SIGFPE: return "SIGFPE (arithmetic exception)";
    case SIGABRT: return "SIGABRT (aborted)";
    default: return "signal";
    }
}

static void handle_crash(int signal, siginfo_t *info, void *ucontext) {
    (void)ucontext;
    char line[1024];
    snprintf(line, sizeof line, "\nhotjit-run: fatal %s at address %p\nbacktrace:\n", signal_name(signal), info ? info->si_addr : NULL);
    say(line);
    void *frames[64];
    int count = backtrace(frames, 64);
    for (int i = 0; i < count; i++) {
        uintptr_t address = (uintptr_t)frames[i];
        char name[512];
        name[0] = 0;
        /* Return addresses point after the call: look up address - 1 so a call at a function's end stays inside. */
        if (crash_symbolizer && crash_symbolizer(crash_context, (uint64_t)(i == 0 ? address : address - 1), name, sizeof name) && name[0]) {
            snprintf(line, sizeof line, "  #%-2d 0x%016lx %s (JIT)\n", i, (unsigned long)address, name);
        } else {
            Dl_info dl;
            if (dladdr((void *)address, &dl) && dl.dli_fname) {
                const char *file = strrchr(dl.dli_fname, '/');
                snprintf(line, sizeof line, "  #%-2d 0x%016lx %s+0x%lx (%s)\n", i, (unsigned long)address,
                         dl.dli_sname ? dl.dli_sname : "??", (unsigned long)(address - (uintptr_t)(dl.dli_sname ? dl.dli_saddr : dl.dli_fbase)),
                         file ? file + 1 : dl.dli_fname);
            } else {
                snprintf(line, sizeof line, "  #%-2d 0x%016lx ??\n", i, (unsigned long)address);
            }
        }
        say(line);
    }

    struct sigaction fallback;
    memset(&fallback, 0, sizeof fallback);
    fallback.sa_handler = SIG_DFL;
    sigaction(signal, &fallback, NULL);
    raise(signal);
}

void hotjit_install_crash_handler(hotjit_symbolizer symbolizer, void *context) {
    crash_symbolizer = symbolizer;
    crash_context = context;
    void *warm[1];
    backtrace(warm, 1);                      /* loads libgcc's unwinder now, not inside the handler */
    stack_t stack = { .ss_sp = alternate_stack, .ss_size = sizeof alternate_stack, .ss_flags = 0 };
    sigaltstack(&stack, NULL);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = handle_crash;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESETHAND;
    sigemptyset(&action.sa_mask);
    int signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT };
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) sigaction(signals[i], &action, NULL);
}
