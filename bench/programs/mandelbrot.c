/* Floating point: the Mandelbrot set on an N x N grid, 1000 iterations at most, packed into bits and hashed.
 * Size: N. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

static int escapes(double cr, double ci, int limit) {
  double zr = 0, zi = 0, tr = 0, ti = 0;
  int i = 0;
  for (; i < limit && tr + ti <= 4.0; i++) {
    zi = 2.0 * zr * zi + ci;
    zr = tr - ti + cr;
    tr = zr * zr;
    ti = zi * zi;
  }
  return i;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 400;
  uint32_t h = 2166136261u;
  long inside = 0, iters = 0;
  for (int y = 0; y < n; y++) {
    uint8_t bits = 0;
    for (int x = 0; x < n; x++) {
      double cr = 2.0 * x / n - 1.5, ci = 2.0 * y / n - 1.0;
      int k = escapes(cr, ci, 1000);
      iters += k;
      bits = (uint8_t)(bits << 1 | (k == 1000));
      inside += k == 1000;
      if ((x & 7) == 7) { h = (h ^ bits) * 16777619u; bits = 0; }
    }
    h = (h ^ bits) * 16777619u;
  }
  printf("checksum %08x inside %ld iterations %ld\n", h, inside, iters);
  return 0;
}
