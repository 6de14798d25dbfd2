; Regression input (not a csmith program): LLVM codegen stall behind a synchronous tier-up, found by
; scripts/csmith.sh on csmith 2.3.0 seed 221 (clang-22 -O0 IR).
;
; What it shows: `hotjit-run --threshold=1 --backedge-threshold=1 --sync-tierup p.ll` on seed 221 takes 60-140 s
; (native run: 40 ms; the same run with background compiles, --inline-candidates<=4 or --opt-level=2: ~2 s). The
; time is spent in SelectionDAG::Combine while generating code for the tier-1 unit of func_72: the O3 pipeline,
; with callee bodies inlined, fully unrolls an 11 x 43 loop nest into one basic block of ~2000 volatile loads/stores
; interleaved with ~350 plain `store i16 1, ptr @g_110` (see `--dump=ir`: func_72.t1.ll). `llc-22 -O2` on that
; dumped IR alone takes ~30 s of CPU. The pattern, reduced by llvm-reduce and regenerated below at 300 steps:
; every step is a volatile i8 load, a plain i16 store, and a volatile i32 read-xor-write.
;   llc-22 -O2 on N steps: 50 -> 0.25 s, 100 -> 1 s, 200 -> 4.8 s, 400 -> 10 s (quadratic or worse);
;   the same 400 steps without the plain i16 stores: 0.12 s; with llc -O0: 0.11 s.
; So this is LLVM 22's DAG combiner, not a hotjit miscompile; hotjit's part is that a synchronous tier-up has no
; bound: the program thread stalls for as long as LLVM takes (background tier-up just keeps running tier 0).
;
; Fixed in hotjit: optimized code whose largest basic block has more than 1000 memory operations is generated with
; FastISel's instruction selection (FunctionCompiler.largeBlockMemoryOperations; engine test
; testHugeBasicBlocksAreGeneratedWithFastInstructionSelection). Seed 221 in the tierup1-sync mode: 8.8 s -> 0.56 s
; (native 40 ms); seed 221 is among the CI seeds.
;
; Repro (engine):  d=$(mktemp -d) && cd $d && csmith --seed 221 > p.c &&
;   clang-22 -O0 -w -I/usr/include/csmith -emit-llvm -S -o p.ll p.c &&
;   time hotjit-run --threshold=1 --backedge-threshold=1 --sync-tierup p.ll      # expected: checksum = CAEC1EE7
; Repro (LLVM only): time llc-22 -O2 Tests/csmith/regressions/seed221_dagcombine_stall.ll -o /dev/null
;   (several seconds; compare with the same file without the `store i16` lines)
; On hotjit this file runs fast (0.2 s): given as input, the plain stores are redundant and O3's DSE removes them
; before code generation. In seed 221 they appear only when full unrolling runs late in the pipeline, after the
; passes that would remove them. A small C program that makes hotjit's tier-1 pipeline produce the pattern has not
; been found yet (creduce on seed 221 is slow: every still-interesting candidate is an >= 8 s stall); until then the
; engine-level regression is csmith seed 221 itself (the command above).
@g_43 = global i32 0
@g_79 = global i8 0
@g_110 = global i16 0

define void @steps() {
  %a1 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b1 = load volatile i32, ptr @g_43
  %c1 = xor i32 %b1, 522831626
  store volatile i32 %c1, ptr @g_43
  %a2 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b2 = load volatile i32, ptr @g_43
  %c2 = xor i32 %b2, 522831626
  store volatile i32 %c2, ptr @g_43
  %a3 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b3 = load volatile i32, ptr @g_43
  %c3 = xor i32 %b3, 522831626
  store volatile i32 %c3, ptr @g_43
  %a4 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b4 = load volatile i32, ptr @g_43
  %c4 = xor i32 %b4, 522831626
  store volatile i32 %c4, ptr @g_43
  %a5 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b5 = load volatile i32, ptr @g_43
  %c5 = xor i32 %b5, 522831626
  store volatile i32 %c5, ptr @g_43
  %a6 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b6 = load volatile i32, ptr @g_43
  %c6 = xor i32 %b6, 522831626
  store volatile i32 %c6, ptr @g_43
  %a7 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b7 = load volatile i32, ptr @g_43
  %c7 = xor i32 %b7, 522831626
  store volatile i32 %c7, ptr @g_43
  %a8 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b8 = load volatile i32, ptr @g_43
  %c8 = xor i32 %b8, 522831626
  store volatile i32 %c8, ptr @g_43
  %a9 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b9 = load volatile i32, ptr @g_43
  %c9 = xor i32 %b9, 522831626
  store volatile i32 %c9, ptr @g_43
  %a10 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b10 = load volatile i32, ptr @g_43
  %c10 = xor i32 %b10, 522831626
  store volatile i32 %c10, ptr @g_43
  %a11 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b11 = load volatile i32, ptr @g_43
  %c11 = xor i32 %b11, 522831626
  store volatile i32 %c11, ptr @g_43
  %a12 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b12 = load volatile i32, ptr @g_43
  %c12 = xor i32 %b12, 522831626
  store volatile i32 %c12, ptr @g_43
  %a13 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b13 = load volatile i32, ptr @g_43
  %c13 = xor i32 %b13, 522831626
  store volatile i32 %c13, ptr @g_43
  %a14 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b14 = load volatile i32, ptr @g_43
  %c14 = xor i32 %b14, 522831626
  store volatile i32 %c14, ptr @g_43
  %a15 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b15 = load volatile i32, ptr @g_43
  %c15 = xor i32 %b15, 522831626
  store volatile i32 %c15, ptr @g_43
  %a16 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b16 = load volatile i32, ptr @g_43
  %c16 = xor i32 %b16, 522831626
  store volatile i32 %c16, ptr @g_43
  %a17 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b17 = load volatile i32, ptr @g_43
  %c17 = xor i32 %b17, 522831626
  store volatile i32 %c17, ptr @g_43
  %a18 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b18 = load volatile i32, ptr @g_43
  %c18 = xor i32 %b18, 522831626
  store volatile i32 %c18, ptr @g_43
  %a19 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b19 = load volatile i32, ptr @g_43
  %c19 = xor i32 %b19, 522831626
  store volatile i32 %c19, ptr @g_43
  %a20 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b20 = load volatile i32, ptr @g_43
  %c20 = xor i32 %b20, 522831626
  store volatile i32 %c20, ptr @g_43
  %a21 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b21 = load volatile i32, ptr @g_43
  %c21 = xor i32 %b21, 522831626
  store volatile i32 %c21, ptr @g_43
  %a22 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b22 = load volatile i32, ptr @g_43
  %c22 = xor i32 %b22, 522831626
  store volatile i32 %c22, ptr @g_43
  %a23 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b23 = load volatile i32, ptr @g_43
  %c23 = xor i32 %b23, 522831626
  store volatile i32 %c23, ptr @g_43
  %a24 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b24 = load volatile i32, ptr @g_43
  %c24 = xor i32 %b24, 522831626
  store volatile i32 %c24, ptr @g_43
  %a25 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b25 = load volatile i32, ptr @g_43
  %c25 = xor i32 %b25, 522831626
  store volatile i32 %c25, ptr @g_43
  %a26 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b26 = load volatile i32, ptr @g_43
  %c26 = xor i32 %b26, 522831626
  store volatile i32 %c26, ptr @g_43
  %a27 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b27 = load volatile i32, ptr @g_43
  %c27 = xor i32 %b27, 522831626
  store volatile i32 %c27, ptr @g_43
  %a28 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b28 = load volatile i32, ptr @g_43
  %c28 = xor i32 %b28, 522831626
  store volatile i32 %c28, ptr @g_43
  %a29 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b29 = load volatile i32, ptr @g_43
  %c29 = xor i32 %b29, 522831626
  store volatile i32 %c29, ptr @g_43
  %a30 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b30 = load volatile i32, ptr @g_43
  %c30 = xor i32 %b30, 522831626
  store volatile i32 %c30, ptr @g_43
  %a31 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b31 = load volatile i32, ptr @g_43
  %c31 = xor i32 %b31, 522831626
  store volatile i32 %c31, ptr @g_43
  %a32 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b32 = load volatile i32, ptr @g_43
  %c32 = xor i32 %b32, 522831626
  store volatile i32 %c32, ptr @g_43
  %a33 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b33 = load volatile i32, ptr @g_43
  %c33 = xor i32 %b33, 522831626
  store volatile i32 %c33, ptr @g_43
  %a34 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b34 = load volatile i32, ptr @g_43
  %c34 = xor i32 %b34, 522831626
  store volatile i32 %c34, ptr @g_43
  %a35 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b35 = load volatile i32, ptr @g_43
  %c35 = xor i32 %b35, 522831626
  store volatile i32 %c35, ptr @g_43
  %a36 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b36 = load volatile i32, ptr @g_43
  %c36 = xor i32 %b36, 522831626
  store volatile i32 %c36, ptr @g_43
  %a37 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b37 = load volatile i32, ptr @g_43
  %c37 = xor i32 %b37, 522831626
  store volatile i32 %c37, ptr @g_43
  %a38 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b38 = load volatile i32, ptr @g_43
  %c38 = xor i32 %b38, 522831626
  store volatile i32 %c38, ptr @g_43
  %a39 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b39 = load volatile i32, ptr @g_43
  %c39 = xor i32 %b39, 522831626
  store volatile i32 %c39, ptr @g_43
  %a40 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b40 = load volatile i32, ptr @g_43
  %c40 = xor i32 %b40, 522831626
  store volatile i32 %c40, ptr @g_43
  %a41 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b41 = load volatile i32, ptr @g_43
  %c41 = xor i32 %b41, 522831626
  store volatile i32 %c41, ptr @g_43
  %a42 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b42 = load volatile i32, ptr @g_43
  %c42 = xor i32 %b42, 522831626
  store volatile i32 %c42, ptr @g_43
  %a43 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b43 = load volatile i32, ptr @g_43
  %c43 = xor i32 %b43, 522831626
  store volatile i32 %c43, ptr @g_43
  %a44 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b44 = load volatile i32, ptr @g_43
  %c44 = xor i32 %b44, 522831626
  store volatile i32 %c44, ptr @g_43
  %a45 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b45 = load volatile i32, ptr @g_43
  %c45 = xor i32 %b45, 522831626
  store volatile i32 %c45, ptr @g_43
  %a46 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b46 = load volatile i32, ptr @g_43
  %c46 = xor i32 %b46, 522831626
  store volatile i32 %c46, ptr @g_43
  %a47 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b47 = load volatile i32, ptr @g_43
  %c47 = xor i32 %b47, 522831626
  store volatile i32 %c47, ptr @g_43
  %a48 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b48 = load volatile i32, ptr @g_43
  %c48 = xor i32 %b48, 522831626
  store volatile i32 %c48, ptr @g_43
  %a49 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b49 = load volatile i32, ptr @g_43
  %c49 = xor i32 %b49, 522831626
  store volatile i32 %c49, ptr @g_43
  %a50 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b50 = load volatile i32, ptr @g_43
  %c50 = xor i32 %b50, 522831626
  store volatile i32 %c50, ptr @g_43
  %a51 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b51 = load volatile i32, ptr @g_43
  %c51 = xor i32 %b51, 522831626
  store volatile i32 %c51, ptr @g_43
  %a52 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b52 = load volatile i32, ptr @g_43
  %c52 = xor i32 %b52, 522831626
  store volatile i32 %c52, ptr @g_43
  %a53 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b53 = load volatile i32, ptr @g_43
  %c53 = xor i32 %b53, 522831626
  store volatile i32 %c53, ptr @g_43
  %a54 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b54 = load volatile i32, ptr @g_43
  %c54 = xor i32 %b54, 522831626
  store volatile i32 %c54, ptr @g_43
  %a55 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b55 = load volatile i32, ptr @g_43
  %c55 = xor i32 %b55, 522831626
  store volatile i32 %c55, ptr @g_43
  %a56 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b56 = load volatile i32, ptr @g_43
  %c56 = xor i32 %b56, 522831626
  store volatile i32 %c56, ptr @g_43
  %a57 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b57 = load volatile i32, ptr @g_43
  %c57 = xor i32 %b57, 522831626
  store volatile i32 %c57, ptr @g_43
  %a58 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b58 = load volatile i32, ptr @g_43
  %c58 = xor i32 %b58, 522831626
  store volatile i32 %c58, ptr @g_43
  %a59 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b59 = load volatile i32, ptr @g_43
  %c59 = xor i32 %b59, 522831626
  store volatile i32 %c59, ptr @g_43
  %a60 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b60 = load volatile i32, ptr @g_43
  %c60 = xor i32 %b60, 522831626
  store volatile i32 %c60, ptr @g_43
  %a61 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b61 = load volatile i32, ptr @g_43
  %c61 = xor i32 %b61, 522831626
  store volatile i32 %c61, ptr @g_43
  %a62 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b62 = load volatile i32, ptr @g_43
  %c62 = xor i32 %b62, 522831626
  store volatile i32 %c62, ptr @g_43
  %a63 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b63 = load volatile i32, ptr @g_43
  %c63 = xor i32 %b63, 522831626
  store volatile i32 %c63, ptr @g_43
  %a64 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b64 = load volatile i32, ptr @g_43
  %c64 = xor i32 %b64, 522831626
  store volatile i32 %c64, ptr @g_43
  %a65 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b65 = load volatile i32, ptr @g_43
  %c65 = xor i32 %b65, 522831626
  store volatile i32 %c65, ptr @g_43
  %a66 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b66 = load volatile i32, ptr @g_43
  %c66 = xor i32 %b66, 522831626
  store volatile i32 %c66, ptr @g_43
  %a67 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b67 = load volatile i32, ptr @g_43
  %c67 = xor i32 %b67, 522831626
  store volatile i32 %c67, ptr @g_43
  %a68 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b68 = load volatile i32, ptr @g_43
  %c68 = xor i32 %b68, 522831626
  store volatile i32 %c68, ptr @g_43
  %a69 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b69 = load volatile i32, ptr @g_43
  %c69 = xor i32 %b69, 522831626
  store volatile i32 %c69, ptr @g_43
  %a70 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b70 = load volatile i32, ptr @g_43
  %c70 = xor i32 %b70, 522831626
  store volatile i32 %c70, ptr @g_43
  %a71 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b71 = load volatile i32, ptr @g_43
  %c71 = xor i32 %b71, 522831626
  store volatile i32 %c71, ptr @g_43
  %a72 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b72 = load volatile i32, ptr @g_43
  %c72 = xor i32 %b72, 522831626
  store volatile i32 %c72, ptr @g_43
  %a73 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b73 = load volatile i32, ptr @g_43
  %c73 = xor i32 %b73, 522831626
  store volatile i32 %c73, ptr @g_43
  %a74 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b74 = load volatile i32, ptr @g_43
  %c74 = xor i32 %b74, 522831626
  store volatile i32 %c74, ptr @g_43
  %a75 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b75 = load volatile i32, ptr @g_43
  %c75 = xor i32 %b75, 522831626
  store volatile i32 %c75, ptr @g_43
  %a76 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b76 = load volatile i32, ptr @g_43
  %c76 = xor i32 %b76, 522831626
  store volatile i32 %c76, ptr @g_43
  %a77 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b77 = load volatile i32, ptr @g_43
  %c77 = xor i32 %b77, 522831626
  store volatile i32 %c77, ptr @g_43
  %a78 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b78 = load volatile i32, ptr @g_43
  %c78 = xor i32 %b78, 522831626
  store volatile i32 %c78, ptr @g_43
  %a79 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b79 = load volatile i32, ptr @g_43
  %c79 = xor i32 %b79, 522831626
  store volatile i32 %c79, ptr @g_43
  %a80 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b80 = load volatile i32, ptr @g_43
  %c80 = xor i32 %b80, 522831626
  store volatile i32 %c80, ptr @g_43
  %a81 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b81 = load volatile i32, ptr @g_43
  %c81 = xor i32 %b81, 522831626
  store volatile i32 %c81, ptr @g_43
  %a82 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b82 = load volatile i32, ptr @g_43
  %c82 = xor i32 %b82, 522831626
  store volatile i32 %c82, ptr @g_43
  %a83 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b83 = load volatile i32, ptr @g_43
  %c83 = xor i32 %b83, 522831626
  store volatile i32 %c83, ptr @g_43
  %a84 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b84 = load volatile i32, ptr @g_43
  %c84 = xor i32 %b84, 522831626
  store volatile i32 %c84, ptr @g_43
  %a85 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b85 = load volatile i32, ptr @g_43
  %c85 = xor i32 %b85, 522831626
  store volatile i32 %c85, ptr @g_43
  %a86 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b86 = load volatile i32, ptr @g_43
  %c86 = xor i32 %b86, 522831626
  store volatile i32 %c86, ptr @g_43
  %a87 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b87 = load volatile i32, ptr @g_43
  %c87 = xor i32 %b87, 522831626
  store volatile i32 %c87, ptr @g_43
  %a88 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b88 = load volatile i32, ptr @g_43
  %c88 = xor i32 %b88, 522831626
  store volatile i32 %c88, ptr @g_43
  %a89 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b89 = load volatile i32, ptr @g_43
  %c89 = xor i32 %b89, 522831626
  store volatile i32 %c89, ptr @g_43
  %a90 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b90 = load volatile i32, ptr @g_43
  %c90 = xor i32 %b90, 522831626
  store volatile i32 %c90, ptr @g_43
  %a91 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b91 = load volatile i32, ptr @g_43
  %c91 = xor i32 %b91, 522831626
  store volatile i32 %c91, ptr @g_43
  %a92 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b92 = load volatile i32, ptr @g_43
  %c92 = xor i32 %b92, 522831626
  store volatile i32 %c92, ptr @g_43
  %a93 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b93 = load volatile i32, ptr @g_43
  %c93 = xor i32 %b93, 522831626
  store volatile i32 %c93, ptr @g_43
  %a94 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b94 = load volatile i32, ptr @g_43
  %c94 = xor i32 %b94, 522831626
  store volatile i32 %c94, ptr @g_43
  %a95 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b95 = load volatile i32, ptr @g_43
  %c95 = xor i32 %b95, 522831626
  store volatile i32 %c95, ptr @g_43
  %a96 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b96 = load volatile i32, ptr @g_43
  %c96 = xor i32 %b96, 522831626
  store volatile i32 %c96, ptr @g_43
  %a97 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b97 = load volatile i32, ptr @g_43
  %c97 = xor i32 %b97, 522831626
  store volatile i32 %c97, ptr @g_43
  %a98 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b98 = load volatile i32, ptr @g_43
  %c98 = xor i32 %b98, 522831626
  store volatile i32 %c98, ptr @g_43
  %a99 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b99 = load volatile i32, ptr @g_43
  %c99 = xor i32 %b99, 522831626
  store volatile i32 %c99, ptr @g_43
  %a100 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b100 = load volatile i32, ptr @g_43
  %c100 = xor i32 %b100, 522831626
  store volatile i32 %c100, ptr @g_43
  %a101 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b101 = load volatile i32, ptr @g_43
  %c101 = xor i32 %b101, 522831626
  store volatile i32 %c101, ptr @g_43
  %a102 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b102 = load volatile i32, ptr @g_43
  %c102 = xor i32 %b102, 522831626
  store volatile i32 %c102, ptr @g_43
  %a103 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b103 = load volatile i32, ptr @g_43
  %c103 = xor i32 %b103, 522831626
  store volatile i32 %c103, ptr @g_43
  %a104 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b104 = load volatile i32, ptr @g_43
  %c104 = xor i32 %b104, 522831626
  store volatile i32 %c104, ptr @g_43
  %a105 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b105 = load volatile i32, ptr @g_43
  %c105 = xor i32 %b105, 522831626
  store volatile i32 %c105, ptr @g_43
  %a106 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b106 = load volatile i32, ptr @g_43
  %c106 = xor i32 %b106, 522831626
  store volatile i32 %c106, ptr @g_43
  %a107 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b107 = load volatile i32, ptr @g_43
  %c107 = xor i32 %b107, 522831626
  store volatile i32 %c107, ptr @g_43
  %a108 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b108 = load volatile i32, ptr @g_43
  %c108 = xor i32 %b108, 522831626
  store volatile i32 %c108, ptr @g_43
  %a109 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b109 = load volatile i32, ptr @g_43
  %c109 = xor i32 %b109, 522831626
  store volatile i32 %c109, ptr @g_43
  %a110 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b110 = load volatile i32, ptr @g_43
  %c110 = xor i32 %b110, 522831626
  store volatile i32 %c110, ptr @g_43
  %a111 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b111 = load volatile i32, ptr @g_43
  %c111 = xor i32 %b111, 522831626
  store volatile i32 %c111, ptr @g_43
  %a112 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b112 = load volatile i32, ptr @g_43
  %c112 = xor i32 %b112, 522831626
  store volatile i32 %c112, ptr @g_43
  %a113 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b113 = load volatile i32, ptr @g_43
  %c113 = xor i32 %b113, 522831626
  store volatile i32 %c113, ptr @g_43
  %a114 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b114 = load volatile i32, ptr @g_43
  %c114 = xor i32 %b114, 522831626
  store volatile i32 %c114, ptr @g_43
  %a115 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b115 = load volatile i32, ptr @g_43
  %c115 = xor i32 %b115, 522831626
  store volatile i32 %c115, ptr @g_43
  %a116 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b116 = load volatile i32, ptr @g_43
  %c116 = xor i32 %b116, 522831626
  store volatile i32 %c116, ptr @g_43
  %a117 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b117 = load volatile i32, ptr @g_43
  %c117 = xor i32 %b117, 522831626
  store volatile i32 %c117, ptr @g_43
  %a118 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b118 = load volatile i32, ptr @g_43
  %c118 = xor i32 %b118, 522831626
  store volatile i32 %c118, ptr @g_43
  %a119 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b119 = load volatile i32, ptr @g_43
  %c119 = xor i32 %b119, 522831626
  store volatile i32 %c119, ptr @g_43
  %a120 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b120 = load volatile i32, ptr @g_43
  %c120 = xor i32 %b120, 522831626
  store volatile i32 %c120, ptr @g_43
  %a121 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b121 = load volatile i32, ptr @g_43
  %c121 = xor i32 %b121, 522831626
  store volatile i32 %c121, ptr @g_43
  %a122 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b122 = load volatile i32, ptr @g_43
  %c122 = xor i32 %b122, 522831626
  store volatile i32 %c122, ptr @g_43
  %a123 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b123 = load volatile i32, ptr @g_43
  %c123 = xor i32 %b123, 522831626
  store volatile i32 %c123, ptr @g_43
  %a124 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b124 = load volatile i32, ptr @g_43
  %c124 = xor i32 %b124, 522831626
  store volatile i32 %c124, ptr @g_43
  %a125 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b125 = load volatile i32, ptr @g_43
  %c125 = xor i32 %b125, 522831626
  store volatile i32 %c125, ptr @g_43
  %a126 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b126 = load volatile i32, ptr @g_43
  %c126 = xor i32 %b126, 522831626
  store volatile i32 %c126, ptr @g_43
  %a127 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b127 = load volatile i32, ptr @g_43
  %c127 = xor i32 %b127, 522831626
  store volatile i32 %c127, ptr @g_43
  %a128 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b128 = load volatile i32, ptr @g_43
  %c128 = xor i32 %b128, 522831626
  store volatile i32 %c128, ptr @g_43
  %a129 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b129 = load volatile i32, ptr @g_43
  %c129 = xor i32 %b129, 522831626
  store volatile i32 %c129, ptr @g_43
  %a130 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b130 = load volatile i32, ptr @g_43
  %c130 = xor i32 %b130, 522831626
  store volatile i32 %c130, ptr @g_43
  %a131 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b131 = load volatile i32, ptr @g_43
  %c131 = xor i32 %b131, 522831626
  store volatile i32 %c131, ptr @g_43
  %a132 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b132 = load volatile i32, ptr @g_43
  %c132 = xor i32 %b132, 522831626
  store volatile i32 %c132, ptr @g_43
  %a133 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b133 = load volatile i32, ptr @g_43
  %c133 = xor i32 %b133, 522831626
  store volatile i32 %c133, ptr @g_43
  %a134 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b134 = load volatile i32, ptr @g_43
  %c134 = xor i32 %b134, 522831626
  store volatile i32 %c134, ptr @g_43
  %a135 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b135 = load volatile i32, ptr @g_43
  %c135 = xor i32 %b135, 522831626
  store volatile i32 %c135, ptr @g_43
  %a136 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b136 = load volatile i32, ptr @g_43
  %c136 = xor i32 %b136, 522831626
  store volatile i32 %c136, ptr @g_43
  %a137 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b137 = load volatile i32, ptr @g_43
  %c137 = xor i32 %b137, 522831626
  store volatile i32 %c137, ptr @g_43
  %a138 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b138 = load volatile i32, ptr @g_43
  %c138 = xor i32 %b138, 522831626
  store volatile i32 %c138, ptr @g_43
  %a139 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b139 = load volatile i32, ptr @g_43
  %c139 = xor i32 %b139, 522831626
  store volatile i32 %c139, ptr @g_43
  %a140 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b140 = load volatile i32, ptr @g_43
  %c140 = xor i32 %b140, 522831626
  store volatile i32 %c140, ptr @g_43
  %a141 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b141 = load volatile i32, ptr @g_43
  %c141 = xor i32 %b141, 522831626
  store volatile i32 %c141, ptr @g_43
  %a142 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b142 = load volatile i32, ptr @g_43
  %c142 = xor i32 %b142, 522831626
  store volatile i32 %c142, ptr @g_43
  %a143 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b143 = load volatile i32, ptr @g_43
  %c143 = xor i32 %b143, 522831626
  store volatile i32 %c143, ptr @g_43
  %a144 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b144 = load volatile i32, ptr @g_43
  %c144 = xor i32 %b144, 522831626
  store volatile i32 %c144, ptr @g_43
  %a145 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b145 = load volatile i32, ptr @g_43
  %c145 = xor i32 %b145, 522831626
  store volatile i32 %c145, ptr @g_43
  %a146 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b146 = load volatile i32, ptr @g_43
  %c146 = xor i32 %b146, 522831626
  store volatile i32 %c146, ptr @g_43
  %a147 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b147 = load volatile i32, ptr @g_43
  %c147 = xor i32 %b147, 522831626
  store volatile i32 %c147, ptr @g_43
  %a148 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b148 = load volatile i32, ptr @g_43
  %c148 = xor i32 %b148, 522831626
  store volatile i32 %c148, ptr @g_43
  %a149 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b149 = load volatile i32, ptr @g_43
  %c149 = xor i32 %b149, 522831626
  store volatile i32 %c149, ptr @g_43
  %a150 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b150 = load volatile i32, ptr @g_43
  %c150 = xor i32 %b150, 522831626
  store volatile i32 %c150, ptr @g_43
  %a151 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b151 = load volatile i32, ptr @g_43
  %c151 = xor i32 %b151, 522831626
  store volatile i32 %c151, ptr @g_43
  %a152 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b152 = load volatile i32, ptr @g_43
  %c152 = xor i32 %b152, 522831626
  store volatile i32 %c152, ptr @g_43
  %a153 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b153 = load volatile i32, ptr @g_43
  %c153 = xor i32 %b153, 522831626
  store volatile i32 %c153, ptr @g_43
  %a154 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b154 = load volatile i32, ptr @g_43
  %c154 = xor i32 %b154, 522831626
  store volatile i32 %c154, ptr @g_43
  %a155 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b155 = load volatile i32, ptr @g_43
  %c155 = xor i32 %b155, 522831626
  store volatile i32 %c155, ptr @g_43
  %a156 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b156 = load volatile i32, ptr @g_43
  %c156 = xor i32 %b156, 522831626
  store volatile i32 %c156, ptr @g_43
  %a157 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b157 = load volatile i32, ptr @g_43
  %c157 = xor i32 %b157, 522831626
  store volatile i32 %c157, ptr @g_43
  %a158 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b158 = load volatile i32, ptr @g_43
  %c158 = xor i32 %b158, 522831626
  store volatile i32 %c158, ptr @g_43
  %a159 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b159 = load volatile i32, ptr @g_43
  %c159 = xor i32 %b159, 522831626
  store volatile i32 %c159, ptr @g_43
  %a160 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b160 = load volatile i32, ptr @g_43
  %c160 = xor i32 %b160, 522831626
  store volatile i32 %c160, ptr @g_43
  %a161 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b161 = load volatile i32, ptr @g_43
  %c161 = xor i32 %b161, 522831626
  store volatile i32 %c161, ptr @g_43
  %a162 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b162 = load volatile i32, ptr @g_43
  %c162 = xor i32 %b162, 522831626
  store volatile i32 %c162, ptr @g_43
  %a163 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b163 = load volatile i32, ptr @g_43
  %c163 = xor i32 %b163, 522831626
  store volatile i32 %c163, ptr @g_43
  %a164 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b164 = load volatile i32, ptr @g_43
  %c164 = xor i32 %b164, 522831626
  store volatile i32 %c164, ptr @g_43
  %a165 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b165 = load volatile i32, ptr @g_43
  %c165 = xor i32 %b165, 522831626
  store volatile i32 %c165, ptr @g_43
  %a166 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b166 = load volatile i32, ptr @g_43
  %c166 = xor i32 %b166, 522831626
  store volatile i32 %c166, ptr @g_43
  %a167 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b167 = load volatile i32, ptr @g_43
  %c167 = xor i32 %b167, 522831626
  store volatile i32 %c167, ptr @g_43
  %a168 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b168 = load volatile i32, ptr @g_43
  %c168 = xor i32 %b168, 522831626
  store volatile i32 %c168, ptr @g_43
  %a169 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b169 = load volatile i32, ptr @g_43
  %c169 = xor i32 %b169, 522831626
  store volatile i32 %c169, ptr @g_43
  %a170 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b170 = load volatile i32, ptr @g_43
  %c170 = xor i32 %b170, 522831626
  store volatile i32 %c170, ptr @g_43
  %a171 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b171 = load volatile i32, ptr @g_43
  %c171 = xor i32 %b171, 522831626
  store volatile i32 %c171, ptr @g_43
  %a172 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b172 = load volatile i32, ptr @g_43
  %c172 = xor i32 %b172, 522831626
  store volatile i32 %c172, ptr @g_43
  %a173 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b173 = load volatile i32, ptr @g_43
  %c173 = xor i32 %b173, 522831626
  store volatile i32 %c173, ptr @g_43
  %a174 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b174 = load volatile i32, ptr @g_43
  %c174 = xor i32 %b174, 522831626
  store volatile i32 %c174, ptr @g_43
  %a175 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b175 = load volatile i32, ptr @g_43
  %c175 = xor i32 %b175, 522831626
  store volatile i32 %c175, ptr @g_43
  %a176 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b176 = load volatile i32, ptr @g_43
  %c176 = xor i32 %b176, 522831626
  store volatile i32 %c176, ptr @g_43
  %a177 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b177 = load volatile i32, ptr @g_43
  %c177 = xor i32 %b177, 522831626
  store volatile i32 %c177, ptr @g_43
  %a178 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b178 = load volatile i32, ptr @g_43
  %c178 = xor i32 %b178, 522831626
  store volatile i32 %c178, ptr @g_43
  %a179 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b179 = load volatile i32, ptr @g_43
  %c179 = xor i32 %b179, 522831626
  store volatile i32 %c179, ptr @g_43
  %a180 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b180 = load volatile i32, ptr @g_43
  %c180 = xor i32 %b180, 522831626
  store volatile i32 %c180, ptr @g_43
  %a181 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b181 = load volatile i32, ptr @g_43
  %c181 = xor i32 %b181, 522831626
  store volatile i32 %c181, ptr @g_43
  %a182 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b182 = load volatile i32, ptr @g_43
  %c182 = xor i32 %b182, 522831626
  store volatile i32 %c182, ptr @g_43
  %a183 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b183 = load volatile i32, ptr @g_43
  %c183 = xor i32 %b183, 522831626
  store volatile i32 %c183, ptr @g_43
  %a184 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b184 = load volatile i32, ptr @g_43
  %c184 = xor i32 %b184, 522831626
  store volatile i32 %c184, ptr @g_43
  %a185 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b185 = load volatile i32, ptr @g_43
  %c185 = xor i32 %b185, 522831626
  store volatile i32 %c185, ptr @g_43
  %a186 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b186 = load volatile i32, ptr @g_43
  %c186 = xor i32 %b186, 522831626
  store volatile i32 %c186, ptr @g_43
  %a187 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b187 = load volatile i32, ptr @g_43
  %c187 = xor i32 %b187, 522831626
  store volatile i32 %c187, ptr @g_43
  %a188 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b188 = load volatile i32, ptr @g_43
  %c188 = xor i32 %b188, 522831626
  store volatile i32 %c188, ptr @g_43
  %a189 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b189 = load volatile i32, ptr @g_43
  %c189 = xor i32 %b189, 522831626
  store volatile i32 %c189, ptr @g_43
  %a190 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b190 = load volatile i32, ptr @g_43
  %c190 = xor i32 %b190, 522831626
  store volatile i32 %c190, ptr @g_43
  %a191 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b191 = load volatile i32, ptr @g_43
  %c191 = xor i32 %b191, 522831626
  store volatile i32 %c191, ptr @g_43
  %a192 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b192 = load volatile i32, ptr @g_43
  %c192 = xor i32 %b192, 522831626
  store volatile i32 %c192, ptr @g_43
  %a193 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b193 = load volatile i32, ptr @g_43
  %c193 = xor i32 %b193, 522831626
  store volatile i32 %c193, ptr @g_43
  %a194 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b194 = load volatile i32, ptr @g_43
  %c194 = xor i32 %b194, 522831626
  store volatile i32 %c194, ptr @g_43
  %a195 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b195 = load volatile i32, ptr @g_43
  %c195 = xor i32 %b195, 522831626
  store volatile i32 %c195, ptr @g_43
  %a196 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b196 = load volatile i32, ptr @g_43
  %c196 = xor i32 %b196, 522831626
  store volatile i32 %c196, ptr @g_43
  %a197 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b197 = load volatile i32, ptr @g_43
  %c197 = xor i32 %b197, 522831626
  store volatile i32 %c197, ptr @g_43
  %a198 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b198 = load volatile i32, ptr @g_43
  %c198 = xor i32 %b198, 522831626
  store volatile i32 %c198, ptr @g_43
  %a199 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b199 = load volatile i32, ptr @g_43
  %c199 = xor i32 %b199, 522831626
  store volatile i32 %c199, ptr @g_43
  %a200 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b200 = load volatile i32, ptr @g_43
  %c200 = xor i32 %b200, 522831626
  store volatile i32 %c200, ptr @g_43
  %a201 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b201 = load volatile i32, ptr @g_43
  %c201 = xor i32 %b201, 522831626
  store volatile i32 %c201, ptr @g_43
  %a202 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b202 = load volatile i32, ptr @g_43
  %c202 = xor i32 %b202, 522831626
  store volatile i32 %c202, ptr @g_43
  %a203 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b203 = load volatile i32, ptr @g_43
  %c203 = xor i32 %b203, 522831626
  store volatile i32 %c203, ptr @g_43
  %a204 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b204 = load volatile i32, ptr @g_43
  %c204 = xor i32 %b204, 522831626
  store volatile i32 %c204, ptr @g_43
  %a205 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b205 = load volatile i32, ptr @g_43
  %c205 = xor i32 %b205, 522831626
  store volatile i32 %c205, ptr @g_43
  %a206 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b206 = load volatile i32, ptr @g_43
  %c206 = xor i32 %b206, 522831626
  store volatile i32 %c206, ptr @g_43
  %a207 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b207 = load volatile i32, ptr @g_43
  %c207 = xor i32 %b207, 522831626
  store volatile i32 %c207, ptr @g_43
  %a208 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b208 = load volatile i32, ptr @g_43
  %c208 = xor i32 %b208, 522831626
  store volatile i32 %c208, ptr @g_43
  %a209 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b209 = load volatile i32, ptr @g_43
  %c209 = xor i32 %b209, 522831626
  store volatile i32 %c209, ptr @g_43
  %a210 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b210 = load volatile i32, ptr @g_43
  %c210 = xor i32 %b210, 522831626
  store volatile i32 %c210, ptr @g_43
  %a211 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b211 = load volatile i32, ptr @g_43
  %c211 = xor i32 %b211, 522831626
  store volatile i32 %c211, ptr @g_43
  %a212 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b212 = load volatile i32, ptr @g_43
  %c212 = xor i32 %b212, 522831626
  store volatile i32 %c212, ptr @g_43
  %a213 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b213 = load volatile i32, ptr @g_43
  %c213 = xor i32 %b213, 522831626
  store volatile i32 %c213, ptr @g_43
  %a214 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b214 = load volatile i32, ptr @g_43
  %c214 = xor i32 %b214, 522831626
  store volatile i32 %c214, ptr @g_43
  %a215 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b215 = load volatile i32, ptr @g_43
  %c215 = xor i32 %b215, 522831626
  store volatile i32 %c215, ptr @g_43
  %a216 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b216 = load volatile i32, ptr @g_43
  %c216 = xor i32 %b216, 522831626
  store volatile i32 %c216, ptr @g_43
  %a217 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b217 = load volatile i32, ptr @g_43
  %c217 = xor i32 %b217, 522831626
  store volatile i32 %c217, ptr @g_43
  %a218 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b218 = load volatile i32, ptr @g_43
  %c218 = xor i32 %b218, 522831626
  store volatile i32 %c218, ptr @g_43
  %a219 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b219 = load volatile i32, ptr @g_43
  %c219 = xor i32 %b219, 522831626
  store volatile i32 %c219, ptr @g_43
  %a220 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b220 = load volatile i32, ptr @g_43
  %c220 = xor i32 %b220, 522831626
  store volatile i32 %c220, ptr @g_43
  %a221 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b221 = load volatile i32, ptr @g_43
  %c221 = xor i32 %b221, 522831626
  store volatile i32 %c221, ptr @g_43
  %a222 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b222 = load volatile i32, ptr @g_43
  %c222 = xor i32 %b222, 522831626
  store volatile i32 %c222, ptr @g_43
  %a223 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b223 = load volatile i32, ptr @g_43
  %c223 = xor i32 %b223, 522831626
  store volatile i32 %c223, ptr @g_43
  %a224 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b224 = load volatile i32, ptr @g_43
  %c224 = xor i32 %b224, 522831626
  store volatile i32 %c224, ptr @g_43
  %a225 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b225 = load volatile i32, ptr @g_43
  %c225 = xor i32 %b225, 522831626
  store volatile i32 %c225, ptr @g_43
  %a226 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b226 = load volatile i32, ptr @g_43
  %c226 = xor i32 %b226, 522831626
  store volatile i32 %c226, ptr @g_43
  %a227 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b227 = load volatile i32, ptr @g_43
  %c227 = xor i32 %b227, 522831626
  store volatile i32 %c227, ptr @g_43
  %a228 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b228 = load volatile i32, ptr @g_43
  %c228 = xor i32 %b228, 522831626
  store volatile i32 %c228, ptr @g_43
  %a229 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b229 = load volatile i32, ptr @g_43
  %c229 = xor i32 %b229, 522831626
  store volatile i32 %c229, ptr @g_43
  %a230 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b230 = load volatile i32, ptr @g_43
  %c230 = xor i32 %b230, 522831626
  store volatile i32 %c230, ptr @g_43
  %a231 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b231 = load volatile i32, ptr @g_43
  %c231 = xor i32 %b231, 522831626
  store volatile i32 %c231, ptr @g_43
  %a232 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b232 = load volatile i32, ptr @g_43
  %c232 = xor i32 %b232, 522831626
  store volatile i32 %c232, ptr @g_43
  %a233 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b233 = load volatile i32, ptr @g_43
  %c233 = xor i32 %b233, 522831626
  store volatile i32 %c233, ptr @g_43
  %a234 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b234 = load volatile i32, ptr @g_43
  %c234 = xor i32 %b234, 522831626
  store volatile i32 %c234, ptr @g_43
  %a235 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b235 = load volatile i32, ptr @g_43
  %c235 = xor i32 %b235, 522831626
  store volatile i32 %c235, ptr @g_43
  %a236 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b236 = load volatile i32, ptr @g_43
  %c236 = xor i32 %b236, 522831626
  store volatile i32 %c236, ptr @g_43
  %a237 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b237 = load volatile i32, ptr @g_43
  %c237 = xor i32 %b237, 522831626
  store volatile i32 %c237, ptr @g_43
  %a238 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b238 = load volatile i32, ptr @g_43
  %c238 = xor i32 %b238, 522831626
  store volatile i32 %c238, ptr @g_43
  %a239 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b239 = load volatile i32, ptr @g_43
  %c239 = xor i32 %b239, 522831626
  store volatile i32 %c239, ptr @g_43
  %a240 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b240 = load volatile i32, ptr @g_43
  %c240 = xor i32 %b240, 522831626
  store volatile i32 %c240, ptr @g_43
  %a241 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b241 = load volatile i32, ptr @g_43
  %c241 = xor i32 %b241, 522831626
  store volatile i32 %c241, ptr @g_43
  %a242 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b242 = load volatile i32, ptr @g_43
  %c242 = xor i32 %b242, 522831626
  store volatile i32 %c242, ptr @g_43
  %a243 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b243 = load volatile i32, ptr @g_43
  %c243 = xor i32 %b243, 522831626
  store volatile i32 %c243, ptr @g_43
  %a244 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b244 = load volatile i32, ptr @g_43
  %c244 = xor i32 %b244, 522831626
  store volatile i32 %c244, ptr @g_43
  %a245 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b245 = load volatile i32, ptr @g_43
  %c245 = xor i32 %b245, 522831626
  store volatile i32 %c245, ptr @g_43
  %a246 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b246 = load volatile i32, ptr @g_43
  %c246 = xor i32 %b246, 522831626
  store volatile i32 %c246, ptr @g_43
  %a247 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b247 = load volatile i32, ptr @g_43
  %c247 = xor i32 %b247, 522831626
  store volatile i32 %c247, ptr @g_43
  %a248 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b248 = load volatile i32, ptr @g_43
  %c248 = xor i32 %b248, 522831626
  store volatile i32 %c248, ptr @g_43
  %a249 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b249 = load volatile i32, ptr @g_43
  %c249 = xor i32 %b249, 522831626
  store volatile i32 %c249, ptr @g_43
  %a250 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b250 = load volatile i32, ptr @g_43
  %c250 = xor i32 %b250, 522831626
  store volatile i32 %c250, ptr @g_43
  %a251 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b251 = load volatile i32, ptr @g_43
  %c251 = xor i32 %b251, 522831626
  store volatile i32 %c251, ptr @g_43
  %a252 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b252 = load volatile i32, ptr @g_43
  %c252 = xor i32 %b252, 522831626
  store volatile i32 %c252, ptr @g_43
  %a253 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b253 = load volatile i32, ptr @g_43
  %c253 = xor i32 %b253, 522831626
  store volatile i32 %c253, ptr @g_43
  %a254 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b254 = load volatile i32, ptr @g_43
  %c254 = xor i32 %b254, 522831626
  store volatile i32 %c254, ptr @g_43
  %a255 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b255 = load volatile i32, ptr @g_43
  %c255 = xor i32 %b255, 522831626
  store volatile i32 %c255, ptr @g_43
  %a256 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b256 = load volatile i32, ptr @g_43
  %c256 = xor i32 %b256, 522831626
  store volatile i32 %c256, ptr @g_43
  %a257 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b257 = load volatile i32, ptr @g_43
  %c257 = xor i32 %b257, 522831626
  store volatile i32 %c257, ptr @g_43
  %a258 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b258 = load volatile i32, ptr @g_43
  %c258 = xor i32 %b258, 522831626
  store volatile i32 %c258, ptr @g_43
  %a259 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b259 = load volatile i32, ptr @g_43
  %c259 = xor i32 %b259, 522831626
  store volatile i32 %c259, ptr @g_43
  %a260 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b260 = load volatile i32, ptr @g_43
  %c260 = xor i32 %b260, 522831626
  store volatile i32 %c260, ptr @g_43
  %a261 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b261 = load volatile i32, ptr @g_43
  %c261 = xor i32 %b261, 522831626
  store volatile i32 %c261, ptr @g_43
  %a262 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b262 = load volatile i32, ptr @g_43
  %c262 = xor i32 %b262, 522831626
  store volatile i32 %c262, ptr @g_43
  %a263 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b263 = load volatile i32, ptr @g_43
  %c263 = xor i32 %b263, 522831626
  store volatile i32 %c263, ptr @g_43
  %a264 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b264 = load volatile i32, ptr @g_43
  %c264 = xor i32 %b264, 522831626
  store volatile i32 %c264, ptr @g_43
  %a265 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b265 = load volatile i32, ptr @g_43
  %c265 = xor i32 %b265, 522831626
  store volatile i32 %c265, ptr @g_43
  %a266 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b266 = load volatile i32, ptr @g_43
  %c266 = xor i32 %b266, 522831626
  store volatile i32 %c266, ptr @g_43
  %a267 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b267 = load volatile i32, ptr @g_43
  %c267 = xor i32 %b267, 522831626
  store volatile i32 %c267, ptr @g_43
  %a268 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b268 = load volatile i32, ptr @g_43
  %c268 = xor i32 %b268, 522831626
  store volatile i32 %c268, ptr @g_43
  %a269 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b269 = load volatile i32, ptr @g_43
  %c269 = xor i32 %b269, 522831626
  store volatile i32 %c269, ptr @g_43
  %a270 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b270 = load volatile i32, ptr @g_43
  %c270 = xor i32 %b270, 522831626
  store volatile i32 %c270, ptr @g_43
  %a271 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b271 = load volatile i32, ptr @g_43
  %c271 = xor i32 %b271, 522831626
  store volatile i32 %c271, ptr @g_43
  %a272 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b272 = load volatile i32, ptr @g_43
  %c272 = xor i32 %b272, 522831626
  store volatile i32 %c272, ptr @g_43
  %a273 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b273 = load volatile i32, ptr @g_43
  %c273 = xor i32 %b273, 522831626
  store volatile i32 %c273, ptr @g_43
  %a274 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b274 = load volatile i32, ptr @g_43
  %c274 = xor i32 %b274, 522831626
  store volatile i32 %c274, ptr @g_43
  %a275 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b275 = load volatile i32, ptr @g_43
  %c275 = xor i32 %b275, 522831626
  store volatile i32 %c275, ptr @g_43
  %a276 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b276 = load volatile i32, ptr @g_43
  %c276 = xor i32 %b276, 522831626
  store volatile i32 %c276, ptr @g_43
  %a277 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b277 = load volatile i32, ptr @g_43
  %c277 = xor i32 %b277, 522831626
  store volatile i32 %c277, ptr @g_43
  %a278 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b278 = load volatile i32, ptr @g_43
  %c278 = xor i32 %b278, 522831626
  store volatile i32 %c278, ptr @g_43
  %a279 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b279 = load volatile i32, ptr @g_43
  %c279 = xor i32 %b279, 522831626
  store volatile i32 %c279, ptr @g_43
  %a280 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b280 = load volatile i32, ptr @g_43
  %c280 = xor i32 %b280, 522831626
  store volatile i32 %c280, ptr @g_43
  %a281 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b281 = load volatile i32, ptr @g_43
  %c281 = xor i32 %b281, 522831626
  store volatile i32 %c281, ptr @g_43
  %a282 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b282 = load volatile i32, ptr @g_43
  %c282 = xor i32 %b282, 522831626
  store volatile i32 %c282, ptr @g_43
  %a283 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b283 = load volatile i32, ptr @g_43
  %c283 = xor i32 %b283, 522831626
  store volatile i32 %c283, ptr @g_43
  %a284 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b284 = load volatile i32, ptr @g_43
  %c284 = xor i32 %b284, 522831626
  store volatile i32 %c284, ptr @g_43
  %a285 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b285 = load volatile i32, ptr @g_43
  %c285 = xor i32 %b285, 522831626
  store volatile i32 %c285, ptr @g_43
  %a286 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b286 = load volatile i32, ptr @g_43
  %c286 = xor i32 %b286, 522831626
  store volatile i32 %c286, ptr @g_43
  %a287 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b287 = load volatile i32, ptr @g_43
  %c287 = xor i32 %b287, 522831626
  store volatile i32 %c287, ptr @g_43
  %a288 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b288 = load volatile i32, ptr @g_43
  %c288 = xor i32 %b288, 522831626
  store volatile i32 %c288, ptr @g_43
  %a289 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b289 = load volatile i32, ptr @g_43
  %c289 = xor i32 %b289, 522831626
  store volatile i32 %c289, ptr @g_43
  %a290 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b290 = load volatile i32, ptr @g_43
  %c290 = xor i32 %b290, 522831626
  store volatile i32 %c290, ptr @g_43
  %a291 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b291 = load volatile i32, ptr @g_43
  %c291 = xor i32 %b291, 522831626
  store volatile i32 %c291, ptr @g_43
  %a292 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b292 = load volatile i32, ptr @g_43
  %c292 = xor i32 %b292, 522831626
  store volatile i32 %c292, ptr @g_43
  %a293 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b293 = load volatile i32, ptr @g_43
  %c293 = xor i32 %b293, 522831626
  store volatile i32 %c293, ptr @g_43
  %a294 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b294 = load volatile i32, ptr @g_43
  %c294 = xor i32 %b294, 522831626
  store volatile i32 %c294, ptr @g_43
  %a295 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b295 = load volatile i32, ptr @g_43
  %c295 = xor i32 %b295, 522831626
  store volatile i32 %c295, ptr @g_43
  %a296 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b296 = load volatile i32, ptr @g_43
  %c296 = xor i32 %b296, 522831626
  store volatile i32 %c296, ptr @g_43
  %a297 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b297 = load volatile i32, ptr @g_43
  %c297 = xor i32 %b297, 522831626
  store volatile i32 %c297, ptr @g_43
  %a298 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b298 = load volatile i32, ptr @g_43
  %c298 = xor i32 %b298, 522831626
  store volatile i32 %c298, ptr @g_43
  %a299 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b299 = load volatile i32, ptr @g_43
  %c299 = xor i32 %b299, 522831626
  store volatile i32 %c299, ptr @g_43
  %a300 = load volatile i8, ptr @g_79
  store i16 1, ptr @g_110
  %b300 = load volatile i32, ptr @g_43
  %c300 = xor i32 %b300, 522831626
  store volatile i32 %c300, ptr @g_43
  ret void
}

define i32 @main() {
  call void @steps()
  call void @steps()
  ret i32 0
}
