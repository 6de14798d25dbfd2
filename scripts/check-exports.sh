#!/usr/bin/env bash
# libhotjit.so's dynamic symbols are the functions include/hotjit.h declares, no more and no fewer (issue 16): no Swift
# runtime, no Swift code, none of hotjit's internal C (hotjit_support_*, hotjit_gdb_jit_*, the crash handler).
# GDB's JIT interface pair (__jit_debug_register_code, __jit_debug_descriptor) may be exported too: gdb finds them by
# name. Also checks that the version script (Sources/HotJIT/hotjit.exports) lists exactly the header's functions.
# Usage: scripts/check-exports.sh PATH/TO/libhotjit.so
set -u
lib=${1:?usage: $0 PATH/TO/libhotjit.so}
# shellcheck source=scripts/lib/checks.sh
source "$(dirname "$0")/lib/checks.sh"   # ok, bad, checks_summary
# The header's function declarations: names followed by `(` (or `)(`, for the one declared as `(name)(...)` beside
# its macro), not after `(*` (function pointer typedefs). Preprocessed, so comments and macros are gone.
declared=$(clang-22 -E -P "$CHECKS_ROOT/include/hotjit.h" | grep -oP '(?<!\(\*)(?<!\w)hotjit_\w+(?=\)?\s*\()' | sort -u)
exported=$(nm -D -g --defined-only "$lib" | awk '{print $3}' | sort -u)
listed=$(grep -oE '^ *hotjit_\w+;' "$CHECKS_ROOT/Sources/HotJIT/hotjit.exports" | tr -d ' ;' | sort -u)
allowed=$(printf '%s\n__jit_debug_register_code\n__jit_debug_descriptor\n' "$declared" | sort -u)
extra=$(comm -23 <(echo "$exported") <(echo "$allowed"))
missing=$(comm -13 <(echo "$exported") <(echo "$declared"))
count=$(echo "$exported" | grep -c .)
if [ -z "$extra" ]; then ok "$count exported symbols, each declared in hotjit.h"
else bad "$(echo "$extra" | grep -c .) exported symbols not in hotjit.h, e.g. $(echo "$extra" | head -5 | tr '\n' ' ')"; fi
if [ -z "$missing" ]; then ok "every function hotjit.h declares is exported"
else bad "declared in hotjit.h but not exported: $(echo "$missing" | tr '\n' ' ')"; fi
if [ "$listed" = "$declared" ]; then ok "the version script lists exactly the header's functions"
else bad "version script and header differ: $(diff <(echo "$listed") <(echo "$declared") | grep '^[<>]' | tr '\n' ' ')"
fi
checks_summary exports
