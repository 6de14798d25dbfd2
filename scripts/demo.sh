#!/usr/bin/env bash
# The README's first command: set up, build hotjit, compile a real C program to LLVM IR with clang and run it on
# hotjit (every function compiled on its first call). Extra arguments go to the program.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/setup.sh
swift build -c release 2>&1 | tail -1
mkdir -p .build/demo
clang-22 -O0 -S -emit-llvm examples-c/demo.c -o .build/demo/demo.ll
echo "--- running examples-c/demo.c on hotjit (.build/release/hotjit-run .build/demo/demo.ll $*)"
.build/release/hotjit-run --verbose .build/demo/demo.ll "$@"
