#!/usr/bin/env bash
# hotjit-run as a command: bad input (each case must exit 1 with exactly one line on stderr that says what is wrong),
# several modules, --load, program arguments and exit status, and when hotjit starts its compile thread.
# Usage: scripts/test-runner.sh PATH/TO/hotjit-run
set -u
jit=${1:?usage: $0 PATH/TO/hotjit-run}
# shellcheck source=scripts/lib/checks.sh
source "$(dirname "$0")/lib/checks.sh"   # ok, bad, checks_summary, bad_inputs
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
dir=$work/bad-input
bad_inputs "$dir" || { bad "could not make the bad inputs in $dir"; checks_summary runner; exit 1; }
check() { # file expected-substring
    local err; err=$("$jit" "$dir/$1" 2>&1 >/dev/null); local rc=$?
    local lines; lines=$(printf '%s\n' "$err" | wc -l)
    if [ $rc -eq 1 ] && [ "$lines" -eq 1 ] && [[ "$err" == *"$2"* ]]; then ok "$1 -> $err"
    else bad "$1 (exit $rc, $lines line(s), wanted '$2'): $err"; fi
}
check malformed.ll "malformed.ll:4:14: expected instruction opcode"
check invalid.ll "invalid.ll:3: invalid function 'main': Instruction does not dominate all uses! (\`%y = add i32 1, 1\`"
# Bitcode is verified function by function at first compile under hotjit-run (deferred parsing).
check invalid.bc "invalid.bc: invalid function 'main': Instruction does not dominate all uses!"
check garbage.bc "invalid bitcode"
check truncated.bc "invalid bitcode"
check wrong-target.ll "aarch64"
check no-main.ll "no function 'main'"
check unresolved.ll "unresolved external symbol 'no_such_function_anywhere'"
check does-not-exist.ll "No such file or directory"
# Bad options are reported the same way.
err=$("$jit" --no-such-option 2>&1 >/dev/null); rc=$?
if [ $rc -eq 1 ] && [[ "$err" == *"unknown option"* ]]; then ok "unknown option -> $err"
else bad "unknown option (exit $rc): $err"; fi
# Several modules, program arguments after --, the program's exit status; --load for a library's symbols.
runner=$CHECKS_ROOT/Tests/runner
for f in module_a module_b uses_library single_threaded; do clang-22 -O0 -S -emit-llvm "$runner/$f.c" -o "$work/$f.ll"; done
clang-22 -shared -fPIC "$runner/library.c" -o "$work/liblibrary.so"
expect_run() { # description expected-status expected-stdout command...
    local description=$1 status=$2 expected=$3; shift 3
    local out; out=$("$@" 2>"$work/stderr"); local rc=$?
    if [ $rc -eq "$status" ] && [ "$out" = "$expected" ]; then ok "$description"
    else bad "$description: exit $rc (wanted $status), stdout '$out' (wanted '$expected'), stderr: $(cat "$work/stderr")"; fi
}
expect_run "two modules, one address for a function, arguments after --" 7 "counter=15 same_address=1 argc=3 [x] [-y]" \
    "$jit" "$work/module_a.ll" "$work/module_b.ll" -- x -y
expect_run "two modules, eager parsing" 7 "counter=15 same_address=1 argc=2 [z.ll]" \
    "$jit" --eager-parse "$work/module_a.ll" "$work/module_b.ll" -- z.ll
expect_run "--load makes a library's symbols resolve" 0 "library_triple(14) = 42" \
    "$jit" --load="$work/liblibrary.so" "$work/uses_library.ll"
# When the compile thread starts and ends: without the cache (a second run would start optimized, compile nothing).
expect_run "no hotjit thread before the first background recompile (the process stays single-threaded)" 0 \
    "90 single_threaded=1" "$jit" --no-cache "$work/single_threaded.ll"
expect_run "a background recompile starts the compile thread" 0 "90 single_threaded=0" \
    "$jit" --no-cache --threshold=2 "$work/single_threaded.ll"
expect_run "the idle compile thread ends and the process is single-threaded again" 0 "90 single_threaded=1" \
    "$jit" --no-cache --threshold=2 "$work/single_threaded.ll" idle
expect_run "--keep-compile-threads keeps it" 0 "90 single_threaded=0" \
    "$jit" --no-cache --threshold=2 --keep-compile-threads "$work/single_threaded.ll" idle
# OSR reaches a loop over a VLA (issue 19): at the default thresholds the running frame enters its continuation,
# and no continuation is declined because it failed the verifier.
clang-22 -O0 -Xclang -disable-O0-optnone -S -emit-llvm "$CHECKS_ROOT/Tests/corpus/osr_vla.c" -o "$work/osr_vla.ll"
out=$("$jit" --stats-json="$work/osr_vla.json" "$work/osr_vla.ll" -- alpha beta 60000000 2>"$work/stderr"); rc=$?
transfers=$(sed -n 's/^  "osr_entries": \([0-9]*\),$/\1/p' "$work/osr_vla.json" 2>/dev/null)
if [ $rc -eq 0 ] && [ "$out" = "6348836648058" ] && [ "${transfers:-0}" -ge 1 ] \
    && grep -q '"verifier": 0' "$work/osr_vla.json"; then
    ok "a loop over a VLA enters its OSR continuation ($transfers)"
else bad "VLA loop OSR: exit $rc, stdout '$out', osr_entries '${transfers:-}', stderr: $(cat "$work/stderr")"; fi
# A program that ends while its large function is being optimized: hotjit-run does not wait for that compile, and
# the output (in std::cout's own buffer) and the exit status are the native build's, from main's return or exit.
for variant in return exit; do
    defines=(); [ $variant = exit ] && defines=(-DCALL_EXIT)
    clang++-22 "${defines[@]}" -O0 -Xclang -disable-O0-optnone -S -emit-llvm "$runner/exit_during_compile.cpp" \
        -o "$work/exit_during_compile.ll"
    clang++-22 "${defines[@]}" -O0 "$runner/exit_during_compile.cpp" -o "$work/exit_during_compile"
    expected=$("$work/exit_during_compile"); expected_rc=$?
    out=$("$jit" --threshold=1 --backedge-threshold=1 --verbose "$work/exit_during_compile.ll" 2>"$work/stderr"); rc=$?
    if [ $rc -eq $expected_rc ] && [ "$out" = "$expected" ] \
        && grep -q "exit without waiting for the compile in flight" "$work/stderr"; then
        ok "exit ($variant) during a compile: not waited for, output and status as native"
    else bad "exit ($variant) during a compile: exit $rc (wanted $expected_rc), stdout '$out' (wanted '$expected'), \
stderr: $(grep -v 'at tier 0' "$work/stderr" | head -5)"; fi
done
err=$("$jit" "$work/uses_library.ll" 2>&1 >/dev/null); rc=$?
if [ $rc -eq 1 ] && [[ "$err" == *"unresolved external symbol 'library_triple'"* ]]; then ok "without --load the symbol is named as unresolved"
else bad "without --load (exit $rc): $err"; fi

checks_summary runner
