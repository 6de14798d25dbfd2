/* Recursion: naive Fibonacci, Ackermann and a Takeuchi function. Size: Fibonacci argument. */
#include <stdio.h>
#include <stdlib.h>

static long fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

static long ack(long m, long n) {
  if (m == 0) return n + 1;
  if (n == 0) return ack(m - 1, 1);
  return ack(m - 1, ack(m, n - 1));
}

static int tak(int x, int y, int z) { return y < x ? tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y)) : z; }

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 30;
  long f = fib(n);
  long a = 0;
  for (int i = 0; i < 4; i++) a += ack(2, n * 20 + i) + ack(3, 5 + (n > 32 ? 2 : n > 28 ? 1 : 0));
  long t = 0;
  for (int i = 0; i < n / 6; i++) t += tak(18 + (i & 1), 12, 6);
  printf("checksum fib=%ld ack=%ld tak=%ld\n", f, a, t);
  return 0;
}
