/* Bit-manipulation and overflow builtins: popcount/clz/ctz/parity/ffs on
 * 32 and 64 bits, bswap, rotates, __builtin_*_overflow, expect, and
 * signed/unsigned shift and division edge cases. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>

__attribute__((noinline)) static uint32_t rotl32(uint32_t x, unsigned r) {
    return (x << (r & 31)) | (x >> ((32 - r) & 31));
}
__attribute__((noinline)) static uint64_t rotr64(uint64_t x, unsigned r) {
    return (x >> (r & 63)) | (x << ((64 - r) & 63));
}

int main(void) {
    volatile uint32_t w[] = { 1, 0x80000000u, 0xF0F0F0F0u, 0x00010000u, 0xFFFFFFFFu };
    for (int i = 0; i < 5; i++) {
        uint32_t x = w[i];
        printf("x=%08x popcount=%d clz=%d ctz=%d parity=%d ffs=%d bswap=%08x rotl7=%08x\n", x,
               __builtin_popcount(x), __builtin_clz(x), __builtin_ctz(x), __builtin_parity(x),
               __builtin_ffs((int)x), __builtin_bswap32(x), rotl32(x, 7));
    }
    volatile uint64_t q = 0x0123456789ABCDEFULL;
    printf("q: popcount=%d clz=%d ctz=%d bswap=%016llx rotr13=%016llx\n", __builtin_popcountll(q),
           __builtin_clzll(q), __builtin_ctzll(q), (unsigned long long)__builtin_bswap64(q),
           (unsigned long long)rotr64(q, 13));
    printf("bswap16: %04x\n", __builtin_bswap16((uint16_t)0xABCD));

    int r1, r2, r3;
    long l1, l2;
    unsigned u1;
    int o1 = __builtin_add_overflow(INT_MAX, 1, &r1);
    int o2 = __builtin_add_overflow(100, -50, &r2);
    int o3 = __builtin_sub_overflow(INT_MIN, 1, &r3);
    int o4 = __builtin_mul_overflow(LONG_MAX / 2, 3L, &l1);
    int o5 = __builtin_mul_overflow(1L << 31, 1L << 31, &l2);
    int o6 = __builtin_sub_overflow(3u, 5u, &u1);
    printf("add_overflow: %d(%d) %d(%d) sub_overflow: %d(%d)\n", o1, r1, o2, r2, o3, r3);
    printf("mul_overflow: %d(%ld) %d(%ld) unsigned sub: %d(%u)\n", o4, l1, o5, l2, o6, u1);

    volatile int neg = -17;
    printf("div/mod: %d %d %d %d\n", neg / 5, neg % 5, neg >> 2, (int)((unsigned)neg >> 28));
    volatile long big = LONG_MIN;
    printf("LONG_MIN as unsigned: %lu, LONG_MIN %% 7 = %ld\n",
           (unsigned long)big / 1UL, big % 7);
    int likely = 0;
    for (int i = 0; i < 100; i++)
        if (__builtin_expect(i % 10 != 0, 1))
            likely++;
    printf("expect loop: %d\n", likely);
    return __builtin_popcount(0xF0F0u) + __builtin_ctz(64u); /* 8 + 6 */
}
