"""hotjit benchmark harness, in modules with one job each (bench/bench.py is the entry point):

programs  what is benchmarked: the programs, IR flavours and modes
build     the tools and the builds (IR in each flavour, the same IR compiled natively, opt -O2 output)
measure   timed runs of the programs in every mode, their medians, hotjit's --stats-json profiles
micro     the microbenchmarks: stub calls, lazy first calls, tier-0 counter overhead under callgrind
figures   figures computed from measurements (geometric means, tier-up latency and compile-time summaries)
report    bench/RESULTS.md and bench/results.json
chart     bench/results.svg, drawn with matplotlib
"""
