#!/usr/bin/env python3
"""Writes the C module for the first-call microbenchmark: `warm`, COUNT small functions (one expression) and COUNT
large ones (60 statement groups with a branch, a switch and a loop each: ~3,900 lines of -O0 IR)."""
import sys

count = int(sys.argv[1]) if len(sys.argv) > 1 else 20
print("long warm(long x) { return x + 1; }")
for k in range(count):
    print(f"long small_{k}(long x) {{ return x * {k + 3} + 1; }}")
for k in range(count):
    body = []
    for i in range(60):
        body.append(f"  if ((a ^ {i + k}) & 1) a += b * {i + 1}; else b -= a >> {i % 7};")
        body.append(f"  switch ((a + b) & 3) {{ case 0: c += a; break; case 1: c ^= b; break; "
                    f"case 2: c -= {i}; break; default: c *= 3; }}")
        body.append(f"  for (long j = 0; j < (c & 3); j++) a += j * c + {k};")
    print(f"long large_{k}(long x) {{\n  long a = x, b = {k}, c = 1;\n" + "\n".join(body) + "\n  return a ^ b ^ c;\n}")
