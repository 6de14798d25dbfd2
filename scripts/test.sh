#!/usr/bin/env bash
# The README's test command: sets up the machine, builds hotjit, and runs every test:
#   1. swift test (unit tests of emitters, runtime, engine; cross-architecture execution under qemu),
#   2. the C API from C hosts (linked through pkg-config, and through dlopen), its exports, the Python binding,
#   3. hotjit-run as a command (bad input, several modules, --load),
#   4. gdb, perf maps, crash reports, dumps, statistics and traces,
#   5. a thread stress test of tier-up and csmith random programs (fixed seeds),
#   6. the differential corpus: C/C++ programs, four IR flavours, hotjit vs the natively compiled same IR,
#   7. GCC's execution tests (gcc.c-torture/execute, gcc.dg/torture, g++.dg/torture) the same way
#      (scripts/peer-suites.sh; downloads Debian's gcc-12 source package once, cached under .build/).
#   8. real programs from Debian source packages (bench/real/check.sh: short workloads, the CI modes),
#   9. the persistent code cache (scripts/test-cache.sh; the corpus and the real programs also run twice on one cache).
# Ends with one line `N passed, M failed` (suites) and exits non-zero if anything failed.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/setup.sh || exit 1
# hotjit-run's persistent cache is on by default: the tests' runs use a fresh one, never the user's.
XDG_CACHE_HOME=$(mktemp -d); export XDG_CACHE_HOME
trap 'rm -rf "$XDG_CACHE_HOME"' EXIT
# shellcheck source=scripts/lib/checks.sh
source scripts/lib/checks.sh   # bad_inputs

suites_passed=0; suites_failed=0
suite() { # name command...
    local name=$1; shift
    echo "=== $name"
    if "$@"; then suites_passed=$((suites_passed + 1)); echo "=== $name: passed"
    else suites_failed=$((suites_failed + 1)); echo "=== $name: FAILED"; fi
}

swift build -c release 2>&1 | grep -E "error|warning: |Compiling|Build complete" | grep -v "^\[" || true
[ -x .build/release/hotjit-run ] && [ -f .build/release/libhotjit.so ] || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

suite "swift test" swift test

c_api_tests() {
    export PKG_CONFIG_PATH="$root/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
    local out=.build/c-tests; mkdir -p "$out"
    local flags; flags=$(pkg-config --cflags --libs hotjit) || return 1
    local ok=0
    for host in run_main lowlevel bad_input recompile_hook compile_failure host_symbols struct_versions \
                module_removal tierup_reclaim code_cache; do
        cc -Wall -Wextra -Werror -O1 "examples-c/$host.c" $flags -lpthread -o "$out/$host" || ok=1
    done
    cc -Wall -Wextra -Werror -O1 -Iinclude examples-c/dlopen_host.c -ldl -o "$out/dlopen_host" || ok=1
    # Only libhotjit itself: no Swift runtime on the host's library path.
    if ldd .build/release/libhotjit.so | grep -q swift; then echo "libhotjit.so needs the Swift runtime"; ok=1; fi
    bash scripts/check-exports.sh .build/release/libhotjit.so || ok=1
    "$out/lowlevel" || ok=1
    "$out/recompile_hook" || ok=1
    "$out/compile_failure" || ok=1
    # Built without -rdynamic: its functions and data reach JIT'd code only as host symbols.
    if nm -D "$out/host_symbols" | grep -q host_scale; then echo "host_symbols exports host_scale"; ok=1; fi
    "$out/host_symbols" || ok=1
    "$out/struct_versions" || ok=1
    "$out/module_removal" || ok=1   # 10,000 add -> call -> remove cycles: RSS and mappings stay flat
    "$out/tierup_reclaim" || ok=1   # 1,000 functions tier up on 8 threads (3 modes); reclaim frees tier 0
    "$out/code_cache" || ok=1       # engines on one cache directory: the second starts optimized, no stale code
    env -i PATH=/usr/bin:/bin "$out/dlopen_host" "$root/.build/release/libhotjit.so" || ok=1
    clang-22 -O0 -c -emit-llvm examples-c/demo.c -o "$out/demo.bc"
    bad_inputs "$out/bad-input" && "$out/bad_input" "$out/bad-input" || ok=1
    local expected; expected=$(clang-22 -O0 examples-c/demo.c -o "$out/demo.native" && "$out/demo.native" 9)
    [ "$("$out/run_main" "$out/demo.bc" 9)" = "$expected" ] && echo "ok: run_main runs bitcode like the native build" \
        || { echo "FAIL: run_main output differs"; ok=1; }
    return $ok
}
suite "C API hosts" c_api_tests
python_binding() {
    local py
    for py in python3 /usr/bin/python3; do "$py" -c "import pytest" 2>/dev/null && break; done
    HOTJIT_LIBRARY="$root/.build/release/libhotjit.so" "$py" -m pytest -q python/tests \
        && HOTJIT_LIBRARY="$root/.build/release/libhotjit.so" PYTHONPATH=python "$py" python/examples/expression.py
}
suite "Python binding (ctypes)" python_binding
suite "hotjit-run (bad input, modules, --load)" bash scripts/test-runner.sh .build/release/hotjit-run
suite "persistent code cache" bash scripts/test-cache.sh .build/release/hotjit-run
suite "debuggers, profilers, crash reports" bash scripts/test-observability.sh .build/release/hotjit-run
suite "threads calling functions while they tier up" bash scripts/stress.sh --jit .build/release/hotjit-run
suite "csmith differential (CI seeds)" bash scripts/csmith.sh --ci --jit .build/release/hotjit-run
suite "benchmark harness (--quick: outputs only, no timings)" bash scripts/bench.sh --quick --jit .build/release/hotjit-run
suite "differential corpus" bash scripts/run-corpus.sh --jit .build/release/hotjit-run \
    --mode lazy --mode eager --mode eager-tierup1-bg --mode tierup1 --mode tierup1-bg --mode random \
    --mode cached --mode cached-again
suite "GCC's execution tests (peer suites, CI plan)" bash scripts/peer-suites.sh --jit .build/release/hotjit-run
suite "real programs (sqlite3, lua, bzip2, pbzip2)" bash bench/real/check.sh --jit .build/release/hotjit-run

echo "test.sh: $suites_passed passed, $suites_failed failed"
[ $suites_failed -eq 0 ]
