# Shared pieces of the real-program suite (bench/real/run.sh: the timing table; bench/real/check.sh: the differential
# check): fetching Debian source packages into .build/real/dl, building each program to one linked LLVM IR module per
# IR flavour plus native -O2 and -O0 binaries of that same IR, and the workloads (cases) that run them.
# Sourced, never run. The sourcing script sets REPO (the checkout) and DIFF_NAME (its name in messages), and sources
# scripts/lib/differential.sh first (FLAVOUR_FLAGS, die, need_commands).
#
# Layout under $REAL (.build/real unless HOTJIT_REAL_DIR is set):
#   dl/                      the downloaded source packages (kept: later runs are offline)
#   src/PKG-VERSION/         the extracted upstream sources (plus generated files such as sqlite3.c)
#   FLAVOUR/PROG/            per-TU .bc, prog.bc (llvm-link of them), native-O2 and native-O0 (clang of prog.bc)
#   data/SIZE/               the generated inputs of the workloads (SIZE: bench or ci)

REAL=${HOTJIT_REAL_DIR:-$REPO/.build/real}
CLANG=${CLANG:-clang-22}
CLANGXX=${CLANGXX:-clang++-22}
LLVM_LINK=${LLVM_LINK:-llvm-link-22}
REAL_JOBS=${REAL_JOBS:-$(nproc 2>/dev/null || echo 2)}
REAL_WORKLOADS=$REPO/bench/real/workloads

# The programs, and the Debian source package (name=version, pinned) each one is built from.
REAL_PROGRAMS=(sqlite3 lua bzip2 pbzip2)
declare -A REAL_PACKAGE=(
    [sqlite3]="sqlite3=3.40.1-2+deb12u2"
    [lua]="lua5.4=5.4.4-3+deb12u1"
    [bzip2]="bzip2=1.0.8-5"
    [pbzip2]="pbzip2=1.1.13-1 bzip2=1.0.8-5"
)
# The cases: name -> the program it runs. The command line and input of each are in case_setup.
REAL_CASES=(sqlite3 lua bzip2-compress bzip2-decompress pbzip2-compress pbzip2-decompress)
declare -A REAL_CASE_PROGRAM=(
    [sqlite3]=sqlite3 [lua]=lua [bzip2-compress]=bzip2 [bzip2-decompress]=bzip2
    [pbzip2-compress]=pbzip2 [pbzip2-decompress]=pbzip2
)

real_log() { echo "$DIFF_NAME: $*" >&2; }

# ---------------------------------------------------------------------------------------------------------------------
# Fetching: apt-get source with a private deb-src list and a private lists folder (the system's apt setup is untouched)
# ---------------------------------------------------------------------------------------------------------------------

# The system's deb822 sources file(s), turned into deb-src entries.
real_apt_opts() {
    local apt=$REAL/apt
    if [[ ! -s $apt/src.sources ]]; then
        mkdir -p "$apt/lists/partial"
        local f found=
        for f in /etc/apt/sources.list.d/*.sources; do
            [[ -f $f ]] || continue
            grep -q '^Types: deb$' "$f" && { sed 's/^Types: deb$/Types: deb-src/' "$f"; echo; found=1; }
        done >"$apt/src.sources.tmp"
        [[ -n $found ]] || die "no deb822 .sources file with 'Types: deb' under /etc/apt/sources.list.d"
        mv "$apt/src.sources.tmp" "$apt/src.sources"
    fi
    APT_OPTS=(-o "Dir::Etc::SourceList=$apt/src.sources" -o Dir::Etc::SourceParts=/dev/null
              -o "Dir::State::Lists=$apt/lists" -o "Dir::Cache=$apt/cache" -qq)
}

# real_fetch PKG=VERSION...: downloads the source packages not yet in $REAL/dl.
real_fetch() {
    local want missing=()
    for want in "$@"; do
        local pkg=${want%%=*} ver=${want#*=}
        ver=${ver#*:}                        # the epoch is not part of file names
        ls "$REAL/dl/${pkg}_${ver}.dsc" >/dev/null 2>&1 || missing+=("$want")
    done
    ((${#missing[@]})) || return 0
    need_commands apt-get
    real_apt_opts
    mkdir -p "$REAL/dl" "$REAL/apt/cache"
    if [[ ! -f $REAL/apt/updated ]]; then
        real_log "apt-get update (deb-src lists, private to $REAL/apt)"
        apt-get "${APT_OPTS[@]}" update 2>&1 | grep -v -i 'unsandboxed' >&2
        touch "$REAL/apt/updated"
    fi
    real_log "downloading source packages: ${missing[*]}"
    (cd "$REAL/dl" && apt-get "${APT_OPTS[@]}" source --download-only "${missing[@]}" 2>&1 |
        grep -v -i 'unsandboxed' >&2)
    for want in "${missing[@]}"; do
        local pkg=${want%%=*} ver=${want#*=}
        ls "$REAL/dl/${pkg}_${ver#*:}.dsc" >/dev/null 2>&1 || die "could not download source package $want"
    done
}

# real_extract TARBALL_GLOB DIR: extracts the upstream tarball into $REAL/src unless $REAL/src/DIR exists.
real_extract() {
    local dir=$REAL/src/$2 tarball
    [[ -d $dir ]] && return 0
    tarball=$(ls "$REAL"/dl/$1 2>/dev/null | head -n1)
    [[ -n $tarball ]] || die "no $1 in $REAL/dl"
    mkdir -p "$REAL/src"
    tar -C "$REAL/src" -xf "$tarball" || die "cannot extract $tarball"
    [[ -d $dir ]] || die "$tarball did not hold $2/"
}

# ---------------------------------------------------------------------------------------------------------------------
# Building: one recipe per program sets SRC_DIR, SOURCES (relative to SRC_DIR), CFLAGS_EXTRA, CXX_SOURCES_TOO, LIBS
# ---------------------------------------------------------------------------------------------------------------------

recipe_sqlite3() {
    real_extract 'sqlite3_3.40.1.orig.tar.xz' sqlite3-3.40.1
    SRC_DIR=$REAL/src/sqlite3-3.40.1/bld
    if [[ ! -f $SRC_DIR/sqlite3.c || ! -f $SRC_DIR/shell.c ]]; then
        need_commands tclsh make
        real_log "sqlite3: making the amalgamation (configure && make sqlite3.c shell.c)"
        mkdir -p "$SRC_DIR"
        (cd "$SRC_DIR" && CC=$CLANG ../configure -q >configure.log 2>&1 && make -s sqlite3.c shell.c >make.log 2>&1) ||
            die "sqlite3: making the amalgamation failed (see $SRC_DIR/*.log)"
    fi
    SOURCES=(sqlite3.c shell.c)
    CFLAGS_EXTRA=(-DSQLITE_THREADSAFE=1 -DSQLITE_ENABLE_MATH_FUNCTIONS)
    LIBS=(-lm -lpthread -ldl)
}

recipe_lua() {
    real_extract 'lua5.4_5.4.4.orig.tar.gz' lua-5.4.4
    SRC_DIR=$REAL/src/lua-5.4.4/src
    SOURCES=(lapi.c lcode.c lctype.c ldebug.c ldo.c ldump.c lfunc.c lgc.c llex.c lmem.c lobject.c lopcodes.c
             lparser.c lstate.c lstring.c ltable.c ltm.c lundump.c lvm.c lzio.c lauxlib.c lbaselib.c lcorolib.c
             ldblib.c liolib.c lmathlib.c loadlib.c loslib.c lstrlib.c ltablib.c lutf8lib.c linit.c lua.c)
    CFLAGS_EXTRA=(-std=gnu99 -DLUA_COMPAT_5_3 -DLUA_USE_LINUX)
    LIBS=(-lm -ldl)
}

BZLIB_SOURCES=(blocksort.c huffman.c crctable.c randtable.c compress.c decompress.c bzlib.c)

recipe_bzip2() {
    real_extract 'bzip2_1.0.8.orig.tar.gz' bzip2-1.0.8
    SRC_DIR=$REAL/src/bzip2-1.0.8
    SOURCES=("${BZLIB_SOURCES[@]}" bzip2.c)
    CFLAGS_EXTRA=(-D_FILE_OFFSET_BITS=64)
    LIBS=()
}

recipe_pbzip2() { # pbzip2 (C++, pthreads) with libbz2 from bzip2's sources, all of it in the IR
    real_extract 'bzip2_1.0.8.orig.tar.gz' bzip2-1.0.8
    real_extract 'pbzip2_1.1.13.orig.tar.gz' pbzip2-1.1.13
    SRC_DIR=$REAL/src
    SOURCES=("${BZLIB_SOURCES[@]/#/bzip2-1.0.8/}" pbzip2-1.1.13/pbzip2.cpp pbzip2-1.1.13/BZ2StreamScanner.cpp
             pbzip2-1.1.13/ErrorContext.cpp)
    CFLAGS_EXTRA=(-D_FILE_OFFSET_BITS=64 -D_POSIX_PTHREAD_SEMANTICS -DUSE_STACKSIZE_CUSTOMIZATION -pthread
                  -Wno-reserved-user-defined-literal
                  -Ibzip2-1.0.8)
    LIBS=(-lpthread)
}

# real_build PROG FLAVOUR: builds $REAL/FLAVOUR/PROG/{prog.bc,native-O2,native-O0} unless they are up to date (a stamp
# of the recipe, the flags and the compiler). Prints nothing on stdout.
real_build() {
    local prog=$1 flavour=$2 out=$REAL/$2/$1
    [[ -v "REAL_PACKAGE[$prog]" ]] || die "unknown program '$prog' (known: ${REAL_PROGRAMS[*]})"
    [[ -v "FLAVOUR_FLAGS[$flavour]" ]] || die "unknown flavour '$flavour'"
    local -a SOURCES=() CFLAGS_EXTRA=() LIBS=()
    local SRC_DIR=
    # shellcheck disable=SC2086  # the package list is words
    real_fetch ${REAL_PACKAGE[$prog]}
    "recipe_$prog"
    local -a fflags; read -r -a fflags <<<"${FLAVOUR_FLAGS[$flavour]}"
    local stamp
    stamp=$({ declare -f "recipe_$prog" real_build real_compile_tu; printf '%s\n' "${fflags[*]}" "${LIBS[*]}"
              "$CLANG" --version | head -n1; } | sha256sum | cut -d' ' -f1)
    if [[ -f $out/stamp && $(cat "$out/stamp") == "$stamp" && -x $out/native-O0 ]]; then return 0; fi
    rm -rf "$out"; mkdir -p "$out"
    real_log "$prog [$flavour]: ${#SOURCES[@]} translation units -> IR ($REAL_JOBS jobs)"
    local s
    for s in "${SOURCES[@]}"; do printf '%s\0' "$s"; done |
        RB_SRC_DIR=$SRC_DIR RB_OUT=$out RB_CLANG=$CLANG RB_CLANGXX=$CLANGXX \
        RB_FLAGS="${fflags[*]} ${CFLAGS_EXTRA[*]}" \
        xargs -0 -n 1 -P "$REAL_JOBS" bash -c "$(declare -f real_compile_tu); real_compile_tu \"\$1\"" _ ||
        die "$prog [$flavour]: compiling to IR failed (see $out/*.log)"
    local -a bcs=()
    for s in "${SOURCES[@]}"; do bcs+=("$out/$(basename "${s%.*}").bc"); done
    "$LLVM_LINK" "${bcs[@]}" -o "$out/prog.bc" || die "$prog [$flavour]: llvm-link failed"
    real_log "$prog [$flavour]: native -O2 and -O0 from prog.bc"
    "$CLANGXX" -O2 "$out/prog.bc" -o "$out/native-O2" -pthread "${LIBS[@]}" -lm 2>"$out/native-O2.log" ||
        die "$prog [$flavour]: native -O2 link failed (see $out/native-O2.log)"
    "$CLANGXX" -O0 "$out/prog.bc" -o "$out/native-O0" -pthread "${LIBS[@]}" -lm 2>"$out/native-O0.log" ||
        die "$prog [$flavour]: native -O0 link failed (see $out/native-O0.log)"
    echo "$stamp" >"$out/stamp"
}

# real_compile_tu SOURCE: one translation unit to $RB_OUT/NAME.bc (run by xargs in a fresh bash: RB_* environment).
real_compile_tu() {
    local src=$1 cc=$RB_CLANG name
    [[ $src == *.cpp ]] && cc=$RB_CLANGXX
    name=$(basename "${src%.*}")
    # shellcheck disable=SC2086  # RB_FLAGS is a word list
    (cd "$RB_SRC_DIR" && nice -n 10 "$cc" $RB_FLAGS -w -g0 -emit-llvm -c "$src" -o "$RB_OUT/$name.bc") \
        >"$RB_OUT/$name.log" 2>&1 || { echo "failed: $src (see $RB_OUT/$name.log)" >&2; return 255; }
}

# ---------------------------------------------------------------------------------------------------------------------
# Workloads: per size (bench: 1-5 s natively at -O2; ci: well under a second), the inputs and the command line
# ---------------------------------------------------------------------------------------------------------------------

declare -A REAL_SCALE=(
    [sqlite3.bench]=300000 [sqlite3.ci]=3000
    [lua.bench]=150 [lua.ci]=6
    [text.bench]=4 [text.ci]=0
)

# real_data SIZE: makes $REAL/data/SIZE (the SQL script, the compressors' text input and its .bz2) if missing.
# The text is C source, sqlite3's amalgamation and shell (9.4 MB): REAL_SCALE[text.SIZE] copies of it, or with 0
# the first 400 kB of it. Real, varied, deterministic.
real_data() {
    local size=$1 d=$REAL/data/$1
    local scale="sqlite3=${REAL_SCALE[sqlite3.$size]} text=${REAL_SCALE[text.$size]}"
    [[ -f $d/done && $(<"$d/done") == "$scale" ]] && return 0
    mkdir -p "$d"
    real_fetch ${REAL_PACKAGE[sqlite3]} ${REAL_PACKAGE[bzip2]}
    sed "s/ROWS/${REAL_SCALE[sqlite3.$size]}/" "$REAL_WORKLOADS/sqlite.sql" >"$d/workload.sql"
    local -a SOURCES=() CFLAGS_EXTRA=() LIBS=()
    local SRC_DIR= copies=${REAL_SCALE[text.$size]} i
    recipe_sqlite3
    if ((copies == 0)); then head -c 400000 "$SRC_DIR/sqlite3.c" >"$d/text"
    else for ((i = 0; i < copies; i++)); do cat "$SRC_DIR/sqlite3.c" "$SRC_DIR/shell.c"; done >"$d/text"; fi
    real_build bzip2 O0-nooptnone
    "$REAL/O0-nooptnone/bzip2/native-O2" -9 -c <"$d/text" >"$d/text.bz2" || die "cannot make $d/text.bz2"
    echo "$scale" >"$d/done"
}

# case_setup CASE SIZE: sets CASE_PROG, CASE_ARGS (the program's arguments) and CASE_STDIN (a file) for a case.
case_setup() {
    local case=$1 size=$2 d=$REAL/data/$2
    CASE_PROG=${REAL_CASE_PROGRAM[$case]}
    CASE_STDIN=/dev/null
    case $case in
        sqlite3) CASE_ARGS=(); CASE_STDIN=$d/workload.sql ;;
        lua) CASE_ARGS=("$REAL_WORKLOADS/bench.lua" "${REAL_SCALE[lua.$size]}") ;;
        bzip2-compress|pbzip2-compress) CASE_ARGS=(-9 -c); CASE_STDIN=$d/text ;;
        bzip2-decompress|pbzip2-decompress) CASE_ARGS=(-d -c); CASE_STDIN=$d/text.bz2 ;;
        *) die "unknown case '$case'" ;;
    esac
    [[ $CASE_PROG == pbzip2 ]] && CASE_ARGS=(-p2 "${CASE_ARGS[@]}")
    return 0
}
