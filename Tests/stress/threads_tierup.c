/* Stress test for hotjit's tier-up under threads (scripts/stress.sh).
 *
 * 8 threads start together (barrier) and each calls 200 small generated functions thousands of times, in a different
 * order per thread: through a function-pointer table, through a 200-way switch of direct calls, and through recursive
 * and mutually recursive functions (some recursing through the table). With low thresholds every function tiers up
 * while other threads are inside it or about to call it. Each thread accumulates its own checksum (and a _Thread_local
 * count); a mutex-protected shared counter and sum must not lose an update. The output is printed at the end, per
 * thread in thread-index order, and is identical for every run of a correct engine: compare it with the native build
 * of the same IR.
 *
 * Usage: threads_tierup [ROUNDS]   (default 300000 rounds per thread). Exit status 0, or 1 if an update was lost.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NFUNCS 200
#define NTHREADS 8

typedef uint64_t (*fn_t)(uint64_t);
extern fn_t const table[NFUNCS];

static _Thread_local uint64_t tls_calls; /* calls of the table functions by this thread */

static uint64_t rotl(uint64_t x, unsigned r) { return (x << r) | (x >> (64 - r)); }

/* f_I: a small function; some have a short loop (back-edges), every 8th calls f_{I/2} through the table (a call
 * chain of depth log2(I) into other tiering functions), every 5th touches the thread-local counter. */
#define DEF_F(I)                                                                       \
    uint64_t f_##I(uint64_t x) {                                                       \
        uint64_t r = x * (2u * (I) + 1u) + (I);                                        \
        for (unsigned j = 0; j < (I) % 5u; j++) r = rotl(r, 7) ^ (uint64_t)(j + (I)); \
        if ((I) % 8 == 0 && (I) > 0) r += table[(I) / 2](x >> 3);                      \
        if ((I) % 5 == 2) tls_calls++;                                                 \
        return r ^ (r >> 29);                                                          \
    }

#define REP10(M, B) M(B##0) M(B##1) M(B##2) M(B##3) M(B##4) M(B##5) M(B##6) M(B##7) M(B##8) M(B##9)
#define REP200(M)                                                                              \
    REP10(M, ) REP10(M, 1) REP10(M, 2) REP10(M, 3) REP10(M, 4) REP10(M, 5) REP10(M, 6) REP10(M, 7) \
    REP10(M, 8) REP10(M, 9) REP10(M, 10) REP10(M, 11) REP10(M, 12) REP10(M, 13) REP10(M, 14)     \
    REP10(M, 15) REP10(M, 16) REP10(M, 17) REP10(M, 18) REP10(M, 19)

REP200(DEF_F)

#define TABLE_ENTRY(I) f_##I,
fn_t const table[NFUNCS] = {REP200(TABLE_ENTRY)};

/* The same functions through direct calls (call sites the optimizing tier can inline). */
#define CASE_DIRECT(I) \
    case I: return f_##I(x) + 1;
static uint64_t call_direct(unsigned i, uint64_t x) {
    switch (i) {
        REP200(CASE_DIRECT)
    }
    return 0;
}

/* Recursion: plain, mutual, and through the table. */
static uint64_t rec_odd(unsigned n, uint64_t x);
static uint64_t rec_even(unsigned n, uint64_t x) { return n == 0 ? x : rec_odd(n - 1, x * 3 + n) ^ n; }
static uint64_t rec_odd(unsigned n, uint64_t x) { return n == 0 ? x + 1 : rec_even(n - 1, rotl(x, 11) + n); }
static uint64_t rec_sum(unsigned n, uint64_t x) { return n == 0 ? x : table[(n * 13) % NFUNCS](x) + rec_sum(n - 1, x + n); }
static uint64_t fib(unsigned n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t start_barrier;
static uint64_t shared_counter; /* guarded by lock */
static uint64_t shared_sum;     /* guarded by lock */
static unsigned rounds = 300000;

struct result {
    uint64_t checksum, tls, updates;
};
static struct result results[NTHREADS];

static void *worker(void *arg) {
    unsigned t = (unsigned)(uintptr_t)arg;
    static const unsigned strides[NTHREADS] = {1, 3, 7, 9, 11, 13, 17, 19}; /* coprime to 200: every function */
    unsigned stride = strides[t], offset = t * 37u;
    uint64_t acc = 0x9e3779b97f4a7c15ull ^ t, updates = 0;
    pthread_barrier_wait(&start_barrier);
    for (unsigned k = 0; k < rounds; k++) {
        unsigned i = (k * stride + offset) % NFUNCS;
        acc = rotl(acc, 5) ^ table[i](acc + k);                            /* through the table */
        acc += call_direct((NFUNCS - 1 - i + t) % NFUNCS, acc ^ k);       /* direct, reverse order */
        if (k % 16 == t % 16) acc ^= rec_even(10 + (k + t) % 9, acc);     /* mutual recursion */
        if (k % 64 == 7) acc += rec_sum(5 + t % 4, acc) + fib(8 + (k % 5)); /* recursion through the table */
        if (k % 32 == 0) {
            pthread_mutex_lock(&lock);
            shared_counter++;
            shared_sum += acc;
            pthread_mutex_unlock(&lock);
            updates++;
        }
    }
    results[t].checksum = acc;
    results[t].tls = tls_calls;
    results[t].updates = updates;
    return NULL;
}

int main(int argc, char **argv) {
    if (argc > 1) rounds = (unsigned)strtoul(argv[1], NULL, 10);
    pthread_t threads[NTHREADS];
    pthread_barrier_init(&start_barrier, NULL, NTHREADS);
    for (unsigned t = 0; t < NTHREADS; t++) {
        if (pthread_create(&threads[t], NULL, worker, (void *)(uintptr_t)t) != 0) {
            perror("pthread_create");
            return 2;
        }
    }
    for (unsigned t = 0; t < NTHREADS; t++) pthread_join(threads[t], NULL);
    pthread_barrier_destroy(&start_barrier);

    uint64_t expected_updates = 0;
    for (unsigned t = 0; t < NTHREADS; t++) {
        printf("thread %u: checksum %016llx tls_calls %llu updates %llu\n", t,
               (unsigned long long)results[t].checksum, (unsigned long long)results[t].tls,
               (unsigned long long)results[t].updates);
        expected_updates += results[t].updates;
    }
    printf("shared counter %llu (expected %llu), shared sum %016llx\n", (unsigned long long)shared_counter,
           (unsigned long long)expected_updates, (unsigned long long)shared_sum);
    if (shared_counter != expected_updates || expected_updates != (uint64_t)NTHREADS * ((rounds + 31) / 32)) {
        printf("LOST UPDATE\n");
        return 1;
    }
    printf("ok\n");
    return 0;
}
