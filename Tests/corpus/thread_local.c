/* C thread-local storage: _Thread_local / __thread scalars, arrays and
 * pointers; every thread sees fresh initial values, addresses differ per
 * thread, and the main thread's copies are unaffected. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

_Thread_local int tl_counter = 5;
static _Thread_local long tl_array[4] = { 1, 2, 3, 4 };
static __thread int *tl_ptr;
static __thread const char *tl_name = "unnamed";

#define NTHREADS 4
struct Result { int counter_at_start, counter; long array_sum; int ptr_ok, addr_differs; };
static struct Result results[NTHREADS];
static int *main_counter_addr;
static const char *names[NTHREADS] = { "t0", "t1", "t2", "t3" };

__attribute__((noinline)) static int *counter_addr(void) { return &tl_counter; }
__attribute__((noinline)) static void bump(int times) {
    for (int i = 0; i < times; i++)
        tl_counter++;
}

static void *worker(void *arg) {
    int id = (int)(intptr_t)arg;
    struct Result *r = &results[id];
    r->counter_at_start = tl_counter;
    tl_name = names[id];
    bump(1000 * (id + 1));
    for (int k = 0; k < 4; k++)
        tl_array[k] *= id + 2;
    tl_ptr = &tl_counter;
    r->counter = *tl_ptr;
    for (int k = 0; k < 4; k++)
        r->array_sum += tl_array[k];
    r->ptr_ok = tl_ptr == counter_addr();
    r->addr_differs = counter_addr() != main_counter_addr;
    return (void *)tl_name;
}

int main(void) {
    main_counter_addr = counter_addr();
    tl_counter = 77; /* must not leak into the threads */
    tl_array[0] = 1000;
    pthread_t th[NTHREADS];
    for (int i = 0; i < NTHREADS; i++)
        pthread_create(&th[i], NULL, worker, (void *)(intptr_t)i);
    for (int i = 0; i < NTHREADS; i++) {
        void *name;
        pthread_join(th[i], &name);
        struct Result *r = &results[i];
        printf("thread %d (%s): start=%d counter=%d array_sum=%ld ptr_ok=%d addr_differs=%d\n", i,
               (const char *)name, r->counter_at_start, r->counter, r->array_sum, r->ptr_ok,
               r->addr_differs);
    }
    printf("main: counter=%d array=%ld,%ld,%ld,%ld name=%s ptr=%s\n", tl_counter, tl_array[0],
           tl_array[1], tl_array[2], tl_array[3], tl_name, tl_ptr ? "set" : "null");
    return tl_counter - 70;
}
