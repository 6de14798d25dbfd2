"""The chart bench/results.svg, drawn with matplotlib (from PyPI: installed with pip when it is missing): grouped
horizontal bars on log scales, one column per IR flavour; compute programs as time relative to native -O2, start-up
programs (whose native time is a millisecond) as absolute wall time. When matplotlib cannot be had, the chart step is
skipped with a message and the rest of the report is still written."""
import importlib
import math
import subprocess
import sys

from .build import log
from .programs import FLAVOURS, MODE_LABELS, MODES

CHART = "results.svg"
MODE_COLOURS = {
    "hotjit": "#d62728", "hotjit-t0": "#ff9896", "lli-lazy-O0": "#1f77b4", "lli-orc-O2": "#9467bd",
    "native-O0": "#7f7f7f", "native-O2": "#2ca02c",
}
BAR = 0.8  # the height of one program's group of bars


def pyplot():
    """matplotlib.pyplot with the Agg backend, installed with pip if missing; None if it cannot be had."""
    try:
        import matplotlib
    except ImportError:
        log("chart: matplotlib is not installed; running `pip install matplotlib`")
        pip = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "matplotlib"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if pip.returncode != 0:
            log("chart: `pip install matplotlib` failed: " + (pip.stdout.strip().splitlines() or ["?"])[-1][:300])
            return None
        importlib.invalidate_caches()
        try:
            import matplotlib
        except ImportError as error:
            log(f"chart: matplotlib still cannot be imported after `pip install matplotlib`: {error}")
            return None
    matplotlib.use("Agg")
    matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "hotjit", "font.size": 8})
    import matplotlib.pyplot as plt
    return plt


def write_chart(path, table, selected, meta):
    """Draws the chart into path; returns False (after saying why) if matplotlib is not available."""
    plt = pyplot()
    if plt is None:
        log(f"bench: chart step skipped: matplotlib could not be installed (pip install matplotlib); {path} not written")
        return False
    compute = [p.name for p in selected if p.name in table and p.kind == "compute"]
    startup = [p.name for p in selected if p.name in table and p.kind == "startup"]
    rows = [len(compute)] + ([1.6 * len(startup)] if startup else [])
    fig, axes = plt.subplots(len(rows), len(FLAVOURS), figsize=(13, 1.2 + 0.55 * sum(rows) + 0.6 * len(rows)),
                             gridspec_kw={"height_ratios": rows}, squeeze=False)
    for column, flavour in enumerate(FLAVOURS):
        relative_panel(axes[0][column], table, compute, flavour, column == 0)
        if startup:
            startup_panel(axes[1][column], table, startup, flavour, column == 0)
    legend(fig)
    fig.suptitle("hotjit benchmarks: time of each mode relative to native clang -O2 of the same IR "
                 "(log scale; shorter is faster)", x=0.01, ha="left", fontweight="bold", fontsize=11)
    fig.text(0.01, 1 - 0.35 / fig.get_figheight(),
             f"median of {meta['runs']} runs, {meta['date']}, {meta['machine']['cpu']}, {meta['machine']['cores']} "
             f"cores, hotjit {meta['hotjit']}. Printed values: hotjit's two modes. On O0 IR every function is "
             "optnone: native -O2 and lli -O2 honour it (≈ native -O0),\nhotjit's optimizing tier strips it. "
             "Compare with native -O2 on O2np IR.", ha="left", va="top", color="#555", fontsize=7.5)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.8 / fig.get_figheight()))
    fig.savefig(path, metadata={"Date": None})
    plt.close(fig)
    return True


def legend(fig):
    import matplotlib.patches as patches
    handles = [patches.Patch(color=MODE_COLOURS[m], label=MODE_LABELS[m]) for m in MODES]
    fig.legend(handles=handles, loc="upper left", ncol=len(MODES), frameon=False, fontsize=7.5,
               bbox_to_anchor=(0.005, 1 - 0.62 / fig.get_figheight()))


def bars(ax, programs, modes, value_of, lo, hi, label_all):
    """One group of horizontal bars per program (top to bottom), one bar per mode; NaN values are marked n/a."""
    height = BAR / len(modes)
    for pi, program in enumerate(programs):
        if pi % 2 == 0:
            ax.axhspan(pi - 0.5, pi + 0.5, color="#000", alpha=0.035, lw=0)
        for mi, mode in enumerate(modes):
            y = pi - BAR / 2 + (mi + 0.5) * height
            value, text = value_of(program, mode)
            if math.isnan(value):
                ax.text(lo * 1.05, y, f"{MODE_LABELS[mode]}: n/a (lli error)", va="center",
                        fontsize=5.5, color="#c00")
                continue
            end = min(max(value, lo * 1.01), hi)
            ax.barh(y, end - lo, height=height * 0.9, color=MODE_COLOURS[mode], left=lo)
            if label_all or mode.startswith("hotjit") or value > hi:
                ax.text(min(value, hi / 1.6) * 1.04, y, text, va="center", fontsize=5.5, color="#222")
    ax.set_yticks(range(len(programs)), programs, fontweight="bold")
    ax.set_ylim(len(programs) - 0.5, -0.5)
    ax.tick_params(axis="y", length=0)


def relative_panel(ax, table, programs, flavour, first):
    lo, hi = 0.125, 16
    ax.set_xscale("log")
    ax.set_xlim(lo, hi)
    ticks = [0.125, 0.25, 0.5, 1, 2, 4, 8, 16]
    ax.set_xticks(ticks, [f"{t:g}×" for t in ticks])
    ax.grid(axis="x", color="#ddd", lw=0.8)
    ax.set_axisbelow(True)
    ax.axvline(1, color=MODE_COLOURS["native-O2"], lw=2)

    def ratio(program, mode):
        r = table[program][flavour.name][mode]["wall"] / table[program][flavour.name]["native-O2"]["wall"]
        return r, (f"{r:.2f}×" if r < 10 else f"{r:.0f}×")
    bars(ax, programs, [m for m in MODES if m != "native-O2"], ratio, lo, hi, label_all=False)
    ax.set_title(f"{flavour.name} IR, relative to native -O2 (green line)  "
                 f"({flavour.description.replace('clang-22 ', '')})", fontsize=8.5, fontweight="bold")
    if not first:
        ax.tick_params(axis="y", labelleft=False)


def startup_panel(ax, table, programs, flavour, first):
    lo, hi = 1, 100000
    ax.set_xscale("log")
    ax.set_xlim(lo, hi)
    ticks = [1, 10, 100, 1000, 10000, 100000]
    ax.set_xticks(ticks, [f"{t:g} ms" if t < 1000 else f"{t / 1000:g} s" for t in ticks])
    ax.grid(axis="x", color="#ddd", lw=0.8)
    ax.set_axisbelow(True)

    def wall(program, mode):
        w = table[program][flavour.name][mode]["wall"]
        return w * 1000, (f"{w * 1000:.0f} ms" if w < 1 else f"{w:.1f} s")
    bars(ax, programs, MODES, wall, lo, hi, label_all=True)
    ax.set_title(f"Start-up cases, {flavour.name} IR: wall time (log scale; native runs take a few ms)",
                 fontsize=8.5, fontweight="bold")
    if not first:
        ax.tick_params(axis="y", labelleft=False)
