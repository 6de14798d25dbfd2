import HotJITBase
import LLVMBridge
import HotJITRuntime
import HotJITEmitters
import HotJITSupport
#if canImport(Glibc)
import Glibc
#endif

/// The JIT: loads LLVM IR modules and runs their functions, compiling each function on its first call.
///
/// Every defined function gets a stub (its address everywhere) whose slot first points at a trampoline; the first
/// call goes through the resolver to `compileOnFirstCall`, which compiles the function at tier 0 and re-points the
/// slot. Global variables of each module are compiled at load into one data object; function references inside them
/// are stubs, so a table of function pointers compiles nothing.
public final class Engine: @unchecked Sendable {
    public let options: EngineOptions
    let session: JITSession
    let emitter: any ArchEmitter
    let callbacks: CallbackManager
    let machines: TargetMachinePool
    let termination = ProgramTermination()
    private let compiler: FunctionCompiler
    /// Background compile threads of the optimizing tier (nil when tier-up is off or synchronous).
    private let recompileQueue: RecompileQueue?
    private let hookLock = ConditionLock()
    private var recompileHook: RecompileHook?
    /// Every range of JIT'd code, for symbolization and perf maps.
    public let codeMap: CodeMap
    /// Where `--dump` writes what was compiled (nil: no dump).
    let dumper: CompilationDumper?
    /// Compiles, tier-ups and OSR entries as they happen, for `--stats`, `--stats-json` and `--trace`.
    public let events = EventLog()
    private let hostTriple: String
    private let hostDataLayout: String

    private let lock = ConditionLock()
    private var programs: [LoadedProgram] = []
    private var functions: [String: FunctionRecord] = [:]
    private var functionOrder: [FunctionRecord] = []
    /// Functions with an optimized version: optimized callers call these directly (OSR continuations through their
    /// stubs, which are handed back to the program when a compile thread ends).
    private var optimizedFunctions: Set<String> = []
    /// Every name some loaded module defines, and which module.
    private var definitions: [String: Int] = [:]
    /// Declarations of every module: name -> may stay unresolved (extern_weak).
    private var references: [String: Bool] = [:]
    private var constructors: [(priority: Int, program: Int, position: Int, function: String)] = []
    private var destructorEntries: [(priority: Int, program: Int, position: Int, function: String)] = []
    private var constructorsRan = false
    /// Keeps stub tables (and call-counting thunk tables) alive as long as the engine.
    private var stubTables: [StubTable] = []
    private var thunkTables: [CountingThunkTable] = []

    public init(options: EngineOptions = EngineOptions()) throws {
        self.options = options
        guard NativeTarget.initialize(), let emitter = HostEmitter.make() else {
            throw EngineError.unsupported("hotjit does not support this host architecture")
        }
        self.emitter = emitter
        codeMap = CodeMap(perfMap: options.perfMap)
        dumper = options.dump.isEmpty ? nil : CompilationDumper(directory: options.dumpDirectory, kinds: options.dump)
        for library in options.libraries { try Self.loadLibrary(library) }
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
        hostTriple = session.triple
        hostDataLayout = session.dataLayout
        machines = TargetMachinePool(triple: hostTriple, cpu: NativeTarget.hostCPU, features: NativeTarget.hostFeatures)
        compiler = FunctionCompiler(session: session, machines: machines, dumper: dumper)
        let tiering = options.tiering
        recompileQueue = tiering.enabled && !tiering.synchronous ? RecompileQueue(threads: tiering.compileThreads) : nil
        callbacks = CallbackManager(emitter: emitter, failureHandler: { _, message in
            writeToStandardError("hotjit: error: \(message)\n")
            exit(1)
        })
        try installRuntimeSupport()
        if tiering.endIdleCompileThreads {
            recompileQueue?.retireIdleThreads { [weak self] in self?.handOverAfterCompileThreadEnded() }
        }
    }

    deinit { recompileQueue?.shutdown() }

    /// Loads a shared library so that its symbols resolve (RTLD_GLOBAL).
    public static func loadLibrary(_ path: String) throws {
        guard dlopen(path, RTLD_NOW | RTLD_GLOBAL) != nil else {
            throw EngineError.io("cannot load library '\(path)': \(String(cString: dlerror()))")
        }
    }

    private func installRuntimeSupport() throws {
        let me = UInt64(UInt(bitPattern: Unmanaged.passUnretained(self).toOpaque()))
        try session.defineAbsolute([
            ("__hotjit_engine", me),
            ("__hotjit_register_exit_handler", RuntimeSupport.address(of: RuntimeSupport.registerExitHandler)),
            ("__hotjit_exit", RuntimeSupport.address(of: RuntimeSupport.exitProgram)),
            ("__hotjit_tierup_trigger", RuntimeSupport.address(of: RuntimeSupport.tierUpTrigger)),
        ])
        let context = IRContext()
        let text = RuntimeSupport.moduleText
        let module = try text.withCString { pointer in
            try IRModule.parse(MemoryBuffer(copying: UnsafeRawBufferPointer(start: pointer, count: strlen(pointer)), name: "hotjit-runtime-support"),
                               context: context)
        }
        module.triple = hostTriple
        module.dataLayout = hostDataLayout
        try session.addObject(try machines.withMachine(.none) { try $0.emitObject(module) })
        let processObjects = RuntimeSupport.processObjects()
        try session.defineAbsolute(processObjects)
        for object in processObjects { definitions[object.name] = -1 }
        for name in RuntimeSupport.redirections.values { definitions[name] = -1 }
        for name in RuntimeSupport.providedByTheJIT { definitions[name] = -1 }
    }

    // MARK: - Loading

    /// Adds the module in the file at `path` (textual IR or bitcode).
    public func addModule(path: String) throws {
        let buffer: MemoryBuffer
        do {
            buffer = try MemoryBuffer(contentsOfFile: path)
        } catch {
            throw EngineError.io("cannot read '\(path)': \(Self.ioReason(path))")
        }
        try addModule(buffer: buffer, name: path)
    }

    /// Adds a module from memory (textual IR or bitcode); `name` stands for the file name in messages.
    public func addModule(bytes: UnsafeRawBufferPointer, name: String) throws {
        try addModule(buffer: MemoryBuffer(copying: bytes, name: name), name: name)
    }

    private static func ioReason(_ path: String) -> String {
        let file = fopen(path, "r")
        if let file { fclose(file); return "unreadable" }
        return String(cString: strerror(errno))
    }

    private func addModule(buffer: MemoryBuffer, name: String) throws {
        try lock.withLock {
            let index = programs.count
            let suffix = ".hj\(index)"
            let program: LoadedProgram
            do {
                let loaded = try LoadedModule.load(buffer, name: name, options: ProgramLoadOptions(
                    deferFunctionParsing: options.deferFunctionParsing, uniqueSuffix: suffix, defaultTriple: hostTriple,
                    defaultDataLayout: hostDataLayout, redirections: RuntimeSupport.redirections,
                    providedElsewhere: { Self.processDefines($0) }, keepDebugInfo: options.debuggerSupport))
                program = LoadedProgram(index: index, path: name, loaded: loaded)
            } catch let error as LLVMError {
                throw EngineError.invalidIR(Self.invalidIRMessage(error.message, file: name))
            }
            try checkTarget(program.module.source.triple, file: name)
            try register(program)
        }
    }

    /// One line: `file:line:col: message` for text IR, `file: invalid bitcode: message` for bitcode, and a verifier
    /// report folded onto one line.
    static func invalidIRMessage(_ raw: String, file: String) -> String {
        let lines = raw.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        if raw.hasPrefix("invalid module") {
            return "\(file): " + lines.filter { !$0.hasPrefix(" ") }.joined(separator: "; ")
        }
        var message = lines.first ?? "unknown error"
        if message.hasPrefix(file) { message = String(message.dropFirst(file.count)) }
        let hasLocation = message.first == ":" && message.dropFirst().first?.isNumber == true
        if let range = message.firstRange(of: "error: ") { message.removeSubrange(range) }
        if hasLocation { return file + message }
        while message.first == ":" || message.first == " " { message.removeFirst() }
        return "\(file): invalid bitcode: \(message)"
    }

    private func checkTarget(_ triple: String, file: String) throws {
        let architecture = { (triple: String) -> String in
            let name = String(triple.split(separator: "-").first ?? "")
            return name == "amd64" ? "x86_64" : name
        }
        guard architecture(triple) == architecture(hostTriple) else {
            throw EngineError.wrongTarget("\(file): module is for target '\(triple)', but this host is '\(hostTriple)'")
        }
    }

    /// Enters a prepared module's symbols: stubs and trampolines for its functions, its data object, its ctors.
    private func register(_ program: LoadedProgram) throws {
        let symbols = program.module.symbols
        if let ifunc = symbols.first(where: { $0.kind == .ifunc }) {
            throw EngineError.unsupported("\(program.path): ifunc '\(ifunc.sourceName)' is not supported")
        }
        var skipped: Set<String> = []
        for symbol in symbols where symbol.isDefinition {
            if definitions[symbol.name] != nil {
                if symbol.isReplaceable { skipped.insert(symbol.name); continue }
                throw EngineError.invalidIR("\(program.path): duplicate definition of '\(symbol.sourceName)'")
            }
        }
        program.defineAliases(symbols, skipped: skipped)
        let newFunctions = symbols.filter { $0.kind == .function && $0.isDefinition && !skipped.contains($0.name) }
        var absolute: [(name: String, address: UInt64)] = []
        var mapEntries: [CodeMap.Entry] = []
        if !newFunctions.isEmpty {
            let table = try mapping("stubs") { try StubTable(emitter: emitter, count: newFunctions.count) }
            stubTables.append(table)
            // Tier 0 counts calls in thunks where the architecture has them (see `CallCountingThunkEmitter`).
            var thunks: CountingThunkTable?
            if options.tiering.enabled, let thunkEmitter = emitter.countingThunks {
                let thunkTable = try mapping("call-counting thunks") {
                    try CountingThunkTable(emitter: thunkEmitter, count: newFunctions.count)
                }
                thunkTables.append(thunkTable)
                mapEntries.append(.init(start: thunkTable.codeRange.lowerBound, size: UInt64(thunkTable.codeRange.count),
                                        name: "hotjit", kind: .thunk, tier: -1))
                thunks = thunkTable
            }
            for (stubIndex, symbol) in newFunctions.enumerated() {
                let record = FunctionRecord(name: symbol.name, sourceName: symbol.sourceName, programIndex: program.index,
                                            stubs: table, stubIndex: stubIndex, engine: self)
                let (trampolineID, trampoline) = try callbacks.makeTrampoline { [unowned self] in self.compileOnFirstCall(record) }
                record.trampolineID = trampolineID
                record.thunks = thunks
                table.setTarget(stubIndex, trampoline)
                mapEntries.append(.init(start: record.stubAddress, size: UInt64(emitter.stubSize), name: symbol.sourceName, kind: .stub, tier: -1))
                mapEntries.append(.init(start: trampoline, size: UInt64(emitter.trampolineSize), name: symbol.sourceName, kind: .trampoline, tier: -1))
                functions[symbol.name] = record
                functionOrder.append(record)
                absolute.append((symbol.name, record.stubAddress))
            }
        }
        let knownResolvers = Set(codeMap.all.filter { $0.kind == .resolver }.map(\.start))
        for range in callbacks.resolverRanges where !knownResolvers.contains(range.lowerBound) {
            mapEntries.append(.init(start: range.lowerBound, size: range.upperBound - range.lowerBound, name: "hotjit", kind: .resolver, tier: -1))
        }
        codeMap.add(mapEntries)
        dumper?.dumpStubs(mapEntries, emitter: emitter)
        for symbol in symbols where symbol.kind == .alias && !skipped.contains(symbol.name) && symbol.aliaseeIsFunction {
            guard let target = symbol.aliasee.flatMap({ functions[$0] }) else {
                throw EngineError.unsupported("\(program.path): alias '\(symbol.sourceName)' of an undefined function")
            }
            absolute.append((symbol.name, target.stubAddress))
        }
        do {
            try session.defineAbsolute(absolute)
            let data = try program.module.makeDataModule(name: "\(program.path)#data", skipping: skipped)
            try session.addObject(try machines.withMachine(.none) { try $0.emitObject(data) })
        } catch let error as LLVMError {
            throw EngineError.compile("\(program.path): \(error.message)")
        }
        for symbol in symbols {
            if symbol.isDefinition {
                if !skipped.contains(symbol.name) { definitions[symbol.name] = program.index }
            } else {
                references[symbol.name] = (references[symbol.name] ?? true) && symbol.isExternWeak
            }
        }
        for (position, entry) in program.module.globalConstructors().enumerated() {
            constructors.append((entry.priority, program.index, position, entry.function))
        }
        for (position, entry) in program.module.globalDestructors().enumerated() {
            destructorEntries.append((entry.priority, program.index, position, entry.function))
        }
        programs.append(program)
    }

    /// Maps code for `what` (a stub or thunk table), reporting a failure (no memory) as a compile error.
    private func mapping<Table>(_ what: String, _ make: () throws -> Table) throws -> Table {
        do { return try make() } catch { throw EngineError.compile("cannot map \(what): \(error)") }
    }

    // MARK: - Compiling

    /// The resolve function of every function's trampoline: compile tier 0, point the stub at it.
    private func compileOnFirstCall(_ record: FunctionRecord) -> Result<UInt64, CallbackManager.ResolveFailure> {
        let program = lock.withLock { programs[record.programIndex] }
        do {
            let tiering = options.tiering
            var counters = tiering.enabled ? TierUpCounters(
                symbol: FunctionCompiler.versionSymbol(record.name, tier: 0) + ".counters",
                callThreshold: max(1, tiering.callThreshold), backedgeThreshold: max(1, tiering.backedgeThreshold),
                trigger: RuntimeSupport.address(of: RuntimeSupport.tierUpTrigger),
                context: UInt64(UInt(bitPattern: Unmanaged.passUnretained(record).toOpaque())),
                loopCount: FunctionRecord.countedLoops, countsCalls: record.thunks == nil) : nil
            if var configured = counters, tiering.osr {
                configured.osrSlots = UInt64(UInt(bitPattern: record.osrSlots))
                configured.osrEntries = UInt64(UInt(bitPattern: record.osrEntryCount))
                counters = configured
            }
            let start = monotonicNanoseconds()
            let (version, instrumentation) = try compiler.compileTier0(record, program: program, counters: counters)
            // Before the stub points at the new code: its first trigger may come at once, from any thread.
            var entry = version.address
            if let instrumentation, let counters {
                var callCounter = instrumentation.counters
                if let thunks = record.thunks {
                    try armCallCountingThunk(record, thunks: thunks, target: version.address, count: counters.callThreshold)
                    callCounter = thunks.counter(record.stubIndex)
                    entry = thunks.thunkAddress(record.stubIndex)
                }
                record.attachCounters(instrumentation.counters, callCounter: callCounter, initialValues: counters.initialValues,
                                      loopHeaders: instrumentation.loopHeaders)
            }
            record.install(version, entry: entry)
            codeMap.add([.init(start: version.address, size: version.codeSize, name: record.sourceName, kind: .function, tier: 0)])
            events.record(.compile(function: record.sourceName, tier: 0, start: start, end: monotonicNanoseconds()))
            if options.verbose {
                writeToStandardError("hotjit: compiled \(record.sourceName) at tier 0 in \(version.compileNanoseconds / 1000) us\n")
            }
            return .success(entry)
        } catch {
            let message = "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
            return .failure(.init(message.hasPrefix(program.path) ? message : "cannot compile '\(record.sourceName)': \(message)"))
        }
    }

    /// Points `record`'s call-counting thunk at its tier-0 code (`target`) and its trigger, with `count` calls to go.
    private func armCallCountingThunk(_ record: FunctionRecord, thunks: CountingThunkTable, target: UInt64, count: UInt64) throws {
        let trigger = try record.lock.withLock { () -> UInt64 in
            if let address = record.countTriggerAddress { return address }
            let (_, address) = try callbacks.makeRepeatingTrampoline { [unowned self] in self.callCountUsedUp(record) }
            record.countTriggerAddress = address
            return address
        }
        thunks.counter(record.stubIndex).pointee = count
        thunks.setDestinations(record.stubIndex, target: target, trigger: trigger)
    }

    /// A call-counting thunk's count is used up (runs on the calling thread, from the thunk's trigger trampoline):
    /// the call-count trigger of tier-0 code, then on into whatever the function's code is now.
    private func callCountUsedUp(_ record: FunctionRecord) -> Result<UInt64, CallbackManager.ResolveFailure> {
        thresholdCrossed(record, kind: 0)
        guard let address = record.callCountUsedUp() else {
            return .failure(.init("'\(record.sourceName)': call count trigger before its tier-0 code existed"))
        }
        return .success(address)
    }

    // MARK: - Tier-up

    /// Installs (or removes, with nil) the hook that observes, vetoes or chooses the level of recompilations.
    public func setRecompileHook(_ hook: RecompileHook?) { hookLock.withLock { recompileHook = hook } }

    /// Tier-0 code crossed a threshold (`kind` 0: calls, 1: back-edges). Runs on the program's thread.
    ///
    /// A loop of a function entered once so far (a `main`) gets its OSR continuation only: it serves the running
    /// frame, and later calls too (their back-edges poll the same slot). An optimized version for later calls waits
    /// for the call count's own trigger; compiling it at once spent the compile thread on code never run (a
    /// matrix program's `main`: 47 ms, while its kernels' loops waited).
    func thresholdCrossed(_ record: FunctionRecord, kind: Int32) {
        let now = monotonicNanoseconds()
        let osrSlot = Int(kind) - 1
        let loopOnly = osrSlot >= 0 && options.tiering.osr && record.calls <= 1 && record.osrUnclaimed(slot: osrSlot)
        guard loopOnly || record.claimTierUp(at: now) else {
            // Already optimizing (or optimized) for future calls; this running loop may still need its continuation.
            if osrSlot >= 0 { scheduleOSR(record, slot: osrSlot, level: options.tiering.optimizationLevel) }
            return
        }
        let trigger: RecompileRequest.Trigger = kind >= 1 ? .backedges : .calls
        events.record(.trigger(function: record.sourceName, kind: trigger, time: now))
        let request = RecompileRequest(name: record.sourceName, currentTier: record.currentTier ?? 0,
                                       calls: record.calls, backedges: record.backedges, trigger: trigger)
        let decision = hookLock.withLock { recompileHook }?(request) ?? .recompile(level: options.tiering.optimizationLevel)
        switch decision {
        case .skip:
            record.skipTierUp()
        case .deferBy(let more):
            record.deferTierUp(counter: Int(kind), more: max(1, more))
        case .recompile(let level):
            if osrSlot >= 0 { scheduleOSR(record, slot: osrSlot, level: level) }
            if !loopOnly { scheduleOptimizedCompile(record, level: level) }
        }
    }

    /// Builds the optimized continuation for a running loop (once per loop header), in the background or now.
    private func scheduleOSR(_ record: FunctionRecord, slot: Int, level: Int) {
        guard options.tiering.osr, let header = record.claimOSR(slot: slot) else { return }
        let work = { [unowned self] in self.compileOSR(record, slot: slot, headerIndex: header, level: level) }
        if let queue = recompileQueue { queue.submit(urgent: true, work) } else { work() }
    }

    private func compileOSR(_ record: FunctionRecord, slot: Int, headerIndex: Int, level: Int) {
        let program = lock.withLock { programs[record.programIndex] }
        let start = monotonicNanoseconds()
        do {
            let compiled = try compiler.compileOSR(record, program: program, slot: slot, headerIndex: headerIndex,
                                                   level: min(max(level, 1), 3), inlineLimit: options.tiering.inlineCandidates)
            record.installOSR(slot: slot, address: compiled.address)
            let end = monotonicNanoseconds()
            codeMap.add([.init(start: compiled.address, size: compiled.codeSize, name: record.sourceName + " [osr]", kind: .function, tier: 1)])
            events.record(.osrCompile(function: record.sourceName, start: start, end: end))
            if options.verbose {
                writeToStandardError("hotjit: OSR continuation of \(record.sourceName) (loop \(slot)\(compiled.codeGenerationNote)) ready in \(compiled.compileNanoseconds / 1000) us\n")
            }
        } catch {
            if options.verbose { writeToStandardError("hotjit: OSR of \(record.sourceName) declined: \(error)\n") }
            // The loop stays at tier 0 in this frame (without polling for a continuation); later calls should not.
            record.quietLoop(slot: slot)
            if record.claimTierUp(at: monotonicNanoseconds()) { scheduleOptimizedCompile(record, level: level) }
        }
    }

    /// Recompiles `name` at the optimizing tier now or in the background (`hotjit_recompile`, the classic
    /// `jit_recompile_hot(&foo)`). Returns false if the function is unknown.
    @discardableResult
    public func requestRecompile(_ name: String, level: Int, wait: Bool) throws -> Bool {
        guard let record = function(named: name) else { return false }
        if record.currentTier == nil { _ = try lookupAndCompileTier0(record) }
        guard record.claimTierUp(at: monotonicNanoseconds()) else { return true }
        events.record(.trigger(function: record.sourceName, kind: .explicit, time: monotonicNanoseconds()))
        if wait || recompileQueue == nil { try compileOptimized(record, level: level) }
        else { scheduleOptimizedCompile(record, level: level) }
        return true
    }

    private func lookupAndCompileTier0(_ record: FunctionRecord) throws -> UInt64 {
        switch compileOnFirstCall(record) {
        case .success(let address): return address
        case .failure(let failure): throw EngineError.compile(failure.message)
        }
    }

    private func scheduleOptimizedCompile(_ record: FunctionRecord, level: Int) {
        guard let queue = recompileQueue else {
            do { try compileOptimized(record, level: level) } catch { reportTierUpFailure(record, error) }
            return
        }
        // Most worth it first: the compile's cost (the tier-0 code's size stands for it) per call so far. A function
        // entered once whose loop triggered (a `main`) has its loop served by OSR already; its own recompile helps
        // only later calls, so it waits behind functions that are being called again and again.
        let size = record.compiledVersions.first { $0.tier == 0 }?.codeSize ?? .max
        let cost = size / max(1, record.calls)
        queue.submit(cost: cost) { [unowned self] in
            do { try self.compileOptimized(record, level: level) } catch { self.reportTierUpFailure(record, error) }
        }
    }

    /// A failed optimized compile leaves the function at tier 0: the program is unaffected.
    private func reportTierUpFailure(_ record: FunctionRecord, _ error: Error) {
        writeToStandardError("hotjit: warning: could not optimize '\(record.sourceName)', it stays at tier 0: \(error)\n")
    }

    private func compileOptimized(_ record: FunctionRecord, level: Int) throws {
        let program = lock.withLock { programs[record.programIndex] }
        let start = monotonicNanoseconds()
        let optimized = lock.withLock { optimizedFunctions.subtracting([record.name]) }
        let compiled = try compiler.compileOptimized(record, program: program, level: min(max(level, 1), 3),
                                                     inlineLimit: options.tiering.inlineCandidates,
                                                     optimizedCallees: Dictionary(uniqueKeysWithValues: optimized.map {
                                                         ($0, FunctionCompiler.versionSymbol($0, tier: 1)) }))
        let end = monotonicNanoseconds()
        let latency = record.requestedAt.map { end - $0 } ?? 0
        record.install(.init(tier: compiled.tier, level: compiled.level, address: compiled.address, codeSize: compiled.codeSize,
                             compileNanoseconds: compiled.compileNanoseconds, tierUpLatencyNanoseconds: latency,
                             fastInstructionSelection: compiled.fastInstructionSelection))
        lock.withLock { _ = optimizedFunctions.insert(record.name) }
        codeMap.add([.init(start: compiled.address, size: compiled.codeSize, name: record.sourceName, kind: .function, tier: compiled.tier)])
        events.record(.compile(function: record.sourceName, tier: 1, start: start, end: end))
        if options.verbose {
            writeToStandardError("hotjit: optimized \(record.sourceName) (O\(compiled.level)\(compiled.codeGenerationNote)) in \(compiled.compileNanoseconds / 1000) us, \(latency / 1000) us after its trigger\n")
        }
    }

    /// A compile thread ended for lack of work (runs on it). Only a program thread can join it and tell glibc that the
    /// process is single-threaded again, so every optimized function's stub is pointed back at its trampoline (tier-0
    /// code and OSR continuations, where a long-running program usually is, call through stubs),
    /// re-armed for one call: the first such call joins the ended thread (and restores glibc's single-threaded mode if
    /// no other thread is left); each call re-points its own stub at the optimized code and continues there. Cost: one
    /// trip through the resolver per optimized function called afterwards, each time the compile threads go idle.
    private func handOverAfterCompileThreadEnded() {
        let records = lock.withLock { optimizedFunctions.compactMap { functions[$0] } }
        for record in records {
            guard let entry = record.compiledVersions.last(where: { $0.tier > 0 })?.address else { continue }
            let rearmed = callbacks.rearm(record.trampolineID) { [weak self] in
                self?.joinEndedCompileThreads()
                record.stubs.setTarget(record.stubIndex, entry)
                return .success(entry)
            }
            if rearmed { record.stubs.setTarget(record.stubIndex, callbacks.trampolineAddress(record.trampolineID)) }
        }
    }

    /// Joins compile threads that ended; if that leaves the calling thread alone in the process, tells glibc.
    private func joinEndedCompileThreads() {
        guard let queue = recompileQueue, queue.joinEndedThreads() > 0 else { return }
        let single = hotjit_restore_single_threaded() != 0
        if options.verbose {
            writeToStandardError("hotjit: compile thread ended\(single ? "; the process is single-threaded again" : "")\n")
        }
    }

    /// Stops background compilation: pending compiles are dropped and the one in flight is waited for. Call before the
    /// process exits (C++ static destructors of LLVM run during `exit` and would pull LLVM out from under a compile).
    /// Functions keep the tier they reached.
    public func stopBackgroundCompiles() { recompileQueue?.shutdown() }

    /// Waits for background compiles to finish (tests; `--stats` at exit reports settled numbers).
    public func waitForBackgroundCompiles() { recompileQueue?.waitUntilIdle() }

    // MARK: - Linking and lookup

    /// Checks that every symbol some module refers to is defined by a module, hotjit or the process.
    public func checkUnresolvedSymbols() throws {
        let unresolved = lock.withLock {
            references.filter { name, mayStayUnresolved in
                !mayStayUnresolved && definitions[name] == nil && !name.hasPrefix("llvm.")
            }.keys.sorted()
        }
        let missing = unresolved.filter { !Self.processDefines($0) }
        if let first = missing.first {
            let more = missing.count > 1 ? " (and \(missing.count - 1) more: \(missing.dropFirst().prefix(5).joined(separator: ", ")))" : ""
            throw EngineError.unresolvedSymbol("unresolved external symbol '\(first)'\(more)")
        }
    }

    /// Libraries a C or C++ program expects to find without naming them (the C library is always there).
    private static let defaultLibraries: Bool = {
        for library in ["libm.so.6", "libstdc++.so.6", "libgcc_s.so.1"] { _ = dlopen(library, RTLD_NOW | RTLD_GLOBAL) }
        return true
    }()

    /// Whether the process (with its default and loaded libraries) defines `name`.
    static func processDefines(_ name: String) -> Bool {
        _ = defaultLibraries
        return dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) != nil
    }

    /// The address of a function (its stub: calling it compiles on first call) or global variable named `name`.
    public func lookup(_ name: String) throws -> UInt64 {
        if let record = lock.withLock({ functions[name] }) { return record.stubAddress }
        guard lock.withLock({ definitions[name] != nil }) else {
            throw EngineError.notFound("no symbol named '\(name)' in the loaded modules")
        }
        try checkUnresolvedSymbols()
        do {
            return try session.lookup(name)
        } catch {
            throw EngineError.compile("cannot link '\(name)': \(error)")
        }
    }

    /// The record of a function, by link name.
    public func function(named name: String) -> FunctionRecord? { lock.withLock { functions[name] } }
    /// All functions of all loaded modules, in load order.
    public var allFunctions: [FunctionRecord] { lock.withLock { functionOrder } }

    // MARK: - Running

    /// Runs the static constructors of every loaded module (once), in priority order.
    public func runConstructors() throws {
        try checkUnresolvedSymbols()
        let pending: [String] = lock.withLock {
            guard !constructorsRan else { return [] }
            constructorsRan = true
            return constructors.sorted { ($0.priority, $0.program, $0.position) < ($1.priority, $1.program, $1.position) }.map(\.function)
        }
        let destructors = try lock.withLock { destructorEntries }
            .sorted { ($0.priority, $0.program, $0.position) < ($1.priority, $1.program, $1.position) }
            .map { try lookup($0.function) }
        termination.setDestructors(destructors.reversed())
        for name in pending {
            let address = try lookup(name)
            unsafeBitCast(UnsafeRawPointer(bitPattern: UInt(address))!, to: (@convention(c) () -> Void).self)()
        }
    }

    /// Runs the program's exit handlers (newest first) and then its destructors; each runs at most once.
    public func runExitHandlers() { termination.runAll() }

    /// Runs `main(argc, argv, envp)` like a C runtime: constructors first, then main, then the program's exit
    /// handlers and destructors. Returns main's result. `arguments[0]` is the program name.
    public func runMain(arguments: [String], environment: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = environ) throws -> Int32 {
        guard lock.withLock({ functions["main"] }) != nil else {
            throw EngineError.notFound("no function 'main' in the loaded modules")
        }
        let mainAddress = try lookup("main")
        try runConstructors()
        typealias MainFunction = @convention(c) (Int32, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                                                 UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32
        let main = unsafeBitCast(UnsafeRawPointer(bitPattern: UInt(mainAddress))!, to: MainFunction.self)
        let argv = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: arguments.count + 1)
        for (index, argument) in arguments.enumerated() { argv[index] = strdup(argument) }
        argv[arguments.count] = nil
        let status = main(Int32(arguments.count), argv, environment)
        termination.runAll()
        return status
    }
}
