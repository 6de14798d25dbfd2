#!/usr/bin/env bash
# Differential run of GCC's own execution tests on hotjit: gcc.c-torture/execute (with ieee/), the run tests of
# gcc.dg/torture and g++.dg/torture, from Debian's gcc-12 source package.
#
# Every test that applies to x86-64 (scripts/lib/peer_select.py reads its dg-directives and .x file) is lowered to
# LLVM IR by clang-22 in the project's flavours, the same .ll is built natively (clang-22 -c, linked by cc/c++) and
# run, then run on hotjit-run in JIT modes; a case (test x flavour x mode) passes when stdout and exit status equal the
# native run's. Tests clang rejects, that do not apply here, or whose native run fails are skipped with the reason;
# known failures are listed in Tests/peer-suites/expected-failures.txt. The source package is fetched once with
# apt-get (a private deb-src list, the system's apt files untouched) and cached under .build/peer-suites.
#
#   scripts/peer-suites.sh                 # the CI run (see CI_PLAN below), -j 2
#   scripts/peer-suites.sh --full          # every mode x every flavour, then 1,000 csmith seeds
#   scripts/peer-suites.sh --filter 'pr3[0-9]' --mode tierup1 --flavour O2-nopasses -v
#   scripts/peer-suites.sh --help
#
# Timing of the CI run (2 cores, -j 2, fresh .build/peer-suites): see bench/RESULTS.md, "peer suites".
set -uo pipefail

SELF=$(readlink -f "${BASH_SOURCE[0]}")
REPO=$(cd "$(dirname "$SELF")/.." && pwd)
DIFF_NAME=peer-suites
# shellcheck source=scripts/lib/differential.sh
source "$REPO/scripts/lib/differential.sh"   # FLAVOUR_FLAGS, ALL_FLAVOURS, MODE_FLAGS, run_case, ...

CLANG=${CLANG:-clang-22}
CLANGXX=${CLANGXX:-clang++-22}
GCC_PACKAGE=gcc-12
GCC_TREE=gcc-12.2.0          # the folder inside gcc-12.2.0-dfsg.tar.xz
# What GCC's harness would call each flavour's optimization level (dg-skip-if option lists are matched against it).
declare -A FLAVOUR_GCC_OPT=([O0]=-O0 [O0-nooptnone]=-O0 [O2-nopasses]=-O2 [O2]=-O2)
# The CI run: flavour -> modes. The tier-up modes (threshold 1, synchronous
# and in the background, so every function tiers up and OSR enters at every loop's first back-edge; random thresholds)
# and lazy run on the -O0 -disable-O0-optnone IR, whose functions all tier up; the metadata-rich -O2 IR (TBAA, no
# passes run) and the fully optimized -O2 IR (SSA loops, vectors: what tier 0 and OSR see from a host that optimizes
# ahead) at threshold 1. The -O0 IR (optnone: tier 0 only, as the lazy -O0-nooptnone run) is left to --full.
declare -A CI_PLAN=([O0-nooptnone]="lazy tierup1 tierup1-bg random" [O2-nopasses]="tierup1" [O2]="tierup1")
FULL_MODES=(lazy eager tierup1 tierup1-bg random random-sync)
# clang flags of every C test: as GCC 12 (whose harness adds -w), accept implicit int and implicit declarations.
C_FLAGS=(-w -Wno-error=implicit-function-declaration -Wno-error=implicit-int -Wno-error=int-conversion
         -Wno-error=incompatible-pointer-types -Wno-error=return-mismatch)
CXX_FLAGS=(-w)
EXPECTED=$REPO/Tests/peer-suites/expected-failures.txt

plan_text() { # the name of a flavour -> modes table: its text, "flavour: modes; ..."
    local -n plan_table=$1
    local f
    for f in "${ALL_FLAVOURS[@]}"; do [[ -v "plan_table[$f]" ]] && printf '%s: %s; ' "$f" "${plan_table[$f]}"; done
}

usage() {
    cat <<EOF
usage: scripts/peer-suites.sh [options]

Runs GCC's execution tests (gcc.c-torture/execute, gcc.dg/torture, g++.dg/torture of Debian's $GCC_PACKAGE source
package) natively and on hotjit-run from the same LLVM IR, and compares stdout and exit status.

options:
  --jit PATH          hotjit-run to test (default: \$HOTJIT_RUN, else .build/release/hotjit-run)
  --full              every mode (${FULL_MODES[*]}) in every flavour, then --csmith 1000
  --mode NAME         run only these modes (repeatable; in the flavours given, else in all)
  --flavour NAME      run only these flavours (repeatable; with the CI plan's modes, else lazy, unless --mode)
  --filter REGEX      only tests whose id (e.g. gcc.c-torture/execute/pr12345.c) matches REGEX (grep -E)
  --csmith N          afterwards, scripts/csmith.sh --count N (--start from --csmith-start, default 100000)
  --csmith-start S    first csmith seed of the sweep
  -j N                parallel jobs (default 2)
  --timeout SECS      per-run timeout; a native run slower than that is skipped (default 20)
  --work DIR          work directory (default .build/peer-work); builds are cached there between runs
  --cache DIR         where the source package is downloaded and extracted (default .build/peer-suites)
  -v, --verbose       a line for every passing case too
  -h, --help          this text

CI plan (flavour: modes): $(plan_text CI_PLAN)
modes:
$(for m in "${FULL_MODES[@]}"; do printf '  %-12s %s\n' "$m" "${MODE_FLAGS[$m]:-(no flags)}"; done)
Each failure prints a FAIL line with a repro command. Expected failures: Tests/peer-suites/expected-failures.txt.
Last line: 'peer-suites: N passed, M failed, K skipped' (cases: test x flavour x mode); exit status 1 if M > 0.
EOF
}

# ----------------------------------------------------------------------------------------------------------------------
# Worker: one test in one flavour, all its modes. Invoked as `peer-suites.sh __worker LINE`, LINE a line of the manifest
# (peer_select.py's output, never a skipped one); configuration in PS_* variables (the modes of each flavour in
# PS_PLAN_<flavour>). Writes one file per test and flavour into $PS_WORK/results/: a line per mode,
# `STATUS ID [FLAVOUR] MODE: reason`, a failure's details after it, indented. Few processes: it runs ~10,000 times.
# ----------------------------------------------------------------------------------------------------------------------
RESULTS=
result() { # status mode [reason [detail]]
    RESULTS+="$1 $id [$flavour] $2${3:+: $3}"$'\n'"${4:+$4$'\n'}"
}

all_modes() { # status reason: every mode of this test and flavour ends the same way
    local m
    for m in "${modes[@]}"; do result "$1" "$m" "$2"; done
}

first_error() { # log: the first error line of a compile log, without the path, cut short
    local line
    line=$(grep -m1 -E 'error:|undefined reference' "$1" || head -n1 "$1")
    line=${line##*error: }
    echo "${line:0:140}"
}

build() { # the .ll, the native binary and its run, unless cached: 0 = built, 1 = skipped (reason in $dir/skip)
    local stamp
    stamp="$(sha256sum <"$src") ${compile[*]} ${link[*]} $PS_CC_VERSION $PS_TIMEOUT"
    [[ -f $dir/stamp && $(<"$dir/stamp") == "$stamp" ]] && { [[ ! -f $dir/skip ]]; return; }
    rm -rf "$dir"
    mkdir -p "$dir/native" "${modes[@]/#/$dir/mode-}"
    if ! (cd "${src%/*}" && "${compile[@]}") >"$dir/build.log" 2>&1; then
        echo "clang rejects it: $(first_error "$dir/build.log")" >"$dir/skip"
    elif ! "${native[@]}" >>"$dir/build.log" 2>&1 || ! "${link[@]}" >>"$dir/build.log" 2>&1; then
        echo "native build fails: $(first_error "$dir/build.log")" >"$dir/skip"
    else
        run_case "$PS_TIMEOUT" "$dir/native" "$dir/prog.native"
        local nrc; nrc=$(<"$dir/native/rc")
        [[ $nrc == 0 ]] || echo "native run fails: exit $(describe_rc "$nrc" "$PS_TIMEOUT")" >"$dir/skip"
    fi
    echo "$stamp" >"$dir/stamp"
    [[ ! -f $dir/skip ]]
}

native_o3() { # after a failure: the same IR built natively as hotjit's optimizing tier builds it, run once (cached)
    [[ -f $dir/native-O3/rc ]] && return
    mkdir -p "$dir/native-O3"
    "$CLANG" -O3 -march=native -w "$dir/prog.ll" -o "$dir/prog.native-O3" "${libs[@]}" -lm -pthread \
        >"$dir/native-O3/build.log" 2>&1 || return 1
    run_case "$PS_TIMEOUT" "$dir/native-O3" "$dir/prog.native-O3"
}

run_mode() { # mode
    local m=$1 spec_var="PS_MODE_${1//[^A-Za-z0-9_]/_}" md="$dir/mode-$1"
    expand_mode "${!spec_var-}" 2>/dev/null || { result FAIL "$m" "cannot expand mode flags: ${!spec_var-}"; return; }
    [[ -d $md ]] || mkdir -p "$md"
    local -a cmd=("$PS_JIT" "${MODE_ARGS[@]}" "$dir/prog.ll")
    run_case "$PS_TIMEOUT" "$md" "${cmd[@]}"
    if same_run "$dir/native" "$md"; then result PASS "$m"; return; fi
    local jrc nrc reason= detail
    jrc=$(<"$md/rc") nrc=$(<"$dir/native/rc")
    cmp -s "$dir/native/out" "$md/out" || reason="stdout differs"
    [[ $jrc == "$nrc" ]] || reason+="${reason:+; }exit code native=$nrc jit=$(describe_rc "$jrc" "$PS_TIMEOUT")"
    native_o3 && same_run "$dir/native-O3" "$md" && reason+=" (as the native -O3 -march=native build of the same IR)"
    detail=$(
        repro_line "cd $(q "$md")" "timeout $PS_TIMEOUT $(quote_cmd "${cmd[@]}") </dev/null"
        echo "  ir: $(quote_cmd "${compile[@]}") (in ${src%/*})"
        cmp -s "$dir/native/out" "$md/out" || out_diff "$dir/native/out" "$md/out" jit 12
        if [[ -s $md/err ]]; then echo "  jit stderr, last lines ($md/err):"; err_tail "$md/err" 6 '    '; fi
    )
    result FAIL "$m" "$reason" "$detail"
}

worker() {
    local -a fields modes flags=()
    IFS=$'\t' read -r -a fields <<<"$1"
    local id=${fields[0]} flavour=${fields[1]} lang=${fields[2]}
    local plan_var="PS_PLAN_${flavour//[^A-Za-z0-9_]/_}"
    read -r -a modes <<<"${!plan_var}"
    [[ ${fields[3]} == - ]] || read -r -a flags <<<"${fields[3]}"
    local src=$PS_TESTSUITE/$id dir=$PS_WORK/cases/${id//\//_}/$flavour
    local cc=$CLANG linker=cc; local -a base=("${C_FLAGS[@]}")
    if [[ $lang == c++ ]]; then cc=$CLANGXX linker=c++ base=("${CXX_FLAGS[@]}"); fi
    local -a fflags; read -r -a fflags <<<"${FLAVOUR_FLAGS[$flavour]}"
    local -a libs=() f
    for f in "${flags[@]}"; do [[ $f == -l* ]] && libs+=("$f"); done
    local -a compile=("$cc" "${fflags[@]}" "${base[@]}" "${flags[@]}" -pthread -S -emit-llvm "$src" -o "$dir/prog.ll")
    local -a native=("$CLANG" -c -w "$dir/prog.ll" -o "$dir/prog.o")
    local -a link=("$linker" "$dir/prog.o" -o "$dir/prog.native" "${libs[@]}" -lm -pthread)
    if [[ ! -f $src ]]; then all_modes FAIL "the test's source $src is missing"
    elif ! build; then all_modes SKIP "$(<"$dir/skip")"
    else
        local m
        for m in "${modes[@]}"; do run_mode "$m"; done
    fi
    printf '%s' "$RESULTS" >"$PS_WORK/results/${id//\//_}.$flavour"
}

dispatch_worker "$@"

# ----------------------------------------------------------------------------------------------------------------------
# Driver
# ----------------------------------------------------------------------------------------------------------------------
JIT=${HOTJIT_RUN:-}
FULL=
MODES=()
FLAVOURS=()
FILTER=
CSMITH=0
CSMITH_START=100000
JOBS=2
TIMEOUT=20
WORK_DIR=$REPO/.build/peer-work
CACHE=$REPO/.build/peer-suites
VERBOSE=
while (($#)); do
    OPT_SHIFT=1
    case $1 in
        --jit|--jit=*) opt_value "$@"; JIT=$OPT_VALUE ;;
        --full) FULL=1 ;;
        --mode|--mode=*) opt_value "$@"; MODES+=("$OPT_VALUE") ;;
        --flavour|--flavor|--flavour=*|--flavor=*) opt_value "$@"; FLAVOURS+=("$OPT_VALUE") ;;
        --filter|--filter=*) opt_value "$@"; FILTER=$OPT_VALUE ;;
        --csmith|--csmith=*) opt_value "$@"; CSMITH=$OPT_VALUE ;;
        --csmith-start|--csmith-start=*) opt_value "$@"; CSMITH_START=$OPT_VALUE ;;
        -j*) opt_value "$@"; JOBS=$OPT_VALUE ;;
        --timeout|--timeout=*) opt_value "$@"; TIMEOUT=$OPT_VALUE ;;
        --work|--work=*) opt_value "$@"; WORK_DIR=$OPT_VALUE ;;
        --cache|--cache=*) opt_value "$@"; CACHE=$OPT_VALUE ;;
        -v|--verbose) VERBOSE=1 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown argument '$1'" ;;
    esac
    shift "$OPT_SHIFT"
done
require_positive "$JOBS" "-j"
require_positive "$TIMEOUT" "--timeout"
[[ $CSMITH =~ ^[0-9]+$ ]] || die "--csmith must be a number"
check_names MODE_FLAGS mode "${MODES[@]}"
check_names FLAVOUR_FLAGS flavour "${FLAVOURS[@]}"
need_commands "$CLANG" "$CLANGXX" cc c++ python3 apt-get tar xz
JIT=$(find_jit "$JIT") || exit 2

# The plan: flavour -> modes.
declare -A PLAN=()
if ((${#FLAVOURS[@]} == 0)); then
    for f in "${ALL_FLAVOURS[@]}"; do
        [[ -n $FULL || ${#MODES[@]} -gt 0 || -v "CI_PLAN[$f]" ]] && FLAVOURS+=("$f")
    done
fi
for f in "${FLAVOURS[@]}"; do
    if [[ -n $FULL ]]; then PLAN[$f]="${FULL_MODES[*]}"; fi
    if ((${#MODES[@]})); then PLAN[$f]="${MODES[*]}"; fi
    [[ -v "PLAN[$f]" ]] || PLAN[$f]=${CI_PLAN[$f]:-lazy}
done
[[ -n $FULL && $CSMITH == 0 ]] && CSMITH=1000

start=$(date +%s)
# -- The source package: downloaded once, the three test folders extracted once.
mkdir -p "$CACHE" && CACHE=$(cd "$CACHE" && pwd) || die "cannot create $CACHE"
TESTSUITE=$CACHE/$GCC_TREE/gcc/testsuite
fetch_sources() {
    local t0; t0=$(date +%s)
    mkdir -p "$CACHE/apt/lists/partial" || return 1
    local orig; orig=$(ls "$CACHE"/${GCC_PACKAGE}_*.orig.tar.gz 2>/dev/null | head -n1)
    if [[ -z $orig ]]; then
        echo "peer-suites: downloading the $GCC_PACKAGE source package (~87 MB) into $CACHE" >&2
        local sources; sources=$(ls /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1)
        [[ -n $sources ]] || { echo "peer-suites: no deb822 .sources file in /etc/apt/sources.list.d" >&2; return 1; }
        sed 's/^Types: deb$/Types: deb-src/' "$sources" >"$CACHE/apt/src.sources"
        local -a apt=(apt-get -q -o Dir::Etc::SourceList="$CACHE/apt/src.sources" -o Dir::Etc::SourceParts=/dev/null
                      -o Dir::State::Lists="$CACHE/apt/lists")
        "${apt[@]}" update >"$CACHE/apt/update.log" 2>&1 || { cat "$CACHE/apt/update.log" >&2; return 1; }
        (cd "$CACHE" && "${apt[@]}" source --download-only "$GCC_PACKAGE") >"$CACHE/apt/source.log" 2>&1 ||
            { tail -n 5 "$CACHE/apt/source.log" >&2; return 1; }
        orig=$(ls "$CACHE"/${GCC_PACKAGE}_*.orig.tar.gz 2>/dev/null | head -n1)
        [[ -n $orig ]] || { echo "peer-suites: no .orig.tar.gz after the download" >&2; return 1; }
    fi
    echo "peer-suites: extracting the test folders from $(basename "$orig")" >&2
    rm -rf "${CACHE:?}/$GCC_TREE"
    tar -xzOf "$orig" --wildcards "*/$GCC_TREE-dfsg.tar.xz" | xz -dc |
        tar -x -C "$CACHE" --wildcards "$GCC_TREE/gcc/testsuite/gcc.c-torture/execute/*" \
            "$GCC_TREE/gcc/testsuite/gcc.dg/torture/*" "$GCC_TREE/gcc/testsuite/g++.dg/torture/*" || return 1
    touch "$TESTSUITE/.complete"
    echo "peer-suites: sources ready in $(( $(date +%s) - t0 ))s" >&2
}
if [[ ! -f $TESTSUITE/.complete ]]; then
    if ! fetch_sources; then
        echo "peer-suites: could not get the $GCC_PACKAGE sources"
        echo "peer-suites: 0 passed, 1 failed, 0 skipped"
        exit 1
    fi
fi

lock_work "$WORK_DIR" "use --work DIR for a separate one"
rm -rf "$WORK/results"
mkdir -p "$WORK/results" "$WORK/cases"
specs=()
for f in "${!PLAN[@]}"; do specs+=("$f=${FLAVOUR_GCC_OPT[$f]}"); done
python3 "$REPO/scripts/lib/peer_select.py" "$TESTSUITE" "${specs[@]}" >"$WORK/manifest" || die "test selection failed"
if [[ -n $FILTER ]]; then
    grep -E -- "^[^	]*($FILTER)" "$WORK/manifest" >"$WORK/manifest.filtered"
    mv "$WORK/manifest.filtered" "$WORK/manifest"
fi
ntests=$(cut -f1 "$WORK/manifest" | sort -u | wc -l)
((ntests)) || die "no tests match${FILTER:+ '$FILTER'}"

export PS_WORK=$WORK PS_JIT=$JIT PS_TIMEOUT=$TIMEOUT PS_TESTSUITE=$TESTSUITE
PS_CC_VERSION="$("$CLANG" --version 2>&1 | head -n1) / $(cc --version 2>&1 | head -n1)"
export PS_CC_VERSION
for m in "${FULL_MODES[@]}" "${MODES[@]}"; do export "PS_MODE_${m//[^A-Za-z0-9_]/_}=${MODE_FLAGS[$m]}"; done
for f in "${!PLAN[@]}"; do export "PS_PLAN_${f//[^A-Za-z0-9_]/_}=${PLAN[$f]}"; done
ncases=0
for f in "${!PLAN[@]}"; do
    read -r -a fm <<<"${PLAN[$f]}"
    ncases=$(( ncases + $(awk -F'\t' -v f="$f" '$2 == f' "$WORK/manifest" | wc -l) * ${#fm[@]} ))
done
echo "peer-suites: $ntests tests, $ncases cases ($(plan_text PLAN)-j $JOBS)" >&2
echo "peer-suites: jit $JIT, work dir $WORK" >&2

t_run=$(date +%s)
# Tests that do not apply get their SKIP lines here; the others go to the workers.
awk -F'\t' -v plans="$(for f in "${!PLAN[@]}"; do printf '%s=%s;' "$f" "${PLAN[$f]}"; done)" '
    BEGIN { n = split(plans, p, ";"); for (i = 1; i < n; i++) { split(p[i], kv, "="); modes[kv[1]] = kv[2] } }
    $5 != "-" { k = split(modes[$2], m, " "); for (i = 1; i <= k; i++) print "SKIP " $1 " [" $2 "] " m[i] ": " $5 }
' "$WORK/manifest" >"$WORK/results/not-applicable"
awk -F'\t' '$5 == "-"' "$WORK/manifest" | xargs -d '\n' -n 1 -P "$JOBS" "$SELF" __worker
t_end=$(date +%s)

# -- Summary: expected failures, counts per flavour and mode, skip reasons.
declare -A XFAIL_CAUSE=()
if [[ -f $EXPECTED ]]; then
    while read -r xid xfl xmo cause; do
        [[ -z $xid || $xid == \#* ]] && continue
        XFAIL_CAUSE["$xid $xfl $xmo"]=$cause
    done <"$EXPECTED"
fi
expected_cause() { # id flavour mode: prints the cause if the case is listed as an expected failure
    local key xid xfl xmo
    for key in "${!XFAIL_CAUSE[@]}"; do
        read -r xid xfl xmo <<<"$key"
        # shellcheck disable=SC2053  # globs on purpose
        if [[ $1 == $xid && $2 == $xfl && $3 == $xmo ]]; then echo "${XFAIL_CAUSE[$key]}"; return 0; fi
    done
    return 1
}

passed=0 failed=0 skipped=0 xfailed=0 show_detail=0
FAILED_LINES=()
declare -A COUNT=()
: >"$WORK/skipped.txt"
shopt -s nullglob
while IFS= read -r rline; do
    [[ $rline == " "* ]] && { ((show_detail)) && echo "$rline"; continue; }
    show_detail=0
    read -r status rid rfl rmo reason <<<"$rline"
    rfl=${rfl#[}; rfl=${rfl%]}; rmo=${rmo%:}
    case $status in
        PASS) passed=$((passed + 1)); COUNT["$rfl $rmo p"]=$(( ${COUNT["$rfl $rmo p"]:-0} + 1 ))
              [[ -n $VERBOSE ]] && echo "PASS $rid [$rfl] $rmo" ;;
        SKIP) skipped=$((skipped + 1)); COUNT["$rfl $rmo s"]=$(( ${COUNT["$rfl $rmo s"]:-0} + 1 ))
              echo "$rid [$rfl] $rmo: $reason" >>"$WORK/skipped.txt" ;;
        FAIL) if cause=$(expected_cause "$rid" "$rfl" "$rmo"); then
                  xfailed=$((xfailed + 1)); skipped=$((skipped + 1))
                  COUNT["$rfl $rmo s"]=$(( ${COUNT["$rfl $rmo s"]:-0} + 1 ))
                  echo "$rid [$rfl] $rmo: expected failure: $cause" >>"$WORK/skipped.txt"
                  [[ -n $VERBOSE ]] && echo "XFAIL $rid [$rfl] $rmo: $cause"
              else
                  failed=$((failed + 1)); COUNT["$rfl $rmo f"]=$(( ${COUNT["$rfl $rmo f"]:-0} + 1 ))
                  FAILED_LINES+=("$rline")
                  echo "$rline"; show_detail=1
              fi ;;
    esac
done < <(cat "$WORK"/results/*)
missing=$((ncases - passed - failed - skipped))
if ((missing > 0)); then
    echo "peer-suites: $missing case(s) produced no result (worker crashed?)" >&2
    failed=$((failed + missing))
fi
if ((passed == 0)); then
    echo "peer-suites: no case passed: the set-up is broken (see $WORK/skipped.txt)" >&2
    failed=$((failed + 1))
fi
echo "peer-suites: skipped, by reason (all in $WORK/skipped.txt):"
sed -E 's/^[^ ]+ \[[^]]+\] [^:]+: //
        s/(clang rejects it|native build fails|native run fails|dg-skip-if at [^:]*|expected failure): .*/\1/' \
    "$WORK/skipped.txt" | sort | uniq -c | sort -rn | sed 's/^/  /'
echo "peer-suites: per flavour and mode (passed / failed / skipped):"
for f in "${FLAVOURS[@]}"; do
    for m in ${PLAN[$f]}; do
        printf '  %-13s %-12s %5d / %d / %d\n' "$f" "$m" "${COUNT["$f $m p"]:-0}" "${COUNT["$f $m f"]:-0}" \
            "${COUNT["$f $m s"]:-0}"
    done
done
echo "peer-suites: $xfailed of the skipped cases are expected failures ($(realpath --relative-to="$REPO" "$EXPECTED"))"
echo "peer-suites: finished in $((t_end - start))s (runs $((t_end - t_run))s)" >&2
status=0
((failed == 0)) || status=1
if ((CSMITH > 0)); then
    bash "$REPO/scripts/csmith.sh" --count "$CSMITH" --start "$CSMITH_START" --jit "$JIT" -j "$JOBS" || status=1
fi
# The failures once more, next to the last line: a log cut in the middle (CI keeps its head and tail) still names them.
if ((${#FAILED_LINES[@]})); then
    echo "peer-suites: the failures (details above):"
    printf '  %s\n' "${FAILED_LINES[@]:0:20}"
fi
echo "peer-suites: $passed passed, $failed failed, $skipped skipped"
exit $status
