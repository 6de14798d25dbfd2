#!/usr/bin/env python3
"""hotjit benchmark harness (run it through scripts/bench.sh; bench/README.md documents it).

For every program in bench/programs and both IR flavours, builds the IR once and runs, alternating the modes within
each round: hotjit-run (default tiering), hotjit-run --no-tierup, lli-22 -jit-kind=orc-lazy -O0, lli-22 -jit-kind=orc
-O2 on opt-22 -O2 output, and the same IR compiled natively by clang-22 -O0 and -O2. Every mode must print the same
output. Medians of N runs (wall time, peak RSS) go to bench/RESULTS.md, bench/results.svg (drawn with matplotlib,
pip-installed if missing) and bench/results.json, followed by the microbenchmarks. --quick: one run at small sizes, checksums only, writes nothing under bench/."""
import argparse
import datetime
import os
import shutil
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from hotjitbench.build import build_all, find_tools, log, sh
from hotjitbench.measure import hotjit_profiles, machine, medians, run_programs
from hotjitbench.micro import counter_overhead, micro
from hotjitbench.programs import BENCH, FLAVOURS, MODES, ROOT, select
from hotjitbench.report import counter_overhead_table, load_results, write_report

DEFAULT_JIT = os.path.join(ROOT, ".build", "release", "hotjit-run")


def parse_options():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs per mode (median); default 3")
    parser.add_argument("--quick", action="store_true", help="one run, small sizes, check outputs only")
    parser.add_argument("--only", default=None, help="regular expression: programs to run")
    parser.add_argument("--jit", default=DEFAULT_JIT,
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
    return opts


def write_outputs(opts, data):
    """RESULTS.md and results.json, then the chart (skipped with a message when matplotlib cannot be had)."""
    table, selected = write_report(opts.out, data)
    from hotjitbench.chart import CHART, write_chart  # matplotlib is needed only here, never by --quick
    write_chart(os.path.join(opts.out, CHART), table, selected, data["meta"])


def prepare_jit(opts):
    opts.jit = os.path.abspath(opts.jit)
    if os.access(opts.jit, os.X_OK):
        return
    if opts.jit != DEFAULT_JIT:
        raise SystemExit(f"bench: {opts.jit} is not an executable")
    log("bench: building hotjit-run (swift build -c release)")
    sh(["swift", "build", "-c", "release"], cwd=ROOT)


def counter_overhead_only(opts, tools, work, selected, started):
    # Needs only the O2np IR of the programs; the full run (or --micro-only) records the figures in RESULTS.md.
    if not shutil.which("valgrind"):
        raise SystemExit("bench: the counter overhead needs valgrind")
    overhead = counter_overhead(opts, tools, work, selected)
    if not overhead:
        raise SystemExit(f"bench: no compute program matches {opts.only!r}")
    print(counter_overhead_table(overhead))
    log(f"bench: counter overhead in {time.time() - started:.0f} s")
    return 0


def profiles_only(opts, tools, work, selected):
    # Reuse the program results in --out; rerun the --stats-json profiles (not timed) and rewrite the report.
    data = load_results(opts.out)
    chosen = [p for p in selected if p.kind == "compute" and p.name in data["medians"]]
    data["profiles"].update(hotjit_profiles(opts, tools, work, chosen))
    write_outputs(opts, data)
    return 0


def micro_only(opts, tools, work):
    # Reuse the program results in --out (and the builds in the work directory); rerun the microbenchmarks.
    data = load_results(opts.out)
    data["micro"] = micro(opts, tools, work, data["profiles"])
    write_outputs(opts, data)
    return 0


def quick(opts, tools, work, selected, started):
    """One run at small sizes: every mode must print the native output; ends with `N passed, M failed, K skipped`."""
    results, failures, unsupported = run_programs(opts, tools, work, selected)
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


def full(opts, tools, work, selected, started):
    results, failures, unsupported = run_programs(opts, tools, work, selected)
    profiles = hotjit_profiles(opts, tools, work, [p for p in selected if p.kind == "compute"])
    data = {"meta": run_meta(opts, tools, results, unsupported, started), "medians": medians(results),
            "raw": results, "profiles": profiles, "micro": {}}
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


def run_meta(opts, tools, results, unsupported, started):
    llvm = sh([tools["clang"], "--version"]).splitlines()[0]
    jit_dir = os.path.dirname(os.path.dirname(os.path.dirname(opts.jit)))
    try:
        commit = sh(["git", "-C", jit_dir, "rev-parse", "--short", "HEAD"]).strip()
    except (RuntimeError, OSError):
        commit = "unknown"
    return {"date": datetime.date.today().isoformat(), "machine": machine(), "runs": opts.runs,
            "hotjit": f"commit {commit}", "llvm": llvm,
            "args": {n: results[n]["args"] for n in results}, "checksums": {n: results[n]["checksum"] for n in results},
            "elapsed_s": round(time.time() - started), "unsupported": sorted(set(unsupported))}


def main():
    opts = parse_options()
    if opts.report_only:
        write_outputs(opts, load_results(opts.out))
        return 0
    prepare_jit(opts)
    tools = find_tools()
    work = os.path.join(opts.work, "quick" if opts.quick else "full")
    os.makedirs(work, exist_ok=True)
    selected = select(opts.only)
    if not selected:
        raise SystemExit(f"bench: no program matches {opts.only!r}")
    started = time.time()
    if opts.counter_overhead_only:
        return counter_overhead_only(opts, tools, work, selected, started)
    if opts.profiles_only:
        return profiles_only(opts, tools, work, selected)
    if opts.micro_only:
        return micro_only(opts, tools, work)
    build_all(opts, tools, work, selected)
    log(f"bench: built in {time.time() - started:.0f} s")
    return (quick if opts.quick else full)(opts, tools, work, selected, started)


if __name__ == "__main__":
    sys.exit(main())
