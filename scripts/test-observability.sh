#!/usr/bin/env bash
# Debuggers, profilers and crash reports see JIT'd code by name:
#   - a crash in JIT'd code: hotjit-run prints the signal and a backtrace naming the JIT'd frames, exits 139;
#   - gdb (batch) with --debug-jit: `bt` names the crashing JIT'd function and its JIT'd callers; with debug info
#     (clang -g) the frames show the source file and line, in tier 0, tier 1 and OSR code, from .ll and .bc input;
#   - a -g program under --debug-jit behaves as without it;
#   - --perf-map: every compiled function is listed, with non-overlapping ranges;
#   - a host destroying engines with debug_jit leaves no GDB JIT registration behind;
#   - --dump: the IR parses, the assembly assembles, the stub bytes disassemble;
#   - --dump into an unusable directory, or onto files that cannot be opened: warnings, never a crash.
# Usage: scripts/test-observability.sh PATH/TO/hotjit-run
set -u
jit=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib/checks.sh
source "$root/scripts/lib/checks.sh"   # ok, bad, checks_summary
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
llvm=/usr/lib/llvm-22/bin

clang-22 -O0 -g -S -emit-llvm "$root/Tests/observability/crash.c" -o crash.ll
"$jit" crash.ll > /dev/null 2> crash.err; rc=$?
if [ $rc -eq 139 ] && grep -q "fatal SIGSEGV" crash.err && grep -q "inner \[t0\]" crash.err && grep -q "middle \[t0\]" crash.err \
   && grep -q "main \[t0\]" crash.err; then ok "crash report names the JIT'd frames and the exit status is 139"
else bad "crash report (exit $rc): $(cat crash.err)"; fi

if command -v gdb > /dev/null; then
    clang-22 -O0 -S -emit-llvm "$root/Tests/observability/crash.c" -o crash-nodebug.ll
    gdb -q -batch -ex run -ex bt --args "$jit" --debug-jit --no-crash-report crash-nodebug.ll > gdb.out 2>&1
    if grep -q "SIGSEGV" gdb.out && grep -Eq "in inner\\\$t0" gdb.out && grep -Eq "in middle\\\$t0" gdb.out && grep -Eq "in main\\\$t0" gdb.out; then
        ok "gdb bt names the JIT'd function and its JIT'd callers (no debug info: version symbols)"
    else bad "gdb backtrace: $(grep -E '^#|SIG' gdb.out)"; fi
    gdb -q -batch -ex "set breakpoint pending on" -ex "break middle\$t0" -ex run -ex bt -ex 'info symbol $pc' -ex 'info line' -ex list \
        --args "$jit" --debug-jit --no-crash-report crash.ll > gdb2.out 2>&1
    if grep -q "Breakpoint 1, middle" gdb2.out && grep -q "^middle\$t0 + " gdb2.out && grep -q 'Line 5 of ".*crash.c"' gdb2.out \
       && grep -q "^5.*int middle(int x)" gdb2.out; then ok "a breakpoint on a JIT'd version by name stops there; info line and list show its source"
    else bad "gdb breakpoint: $(grep -E 'Breakpoint|^#|Line|^[0-9]' gdb2.out | head -8)"; fi

    # Source lines: a -g program crashing after its functions tiered up (tier 1 inlines inner into middle; with a
    # back-edge threshold main's loop moves into an OSR continuation).
    hot="$root/Tests/observability/crash-hot.c"
    line() { grep -n "$1" "$hot" | cut -d: -f1; }
    crash_line=$(line crash-line); inner_call=$(line call-inner-line); middle_call=$(line call-middle-line)
    clang-22 -O0 -g -S -emit-llvm "$hot" -o hot.ll && "$llvm/llvm-as" hot.ll -o hot.bc
    for input in hot.ll hot.bc; do
        for mode in "t0:--no-tierup" "t1:--threshold=1 --sync-tierup" "osr:--threshold=2 --backedge-threshold=10 --sync-tierup"; do
            tier=${mode%%:*}; flags=${mode#*:}
            # shellcheck disable=SC2086
            gdb -q -batch -ex run -ex bt -ex 'info symbol $pc' --args "$jit" --debug-jit --no-crash-report $flags $input > gdb-lines.out 2>&1
            # At threshold 1 main's first call already runs its tier-1 code (its call-counting thunk triggers at
            # once), which may inline middle and inner; either way the frames above keep their source lines.
            case $tier in t0) version='^inner\$t0 ';; t1) version='^(middle|main)\$t1 ';; osr) version='^main\$osr[0-9]* ';; esac
            if grep -q "SIGSEGV" gdb-lines.out && grep -Eq "^#0 .*inner \(.*crash-hot.c:$crash_line\$" gdb-lines.out \
               && grep -Eq "^#1 .*middle \(.*crash-hot.c:$inner_call\$" gdb-lines.out \
               && grep -Eq "^#2 .*main \(.*crash-hot.c:$middle_call\$" gdb-lines.out && grep -Eq "$version" gdb-lines.out; then
                ok "gdb bt shows source lines (crash-hot.c:$crash_line, :$inner_call, :$middle_call) in $tier code from $input"
            else bad "gdb source lines, $tier, $input: $(grep -E '^#|SIG|in section' gdb-lines.out | head -6)"; fi
        done
    done
else
    bad "gdb is not installed (scripts/setup.sh installs it)"
fi

# Debug info kept must not change behaviour: a few corpus programs (C++ classes and exceptions, OSR loops, TLS)
# compiled with -g, under --debug-jit from .ll (lazy, and tier 1 everywhere) and from .bc, against native.
# (The whole corpus: HOTJIT_CORPUS_CFLAGS=-g scripts/run-corpus.sh --mode-flags 'dbg=--debug-jit ...'.)
same=0; differ=""
for program in cpp_templates.cpp exceptions_unwind.cpp virtual_multiple_inheritance.cpp osr_loops.c thread_local.c; do
    compiler=clang-22; case $program in *.cpp) compiler=clang++-22;; esac
    base=${program%.*}
    $compiler -O0 -g -S -emit-llvm -pthread "$root/Tests/corpus/$program" -o "$base.g.ll" && "$llvm/llvm-as" "$base.g.ll" -o "$base.g.bc"
    clang++-22 "$base.g.ll" -o "$base.native" -pthread -lm
    expected=$(CORPUS_MARKER=hotjit-corpus timeout 20 ./"$base.native" alpha beta < /dev/null; echo "exit $?")
    for run in "$base.g.ll" "--threshold=1 --backedge-threshold=1 --sync-tierup $base.g.ll" "$base.g.bc"; do
        # shellcheck disable=SC2086
        actual=$(CORPUS_MARKER=hotjit-corpus timeout 20 "$jit" --debug-jit $run -- alpha beta < /dev/null 2> /dev/null; echo "exit $?")
        if [ "$actual" = "$expected" ]; then same=$((same + 1)); else differ="$differ [$run]"; fi
    done
done
if [ -z "$differ" ]; then ok "-g programs under --debug-jit print and exit as natively ($same runs)"
else bad "-g programs under --debug-jit differ from native:$differ"; fi

clang-22 -O0 -S -emit-llvm "$root/examples-c/demo.c" -o demo.ll
# Perf map and statistics show compiles and tier-ups: without the cache (a second run would start optimized).
"$jit" --no-cache --perf-map --threshold=2 --sync-tierup demo.ll 7 > /dev/null 2>perf.err &
pid=$!; wait $pid
map=/tmp/perf-$pid.map
if [ -f "$map" ] && python3 - "$map" <<'PY'
import sys
entries = []
for line in open(sys.argv[1]):
    start, size, name = line.rstrip("\n").split(" ", 2)
    entries.append((int(start, 16), int(size, 16), name))
functions = {name for _, _, name in entries if name.endswith("[t0]") or name.endswith("[t1]")}
assert {"main [t0]", "solve [t0]", "by_solutions_desc [t0]", "solve [t1]"} <= functions, functions
assert any(name.endswith("[stub]") for _, _, name in entries) and any(name.endswith("[trampoline]") for _, _, name in entries)
assert any(name.endswith("[resolver]") for _, _, name in entries)
entries.sort()
for (a, sa, na), (b, sb, nb) in zip(entries, entries[1:]):
    assert sa > 0 and a + sa <= b, f"overlap: {na} {a:x}+{sa:x} and {nb} {b:x}"
PY
then ok "perf map lists every compiled function (t0 and t1), stubs, trampolines and resolvers without overlap"
else bad "perf map $map: $(head -5 "$map" 2>/dev/null)"; fi
rm -f "$map"

"$jit" --dump=ir,asm,stubs --dump-dir=dump --threshold=2 --sync-tierup demo.ll 7 > /dev/null
if [ -f dump/solve.t0.ll ] && [ -f dump/solve.t1.ll ] && [ -f dump/solve.t0.s ] && [ -f dump/stubs.txt ] \
   && "$llvm/llvm-as" dump/solve.t1.ll -o /dev/null && "$llvm/llvm-mc" -filetype=obj dump/solve.t0.s -o /dev/null \
   && "$llvm/llvm-mc" --disassemble -triple="$(uname -m)-linux-gnu" dump/stubs.txt > stubs.dis 2>&1 && grep -q "jmp" stubs.dis; then
    ok "--dump: IR parses, assembly assembles, stubs disassemble ($(grep -c jmp stubs.dis) jumps)"
else bad "--dump: $(ls dump 2>&1 | head) $(head -3 stubs.dis 2>/dev/null)"; fi

# An unusable dump directory (under a regular file: that fails for root too) is reported once, nothing is dumped,
# and the program still runs to its normal exit.
touch not-a-dir
out=$("$jit" --dump=ir,asm,stubs --dump-dir=not-a-dir/sub demo.ll 7 2> dump-bad.err); rc=$?
if [ $rc -eq 0 ] && [ -n "$out" ] && [ "$(grep -c "hotjit: warning: cannot write dumps to 'not-a-dir/sub': Not a directory" dump-bad.err)" = 1 ] \
   && [ "$(wc -l < dump-bad.err)" -eq 1 ]; then ok "--dump-dir under a regular file: one warning, no dumps, the program runs"
else bad "--dump-dir under a regular file (exit $rc): $(head -3 dump-bad.err)"; fi
# A dump file that cannot be opened (a directory in its place) is reported on its own line; the others are written.
mkdir -p dump-clash/stubs.txt dump-clash/solve.t0.ll
out=$("$jit" --dump=ir,stubs --dump-dir=dump-clash --threshold=2 --sync-tierup demo.ll 7 2> dump-clash.err); rc=$?
if [ $rc -eq 0 ] && [ -n "$out" ] && grep -q "hotjit: warning: cannot write dump 'dump-clash/stubs.txt': Is a directory" dump-clash.err \
   && grep -q "hotjit: warning: cannot write dump 'dump-clash/solve.t0.ll': Is a directory" dump-clash.err \
   && [ -f dump-clash/solve.t1.ll ]; then ok "a dump file that cannot be opened: a warning naming it, the rest dumped, the program runs"
else bad "unwritable dump files (exit $rc): $(head -3 dump-clash.err)"; fi

"$jit" --no-cache --stats --stats-json=stats.json --trace=trace.json --threshold=2 --sync-tierup demo.ll 7 > /dev/null 2> stats.txt
if grep -q "solve" stats.txt && grep -q "tier 1:" stats.txt && python3 - <<'PY'
import json
stats = json.load(open("stats.json"))
by_name = {f["name"]: f for f in stats["functions"]}
solve = by_name["solve"]
assert solve["tier"] == 1 and solve["calls"] >= 2 and solve["code_bytes"] > 0 and "t0" in solve["compile_ms"] and "t1" in solve["compile_ms"]
assert stats["wall_seconds"] > 0 and stats["tiers"][1]["functions"] >= 1
trace = json.load(open("trace.json"))
names = [e["name"] for e in trace["traceEvents"]]
assert "solve [t0]" in names and "solve [t1]" in names and any(n.startswith("trigger solve") for n in names)
assert all("ts" in e and "tid" in e for e in trace["traceEvents"] if e["ph"] != "M")
PY
then ok "--stats table, --stats-json and --trace (Chrome trace events) report compiles and tier-ups"
else bad "--stats/--stats-json/--trace: $(head -5 stats.txt)"; fi

# A host destroying engines with debug_jit: gdb's list of JIT'd objects is back to what it was (nothing freed stays).
lib=$(dirname "$jit")
if cc -O1 -I"$root/include" "$root/Tests/observability/gdb_registration.c" -L"$lib" -lhotjit -Wl,-rpath,"$lib" \
      -o gdb_registration 2> cc.err && ./gdb_registration 3 > registration.out 2>&1; then
    ok "an engine's GDB JIT registrations are removed when it is destroyed ($(grep -c '^ok' registration.out) engines)"
else bad "GDB JIT unregistration: $(cat cc.err registration.out 2>/dev/null | head -5)"; fi

checks_summary observability
