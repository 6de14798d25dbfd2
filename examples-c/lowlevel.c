/* Drives hotjit's stub table, callback manager and emitters with the host's own C functions: no LLVM involved.
 * Exits 0 when every check holds; prints each check. */
#include <hotjit.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int failures;
#define CHECK(cond, ...) do { if (cond) { printf("ok: "); printf(__VA_ARGS__); printf("\n"); } \
    else { printf("FAIL: "); printf(__VA_ARGS__); printf("  (%s:%d)\n", __FILE__, __LINE__); failures++; } } while (0)

/* A "compiled function" with more arguments than there are argument registers. */
typedef double (*wide_fn)(long, long, long, long, long, long, long, long, long, long,
                          double, double, double, double, double, double, double, double, double, double);

static double wide_target(long a, long b, long c, long d, long e, long f, long g, long h, long i, long j,
                          double x0, double x1, double x2, double x3, double x4, double x5, double x6, double x7,
                          double x8, double x9) {
    return (double)(a + 2*b + 3*c + 4*d + 5*e + 6*f + 7*g + 8*h + 9*i + 10*j)
        + x0 + 2*x1 + 3*x2 + 4*x3 + 5*x4 + 6*x5 + 7*x6 + 8*x7 + 9*x8 + 10*x9;
}

static long other_target(long x) { return x * 3 + 1; }

/* Where a call-counting thunk goes once its count is used up (a JIT would recompile here). */
static int trigger_calls;
static double count_trigger(long a, long b, long c, long d, long e, long f, long g, long h, long i, long j,
                            double x0, double x1, double x2, double x3, double x4, double x5, double x6, double x7,
                            double x8, double x9) {
    trigger_calls++;
    return -wide_target(a, b, c, d, e, f, g, h, i, j, x0, x1, x2, x3, x4, x5, x6, x7, x8, x9);
}

struct compile_log { int calls; uint32_t last_id; void *result; pthread_mutex_t lock; };

/* The host's "compiler": counts its calls and clobbers what it can before answering. */
static void *compile(void *user_data, uint32_t trampoline_id) {
    struct compile_log *log = user_data;
    pthread_mutex_lock(&log->lock);
    log->calls++;
    log->last_id = trampoline_id;
    pthread_mutex_unlock(&log->lock);
    volatile double junk = 0;
    for (int k = 0; k < 100; k++) junk += k * 1.5;   /* uses vector registers */
    usleep(10000);                                    /* lets concurrent first callers pile up */
    return log->result;
}

#define ARGS 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5

static void *call_stub(void *stub) {
    double *result = malloc(sizeof *result);
    *result = ((wide_fn)stub)(ARGS);
    return result;
}

static void check_maps(void *stub, void *slot_target_holder) {
    (void)slot_target_holder;
    FILE *maps = fopen("/proc/self/maps", "r");
    char line[512];
    int wx = 0, stub_rx = 0;
    uintptr_t s = (uintptr_t)stub;
    while (fgets(line, sizeof line, maps)) {
        uintptr_t lo, hi; char perms[5];
        if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) != 3) continue;
        if (perms[1] == 'w' && perms[2] == 'x') wx++;
        if (s >= lo && s < hi) stub_rx = strcmp(perms, "r-xp") == 0;
    }
    fclose(maps);
    CHECK(wx == 0, "no mapping is writable and executable at once");
    CHECK(stub_rx, "stubs live in read+execute pages");
}

int main(void) {
    /* Emitters: every supported architecture can be asked for its bytes. */
    hotjit_arch arches[8];
    size_t count = hotjit_arch_list(arches, 8);
    CHECK(count >= 1, "%zu architecture(s) supported", count);
    for (size_t k = 0; k < count && k < 8; k++) {
        hotjit_arch_layout layout = { .struct_size = sizeof layout };
        unsigned char buffer[4096];
        size_t size = 0;
        hotjit_status s1 = hotjit_arch_get_layout(arches[k], &layout);
        hotjit_status s2 = hotjit_arch_emit_stubs(arches[k], 0x10000, 0x20000, 4, buffer, sizeof buffer, &size);
        CHECK(s1 == HOTJIT_OK && s2 == HOTJIT_OK && size == 4 * layout.stub_size,
              "%s: stub %u B, trampoline %u B, resolver %u B, call-counting thunk %u B", hotjit_arch_name(arches[k]),
              layout.stub_size, layout.trampoline_size, layout.resolver_size, layout.counting_thunk_size);
        s2 = hotjit_arch_emit_resolver(arches[k], 0x10000, 0x1234, 0x5678, buffer, 4, &size);
        CHECK(s2 == HOTJIT_ERROR_INVALID_ARGUMENT && size == layout.resolver_size,
              "%s: a short buffer is refused and the size reported", hotjit_arch_name(arches[k]));
    }
    CHECK(hotjit_arch_host() == HOTJIT_ARCH_X86_64 || hotjit_arch_host() != HOTJIT_ARCH_NONE, "host architecture is %s",
          hotjit_arch_name(hotjit_arch_host()));

    /* A call-counting thunk of the host's, run: code in a read+execute page, its record (counter, target, trigger)
     * in a read-write one. Three counted calls: two reach the target, the third (count used up) the trigger. */
    hotjit_arch_layout host_layout = { .struct_size = sizeof host_layout };
    hotjit_arch_get_layout(hotjit_arch_host(), &host_layout);
    if (host_layout.counting_thunk_size > 0) {
        long page = sysconf(_SC_PAGESIZE);
        unsigned char *code = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        uint64_t *record = (uint64_t *)(code + page);
        size_t size = 0;
        hotjit_status s = hotjit_arch_emit_counting_thunks(hotjit_arch_host(), (uint64_t)(uintptr_t)code,
                                                           (uint64_t)(uintptr_t)record, 1, code, page, &size);
        __builtin___clear_cache((char *)code, (char *)code + size);
        CHECK(s == HOTJIT_OK && size == host_layout.counting_thunk_size
              && mprotect(code, page, PROT_READ | PROT_EXEC) == 0,
              "a call-counting thunk of %u bytes, mapped read+execute", host_layout.counting_thunk_size);
        record[0] = 3;
        record[1] = (uint64_t)(uintptr_t)wide_target;
        record[2] = (uint64_t)(uintptr_t)count_trigger;
        double expected = wide_target(ARGS), first = ((wide_fn)code)(ARGS), second = ((wide_fn)code)(ARGS);
        CHECK(first == expected && second == expected && record[0] == 1 && trigger_calls == 0,
              "two counted calls reach the target with their 20 arguments (counter 3 -> 1)");
        CHECK(((wide_fn)code)(ARGS) == -expected && record[0] == 0 && trigger_calls == 1,
              "the call that uses the count up reaches the trigger, arguments intact");
        munmap(code, 2 * page);
    }
    CHECK(hotjit_arch_emit_counting_thunks(HOTJIT_ARCH_PPC64, 0x10000, 0x20000, 1, NULL, 0, NULL)
          == HOTJIT_ERROR_UNSUPPORTED,
          "ppc64 (ELFv1) has no call-counting thunks: %s", hotjit_last_error());

    /* Stub table alone. */
    hotjit_stub_table *table = NULL;
    CHECK(hotjit_stub_table_create(3, &table) == HOTJIT_OK && hotjit_stub_table_count(table) == 3, "stub table of 3");
    void *stub0 = NULL, *stub1 = NULL, *stub2 = NULL, *target = NULL;
    hotjit_stub_table_stub_address(table, 0, &stub0);
    hotjit_stub_table_stub_address(table, 1, &stub1);
    hotjit_stub_table_stub_address(table, 2, &stub2);
    hotjit_stub_table_set_target(table, 1, (void *)other_target);
    CHECK(((long (*)(long))stub1)(5) == 16, "a stub jumps to the target set for it");
    hotjit_stub_table_get_target(table, 1, &target);
    CHECK(target == (void *)other_target, "a stub's target reads back");
    CHECK(hotjit_stub_table_set_target(table, 7, NULL) == HOTJIT_ERROR_INVALID_ARGUMENT
          && strstr(hotjit_last_error(), "out of range"),
          "an out-of-range index is refused: %s", hotjit_last_error());

    /* Callback manager: lazy stubs. */
    hotjit_callback_manager *manager = NULL;
    CHECK(hotjit_callback_manager_create(&manager) == HOTJIT_OK, "callback manager");
    struct compile_log log = { 0, 0, (void *)wide_target, PTHREAD_MUTEX_INITIALIZER };
    uint32_t id = 99;
    CHECK(hotjit_callback_manager_create_lazy_stub(manager, table, 0, compile, &log, &id) == HOTJIT_OK,
          "lazy stub, trampoline id %u", id);
    pthread_t threads[8];
    for (int k = 0; k < 8; k++) pthread_create(&threads[k], NULL, call_stub, stub0);
    double expected = wide_target(ARGS);
    int all_equal = 1;
    for (int k = 0; k < 8; k++) {
        void *result; pthread_join(threads[k], &result);
        all_equal &= *(double *)result == expected;
        free(result);
    }
    CHECK(all_equal, "8 concurrent first calls all received their 20 arguments intact (%.1f)", expected);
    CHECK(log.calls == 1 && log.last_id == id, "the callback ran exactly once, with the trampoline's id");
    hotjit_stub_table_get_target(table, 0, &target);
    CHECK(target == (void *)wide_target, "the stub's slot was re-pointed at the compiled function");
    CHECK(((wide_fn)stub0)(ARGS) == expected && log.calls == 1, "a later call goes straight there (no callback)");

    /* A plain trampoline, and a second lazy stub reaching its own target. */
    struct compile_log log2 = { 0, 0, (void *)other_target, PTHREAD_MUTEX_INITIALIZER };
    void *trampoline = NULL;
    uint32_t id2 = 0;
    CHECK(hotjit_callback_manager_create_trampoline(manager, compile, &log2, &id2, &trampoline) == HOTJIT_OK
          && id2 != id,
          "a second trampoline (id %u)", id2);
    CHECK(((long (*)(long))trampoline)(10) == 31 && ((long (*)(long))trampoline)(1) == 4 && log2.calls == 1,
          "a trampoline resolves once and then forwards to its target");
    CHECK(hotjit_callback_manager_create_lazy_stub(manager, table, 2, compile, &log2, NULL) == HOTJIT_OK &&
          ((long (*)(long))stub2)(2) == 7 && log2.calls == 2, "another lazy stub reaches its own target");
    CHECK(hotjit_callback_manager_create_trampoline(manager, NULL, NULL, NULL, NULL) == HOTJIT_ERROR_INVALID_ARGUMENT,
          "a NULL callback is refused: %s", hotjit_last_error());

    check_maps(stub0, NULL);
    hotjit_callback_manager_destroy(manager);
    hotjit_stub_table_destroy(table);
    printf("%s\n", failures ? "lowlevel: FAILED" : "lowlevel: all checks passed");
    return failures ? 1 : 0;
}
