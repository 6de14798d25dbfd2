#!/usr/bin/env bash
# hotjit-run's persistent code and profile cache: a second run links the code the first one stored (tier 0,
# optimized functions at their first call, OSR continuations) and prints the same; a corrupt, truncated or misplaced
# entry is rejected and replaced; a changed module or option never hits; processes racing on one directory; the size
# limit; the default directory and one that cannot be used.
# Usage: scripts/test-cache.sh PATH/TO/hotjit-run
set -u
jit=$(readlink -f "${1:?usage: $0 PATH/TO/hotjit-run}")
# shellcheck source=scripts/lib/checks.sh
source "$(dirname "$0")/lib/checks.sh"   # ok, bad, checks_summary
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
unset XDG_CACHE_HOME
export CORPUS_MARKER=hotjit-corpus
flags=(--threshold=2 --backedge-threshold=100 --sync-tierup)

# Programs: corpus programs with loops, many functions and calls through pointers, as IR and native.
programs=(osr_loops many_functions dispatch_table linked_list_tree)
for p in "${programs[@]}"; do
    clang-22 -O0 -Xclang -disable-O0-optnone -pthread -S -emit-llvm "$root/Tests/corpus/$p.c" -o "$p.ll" \
        && clang-22 "$p.ll" -o "$p.native" -pthread -lm \
        || { bad "cannot build $p"; checks_summary cache; exit 1; }
    ./"$p.native" alpha beta > "$p.expected" </dev/null; echo $? > "$p.rc"
done

# json_field FILE KEY: the number after "KEY": in FILE (the cache object of --stats-json).
json_field() { grep -o "\"$2\": [0-9]*" "$1" | head -n 1 | grep -o '[0-9]*$'; }

# run DIR PROGRAM NAME [flags...]: runs PROGRAM on the cache in DIR, its stats in NAME.json; fails unless the
# output is the native one.
run() {
    local dir=$1 p=$2 name=$3; shift 3
    "$jit" --cache-dir="$dir" "${flags[@]}" "$@" --stats-json="$name.json" "$p.ll" -- alpha beta \
        > "$name.out" 2> "$name.err" </dev/null
    local rc=$?
    [[ $rc == "$(cat "$p.rc" 2>/dev/null || echo 0)" ]] && cmp -s "$name.out" "$p.expected" && return 0
    bad "$name: exit $rc or output differs from native ($(tail -n 2 "$name.err" | tr '\n' ' '))"
    return 1
}

# 1. A second run links what the first stored, and prints the same.
all=1
for p in "${programs[@]}"; do
    run c1 "$p" "$p.fill" && run c1 "$p" "$p.hit" || { all=0; continue; }
    hits=$(( $(json_field "$p.hit.json" tier0_hits) + $(json_field "$p.hit.json" optimized_hits) ))
    started=$(json_field "$p.hit.json" started_optimized)
    if ((hits == 0 || started == 0)) || [[ $(json_field "$p.fill.json" optimized_hits) != 0 ]]; then
        bad "$p: second run: $hits hits, $started functions started optimized (first run: $(json_field \
            "$p.fill.json" optimized_hits) optimized hits)"; all=0
    fi
done
((all)) && ok "second runs link the first runs' code (tier 0, optimized at first call) and print the same"
osr=$(json_field osr_loops.hit.json optimized_misses)
[[ $osr == 0 ]] && ok "osr_loops: the second run's optimized versions and OSR continuations all hit" \
    || bad "osr_loops: second run had $osr optimized misses"

# 2. Damaged entries: truncated, a flipped byte, one entry under another's name, a profile of garbage.
mapfile -t entries < <(find c1/objects -type f | sort)
if ((${#entries[@]} >= 4)); then
    truncate -s $(( $(stat -c %s "${entries[0]}") / 2 )) "${entries[0]}"
    size=$(stat -c %s "${entries[1]}")
    printf '\xff' | dd of="${entries[1]}" bs=1 seek=$((size / 2)) conv=notrunc status=none
    cp "${entries[2]}" "${entries[3]}"
    for f in c1/profiles/*; do head -c 100 /dev/urandom > "$f"; done
    all=1; rejected=0
    for p in "${programs[@]}"; do
        run c1 "$p" "$p.damaged" || all=0
        rejected=$((rejected + $(json_field "$p.damaged.json" rejected)))
    done
    ((all && rejected >= 3)) && ok "damaged entries: $rejected rejected, every program prints the same" \
        || bad "damaged entries: $rejected rejected (want >= 3)"
    all=1
    for p in "${programs[@]}"; do
        run c1 "$p" "$p.again" && [[ $(json_field "$p.again.json" rejected) == 0 ]] || all=0
    done
    ((all)) && ok "rejected entries were replaced: the next runs reject none" || bad "rejected entries stayed"
else
    bad "the first runs stored ${#entries[@]} entries (want >= 4)"
fi

# 2b. An entry that reads well but does not link (its object names a program that does not exist; its checksum made
#     anew) is compiled afresh, not a failed first call.
python3 - c1/objects <<'PY'
import hashlib, os, sys
changed = 0
for folder, _, files in os.walk(sys.argv[1]):
    for name in files:
        path = os.path.join(folder, name)
        data = open(path, "rb").read()
        body = data[:-32].replace(b"__hotjit.stub.p0.", b"__hotjit.stub.p9.")
        if body != data[:-32]:
            open(path, "wb").write(body + hashlib.sha256(body).digest())
            changed += 1
print(changed, file=open("relinked.count", "w"))
PY
all=1
for p in "${programs[@]}"; do run c1 "$p" "$p.unlinkable" || all=0; done
((all && $(cat relinked.count) > 0)) && ok "entries that do not link ($(cat relinked.count)) are compiled afresh" \
    || bad "entries that do not link: $(cat relinked.count) changed"

# 3. A changed module never hits: a function's constant changes, the output follows.
cat > stale.c <<'EOF'
#include <stdio.h>
int scale(int x) { return x * 3; }
int main(void) {
    long sum = 0;
    for (int i = 0; i < 1000; i++) sum += scale(i);
    printf("%ld\n", sum);
    return 0;
}
EOF
clang-22 -O0 -Xclang -disable-O0-optnone -S -emit-llvm stale.c -o stale.ll
"$jit" --cache-dir=c2 "${flags[@]}" stale.ll > stale.first </dev/null   # fills the cache
sed -i 's/\(mul nsw i32 %[0-9a-z]*\), 3$/\1, 5/' stale.ll
clang-22 stale.ll -o stale.native && ./stale.native > stale.expected
if grep -q '^2497500$' stale.expected && run c2 stale stale.changed; then
    ok "a changed function is compiled again (output $(cat stale.changed.out))"
else
    bad "changed module: expected 2497500, native printed $(cat stale.expected), hotjit $(cat stale.changed.out)"
fi

# 4. A changed option that changes code never hits.
run c1 osr_loops osr.level2 --opt-level=2 && run c1 osr_loops osr.level2b --opt-level=2
h1=$(json_field osr.level2.json optimized_hits); h2=$(json_field osr.level2b.json optimized_hits)
[[ $h1 == 0 && $h2 -gt 0 ]] && ok "--opt-level=2 misses what -O3 stored, then hits its own" \
    || bad "--opt-level=2: $h1 hits on the -O3 cache (want 0), $h2 on its own (want > 0)"

# 5. Processes racing on one directory.
pids=()
for i in 1 2 3 4 5 6; do
    p=${programs[$((i % ${#programs[@]}))]}
    ( run c3 "$p" "race$i" ) & pids+=($!)
done
all=1
for pid in "${pids[@]}"; do wait "$pid" || all=0; done
for p in "${programs[@]}"; do run c3 "$p" "$p.after-race" && [[ $(json_field "$p.after-race.json" rejected) == 0 ]] \
    || all=0; done
((all)) && ok "6 processes on one cache at once print the same; afterwards every entry reads back" \
    || bad "processes racing on one cache"

# 6. The size limit: entries past it are removed, least recently used first.
for f in "$root"/Tests/corpus/*.c; do
    n=$(basename "$f" .c)
    clang-22 -O0 -Xclang -disable-O0-optnone -pthread -S -emit-llvm "$f" -o "limit-$n.ll" 2>/dev/null || continue
    timeout 20 "$jit" --cache-dir=c4 --cache-size=1 "${flags[@]}" "limit-$n.ll" -- alpha beta \
        >/dev/null 2>&1 </dev/null
done
total=$(find c4 -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
((total > 0 && total <= 1048576)) && ok "--cache-size=1 keeps the directory at $total bytes (<= 1 MiB)" \
    || bad "--cache-size=1: the directory holds $total bytes"

# 7. The profile also keeps tier-ups that were asked for and never finished (here declined by --count-only): the
#    next run queues them at the functions' first calls.
run c5 osr_loops hot.first --count-only && run c5 osr_loops hot.next
profiled=$(grep -c '"tierup_trigger": "profile"' hot.next.json)
[[ $profiled -gt 0 && $(json_field hot.next.json started_optimized) == 0 ]] \
    && ok "tier-ups the last run did not finish are queued at first call ($profiled functions)" \
    || bad "hot profile: $profiled functions queued from the profile"

# 8. Default directory, one that cannot be used, --no-cache.
HOME=$work/home "$jit" "${flags[@]}" stale.ll > home.out 2>&1 </dev/null
[[ $(cat home.out) == 2497500 && -d home/.cache/hotjit/objects ]] && ok "default directory: \$HOME/.cache/hotjit" \
    || bad "default directory: $(cat home.out)"
XDG_CACHE_HOME=$work/xdg "$jit" stale.ll > xdg.out 2>&1 </dev/null
[[ $(cat xdg.out) == 2497500 && -d xdg/hotjit/objects ]] && ok "default directory: \$XDG_CACHE_HOME/hotjit" \
    || bad "XDG_CACHE_HOME: $(cat xdg.out)"
touch afile
XDG_CACHE_HOME=$work/afile "$jit" stale.ll > unusable.out 2> unusable.err </dev/null; rc=$?
[[ $rc == 0 && $(cat unusable.out) == 2497500 && $(wc -l < unusable.err) == 1 ]] \
    && grep -q "running without the cache" unusable.err \
    && ok "an unusable default directory: one warning, the program runs ($(cat unusable.err))" \
    || bad "unusable default directory: exit $rc, $(cat unusable.err)"
"$jit" --cache-dir=afile/sub stale.ll > named.out 2> named.err </dev/null; rc=$?
[[ $rc == 1 && ! -s named.out ]] && grep -q "afile/sub" named.err \
    && ok "an unusable --cache-dir: exit 1 ($(cat named.err))" || bad "unusable --cache-dir: exit $rc, $(cat named.err)"
HOME=$work/home2 "$jit" --no-cache stale.ll > nocache.out 2>&1 </dev/null
[[ $(cat nocache.out) == 2497500 && ! -e home2 ]] && ok "--no-cache writes nothing" || bad "--no-cache"

checks_summary cache
