/* Matrix multiply: naive i-k-j double-precision product of two N x N matrices, then an integer matrix power by
 * repeated squaring (mod a prime). Size: N. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>

static void matmul(int n, const double *a, const double *b, double *c) {
  for (int i = 0; i < n * n; i++) c[i] = 0;
  for (int i = 0; i < n; i++)
    for (int k = 0; k < n; k++) {
      double aik = a[i * n + k];
      for (int j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
    }
}

#define P 1000003u
static void imul(int n, const uint32_t *a, const uint32_t *b, uint32_t *c) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      uint64_t s = 0;
      for (int k = 0; k < n; k++) s += (uint64_t)a[i * n + k] * b[k * n + j];
      c[i * n + j] = (uint32_t)(s % P);
    }
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 200;
  double *a = malloc(sizeof(double) * n * n), *b = malloc(sizeof(double) * n * n), *c = malloc(sizeof(double) * n * n);
  for (int i = 0; i < n * n; i++) { a[i] = (i % 17) * 0.25 - 2.0; b[i] = (i % 13) * 0.5 - 3.0; }
  matmul(n, a, b, c);
  matmul(n, c, a, b);
  double trace = 0;
  for (int i = 0; i < n; i++) trace += b[i * n + i];
  int m = n / 2;
  uint32_t *x = malloc(sizeof(uint32_t) * m * m), *r = malloc(sizeof(uint32_t) * m * m), *t = malloc(sizeof(uint32_t) * m * m);
  for (int i = 0; i < m * m; i++) { x[i] = (uint32_t)(i * 7919 % P); r[i] = (i % (m + 1)) == 0; }
  for (int e = 5; e; e >>= 1) {
    if (e & 1) { imul(m, r, x, t); uint32_t *s = r; r = t; t = s; }
    imul(m, x, x, t); uint32_t *s = x; x = t; t = s;
  }
  uint64_t h = 0;
  for (int i = 0; i < m * m; i++) h = h * 31 + r[i];
  printf("checksum %.6f %016llx\n", trace, (unsigned long long)h);
  free(a); free(b); free(c); free(x); free(r); free(t);
  return 0;
}
