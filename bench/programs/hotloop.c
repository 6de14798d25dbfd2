/* One hot loop in main only: no calls inside the loop (a xorshift generator, a small histogram and a running
 * polynomial hash). main is entered once, so without on-stack replacement a JIT runs it at its first tier. Size:
 * iterations in millions. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

int main(int argc, char **argv) {
  long millions = argc > 1 ? atol(argv[1]) : 10;
  uint64_t n = (uint64_t)millions * 1000000u;
  uint64_t x = 0x243F6A8885A308D3ull, h = 0, odd = 0;
  uint32_t hist[16] = {0};
  for (uint64_t i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    uint32_t v = (uint32_t)(x >> 32);
    hist[v & 15]++;
    if (v & 0x100) odd += v >> 20; else odd -= v & 0xff;
    h = h * 1099511628211ull + (v ^ (uint32_t)i);
  }
  uint64_t hh = 0;
  for (int i = 0; i < 16; i++) hh = hh * 31 + hist[i];
  printf("checksum %016llx %016llx %llu\n", (unsigned long long)h, (unsigned long long)hh, (unsigned long long)odd);
  return 0;
}
