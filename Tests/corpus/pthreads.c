/* pthreads: worker threads with private results joined in order, a mutex
 * protected shared counter, a condition-variable producer/consumer, thread
 * return values and pthread_once. All output happens after joins. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define NTHREADS 4
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long shared_counter;

struct Task { int id; long from, to; long primes; };

static int is_prime(long n) {
    if (n < 2)
        return 0;
    for (long d = 2; d * d <= n; d++)
        if (n % d == 0)
            return 0;
    return 1;
}

static void *worker(void *arg) {
    struct Task *t = arg;
    long count = 0;
    for (long n = t->from; n < t->to; n++)
        count += is_prime(n);
    t->primes = count;
    for (int i = 0; i < 5000; i++) {
        pthread_mutex_lock(&lock);
        shared_counter += t->id + 1;
        pthread_mutex_unlock(&lock);
    }
    return (void *)(intptr_t)(t->id * 10 + 1);
}

/* one-slot mailbox */
static pthread_mutex_t box_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t box_cond = PTHREAD_COND_INITIALIZER;
static int box_full, box_value;

static void *producer(void *arg) {
    int n = *(int *)arg;
    for (int i = 1; i <= n; i++) {
        pthread_mutex_lock(&box_lock);
        while (box_full)
            pthread_cond_wait(&box_cond, &box_lock);
        box_value = i;
        box_full = 1;
        pthread_cond_broadcast(&box_cond);
        pthread_mutex_unlock(&box_lock);
    }
    return NULL;
}

static void *consumer(void *arg) {
    int n = *(int *)arg;
    long sum = 0, weighted = 0;
    for (int i = 1; i <= n; i++) {
        pthread_mutex_lock(&box_lock);
        while (!box_full)
            pthread_cond_wait(&box_cond, &box_lock);
        sum += box_value;
        weighted += (long)box_value * i;
        box_full = 0;
        pthread_cond_broadcast(&box_cond);
        pthread_mutex_unlock(&box_lock);
    }
    static long result[2];
    result[0] = sum;
    result[1] = weighted;
    return result;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs;
static void init_once(void) { once_runs++; }
static void *once_user(void *arg) {
    (void)arg;
    pthread_once(&once, init_once);
    return NULL;
}

int main(void) {
    pthread_t th[NTHREADS];
    struct Task tasks[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        tasks[i] = (struct Task){ i, i * 10000L, (i + 1) * 10000L, 0 };
        pthread_create(&th[i], NULL, worker, &tasks[i]);
    }
    long total = 0;
    for (int i = 0; i < NTHREADS; i++) {
        void *ret;
        pthread_join(th[i], &ret);
        printf("thread %d: %ld primes in [%ld, %ld), returned %ld\n", i, tasks[i].primes,
               tasks[i].from, tasks[i].to, (long)(intptr_t)ret);
        total += tasks[i].primes;
    }
    printf("total primes below 40000: %ld\n", total);
    printf("shared counter: %ld (expected %d)\n", shared_counter, 5000 * (1 + 2 + 3 + 4));

    int n = 200;
    pthread_t p, c;
    pthread_create(&c, NULL, consumer, &n);
    pthread_create(&p, NULL, producer, &n);
    void *res;
    pthread_join(p, NULL);
    pthread_join(c, &res);
    printf("mailbox: sum=%ld weighted=%ld\n", ((long *)res)[0], ((long *)res)[1]);

    pthread_t o[3];
    for (int i = 0; i < 3; i++)
        pthread_create(&o[i], NULL, once_user, NULL);
    for (int i = 0; i < 3; i++)
        pthread_join(o[i], NULL);
    printf("pthread_once ran %d time(s)\n", once_runs);
    return (int)(total % 256);
}
