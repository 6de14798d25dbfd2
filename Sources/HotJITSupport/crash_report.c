#define _GNU_SOURCE
#include "hotjit_support.h"
#include <dlfcn.h>
#include <execinfo.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

/* Crash reporting for hotjit-run: on a fatal signal, name the signal and the faulting address, then walk the stack
 * (libgcc's unwinder, which also walks JIT'd frames because their EH frames are registered) and name every frame:
 * JIT'd code through the symbolizer hotjit registered, native code through dladdr. Then the signal is re-raised with
 * its default action, so the process ends with the conventional status (128 + signal) and a core dump if enabled.
 *
 * Everything here runs inside a signal handler that may have interrupted malloc or a lock holder, so it formats with
 * its own code into stack buffers and writes with write(2): no stdio (snprintf may allocate and takes locale
 * locks), no backtrace_symbols (it mallocs). What remains outside POSIX's async-signal-safe list: backtrace() (its
 * first call dlopens libgcc_s and allocates, hence the call at install time) and dladdr (it takes glibc's recursive
 * loader lock: it waits only if another thread is inside dlopen/dlclose at that moment). */

static hotjit_symbolizer crash_symbolizer;
static void *crash_context;
static char alternate_stack[1 << 16];

/* A line being formatted into a fixed buffer; what does not fit is dropped (as snprintf truncates). */
struct line {
    char *text;
    size_t length, capacity;   /* capacity counts the terminating NUL */
};

static void put_char(struct line *line, char c) {
    if (line->length + 1 < line->capacity) line->text[line->length++] = c;
    line->text[line->length] = 0;
}

static void put_text(struct line *line, const char *text) {
    while (*text) put_char(line, *text++);
}

/* Lowercase hex of `value`, at least `digits` digits (zero-padded). */
static void put_hex(struct line *line, uint64_t value, int digits) {
    char reversed[16];
    int count = 0;
    do { reversed[count++] = "0123456789abcdef"[value & 15]; value >>= 4; } while (value != 0);
    for (int i = count; i < digits; i++) put_char(line, '0');
    while (count > 0) put_char(line, reversed[--count]);
}

/* `value` in decimal, left-justified in `width` columns (printf's %-Nd). */
static void put_decimal(struct line *line, int value, int width) {
    char reversed[12];
    int count = 0;
    unsigned magnitude = value < 0 ? 0u - (unsigned)value : (unsigned)value;
    do { reversed[count++] = (char)('0' + magnitude % 10); magnitude /= 10; } while (magnitude != 0);
    int printed = count + (value < 0);
    if (value < 0) put_char(line, '-');
    while (count > 0) put_char(line, reversed[--count]);
    for (; printed < width; printed++) put_char(line, ' ');
}

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

/* "  #N  0x0000... " (printf's "  #%-2d 0x%016lx "): the start of every frame line. */
static void put_frame(struct line *line, int index, uintptr_t address) {
    put_text(line, "  #");
    put_decimal(line, index, 2);
    put_text(line, " 0x");
    put_hex(line, address, 16);
    put_char(line, ' ');
}

static void handle_crash(int signal, siginfo_t *info, void *ucontext) {
    (void)ucontext;
    char text[1024];
    struct line line = { text, 0, sizeof text };
    text[0] = 0;
    put_text(&line, "\nhotjit-run: fatal ");
    put_text(&line, signal_name(signal));
    put_text(&line, " at address ");
    uintptr_t fault = info ? (uintptr_t)info->si_addr : 0;
    if (fault) { put_text(&line, "0x"); put_hex(&line, fault, 1); } else put_text(&line, "(nil)");  /* as %p */
    put_text(&line, "\nbacktrace:\n");
    say(text);
    void *frames[64];
    int count = backtrace(frames, 64);
    for (int i = 0; i < count; i++) {
        uintptr_t address = (uintptr_t)frames[i];
        char name[512];
        name[0] = 0;
        line.length = 0;
        text[0] = 0;
        put_frame(&line, i, address);
        /* Return addresses point after the call: look up address - 1 so a call at a function's end stays inside. */
        uint64_t lookup = (uint64_t)(i == 0 ? address : address - 1);
        if (crash_symbolizer && crash_symbolizer(crash_context, lookup, name, sizeof name) && name[0]) {
            put_text(&line, name);
            put_text(&line, " (JIT)\n");
        } else {
            Dl_info dl;
            if (dladdr((void *)address, &dl) && dl.dli_fname) {
                const char *file = strrchr(dl.dli_fname, '/');
                put_text(&line, dl.dli_sname ? dl.dli_sname : "??");
                put_text(&line, "+0x");
                put_hex(&line, address - (uintptr_t)(dl.dli_sname ? dl.dli_saddr : dl.dli_fbase), 1);
                put_text(&line, " (");
                put_text(&line, file ? file + 1 : dl.dli_fname);
                put_text(&line, ")\n");
            } else {
                put_text(&line, "??\n");
            }
        }
        if (line.length > 0 && text[line.length - 1] != '\n') text[line.length - 1] = '\n';  /* truncated line */
        say(text);
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

/* "NAME [KIND]" as CodeMap.Entry.label spells it: [t0], [stub], [trampoline], [resolver], [call-counting thunks]. */
static void put_label(struct line *line, const hotjit_code_range *range) {
    static const char *const kinds[] = { "", " [stub]", " [trampoline]", " [resolver]", " [call-counting thunks]" };
    put_text(line, range->name);
    if (range->kind == 0) {
        put_text(line, " [t");
        put_decimal(line, range->tier, 1);
        put_char(line, ']');
    } else if (range->kind > 0 && range->kind < (int32_t)(sizeof kinds / sizeof kinds[0])) {
        put_text(line, kinds[range->kind]);
    }
}

/* The snapshot's range containing `address` (an empty range covers its start byte), or NULL. A linear scan: the
 * ranges are in the order they were added, and a crash report can afford it. */
static const hotjit_code_range *find_range(const hotjit_code_snapshot *snapshot, uint64_t address) {
    uint64_t count = hotjit_atomic_load_acquire_u64(&snapshot->count);
    for (uint64_t i = 0; i < count; i++) {
        const hotjit_code_range *range = &snapshot->ranges[i];
        uint64_t size = range->size > 0 ? range->size : 1;
        if (address >= range->start && address - range->start < size) return range;
    }
    return NULL;
}

int hotjit_code_index_symbolize(void *context, uint64_t address, char *buffer, size_t capacity) {
    hotjit_code_index *index = context;
    if (!index || !buffer || capacity == 0) return 0;
    __atomic_fetch_add(&index->readers, 1, __ATOMIC_SEQ_CST);
    const hotjit_code_snapshot *snapshot =
        (const hotjit_code_snapshot *)(uintptr_t)__atomic_load_n(&index->snapshot, __ATOMIC_SEQ_CST);
    const hotjit_code_range *range = snapshot ? find_range(snapshot, address) : NULL;
    if (range) {
        struct line line = { buffer, 0, capacity };
        buffer[0] = 0;
        put_label(&line, range);
        put_text(&line, "+0x");
        put_hex(&line, address - range->start, 1);
    }
    __atomic_fetch_sub(&index->readers, 1, __ATOMIC_SEQ_CST);
    return range != NULL;
}
