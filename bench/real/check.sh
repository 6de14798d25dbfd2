#!/usr/bin/env bash
# Differential check of real programs (sqlite3, lua, bzip2, pbzip2 from Debian source packages; see bench/real/lib.sh):
# short workloads, the same linked IR run natively (clang -O2 of it) and on hotjit-run in several modes; stdout and
# exit code must be identical. CI runs `bench/real/check.sh` (defaults below); `--help` for the options.
#   bench/real/check.sh                                   # CI subset: flavour O0-nooptnone, the CI modes
#   bench/real/check.sh --flavour O2-nopasses --mode all  # more
set -uo pipefail

SELF=$(readlink -f "${BASH_SOURCE[0]}")
REPO=$(cd "$(dirname "$SELF")/../.." && pwd)
DIFF_NAME=real-check
# shellcheck source=scripts/lib/differential.sh
source "$REPO/scripts/lib/differential.sh"   # FLAVOUR_FLAGS, MODE_FLAGS, run_case, same_run, ...
# shellcheck source=bench/real/lib.sh
source "$REPO/bench/real/lib.sh"             # REAL_CASES, real_build, real_data, case_setup

# Modes beyond the corpus's: the issue's modes, and OSR at low back-edge thresholds (where OSR bugs show).
MODE_FLAGS[no-osr]='--no-osr'
MODE_FLAGS[no-tierup]='--no-tierup'
# shellcheck disable=SC2016  # expanded per case
MODE_FLAGS[osr-low]='--backedge-threshold=$((RANDOM % 64 + 1))'
# bench/osr-declines.sh: every loop asks for a continuation at its first back-edge, functions stay at tier 0.
MODE_FLAGS[osr-every-loop]='--threshold=1000000000 --backedge-threshold=1 --sync-tierup'
# The CI set; tierup1 (every function optimized synchronously at its first call) takes minutes on sqlite3, so it is
# left to `--mode tierup1` / `--mode all` (the corpus runs it on small programs).
CI_MODES=(lazy no-osr no-tierup tierup1-bg random osr-low cached cached-again)

usage() {
    cat <<EOF
usage: bench/real/check.sh [options]

Builds the real programs (downloads cached under .build/real), runs each case's short workload natively and on
hotjit-run (textual IR, prog.ll) in every mode, and compares stdout and exit code.

options:
  --jit PATH          hotjit-run to test (default: .build/release/hotjit-run, else .build/debug/hotjit-run)
  --flavour NAME      IR flavour, repeatable (default: O0-nooptnone; defined: ${!FLAVOUR_FLAGS[*]})
  --mode NAME         JIT mode, repeatable; 'all' = every defined mode (default: ${CI_MODES[*]})
  --case REGEX        only cases whose name matches (cases: ${REAL_CASES[*]})
  --size ci|bench     workload size (default: ci)
  -j N                parallel runs (default: nproc)
  --timeout SECS      per-run timeout (default: 120)
  --stats-dir DIR     keep each run's --stats-json as DIR/real-CASE-FLAVOUR-MODE.json, its verdict in .status
  -h, --help          this text
modes:
$(for m in $(printf '%s\n' "${!MODE_FLAGS[@]}" | sort); do
      printf '  %-11s %s\n' "$m" "${MODE_FLAGS[$m]:-(no flags)}"; done)
Last line: 'real programs: N passed, M failed'; exit status 1 if M > 0.
EOF
}

# Worker: one case, flavour and mode (`check.sh __worker CASE FLAVOUR MODE`), configuration in RK_* variables.
worker() {
    local case=$1 flavour=$2 mode=$3
    case_setup "$case" "$RK_SIZE"
    local dir=$RK_WORK/$case/$flavour md res=$RK_WORK/results/$case.$flavour.$mode
    md=$dir/mode-$mode
    rm -rf "$md"; mkdir -p "$md"
    expand_mode "${MODE_FLAGS[$mode]}"
    if [[ $mode == cached-again ]]; then   # after the run that fills the cache (dispatched before this one)
        local waited=0
        until [[ -e $RK_WORK/results/$case.$flavour.cached ]] || ((waited++ > RK_TIMEOUT * 5)); do sleep 0.2; done
    fi
    local stats=${RK_STATS_DIR:+$RK_STATS_DIR/real-$case-$flavour-$mode}
    [[ -n $stats ]] && MODE_ARGS+=("--stats-json=$stats.json")
    local -a cmd=("$RK_JIT" "${MODE_ARGS[@]}" "$REAL/$flavour/$CASE_PROG/prog.ll" -- "${CASE_ARGS[@]}")
    RUN_CASE_STDIN=$CASE_STDIN run_case "$RK_TIMEOUT" "$md" "${cmd[@]}"
    local verdict=mismatch
    same_run "$dir/native" "$md" && verdict=same
    [[ -n $stats ]] && echo "$verdict" >"$stats.status"
    if [[ $verdict == same ]]; then
        echo "PASS $case [$flavour] $mode $(cat "$md/ms") ms" >"$res"
        rm -rf "$md"
        return
    fi
    local nrc jrc reason=
    nrc=$(cat "$dir/native/rc"); jrc=$(cat "$md/rc")
    cmp -s "$dir/native/out" "$md/out" || reason="stdout differs"
    [[ $jrc == "$nrc" ]] || reason+="${reason:+; }exit code native=$nrc jit=$(describe_rc "$jrc" "$RK_TIMEOUT")"
    {
        echo "FAIL $case [$flavour] $mode: $reason"
        ((${#MODE_ARGS[@]})) && echo "  mode flags: $(quote_cmd "${MODE_ARGS[@]}")"
        repro_line "cd $(q "$md")" "$(quote_cmd "${cmd[@]}") <$(q "$CASE_STDIN")"
        cmp -s "$dir/native/out" "$md/out" || out_diff "$dir/native/out" "$md/out" jit 12
        [[ -s $md/err ]] && { echo "  jit stderr, last lines ($md/err):"; err_tail "$md/err" 8 '    '; }
    } >"$res"
}

dispatch_worker "$@"

JIT=
FLAVOURS=()
MODES=()
CASE_FILTER=
SIZE=ci
JOBS=$(nproc 2>/dev/null || echo 2)
TIMEOUT=120
STATS_DIR=
while (($#)); do
    OPT_SHIFT=1
    case $1 in
        --jit|--jit=*) opt_value "$@"; JIT=$OPT_VALUE ;;
        --flavour|--flavor|--flavour=*|--flavor=*) opt_value "$@"; FLAVOURS+=("$OPT_VALUE") ;;
        --mode|--mode=*) opt_value "$@"; MODES+=("$OPT_VALUE") ;;
        --case|--case=*) opt_value "$@"; CASE_FILTER=$OPT_VALUE ;;
        --size|--size=*) opt_value "$@"; SIZE=$OPT_VALUE ;;
        -j*) opt_value "$@"; JOBS=$OPT_VALUE ;;
        --timeout|--timeout=*) opt_value "$@"; TIMEOUT=$OPT_VALUE ;;
        --stats-dir|--stats-dir=*) opt_value "$@"; STATS_DIR=$(readlink -f "$OPT_VALUE") ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument '$1'" ;;
    esac
    shift "$OPT_SHIFT"
done
require_positive "$JOBS" -j
require_positive "$TIMEOUT" --timeout
[[ $SIZE == ci || $SIZE == bench ]] || die "--size must be ci or bench"
((${#FLAVOURS[@]})) || FLAVOURS=(O0-nooptnone)
check_names FLAVOUR_FLAGS flavour "${FLAVOURS[@]}"
((${#MODES[@]})) || MODES=("${CI_MODES[@]}")
[[ " ${MODES[*]} " == *" all "* ]] && mapfile -t MODES < <(printf '%s\n' "${!MODE_FLAGS[@]}" | sort)
check_names MODE_FLAGS mode "${MODES[@]}"
CASES=()
for c in "${REAL_CASES[@]}"; do [[ -z $CASE_FILTER || $c =~ $CASE_FILTER ]] && CASES+=("$c"); done
((${#CASES[@]})) || die "no case matches '$CASE_FILTER'"
need_commands "$CLANG" "$CLANGXX" "$LLVM_LINK" llvm-dis-22
JIT=$(find_jit "$JIT") || exit 2

lock_work "$REAL/check-work"
rm -rf "$WORK/results" "$WORK/cache"; mkdir -p "$WORK/results"   # the cached modes start empty
start=$(date +%s)
real_data "$SIZE"
for f in "${FLAVOURS[@]}"; do
    for c in "${CASES[@]}"; do
        case_setup "$c" "$SIZE"
        real_build "$CASE_PROG" "$f"
        out=$REAL/$f/$CASE_PROG
        [[ -f $out/prog.ll && $out/prog.ll -nt $out/prog.bc ]] || llvm-dis-22 "$out/prog.bc" -o "$out/prog.ll" ||
            die "llvm-dis of $out/prog.bc failed"
        d=$WORK/$c/$f
        mkdir -p "$d/native"
        RUN_CASE_STDIN=$CASE_STDIN run_case "$TIMEOUT" "$d/native" "$out/native-O2" "${CASE_ARGS[@]}"
        nrc=$(cat "$d/native/rc")
        [[ $nrc == 0 ]] || die "the native run of $c [$f] failed: exit $(describe_rc "$nrc" "$TIMEOUT")"
    done
done
built=$(date +%s)
echo "$DIFF_NAME: ${#CASES[@]} cases x ${#FLAVOURS[@]} flavours x modes (${MODES[*]}), -j $JOBS, jit $JIT" >&2

[[ -z $STATS_DIR ]] || mkdir -p "$STATS_DIR" || die "cannot make --stats-dir $STATS_DIR"
export HOTJIT_TEST_CACHE=${HOTJIT_TEST_CACHE:-$WORK/cache}
export RK_WORK=$WORK RK_JIT=$JIT RK_TIMEOUT=$TIMEOUT RK_SIZE=$SIZE RK_STATS_DIR=$STATS_DIR
for c in "${CASES[@]}"; do
    for f in "${FLAVOURS[@]}"; do
        for m in "${MODES[@]}"; do printf '%s\0%s\0%s\0' "$c" "$f" "$m"; done
    done
done | xargs -0 -n 3 -P "$JOBS" nice -n 10 "$SELF" __worker

passed=0; failed=0
shopt -s nullglob
for res in "$WORK"/results/*; do
    if read -r status _ <"$res" && [[ $status == PASS ]]; then passed=$((passed + 1))
    else failed=$((failed + 1)); cat "$res"; fi
done
missing=$(( ${#CASES[@]} * ${#FLAVOURS[@]} * ${#MODES[@]} - passed - failed ))
((missing > 0)) && { echo "$DIFF_NAME: $missing case(s) gave no result" >&2; failed=$((failed + missing)); }
echo "$DIFF_NAME: builds and native runs $((built - start)) s, JIT runs $(( $(date +%s) - built )) s; slowest:" >&2
grep -h '^PASS' "$WORK"/results/* | sort -k5 -n -r | head -n 4 | sed 's/^PASS /  /' >&2
echo "real programs: $passed passed, $failed failed"
((failed == 0))
