#!/usr/bin/env bash
# The real-program table: each case of bench/real (sqlite3, lua, bzip2, pbzip2; bench-size workloads, 1-5 s natively)
# timed in every mode, the modes alternating within each round; prints a markdown table of median time / native -O2
# time (same run) and marks any run whose output or exit code differs from native -O2's.
#   bench/real/run.sh                   # 3 rounds, flavour O0-nooptnone (clang -O0 -Xclang -disable-O0-optnone)
#   bench/real/run.sh --runs 5 --case 'sqlite|lua' --flavour O2-nopasses --jit PATH
set -uo pipefail

SELF=$(readlink -f "${BASH_SOURCE[0]}")
REPO=$(cd "$(dirname "$SELF")/../.." && pwd)
DIFF_NAME=real-run
# shellcheck source=scripts/lib/differential.sh
source "$REPO/scripts/lib/differential.sh"   # FLAVOUR_FLAGS, run_case, same_run, opt_value, ...
# shellcheck source=bench/real/lib.sh
source "$REPO/bench/real/lib.sh"             # REAL_CASES, real_build, real_data, case_setup

LLI=${LLI:-lli-22}
# Modes in table order: name, then the command before the program's arguments (PROG = prog.bc, JIT = hotjit-run).
MODES=(hotjit cache-first cache-warm no-osr no-tierup mcjit-O0 orc orc-lazy native-O0 native-O2)
declare -A MODE_TITLE=(
    [hotjit]="hotjit" [cache-first]="hotjit, empty cache" [cache-warm]="hotjit, warm cache"
    [no-osr]="hotjit --no-osr" [no-tierup]="hotjit --no-tierup"
    [mcjit-O0]="lli mcjit -O0" [orc]="lli orc" [orc-lazy]="lli orc-lazy" [native-O0]="native -O0"
    [native-O2]="native -O2"
)
# The hotjit modes run without the persistent cache, except cache-first (an empty cache directory each run: what
# filling it costs) and cache-warm (a directory one unmeasured run filled before the rounds: a second run).
mode_command() { # MODE DIR: sets CMD to the mode's command line (without the program's arguments)
    case $1 in
        hotjit) CMD=("$JIT" --no-cache "$2/prog.bc" --) ;;
        cache-first) rm -rf "$d/cache-first"; CMD=("$JIT" --cache-dir="$d/cache-first" "$2/prog.bc" --) ;;
        cache-warm) CMD=("$JIT" --cache-dir="$d/cache-warm" "$2/prog.bc" --) ;;
        no-osr) CMD=("$JIT" --no-cache --no-osr "$2/prog.bc" --) ;;
        no-tierup) CMD=("$JIT" --no-cache --no-tierup "$2/prog.bc" --) ;;
        mcjit-O0) CMD=("$LLI" -jit-kind=mcjit -O0 "$2/prog.bc") ;;
        orc) CMD=("$LLI" -jit-kind=orc "$2/prog.bc") ;;
        orc-lazy) CMD=("$LLI" -jit-kind=orc-lazy "$2/prog.bc") ;;
        native-O0) CMD=("$2/native-O0") ;;
        native-O2) CMD=("$2/native-O2") ;;
    esac
}

JIT=
RUNS=3
FLAVOUR=O0-nooptnone
CASE_FILTER=
TIMEOUT=600
while (($#)); do
    OPT_SHIFT=1
    case $1 in
        --jit|--jit=*) opt_value "$@"; JIT=$OPT_VALUE ;;
        --runs|--runs=*) opt_value "$@"; RUNS=$OPT_VALUE ;;
        --flavour|--flavor|--flavour=*|--flavor=*) opt_value "$@"; FLAVOUR=$OPT_VALUE ;;
        --case|--case=*) opt_value "$@"; CASE_FILTER=$OPT_VALUE ;;
        --timeout|--timeout=*) opt_value "$@"; TIMEOUT=$OPT_VALUE ;;
        -h|--help) sed -n '2,6p' "$SELF" | sed 's/^# \{0,1\}//'
                   echo "modes: ${MODES[*]}; options: --jit PATH --runs N --flavour NAME --case REGEX --timeout SECS"
                   exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
    shift "$OPT_SHIFT"
done
require_positive "$RUNS" --runs
check_names FLAVOUR_FLAGS flavour "$FLAVOUR"
need_commands "$CLANG" "$CLANGXX" "$LLVM_LINK" "$LLI"
JIT=$(find_jit "$JIT") || exit 2
CASES=()
for c in "${REAL_CASES[@]}"; do [[ -z $CASE_FILTER || $c =~ $CASE_FILTER ]] && CASES+=("$c"); done
((${#CASES[@]})) || die "no case matches '$CASE_FILTER'"

lock_work "$REAL/run-work"
real_data bench
for c in "${CASES[@]}"; do case_setup "$c" bench; real_build "$CASE_PROG" "$FLAVOUR"; done

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "| case | native -O2 |$(for m in "${MODES[@]:0:${#MODES[@]}-1}"; do printf ' %s |' "${MODE_TITLE[$m]}"; done)"
echo "|---|---:|$(for _ in "${MODES[@]:0:${#MODES[@]}-1}"; do printf -- '---:|'; done)"
for c in "${CASES[@]}"; do
    case_setup "$c" bench
    bin=$REAL/$FLAVOUR/$CASE_PROG
    d=$WORK/$c
    rm -rf "$d"; mkdir -p "$d/ref"
    RUN_CASE_STDIN=$CASE_STDIN run_case "$TIMEOUT" "$d/ref" "$bin/native-O2" "${CASE_ARGS[@]}"
    [[ $(cat "$d/ref/rc") == 0 ]] || die "the native -O2 run of $c failed (exit $(cat "$d/ref/rc"))"
    declare -A times=() wrong=()
    mode_command cache-warm "$bin"
    mkdir -p "$d/cache-fill"
    RUN_CASE_STDIN=$CASE_STDIN run_case "$TIMEOUT" "$d/cache-fill" "${CMD[@]}" "${CASE_ARGS[@]}"
    for ((r = 0; r < RUNS; r++)); do
        for ((k = 0; k < ${#MODES[@]}; k++)); do
            m=${MODES[$(( (k + r) % ${#MODES[@]} ))]}     # the starting mode rotates between rounds
            mode_command "$m" "$bin"
            mkdir -p "$d/$m.$r"
            RUN_CASE_STDIN=$CASE_STDIN run_case "$TIMEOUT" "$d/$m.$r" "${CMD[@]}" "${CASE_ARGS[@]}"
            times[$m]+="$(cat "$d/$m.$r/ms") "
            if ! same_run "$d/ref" "$d/$m.$r"; then
                wrong[$m]="exit $(describe_rc "$(cat "$d/$m.$r/rc")" "$TIMEOUT")"
                echo "$DIFF_NAME: $c, $m: output or exit code differs from native -O2 ($d/$m.$r)" >&2
            else
                rm -f "$d/$m.$r/out"
            fi
        done
    done
    ref=$(tr ' ' '\n' <<<"${times[native-O2]}" | grep . | median)
    row="| $c | $(awk -v t="$ref" 'BEGIN { printf "%.2f s", t / 1000 }') |"
    for m in "${MODES[@]:0:${#MODES[@]}-1}"; do
        t=$(tr ' ' '\n' <<<"${times[$m]}" | grep . | median)
        if [[ -n ${wrong[$m]:-} ]]; then row+=" **fails** (${wrong[$m]}) |"
        else row+=" $(awk -v t="$t" -v r="$ref" 'BEGIN { printf "%.2fx", t / r }') |"; fi
    done
    echo "$row"
    unset times wrong
done
echo
echo "Median of $RUNS runs per mode (modes alternate within a round); ratio = time / native -O2 time in the same run."
echo "IR flavour $FLAVOUR; hotjit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null); $("$CLANG" --version | head -n1)."
