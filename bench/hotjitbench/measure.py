"""Running and timing: every program in every flavour and mode (the modes alternate within each round), checked
against the native -O0 output; medians of the runs; hotjit's own --stats-json profile of each program; the machine."""
import json
import math
import os
import platform
import re
import statistics
import subprocess
import time

from .build import log
from .programs import FLAVOURS, MODES

RUN_TIMEOUT = 600
SLOW_RUN = 20.0  # a mode whose first run takes longer than this (s) is not repeated (lli -O2 on 5,000 functions)


def commands(base, jit, lli, args):
    ll = base + ".ll"
    return {
        "hotjit": [jit, "--no-cache", ll, "--", *args],
        "hotjit-t0": [jit, "--no-cache", "--no-tierup", ll, "--", *args],
        "lli-lazy-O0": [lli, "-jit-kind=orc-lazy", "-O0", ll, *args],
        "lli-orc-O2": [lli, "-jit-kind=orc", "-O2", base + ".opt.bc", *args],
        "native-O0": [base + ".native-O0", *args],
        "native-O2": [base + ".native-O2", *args],
    }


def timed_run(cmd, rss_file):
    """Wall seconds, peak RSS in KiB, stdout, stderr, exit status."""
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


class Session:
    """The runs of one program: results[flavour][mode] = {"wall": [...], "rss": [...]}, failures, unsupported."""

    def __init__(self, opts, tools, work, program, failures, unsupported):
        self.opts, self.tools, self.work, self.program = opts, tools, work, program
        self.args = program.arguments(opts.quick)
        self.failures, self.unsupported = failures, unsupported
        self.results = {f.name: {m: {"wall": [], "rss": []} for m in MODES} for f in FLAVOURS}
        self.rss_file = os.path.join(work, "rss.txt")

    def commands(self, flavour):
        base = os.path.join(self.work, f"{self.program.name}.{flavour}")
        return commands(base, self.opts.jit, self.tools["lli"], self.args)

    def reference(self):
        """The native -O0 binary of the first flavour's output (an untimed warm-up run)."""
        _, _, out, err, status = timed_run(self.commands(FLAVOURS[0].name)["native-O0"], self.rss_file)
        if status != 0:
            raise SystemExit(f"bench: {self.program.name}: the native -O0 reference run failed ({status}): {err[-500:]}")
        return out

    def run(self):
        log(f"[{self.program.name}] {' '.join(self.args)}")
        reference = self.reference()
        for r in range(self.opts.runs):
            for flavour in FLAVOURS:
                cmds = self.commands(flavour.name)
                order = MODES[r % len(MODES):] + MODES[:r % len(MODES)]  # rotate the start each round
                for mode in order:
                    self.run_mode(flavour.name, mode, cmds[mode], reference)
        data = dict(self.results)
        data["checksum"] = checksum_line(reference)
        data["args"] = self.args
        data["kind"] = self.program.kind
        return data

    def run_mode(self, flavour, mode, cmd, reference):
        record = self.results[flavour][mode]
        if record["wall"] and record["wall"][0] > SLOW_RUN:
            return
        name = self.program.name
        wall, rss, out, err, status = timed_run(cmd, self.rss_file)
        if status != 0 and mode.startswith("lli") and "JIT session error" in err:
            # A baseline that cannot run this IR: recorded, shown as n/a, not a harness failure.
            self.unsupported.append(f"{name} {flavour} {mode}: {err.strip().splitlines()[0][:200]}")
            if not self.opts.quick:
                log("  n/a  " + self.unsupported[-1])
            record["wall"].append(float("nan"))
            record["rss"].append(rss)
            return
        if status != 0 or out != reference:
            self.failures.append(f"{name} {flavour} {mode}: exit {status}, printed {checksum_line(out)!r} "
                                 f"expected {checksum_line(reference)!r}; stderr: {err.strip()[-300:]}")
            log("  FAIL " + self.failures[-1])
            wall = float("nan")
        record["wall"].append(wall)
        record["rss"].append(rss)
        if not self.opts.quick:
            log(f"  {flavour:5} {mode:12} {wall:8.3f} s {rss / 1024:7.1f} MB  {checksum_line(out)[:60]}")


def run_programs(opts, tools, work, selected):
    """name -> flavour -> mode -> {"wall": [...], "rss": [...]} (and checksum, args, kind), failures, unsupported."""
    results, failures, unsupported = {}, [], []
    for program in selected:
        results[program.name] = Session(opts, tools, work, program, failures, unsupported).run()
    return results, failures, unsupported


def medians(results):
    table = {}
    for name, data in results.items():
        table[name] = {}
        for flavour in FLAVOURS:
            table[name][flavour.name] = {}
            for mode in MODES:
                walls = [w for w in data[flavour.name][mode]["wall"] if not math.isnan(w)]
                rss = data[flavour.name][mode]["rss"]
                table[name][flavour.name][mode] = {
                    "wall": statistics.median(walls) if walls else float("nan"),
                    "rss_mb": statistics.median(rss) / 1024 if rss else float("nan"),
                }
    return table


# One extra hotjit run per program with --stats-json (not timed).

def hotjit_profiles(opts, tools, work, selected):
    profiles = {}
    for program in selected:
        args = program.arguments(opts.quick)
        for flavour in ("O2np",):
            profile = hotjit_profile(opts, work, program.name, flavour, args)
            if profile is not None:
                profiles.setdefault(program.name, {})[flavour] = profile
    return profiles


def hotjit_profile(opts, work, name, flavour, args):
    base = os.path.join(work, f"{name}.{flavour}")
    stats = os.path.join(work, f"{name}.{flavour}.stats.json")
    run = subprocess.run([opts.jit, "--no-cache", "--verbose", f"--stats-json={stats}", base + ".ll", "--", *args],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=RUN_TIMEOUT)
    # `--verbose` says why an on-stack replacement was declined.
    declined = {}
    for m in re.finditer(r"OSR of (\S+) declined: (?:OSR declined: )?(.*)", run.stderr):
        declined.setdefault(m.group(2).strip(), []).append(m.group(1))
    try:
        with open(stats) as f:
            data = json.load(f)
    except (OSError, ValueError):
        return None
    funcs = data.get("functions", [])
    t0 = [f for f in funcs if "t0" in (f.get("compile_ms") or {})]
    t1 = [f for f in funcs if "t1" in (f.get("compile_ms") or {})]
    latencies = [f["tierup_latency_ms"] for f in funcs if f.get("tierup_latency_ms") is not None]
    # The function with the most back-edges entered once at tier 0 (later calls, at tier 1, are not
    # counted): its first invocation is the shape on-stack replacement would help.
    loopers = sorted((f for f in funcs if f.get("calls", 0) <= 1 and f.get("backedges", 0) > 0),
                     key=lambda f: -f["backedges"])
    return {
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
