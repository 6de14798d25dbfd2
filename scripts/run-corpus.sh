#!/usr/bin/env bash
# Differential correctness run of the C/C++ corpus in Tests/corpus/.
#
# Every corpus program is lowered to LLVM IR in several flavours, the same .ll
# is linked natively and run, and its stdout and exit code are compared byte
# for byte with what hotjit-run produces in every requested JIT mode.
# See Tests/corpus/README.md and `scripts/run-corpus.sh --help`.
set -uo pipefail

SELF=$(readlink -f "${BASH_SOURCE[0]}")
REPO=$(cd "$(dirname "$SELF")/.." && pwd)
CORPUS_DIR=${HOTJIT_CORPUS_DIR:-$REPO/Tests/corpus}

CLANG=${CLANG:-clang-22}
CLANGXX=${CLANGXX:-clang++-22}
ARGS=(alpha beta)          # fixed program arguments
MARKER=hotjit-corpus       # value of CORPUS_MARKER in the programs' environment

# IR flavours: name -> extra clang flags (besides -S -emit-llvm -pthread).
declare -A FLAVOUR_FLAGS=(
    [O0]="-O0 -g0"
    [O0-nooptnone]="-O0 -Xclang -disable-O0-optnone"
    [O2-nopasses]="-O2 -Xclang -disable-llvm-passes"
)
ALL_FLAVOURS=(O0 O0-nooptnone O2-nopasses)

# JIT modes: name -> extra hotjit-run flags. The flags are expanded by the shell
# for every case (so $RANDOM and $((...)) give fresh values each run); the
# expanded flags are printed with every failure.
declare -A MODE_FLAGS=(
    [lazy]=''
    [eager]='--eager-parse'
    [tierup1]='--threshold=1 --backedge-threshold=1 --sync-tierup'
    [tierup1-bg]='--threshold=1 --backedge-threshold=1'
    [random]='--threshold=$((RANDOM % 50 + 1)) --backedge-threshold=$((RANDOM % 500 + 1))'
    [random-sync]='--threshold=$((RANDOM % 50 + 1)) --backedge-threshold=$((RANDOM % 500 + 1)) --sync-tierup'
)
DEFAULT_MODES=(lazy)

usage() {
    cat <<EOF
usage: scripts/run-corpus.sh [options]

Compiles each program of Tests/corpus to LLVM IR in every flavour, links the
same .ll natively, and compares stdout and exit code of the native binary
with hotjit-run in each JIT mode (stderr is saved, not compared).

options:
  --jit PATH              hotjit-run to test (default: \$HOTJIT_RUN, else the newest of
                          .build/{release,debug}/hotjit-run)
  --mode NAME             JIT mode to run; repeatable; 'all' = every defined mode
                          (default: ${DEFAULT_MODES[*]})
  --mode-flags NAME=FLAGS define or override a mode (also selects it unless --mode is
                          given); FLAGS are expanded per case, e.g. '--threshold=\$((RANDOM%50+1))'
  --flavour NAME          IR flavour; repeatable (default: all: ${ALL_FLAVOURS[*]})
  --filter REGEX          only programs whose file name matches REGEX (grep -E)
  --keep DIR              work directory, everything in it is kept (default:
                          .build/corpus-work, where passing JIT runs are cleaned up)
  -j N                    parallel jobs (default: nproc)
  --timeout SECS          per-run timeout (default: 20)
  --native-only           no JIT: run every native binary two more times and check
                          that exit code and stdout never change (determinism check)
  -v, --verbose           also print a line for every passing case
  -h, --help              this text

modes defined now:
$(for m in $(printf '%s\n' "${!MODE_FLAGS[@]}" | sort); do printf '  %-10s %s\n' "$m" "${MODE_FLAGS[$m]:-(no flags)}"; done)
More modes: HOTJIT_CORPUS_MODES='name=flags;name2=flags' in the environment, or --mode-flags.
Extra compile flags for every flavour: HOTJIT_CORPUS_CFLAGS.

Programs run as: timeout SECS PROG ${ARGS[*]} </dev/null with CORPUS_MARKER=$MARKER;
the JIT as:      timeout SECS \$JIT [mode flags] prog.ll -- ${ARGS[*]}
Last line of output: 'corpus: N passed, M failed'; exit status 1 if M > 0.
EOF
}

# ----------------------------------------------------------------------------
# Worker: one (program, flavour) pair, all modes. Invoked as
#   run-corpus.sh __worker SRC FLAVOUR
# with the configuration in exported RC_* variables. Writes one result file per
# case into $RC_WORK/results/ and never prints to stdout.
# ----------------------------------------------------------------------------
q() { printf '%q' "$1"; }

write_result() { # status name flavour mode [reason [detail-file]]
    local status=$1 name=$2 flavour=$3 mode=$4 reason=${5:-} detail=${6:-}
    local res="$RC_WORK/results/$name.$flavour.$mode"
    {
        echo "$status $name [$flavour] $mode${reason:+: $reason}"
        if [[ -n $detail && -f $detail ]]; then cat "$detail"; fi
    } >"$res.tmp"
    mv "$res.tmp" "$res"
}

run_prog() { # outdir then command...; runs with stdin </dev/null in outdir
    local dir=$1; shift
    # the outer 2>> keeps the shell's own "Segmentation fault" notes in the err file
    (cd "$dir" && CORPUS_MARKER=$MARKER timeout "$RC_TIMEOUT" "$@" </dev/null >"$dir/out" 2>"$dir/err") 2>>"$dir/err"
    echo $? >"$dir/rc"
}

describe_rc() {
    local rc=$1
    if [[ $rc == 124 ]]; then echo "$rc (timed out after ${RC_TIMEOUT}s)"
    elif ((rc > 128 && rc < 160)); then echo "$rc (signal $((rc - 128)): $(kill -l $((rc - 128)) 2>/dev/null))"
    else echo "$rc"; fi
}

diff_head() { # expected actual
    diff -a -u --label native --label "${3:-jit}" "$1" "$2" | head -n "${RC_DIFF_LINES:-12}" | cut -c1-200 | sed 's/^/    /'
}

worker() {
    local src=$1 flavour=$2
    local name; name=$(basename "$src")
    local dir="$RC_WORK/cases/$name/$flavour"
    local cc=$CLANG; [[ $src == *.cpp ]] && cc=$CLANGXX
    local -a cflags; read -r -a cflags <<<"${FLAVOUR_FLAGS[$flavour]} ${RC_EXTRA_CFLAGS:-}"
    local -a compile=("$cc" "${cflags[@]}" -pthread -S -emit-llvm "$src" -o "$dir/prog.ll")
    local -a link=("$CLANGXX" "$dir/prog.ll" -o "$dir/prog.native" -pthread -lm)
    local -a modes; read -r -a modes <<<"$RC_MODES"
    local detail="$dir/detail.$$"
    mkdir -p "$dir/native"

    # Build and run natively, cached on (source, commands, compiler version).
    local stamp
    stamp=$({ cat "$src"; printf '%s\n' "${compile[*]}" "${link[*]}" "$RC_CC_VERSION" "$RC_TIMEOUT"; } | sha256sum | cut -d' ' -f1)
    if [[ ! -f $dir/stamp || $(cat "$dir/stamp") != "$stamp" || ! -f $dir/native/rc ]]; then
        rm -f "$dir/stamp" "$dir/prog.ll" "$dir/prog.native"
        local ok=1
        if ! "${compile[@]}" >"$dir/compile.log" 2>&1; then
            ok=0; echo "compile" >"$dir/build-failed"
        elif ! "${link[@]}" >>"$dir/compile.log" 2>&1; then
            ok=0; echo "native link" >"$dir/build-failed"
        else
            rm -f "$dir/build-failed"
            run_prog "$dir/native" "$dir/prog.native" "${ARGS[@]}"
        fi
        ((ok)) && echo "$stamp" >"$dir/stamp"
    fi
    if [[ -f $dir/build-failed ]]; then
        { echo "  repro: $(printf '%q ' "${compile[@]}")&& $(printf '%q ' "${link[@]}")"
          head -n 15 "$dir/compile.log" | sed 's/^/    /'; } >"$detail"
        rm -f "$dir/stamp"
        for m in "${modes[@]}"; do
            write_result FAIL "$name" "$flavour" "$m" "$(cat "$dir/build-failed") failed" "$detail"
        done
        rm -f "$detail"; return
    fi
    local nrc; nrc=$(cat "$dir/native/rc")
    # Corpus programs must exit with 0..123: 124 is timeout's, 125-127 the
    # shell's/timeout's own errors, and 128+N means "killed by signal N".
    if ((nrc >= 124)); then
        echo "  repro: cd $(q "$dir/native") && CORPUS_MARKER=$MARKER timeout $RC_TIMEOUT $(q "$dir/prog.native") ${ARGS[*]} </dev/null" >"$detail"
        rm -f "$dir/stamp"
        for m in "${modes[@]}"; do
            write_result FAIL "$name" "$flavour" "$m" \
                "the NATIVE program failed or used a reserved exit code (>= 124): exit $(describe_rc "$nrc")" "$detail"
        done
        rm -f "$detail"; return
    fi

    if [[ -n ${RC_NATIVE_ONLY:-} ]]; then
        local d2="$dir/native2"; mkdir -p "$d2"
        run_prog "$d2" "$dir/prog.native" "${ARGS[@]}"
        local d3="$dir/native3"; mkdir -p "$d3"
        run_prog "$d3" "$dir/prog.native" "${ARGS[@]}"
        if cmp -s "$dir/native/out" "$d2/out" && cmp -s "$dir/native/out" "$d3/out" &&
           [[ $(cat "$d2/rc") == "$nrc" && $(cat "$d3/rc") == "$nrc" ]]; then
            write_result PASS "$name" "$flavour" native
        else
            { echo "  repro: cd $(q "$d2") && CORPUS_MARKER=$MARKER $(q "$dir/prog.native") ${ARGS[*]} </dev/null"
              diff_head "$dir/native/out" "$d2/out" native-again
              diff_head "$dir/native/out" "$d3/out" native-again; } >"$detail"
            write_result FAIL "$name" "$flavour" native \
                "native runs differ (exit codes $nrc / $(cat "$d2/rc") / $(cat "$d3/rc"))" "$detail"
        fi
        rm -f "$detail"; return
    fi

    local m
    for m in "${modes[@]}"; do
        local spec_var="RC_MODE_${m//[^A-Za-z0-9_]/_}"
        local spec=${!spec_var-}
        local -a mflags=()
        if ! eval "mflags=($spec)" 2>"$detail"; then
            write_result FAIL "$name" "$flavour" "$m" "cannot expand mode flags: $spec" "$detail"; continue
        fi
        local md="$dir/mode-$m"
        rm -rf "$md"; mkdir -p "$md"
        local -a cmd=("$RC_JIT" "${mflags[@]}" "$dir/prog.ll" -- "${ARGS[@]}")
        run_prog "$md" "${cmd[@]}"
        local jrc; jrc=$(cat "$md/rc")
        local same_out=1; cmp -s "$dir/native/out" "$md/out" || same_out=0
        if ((same_out)) && [[ $jrc == "$nrc" ]]; then
            write_result PASS "$name" "$flavour" "$m"
            [[ -z ${RC_KEEP:-} ]] && rm -rf "$md"
            continue
        fi
        local reason=
        ((same_out)) || reason="stdout differs"
        [[ $jrc == "$nrc" ]] || reason+="${reason:+; }exit code native=$nrc jit=$(describe_rc "$jrc")"
        {
            if ((${#mflags[@]})); then echo "  mode flags: $(printf '%q ' "${mflags[@]}")"; fi
            echo "  repro: cd $(q "$md") && CORPUS_MARKER=$MARKER timeout $RC_TIMEOUT $(printf '%q ' "${cmd[@]}")</dev/null"
            ((same_out)) || diff_head "$dir/native/out" "$md/out"
            if [[ -s $md/err ]]; then
                echo "  jit stderr, last lines ($md/err):"
                grep -v '^ *$' "$md/err" | tail -n 6 | cut -c1-200 | sed 's/^/    /'
            fi
        } >"$detail"
        write_result FAIL "$name" "$flavour" "$m" "$reason" "$detail"
    done
    rm -f "$detail"
}

if [[ ${1:-} == __worker ]]; then
    shift
    worker "$@"
    exit 0
fi

# ----------------------------------------------------------------------------
# Driver
# ----------------------------------------------------------------------------
JIT=${HOTJIT_RUN:-}
MODES=()
FLAVOURS=()
FILTER=
KEEP=
JOBS=$(nproc 2>/dev/null || echo 2)
TIMEOUT=20
NATIVE_ONLY=
VERBOSE=
MODES_FROM_FLAGS=()

die() { echo "run-corpus: $*" >&2; exit 2; }

define_mode() { # "name=flags"
    local def=$1
    [[ $def == *=* ]] || die "mode definition '$def' is not NAME=FLAGS"
    local name=${def%%=*}
    [[ $name =~ ^[A-Za-z0-9_-]+$ ]] || die "bad mode name '$name'"
    MODE_FLAGS[$name]=${def#*=}
}

if [[ -n ${HOTJIT_CORPUS_MODES:-} ]]; then
    IFS=';' read -r -a _defs <<<"$HOTJIT_CORPUS_MODES"
    for d in "${_defs[@]}"; do [[ -n ${d// /} ]] && define_mode "$d"; done
fi

while (($#)); do
    case $1 in
        --jit) JIT=${2:?}; shift 2 ;;
        --jit=*) JIT=${1#*=}; shift ;;
        --mode) MODES+=("${2:?}"); shift 2 ;;
        --mode=*) MODES+=("${1#*=}"); shift ;;
        --mode-flags) define_mode "${2:?}"; MODES_FROM_FLAGS+=("${2%%=*}"); shift 2 ;;
        --mode-flags=*) define_mode "${1#*=}"; _d=${1#*=}; MODES_FROM_FLAGS+=("${_d%%=*}"); shift ;;
        --flavour|--flavor) FLAVOURS+=("${2:?}"); shift 2 ;;
        --flavour=*|--flavor=*) FLAVOURS+=("${1#*=}"); shift ;;
        --filter) FILTER=${2:?}; shift 2 ;;
        --filter=*) FILTER=${1#*=}; shift ;;
        --keep) KEEP=${2:?}; shift 2 ;;
        --keep=*) KEEP=${1#*=}; shift ;;
        -j) JOBS=${2:?}; shift 2 ;;
        -j*) JOBS=${1#-j}; shift ;;
        --timeout) TIMEOUT=${2:?}; shift 2 ;;
        --native-only) NATIVE_ONLY=1; shift ;;
        -v|--verbose) VERBOSE=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument '$1'" ;;
    esac
done

[[ $JOBS =~ ^[1-9][0-9]*$ ]] || die "-j needs a positive number"
[[ $TIMEOUT =~ ^[1-9][0-9]*$ ]] || die "--timeout needs a positive number of seconds"
((${#MODES[@]})) || MODES=("${MODES_FROM_FLAGS[@]}")
((${#MODES[@]})) || MODES=("${DEFAULT_MODES[@]}")
if [[ " ${MODES[*]} " == *" all "* ]]; then
    mapfile -t MODES < <(printf '%s\n' "${!MODE_FLAGS[@]}" | sort)
fi
mapfile -t MODES < <(printf '%s\n' "${MODES[@]}" | awk '!seen[$0]++')
for m in "${MODES[@]}"; do
    [[ -v "MODE_FLAGS[$m]" ]] || die "unknown mode '$m' (defined: ${!MODE_FLAGS[*]})"
done
((${#FLAVOURS[@]})) || FLAVOURS=("${ALL_FLAVOURS[@]}")
for f in "${FLAVOURS[@]}"; do
    [[ -v "FLAVOUR_FLAGS[$f]" ]] || die "unknown flavour '$f' (defined: ${ALL_FLAVOURS[*]})"
done

command -v "$CLANG" >/dev/null || die "$CLANG not found"
command -v "$CLANGXX" >/dev/null || die "$CLANGXX not found"

if [[ -z $NATIVE_ONLY ]]; then
    if [[ -z $JIT ]]; then
        for cand in "$REPO/.build/release/hotjit-run" "$REPO/.build/debug/hotjit-run"; do
            [[ -x $cand && ( -z $JIT || $cand -nt $JIT ) ]] && JIT=$cand
        done
        [[ -n $JIT ]] || die "no hotjit-run found; build it (swift build) or pass --jit PATH"
    fi
    [[ $JIT == */* ]] || JIT=$(command -v "$JIT" || echo "$JIT")
    [[ -x $JIT ]] || die "--jit '$JIT' is not an executable"
    JIT=$(readlink -f "$JIT")
fi

if [[ -n $KEEP ]]; then
    WORK=$KEEP
else
    WORK=$REPO/.build/corpus-work
fi
mkdir -p "$WORK" || die "cannot create work directory $WORK"
WORK=$(cd "$WORK" && pwd)
# One run per work directory at a time (runs share the native build cache).
exec 9>"$WORK/.lock"
if ! flock -n 9; then
    echo "run-corpus: another run is using $WORK; waiting (use --keep DIR for a separate one)" >&2
    flock 9
fi
rm -rf "$WORK/results"
mkdir -p "$WORK/results" "$WORK/cases"

mapfile -t SOURCES < <(find "$CORPUS_DIR" -maxdepth 1 -type f \( -name '*.c' -o -name '*.cpp' \) | sort)
if [[ -n $FILTER ]]; then
    mapfile -t SOURCES < <(for s in "${SOURCES[@]}"; do basename "$s"; done | grep -E -- "$FILTER" |
                           sed "s|^|$CORPUS_DIR/|")
fi
if ((${#SOURCES[@]} == 0)); then
    echo "run-corpus: no corpus programs match${FILTER:+ '$FILTER'}" >&2
    echo "corpus: 0 passed, 0 failed"
    exit 2
fi

export RC_WORK=$WORK RC_JIT=$JIT RC_TIMEOUT=$TIMEOUT RC_NATIVE_ONLY=$NATIVE_ONLY
export RC_KEEP=$KEEP RC_EXTRA_CFLAGS=${HOTJIT_CORPUS_CFLAGS:-}
if [[ -n $NATIVE_ONLY ]]; then
    export RC_MODES=native
else
    export RC_MODES="${MODES[*]}"
fi
RC_CC_VERSION="$("$CLANG" --version 2>&1 | head -n1) / $("$CLANGXX" --version 2>&1 | head -n1)"
export RC_CC_VERSION
for m in "${MODES[@]}"; do
    export "RC_MODE_${m//[^A-Za-z0-9_]/_}=${MODE_FLAGS[$m]}"
done

if [[ -n $NATIVE_ONLY ]]; then
    ncases=$(( ${#SOURCES[@]} * ${#FLAVOURS[@]} ))
else
    ncases=$(( ${#SOURCES[@]} * ${#FLAVOURS[@]} * ${#MODES[@]} ))
fi
if [[ -n $NATIVE_ONLY ]]; then
    echo "run-corpus: ${#SOURCES[@]} programs x ${#FLAVOURS[@]} flavours, native determinism only, -j $JOBS, work dir $WORK" >&2
else
    echo "run-corpus: ${#SOURCES[@]} programs x ${#FLAVOURS[@]} flavours x modes (${MODES[*]}) = $ncases cases, -j $JOBS" >&2
    echo "run-corpus: jit $JIT, work dir $WORK" >&2
fi

start=$(date +%s)
for s in "${SOURCES[@]}"; do
    for f in "${FLAVOURS[@]}"; do
        printf '%s\0%s\0' "$s" "$f"
    done
done | xargs -0 -n 2 -P "$JOBS" "$SELF" __worker
elapsed=$(( $(date +%s) - start ))

passed=0
failed=0
shopt -s nullglob
for res in "$WORK"/results/*; do
    read -r status headline <"$res"
    if [[ $status == PASS ]]; then
        passed=$((passed + 1))
        [[ -n $VERBOSE ]] && echo "PASS $headline"
    else
        failed=$((failed + 1))
        echo "FAIL $headline"
        tail -n +2 "$res"
    fi
done
missing=$((ncases - passed - failed))
if ((missing > 0)); then
    echo "run-corpus: $missing case(s) produced no result (worker crashed?)" >&2
    failed=$((failed + missing))
fi
echo "run-corpus: finished in ${elapsed}s; artifacts in $WORK/cases" >&2
echo "corpus: $passed passed, $failed failed"
((failed == 0))
