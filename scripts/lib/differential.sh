# Shared pieces of the differential test scripts (scripts/run-corpus.sh, peer-suites.sh, csmith.sh, stress.sh), which
# run the same LLVM IR natively and on hotjit-run and compare stdout and exit status: the IR flavour and JIT mode
# tables, the case runner, the repro and failure-detail lines, option parsing helpers, finding hotjit-run and locking a
# work directory.
# Sourced (at the top level, so that the tables are global), never run. The sourcing script sets REPO (the checkout)
# and DIFF_NAME (its name in messages). Each script's parallel workers are the script itself, run again as
# `SCRIPT __worker ARGS...` (see dispatch_worker), so they source this file too.

# IR flavours: name -> clang flags that lower a C/C++ file to LLVM IR (besides -S -emit-llvm).
declare -A FLAVOUR_FLAGS=(
    [O0]="-O0"
    [O0-nooptnone]="-O0 -Xclang -disable-O0-optnone"
    [O2-nopasses]="-O2 -Xclang -disable-llvm-passes"
    [O2]="-O2"
)
# shellcheck disable=SC2034  # used by the sourcing scripts
ALL_FLAVOURS=(O0 O0-nooptnone O2-nopasses O2)

# JIT modes of run-corpus.sh, peer-suites.sh and the real-program suite: name -> extra hotjit-run flags (csmith.sh
# has its own table). The flags are expanded by the shell for every case (so $RANDOM and $((...)) give fresh values
# each run; see expand_mode); the expanded flags are printed with every failure.
# shellcheck disable=SC2016,SC2034  # expanded later, per case; used by the sourcing scripts
declare -A MODE_FLAGS=(
    [lazy]=''
    [eager]='--eager-parse'
    [eager-tierup1-bg]='--eager-parse --threshold=1 --backedge-threshold=1'
    [tierup1]='--threshold=1 --backedge-threshold=1 --sync-tierup'
    [tierup1-bg]='--threshold=1 --backedge-threshold=1'
    [random]='--threshold=$((RANDOM % 50 + 1)) --backedge-threshold=$((RANDOM % 500 + 1))'
    [random-sync]='--threshold=$((RANDOM % 50 + 1)) --backedge-threshold=$((RANDOM % 500 + 1)) --sync-tierup'
    # The persistent cache: the first run fills it (functions called twice optimized, loops past 100 back-edges get
    # continuations), the second, with the same flags, links that code: tier-0 objects, optimized functions at
    # their first call, continuations. HOTJIT_TEST_CACHE is the suite's cache directory, shared by its workers.
    [cached]='--cache-dir=$HOTJIT_TEST_CACHE --threshold=2 --backedge-threshold=100 --sync-tierup'
    [cached-again]='--cache-dir=$HOTJIT_TEST_CACHE --threshold=2 --backedge-threshold=100 --sync-tierup'
)

die() { echo "$DIFF_NAME: $*" >&2; exit 2; }

q() { printf '%q' "$1"; }

# quote_cmd WORD...: the words shell-quoted, separated by single spaces.
quote_cmd() {
    local s; s=$(printf '%q ' "$@")
    echo "${s% }"
}

# ---------------------------------------------------------------------------------------------------------------------
# Options
# ---------------------------------------------------------------------------------------------------------------------

# opt_value "$@": the value of the option in $1, given as `--name=VALUE`, `-xVALUE` or `--name VALUE`: sets OPT_VALUE,
# and OPT_SHIFT to the number of words it took. Dies if the value is missing.
opt_value() {
    if [[ $1 == --*=* ]]; then OPT_VALUE=${1#*=}; OPT_SHIFT=1
    elif [[ $1 == -[A-Za-z]?* ]]; then OPT_VALUE=${1:2}; OPT_SHIFT=1
    elif (($# >= 2)); then OPT_VALUE=$2; OPT_SHIFT=2
    else die "$1 needs a value"; fi
}

# require_positive VALUE WHAT: dies unless VALUE is a positive whole number.
require_positive() {
    [[ $1 =~ ^[1-9][0-9]*$ ]] || die "$2 must be a positive number"
}

# check_names TABLE KIND NAME...: dies unless every NAME is a key of the associative array named TABLE.
check_names() {
    local -n names_table=$1
    local kind=$2 name
    shift 2
    for name in "$@"; do
        [[ -v "names_table[$name]" ]] ||
            die "unknown $kind '$name' (defined: $(printf '%s\n' "${!names_table[@]}" | sort | xargs))"
    done
}

# need_commands COMMAND...: dies unless every COMMAND is on PATH.
need_commands() {
    local c
    for c in "$@"; do command -v "$c" >/dev/null || die "$c not found (scripts/setup.sh installs it)"; done
}

# find_jit JIT [newest]: prints the absolute path of the hotjit-run to test: JIT if given, else the first (with
# "newest": the newer) of .build/release/hotjit-run and .build/debug/hotjit-run. Use as JIT=$(find_jit ...) || exit 2.
find_jit() {
    local jit=$1 pick=${2:-first} cand
    if [[ -z $jit ]]; then
        for cand in "$REPO/.build/release/hotjit-run" "$REPO/.build/debug/hotjit-run"; do
            [[ -x $cand ]] || continue
            if [[ -z $jit || ( $pick == newest && $cand -nt $jit ) ]]; then jit=$cand; fi
        done
        [[ -n $jit ]] || die "no hotjit-run found; build it (swift build -c release) or pass --jit PATH"
    fi
    [[ $jit == */* ]] || jit=$(command -v "$jit" || echo "$jit")
    [[ -x $jit ]] || die "--jit '$jit' is not an executable"
    readlink -f "$jit"
}

# lock_work DIR [HINT]: creates the work directory DIR and takes its lock (on fd 9, for the rest of the run): one run
# per work directory at a time. Waits, saying so, while another run holds it. Sets WORK to DIR's absolute path.
lock_work() {
    mkdir -p "$1" || die "cannot create work directory $1"
    WORK=$(cd "$1" && pwd)
    exec 9>"$WORK/.lock"
    flock -n 9 && return
    echo "$DIFF_NAME: another run is using $WORK; waiting${2:+ ($2)}" >&2
    flock 9
}

# dispatch_worker "$@": in a worker process (`SCRIPT __worker ARGS...`) runs the script's worker function with ARGS
# and exits; otherwise returns.
dispatch_worker() {
    [[ ${1:-} == __worker ]] || return 0
    shift
    worker "$@"
    exit 0
}

# ---------------------------------------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------------------------------------

# run_case TIMEOUT DIR COMMAND...: runs COMMAND in DIR with stdin from /dev/null (or the file $RUN_CASE_STDIN) under
# `timeout` (a command that ignores its TERM is killed 10 s later: lli's orc-lazy hangs in pbzip2 and did); DIR/out
# and DIR/err get its stdout and stderr, DIR/rc its exit status, DIR/ms its wall time in milliseconds. The outer 2>>
# keeps the shell's own notes ("Segmentation fault") in DIR/err.
run_case() {
    local t=$1 dir=$2 start=${EPOCHREALTIME//[.,]/}
    shift 2
    (cd "$dir" && timeout -k 10 "$t" "$@" <"${RUN_CASE_STDIN:-/dev/null}" >"$dir/out" 2>"$dir/err") 2>>"$dir/err"
    echo $? >"$dir/rc"
    echo $(( (${EPOCHREALTIME//[.,]/} - start) / 1000 )) >"$dir/ms"
}

# same_run EXPECTED_DIR ACTUAL_DIR: true if the two runs (of run_case) printed the same stdout and exit status.
same_run() {
    [[ $(<"$1/rc") == "$(<"$2/rc")" ]] || return 1
    [[ ! -s $1/out && ! -s $2/out ]] || cmp -s "$1/out" "$2/out"
}

# expand_mode MODE_SPEC: sets the array MODE_ARGS to the hotjit-run flags of a mode after shell expansion, so that
# $RANDOM and $((...)) give fresh values every call. Returns non-zero if the expansion fails.
expand_mode() {
    MODE_ARGS=()
    eval "MODE_ARGS=($1)"
}

# describe_rc STATUS [TIMEOUT]: an exit status in words (a timeout and a signal are named).
describe_rc() {
    local rc=$1 t=${2:-}
    if [[ $rc == 124 ]]; then echo "$rc (timed out after ${t}s)"
    elif ((rc > 128 && rc < 160)); then echo "$rc (signal $((rc - 128)): $(kill -l $((rc - 128)) 2>/dev/null))"
    else echo "$rc"; fi
}

# ---------------------------------------------------------------------------------------------------------------------
# Failure details
# ---------------------------------------------------------------------------------------------------------------------

# repro_line STEP...: a failure's self-contained repro command, "  repro: STEP && STEP ...".
repro_line() {
    local line="  repro: $1" step
    shift
    for step in "$@"; do line+=" && $step"; done
    echo "$line"
}

# out_diff EXPECTED ACTUAL LABEL LINES: the first LINES lines of a unified diff of two outputs, indented by 4 spaces.
out_diff() {
    diff -a -u --label native --label "$3" "$1" "$2" | head -n "$4" | cut -c1-200 | sed 's/^/    /'
}

# err_tail FILE LINES PREFIX: the last LINES non-blank lines of a stderr file, cut to 200 columns, after PREFIX.
err_tail() {
    grep -v '^ *$' "$1" | tail -n "$2" | cut -c1-200 | sed "s|^|$3|"
}
