/* Hash table + strings: generate pseudo-random words, count them in an open-addressing table keyed by string
 * (FNV-1a, strcmp, strdup), then look every word up again and delete half. Size: number of words in thousands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

typedef struct { char *key; long count; } slot;
typedef struct { slot *slots; size_t cap, used; } table;

static uint32_t fnv(const char *s) { uint32_t h = 2166136261u; while (*s) { h ^= (uint8_t)*s++; h *= 16777619u; } return h; }

static slot *find(table *t, const char *key) {
  size_t i = fnv(key) & (t->cap - 1);
  while (t->slots[i].key && strcmp(t->slots[i].key, key) != 0) i = (i + 1) & (t->cap - 1);
  return &t->slots[i];
}

static void grow(table *t) {
  slot *old = t->slots; size_t oldcap = t->cap;
  t->cap *= 2; t->slots = calloc(t->cap, sizeof(slot));
  for (size_t i = 0; i < oldcap; i++) if (old[i].key) *find(t, old[i].key) = old[i];
  free(old);
}

static void add(table *t, const char *key) {
  if ((t->used + 1) * 4 > t->cap * 3) grow(t);
  slot *s = find(t, key);
  if (!s->key) { s->key = strdup(key); t->used++; }
  s->count++;
}

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void) { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng; }

static void make_word(char *buf, uint64_t r) {
  static const char syll[][4] = {"ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "xe", "zu", "an", "or", "el", "ith"};
  int parts = 1 + (int)(r % 4); buf[0] = 0; r /= 4;
  for (int p = 0; p < parts; p++) { strcat(buf, syll[r % 14]); r /= 14; }
  if (r % 3 == 0) { char num[8]; snprintf(num, sizeof num, "%d", (int)(r % 50)); strcat(buf, num); }
}

int main(int argc, char **argv) {
  long words = (argc > 1 ? atol(argv[1]) : 100) * 1000;
  table t = {calloc(16, sizeof(slot)), 16, 0};
  char buf[64];
  for (long i = 0; i < words; i++) { make_word(buf, next() % 2000003); add(&t, buf); }
  rng = 88172645463325252ull;
  long hits = 0, maxc = 0; uint32_t h = 0;
  for (long i = 0; i < words; i++) {
    make_word(buf, next() % 2000003);
    slot *s = find(&t, buf);
    if (s->key) { hits++; if (s->count > maxc) maxc = s->count; h = h * 33 + (uint32_t)s->count + (uint32_t)strlen(s->key); }
  }
  size_t freed = 0;
  for (size_t i = 0; i < t.cap; i++) if (t.slots[i].key && (fnv(t.slots[i].key) & 1)) { free(t.slots[i].key); t.slots[i].key = NULL; freed++; }
  for (size_t i = 0; i < t.cap; i++) free(t.slots[i].key);
  free(t.slots);
  printf("checksum %u distinct %zu hits %ld max %ld freed %zu\n", h, t.used, hits, maxc, freed);
  return 0;
}
