#!/usr/bin/env bash
# hotjit-run on bad input: each case must exit 1 with exactly one line on stderr that says what is wrong.
# Usage: scripts/test-bad-input.sh PATH/TO/hotjit-run
set -u
jit=${1:?usage: $0 PATH/TO/hotjit-run}
dir=$(cd "$(dirname "$0")/../Tests/bad-input" && pwd)
passed=0; failed=0
check() { # file expected-substring
    local err; err=$("$jit" "$dir/$1" 2>&1 >/dev/null); local rc=$?
    local lines; lines=$(printf '%s\n' "$err" | wc -l)
    if [ $rc -eq 1 ] && [ "$lines" -eq 1 ] && [[ "$err" == *"$2"* ]]; then
        passed=$((passed + 1)); echo "ok:   $1 -> $err"
    else
        failed=$((failed + 1)); echo "FAIL: $1 (exit $rc, $lines line(s), wanted '$2'): $err"
    fi
}
check malformed.ll "malformed.ll:4:14: expected instruction opcode"
check invalid.ll "invalid.ll: invalid function 'main': Instruction does not dominate all uses!"
check garbage.bc "invalid bitcode"
check truncated.bc "invalid bitcode"
check wrong-target.ll "aarch64"
check no-main.ll "no function 'main'"
check unresolved.ll "unresolved external symbol 'no_such_function_anywhere'"
check does-not-exist.ll "No such file or directory"
# Bad options are reported the same way.
err=$("$jit" --no-such-option 2>&1 >/dev/null); rc=$?
if [ $rc -eq 1 ] && [[ "$err" == *"unknown option"* ]]; then passed=$((passed + 1)); echo "ok:   unknown option -> $err"
else failed=$((failed + 1)); echo "FAIL: unknown option (exit $rc): $err"; fi
echo "bad-input: $passed passed, $failed failed"
[ $failed -eq 0 ]
