#!/usr/bin/env python3
"""hotjit benchmark harness (run it through scripts/bench.sh; bench/README.md documents it).

For every program in bench/programs and both IR flavours, builds the IR once and runs, alternating the modes within
each round: hotjit-run (default tiering), hotjit-run --no-tierup, lli-22 -jit-kind=orc-lazy -O0, lli-22 -jit-kind=orc
-O2 on opt-22 -O2 output, and the same IR compiled natively by clang-22 -O0 and -O2. Every mode must print the same
output. Medians of N runs (wall time, peak RSS) go to bench/RESULTS.md, bench/results.svg and bench/results.json,
followed by the microbenchmarks. --quick: one run at small sizes, checksums only, writes nothing under bench/."""
import argparse
import datetime
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
PROGRAMS_DIR = os.path.join(BENCH, "programs")

# name, source (None: generated), full-size arguments, quick arguments, kind, description
PROGRAMS = [
    ("calls", "calls.c", ["100000"], ["500"], "compute", "small functions, structs by value (vectors, rationals)"),
    ("fib", "fib.c", ["41"], ["25"], "compute", "recursion: naive Fibonacci, Ackermann, Takeuchi"),
    ("bintrees", "bintrees.c", ["18"], ["10"], "compute", "recursion + malloc/free: binary trees"),
    ("hotloop", "hotloop.c", ["110"], ["1"], "compute", "one hot loop in main only (needs OSR to get optimized)"),
    ("interp", "interp.c", ["25000"], ["500"], "compute", "bytecode interpreter, switch dispatch"),
    ("hashtable", "hashtable.c", ["2500"], ["20"], "compute", "open-addressing hash table of strings"),
    ("nbody", "nbody.c", ["5500"], ["20"], "compute", "floating point: n-body"),
    ("spectral", "spectral.c", ["2400"], ["100"], "compute", "floating point: spectral norm"),
    ("mandelbrot", "mandelbrot.c", ["720"], ["60"], "compute", "floating point: Mandelbrot set"),
    ("sort", "sort.c", ["1400"], ["10"], "compute", "quicksort, merge sort, qsort with a JIT'd comparator"),
    ("matmul", "matmul.c", ["540"], ["40"], "compute", "matrix multiply (double) and integer matrix power"),
    ("vcalls", "vcalls.cpp", ["900"], ["5"], "compute", "C++: virtual calls, std::vector, std::sort, unique_ptr"),
    ("startup-large", None, [], [], "startup", "start-up: generated module of 5,000 functions, 10 called"),
    ("startup-cmd", "cmdtool.cpp", ["help"], ["help"], "startup", "start-up: C++ text tool (iostream, map) running `help`"),
]

# Tier-0 counter overhead (microbenchmark 4): small and large arguments of every compute program under callgrind.
# Tier 0 under callgrind runs 10-50x slower than natively, so the large size keeps one run within ~20-30 s here; the
# small one is a fifth of the work or less, so that the difference (which cancels start-up and compile work) is most of
# the large run: 70-85%, but about half for vcalls, whose start-up and compile alone take 1.3·10⁹ instructions.
OVERHEAD_SIZES = {
    "calls": ("12000", "60000"), "fib": ("35", "38"), "bintrees": ("14", "16"), "hotloop": ("40", "200"),
    "interp": ("4000", "12000"), "hashtable": ("300", "1500"), "nbody": ("800", "4000"), "spectral": ("700", "1800"),
    "mandelbrot": ("250", "600"), "sort": ("200", "900"), "matmul": ("280", "480"), "vcalls": ("20", "300"),
}

FLAVOURS = [
    ("O2np", ["-O2", "-Xclang", "-disable-llvm-passes"], "clang-22 -O2 -Xclang -disable-llvm-passes"),
    ("O0", ["-O0"], "clang-22 -O0"),
]

MODES = ["hotjit", "hotjit-t0", "lli-lazy-O0", "lli-orc-O2", "native-O0", "native-O2"]
MODE_LABELS = {
    "hotjit": "hotjit-run (default)",
    "hotjit-t0": "hotjit-run --no-tierup",
    "lli-lazy-O0": "lli -jit-kind=orc-lazy -O0",
    "lli-orc-O2": "lli -jit-kind=orc -O2 (opt -O2 IR)",
    "native-O0": "native clang -O0",
    "native-O2": "native clang -O2",
}
MODE_COLOURS = {
    "hotjit": "#d62728", "hotjit-t0": "#ff9896", "lli-lazy-O0": "#1f77b4", "lli-orc-O2": "#9467bd",
    "native-O0": "#7f7f7f", "native-O2": "#2ca02c",
}
RUN_TIMEOUT = 600
SLOW_RUN = 20.0  # a mode whose first run takes longer than this (s) is not repeated (lli -O2 on 5,000 functions)


def log(message):
    print(message, file=sys.stderr, flush=True)


def sh(cmd, **kw):
    """Runs a build command; raises with its output on failure."""
    result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    if result.returncode != 0:
        raise RuntimeError(f"command failed ({result.returncode}): {' '.join(cmd)}\n{result.stdout[-3000:]}")
    return result.stdout


def tool(*names):
    for name in names:
        path = shutil.which(name) or (name if os.path.isabs(name) and os.access(name, os.X_OK) else None)
        if path:
            return path
    raise SystemExit(f"bench: none of {names} found")


def stale(outputs, source):
    return any(not os.path.exists(o) or os.path.getmtime(o) < os.path.getmtime(source) for o in outputs)


def emit_ir(source, flags, ll, tools):
    cc = tools["clang++"] if source.endswith(".cpp") else tools["clang"]
    sh([cc, *flags, "-ffp-contract=off", "-w", "-S", "-emit-llvm", source, "-o", ll])


def build(work, name, source, flavour, flags, tools):
    """IR in one flavour, the same IR compiled natively at -O0 and -O2, and opt -O2 output for lli -O2."""
    is_cpp = source.endswith(".cpp")
    cc = tools["clang++"] if is_cpp else tools["clang"]
    base = os.path.join(work, f"{name}.{flavour}")
    ll = base + ".ll"
    libs = [] if is_cpp else ["-lm"]
    if stale([ll, base + ".native-O0", base + ".native-O2", base + ".opt.bc"], source):
        emit_ir(source, flags, ll, tools)
        sh([cc, "-O0", ll, "-o", base + ".native-O0", *libs])
        sh([cc, "-O2", ll, "-o", base + ".native-O2", *libs])
        sh([tools["opt"], "-O2", ll, "-o", base + ".opt.bc"])
    return base


def commands(base, jit, lli, args):
    ll = base + ".ll"
    return {
        "hotjit": [jit, ll, "--", *args],
        "hotjit-t0": [jit, "--no-tierup", ll, "--", *args],
        "lli-lazy-O0": [lli, "-jit-kind=orc-lazy", "-O0", ll, *args],
        "lli-orc-O2": [lli, "-jit-kind=orc", "-O2", base + ".opt.bc", *args],
        "native-O0": [base + ".native-O0", *args],
        "native-O2": [base + ".native-O2", *args],
    }


def timed_run(cmd, rss_file):
    """Wall seconds, peak RSS in KiB, stdout, exit status."""
    start = time.perf_counter()
    try:
        result = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file, *cmd], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        return RUN_TIMEOUT, 0, "", "timeout", -1
    wall = time.perf_counter() - start
    rss = 0
    try:
        with open(rss_file) as f:
            lines = [l for l in f.read().split("\n") if l.strip().isdigit()]
            rss = int(lines[-1]) if lines else 0
    except OSError:
        pass
    return wall, rss, result.stdout, result.stderr, result.returncode


def checksum_line(out):
    lines = [l for l in out.splitlines() if l.startswith("checksum")]
    return lines[-1] if lines else (out.splitlines()[-1] if out.strip() else "")


def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = f"{kb / 1048576:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": mem, "kernel": platform.release()}


def geomean(values):
    values = [v for v in values if v and v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


# --------------------------------------------------------------------------------------------------------------
# Programs
# --------------------------------------------------------------------------------------------------------------

def build_all(opts, tools, work, selected):
    """Builds every program in every flavour, os.cpu_count() builds at a time."""
    from concurrent.futures import ThreadPoolExecutor
    jobs = []
    for name, source, _, _, _, _ in selected:
        if source is None:
            source = os.path.join(work, "startup-large.c")
            functions = "100" if opts.quick else "5000"  # clang -O2 of 5,000 functions takes ~90 s here
            text = subprocess.run([sys.executable, os.path.join(BENCH, "startup", "generate-large-module.py"),
                                   "--functions", functions, "--called", "10"], stdout=subprocess.PIPE, text=True,
                                  check=True).stdout
            old = open(source).read() if os.path.exists(source) else None
            if old != text:
                with open(source, "w") as f:
                    f.write(text)
        else:
            source = os.path.join(PROGRAMS_DIR, source)
        for flavour, flags, _ in FLAVOURS:
            jobs.append((name, source, flavour, flags))
    # Longest first (the generated module and C++), so the pool finishes together.
    jobs.sort(key=lambda j: (j[0] != "startup-large", not j[1].endswith(".cpp")))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for future in [pool.submit(build, work, n, src, fl, flags, tools) for n, src, fl, flags in jobs]:
            future.result()


def run_programs(opts, tools, work, selected):
    results = {}  # name -> flavour -> mode -> {"wall": [...], "rss": [...]}
    failures, unsupported = [], []
    for name, source, full_args, quick_args, kind, _ in selected:
        args = quick_args if opts.quick else full_args
        if source is None:
            source = os.path.join(work, "startup-large.c")
        else:
            source = os.path.join(PROGRAMS_DIR, source)
        bases = {flavour: os.path.join(work, f"{name}.{flavour}") for flavour, _, _ in FLAVOURS}
        log(f"[{name}] {' '.join(args)}")
        results[name] = {f: {m: {"wall": [], "rss": []} for m in MODES} for f, _, _ in FLAVOURS}
        # The reference output: the native -O0 binary of the first flavour (untimed warm-up run).
        ref_cmd = commands(bases[FLAVOURS[0][0]], opts.jit, tools["lli"], args)["native-O0"]
        _, _, reference, err, status = timed_run(ref_cmd, os.path.join(work, "rss.txt"))
        if status != 0:
            raise SystemExit(f"bench: {name}: the native -O0 reference run failed ({status}): {err[-500:]}")
        for r in range(opts.runs):
            for flavour, _, _ in FLAVOURS:
                cmds = commands(bases[flavour], opts.jit, tools["lli"], args)
                order = MODES[r % len(MODES):] + MODES[:r % len(MODES)]  # rotate the start each round
                for mode in order:
                    previous = results[name][flavour][mode]["wall"]
                    if previous and previous[0] > SLOW_RUN:
                        continue
                    wall, rss, out, err, status = timed_run(cmds[mode], os.path.join(work, "rss.txt"))
                    if status != 0 and mode.startswith("lli") and "JIT session error" in err:
                        # A baseline that cannot run this IR: recorded, shown as n/a, not a harness failure.
                        unsupported.append(f"{name} {flavour} {mode}: {err.strip().splitlines()[0][:200]}")
                        if not opts.quick:
                            log("  n/a  " + unsupported[-1])
                        results[name][flavour][mode]["wall"].append(float("nan"))
                        results[name][flavour][mode]["rss"].append(rss)
                        continue
                    ok = status == 0 and out == reference
                    if not ok:
                        failures.append(f"{name} {flavour} {mode}: exit {status}, printed {checksum_line(out)!r} "
                                        f"expected {checksum_line(reference)!r}; stderr: {err.strip()[-300:]}")
                        log("  FAIL " + failures[-1])
                        wall = float("nan")
                    results[name][flavour][mode]["wall"].append(wall)
                    results[name][flavour][mode]["rss"].append(rss)
                    if not opts.quick:
                        log(f"  {flavour:5} {mode:12} {wall:8.3f} s {rss / 1024:7.1f} MB  {checksum_line(out)[:60]}")
        results[name]["checksum"] = checksum_line(reference)
        results[name]["args"] = args
        results[name]["kind"] = kind
    return results, failures, unsupported


def medians(results):
    table = {}
    for name, data in results.items():
        table[name] = {}
        for flavour, _, _ in FLAVOURS:
            table[name][flavour] = {}
            for mode in MODES:
                walls = [w for w in data[flavour][mode]["wall"] if not math.isnan(w)]
                rss = data[flavour][mode]["rss"]
                table[name][flavour][mode] = {
                    "wall": statistics.median(walls) if walls else float("nan"),
                    "rss_mb": statistics.median(rss) / 1024 if rss else float("nan"),
                }
    return table


# --------------------------------------------------------------------------------------------------------------
# hotjit profile: one extra hotjit run per program with --stats-json (not timed)
# --------------------------------------------------------------------------------------------------------------

def hotjit_profiles(opts, tools, work, selected):
    profiles = {}
    for name, source, full_args, quick_args, kind, _ in selected:
        args = quick_args if opts.quick else full_args
        for flavour in ("O2np",):
            base = os.path.join(work, f"{name}.{flavour}")
            stats = os.path.join(work, f"{name}.{flavour}.stats.json")
            run = subprocess.run([opts.jit, "--verbose", f"--stats-json={stats}", base + ".ll", "--", *args],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=RUN_TIMEOUT)
            # `--verbose` says why an on-stack replacement was declined.
            declined = {}
            for m in re.finditer(r"OSR of (\S+) declined: (?:OSR declined: )?(.*)", run.stderr):
                declined.setdefault(m.group(2).strip(), []).append(m.group(1))
            try:
                with open(stats) as f:
                    data = json.load(f)
            except (OSError, ValueError):
                continue
            funcs = data.get("functions", [])
            t0 = [f for f in funcs if "t0" in (f.get("compile_ms") or {})]
            t1 = [f for f in funcs if "t1" in (f.get("compile_ms") or {})]
            latencies = [f["tierup_latency_ms"] for f in funcs if f.get("tierup_latency_ms") is not None]
            # The function with the most back-edges entered once at tier 0 (later calls, at tier 1, are not
            # counted): its first invocation is the shape on-stack replacement would help.
            loopers = sorted((f for f in funcs if f.get("calls", 0) <= 1 and f.get("backedges", 0) > 0),
                             key=lambda f: -f["backedges"])
            profiles.setdefault(name, {})[flavour] = {
                "wall": data.get("wall_seconds"),
                "loaded": data.get("functions_loaded"),
                "t0_functions": len(t0),
                "t0_ms": sum(f["compile_ms"]["t0"] for f in t0),
                "t0_first_call_ms": [f["compile_ms"]["t0"] for f in t0],
                "t1_functions": len(t1),
                "t1_ms": sum(f["compile_ms"]["t1"] for f in t1),
                "tierup_latency_ms": latencies,
                "hottest_once": (loopers[0]["name"], loopers[0]["backedges"], loopers[0].get("osr_entries"))
                if loopers else None,
                "osr_entries": data.get("osr_entries"),
                "osr_declined": declined,
            }
    return profiles


# --------------------------------------------------------------------------------------------------------------
# Microbenchmarks
# --------------------------------------------------------------------------------------------------------------

def profile_figures(profiles, out):
    """Tier-up latency (trigger -> slot re-pointed) and tier-0 compile time per function, from the --stats-json
    profiles of the programs."""
    lat = [v for p in profiles.values() for fl in p.values() for v in fl["tierup_latency_ms"]]
    if lat:
        per_program_medians = [statistics.median(v for fl in p.values() for v in fl["tierup_latency_ms"])
                               for p in profiles.values() if any(fl["tierup_latency_ms"] for fl in p.values())]
        out["tierup_latency_ms"] = {"median": statistics.median(lat), "max": max(lat), "n": len(lat),
                                    "median_of_programs": statistics.median(per_program_medians),
                                    "per_program": {name: {fl: (statistics.median(d["tierup_latency_ms"]),
                                                                max(d["tierup_latency_ms"]),
                                                                len(d["tierup_latency_ms"]))
                                                           for fl, d in p.items() if d["tierup_latency_ms"]}
                                                    for name, p in profiles.items()}}
    t0 = [v for p in profiles.values() for fl in p.values() for v in fl["t0_first_call_ms"]]
    if t0:
        out["t0_compile_ms"] = {"median": statistics.median(t0), "max": max(t0), "n": len(t0)}


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


def micro_parts(opts, tools, work, profiles, out):
    libdir = os.path.dirname(os.path.abspath(opts.jit))
    if not os.path.exists(os.path.join(libdir, "libhotjit.so")):
        log(f"micro: no libhotjit.so beside {opts.jit}; skipping the C-host microbenchmarks")
        return
    cc = tools["clang"]
    include = os.path.join(ROOT, "include")
    hosts = {}
    for host in ("stubcall", "firstcall"):
        exe = os.path.join(work, host)
        sh([cc, "-O2", f"-I{include}", os.path.join(BENCH, "micro", host + ".c"), f"-L{libdir}", "-lhotjit",
            f"-Wl,-rpath,{libdir}", "-o", exe])
        hosts[host] = exe

    # 1. Stub call against direct and plain indirect calls.
    log("[micro] stub call")
    n, reps = (1_000_000, 1) if opts.quick else (50_000_000, 7)
    text = sh([hosts["stubcall"], "time", str(n), str(reps)])
    out["call_ns"] = {line.split()[0]: float(line.split()[1]) for line in text.splitlines() if line.strip()}
    if not opts.quick and shutil.which("valgrind"):
        # valgrind 3.19 cannot read the DWARF 5 of libhotjit.so: count with a debug-stripped copy.
        vgdir = os.path.join(work, "stripped")
        os.makedirs(vgdir, exist_ok=True)
        shutil.copy(os.path.join(libdir, "libhotjit.so"), vgdir)
        sh(["strip", "--strip-debug", os.path.join(vgdir, "libhotjit.so")])
        vghost = os.path.join(work, "stubcall-vg")
        sh([cc, "-O2", f"-I{include}", os.path.join(BENCH, "micro", "stubcall.c"), f"-L{vgdir}", "-lhotjit",
            f"-Wl,-rpath,{vgdir}", "-o", vghost])
        per_call = {}
        for mode in ("direct", "indirect", "stub", "stub2"):
            a, _ = callgrind_ir([vghost, "count", mode, "1000000"])
            b, _ = callgrind_ir([vghost, "count", mode, "3000000"])
            per_call[mode] = (b - a) / 2_000_000
        out["call_instructions"] = per_call

    # 2. Lazy first-call latency, small and large functions.
    log("[micro] first call")
    count = 3 if opts.quick else 20
    src = os.path.join(work, "firstcall-module.c")
    with open(src, "w") as f:
        subprocess.run([sys.executable, os.path.join(BENCH, "micro", "gen-firstcall.py"), str(count)], stdout=f,
                       check=True)
    module = os.path.join(work, "firstcall-module.ll")
    sh([cc, "-O0", "-S", "-emit-llvm", src, "-o", module])
    rows = {}
    for line in sh([hosts["firstcall"], module, str(count)]).splitlines():
        kind, first, second = line.split()
        rows.setdefault(kind, []).append((float(first), float(second)))
    out["first_call_us"] = {k: {"median": statistics.median(r[0] for r in v), "max": max(r[0] for r in v),
                                "second_median": statistics.median(r[1] for r in v), "n": len(v)}
                            for k, v in rows.items()}
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
    out["first_call_ir_instructions"] = ir_lines

    # 3. Tier-up latency and tier-0 compile time: from the --stats-json profiles (see profile_figures).
    profile_figures(profiles, out)

    # 4. Tier-0 counter overhead under callgrind (see counter_overhead).
    if not opts.quick and shutil.which("valgrind"):
        log("[micro] counter overhead (callgrind)")
        out["counter_overhead"] = counter_overhead(opts, tools, work, PROGRAMS)


def counter_overhead(opts, tools, work, selected):
    """Tier-0 counter overhead of every compute program in selected: callgrind instructions of instrumented tier 0
    against plain tier 0 (--no-tierup), each the difference between the two OVERHEAD_SIZES, which cancels the
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
    flavour, flags, _ = FLAVOURS[0]
    modes = {"plain": ["--no-tierup"], "counting": ["--threshold=1000000000", "--backedge-threshold=1000000000"],
             "declined": ["--count-only"]}
    overhead = {}
    for name, source, _, _, kind, _ in selected:
        if kind != "compute":
            continue
        if name not in OVERHEAD_SIZES:
            raise RuntimeError(f"counter overhead: no OVERHEAD_SIZES entry for {name}")
        sizes = OVERHEAD_SIZES[name]
        source = os.path.join(PROGRAMS_DIR, source)
        ll = os.path.join(work, f"{name}.{flavour}.ll")
        if stale([ll], source):  # only the IR: no need for build()'s native and opt -O2 builds here
            emit_ir(source, flags, ll, tools)
        runs, slowest = {}, 0.0
        for size in sizes:
            for mode, args in modes.items():
                run_started = time.time()
                runs[mode, size] = callgrind_ir([stripped, *args, ll, "--", size])
                slowest = max(slowest, time.time() - run_started)
        for size in sizes:
            plain_out = runs["plain", size][1]
            for mode in ("counting", "declined"):
                if runs[mode, size][1] != plain_out:
                    raise RuntimeError(f"counter overhead: {name} {size}: {mode} tier 0 printed "
                                       f"{checksum_line(runs[mode, size][1])!r}, plain tier 0 {checksum_line(plain_out)!r}")
        p, c, d = (runs[mode, sizes[1]][0] - runs[mode, sizes[0]][0] for mode in modes)
        overhead[name] = {"plain": p, "counting": c, "declined": d, "overhead": c / p - 1, "overhead_declined": d / p - 1,
                          "sizes": list(sizes)}
        # The share of the large run that the difference is, and the slowest run: what to watch when tuning sizes.
        log(f"  {name}: plain {p:,} counting {c:,} ({100 * (c / p - 1):+.1f}%) declined {d:,} ({100 * (d / p - 1):+.1f}%)"
            f" (difference {p / runs['plain', sizes[1]][0]:.0%} of the large run; slowest run {slowest:.0f} s)")
    return overhead


def overhead_geomean(overhead, mode="counting"):
    """Geometric mean of instrumented (mode) / plain instructions over the programs, as an overhead (0.05 = +5%)."""
    return geomean(d[mode] / d["plain"] for d in overhead.values()) - 1


# --------------------------------------------------------------------------------------------------------------
# Report: RESULTS.md and results.svg
# --------------------------------------------------------------------------------------------------------------

def fmt_time(s):
    if s != s:
        return "n/a"
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


def fmt_ratio(r):
    if r != r:
        return "–"
    return f"{r:.2f}×" if r < 10 else f"{r:.1f}×"


def report(meta, table, profiles, micro_out, selected):
    lines = ["# hotjit benchmark results", ""]
    lines.append(f"Date: {meta['date']}. Machine: {meta['machine']['cpu']}, {meta['machine']['cores']} cores, "
                 f"{meta['machine']['memory']}, Linux {meta['machine']['kernel']} (shared with other work: expect noise"
                 f" of ±10% or more). hotjit {meta['hotjit']}; {meta['llvm']}. Median of {meta['runs']} runs per mode;"
                 f" the modes alternate within each round. Generated by `scripts/bench.sh --runs {meta['runs']}`.")
    lines.append("")
    lines.append("Each program is compiled to IR in two flavours: **O2np** = `clang-22 -O2 -Xclang -disable-llvm-passes`"
                 " (metadata-rich, no passes run: the fair flavour for an optimizing JIT), **O0** = `clang-22 -O0`"
                 " (every function `optnone noinline`). *native -O0/-O2* are `clang-22 -O0/-O2 prog.ll` of the same"
                 " IR. Note that `clang -O2` and `opt -O2` honour `optnone`, so on the O0 flavour *native -O2* and"
                 " *lli -O2* are barely faster than -O0, while hotjit's optimizing tier strips `optnone`/`noinline`"
                 " (which is why hotjit can beat \"native -O2\" there). Ratios are time / reference time: below 1 is"
                 " faster than the reference.")
    lines.append("")
    compute = [p[0] for p in selected if p[4] == "compute" and p[0] in table]
    startup = [p[0] for p in selected if p[4] == "startup" and p[0] in table]
    lines.append("## Summary: geometric mean of time relative to native -O2 (compute programs)")
    lines.append("")
    lines.append("| mode | " + " | ".join(f"{f} IR" for f, _, _ in FLAVOURS) + " |")
    lines.append("|---|" + "---:|" * len(FLAVOURS))
    for mode in MODES:
        cells = []
        for flavour, _, _ in FLAVOURS:
            cells.append(fmt_ratio(geomean(table[p][flavour][mode]["wall"] / table[p][flavour]["native-O2"]["wall"]
                                           for p in compute)))
        lines.append(f"| {MODE_LABELS[mode]} | " + " | ".join(cells) + " |")
    lines.append("")
    if startup:
        lines.append("Start-up cases (not in the geomean: their native time is a millisecond), median wall time:")
        lines.append("")
        lines.append("| program | flavour | " + " | ".join(MODE_LABELS[m] for m in MODES) + " |")
        lines.append("|---|---|" + "---:|" * len(MODES))
        for p in startup:
            for flavour, _, _ in FLAVOURS:
                lines.append(f"| {p} | {flavour} | " + " | ".join(fmt_time(table[p][flavour][m]["wall"]) for m in MODES)
                             + " |")
        lines.append("")
    lines.append("![time relative to native -O2](results.svg)")
    lines.append("")
    lines.append("## Per program")
    lines.append("")
    descriptions = {p[0]: p[5] for p in selected}
    for p in compute + startup:
        args = " ".join(meta["args"].get(p, [])) or "(no argument)"
        lines.append(f"### {p} — {descriptions[p]}")
        lines.append("")
        lines.append(f"Argument `{args}`; output `{meta['checksums'].get(p, '')}` (identical in every mode).")
        lines.append("")
        lines.append("| flavour | mode | time | peak RSS | × native -O2 | × lli-lazy -O0 | × lli -O2 |")
        lines.append("|---|---|---:|---:|---:|---:|---:|")
        for flavour, _, _ in FLAVOURS:
            row = table[p][flavour]
            for mode in MODES:
                w = row[mode]["wall"]
                lines.append(f"| {flavour} | {MODE_LABELS[mode]} | {fmt_time(w)} | {row[mode]['rss_mb']:.1f} MB | "
                             f"{fmt_ratio(w / row['native-O2']['wall'])} | {fmt_ratio(w / row['lli-lazy-O0']['wall'])} | "
                             f"{fmt_ratio(w / row['lli-orc-O2']['wall'])} |")
        lines.append("")
        prof = profiles.get(p, {})
        if prof:
            parts = []
            for flavour, d in prof.items():
                s = (f"{flavour}: tier 0 compiled {d['t0_functions']} of {d['loaded']} functions in {d['t0_ms']:.0f} ms, "
                     f"tier 1 {d['t1_functions']} in {d['t1_ms']:.0f} ms")
                if d["tierup_latency_ms"]:
                    s += f", tier-up latency median {statistics.median(d['tierup_latency_ms']):.0f} ms"
                if d.get("osr_entries") is not None:
                    s += f", {d['osr_entries']} on-stack replacements"
                if d["hottest_once"]:
                    fn, be, osr = d["hottest_once"]
                    s += f"; `{fn}` was entered once at tier 0 and ran {be:,} back-edges there"
                    if osr is not None:
                        s += f" ({osr} OSR transfers out of it)"
                for reason, names in (d.get("osr_declined") or {}).items():
                    shown = ", ".join(f"`{n}`" for n in names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
                    s += f"; OSR declined for {shown}: {reason}"
                parts.append(s)
            lines.append("hotjit `--stats-json` (one extra run, default mode): " + "; ".join(parts) + ".")
            lines.append("")
    if micro_out:
        lines += micro_report(micro_out)
    return "\n".join(lines) + "\n"


def micro_report(m):
    lines = ["## Microbenchmarks", ""]
    lines.append("| measurement | figure | how |")
    lines.append("|---|---:|---|")
    ns = m.get("call_ns", {})
    ins = m.get("call_instructions", {})
    labels = {"direct": "direct call", "indirect": "plain indirect call", "stub": "call through a stub",
              "stub2": "call through two chained stubs"}
    for mode in ("direct", "indirect", "stub", "stub2"):
        if mode in ns:
            extra = f"; {ins[mode]:.2f} instructions" if mode in ins else ""
            lines.append(f"| {labels[mode]} (tiny function, dependent loop) | {ns[mode]:.2f} ns{extra} per call | "
                         "`bench/micro/stubcall.c`: median of 7 loops of 5·10⁷ calls; instructions: callgrind, "
                         "difference of 3·10⁶ and 10⁶ calls |")
    if "stub" in ns and "direct" in ns:
        extra = ""
        if "stub" in ins:
            extra = f", {ins['stub'] - ins['direct']:+.2f} instructions"
        lines.append(f"| stub cost over a direct call | {ns['stub'] - ns['direct']:+.2f} ns{extra} per call | "
                     "difference of the two rows above |")
    fc = m.get("first_call_us", {})
    irn = m.get("first_call_ir_instructions", {})
    for kind, label in (("warm", "first call of the first function (engine warm-up included)"),
                        ("small", "lazy first call, small function"), ("large", "lazy first call, large function")):
        if kind in fc:
            d = fc[kind]
            size = f" ({irn[kind]} IR lines)" if kind in irn else ""
            lines.append(f"| {label}{size} | median {d['median'] / 1000:.2f} ms, max {d['max'] / 1000:.2f} ms "
                         f"(second call {d['second_median']:.2f} µs) | `bench/micro/firstcall.c`: "
                         f"engine lookup, time of the first and second call, {d['n']} functions |")
    if "t0_compile_ms" in m:
        d = m["t0_compile_ms"]
        lines.append(f"| tier-0 compile per function, benchmark programs | median {d['median']:.2f} ms, max "
                     f"{d['max']:.1f} ms | `--stats-json` compile_ms.t0 of {d['n']} functions |")
    if "tierup_latency_ms" in m:
        d = m["tierup_latency_ms"]
        lines.append(f"| tier-up latency (trigger → slot re-pointed) | median {d['median']:.1f} ms, max "
                     f"{d['max']:.1f} ms; median of the per-program medians {d.get('median_of_programs', float('nan')):.1f}"
                     f" ms | `--stats-json` tierup_latency_ms of {d['n']} tier-ups in the programs (vcalls has "
                     f"most of them); one background compile thread, so it includes waiting in the queue |")
    overhead = m.get("counter_overhead", {})
    for name, d in overhead.items():
        sizes = "sizes " + " and ".join(d["sizes"]) if d.get("sizes") else "two sizes"
        lines.append(f"| tier-0 counter overhead, {name} | {100 * d['overhead_declined']:+.1f}% instructions at the "
                     f"default thresholds, {100 * d['overhead']:+.1f}% counting everything | callgrind: `--count-only` "
                     f"and `--threshold=10⁹ --backedge-threshold=10⁹` vs `--no-tierup`, difference of {sizes} "
                     f"({d['declined']:,} and {d['counting']:,} vs {d['plain']:,}) |")
    if overhead:
        lines.append(f"| tier-0 counter overhead, geometric mean | {100 * overhead_geomean(overhead, 'declined'):+.1f}% "
                     f"instructions at the default thresholds, {100 * overhead_geomean(overhead):+.1f}% counting "
                     f"everything | geometric mean of instrumented / plain over the {len(overhead)} programs above |")
    lines.append("")
    if "tierup_latency_ms" in m:
        lines.append("Tier-up latency per program (median / max ms, count):")
        lines.append("")
        for name, fl in m["tierup_latency_ms"]["per_program"].items():
            if fl:
                lines.append(f"- {name}: " + "; ".join(f"{f} {a:.1f} / {b:.1f} ({n})" for f, (a, b, n) in fl.items()))
        lines.append("")
    return lines


def svg_chart(table, selected, meta):
    """Grouped horizontal bars on log scales, one panel per IR flavour: compute programs as time relative to native
    -O2; start-up programs (whose native time is a millisecond) as absolute wall time."""
    compute = [p[0] for p in selected if p[0] in table and p[4] == "compute"]
    startup = [p[0] for p in selected if p[0] in table and p[4] == "startup"]
    modes = [m for m in MODES if m != "native-O2"]
    bar_h, gap, label_w, panel_w, pad = 7, 9, 110, 430, 34
    group_h = lambda n: (bar_h * n + gap)
    top = 108
    compute_h = group_h(len(modes)) * len(compute)
    startup_top = top + compute_h + 70
    startup_h = group_h(len(MODES)) * len(startup)
    height = (startup_top + startup_h + 40) if startup else (top + compute_h + 40)
    width = label_w + len(FLAVOURS) * (panel_w + pad) + 10

    def scale_x(value, lo, hi, x0):
        v = min(max(value, lo), hi)
        return x0 + (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo)) * panel_w

    def esc(text):
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    e = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
         f'font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="11">',
         f'<rect width="{width}" height="{height}" fill="white"/>',
         '<text x="10" y="18" font-size="14" font-weight="bold">hotjit benchmarks: time of each mode relative to '
         'native clang -O2 of the same IR (log scale; shorter is faster)</text>',
         f'<text x="10" y="34" fill="#555">median of {meta["runs"]} runs, {meta["date"]}, {esc(meta["machine"]["cpu"])}, '
         f'{meta["machine"]["cores"]} cores, hotjit {esc(meta["hotjit"])}. Printed values: hotjit\'s two modes.</text>',
         '<text x="10" y="48" fill="#555">On O0 IR every function is optnone: native -O2 and lli -O2 honour it '
         '(≈ native -O0), hotjit\'s optimizing tier strips it. Compare with native -O2 on O2np IR.</text>']
    lx = 10
    for m in MODES:
        e.append(f'<rect x="{lx}" y="60" width="10" height="10" fill="{MODE_COLOURS[m]}"/>')
        e.append(f'<text x="{lx + 14}" y="69">{esc(MODE_LABELS[m])}</text>')
        lx += 14 + 6.3 * len(MODE_LABELS[m]) + 14

    def panel(progs, modes_here, y_top, lo, hi, ticks, tick_label, value_of, ref_line, title_of, label_all=False):
        for fi, (flavour, _, desc) in enumerate(FLAVOURS):
            x0 = label_w + fi * (panel_w + pad)
            e.append(f'<text x="{x0 + panel_w / 2}" y="{y_top - 8}" text-anchor="middle" font-weight="bold">'
                     f'{title_of(flavour)} <tspan font-weight="normal" fill="#555">({desc.replace("clang-22 ", "")})'
                     f'</tspan></text>')
            bottom = y_top + group_h(len(modes_here)) * len(progs)
            for t in ticks:
                gx = scale_x(t, lo, hi, x0)
                ref = ref_line is not None and t == ref_line
                e.append(f'<line x1="{gx:.1f}" y1="{y_top}" x2="{gx:.1f}" y2="{bottom}" '
                         f'stroke="{"#2ca02c" if ref else "#ddd"}" stroke-width="{2 if ref else 1}"/>')
                e.append(f'<text x="{gx:.1f}" y="{bottom + 13}" text-anchor="middle" fill="#555" font-size="10">'
                         f'{tick_label(t)}</text>')
            y = y_top
            for pi, p in enumerate(progs):
                if fi == 0:
                    e.append(f'<text x="{label_w - 8}" y="{y + group_h(len(modes_here)) / 2}" text-anchor="end" '
                             f'font-weight="bold">{p}</text>')
                if pi % 2 == 0:
                    e.append(f'<rect x="{x0}" y="{y - 2}" width="{panel_w}" height="{group_h(len(modes_here)) - gap + 4}"'
                             f' fill="#000" fill-opacity="0.035"/>')
                for mi, m in enumerate(modes_here):
                    by = y + mi * bar_h
                    v, text = value_of(p, flavour, m)
                    if v != v:
                        e.append(f'<text x="{x0 + 3}" y="{by + bar_h - 1}" font-size="8" fill="#c00">'
                                 f'{esc(MODE_LABELS[m])}: n/a (lli error)</text>')
                        continue
                    xs, xe = x0, scale_x(v, lo, hi, x0)
                    e.append(f'<rect x="{xs:.1f}" y="{by}" width="{max(xe - xs, 1):.1f}" height="{bar_h - 1}" '
                             f'fill="{MODE_COLOURS[m]}"><title>{p} {flavour} {esc(MODE_LABELS[m])}: {text}</title></rect>')
                    if label_all or m.startswith("hotjit") or v > hi:
                        tx = min(xe, x0 + panel_w - 34) + 3
                        e.append(f'<text x="{tx:.1f}" y="{by + bar_h - 0.5}" font-size="8.5" fill="#222">{text}</text>')
                y += group_h(len(modes_here))

    def ratio(p, flavour, m):
        r = table[p][flavour][m]["wall"] / table[p][flavour]["native-O2"]["wall"]
        return r, (f"{r:.2f}×" if r < 10 else f"{r:.0f}×")

    panel(compute, modes, top, 0.125, 16, [0.125, 0.25, 0.5, 1, 2, 4, 8, 16], lambda t: f"{t:g}×", ratio, 1,
          lambda f: f"{f} IR, relative to native -O2 (green line)")
    if startup:
        e.append(f'<text x="10" y="{startup_top - 34}" font-size="13" font-weight="bold">Start-up cases: wall time '
                 f'(log scale; native runs take a few ms)</text>')

        def wall(p, flavour, m):
            w = table[p][flavour][m]["wall"]
            return w * 1000, (f"{w * 1000:.0f} ms" if w < 1 else f"{w:.1f} s")
        panel(startup, MODES, startup_top, 1, 100000, [1, 10, 100, 1000, 10000, 100000],
              lambda t: f"{t:g} ms" if t < 1000 else f"{t / 1000:g} s", wall, None, lambda f: f"{f} IR",
              label_all=True)
    e.append("</svg>")
    return "\n".join(e) + "\n"


# --------------------------------------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs per mode (median); default 3")
    parser.add_argument("--quick", action="store_true", help="one run, small sizes, check outputs only")
    parser.add_argument("--only", default=None, help="regular expression: programs to run")
    parser.add_argument("--jit", default=os.path.join(ROOT, ".build", "release", "hotjit-run"),
                        help="the hotjit-run to benchmark (default .build/release/hotjit-run, built if missing)")
    parser.add_argument("--no-micro", action="store_true", help="skip the microbenchmarks")
    parser.add_argument("--out", default=BENCH, help="where RESULTS.md, results.svg, results.json go (default bench/)")
    parser.add_argument("--micro-only", action="store_true",
                        help="rerun only the microbenchmarks, reusing results.json in --out and the builds")
    parser.add_argument("--profiles-only", action="store_true",
                        help="rerun only hotjit's --stats-json profiles, reusing results.json in --out and the builds")
    parser.add_argument("--counter-overhead-only", action="store_true",
                        help="run only the tier-0 counter overhead under callgrind (one program at a time, ~10 minutes"
                             " for all) and print its table; writes nothing under --out")
    parser.add_argument("--report-only", action="store_true",
                        help="rewrite RESULTS.md and results.svg from results.json in --out, running nothing")
    parser.add_argument("--work", default=os.path.join(ROOT, ".build", "bench"), help="build directory")
    opts = parser.parse_args()
    if opts.quick:
        opts.runs = 1
    if opts.report_only:
        with open(os.path.join(opts.out, "results.json")) as f:
            write_outputs(opts, json.load(f))
        return 0
    opts.jit = os.path.abspath(opts.jit)
    if not os.access(opts.jit, os.X_OK):
        if opts.jit != os.path.join(ROOT, ".build", "release", "hotjit-run"):
            raise SystemExit(f"bench: {opts.jit} is not an executable")
        log("bench: building hotjit-run (swift build -c release)")
        sh(["swift", "build", "-c", "release"], cwd=ROOT)
    tools = {"clang": tool("clang-22"), "clang++": tool("clang++-22"), "lli": tool("lli-22"),
             "opt": tool("opt-22", "/usr/lib/llvm-22/bin/opt")}
    if not os.path.exists("/usr/bin/time"):
        raise SystemExit("bench: /usr/bin/time is missing (apt-get install time)")
    work = os.path.join(opts.work, "quick" if opts.quick else "full")
    os.makedirs(work, exist_ok=True)
    selected = [p for p in PROGRAMS if not opts.only or re.search(opts.only, p[0])]
    if not selected:
        raise SystemExit(f"bench: no program matches {opts.only!r}")
    started = time.time()
    if opts.counter_overhead_only:
        # Needs only the O2np IR of the programs; the full run (or --micro-only) records the figures in RESULTS.md.
        if not shutil.which("valgrind"):
            raise SystemExit("bench: the counter overhead needs valgrind")
        overhead = counter_overhead(opts, tools, work, selected)
        if not overhead:
            raise SystemExit(f"bench: no compute program matches {opts.only!r}")
        print("| program | sizes | plain tier 0 | counting everything | overhead | default thresholds, declined | overhead |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for name, d in overhead.items():
            print(f"| {name} | {' → '.join(d['sizes'])} | {d['plain']:,} | {d['counting']:,} | "
                  f"{100 * d['overhead']:+.1f}% | {d['declined']:,} | {100 * d['overhead_declined']:+.1f}% |")
        print(f"| geometric mean | | | | {100 * overhead_geomean(overhead):+.1f}% | | "
              f"{100 * overhead_geomean(overhead, 'declined'):+.1f}% |")
        log(f"bench: counter overhead in {time.time() - started:.0f} s")
        return 0
    if opts.profiles_only:
        # Reuse the program results in --out; rerun the --stats-json profiles (not timed) and rewrite the report.
        with open(os.path.join(opts.out, "results.json")) as f:
            data = json.load(f)
        chosen = [p for p in selected if p[4] == "compute" and p[0] in data["medians"]]
        data["profiles"].update(hotjit_profiles(opts, tools, work, chosen))
        write_outputs(opts, data)
        return 0
    if opts.micro_only:
        # Reuse the program results in --out (and the builds in the work directory); rerun the microbenchmarks.
        with open(os.path.join(opts.out, "results.json")) as f:
            data = json.load(f)
        data["micro"] = micro(opts, tools, work, data["profiles"])
        write_outputs(opts, data)
        return 0
    build_all(opts, tools, work, selected)
    log(f"bench: built in {time.time() - started:.0f} s")
    results, failures, unsupported = run_programs(opts, tools, work, selected)
    if opts.quick:
        micro_out = {} if opts.no_micro or opts.only else micro(opts, tools, work, {})
        elapsed = time.time() - started
        ok = len(failures) == 0 and "error" not in micro_out
        n = len(selected) * len(FLAVOURS) * len(MODES)
        if micro_out:
            log(f"micro: {micro_out}")
        for u in sorted(set(unsupported)):
            print("  baseline cannot run it (not counted): " + u)
        for f in failures:
            print("  FAILED: " + f)
        print(f"bench --quick: {n - len(failures) - len(unsupported)} passed, {len(failures)} failed, "
              f"{len(unsupported)} skipped ({elapsed:.0f} s)")
        return 0 if ok else 1
    profiles = hotjit_profiles(opts, tools, work, [p for p in selected if p[4] == "compute"])
    table = medians(results)
    llvm = sh([tools["clang"], "--version"]).splitlines()[0]
    jit_dir = os.path.dirname(os.path.dirname(os.path.dirname(opts.jit)))
    try:
        commit = sh(["git", "-C", jit_dir, "rev-parse", "--short", "HEAD"]).strip()
    except (RuntimeError, OSError):
        commit = "unknown"
    meta = {"date": datetime.date.today().isoformat(), "machine": machine(), "runs": opts.runs,
            "hotjit": f"commit {commit}", "llvm": llvm,
            "args": {n: results[n]["args"] for n in results}, "checksums": {n: results[n]["checksum"] for n in results},
            "elapsed_s": round(time.time() - started), "unsupported": sorted(set(unsupported))}
    data = {"meta": meta, "medians": table, "raw": results, "profiles": profiles, "micro": {}}
    write_outputs(opts, data)  # written before the microbenchmarks, so that a failure there loses nothing
    if not (opts.no_micro or opts.only):
        data["micro"] = micro(opts, tools, work, profiles)
        write_outputs(opts, data)
    log(f"bench: wrote {opts.out}/RESULTS.md, results.svg, results.json in {time.time() - started:.0f} s")
    if failures:
        print(f"bench: {len(failures)} runs printed the wrong output:")
        for f in failures:
            print("  " + f)
        return 1
    return 0


def write_outputs(opts, data):
    os.makedirs(opts.out, exist_ok=True)
    if data.get("micro") and data.get("profiles"):
        profile_figures(data["profiles"], data["micro"])
    with open(os.path.join(opts.out, "results.json"), "w") as f:
        json.dump(data, f, indent=1, default=str)
    table = {n: {fl: {m: {k: (float(v) if isinstance(v, str) else v) for k, v in d.items()}
                      for m, d in row.items()} for fl, row in t.items()} for n, t in data["medians"].items()}
    selected = [p for p in PROGRAMS if p[0] in table]
    with open(os.path.join(opts.out, "RESULTS.md"), "w") as f:
        f.write(report(data["meta"], table, data["profiles"], data["micro"], selected))
    with open(os.path.join(opts.out, "results.svg"), "w") as f:
        f.write(svg_chart(table, selected, data["meta"]))

if __name__ == "__main__":
    sys.exit(main())
