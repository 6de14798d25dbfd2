/* Sorting: quicksort (median of three, insertion sort for small ranges), a bottom-up merge sort, and libc qsort
 * with a comparison callback into JIT'd code, on pseudo-random integers. Size: elements in thousands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

static void insertion(int32_t *a, long lo, long hi) {
  for (long i = lo + 1; i <= hi; i++) { int32_t v = a[i]; long j = i - 1; while (j >= lo && a[j] > v) { a[j + 1] = a[j]; j--; } a[j + 1] = v; }
}
static void swap(int32_t *a, long i, long j) { int32_t t = a[i]; a[i] = a[j]; a[j] = t; }

static void quick(int32_t *a, long lo, long hi) {
  while (hi - lo > 16) {
    long mid = lo + (hi - lo) / 2;
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    int32_t p = a[mid]; long i = lo, j = hi;
    while (i <= j) { while (a[i] < p) i++; while (a[j] > p) j--; if (i <= j) swap(a, i++, j--); }
    if (j - lo < hi - i) { quick(a, lo, j); lo = i; } else { quick(a, i, hi); hi = j; }
  }
  insertion(a, lo, hi);
}

static void merge_sort(int32_t *a, int32_t *tmp, long n) {
  for (long w = 1; w < n; w *= 2) {
    for (long lo = 0; lo < n; lo += 2 * w) {
      long mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n, i = lo, j = mid, k = lo;
      while (i < mid && j < hi) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
      while (i < mid) tmp[k++] = a[i++];
      while (j < hi) tmp[k++] = a[j++];
    }
    memcpy(a, tmp, n * sizeof *a);
  }
}

static int cmp(const void *x, const void *y) { int32_t a = *(const int32_t *)x, b = *(const int32_t *)y; return (a > b) - (a < b); }

static uint32_t state = 12345;
static int32_t rnd(void) { state = state * 1103515245u + 12345u; return (int32_t)(state >> 1) % 1000000; }

static uint64_t digest(const int32_t *a, long n) { uint64_t h = 0; for (long i = 0; i < n; i++) h = h * 1000003u + (uint32_t)a[i]; return h; }

int main(int argc, char **argv) {
  long n = (argc > 1 ? atol(argv[1]) : 100) * 1000;
  int32_t *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *tmp = malloc(n * sizeof *tmp);
  uint64_t h = 0;
  for (int round = 0; round < 3; round++) {
    for (long i = 0; i < n; i++) a[i] = rnd();
    memcpy(b, a, n * sizeof *a);
    quick(a, 0, n - 1);
    merge_sort(b, tmp, n);
    for (long i = 0; i < n; i++) if (a[i] != b[i]) { printf("mismatch at %ld\n", i); return 1; }
    for (long i = 0; i < n; i++) tmp[i] = rnd();
    qsort(tmp, n / 4, sizeof *tmp, cmp);
    h = h * 31 + digest(a, n) + digest(tmp, n / 4);
  }
  printf("checksum %016llx\n", (unsigned long long)h);
  free(a); free(b); free(tmp);
  return 0;
}
