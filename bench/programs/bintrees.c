/* Recursion with the allocator: build, check and free binary trees (malloc/free), a long-lived tree alongside
 * many short-lived ones. Size: maximum depth. */
#include <stdio.h>
#include <stdlib.h>

typedef struct node { struct node *left, *right; long value; } node;

static node *make(int depth, long value) {
  node *n = malloc(sizeof *n);
  n->value = value;
  if (depth > 0) {
    n->left = make(depth - 1, 2 * value - 1);
    n->right = make(depth - 1, 2 * value);
  } else {
    n->left = n->right = NULL;
  }
  return n;
}

static long check(const node *n) {
  if (!n->left) return n->value & 7;
  return 1 + check(n->left) - check(n->right) + (n->value & 3);
}

static long count(const node *n) { return n ? 1 + count(n->left) + count(n->right) : 0; }

static void release(node *n) {
  if (!n) return;
  release(n->left);
  release(n->right);
  free(n);
}

int main(int argc, char **argv) {
  int max_depth = argc > 1 ? atoi(argv[1]) : 16;
  int min_depth = 4;
  node *long_lived = make(max_depth, 1);
  long total = 0;
  for (int d = min_depth; d <= max_depth; d += 2) {
    long iterations = 1L << (max_depth - d + min_depth);
    long sum = 0;
    for (long i = 0; i < iterations; i++) {
      node *t = make(d, i);
      sum += check(t);
      release(t);
    }
    total = total * 31 + sum;
    printf("depth %d: %ld trees, check %ld\n", d, iterations, sum);
  }
  printf("checksum %ld long-lived %ld nodes %ld\n", total, check(long_lived), count(long_lived));
  release(long_lived);
  return 0;
}
