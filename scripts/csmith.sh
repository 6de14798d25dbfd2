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
CLANG=${CLANG:-clang-22}
CSMITH_INC=${CSMITH_INC:-/usr/include/csmith}

# IR flavours: name -> clang flags used to produce the .ll.
declare -A FLAVOUR_FLAGS=(
    [O0]="-O0"
    [O2-nopasses]="-O2 -Xclang -disable-llvm-passes"
)
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

q() { printf '%q' "$1"; }

describe_rc() {
    local rc=$1 t=${2:-}
    if [[ $rc == 124 ]]; then echo "$rc (timed out after ${t}s)"
    elif ((rc > 128 && rc < 160)); then echo "$rc (signal $((rc - 128)): $(kill -l $((rc - 128)) 2>/dev/null))"
    else echo "$rc"; fi
}

run_prog() { # timeout outdir command... -> outdir/{out,err,rc,time}
    local t=$1 dir=$2; shift 2
    local start end
    start=$(date +%s%N)
    (cd "$dir" && timeout "$t" "$@" </dev/null >"$dir/out" 2>"$dir/err") 2>>"$dir/err"
    echo $? >"$dir/rc"
    end=$(date +%s%N)
    echo $(( (end - start) / 1000000 )) >"$dir/ms"
}

# ----------------------------------------------------------------------------
# Worker: one seed (all flavours and modes). Invoked as `csmith.sh __worker INDEX SEED`, configuration in CS_*
# variables. Writes one line per case to $CS_WORK/results/SEED and prints FAIL lines (with repro) at once.
# ----------------------------------------------------------------------------
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
    local flavour kept=0
    for flavour in "${flavours[@]}"; do
        local fd="$dir/$flavour"; mkdir -p "$fd/nat2" "$fd/nat0"
        local cflags=${FLAVOUR_FLAGS[$flavour]}
        local compile="$CLANG $cflags -w -I$CSMITH_INC -emit-llvm -S -o p.ll p.c"
        # shellcheck disable=SC2086
        if ! (cd "$fd" && cp ../p.c . && $CLANG $cflags -w -I"$CSMITH_INC" -emit-llvm -S -o p.ll p.c) >"$fd/build.log" 2>&1 ||
           ! (cd "$fd" && $CLANG -O2 -w p.ll -o p.nat2 -lm && $CLANG -O0 -w p.ll -o p.nat0 -lm) >>"$fd/build.log" 2>&1; then
            echo "SKIP $seed $flavour - build failed: $(head -n1 "$fd/build.log" | cut -c1-150)" >>"$res.tmp"
            continue
        fi
        run_prog "$CS_TIMEOUT" "$fd/nat2" "$fd/p.nat2"
        run_prog "$CS_TIMEOUT" "$fd/nat0" "$fd/p.nat0"
        local n2rc n0rc; n2rc=$(cat "$fd/nat2/rc"); n0rc=$(cat "$fd/nat0/rc")
        if [[ $n2rc != 0 || $n0rc != 0 ]]; then
            echo "SKIP $seed $flavour - native run: -O2 exit $(describe_rc "$n2rc" "$CS_TIMEOUT"), -O0 exit $(describe_rc "$n0rc" "$CS_TIMEOUT")" >>"$res.tmp"
            continue
        fi
        if ! cmp -s "$fd/nat2/out" "$fd/nat0/out" || ! grep -q '^checksum = ' "$fd/nat2/out"; then
            echo "SKIP $seed $flavour - native -O2 and -O0 builds disagree or print no checksum (UB in the program?)" >>"$res.tmp"
            continue
        fi
        local expected; expected=$(tail -n1 "$fd/nat2/out")
        echo "INFO $seed $flavour native -O2 $(cat "$fd/nat2/ms")ms -O0 $(cat "$fd/nat0/ms")ms" >>"$res.tmp"
        local m
        for m in "${modes[@]}"; do
            local -a mflags=()
            eval "mflags=(${MODE_FLAGS[$m]})"
            local md="$fd/jit-$m"; rm -rf "$md"; mkdir -p "$md"
            run_prog "$CS_JIT_TIMEOUT" "$md" "$CS_JIT" "${mflags[@]}" "$fd/p.ll"
            local jrc; jrc=$(cat "$md/rc")
            local flags_str="${mflags[*]}"
            if [[ $jrc == 0 ]] && cmp -s "$fd/nat2/out" "$md/out"; then
                echo "PASS $seed $flavour $m${flags_str:+ ($flags_str)} $(cat "$md/ms")ms" >>"$res.tmp"
                [[ -z $CS_KEEP ]] && rm -rf "$md"
                continue
            fi
            kept=1
            local got; got=$(tail -n1 "$md/out" | cut -c1-80)
            local kind=MISMATCH
            [[ $jrc == 124 ]] && kind=TIMEOUT
            ((jrc > 128 && jrc < 160)) && kind=CRASH
            local reason="$kind: expected '$expected' exit 0, got '${got:-<nothing>}' exit $(describe_rc "$jrc" "$CS_JIT_TIMEOUT")"
            local repro="d=\$(mktemp -d) && cd \$d && $gen > p.c && $compile && $(q "$CS_JIT") ${flags_str:+$flags_str }p.ll"
            echo "FAIL $seed $flavour $m${flags_str:+ ($flags_str)}: $reason" >>"$res.tmp"
            {
                echo "FAIL seed $seed [$flavour] $m${flags_str:+ ($flags_str)}: $reason"
                echo "  repro: $repro"
                echo "  files: $md (p.ll and native binaries in $fd)"
                if [[ -s $md/err ]]; then
                    grep -v '^ *$' "$md/err" | tail -n 4 | cut -c1-200 | sed 's/^/  jit stderr: /'
                fi
            } | tee -a "$dir/FAILED"
        done
        [[ -z $CS_KEEP ]] && rm -f "$fd/p.nat0" "$fd/p.nat2"
    done
    if ((kept == 0)) && [[ -z $CS_KEEP ]]; then rm -rf "$dir"; fi
    mv "$res.tmp" "$res"
}

if [[ ${1:-} == __worker ]]; then
    shift
    worker "$@"
    exit 0
fi

# ----------------------------------------------------------------------------
# Driver
# ----------------------------------------------------------------------------
die() { echo "csmith.sh: $*" >&2; exit 2; }

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
    case $1 in
        --ci) CI=1; shift ;;
        --seeds) SEEDS_SPEC+=" ${2:?}"; shift 2 ;;
        --seeds=*) SEEDS_SPEC+=" ${1#*=}"; shift ;;
        --count) COUNT=${2:?}; shift 2 ;;
        --count=*) COUNT=${1#*=}; shift ;;
        --start) START=${2:?}; shift 2 ;;
        --start=*) START=${1#*=}; shift ;;
        --jit) JIT=${2:?}; shift 2 ;;
        --jit=*) JIT=${1#*=}; shift ;;
        --timeout) TIMEOUT=${2:?}; shift 2 ;;
        --timeout=*) TIMEOUT=${1#*=}; shift ;;
        --jit-timeout) JIT_TIMEOUT=${2:?}; shift 2 ;;
        --jit-timeout=*) JIT_TIMEOUT=${1#*=}; shift ;;
        -j) JOBS=${2:?}; shift 2 ;;
        -j*) JOBS=${1#-j}; shift ;;
        --mode) MODES+=("${2:?}"); shift 2 ;;
        --mode=*) MODES+=("${1#*=}"); shift ;;
        --o2-every) O2_EVERY=${2:?}; shift 2 ;;
        --o2-every=*) O2_EVERY=${1#*=}; shift ;;
        --csmith-opts) CSMITH_OPTS=${2?}; shift 2 ;;
        --csmith-opts=*) CSMITH_OPTS=${1#*=}; shift ;;
        --work) WORKDIR=${2:?}; shift 2 ;;
        --work=*) WORKDIR=${1#*=}; shift ;;
        --keep) KEEP=${2:?}; shift 2 ;;
        --keep=*) KEEP=${1#*=}; shift ;;
        -v|--verbose) VERBOSE=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument '$1'" ;;
    esac
done

for v in JOBS TIMEOUT JIT_TIMEOUT; do [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive number"; done
[[ $O2_EVERY =~ ^[0-9]+$ ]] || die "--o2-every needs a number"
((${#MODES[@]})) || MODES=("${ALL_MODES[@]}")
for m in "${MODES[@]}"; do [[ -v "MODE_FLAGS[$m]" ]] || die "unknown mode '$m' (defined: ${ALL_MODES[*]})"; done

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

WORK=${KEEP:-${WORKDIR:-$REPO/.build/csmith-work}}
mkdir -p "$WORK" || die "cannot create $WORK"
WORK=$(cd "$WORK" && pwd)
exec 9>"$WORK/.lock"
if ! flock -n 9; then
    echo "csmith.sh: another run is using $WORK; waiting (use --keep DIR for a separate one)" >&2
    flock 9
fi
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
