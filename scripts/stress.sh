#!/usr/bin/env bash
# Thread stress test of hotjit's tier-up: Tests/stress/threads_tierup.c (8 threads calling 200 functions while they
# tier up) is lowered to LLVM IR in three flavours; the same .ll is linked natively (clang-22 -O2) and run, and
# hotjit-run runs it with low thresholds, background and synchronous recompiles, several times. Every run's stdout
# and exit code must equal the native run's. See Tests/stress/README.md and `scripts/stress.sh --help`.
set -uo pipefail

SELF=$(readlink -f "${BASH_SOURCE[0]}")
REPO=$(cd "$(dirname "$SELF")/.." && pwd)
CLANG=${CLANG:-clang-22}
SRC=$REPO/Tests/stress/threads_tierup.c

declare -A FLAVOUR_FLAGS=(
    [O0]="-O0"
    [O0-nooptnone]="-O0 -Xclang -disable-O0-optnone"
    [O2-nopasses]="-O2 -Xclang -disable-llvm-passes"
)
ALL_FLAVOURS=(O0 O0-nooptnone O2-nopasses)
# Modes: name -> hotjit-run flags, expanded per run (fresh $RANDOM); the expansion is printed with every result.
declare -A MODE_FLAGS=(
    [t1-bg]='--threshold=1'
    [t1-sync]='--threshold=1 --sync-tierup'
    [t7-bg]='--threshold=7 --backedge-threshold=50'
    [t7-sync]='--threshold=7 --backedge-threshold=50 --sync-tierup'
    [random-bg]='--threshold=$((RANDOM % 40 + 1)) --backedge-threshold=$((RANDOM % 2000 + 1)) --compile-threads=$((RANDOM % 3 + 1))'
    [random-sync]='--threshold=$((RANDOM % 40 + 1)) --backedge-threshold=$((RANDOM % 2000 + 1)) --sync-tierup'
)
ALL_MODES=(t1-bg t1-sync t7-bg t7-sync random-bg random-sync)

usage() {
    cat <<EOF
usage: scripts/stress.sh [--jit PATH] [--repeat N] [options]

Runs Tests/stress/threads_tierup.c (8 threads, 200 functions tiering up under them) natively and on hotjit-run, in
IR flavours (${ALL_FLAVOURS[*]}) x modes x repeats, and compares stdout and exit code.

options:
  --jit PATH      hotjit-run to test (default: \$HOTJIT_RUN, else .build/release/hotjit-run)
  --repeat N      runs of every (flavour, mode) (default 3)
  --rounds R      rounds per thread passed to the program (default: the program's, 300000)
  --mode NAME     mode, repeatable (default: all)
  --flavour NAME  IR flavour, repeatable (default: all)
  --timeout S     per-run timeout in seconds (default 120)
  -j N            parallel runs (default: nproc)
  --work DIR      work directory (default .build/stress-work); IR and failing runs' output are kept there
  -v, --verbose   a line for every passing run too
  -h, --help      this text

modes:
$(for m in "${ALL_MODES[@]}"; do printf '  %-12s %s\n' "$m" "${MODE_FLAGS[$m]}"; done)

Last line: 'stress: N passed, M failed' (runs); exit status 1 if M > 0.
EOF
}

describe_rc() {
    local rc=$1
    if [[ $rc == 124 ]]; then echo "$rc (timed out after ${ST_TIMEOUT}s)"
    elif ((rc > 128 && rc < 160)); then echo "$rc (signal $((rc - 128)): $(kill -l $((rc - 128)) 2>/dev/null))"
    else echo "$rc"; fi
}

# Worker: one JIT run. `stress.sh __worker FLAVOUR MODE REPEAT`; configuration in ST_* variables.
worker() {
    local flavour=$1 mode=$2 rep=$3
    local fd="$ST_WORK/$flavour" md="$ST_WORK/$flavour/run-$mode-$rep"
    rm -rf "$md"; mkdir -p "$md"
    local -a mflags=(); eval "mflags=(${MODE_FLAGS[$mode]})"
    local -a args=(); [[ -n $ST_ROUNDS ]] && args=(-- "$ST_ROUNDS")
    local start end
    start=$(date +%s%N)
    (cd "$md" && timeout "$ST_TIMEOUT" "$ST_JIT" "${mflags[@]}" "$fd/p.ll" "${args[@]}" </dev/null >out 2>err) 2>>"$md/err"
    local rc=$?
    end=$(date +%s%N)
    local ms=$(( (end - start) / 1000000 ))
    local name="$flavour $mode #$rep (${mflags[*]})"
    if [[ $rc == "$(cat "$fd/native.rc")" ]] && cmp -s "$fd/native.out" "$md/out"; then
        echo "PASS $name ${ms}ms" >"$ST_WORK/results/$flavour.$mode.$rep"
        rm -rf "$md"
        return
    fi
    {
        echo "FAIL $name: exit $(describe_rc "$rc") (native $(cat "$fd/native.rc")) after ${ms}ms$(cmp -s "$fd/native.out" "$md/out" || echo ', stdout differs')"
        echo "  repro: $CLANG ${FLAVOUR_FLAGS[$flavour]} -pthread -S -emit-llvm -o p.ll $SRC && $ST_JIT ${mflags[*]} p.ll${ST_ROUNDS:+ -- $ST_ROUNDS}"
        echo "  files: $md (IR: $fd/p.ll)"
        diff -a -u --label native --label jit "$fd/native.out" "$md/out" | head -n 16 | cut -c1-200 | sed 's/^/    /'
        grep -v '^ *$' "$md/err" | tail -n 4 | cut -c1-200 | sed 's/^/  jit stderr: /'
    } >"$ST_WORK/results/$flavour.$mode.$rep"
    head -n 2 "$ST_WORK/results/$flavour.$mode.$rep"
}

if [[ ${1:-} == __worker ]]; then
    shift
    worker "$@"
    exit 0
fi

die() { echo "stress.sh: $*" >&2; exit 2; }
JIT=${HOTJIT_RUN:-}
REPEAT=3
ROUNDS=
TIMEOUT=120
JOBS=$(nproc 2>/dev/null || echo 2)
MODES=()
FLAVOURS=()
WORK=
VERBOSE=
while (($#)); do
    case $1 in
        --jit) JIT=${2:?}; shift 2 ;;
        --jit=*) JIT=${1#*=}; shift ;;
        --repeat) REPEAT=${2:?}; shift 2 ;;
        --repeat=*) REPEAT=${1#*=}; shift ;;
        --rounds) ROUNDS=${2:?}; shift 2 ;;
        --rounds=*) ROUNDS=${1#*=}; shift ;;
        --mode) MODES+=("${2:?}"); shift 2 ;;
        --mode=*) MODES+=("${1#*=}"); shift ;;
        --flavour|--flavor) FLAVOURS+=("${2:?}"); shift 2 ;;
        --flavour=*|--flavor=*) FLAVOURS+=("${1#*=}"); shift ;;
        --timeout) TIMEOUT=${2:?}; shift 2 ;;
        --timeout=*) TIMEOUT=${1#*=}; shift ;;
        -j) JOBS=${2:?}; shift 2 ;;
        -j*) JOBS=${1#-j}; shift ;;
        --work) WORK=${2:?}; shift 2 ;;
        --work=*) WORK=${1#*=}; shift ;;
        -v|--verbose) VERBOSE=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument '$1'" ;;
    esac
done
for v in REPEAT TIMEOUT JOBS; do [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive number"; done
[[ -z $ROUNDS || $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "--rounds must be a positive number"
((${#MODES[@]})) || MODES=("${ALL_MODES[@]}")
((${#FLAVOURS[@]})) || FLAVOURS=("${ALL_FLAVOURS[@]}")
for m in "${MODES[@]}"; do [[ -v "MODE_FLAGS[$m]" ]] || die "unknown mode '$m' (defined: ${ALL_MODES[*]})"; done
for f in "${FLAVOURS[@]}"; do [[ -v "FLAVOUR_FLAGS[$f]" ]] || die "unknown flavour '$f' (defined: ${ALL_FLAVOURS[*]})"; done
command -v "$CLANG" >/dev/null || die "$CLANG not found (scripts/setup.sh installs it)"
if [[ -z $JIT ]]; then
    for cand in "$REPO/.build/release/hotjit-run" "$REPO/.build/debug/hotjit-run"; do
        [[ -x $cand ]] && { JIT=$cand; break; }
    done
    [[ -n $JIT ]] || die "no hotjit-run found; build it (swift build -c release) or pass --jit PATH"
fi
[[ $JIT == */* ]] || JIT=$(command -v "$JIT" || echo "$JIT")
[[ -x $JIT ]] || die "--jit '$JIT' is not an executable"
JIT=$(readlink -f "$JIT")

WORK=${WORK:-$REPO/.build/stress-work}
mkdir -p "$WORK" || die "cannot create $WORK"
WORK=$(cd "$WORK" && pwd)
exec 9>"$WORK/.lock"
flock -n 9 || { echo "stress.sh: another run is using $WORK; waiting" >&2; flock 9; }
rm -rf "$WORK/results"; mkdir -p "$WORK/results"

start=$(date +%s)
failed=0; passed=0
# Build every flavour and run it natively once: that output is the reference.
good_flavours=()
for f in "${FLAVOURS[@]}"; do
    fd=$WORK/$f; rm -rf "$fd"; mkdir -p "$fd"
    # shellcheck disable=SC2086
    if ! $CLANG ${FLAVOUR_FLAGS[$f]} -Wall -Wextra -Werror -pthread -S -emit-llvm -o "$fd/p.ll" "$SRC" >"$fd/build.log" 2>&1 ||
       ! $CLANG -O2 "$fd/p.ll" -pthread -o "$fd/p.native" >>"$fd/build.log" 2>&1; then
        echo "FAIL $f: build failed"; sed 's/^/    /' "$fd/build.log" | head -n 10
        failed=$((failed + ${#MODES[@]} * REPEAT)); continue
    fi
    t0=$(date +%s%N)
    (cd "$fd" && timeout "$TIMEOUT" ./p.native ${ROUNDS:+"$ROUNDS"} </dev/null >native.out 2>native.err)
    echo $? >"$fd/native.rc"
    t1=$(date +%s%N)
    if [[ $(cat "$fd/native.rc") != 0 ]] || ! grep -qx ok "$fd/native.out"; then
        echo "FAIL $f: the NATIVE run failed (exit $(cat "$fd/native.rc")); see $fd"
        failed=$((failed + ${#MODES[@]} * REPEAT)); continue
    fi
    echo "stress.sh: $f native run $(( (t1 - t0) / 1000000 ))ms" >&2
    good_flavours+=("$f")
done

export ST_WORK=$WORK ST_JIT=$JIT ST_TIMEOUT=$TIMEOUT ST_ROUNDS=$ROUNDS
echo "stress.sh: ${#good_flavours[@]} flavours x ${#MODES[@]} modes x $REPEAT repeats, -j $JOBS, jit $JIT" >&2
if ((${#good_flavours[@]})); then
    for r in $(seq 1 "$REPEAT"); do
        for f in "${good_flavours[@]}"; do
            for m in "${MODES[@]}"; do printf '%s\0%s\0%s\0' "$f" "$m" "$r"; done
        done
    done | xargs -0 -n 3 -P "$JOBS" "$SELF" __worker
fi

for f in "${good_flavours[@]}"; do
    for m in "${MODES[@]}"; do
        for r in $(seq 1 "$REPEAT"); do
            res=$WORK/results/$f.$m.$r
            if [[ ! -f $res ]]; then
                failed=$((failed + 1)); echo "FAIL $f $m #$r: the worker produced no result"
            elif [[ $(head -c 4 "$res") == PASS ]]; then
                passed=$((passed + 1)); [[ -n $VERBOSE ]] && cat "$res"
            else
                failed=$((failed + 1))
                tail -n +3 "$res"  # the first two lines were printed when the run ended
            fi
        done
    done
done
echo "stress.sh: finished in $(( $(date +%s) - start ))s; files in $WORK" >&2
echo "stress: $passed passed, $failed failed"
((failed == 0))
