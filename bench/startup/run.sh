#!/usr/bin/env bash
# Start-up benchmark (not a test): a generated C program of N functions (default 5000) of which main calls 10, compiled
# to IR by clang-22 -O0, run by hotjit-run, `lli-22 -jit-kind=orc-lazy` and `lli-22 -jit-kind=mcjit -O0` (eager, true
# -O0), alternating, median wall time of R runs (default 5) each. Reports hotjit's time as a fraction of the faster lli.
# Target: hotjit <= 0.5 x the faster lli mode. Usage: bench/startup/run.sh [FUNCTIONS] [RUNS] [FORMAT: ll|bc]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
functions=${1:-5000}; runs=${2:-5}; format=${3:-ll}
work="$root/.build/bench-startup"; mkdir -p "$work"
jit="$root/.build/release/hotjit-run"
[ -x "$jit" ] || (cd "$root" && swift build -c release >/dev/null)
python3 "$(dirname "$0")/generate-large-module.py" --functions "$functions" --called 10 > "$work/large.c"
clang-22 -O0 -S -emit-llvm "$work/large.c" -o "$work/large.ll"
input="$work/large.ll"
if [ "$format" = bc ]; then llvm-as-22 "$work/large.ll" -o "$work/large.bc" 2>/dev/null || /usr/lib/llvm-22/bin/llvm-as "$work/large.ll" -o "$work/large.bc"; input="$work/large.bc"; fi
expected=$(clang-22 -O0 "$work/large.ll" -o "$work/large.native" 2>/dev/null && "$work/large.native")

declare -A commands=(
  [hotjit]="$jit --no-cache $input"
  [lli-orc-lazy]="lli-22 -jit-kind=orc-lazy $input"
  [lli-mcjit-O0]="lli-22 -jit-kind=mcjit -O0 $input"
)
order=(hotjit lli-orc-lazy lli-mcjit-O0)
declare -A times
for ((r = 0; r < runs; r++)); do
  for mode in "${order[@]}"; do
    start=$(date +%s.%N)
    out=$(${commands[$mode]})
    end=$(date +%s.%N)
    [ "$out" = "$expected" ] || { echo "$mode printed '$out', expected '$expected'" >&2; exit 1; }
    times[$mode]+="$(echo "$end - $start" | bc) "
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "start-up: $functions functions, 10 called, $format input, median of $runs runs ($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
for mode in "${order[@]}"; do printf '  %-14s %8.3f s\n' "$mode" "$(echo "${times[$mode]}" | median)"; done
h=$(echo "${times[hotjit]}" | median); a=$(echo "${times[lli-orc-lazy]}" | median); b=$(echo "${times[lli-mcjit-O0]}" | median)
best=$(echo "if ($a < $b) $a else $b" | bc -l)
printf '  hotjit / faster lli = %.3f (target <= 0.5)\n' "$(echo "$h / $best" | bc -l)"
