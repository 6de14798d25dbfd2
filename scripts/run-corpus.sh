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
DIFF_NAME=run-corpus
# shellcheck source=scripts/lib/differential.sh
source "$REPO/scripts/lib/differential.sh"   # FLAVOUR_FLAGS, ALL_FLAVOURS, MODE_FLAGS, run_case, ...

CLANG=${CLANG:-clang-22}
CLANGXX=${CLANGXX:-clang++-22}
ARGS=(alpha beta)          # fixed program arguments
MARKER=hotjit-corpus       # value of CORPUS_MARKER in the programs' environment

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
write_result() { # status name flavour mode [reason [detail-file]]
    local status=$1 name=$2 flavour=$3 mode=$4 reason=${5:-} detail=${6:-}
    local res="$RC_WORK/results/$name.$flavour.$mode"
    {
        echo "$status $name [$flavour] $mode${reason:+: $reason}"
        if [[ -n $detail && -f $detail ]]; then cat "$detail"; fi
    } >"$res.tmp"
    mv "$res.tmp" "$res"
}

fail_all_modes() { # reason detail-file: every mode of this worker's case fails for the same reason
    local m
    for m in "${modes[@]}"; do write_result FAIL "$name" "$flavour" "$m" "$1" "$2"; done
    rm -f "$2"
}

build_native() { # compiles prog.ll, links and runs it natively unless the cached run still holds; 1 = build failed
    local stamp
    stamp=$({ cat "$src"; printf '%s\n' "${compile[*]}" "${link[*]}" "$RC_CC_VERSION" "$RC_TIMEOUT"; } | sha256sum | cut -d' ' -f1)
    if [[ ! -f $dir/stamp || $(cat "$dir/stamp") != "$stamp" || ! -f $dir/native/rc ]]; then
        rm -f "$dir/stamp" "$dir/prog.ll" "$dir/prog.native"
        if ! "${compile[@]}" >"$dir/compile.log" 2>&1; then echo "compile" >"$dir/build-failed"
        elif ! "${link[@]}" >>"$dir/compile.log" 2>&1; then echo "native link" >"$dir/build-failed"
        else
            rm -f "$dir/build-failed"
            run_case "$RC_TIMEOUT" "$dir/native" "$dir/prog.native" "${ARGS[@]}"
            echo "$stamp" >"$dir/stamp"
        fi
    fi
    [[ ! -f $dir/build-failed ]] && return 0
    { repro_line "$(quote_cmd "${compile[@]}")" "$(quote_cmd "${link[@]}")"
      head -n 15 "$dir/compile.log" | sed 's/^/    /'; } >"$detail"
    rm -f "$dir/stamp"
    fail_all_modes "$(cat "$dir/build-failed") failed" "$detail"
    return 1
}

native_determinism() { # runs the native binary two more times: the same exit code and stdout every time?
    local d2="$dir/native2" d3="$dir/native3"
    mkdir -p "$d2" "$d3"
    run_case "$RC_TIMEOUT" "$d2" "$dir/prog.native" "${ARGS[@]}"
    run_case "$RC_TIMEOUT" "$d3" "$dir/prog.native" "${ARGS[@]}"
    if same_run "$dir/native" "$d2" && same_run "$dir/native" "$d3"; then
        write_result PASS "$name" "$flavour" native
        return
    fi
    { repro_line "cd $(q "$d2")" "CORPUS_MARKER=$MARKER $(q "$dir/prog.native") ${ARGS[*]} </dev/null"
      out_diff "$dir/native/out" "$d2/out" native-again "${RC_DIFF_LINES:-12}"
      out_diff "$dir/native/out" "$d3/out" native-again "${RC_DIFF_LINES:-12}"; } >"$detail"
    write_result FAIL "$name" "$flavour" native \
        "native runs differ (exit codes $nrc / $(cat "$d2/rc") / $(cat "$d3/rc"))" "$detail"
    rm -f "$detail"
}

run_mode() { # mode: one JIT run of prog.ll, compared with the native run
    local m=$1 spec_var="RC_MODE_${1//[^A-Za-z0-9_]/_}"
    if ! expand_mode "${!spec_var-}" 2>"$detail"; then
        write_result FAIL "$name" "$flavour" "$m" "cannot expand mode flags: ${!spec_var-}" "$detail"; return
    fi
    local md="$dir/mode-$m"
    rm -rf "$md"; mkdir -p "$md"
    local -a cmd=("$RC_JIT" "${MODE_ARGS[@]}" "$dir/prog.ll" -- "${ARGS[@]}")
    run_case "$RC_TIMEOUT" "$md" "${cmd[@]}"
    if same_run "$dir/native" "$md"; then
        write_result PASS "$name" "$flavour" "$m"
        [[ -z ${RC_KEEP:-} ]] && rm -rf "$md"
        return
    fi
    local jrc reason= same_out=1
    jrc=$(cat "$md/rc")
    cmp -s "$dir/native/out" "$md/out" || { same_out=0; reason="stdout differs"; }
    [[ $jrc == "$nrc" ]] || reason+="${reason:+; }exit code native=$nrc jit=$(describe_rc "$jrc" "$RC_TIMEOUT")"
    {
        if ((${#MODE_ARGS[@]})); then echo "  mode flags: $(quote_cmd "${MODE_ARGS[@]}")"; fi
        repro_line "cd $(q "$md")" "CORPUS_MARKER=$MARKER timeout $RC_TIMEOUT $(quote_cmd "${cmd[@]}") </dev/null"
        ((same_out)) || out_diff "$dir/native/out" "$md/out" jit "${RC_DIFF_LINES:-12}"
        if [[ -s $md/err ]]; then
            echo "  jit stderr, last lines ($md/err):"
            err_tail "$md/err" 6 '    '
        fi
    } >"$detail"
    write_result FAIL "$name" "$flavour" "$m" "$reason" "$detail"
}

worker() {
    local src=$1 flavour=$2
    local name; name=$(basename "$src")
    local dir="$RC_WORK/cases/$name/$flavour"
    local cc=$CLANG; [[ $src == *.cpp ]] && cc=$CLANGXX
    # A program that needs a compiler option to exist at all says so in a line `// corpus-cflags: FLAGS`.
    local own; own=$(sed -n 's|^// corpus-cflags: ||p' "$src" | head -n 1)
    local -a cflags; read -r -a cflags <<<"${FLAVOUR_FLAGS[$flavour]} $own ${RC_EXTRA_CFLAGS:-}"
    local -a compile=("$cc" "${cflags[@]}" -pthread -S -emit-llvm "$src" -o "$dir/prog.ll")
    local -a link=("$CLANGXX" "$dir/prog.ll" -o "$dir/prog.native" -pthread -lm)
    local -a modes; read -r -a modes <<<"$RC_MODES"
    local detail="$dir/detail.$$"
    mkdir -p "$dir/native"
    export CORPUS_MARKER=$MARKER

    build_native || return
    local nrc; nrc=$(cat "$dir/native/rc")
    # Corpus programs must exit with 0..123: 124 is timeout's, 125-127 the
    # shell's/timeout's own errors, and 128+N means "killed by signal N".
    if ((nrc >= 124)); then
        repro_line "cd $(q "$dir/native")" \
            "CORPUS_MARKER=$MARKER timeout $RC_TIMEOUT $(q "$dir/prog.native") ${ARGS[*]} </dev/null" >"$detail"
        rm -f "$dir/stamp"
        fail_all_modes "the NATIVE program failed or used a reserved exit code (>= 124): exit $(describe_rc "$nrc" "$RC_TIMEOUT")" "$detail"
        return
    fi
    if [[ -n ${RC_NATIVE_ONLY:-} ]]; then native_determinism; return; fi
    local m
    for m in "${modes[@]}"; do run_mode "$m"; done
    rm -f "$detail"
}

dispatch_worker "$@"

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
    OPT_SHIFT=1
    case $1 in
        --jit|--jit=*) opt_value "$@"; JIT=$OPT_VALUE ;;
        --mode|--mode=*) opt_value "$@"; MODES+=("$OPT_VALUE") ;;
        --mode-flags|--mode-flags=*) opt_value "$@"; define_mode "$OPT_VALUE"; MODES_FROM_FLAGS+=("${OPT_VALUE%%=*}") ;;
        --flavour|--flavor|--flavour=*|--flavor=*) opt_value "$@"; FLAVOURS+=("$OPT_VALUE") ;;
        --filter|--filter=*) opt_value "$@"; FILTER=$OPT_VALUE ;;
        --keep|--keep=*) opt_value "$@"; KEEP=$OPT_VALUE ;;
        -j*) opt_value "$@"; JOBS=$OPT_VALUE ;;
        --timeout|--timeout=*) opt_value "$@"; TIMEOUT=$OPT_VALUE ;;
        --native-only) NATIVE_ONLY=1 ;;
        -v|--verbose) VERBOSE=1 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument '$1'" ;;
    esac
    shift "$OPT_SHIFT"
done

require_positive "$JOBS" "-j"
require_positive "$TIMEOUT" "--timeout"
((${#MODES[@]})) || MODES=("${MODES_FROM_FLAGS[@]}")
((${#MODES[@]})) || MODES=("${DEFAULT_MODES[@]}")
if [[ " ${MODES[*]} " == *" all "* ]]; then
    mapfile -t MODES < <(printf '%s\n' "${!MODE_FLAGS[@]}" | sort)
fi
mapfile -t MODES < <(printf '%s\n' "${MODES[@]}" | awk '!seen[$0]++')
check_names MODE_FLAGS mode "${MODES[@]}"
((${#FLAVOURS[@]})) || FLAVOURS=("${ALL_FLAVOURS[@]}")
check_names FLAVOUR_FLAGS flavour "${FLAVOURS[@]}"
need_commands "$CLANG" "$CLANGXX"
if [[ -z $NATIVE_ONLY ]]; then JIT=$(find_jit "$JIT" newest) || exit 2; fi

# One run per work directory at a time (runs share the native build cache).
lock_work "${KEEP:-$REPO/.build/corpus-work}" "use --keep DIR for a separate one"
rm -rf "$WORK/results" "$WORK/cache"   # each run fills the cache of the cached modes anew
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
export HOTJIT_TEST_CACHE=${HOTJIT_TEST_CACHE:-$WORK/cache}
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
    echo "run-corpus: ${#SOURCES[@]} programs x ${#FLAVOURS[@]} flavours, native determinism only, -j $JOBS, work dir $WORK" >&2
else
    ncases=$(( ${#SOURCES[@]} * ${#FLAVOURS[@]} * ${#MODES[@]} ))
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
