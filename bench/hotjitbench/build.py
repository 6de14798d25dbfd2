"""The tools and the builds: each program's IR in every flavour, the same IR compiled natively at -O0 and -O2, and
opt -O2 output for lli -O2. Builds are reused while the sources are older than them."""
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from .programs import BENCH, FLAVOURS, GENERATED_SOURCE


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


def find_tools():
    """clang, clang++, lli and opt of LLVM 22, and /usr/bin/time."""
    tools = {"clang": tool("clang-22"), "clang++": tool("clang++-22"), "lli": tool("lli-22"),
             "opt": tool("opt-22", "/usr/lib/llvm-22/bin/opt")}
    if not os.path.exists("/usr/bin/time"):
        raise SystemExit("bench: /usr/bin/time is missing (apt-get install time)")
    return tools


def stale(outputs, source):
    return any(not os.path.exists(o) or os.path.getmtime(o) < os.path.getmtime(source) for o in outputs)


def emit_ir(source, flags, ll, tools):
    cc = tools["clang++"] if source.endswith(".cpp") else tools["clang"]
    sh([cc, *flags, "-ffp-contract=off", "-w", "-S", "-emit-llvm", source, "-o", ll])


def build(work, name, source, flavour, tools):
    """IR in one flavour, the same IR compiled natively at -O0 and -O2, and opt -O2 output for lli -O2."""
    is_cpp = source.endswith(".cpp")
    cc = tools["clang++"] if is_cpp else tools["clang"]
    base = os.path.join(work, f"{name}.{flavour.name}")
    ll = base + ".ll"
    libs = [] if is_cpp else ["-lm"]
    if stale([ll, base + ".native-O0", base + ".native-O2", base + ".opt.bc"], source):
        emit_ir(source, flavour.flags, ll, tools)
        sh([cc, "-O0", ll, "-o", base + ".native-O0", *libs])
        sh([cc, "-O2", ll, "-o", base + ".native-O2", *libs])
        sh([tools["opt"], "-O2", ll, "-o", base + ".opt.bc"])
    return base


def generate_large_module(work, quick):
    """Writes startup-large.c (a module of 5,000 functions, 100 with --quick) unless it is already so."""
    source = os.path.join(work, GENERATED_SOURCE)
    functions = "100" if quick else "5000"  # clang -O2 of 5,000 functions takes ~90 s here
    text = subprocess.run([sys.executable, os.path.join(BENCH, "startup", "generate-large-module.py"),
                           "--functions", functions, "--called", "10"], stdout=subprocess.PIPE, text=True,
                          check=True).stdout
    old = open(source).read() if os.path.exists(source) else None
    if old != text:
        with open(source, "w") as f:
            f.write(text)


def build_all(opts, tools, work, selected):
    """Builds every program in every flavour, os.cpu_count() builds at a time."""
    jobs = []
    for program in selected:
        if program.source is None:
            generate_large_module(work, opts.quick)
        for flavour in FLAVOURS:
            jobs.append((program.name, program.source_path(work), flavour))
    # Longest first (the generated module and C++), so the pool finishes together.
    jobs.sort(key=lambda j: (j[0] != "startup-large", not j[1].endswith(".cpp")))
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for future in [pool.submit(build, work, n, src, fl, tools) for n, src, fl in jobs]:
            future.result()
