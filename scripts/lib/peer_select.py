#!/usr/bin/env python3
"""Selects the execution tests of GCC's testsuite that scripts/peer-suites.sh runs, and the clang flags of each.

usage: peer_select.py TESTSUITE_DIR FLAVOUR=GCC_OPT...   (e.g. O0=-O0 O2-nopasses=-O2)

Reads gcc.c-torture/execute (and its ieee/ folder), gcc.dg/torture and g++.dg/torture under TESTSUITE_DIR (GCC's
gcc/testsuite) and prints one tab-separated line per test and flavour:

    ID  FLAVOUR  LANG  FLAGS  SKIP

ID is the test's path below TESTSUITE_DIR, LANG `c` or `c++`, FLAGS the test's own clang flags (space separated, `-`
for none), SKIP `-` or the reason the test does not apply to x86-64 Linux with clang in this flavour. Tests that do
not run at all (gcc.dg `dg-do compile`/`link`, the compile-only targets of `dg-do run { target ... }`) are not
printed. The directives are read as GCC's DejaGnu harness reads them, for the target x86_64-pc-linux-gnu (lp64):

- `dg-options` / `dg-additional-options` / `dg-add-options`: their flags, if their target selector holds; flags that
  only steer GCC's own optimizers (-O*, -ftree-*, -fipa-*, --param ...) and warning flags are dropped, since the
  flavour decides optimization and every test is compiled with -w. ieee/ tests get the harness's -fno-inline and the
  `lappend additional_flags` of their .x file.
- `dg-skip-if "why" {targets} {include-opts} {exclude-opts}`: skips when the targets hold and the flavour's GCC
  optimization option (FLAVOUR=GCC_OPT) is among include-opts (default all) and not among exclude-opts.
- `dg-require-effective-target X`: X holds unless it is in NOT_HERE (other targets, LTO, OpenMP, ...). Everything
  GCC supports on x86-64 is assumed, and clang's own errors decide (the runner skips what clang rejects).
- `dg-require-stack-size`: the stack is not limited here, as in GCC's default x86-64 board; no-op.
- `dg-additional-sources` (several files) and a .x file that returns 1 at its top level: skipped.
- `dg-final`, `dg-output`, `dg-warning`, `dg-prune-output`, `dg-xfail-*`: ignored (the criterion is the native run).
"""
import fnmatch
import os
import re
import sys

TRIPLET = "x86_64-pc-linux-gnu"
# Effective targets that do not hold for x86-64 Linux with clang and these flavours (everything else does).
NOT_HERE = {
    "freestanding", "ia32", "ilp32", "x32", "int16", "avr", "stack_size", "newlib_nano_io", "vxworks_kernel",
    "coldfire_fpu", "ti_c67x", "float128x", "float128x_runtime", "lto", "fopenmp", "run_expensive_tests",
    "simulator", "nvptx", "vmx_hw", "powerpc_altivec_ok", "arm_neon_ok", "arm_fp16_ok", "arm_fp16_alternative_ok",
    "fno_fat_lto_objects",
}
DIRECTIVE = re.compile(r"\{\s*(dg-[a-z-]+)\s*(.*?)\}\s*(?:\*/|$)", re.S)
GCC_ONLY_FLAG = re.compile(
    r"^(-O.*|-g.*|-W.*|-pedantic.*|--param.*|-fdump-.*|-fdisable-.*|-fenable-.*|-f(no-)?(tree-|ipa-|ipa$|gcse|schedule|"
    r"modulo-sched|ivopts|dce|web|tracer|rename-registers|predictive-commoning|expensive-optimizations|"
    r"unswitch-loops|loop-|ira-|early-inlining|toplevel-reorder|fp-int-builtin-inexact|whole-program|lto|"
    r"optimize-|vect-cost-model|allow-store-data-races|peel-loops|split-|thread-jumps|cse-|inline-functions|"
    r"inline-small|fat-lto|sched|sel-sched|selective-|reorder-|guess-|var-tracking|move-loop|isolate-|"
    r"code-hoisting|store-merging|version-loops|prefetch-|float-store|caller-saves|crossjumping|combine-|"
    r"ssa-|forward-propagate|delete-null|aggressive-loop|partial-inlining|devirtualize|shrink-wrap|"
    r"stack-reuse|trapping-math-|signaling-nans|indirect-inlining|printf-return-value|"
    r"strict-volatile-bitfields|ree|cprop|hoist|if-conversion|branch-|unroll-all|unroll-loops|peephole|"
    r"auto-inc-dec|dse|cx-).*|-mtune=.*|-march=.*|-mstringop-strategy=.*|-minline-all-stringops|-mno-stv|-mpc64|"
    r"-mfp16-format=.*|-mabi=.*|-maltivec|-mno-eabi|-mcheck-zero-division|-Wl,.*|-fcheck-new)$")


def tokens(text):
    """The words of a Tcl-ish list: braces and quotes group, `{`/`}` are tokens of their own."""
    return re.findall(r'"[^"]*"|\{|\}|[^\s{}"]+', text)


def parse_groups(toks):
    """Nested lists from a token list: `{ a { b } }` -> ['a', ['b']]; quoted words lose their quotes."""
    out, stack = [], []
    for t in toks:
        if t == "{":
            stack.append(out)
            out = []
        elif t == "}":
            if not stack:
                break
            inner, out = out, stack.pop()
            out.append(inner)
        else:
            out.append(t[1:-1] if t.startswith('"') else t)
    while stack:
        inner, out = out, stack.pop()
        out.append(inner)
    return out


def target_holds(sel):
    """A DejaGnu target selector (list of triplet globs and effective targets, ! && || and braces) for this host."""
    items = list(sel)

    def atom(i):
        item = items[i]
        if item == "!":
            value, j = atom(i + 1)
            return not value, j
        if isinstance(item, list):
            return target_holds(item), i + 1
        if "-" in item and "*" in item or item.count("-") >= 2:
            return fnmatch.fnmatch(TRIPLET, item), i + 1
        return item not in NOT_HERE, i + 1

    def expr(i):
        value, i = atom(i)
        while i < len(items):
            if items[i] == "&&":
                rhs, i = atom(i + 1)
                value = value and rhs
            elif items[i] == "||":
                rhs, i = atom(i + 1)
                value = value or rhs
            else:          # a plain list of globs: any one matching is enough
                rhs, i = atom(i)
                value = value or rhs
        return value

    return expr(0) if items else True


def selector_holds(rest):
    """For directives with an optional trailing `{ target SEL }`: whether it applies here."""
    for g in rest:
        if isinstance(g, list) and g and g[0] == "target":
            return target_holds(g[1:] if len(g) > 2 else (g[1] if isinstance(g[1], list) else [g[1]]))
    return True


def opts_match(patterns, gcc_opt):
    pats = patterns if isinstance(patterns, list) else [patterns]
    return any(p == "*" or fnmatch.fnmatch(gcc_opt, p) for p in pats if p != "")


def flags_of(words):
    out = []
    for w in (words if isinstance(words, list) else [words]):
        for f in (w.split() if isinstance(w, str) else []):
            if not GCC_ONLY_FLAG.match(f):
                out.append(f)
    return out


def read_test(path, default_run, extra_flags):
    """(flags, skip reason or None, skip-if list) for a test file, or None if it is not an execution test here."""
    text = open(path, encoding="latin-1").read()
    run = default_run
    flags = list(extra_flags)
    reason = None
    skip_ifs = []
    for m in DIRECTIVE.finditer(text):
        name, args = m.group(1), parse_groups(tokens(m.group(2)))
        if name == "dg-do":
            if not args:
                continue
            run = args[0] == "run" and selector_holds(args[1:])
        elif name in ("dg-options", "dg-additional-options"):
            if args and selector_holds(args[1:]):
                flags += flags_of(args[0])
        elif name == "dg-require-effective-target":
            if args and isinstance(args[0], str) and selector_holds(args[1:]) and args[0] in NOT_HERE:
                reason = reason or f"requires effective target {args[0]} (not x86-64 Linux/clang)"
        elif name == "dg-skip-if":
            if len(args) >= 2:
                skip_ifs.append(args)
        elif name == "dg-additional-sources":
            reason = reason or "several source files (dg-additional-sources)"
    if not run:
        return None
    x = os.path.splitext(path)[0] + ".x"
    if os.path.exists(x):
        for line in open(x, encoding="latin-1"):
            if line.startswith("lappend additional_flags"):
                flags += flags_of(" ".join(re.findall(r'"([^"]*)"', line)))
            elif line.startswith("return 1"):
                reason = reason or f"{os.path.basename(x)} returns 1 (not for this target)"
    return flags, reason, skip_ifs


def skip_if_reason(skip_ifs, gcc_opt):
    for args in skip_ifs:
        why, sel = args[0], args[1]
        inc = args[2] if len(args) > 2 else "*"
        exc = args[3] if len(args) > 3 else ""
        if target_holds(sel if isinstance(sel, list) else [sel]) and opts_match(inc, gcc_opt) and \
                not opts_match(exc, gcc_opt):
            return f"dg-skip-if at {gcc_opt}: {why or 'no reason given'}"
    return None


def main():
    root = sys.argv[1]
    flavours = [a.split("=", 1) for a in sys.argv[2:]]
    suites = [  # folder, glob suffixes, default dg-do is run, language, harness flags
        ("gcc.c-torture/execute", (".c",), True, "c", []),
        ("gcc.c-torture/execute/ieee", (".c",), True, "c", ["-fno-inline"]),
        ("gcc.dg/torture", (".c",), False, "c", []),
        ("g++.dg/torture", (".C",), False, "c++", []),
    ]
    for folder, exts, default_run, lang, harness in suites:
        d = os.path.join(root, folder)
        for f in sorted(os.listdir(d)):
            if not f.endswith(exts):
                continue
            path = os.path.join(d, f)
            test = read_test(path, default_run, harness)
            if test is None:
                continue
            flags, reason, skip_ifs = test
            for flavour, gcc_opt in flavours:
                why = reason or skip_if_reason(skip_ifs, gcc_opt) or "-"
                print(f"{folder}/{f}\t{flavour}\t{lang}\t{' '.join(flags) or '-'}\t{why}")


if __name__ == "__main__":
    main()
