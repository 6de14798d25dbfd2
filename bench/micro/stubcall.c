/* Microbenchmark: the cost of a call through a hotjit stub (call -> `jmp *slot` -> function) against a direct call
 * and a plain indirect call of the same tiny function, in a dependent loop.
 * Usage: stubcall time N REPS   prints "MODE ns_per_call" (median of REPS) for each mode
 *        stubcall count MODE N  runs one loop of N calls of MODE (for instruction counting under callgrind) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "hotjit.h"

typedef long (*fn)(long, long);
__attribute__((noinline)) long target(long x, long i) { return x + (i ^ 1); }
fn volatile plain_pointer = target;
volatile long sink;

__attribute__((noinline)) static long loop_direct(long n) {
  long acc = 0;
  for (long i = 0; i < n; i++) acc = target(acc, i);
  return acc;
}

__attribute__((noinline)) static long loop_indirect(fn f, long n) {
  long acc = 0;
  for (long i = 0; i < n; i++) acc = f(acc, i);
  return acc;
}

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
static int cmp(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y); }

static fn stub, stub_chain;
static void setup(void) {
  hotjit_stub_table *table;
  void *s0, *s1;
  if (hotjit_stub_table_create(2, &table) != HOTJIT_OK || hotjit_stub_table_stub_address(table, 0, &s0) != HOTJIT_OK ||
      hotjit_stub_table_stub_address(table, 1, &s1) != HOTJIT_OK ||
      hotjit_stub_table_set_target(table, 0, (void *)target) != HOTJIT_OK ||
      hotjit_stub_table_set_target(table, 1, s0) != HOTJIT_OK) {
    fprintf(stderr, "stub table: %s\n", hotjit_last_error());
    exit(1);
  }
  stub = (fn)s0;       /* stub -> target */
  stub_chain = (fn)s1; /* stub -> stub -> target */
}

static long run(const char *mode, long n) {
  if (!strcmp(mode, "direct")) return loop_direct(n);
  if (!strcmp(mode, "indirect")) return loop_indirect(plain_pointer, n);
  if (!strcmp(mode, "stub")) return loop_indirect(stub, n);
  if (!strcmp(mode, "stub2")) return loop_indirect(stub_chain, n);
  fprintf(stderr, "unknown mode %s\n", mode);
  exit(2);
}

int main(int argc, char **argv) {
  if (argc < 4) { fprintf(stderr, "usage: stubcall time N REPS | stubcall count MODE N\n"); return 2; }
  setup();
  if (!strcmp(argv[1], "count")) { printf("%ld\n", run(argv[2], atol(argv[3]))); return 0; }
  long n = atol(argv[2]);
  int reps = atoi(argv[3]);
  const char *modes[] = {"direct", "indirect", "stub", "stub2"};
  double t[4][64];
  sink = run("direct", n / 10); /* warm-up */
  for (int r = 0; r < reps && r < 64; r++)
    for (int m = 0; m < 4; m++) {
      double t0 = now();
      long v = run(modes[m], n);
      t[m][r] = (now() - t0) * 1e9 / n;
      sink += v;
    }
  for (int m = 0; m < 4; m++) {
    qsort(t[m], reps, sizeof(double), cmp);
    printf("%s %.3f\n", modes[m], t[m][reps / 2]);
  }
  return 0;
}
