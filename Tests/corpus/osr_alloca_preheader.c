/* OSR into a loop whose buffer comes from alloca() in the loop's preheader, after other work: the dynamic
 * allocation lives in the tier-0 frame, the continuation goes on using it, and a second alloca() after the loop
 * (in the continuation) must not overlap it. */
#include <alloca.h>
#include <stdio.h>
#include <string.h>

__attribute__((noinline)) static unsigned checksum(const unsigned *p, int n) {
    unsigned h = 2166136261u;
    for (int i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

__attribute__((noinline)) static unsigned work(int n, long rounds) {
    unsigned seed = (unsigned)n * 2654435761u;
    unsigned *buf = alloca(sizeof(unsigned) * (size_t)n);
    memset(buf, 0, sizeof(unsigned) * (size_t)n);
    for (long r = 0; r < rounds; r++) {
        seed = seed * 1103515245u + 12345u;
        buf[seed % (unsigned)n] += (unsigned)r;
    }
    unsigned *copy = alloca(sizeof(unsigned) * (size_t)n);
    for (int i = 0; i < n; i++)
        copy[i] = buf[n - 1 - i];
    return checksum(buf, n) ^ checksum(copy, n);
}

int main(int argc, char **argv) {
    (void)argv;
    printf("%08x\n", work(argc > 1 ? 1021 : 7, 3000000L));
    return 0;
}
