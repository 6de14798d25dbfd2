/* Microbenchmark: lazy first-call latency through the engine (stub -> trampoline -> resolver -> extract + compile
 * at tier 0 -> slot re-pointed -> return), for every function named small_* and large_* in the module.
 * Usage: firstcall MODULE.ll COUNT   prints "KIND first_us second_us" per function; the first function called
 * (warm) pays the engine's one-time costs and is printed as "warm". */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "hotjit.h"

typedef long (*fn)(long);
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }

static void measure(hotjit_engine *engine, const char *kind, const char *name, long arg) {
  void *address;
  if (hotjit_engine_lookup(engine, name, &address) != HOTJIT_OK) { fprintf(stderr, "%s: %s\n", name, hotjit_last_error()); exit(1); }
  fn f = (fn)address;
  double t0 = now();
  long a = f(arg);
  double t1 = now();
  long b = f(arg);
  double t2 = now();
  if (a != b) { fprintf(stderr, "%s: %ld != %ld\n", name, a, b); exit(1); }
  printf("%s %.1f %.3f\n", kind, (t1 - t0) * 1e6, (t2 - t1) * 1e6);
}

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: firstcall MODULE COUNT\n"); return 2; }
  int count = atoi(argv[2]);
  hotjit_engine *engine;
  if (hotjit_engine_create(NULL, &engine) != HOTJIT_OK || hotjit_engine_add_ir_file(engine, argv[1]) != HOTJIT_OK) {
    fprintf(stderr, "engine: %s\n", hotjit_last_error());
    return 1;
  }
  measure(engine, "warm", "warm", 1);
  char name[64];
  for (int i = 0; i < count; i++) {
    snprintf(name, sizeof name, "small_%d", i);
    measure(engine, "small", name, i);
    snprintf(name, sizeof name, "large_%d", i);
    measure(engine, "large", name, i);
  }
  hotjit_engine_destroy(engine);
  return 0;
}
