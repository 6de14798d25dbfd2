/* Microbenchmark: many small modules in one engine (issue 15). Adds COUNT one-function modules from memory
 * (text IR), optionally calling each once right after it is added, and prints per batch of 1,000 modules:
 *   "batch INDEX add_ms call_ms maps rss_kib"
 * where add_ms and call_ms are the batch's wall time adding and first-calling, maps the number of lines in
 * /proc/self/maps after the batch, and rss_kib the resident set after it.
 * (batch 0: before the first module). Usage: manymodules COUNT [call]   (call: first-call every module's function) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "hotjit.h"

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }

static int mapping_count(void) {
  FILE *f = fopen("/proc/self/maps", "r");
  if (!f) return -1;
  int lines = 0, c;
  while ((c = fgetc(f)) != EOF) lines += c == '\n';
  fclose(f);
  return lines;
}

static long resident_kib(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  long size = 0, resident = 0;
  if (!f) return -1;
  if (fscanf(f, "%ld %ld", &size, &resident) != 2) resident = -1;
  fclose(f);
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: manymodules COUNT [call]\n"); return 2; }
  int count = atoi(argv[1]);
  int call = argc > 2 && strcmp(argv[2], "call") == 0;
  hotjit_options options;
  hotjit_options_init_sized(&options, sizeof options);
  options.tierup = 0;
  hotjit_engine *engine;
  if (hotjit_engine_create(&options, &engine) != HOTJIT_OK) {
    fprintf(stderr, "engine: %s\n", hotjit_last_error());
    return 1;
  }
  printf("batch 0 0.0 0.0 %d %ld\n", mapping_count(), resident_kib());
  char text[512], name[64];
  double add = 0, calls = 0;
  for (int i = 0; i < count; i++) {
    int n = snprintf(text, sizeof text,
                     "define i64 @f%d(i64 %%x) {\n  %%y = mul i64 %%x, %d\n  %%z = add i64 %%y, 1\n  ret i64 %%z\n}\n",
                     i, i + 3);
    snprintf(name, sizeof name, "m%d.ll", i);
    double t0 = now();
    if (hotjit_engine_add_ir_memory(engine, text, (size_t)n, name) != HOTJIT_OK) {
      fprintf(stderr, "add %d: %s\n", i, hotjit_last_error());
      return 1;
    }
    double t1 = now();
    add += t1 - t0;
    if (call) {
      void *address;
      snprintf(name, sizeof name, "f%d", i);
      if (hotjit_engine_lookup(engine, name, &address) != HOTJIT_OK) {
        fprintf(stderr, "%s: %s\n", name, hotjit_last_error());
        return 1;
      }
      long r = ((long (*)(long))address)(2);
      if (r != 2L * (i + 3) + 1) { fprintf(stderr, "%s: got %ld\n", name, r); return 1; }
      calls += now() - t1;
    }
    if ((i + 1) % 1000 == 0) {
      printf("batch %d %.1f %.1f %d %ld\n", (i + 1) / 1000, add * 1e3, calls * 1e3, mapping_count(), resident_kib());
      fflush(stdout);
      add = calls = 0;
    }
  }
  hotjit_engine_destroy(engine);
  return 0;
}
