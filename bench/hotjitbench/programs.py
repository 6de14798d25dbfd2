"""What is benchmarked: the programs of bench/programs as typed records, the IR flavours and the modes."""
import os
import re
from dataclasses import dataclass

BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(BENCH)
PROGRAMS_DIR = os.path.join(BENCH, "programs")
GENERATED_SOURCE = "startup-large.c"  # written into the work directory by build.build_all


@dataclass(frozen=True)
class Program:
    name: str
    source: str | None           # file name in bench/programs; None: generated (startup-large)
    args: tuple[str, ...]        # full-size arguments
    quick_args: tuple[str, ...]  # --quick arguments
    kind: str                    # "compute" or "startup"
    description: str
    # Tier-0 counter overhead (microbenchmark 4): a small and a large argument under callgrind (compute programs).
    overhead_sizes: tuple[str, str] | None = None

    def arguments(self, quick):
        return list(self.quick_args if quick else self.args)

    def source_path(self, work):
        return os.path.join(work, GENERATED_SOURCE) if self.source is None else os.path.join(PROGRAMS_DIR, self.source)


@dataclass(frozen=True)
class Flavour:
    name: str
    flags: tuple[str, ...]
    description: str


def compute(name, source, args, quick_args, description, overhead_sizes):
    return Program(name, source, (args,), (quick_args,), "compute", description, overhead_sizes)


# Overhead sizes: tier 0 under callgrind runs 10-50x slower than natively, so the large size keeps one run within
# ~20-30 s here; the small one is a fifth of the work or less, so that the difference (which cancels start-up and
# compile work) is most of the large run: 70-85%, but about half for vcalls, whose start-up and compile alone take
# 1.3·10⁹ instructions.
PROGRAMS = [
    compute("calls", "calls.c", "100000", "500", "small functions, structs by value (vectors, rationals)",
            ("12000", "60000")),
    compute("fib", "fib.c", "41", "25", "recursion: naive Fibonacci, Ackermann, Takeuchi", ("35", "38")),
    compute("bintrees", "bintrees.c", "18", "10", "recursion + malloc/free: binary trees", ("14", "16")),
    compute("hotloop", "hotloop.c", "110", "1", "one hot loop in main only (needs OSR to get optimized)",
            ("40", "200")),
    compute("fannkuch", "fannkuch.c", "10", "7", "permutations in one call, three VLAs (needs OSR with live-ins)",
            ("8", "9")),
    compute("interp", "interp.c", "25000", "500", "bytecode interpreter, switch dispatch", ("4000", "12000")),
    compute("hashtable", "hashtable.c", "2500", "20", "open-addressing hash table of strings", ("300", "1500")),
    compute("nbody", "nbody.c", "5500", "20", "floating point: n-body", ("800", "4000")),
    compute("spectral", "spectral.c", "2400", "100", "floating point: spectral norm", ("700", "1800")),
    compute("mandelbrot", "mandelbrot.c", "720", "60", "floating point: Mandelbrot set", ("250", "600")),
    compute("sort", "sort.c", "1400", "10", "quicksort, merge sort, qsort with a JIT'd comparator", ("200", "900")),
    compute("matmul", "matmul.c", "540", "40", "matrix multiply (double) and integer matrix power", ("280", "480")),
    compute("vcalls", "vcalls.cpp", "900", "5", "C++: virtual calls, std::vector, std::sort, unique_ptr",
            ("20", "300")),
    Program("startup-large", None, (), (), "startup", "start-up: generated module of 5,000 functions, 10 called"),
    Program("startup-cmd", "cmdtool.cpp", ("help",), ("help",), "startup",
            "start-up: C++ text tool (iostream, map) running `help`"),
]

FLAVOURS = [
    Flavour("O2np", ("-O2", "-Xclang", "-disable-llvm-passes"), "clang-22 -O2 -Xclang -disable-llvm-passes"),
    Flavour("O0", ("-O0",), "clang-22 -O0"),
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


def select(pattern=None):
    """The programs whose name matches the regular expression pattern (all without one)."""
    return [p for p in PROGRAMS if not pattern or re.search(pattern, p.name)]
