"""The microbenchmarks: stub call cost, lazy first-call latency, tier-up latency and tier-0 compile time (from the
profiles), and the tier-0 counter overhead under callgrind."""
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

from .build import emit_ir, log, sh, stale
from .figures import profile_figures
from .measure import checksum_line
from .programs import BENCH, FLAVOURS, PROGRAMS, ROOT


def callgrind_ir(cmd, cwd=None):
    """Instructions executed by cmd (every thread) and its standard output. Without address-space randomization and
    with Swift's per-process hash seed fixed, the stack and heap layouts repeat from run to run: libc's string
    functions take alignment-dependent paths, and hashtable's two-size difference varied by up to 5% between runs."""
    norandom = ["setarch", "-R"] if shutil.which("setarch") else []
    result = subprocess.run([*norandom, "valgrind", "--tool=callgrind", "--smc-check=all",
                             "--callgrind-out-file=/dev/null", *cmd], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=cwd, timeout=1800, env=dict(os.environ, SWIFT_DETERMINISTIC_HASHING="1"))
    match = re.search(r"Collected\s*:\s*(\d+)", result.stderr)
    if result.returncode != 0 or not match:
        raise RuntimeError(f"callgrind failed: {' '.join(cmd)}\n{result.stderr[-2000:]}")
    return int(match.group(1)), result.stdout


def micro(opts, tools, work, profiles):
    out = {}
    try:
        micro_parts(opts, tools, work, profiles, out)
    except (RuntimeError, OSError, subprocess.SubprocessError, ValueError) as error:
        log(f"micro: failed: {error}")
        out["error"] = str(error).splitlines()[0][:300]
    return out


def host(tools, work, name, libdir, exe=None):
    """Builds the C host bench/micro/NAME.c against the libhotjit.so in libdir."""
    exe = exe or os.path.join(work, name)
    sh([tools["clang"], "-O2", f"-I{os.path.join(ROOT, 'include')}", os.path.join(BENCH, "micro", name + ".c"),
        f"-L{libdir}", "-lhotjit", f"-Wl,-rpath,{libdir}", "-o", exe])
    return exe


def micro_parts(opts, tools, work, profiles, out):
    libdir = os.path.dirname(os.path.abspath(opts.jit))
    if not os.path.exists(os.path.join(libdir, "libhotjit.so")):
        log(f"micro: no libhotjit.so beside {opts.jit}; skipping the C-host microbenchmarks")
        return
    stub_call(opts, tools, work, libdir, out)
    first_call(opts, tools, work, host(tools, work, "firstcall", libdir), out)
    many_modules(opts, tools, work, host(tools, work, "manymodules", libdir), out)
    # 3. Tier-up latency and tier-0 compile time: from the --stats-json profiles (see figures.profile_figures).
    profile_figures(profiles, out)
    # 4. Tier-0 counter overhead under callgrind (see counter_overhead).
    if not opts.quick and shutil.which("valgrind"):
        log("[micro] counter overhead (callgrind)")
        out["counter_overhead"] = counter_overhead(opts, tools, work, PROGRAMS)


def stub_call(opts, tools, work, libdir, out):
    """1. Stub call against direct and plain indirect calls."""
    exe = host(tools, work, "stubcall", libdir)
    log("[micro] stub call")
    n, reps = (1_000_000, 1) if opts.quick else (50_000_000, 7)
    text = sh([exe, "time", str(n), str(reps)])
    out["call_ns"] = {line.split()[0]: float(line.split()[1]) for line in text.splitlines() if line.strip()}
    if opts.quick or not shutil.which("valgrind"):
        return
    # valgrind 3.19 cannot read the DWARF 5 of libhotjit.so: count with a debug-stripped copy.
    vgdir = os.path.join(work, "stripped")
    os.makedirs(vgdir, exist_ok=True)
    shutil.copy(os.path.join(libdir, "libhotjit.so"), vgdir)
    sh(["strip", "--strip-debug", os.path.join(vgdir, "libhotjit.so")])
    vghost = host(tools, work, "stubcall", vgdir, os.path.join(work, "stubcall-vg"))
    per_call = {}
    for mode in ("direct", "indirect", "stub", "stub2"):
        a, _ = callgrind_ir([vghost, "count", mode, "1000000"])
        b, _ = callgrind_ir([vghost, "count", mode, "3000000"])
        per_call[mode] = (b - a) / 2_000_000
    out["call_instructions"] = per_call


def first_call(opts, tools, work, exe, out):
    """2. Lazy first-call latency, small and large functions."""
    log("[micro] first call")
    count = 3 if opts.quick else 20
    src = os.path.join(work, "firstcall-module.c")
    with open(src, "w") as f:
        subprocess.run([sys.executable, os.path.join(BENCH, "micro", "gen-firstcall.py"), str(count)], stdout=f,
                       check=True)
    module = os.path.join(work, "firstcall-module.ll")
    sh([tools["clang"], "-O0", "-S", "-emit-llvm", src, "-o", module])
    rows = {}
    for line in sh([exe, module, str(count)]).splitlines():
        kind, first, second = line.split()
        rows.setdefault(kind, []).append((float(first), float(second)))
    out["first_call_us"] = {k: {"median": statistics.median(r[0] for r in v), "max": max(r[0] for r in v),
                                "second_median": statistics.median(r[1] for r in v), "n": len(v)}
                            for k, v in rows.items()}
    out["first_call_ir_instructions"] = function_lines(module)


def many_modules(opts, tools, work, exe, out):
    """Many one-function modules in one engine: add cost per batch of 1,000, memory mappings and RSS as they grow;
    once adding only, once also first-calling each module's function."""
    log("[micro] many modules")
    figures = {}
    for mode, count in (("add", 2_000 if opts.quick else 100_000), ("call", 1_000 if opts.quick else 20_000)):
        rows = [line.split() for line in sh([exe, str(count)] + (["call"] if mode == "call" else [])).splitlines()]
        start = next(r for r in rows if r[:2] == ["batch", "0"])
        batches = [r for r in rows if r[0] == "batch" and r[1] != "0"]
        first, last = batches[0], batches[-1]
        # The first batch pays the engine's warm-up: compare the second with the last.
        second = batches[1] if len(batches) > 1 else first
        figures[mode] = {
            "modules": count,
            "add_ms_second_1000": float(second[2]), "add_ms_last_1000": float(last[2]),
            "call_ms_second_1000": float(second[3]), "call_ms_last_1000": float(last[3]),
            "maps_start": int(start[4]), "maps_first_1000": int(first[4]), "maps_end": int(last[4]),
            "rss_kib_per_module": (int(last[5]) - int(first[5])) / (count - 1000) if count > 1000 else None,
        }
    out["many_modules"] = figures


def function_lines(module):
    """IR lines of the first small and the first large function of the first-call module."""
    ir_lines = {}
    with open(module) as f:
        current = None
        for line in f:
            m = re.match(r"define .*@(small|large)_0\(", line)
            if m:
                current = m.group(1)
                ir_lines[current] = 0
            elif current and line.startswith("}"):
                current = None
            elif current and line.startswith("  "):
                ir_lines[current] += 1
    return ir_lines


OVERHEAD_MODES = {"plain": ["--no-tierup"], "counting": ["--threshold=1000000000", "--backedge-threshold=1000000000"],
                  "declined": ["--count-only"]}


def counter_overhead(opts, tools, work, selected):
    """Tier-0 counter overhead of every compute program in selected: callgrind instructions of instrumented tier 0
    against plain tier 0 (--no-tierup), each the difference between the program's two overhead_sizes, which cancels the
    (deterministic) start-up and compile work and leaves the program's own instructions. Two instrumented modes:
    "counting" never reaches a threshold (--threshold=10⁹ --backedge-threshold=10⁹), so every call and back-edge of the
    run is counted: the cost per counted event; "declined" counts with the default thresholds and declines every
    recompile (--count-only): what counting costs a program that stays at tier 0 (a call-counting thunk stops counting
    once its function's trigger has fired; loop counters count on). All modes must print the same output. One run at
    a time: each takes up to ~20-30 s."""
    # valgrind 3.19 cannot read the DWARF 5 of the Swift binary: count with a debug-stripped copy.
    stripped = os.path.join(work, "hotjit-run.stripped")
    shutil.copy(opts.jit, stripped)
    sh(["strip", "--strip-debug", stripped])
    overhead = {}
    for program in selected:
        if program.kind != "compute":
            continue
        if program.overhead_sizes is None:
            raise RuntimeError(f"counter overhead: no overhead_sizes for {program.name}")
        overhead[program.name] = program_overhead(tools, work, stripped, program)
    return overhead


def program_overhead(tools, work, stripped, program):
    flavour = FLAVOURS[0]
    name, sizes = program.name, program.overhead_sizes
    source = program.source_path(work)
    ll = os.path.join(work, f"{name}.{flavour.name}.ll")
    if stale([ll], source):  # only the IR: no need for build()'s native and opt -O2 builds here
        emit_ir(source, flavour.flags, ll, tools)
    runs, slowest = {}, 0.0
    for size in sizes:
        for mode, args in OVERHEAD_MODES.items():
            run_started = time.time()
            runs[mode, size] = callgrind_ir([stripped, "--no-cache", *args, ll, "--", size])
            slowest = max(slowest, time.time() - run_started)
    for size in sizes:
        plain_out = runs["plain", size][1]
        for mode in ("counting", "declined"):
            if runs[mode, size][1] != plain_out:
                raise RuntimeError(f"counter overhead: {name} {size}: {mode} tier 0 printed "
                                   f"{checksum_line(runs[mode, size][1])!r}, plain tier 0 {checksum_line(plain_out)!r}")
    p, c, d = (runs[mode, sizes[1]][0] - runs[mode, sizes[0]][0] for mode in OVERHEAD_MODES)
    # The share of the large run that the difference is, and the slowest run: what to watch when tuning sizes.
    log(f"  {name}: plain {p:,} counting {c:,} ({100 * (c / p - 1):+.1f}%) declined {d:,} ({100 * (d / p - 1):+.1f}%)"
        f" (difference {p / runs['plain', sizes[1]][0]:.0%} of the large run; slowest run {slowest:.0f} s)")
    return {"plain": p, "counting": c, "declined": d, "overhead": c / p - 1, "overhead_declined": d / p - 1,
            "sizes": list(sizes)}
