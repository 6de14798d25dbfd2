// hotjit-run: runs an LLVM IR program on hotjit, as a drop-in for `lli`.
import HotJITBase
import HotJITEngine
import HotJITRuntime
import HotJITSupport
#if canImport(Glibc)
import Glibc
#endif

let usage = """
usage: hotjit-run [options] FILE.ll|FILE.bc [more modules...] [--] [program arguments...]

Runs main(argc, argv, envp) of the given LLVM IR modules (textual or bitcode) on hotjit: every function is compiled
on its first call. Static constructors and destructors and atexit handlers run as in a native program; the program's
exit status is hotjit-run's. After the first module, arguments ending in .ll or .bc are further modules, up to `--`
or the first other argument; everything after that is passed to the program (argv[0] is the first module's path).

options:
  --load=LIB.so     load a shared library (RTLD_GLOBAL) so the program can use its symbols; repeatable
  --eager-parse     parse and verify the module whole at load; by default only a text module's skeleton is parsed
                    at load and each function when first called, and bitcode (parsed whole) is verified function
                    by function (fast start), so an error inside a function body is reported when that function is
                    first called
  --threshold=N     recompile a function at the optimizing tier after N calls (default 1000)
  --backedge-threshold=N
                    ... or after N back-edges of one of its loops (default 20000; each loop counts on its own)
  --no-tierup       stay at tier 0 (no counters, no recompilation)
  --count-only      count and trigger as usual, but decline every recompile (as a recompile hook answering "skip"
                    does): what counting costs a program that stays at tier 0; --stats shows what would tier up
  --no-osr          no on-stack replacement (by default a loop that crosses the back-edge threshold while running
                    moves into an optimized continuation at its next back-edge)
  --sync-tierup     recompile on the thread that crossed the threshold and continue in the optimized code
                    (deterministic); by default a background thread compiles while the program runs on
  --compile-threads=N
                    background compile threads (default 1)
  --keep-compile-threads
                    keep idle compile threads; by default one idle for 20 ms ends, and the program's next call of an
                    optimized function joins it and, if no other thread is left, tells glibc the process is
                    single-threaded again (malloc and free skip their locks again)
  --compile-nice=N  nice value of background compile threads, 0-19 (default 10: a compile takes the CPU time no one
                    else wants first)
  --opt-level=N     optimization level of the optimized tier, 1-3 (default 3)
  --inline-candidates=N
                    callees (up to four calls deep) whose bodies an optimized compile may inline (default 24)
  --time-samples    sample where the program's threads spend their CPU time (perf events, every 1 ms; nothing
                    where the kernel refuses): --stats and --stats-json then show the samples per function, in its
                    tier-0 and in its optimized code
  --companions=N    small functions a function calls (up to 3 calls deep) that its first compile brings along,
                    in the same unit, so that their own first calls find their code ready (default 8; 0: each
                    function alone)
  --stats           at exit, print the hottest functions and totals per tier on standard error
  --stats-json=PATH at exit, write the same as JSON (per function: name, calls, backedges, tier, compile_ms per
                    tier, code_bytes; totals per tier; OSR transfers and declined continuations by reason;
                    wall time)
  --trace=PATH      at exit, write a Chrome trace-event JSON file (open in Perfetto) of compiles and tier-ups
  --debug-jit       register JIT'd code with GDB's JIT interface: gdb shows JIT'd functions by name in `bt` and can
                    break on them once compiled (off by default: it slows every compile down a little); IR
                    with debug info (clang -g) keeps it, so gdb also shows source lines, arguments and locals
  --perf-map        write /tmp/perf-<pid>.map lines for every stub, trampoline, resolver and compiled version
                    (named `foo [t0]`, `foo [t1]`, `foo [stub]`...) so `perf report` names JIT'd code
  --dump=ir,asm,stubs
                    write what was compiled to the dump directory: the IR handed to code generation and its assembly
                    per function and tier (NAME.tN.ll, NAME.tN.s; NAME.osrK.* for the OSR continuation of loop K),
                    and the stub/trampoline/resolver bytes (stubs.txt, llvm-mc disassembler input)
  --dump-dir=DIR    where --dump writes (default ./hotjit-dump; created with its parents if missing); if it cannot be
                    created or written, a warning says why and the program runs without dumps
  --cache-dir=DIR   keep compiled code and the profile of each run in DIR (default $XDG_CACHE_HOME/hotjit or
                    ~/.cache/hotjit): a later run of the same modules with the same options links that code instead
                    of compiling it, and starts the functions optimized last time at their optimized code
  --no-cache        neither read nor write the cache
  --cache-size=MB   the cache directory's size limit (default 512); past it the least recently used entries go
  --no-crash-report do not install hotjit-run's crash handler
  --verbose         report each compilation on standard error
  --help            print this help and exit
  --version         print hotjit's version and exit

exit status: the program's; 1 when hotjit itself fails (unreadable or invalid IR, wrong target, missing main,
unresolved symbols), with a one-line message on standard error.
"""

struct CommandLine_ {
    var crashReport = true
    var declineTierUp = false
    var stats = false
    var statsJSON: String?
    var trace: String?
    /// The cache directory was named (`--cache-dir`): failing to use it is an error, not a warning.
    var cacheDirectoryNamed = false
    var options: EngineOptions = {
        var options = EngineOptions()
        options.deferFunctionParsing = true
        options.cacheDirectory = EngineOptions.defaultCacheDirectory
        return options
    }()
    var modules: [String] = []
    var programArguments: [String] = []
}

func fail(_ message: String) -> Never {
    writeToStandardError("hotjit-run: error: \(message)\n")
    exit(1)
}

/// The number in `--name=N`, or a usage error.
func number(_ argument: String, _ prefix: String, minimum: UInt64, maximum: UInt64 = UInt64.max) -> UInt64 {
    guard let value = UInt64(argument.dropFirst(prefix.count)), value >= minimum, value <= maximum else {
        fail("\(prefix)N needs a whole number "
             + "\(maximum == UInt64.max ? ">= \(minimum)" : "from \(minimum) to \(maximum)") (got '\(argument)')")
    }
    return value
}

func parse(_ arguments: [String]) -> CommandLine_ {
    var result = CommandLine_()
    var index = 0
    while index < arguments.count {
        let argument = arguments[index]
        if argument == "--" { index += 1; break }
        if !result.modules.isEmpty {
            guard argument.hasSuffix(".ll") || argument.hasSuffix(".bc") else { break }
            result.modules.append(argument)
        } else if argument.hasPrefix("-") && argument != "-" {
            switch argument {
            case "--help", "-h":
                print(usage)
                exit(0)
            case "--version":
                print("hotjit-run \(hotjitVersion)")
                exit(0)
            case "--verbose":
                result.options.verbose = true
            case "--eager-parse":
                result.options.deferFunctionParsing = false
            case "--no-tierup":
                result.options.tiering.enabled = false
            case "--no-osr":
                result.options.tiering.osr = false
            case "--time-samples":
                result.options.tiering.timeSampling = true
            case "--sync-tierup":
                result.options.tiering.synchronous = true
            case "--count-only":
                result.declineTierUp = true
            case "--keep-compile-threads":
                result.options.tiering.endIdleCompileThreads = false
            case "--stats":
                result.stats = true
            case "--debug-jit":
                result.options.debuggerSupport = true
            case "--no-crash-report":
                result.crashReport = false
            case "--perf-map":
                result.options.perfMap = true
            case _ where argument.hasPrefix("--threshold="):
                result.options.tiering.callThreshold = number(argument, "--threshold=", minimum: 1)
            case _ where argument.hasPrefix("--backedge-threshold="):
                result.options.tiering.backedgeThreshold = number(argument, "--backedge-threshold=", minimum: 1)
            case _ where argument.hasPrefix("--compile-threads="):
                result.options.tiering.compileThreads = Int(number(argument, "--compile-threads=", minimum: 1))
            case _ where argument.hasPrefix("--compile-nice="):
                result.options.tiering.compileThreadNiceness = Int(number(argument, "--compile-nice=", minimum: 0,
                                                                           maximum: 19))
            case _ where argument.hasPrefix("--opt-level="):
                result.options.tiering.optimizationLevel = Int(number(argument, "--opt-level=", minimum: 1, maximum: 3))
            case _ where argument.hasPrefix("--companions="):
                result.options.tier0Companions = Int(number(argument, "--companions=", minimum: 0))
            case _ where argument.hasPrefix("--inline-candidates="):
                result.options.tiering.inlineCandidates = Int(number(argument, "--inline-candidates=", minimum: 0))
            case _ where argument.hasPrefix("--stats-json="):
                result.statsJSON = String(argument.dropFirst("--stats-json=".count))
            case _ where argument.hasPrefix("--dump="):
                for kind in argument.dropFirst("--dump=".count).split(separator: ",") {
                    guard ["ir", "asm", "stubs"].contains(String(kind)) else {
                        fail("--dump takes ir, asm and/or stubs (got '\(kind)')")
                    }
                    result.options.dump.insert(String(kind))
                }
            case _ where argument.hasPrefix("--dump-dir="):
                result.options.dumpDirectory = String(argument.dropFirst("--dump-dir=".count))
            case _ where argument.hasPrefix("--trace="):
                result.trace = String(argument.dropFirst("--trace=".count))
            case "--no-cache":
                result.options.cacheDirectory = nil
                result.cacheDirectoryNamed = false
            case _ where argument.hasPrefix("--cache-dir="):
                result.options.cacheDirectory = String(argument.dropFirst("--cache-dir=".count))
                result.cacheDirectoryNamed = true
                if result.options.cacheDirectory == "" { fail("--cache-dir needs a directory") }
            case _ where argument.hasPrefix("--cache-size="):
                result.options.cacheSizeLimit = number(argument, "--cache-size=", minimum: 1, maximum: 1 << 40) << 20
            case _ where argument.hasPrefix("--load="):
                result.options.libraries.append(String(argument.dropFirst("--load=".count)))
            default:
                fail("unknown option '\(argument)' (see --help)")
            }
        } else {
            result.modules.append(argument)
        }
        index += 1
    }
    if result.modules.isEmpty { fail("no input module (see --help)") }
    result.programArguments = Array(arguments[index...])
    return result
}

let startTime = monotonicSeconds()
let commandLine = parse(Array(CommandLine.arguments.dropFirst()))

/// The engine, for the exit-time report (registered with the C library's atexit before the program runs, so it
/// runs after the program's own exit handlers, even when the program calls exit()).
nonisolated(unsafe) var reportingEngine: Engine?

func writeReports() {
    guard let engine = reportingEngine else { return }
    fflush(nil)
    if commandLine.stats { writeToStandardError(Statistics.table(engine)) }
    if let path = commandLine.statsJSON {
        writeFile(path, Statistics.json(engine, wallSeconds: monotonicSeconds() - startTime))
    }
    if let path = commandLine.trace { writeFile(path, Statistics.trace(engine)) }
}

func writeFile(_ path: String, _ text: String) {
    guard let file = fopen(path, "w") else {
        writeToStandardError("hotjit-run: warning: cannot write '\(path)': \(String(cString: strerror(errno)))\n")
        return
    }
    fputs(text, file)
    fclose(file)
}

/// Ends the run once the program is done (its exit handlers ran). A background compile still in flight is not
/// waited for (its code would never run; an O3 compile of a large function takes seconds): the process then ends
/// as `exit` would for the program (thread_local destructors, output flushed) and with reports written, but with
/// `_exit`, since `exit`'s C++ static destructors would pull LLVM out from under that compile. With `--load`ed
/// libraries, whose destructors only `exit` runs, it waits as before.
func leave(_ engine: Engine, status: Int32) -> Never {
    engine.saveCacheProfile()
    if commandLine.options.libraries.isEmpty, engine.abandonBackgroundCompiles() {
        if commandLine.options.verbose {
            writeToStandardError("hotjit: exit without waiting for the compile in flight\n")
        }
        hotjit_finish_like_exit()
        writeReports()
        _exit(status)
    }
    engine.stopBackgroundCompiles()
    exit(status)
}

/// Names JIT'd addresses in crash reports. It runs inside the signal handler, so it is C over the code map's
/// signal-safe index (no Swift code, no allocation, no lock), not a Swift closure.
let crashSymbolizer: hotjit_symbolizer = hotjit_code_index_symbolize

do {
    let engine: Engine
    do {
        engine = try Engine(options: commandLine.options)
    } catch EngineError.io(let message) where commandLine.options.cacheDirectory != nil
                                            && !commandLine.cacheDirectoryNamed {
        // The default cache directory is a convenience: without it the program still runs, uncached.
        writeToStandardError("hotjit-run: warning: \(message); running without the cache\n")
        var options = commandLine.options
        options.cacheDirectory = nil
        engine = try Engine(options: options)
    }
    if commandLine.crashReport { hotjit_install_crash_handler(crashSymbolizer, engine.codeMap.signalSafeIndex) }
    // Like lli: a function that cannot be compiled when first called ends the run with status 1 (exit handlers run).
    engine.setCompileFailureHandler { _, message in
        writeToStandardError("hotjit: error: \(message)\n")
        exit(1)
    }
    for module in commandLine.modules { try engine.addModule(path: module) }
    if commandLine.declineTierUp { engine.setRecompileHook { _ in .skip } }
    if commandLine.stats || commandLine.statsJSON != nil || commandLine.trace != nil {
        reportingEngine = engine
        atexit { writeReports() }
    }
    engine.exitProcess = { status in leave(engine, status: status) }
    let status = try engine.runMain(arguments: [commandLine.modules[0]] + commandLine.programArguments)
    leave(engine, status: status)
} catch {
    fail("\(error)")
}
