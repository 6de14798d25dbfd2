"""Figures computed from measurements: geometric means, and the tier-up latency and tier-0 compile-time summaries of
hotjit's --stats-json profiles."""
import math
import statistics


def geomean(values):
    values = [v for v in values if v and v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def overhead_geomean(overhead, mode="counting"):
    """Geometric mean of instrumented (mode) / plain instructions over the programs, as an overhead (0.05 = +5%)."""
    return geomean(d[mode] / d["plain"] for d in overhead.values()) - 1


def profile_figures(profiles, out):
    """Tier-up latency (trigger -> slot re-pointed) and tier-0 compile time per function, from the --stats-json
    profiles of the programs, into out."""
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
