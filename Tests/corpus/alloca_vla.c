/* alloca and variable length arrays: alloca in a loop, VLAs sized by a
 * parameter, a 2D VLA passed to a function, VLAs created in every loop
 * iteration (stack save/restore), and sizeof on a VLA. */
#include <alloca.h>
#include <stdio.h>
#include <string.h>

__attribute__((noinline)) static long sum_alloca(int n) {
    long total = 0;
    for (int round = 1; round <= 4; round++) {
        int *tmp = alloca(sizeof(int) * (size_t)n);
        for (int i = 0; i < n; i++)
            tmp[i] = i * round;
        for (int i = 0; i < n; i++)
            total += tmp[i];
    }
    return total;
}

static long trace(int n, int m[n][n]) {
    long t = 0;
    for (int i = 0; i < n; i++)
        t += m[i][i];
    return t;
}

__attribute__((noinline)) static long matrix(int n) {
    int m[n][n];
    printf("sizeof m = %zu, sizeof m[0] = %zu\n", sizeof m, sizeof m[0]);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            m[i][j] = i * n + j;
    return trace(n, m);
}

__attribute__((noinline)) static long loop_vlas(int iters) {
    long acc = 0;
    for (int k = 1; k <= iters; k++) {
        char vla[k * 64]; /* must be released each iteration or the stack blows */
        memset(vla, k & 0x7f, sizeof vla);
        acc += vla[sizeof vla - 1] + (long)sizeof vla;
    }
    return acc;
}

static const char *join(int n, const char *parts[n], char *out) {
    size_t lens[n];
    size_t pos = 0;
    for (int i = 0; i < n; i++)
        lens[i] = strlen(parts[i]);
    for (int i = n - 1; i >= 0; i--) {
        memcpy(out + pos, parts[i], lens[i]);
        pos += lens[i];
        out[pos++] = i ? '<' : 0;
    }
    return out;
}

int main(void) {
    printf("sum_alloca(100) = %ld\n", sum_alloca(100));
    printf("trace(7) = %ld\n", matrix(7));
    printf("trace(13) = %ld\n", matrix(13));
    printf("loop_vlas(2000) = %ld\n", loop_vlas(2000));
    const char *parts[] = { "one", "two", "three", "four" };
    char out[64];
    printf("join: %s\n", join(4, parts, out));
    char *p = alloca(32);
    snprintf(p, 32, "alloca in main %d", 5);
    printf("%s\n", p);
    return (int)(matrix(5) % 100); /* 0+6+12+18+24 = 60 */
}
