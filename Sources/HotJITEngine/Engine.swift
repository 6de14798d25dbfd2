import HotJITBase
import HotJITEmitters
import HotJITRuntime
import HotJITSupport
import LLVMBridge
#if canImport(Glibc)
import Glibc
#endif

/// The JIT, as hosts see it: loads LLVM IR modules and runs their functions, compiling each on its first call and
/// recompiling hot ones. A façade over its rooms (see docs/life-of-a-function.md):
/// - `ProgramRegistry`: loaded programs, their names, a lazy stub per function;
/// - `LazyCompiler`: tier 0 on a function's first call;
/// - `TieringManager`: what tiers up, when, at what level;
/// - `OptimizingCompiler` and `CompileThreads`: the optimizing tier's compiles and the threads they run on;
/// - `ProgramRunner`: constructors, `main`, exit handlers.
public final class Engine: @unchecked Sendable {
    public let options: EngineOptions
    /// Every range of JIT'd code, for symbolization and perf maps.
    public let codeMap: CodeMap
    /// Compiles, tier-ups and OSR entries as they happen, for `--stats`, `--stats-json` and `--trace`.
    public let events = EventLog()
    /// Makes this engine's module handles differ from every other engine's.
    private let serial = ModuleHandle.nextEngineSerial()
    let session: JITSession
    let registry: ProgramRegistry
    let runner: ProgramRunner
    private let callbacks: CallbackManager
    private let lazyCompiler: LazyCompiler
    private let tiering: TieringManager
    private let threads: CompileThreads
    private let reclaimer: CodeReclaimer
    private let optimizer: OptimizingCompiler
    /// The persistent code and profile cache, when `options.cacheDirectory` is set.
    let cache: CodeCache?

    /// Called when a function cannot be compiled on its first call (`function`: its source name). The call cannot
    /// go on, so it must not return: it may end the process, or leave the call with `longjmp`/`siglongjmp` (no
    /// hotjit lock is held; the function stays uncompiled and its next call tries again).
    public typealias CompileFailureHandler = @Sendable (_ function: String, _ message: String) -> Never

    /// Prints `hotjit: error: MESSAGE` to standard error and aborts the process (SIGABRT): the host's exit
    /// handlers do not run on a call that cannot continue.
    public static let defaultCompileFailure: CompileFailureHandler = { _, message in
        writeToStandardError("hotjit: error: \(message)\n")
        abort()
    }

    public init(options: EngineOptions = EngineOptions()) throws {
        self.options = options
        guard NativeTarget.initialize(), let emitter = HostEmitter.make() else {
            throw EngineError.unsupported("hotjit does not support this host architecture")
        }
        codeMap = CodeMap(perfMap: options.perfMap)
        let dumper = options.dump.isEmpty
            ? nil : CompilationDumper(directory: options.dumpDirectory, kinds: options.dump)
        for library in options.libraries { try ProcessSymbols.loadLibrary(library) }
        do {
            session = try JITSession()
        } catch {
            throw EngineError.compile("cannot start the JIT session: \(error)")
        }
        if options.debuggerSupport {
            do { try session.enableDebuggerSupport() } catch {
                throw EngineError.unsupported("cannot enable debugger support: \(error)")
            }
        }
        let machines = TargetMachinePool(triple: session.triple, cpu: NativeTarget.hostCPU,
                                         features: NativeTarget.hostFeatures)
        if let directory = options.cacheDirectory, dumper == nil {
            // A directory that cannot be made or written is `EngineError.io`, naming it (`CodeCacheStore.init`).
            cache = try CodeCache(directory: directory, sizeLimit: options.cacheSizeLimit, options: options,
                                  triple: session.triple, cpu: NativeTarget.hostCPU,
                                  features: NativeTarget.hostFeatures)
        } else {
            cache = nil
        }
        let cacheSymbols = CacheSymbols()
        if cache != nil { session.addSymbolResolver { cacheSymbols.resolve($0) } }
        callbacks = CallbackManager(emitter: emitter)
        registry = ProgramRegistry(options: options, emitter: emitter, callbacks: callbacks, session: session,
                                   machines: machines, codeMap: codeMap, dumper: dumper, cache: cache,
                                   cacheSymbols: cacheSymbols)
        let compiler = FunctionCompiler(session: session, machines: machines, dumper: dumper,
                                        stubBindings: { [unowned registry] in registry.stubBindings(for: $0) },
                                        defineForAssembly: { [unowned registry] in
                                            try registry.defineForAssembly($0)
                                        },
                                        cache: cache,
                                        stubSymbols: { [unowned registry] in registry.stubSymbols(for: $0) })
        runner = ProgramRunner(registry: registry)
        lazyCompiler = LazyCompiler(options: options, compiler: compiler, registry: registry, callbacks: callbacks,
                                    codeMap: codeMap, events: events, cache: cache)
        optimizer = OptimizingCompiler(options: options, compiler: compiler, registry: registry, codeMap: codeMap,
                                       events: events)
        threads = CompileThreads(tiering: options.tiering, verbose: options.verbose, codeMap: codeMap)
        reclaimer = CodeReclaimer(options: options, codeMap: codeMap)
        threads.optimizedFunctions = { [weak optimizer] in optimizer?.optimizedFunctions ?? [] }
        tiering = TieringManager(options: options.tiering, verbose: options.verbose, optimizer: optimizer,
                                 threads: threads, events: events)
        lazyCompiler.tiering = tiering
        registry.tiering = tiering
        registry.firstCall = { [unowned lazyCompiler] record in lazyCompiler.compileOnFirstCall(record) }
        setCompileFailureHandler(nil)
        try RuntimeSupport.install(in: self, machines: machines)
    }

    deinit {
        threads.stop()
        saveCacheProfile()
        // Count-trigger trampolines hold their records, records their stubs, stubs the manager: without this the
        // records (and the ORC trackers of their code, which keep the session) would outlive the engine.
        callbacks.releaseAll()
    }

    /// Replaces the handler of failed first-call compiles (nil: the default, `defaultCompileFailure`). A failed
    /// resolve of a function's trampoline is a failed first-call compile: the handler gets the function's name.
    public func setCompileFailureHandler(_ handler: CompileFailureHandler?) {
        let handler = handler ?? Engine.defaultCompileFailure
        callbacks.setFailureHandler { [weak registry] id, message in
            handler(registry?.function(trampolineID: id)?.sourceName ?? "", message)
        }
    }

    /// Binds names to the host's addresses (functions or data) for JIT'd code, all or none: they take the place of
    /// the process's symbols, before or after the modules that use them (see `ProgramRegistry.defineHostSymbols`).
    public func defineHostSymbols(_ symbols: [(name: String, address: UInt64)]) throws {
        try registry.defineHostSymbols(symbols)
    }

    /// Loads a shared library so that its symbols resolve (RTLD_GLOBAL).
    public static func loadLibrary(_ path: String) throws { try ProcessSymbols.loadLibrary(path) }

    // MARK: - Loading

    /// Adds the module in the file at `path` (textual IR or bitcode); returns its handle.
    @discardableResult
    public func addModule(path: String) throws -> ModuleHandle {
        let buffer: MemoryBuffer
        do {
            buffer = try MemoryBuffer(contentsOfFile: path)
        } catch {
            throw EngineError.io("cannot read '\(path)': \(Self.ioReason(path))")
        }
        return ModuleHandle(engineSerial: serial, index: try registry.add(buffer: buffer, name: path))
    }

    /// Adds a module from memory (textual IR or bitcode); `name` stands for the file name in messages. Returns its
    /// handle.
    @discardableResult
    public func addModule(bytes: UnsafeRawBufferPointer, name: String) throws -> ModuleHandle {
        ModuleHandle(engineSerial: serial,
                     index: try registry.add(buffer: MemoryBuffer(copying: bytes, name: name), name: name))
    }

    /// Removes a module: frees its code, stubs, trampolines, data and mappings, and forgets its names (another
    /// module may define them again). Only once no thread runs or will return into its code and nothing holds its
    /// addresses. Refused (nothing changes) while another module uses its names (`EngineError.inUse`), or while
    /// it has what removal cannot free yet: optimized code, static constructors, debugger registration
    /// (`EngineError.unsupported`). A handle of another engine is `invalidArgument`, a removed one `notFound`.
    public func removeModule(_ handle: ModuleHandle) throws {
        guard let index = handle.index(inEngine: serial) else {
            throw EngineError.invalidArgument("module handle \(handle) is not one of this engine's")
        }
        do {
            try registry.remove(program: index)
        } catch EngineError.notFound {
            throw EngineError.notFound("module handle \(handle) names a module that was already removed")
        } catch EngineError.invalidArgument {
            throw EngineError.invalidArgument("module handle \(handle) was not issued by this engine")
        }
    }

    private static func ioReason(_ path: String) -> String {
        let file = fopen(path, "r")
        if let file { fclose(file); return "unreadable" }
        return String(cString: strerror(errno))
    }

    // MARK: - Lookup

    /// Checks that every symbol some module refers to is defined by a module, the host, hotjit or the process.
    public func checkUnresolvedSymbols() throws { try registry.checkUnresolvedSymbols() }

    /// The address of a function (its stub: calling it compiles on first call), global variable or host symbol
    /// named `name`; fails if the module that defines it needs a symbol nothing defines.
    public func lookup(_ name: String) throws -> UInt64 { try registry.lookup(name) }

    /// The record of a function, by link name.
    public func function(named name: String) -> FunctionRecord? { registry.function(named: name) }
    /// All functions of all loaded modules, in load order.
    public var allFunctions: [FunctionRecord] { registry.allFunctions }

    /// The time samples of the program's threads so far (`TimeSampler`, drained now): all of them, those in no
    /// compiled function, those a full buffer lost, and how many threads are watched; nil without time sampling
    /// (`timeSampling` or tier-up off), before a thread triggered a tier-up, or where the kernel refused perf events.
    public var timeSamples: (samples: UInt64, elsewhere: UInt64, lost: UInt64, threads: Int)? {
        guard let sampler = threads.sampler, sampler.watchedThreads > 0 else { return nil }
        sampler.drain()
        let totals = sampler.totals
        return (totals.samples, totals.elsewhere, totals.lost, sampler.watchedThreads)
    }

    // MARK: - Tier-up

    /// Installs (or removes, with nil) the hook that observes, vetoes or chooses the level of recompilations.
    public func setRecompileHook(_ hook: RecompileHook?) { tiering.setHook(hook) }

    /// Recompiles `name` at the optimizing tier now (`wait`) or in the background (`hotjit_engine_recompile`, the
    /// classic `jit_recompile_hot(&foo)`); compiles its tier 0 first if it was never called. Returns false if the
    /// function is unknown.
    @discardableResult
    public func requestRecompile(_ name: String, level: Int, wait: Bool) throws -> Bool {
        guard let record = function(named: name) else { return false }
        // Compiling the function links only its own code and its module's data (callees are stubs), so the
        // symbols it can miss are its module's: named as a lookup names them, before anything is compiled.
        try registry.checkUnresolvedSymbols(programs: [record.programIndex])
        if case .failure(let failure) = record.stub.resolveNow() { throw EngineError.linking(failure.message) }
        try tiering.recompileExplicitly(record, level: level, wait: wait)
        return true
    }

    // MARK: - Superseded code

    /// Frees superseded code: the tier-0 code and OSR continuations of every function whose optimized code is
    /// installed. The caller declares a quiescent point: no thread runs, or will return into, code JIT'd by this
    /// engine at this moment (another thread's call in progress, a JIT'd frame up the calling thread's stack), and
    /// nothing holds an address of a compiled version (stubs, function pointers and data stay valid). Compiles may go
    /// on. Returns the engine's code memory afterwards. Refused with debugger support on (`unsupported`), and from
    /// a call JIT'd code made (`inUse`: a JIT'd frame is on the calling thread's stack, as far as its unwinder sees).
    @discardableResult
    public func reclaimSupersededCode() throws -> CodeMemory {
        if let frame = CallingThreadFrames.returnAddresses().lazy.compactMap(codeMap.symbolize).first {
            throw EngineError.inUse("superseded code cannot be freed from a call that JIT'd code made: "
                                    + "\(frame) is on the calling thread's stack")
        }
        let freed = try reclaimer.reclaim(allFunctions)
        if options.verbose {
            writeToStandardError("hotjit: reclaimed \(freed.versions) superseded versions, \(freed.bytes) bytes\n")
        }
        return codeMemory
    }

    /// The engine's function code by state: live, superseded (waiting for a reclaim), freed.
    public var codeMemory: CodeMemory {
        var memory = CodeMemory()
        for record in allFunctions { memory.count(record) }
        return memory
    }

    /// Writes the profile of this run to the cache (which functions were optimized, so that the next run starts them
    /// at their optimized code; which were asked to tier up and did not finish, so that the next run queues them at
    /// their first call) and trims the cache to its size limit. Destroying the engine does it; a process
    /// that ends without destroying its engine calls it first. Does nothing without a cache.
    public func saveCacheProfile() {
        guard let cache else { return }
        var runs: [Int: CacheProfile] = [:]
        for record in optimizer.optimizedFunctions {
            runs[record.programIndex, default: .init()].optimized.insert(record.name)
        }
        for record in allFunctions where record.tierUpTrigger != nil && record.newestVersion(atLeast: 1) == nil {
            runs[record.programIndex, default: .init()].hot.insert(record.name)
        }
        cache.saveProfiles(runs)
    }

    /// Stops background compilation: pending compiles are dropped and the one in flight is waited for. Call before the
    /// process exits (C++ static destructors of LLVM run during `exit` and would pull LLVM out from under a compile).
    /// Functions keep the tier they reached.
    public func stopBackgroundCompiles() { threads.stop() }

    /// Stops background compilation without waiting for the compile in flight; returns whether one is in flight.
    /// If so, the process must end with `_exit` (after `hotjit_finish_like_exit`), not `exit`, whose C++ static
    /// destructors would pull LLVM out from under that compile. For a process that ends now (hotjit-run): waiting
    /// would hold its exit up for the whole compile, up to seconds of O3, for code nothing will run.
    public func abandonBackgroundCompiles() -> Bool { threads.abandon() }

    /// How the process ends when the program calls `exit` (after its exit handlers ran), instead of stopping
    /// background compiles and calling `exit`. Set before running the program.
    public var exitProcess: (@Sendable (Int32) -> Never)?

    /// Waits for background compiles to finish (tests; `--stats` at exit reports settled numbers).
    public func waitForBackgroundCompiles() { threads.waitUntilIdle() }

    // MARK: - Running

    /// Runs the static constructors of every loaded module (once), in priority order.
    public func runConstructors() throws { try runner.runConstructors() }

    /// Runs the program's exit handlers (newest first) and then its destructors; each runs at most once.
    public func runExitHandlers() { runner.runExitHandlers() }

    /// Runs `main(argc, argv, envp)` like a C runtime: constructors first, then main, then the program's exit
    /// handlers and destructors. Returns main's result. `arguments[0]` is the program name.
    public func runMain(arguments: [String],
                        environment: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = environ) throws -> Int32 {
        try runner.runMain(arguments: arguments, environment: environment)
    }
}
