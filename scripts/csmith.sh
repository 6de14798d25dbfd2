#!/usr/bin/env bash
# Differential testing of hotjit with random C programs from csmith.
#
# For every seed: `csmith --seed N` writes a program that prints `checksum = XXXXXXXX`; clang-22 lowers it to LLVM IR;
# the same .ll is linked natively (clang-22 -O2 and -O0) and run, and hotjit-run runs it in several tier-up modes.
# Each JIT run's stdout and exit code must equal the native run's. Seeds whose native run times out, crashes or
# whose two native builds disagree (a csmith/compiler problem, not ours) are skipped.
# See Tests/csmith/README.md and `scripts/csmith.sh --help`.
set -uo pipefail

SELF=$(readlink -f "${BASH_SOURCE[0]}")
REPO=$(cd "$(dirname "$SELF")/.." && pwd)
DIFF_NAME=csmith.sh
# shellcheck source=scripts/lib/differential.sh
source "$REPO/scripts/lib/differential.sh"   # FLAVOUR_FLAGS (O0 and O2-nopasses used here), run_case, ...
CLANG=${CLANG:-clang-22}
CSMITH_INC=${CSMITH_INC:-/usr/include/csmith}

# JIT modes: name -> hotjit-run flags. Expanded per case (fresh $RANDOM each time); the expansion is printed on failure.
declare -A MODE_FLAGS=(
    [tierup1-sync]='--threshold=1 --backedge-threshold=1 --sync-tierup'
    [tierup1-bg]='--threshold=1 --backedge-threshold=1'
    [random]='--threshold=$((RANDOM % 50 + 1)) --backedge-threshold=$((RANDOM % 1000 + 1)) $( ((RANDOM % 2)) && echo --sync-tierup)'
    [lazy]=''
)
ALL_MODES=(tierup1-sync tierup1-bg random lazy)

usage() {
    cat <<EOF
usage: scripts/csmith.sh [--ci | --seeds LIST | --count N [--start S]] [options]

Generates a csmith program per seed, lowers it to LLVM IR, runs the same .ll natively (clang-22 -O2 and -O0 builds)
and on hotjit-run in several modes, and compares stdout (the checksum) and exit code.

seed selection:
  --ci                    the fixed CI seeds of Tests/csmith/ci-seeds.txt (installs csmith if missing; exits 0
                          with a SKIP message only if it cannot be installed)
  --seeds LIST            seeds separated by commas or spaces; ranges A-B allowed (e.g. 1,5,10-20)
  --count N [--start S]   N consecutive seeds from S (default start: 1)
options:
  --jit PATH              hotjit-run to test (default: \$HOTJIT_RUN, else .build/release/hotjit-run)
  --timeout S             native run timeout in seconds; seeds slower than that are skipped (default 5)
  --jit-timeout S         hotjit run timeout in seconds; a JIT run that times out is a failure (default 60)
  -j N                    parallel seeds (default: nproc)
  --mode NAME             JIT mode, repeatable (default: all: ${ALL_MODES[*]})
  --o2-every K            also test the '-O2 -Xclang -disable-llvm-passes' IR of every K-th seed of the list
                          (1 = all, 0 = none; default 3)
  --csmith-opts "OPTS"    extra csmith options (they change the programs; printed in the repro)
  --work DIR              work directory (default .build/csmith-work); only failing seeds' files are kept
  --keep DIR              work directory in which everything is kept
  -v, --verbose           a line for every passing case too
  -h, --help              this text

modes:
$(for m in "${ALL_MODES[@]}"; do printf '  %-14s %s\n' "$m" "${MODE_FLAGS[$m]:-(no flags: lazy, default thresholds)}"; done)
flavours: O0 = clang -O0 (every seed); O2-nopasses = clang -O2 -Xclang -disable-llvm-passes (every K-th seed).

Each mismatch prints a FAIL line and a self-contained repro command. Last line: 'csmith: N passed, M failed' (cases =
seed x flavour x mode), with ', K skipped' cases (skipped seeds x modes) if any; exit status 1 if M > 0.
EOF
}

# ----------------------------------------------------------------------------------------------------------------------
# Worker: one seed (all flavours and modes). Invoked as `csmith.sh __worker INDEX SEED`, configuration in CS_*
# variables. Writes one line per case to $CS_WORK/results/SEED and prints FAIL lines (with repro) at once.
# ----------------------------------------------------------------------------------------------------------------------
build_flavour() { # flavour dir: p.ll and its native -O2 and -O0 builds, each run once; 1 = skip this flavour
    local flavour=$1 fd=$2 cflags=${FLAVOUR_FLAGS[$1]}
    mkdir -p "$fd/nat2" "$fd/nat0"
    # shellcheck disable=SC2086
    if ! (cd "$fd" && cp ../p.c . && $CLANG $cflags -w -I"$CSMITH_INC" -emit-llvm -S -o p.ll p.c) >"$fd/build.log" 2>&1 ||
       ! (cd "$fd" && $CLANG -O2 -w p.ll -o p.nat2 -lm && $CLANG -O0 -w p.ll -o p.nat0 -lm) >>"$fd/build.log" 2>&1; then
        echo "SKIP $seed $flavour - build failed: $(head -n1 "$fd/build.log" | cut -c1-150)" >>"$res.tmp"
        return 1
    fi
    run_case "$CS_TIMEOUT" "$fd/nat2" "$fd/p.nat2"
    run_case "$CS_TIMEOUT" "$fd/nat0" "$fd/p.nat0"
    local n2rc n0rc; n2rc=$(cat "$fd/nat2/rc"); n0rc=$(cat "$fd/nat0/rc")
    if [[ $n2rc != 0 || $n0rc != 0 ]]; then
        echo "SKIP $seed $flavour - native run: -O2 exit $(describe_rc "$n2rc" "$CS_TIMEOUT"), -O0 exit $(describe_rc "$n0rc" "$CS_TIMEOUT")" >>"$res.tmp"
        return 1
    fi
    if ! cmp -s "$fd/nat2/out" "$fd/nat0/out" || ! grep -q '^checksum = ' "$fd/nat2/out"; then
        echo "SKIP $seed $flavour - native -O2 and -O0 builds disagree or print no checksum (UB in the program?)" >>"$res.tmp"
        return 1
    fi
    echo "INFO $seed $flavour native -O2 $(cat "$fd/nat2/ms")ms -O0 $(cat "$fd/nat0/ms")ms" >>"$res.tmp"
}

run_mode() { # flavour dir mode: one JIT run of p.ll against the native -O2 run; 1 = it failed
    local flavour=$1 fd=$2 m=$3
    expand_mode "${MODE_FLAGS[$m]}"
    local md="$fd/jit-$m" flags_str="${MODE_ARGS[*]}"
    rm -rf "$md"; mkdir -p "$md"
    run_case "$CS_JIT_TIMEOUT" "$md" "$CS_JIT" "${MODE_ARGS[@]}" "$fd/p.ll"
    local what="$seed $flavour $m${flags_str:+ ($flags_str)}"
    if same_run "$fd/nat2" "$md"; then
        echo "PASS $what $(cat "$md/ms")ms" >>"$res.tmp"
        [[ -z $CS_KEEP ]] && rm -rf "$md"
        return 0
    fi
    local jrc got kind=MISMATCH
    jrc=$(cat "$md/rc"); got=$(tail -n1 "$md/out" | cut -c1-80)
    [[ $jrc == 124 ]] && kind=TIMEOUT
    ((jrc > 128 && jrc < 160)) && kind=CRASH
    local reason="$kind: expected '$(tail -n1 "$fd/nat2/out")' exit 0, got '${got:-<nothing>}' exit $(describe_rc "$jrc" "$CS_JIT_TIMEOUT")"
    local compile="$CLANG ${FLAVOUR_FLAGS[$flavour]} -w -I$CSMITH_INC -emit-llvm -S -o p.ll p.c"
    echo "FAIL $what: $reason" >>"$res.tmp"
    {
        echo "FAIL seed $seed [$flavour] $m${flags_str:+ ($flags_str)}: $reason"
        repro_line "d=\$(mktemp -d)" "cd \$d" "$gen > p.c" "$compile" "$(q "$CS_JIT") ${flags_str:+$flags_str }p.ll"
        echo "  files: $md (p.ll and native binaries in $fd)"
        if [[ -s $md/err ]]; then err_tail "$md/err" 4 '  jit stderr: '; fi
    } | tee -a "$dir/FAILED"
    return 1
}

worker() {
    local index=$1 seed=$2
    local dir="$CS_WORK/seeds/$seed"
    local res="$CS_WORK/results/$seed"
    rm -rf "$dir"; mkdir -p "$dir"
    : >"$res.tmp"
    local -a copts=(); read -r -a copts <<<"$CS_CSMITH_OPTS"
    local gen="csmith --seed $seed${CS_CSMITH_OPTS:+ $CS_CSMITH_OPTS}"
    if ! csmith --seed "$seed" "${copts[@]}" >"$dir/p.c" 2>"$dir/csmith.err"; then
        echo "FAIL $seed - - csmith failed: $(head -c 200 "$dir/csmith.err")" >>"$res.tmp"
        echo "FAIL seed $seed: csmith failed ($gen)"
        mv "$res.tmp" "$res"; return
    fi
    local -a flavours=(O0)
    if ((CS_O2_EVERY > 0 && index % CS_O2_EVERY == 0)); then flavours+=(O2-nopasses); fi
    local -a modes; read -r -a modes <<<"$CS_MODES"
    local flavour m kept=0
    for flavour in "${flavours[@]}"; do
        build_flavour "$flavour" "$dir/$flavour" || continue
        for m in "${modes[@]}"; do run_mode "$flavour" "$dir/$flavour" "$m" || kept=1; done
        [[ -z $CS_KEEP ]] && rm -f "$dir/$flavour/p.nat0" "$dir/$flavour/p.nat2"
    done
    if ((kept == 0)) && [[ -z $CS_KEEP ]]; then rm -rf "$dir"; fi
    mv "$res.tmp" "$res"
}

dispatch_worker "$@"

# ----------------------------------------------------------------------------
# Driver
# ----------------------------------------------------------------------------
JIT=${HOTJIT_RUN:-}
SEEDS_SPEC=
COUNT=
START=1
CI=
TIMEOUT=5
JIT_TIMEOUT=60
JOBS=$(nproc 2>/dev/null || echo 2)
MODES=()
O2_EVERY=3
CSMITH_OPTS=
KEEP=
WORKDIR=
VERBOSE=
while (($#)); do
    OPT_SHIFT=1
    case $1 in
        --ci) CI=1 ;;
        --seeds|--seeds=*) opt_value "$@"; SEEDS_SPEC+=" $OPT_VALUE" ;;
        --count|--count=*) opt_value "$@"; COUNT=$OPT_VALUE ;;
        --start|--start=*) opt_value "$@"; START=$OPT_VALUE ;;
        --jit|--jit=*) opt_value "$@"; JIT=$OPT_VALUE ;;
        --timeout|--timeout=*) opt_value "$@"; TIMEOUT=$OPT_VALUE ;;
        --jit-timeout|--jit-timeout=*) opt_value "$@"; JIT_TIMEOUT=$OPT_VALUE ;;
        -j*) opt_value "$@"; JOBS=$OPT_VALUE ;;
        --mode|--mode=*) opt_value "$@"; MODES+=("$OPT_VALUE") ;;
        --o2-every|--o2-every=*) opt_value "$@"; O2_EVERY=$OPT_VALUE ;;
        --csmith-opts|--csmith-opts=*) opt_value "$@"; CSMITH_OPTS=$OPT_VALUE ;;
        --work|--work=*) opt_value "$@"; WORKDIR=$OPT_VALUE ;;
        --keep|--keep=*) opt_value "$@"; KEEP=$OPT_VALUE ;;
        -v|--verbose) VERBOSE=1 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument '$1'" ;;
    esac
    shift "$OPT_SHIFT"
done

require_positive "$JOBS" JOBS
require_positive "$TIMEOUT" TIMEOUT
require_positive "$JIT_TIMEOUT" JIT_TIMEOUT
[[ $O2_EVERY =~ ^[0-9]+$ ]] || die "--o2-every needs a number"
((${#MODES[@]})) || MODES=("${ALL_MODES[@]}")
check_names MODE_FLAGS mode "${MODES[@]}"

# Seeds.
SEEDS=()
expand_seeds() { # words with commas/ranges -> SEEDS
    local w
    for w in ${1//,/ }; do
        if [[ $w =~ ^([0-9]+)-([0-9]+)$ ]]; then
            local a=${BASH_REMATCH[1]} b=${BASH_REMATCH[2]}
            ((b >= a)) || die "bad seed range '$w'"
            SEEDS+=($(seq "$a" "$b"))
        elif [[ $w =~ ^[0-9]+$ ]]; then SEEDS+=("$w")
        else die "bad seed '$w'"; fi
    done
}
if [[ -n $CI ]]; then
    f=$REPO/Tests/csmith/ci-seeds.txt
    [[ -f $f ]] || die "$f missing"
    expand_seeds "$(sed 's/#.*//' "$f" | tr '\n' ' ')"
fi
[[ -n $SEEDS_SPEC ]] && expand_seeds "$SEEDS_SPEC"
if [[ -n $COUNT ]]; then
    [[ $COUNT =~ ^[1-9][0-9]*$ && $START =~ ^[0-9]+$ ]] || die "--count/--start need numbers"
    SEEDS+=($(seq "$START" $((START + COUNT - 1))))
fi
((${#SEEDS[@]})) || { usage >&2; die "no seeds: give --ci, --seeds or --count"; }

# Tools: csmith (and its header) is installed on demand; without it the run is skipped, not failed.
have_csmith() { command -v csmith >/dev/null && [[ -f $CSMITH_INC/csmith.h ]]; }
if ! have_csmith; then
    echo "csmith.sh: csmith or $CSMITH_INC/csmith.h missing; installing csmith libcsmith-dev" >&2
    SUDO=; [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null && SUDO="sudo -n"
    $SUDO apt-get update -qq >/dev/null 2>&1 || echo "csmith.sh: warning: apt-get update failed; trying the existing index" >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq csmith libcsmith-dev >/dev/null 2>&1 ||
        echo "csmith.sh: warning: apt-get install csmith libcsmith-dev failed" >&2
    if ! have_csmith; then
        echo "csmith: SKIPPED: csmith could not be installed (apt-get install csmith libcsmith-dev); no program was tested"
        exit 0
    fi
fi
need_commands "$CLANG"
JIT=$(find_jit "$JIT") || exit 2
lock_work "${KEEP:-${WORKDIR:-$REPO/.build/csmith-work}}" "use --keep DIR for a separate one"
rm -rf "$WORK/results"
mkdir -p "$WORK/results" "$WORK/seeds"

export CS_WORK=$WORK CS_JIT=$JIT CS_TIMEOUT=$TIMEOUT CS_JIT_TIMEOUT=$JIT_TIMEOUT CS_KEEP=$KEEP
export CS_MODES="${MODES[*]}" CS_O2_EVERY=$O2_EVERY CS_CSMITH_OPTS=$CSMITH_OPTS
echo "csmith.sh: ${#SEEDS[@]} seeds, modes (${MODES[*]}), O2-nopasses IR every ${O2_EVERY} seeds, -j $JOBS" >&2
echo "csmith.sh: $(csmith --version 2>&1 | head -n1), jit $JIT, work dir $WORK" >&2

start=$(date +%s)
for i in "${!SEEDS[@]}"; do printf '%s\0%s\0' "$i" "${SEEDS[$i]}"; done |
    xargs -0 -n 2 -P "$JOBS" "$SELF" __worker
elapsed=$(( $(date +%s) - start ))

passed=0; failed=0; skipped=0; missing=0
for s in "${SEEDS[@]}"; do
    res=$WORK/results/$s
    if [[ ! -f $res ]]; then
        missing=$((missing + 1)); echo "FAIL seed $s: the worker produced no result"; continue
    fi
    while read -r status rest; do
        case $status in
            PASS) passed=$((passed + 1)); [[ -n $VERBOSE ]] && echo "PASS $rest" ;;
            FAIL) failed=$((failed + 1)) ;;
            SKIP) skipped=$((skipped + ${#MODES[@]})); echo "skip: seed $rest" >&2 ;;
        esac
    done <"$res"
done
failed=$((failed + missing))
echo "csmith.sh: finished in ${elapsed}s; failing seeds kept under $WORK/seeds" >&2
echo "csmith: $passed passed, $failed failed$( ((skipped)) && echo ", $skipped skipped")"
((failed == 0))
