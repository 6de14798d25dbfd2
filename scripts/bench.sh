#!/usr/bin/env bash
# Benchmarks hotjit against lli and native code on the programs in bench/programs (see bench/README.md).
# Usage: scripts/bench.sh [--runs N] [--quick] [--only REGEX] [--jit PATH] [--no-micro]
#   full run: writes bench/RESULTS.md, bench/results.svg and bench/results.json (about 20 minutes on 2 cores); the
#             chart needs matplotlib (pip install matplotlib, done on demand; without it the chart step is skipped)
#   --quick:  one run at small sizes, checks that every mode prints the same output; writes nothing under bench/ and
#             needs no matplotlib
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
exec python3 "$root/bench/bench.py" "$@"
