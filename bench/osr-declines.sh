#!/usr/bin/env bash
# How often OSR continuations are declined, and why (issue 19): every program of Tests/corpus in every IR flavour
# and a sweep of csmith programs (-O0 and -O2 -Xclang -disable-llvm-passes IR), each run on hotjit-run with every
# loop asking for a continuation at its first back-edge and functions left at tier 0 (--backedge-threshold=1,
# a call threshold never met, synchronous compiles). Sums the `osr_declines` of each run's --stats-json, counts
# the continuations entered, and checks each run's stdout against the same IR built natively (clang-22 -O2).
# --real adds the real-program suite's short workloads (bench/real/check.sh --mode osr-every-loop, both IR flavours).
# Usage: bench/osr-declines.sh [--jit PATH] [--csmith-count N] [--csmith-start S] [-j N] [--real]
# Last lines: one per decline reason with its count, then 'osr-declines: R runs, T transfers, M mismatches'.
set -uo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jit=$REPO/.build/release/hotjit-run
count=200
start=1
jobs=$(nproc)
real=
while [ $# -gt 0 ]; do
    case $1 in
        --jit) jit=$2; shift 2 ;;
        --csmith-count) count=$2; shift 2 ;;
        --csmith-start) start=$2; shift 2 ;;
        -j) jobs=$2; shift 2 ;;
        --real) real=1; shift ;;
        -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "osr-declines: unknown option $1" >&2; exit 2 ;;
    esac
done
jit=$(readlink -f "$jit")
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
flags=(--threshold=1000000000 --backedge-threshold=1 --sync-tierup)

# One case: $1 = name, $2 = source (or "csmith:SEED"), $3.. = clang flags. Writes NAME.json and NAME.status.
run_case() {
    local name=$1 source=$2; shift 2
    local dir=$work/$name; mkdir -p "$dir"
    if [[ $source == csmith:* ]]; then
        csmith --seed "${source#csmith:}" > "$dir/p.c" 2>/dev/null || return 0
        source=$dir/p.c
        set -- "$@" -w -I/usr/include/csmith
    fi
    local compiler=clang-22; [[ $source == *.cpp ]] && compiler=clang++-22
    $compiler "$@" -pthread -S -emit-llvm "$source" -o "$dir/p.ll" 2>/dev/null || return 0
    clang++-22 -O2 -pthread "$dir/p.ll" -o "$dir/native" -lm 2>/dev/null || return 0
    local expected
    expected=$(cd "$dir" && CORPUS_MARKER=hotjit-corpus timeout 5 ./native alpha beta </dev/null 2>/dev/null) \
        || { [ $? -eq 124 ] && return 0; }
    local actual status; actual=$(cd "$dir" && CORPUS_MARKER=hotjit-corpus timeout 120 "$jit" "${flags[@]}" \
        --stats-json="$dir/stats.json" p.ll -- alpha beta </dev/null 2>"$dir/stderr")
    status=$?
    # A program whose work stays at tier 0 here (a hot function called often: calls never trigger) may need longer
    # than the timeout; that is no wrong output.
    if [ "$actual" = "$expected" ]; then echo same > "$dir/status"
    elif [ $status -eq 124 ]; then echo timeout > "$dir/status"
    else echo mismatch > "$dir/status"; fi
    cp "$dir/stats.json" "$work/$name.json" 2>/dev/null
    cp "$dir/status" "$work/$name.status"
    rm -f "$dir/native" "$dir/p.ll"
}
export -f run_case; export work jit; export flags_string="${flags[*]}"

{
    for program in "$REPO"/Tests/corpus/*.c "$REPO"/Tests/corpus/*.cpp; do
        base=$(basename "$program"); base=${base%.*}
        echo "corpus-$base-O0|$program|-O0 -g0"
        echo "corpus-$base-O0np|$program|-O0 -Xclang -disable-O0-optnone"
        echo "corpus-$base-O2np|$program|-O2 -Xclang -disable-llvm-passes"
    done
    for seed in $(seq "$start" $((start + count - 1))); do
        echo "csmith-$seed-O0|csmith:$seed|-O0"
        echo "csmith-$seed-O2np|csmith:$seed|-O2 -Xclang -disable-llvm-passes"
    done
} | xargs -P "$jobs" -I{} bash -c 'IFS="|" read -r n s f <<< "{}"; flags=($flags_string); run_case "$n" "$s" $f'

if [[ -n $real ]]; then
    "$REPO/bench/real/check.sh" --jit "$jit" -j "$jobs" --mode osr-every-loop --flavour O0-nooptnone \
        --flavour O2-nopasses --stats-dir "$work" | tail -n 1
fi

python3 - "$work" <<'PY'
import collections, glob, json, os, sys
work = sys.argv[1]
declines = collections.Counter(); where = collections.defaultdict(list)
runs = transfers = 0
for path in sorted(glob.glob(os.path.join(work, "*.json"))):
    name = os.path.basename(path)[:-5]
    try:
        stats = json.load(open(path))
    except ValueError:
        continue
    runs += 1
    transfers += stats.get("osr_entries", 0)
    for reason, n in stats.get("osr_declines", {}).items():
        declines[reason] += n
        if n: where[reason].append(name)
    declines.setdefault("verifier", 0)
verdicts = {os.path.basename(p)[:-7]: open(p).read().strip() for p in glob.glob(os.path.join(work, "*.status"))}
mismatches = [name for name, verdict in verdicts.items() if verdict == "mismatch"]
timeouts = sorted(name for name, verdict in verdicts.items() if verdict == "timeout")
for reason in sorted(declines, key=lambda r: (-declines[r], r)):
    names = " ".join(where[reason][:6]) + (" ..." if len(where[reason]) > 6 else "")
    print(f"  {reason:18} {declines[reason]:6}  {names}")
listed = " ".join(sorted(mismatches)[:10])
if timeouts:
    print(f"  timed out (120 s, not compared): {' '.join(timeouts)}")
print(f"osr-declines: {runs} runs, {transfers} transfers, {len(mismatches)} mismatches {listed}")
PY
