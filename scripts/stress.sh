#!/usr/bin/env bash
# Thread stress test of hotjit's tier-up: Tests/stress/threads_tierup.c (8 threads calling 200 functions while they
# tier up) is lowered to LLVM IR in four flavours; the same .ll is linked natively (clang-22 -O2) and run, and
# hotjit-run runs it with low thresholds, background and synchronous recompiles, several times. Every run's stdout
# and exit code must equal the native run's. See Tests/stress/README.md and `scripts/stress.sh --help`.
set -uo pipefail

SELF=$(readlink -f "${BASH_SOURCE[0]}")
REPO=$(cd "$(dirname "$SELF")/.." && pwd)
DIFF_NAME=stress.sh
# shellcheck source=scripts/lib/differential.sh
source "$REPO/scripts/lib/differential.sh"   # FLAVOUR_FLAGS, ALL_FLAVOURS, run_case, ...
CLANG=${CLANG:-clang-22}
SRC=$REPO/Tests/stress/threads_tierup.c

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

# Worker: one JIT run. `stress.sh __worker FLAVOUR MODE REPEAT`; configuration in ST_* variables.
worker() {
    local flavour=$1 mode=$2 rep=$3
    local fd="$ST_WORK/$flavour" md="$ST_WORK/$flavour/run-$mode-$rep" res="$ST_WORK/results/$1.$2.$3"
    rm -rf "$md"; mkdir -p "$md"
    expand_mode "${MODE_FLAGS[$mode]}"
    local -a args=(); [[ -n $ST_ROUNDS ]] && args=(-- "$ST_ROUNDS")
    # Without the persistent cache: every repeat tiers up again (a cached run would start optimized).
    run_case "$ST_TIMEOUT" "$md" "$ST_JIT" --no-cache "${MODE_ARGS[@]}" "$fd/p.ll" "${args[@]}"
    local ms name="$flavour $mode #$rep (${MODE_ARGS[*]})"
    ms=$(cat "$md/ms")
    if same_run "$fd/native" "$md"; then
        echo "PASS $name ${ms}ms" >"$res"
        rm -rf "$md"
        return
    fi
    {
        echo "FAIL $name: exit $(describe_rc "$(cat "$md/rc")" "$ST_TIMEOUT") (native $(cat "$fd/native/rc")) after ${ms}ms$(cmp -s "$fd/native/out" "$md/out" || echo ', stdout differs')"
        repro_line "$CLANG ${FLAVOUR_FLAGS[$flavour]} -pthread -S -emit-llvm -o p.ll $SRC" "$ST_JIT --no-cache ${MODE_ARGS[*]} p.ll${ST_ROUNDS:+ -- $ST_ROUNDS}"
        echo "  files: $md (IR: $fd/p.ll)"
        out_diff "$fd/native/out" "$md/out" jit 16
        err_tail "$md/err" 4 '  jit stderr: '
    } >"$res"
    head -n 2 "$res"
}

dispatch_worker "$@"

# build_flavour FLAVOUR: its IR and native build in $WORK/FLAVOUR, run natively once: that output is the reference.
build_flavour() {
    local f=$1 fd=$WORK/$1
    rm -rf "$fd"; mkdir -p "$fd/native"
    # shellcheck disable=SC2086
    if ! $CLANG ${FLAVOUR_FLAGS[$f]} -Wall -Wextra -Werror -pthread -S -emit-llvm -o "$fd/p.ll" "$SRC" >"$fd/build.log" 2>&1 ||
       ! $CLANG -O2 "$fd/p.ll" -pthread -o "$fd/p.native" >>"$fd/build.log" 2>&1; then
        echo "FAIL $f: build failed"; sed 's/^/    /' "$fd/build.log" | head -n 10
        return 1
    fi
    run_case "$TIMEOUT" "$fd/native" "$fd/p.native" ${ROUNDS:+"$ROUNDS"}
    if [[ $(cat "$fd/native/rc") != 0 ]] || ! grep -qx ok "$fd/native/out"; then
        echo "FAIL $f: the NATIVE run failed (exit $(cat "$fd/native/rc")); see $fd"
        return 1
    fi
    echo "stress.sh: $f native run $(cat "$fd/native/ms")ms" >&2
}

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
    OPT_SHIFT=1
    case $1 in
        --jit|--jit=*) opt_value "$@"; JIT=$OPT_VALUE ;;
        --repeat|--repeat=*) opt_value "$@"; REPEAT=$OPT_VALUE ;;
        --rounds|--rounds=*) opt_value "$@"; ROUNDS=$OPT_VALUE ;;
        --mode|--mode=*) opt_value "$@"; MODES+=("$OPT_VALUE") ;;
        --flavour|--flavor|--flavour=*|--flavor=*) opt_value "$@"; FLAVOURS+=("$OPT_VALUE") ;;
        --timeout|--timeout=*) opt_value "$@"; TIMEOUT=$OPT_VALUE ;;
        -j*) opt_value "$@"; JOBS=$OPT_VALUE ;;
        --work|--work=*) opt_value "$@"; WORK=$OPT_VALUE ;;
        -v|--verbose) VERBOSE=1 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument '$1'" ;;
    esac
    shift "$OPT_SHIFT"
done
require_positive "$REPEAT" REPEAT
require_positive "$TIMEOUT" TIMEOUT
require_positive "$JOBS" JOBS
[[ -z $ROUNDS ]] || require_positive "$ROUNDS" --rounds
((${#MODES[@]})) || MODES=("${ALL_MODES[@]}")
((${#FLAVOURS[@]})) || FLAVOURS=("${ALL_FLAVOURS[@]}")
check_names MODE_FLAGS mode "${MODES[@]}"
check_names FLAVOUR_FLAGS flavour "${FLAVOURS[@]}"
need_commands "$CLANG"
JIT=$(find_jit "$JIT") || exit 2
lock_work "${WORK:-$REPO/.build/stress-work}"
rm -rf "$WORK/results"; mkdir -p "$WORK/results"

start=$(date +%s)
failed=0; passed=0
good_flavours=()
for f in "${FLAVOURS[@]}"; do
    if build_flavour "$f"; then good_flavours+=("$f"); else failed=$((failed + ${#MODES[@]} * REPEAT)); fi
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
