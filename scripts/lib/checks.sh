# Shared pieces of the check scripts (scripts/test.sh, test-runner.sh, test-observability.sh): pass/fail counting
# with one `ok:`/`FAIL:` line per check and the closing `NAME: N passed, M failed` line, and the bad-input fixture
# directory (Tests/bad-input plus the inputs made at test time, written where the caller says, never into the tree).
# Sourced, never run.

CHECKS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok:   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL: $1"; }

# checks_summary NAME: the closing line; the status is 0 only if no check failed.
checks_summary() {
    echo "$1: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

# bad_inputs DEST: makes DEST a copy of Tests/bad-input with truncated.bc added (the first 700 bytes of a real bitcode
# file, made here from examples-c/demo.c).
bad_inputs() {
    local dest=$1
    rm -rf "$dest" && mkdir -p "$dest" || return 1
    cp "$CHECKS_ROOT"/Tests/bad-input/* "$dest"/ || return 1
    clang-22 -O0 -c -emit-llvm "$CHECKS_ROOT/examples-c/demo.c" -o "$dest/demo.bc" || return 1
    head -c 700 "$dest/demo.bc" >"$dest/truncated.bc"
    llvm-as-22 -disable-verify "$dest/invalid.ll" -o "$dest/invalid.bc" || return 1
    rm -f "$dest/demo.bc"
}
