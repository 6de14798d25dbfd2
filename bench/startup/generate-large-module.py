#!/usr/bin/env python3
"""Writes a C program with N functions (default 5000) of which main calls only a few (default 10).

Each function has a realistic body (loops, branches, calls to two neighbours through a table) so that compiling
all of them costs what compiling a real large program costs; the program prints a checksum."""
import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--functions", type=int, default=5000)
parser.add_argument("--called", type=int, default=10)
args = parser.parse_args()

n = args.functions
print("#include <stdio.h>")
print("#include <string.h>")
print(f"typedef long (*fn_t)(long, long);")
print(f"extern fn_t table[{n}];")
for i in range(n):
    print(f"""long f{i}(long a, long b) {{
  long acc = a ^ {i};
  char buf[32];
  for (long k = 0; k < (b & 7); k++) {{
    if ((acc + k) % 3 == 0) acc += k * {i % 97 + 1}; else acc -= (a >> (k & 3));
    buf[k & 31] = (char)acc;
  }}
  switch (acc & 3) {{ case 0: acc += {i}; break; case 1: acc ^= 0x{i:x}; break; default: acc *= 3; }}
  if (b > 0 && b < 3) acc += table[({i} + 1) % {n}](acc, b - 1) + table[({i} * 7 + 3) % {n}](a, b - 2);
  memset(buf, 0, sizeof buf);
  return acc + buf[0];
}}""")
print(f"fn_t table[{n}] = {{" + ", ".join(f"f{i}" for i in range(n)) + "};")
called = [(i * 499) % n for i in range(args.called)]
print("int main(void) {")
print("  long sum = 0;")
for c in called:
    print(f"  sum += f{c}({c}, 0);")
print('  printf("checksum %ld\\n", sum);')
print("  return 0;")
print("}")
