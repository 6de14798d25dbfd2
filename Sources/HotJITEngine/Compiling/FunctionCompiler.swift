import LLVMBridge

/// Compiles one function at a tier: extract it from its program (under the program's lock), then, in a private
/// LLVM context, instrument (tier 0) or optimize (tier 1), generate code, add the object to the JIT session and look
/// the new version up. (Tier 0 of a program parsed whole stays in the program's context, under its lock: see
/// `LoadedProgram`.)
struct FunctionCompiler {
    let session: JITSession
    let machines: TargetMachinePool
    let dumper: CompilationDumper?
    /// The stubs of the functions among the given names (`ProgramRegistry.stubBindings`): a unit's calls are bound
    /// to them before code generation, since ORC does not know functions' names (see StubBinding.swift).
    let stubBindings: @Sendable ([String]) -> [String: UInt64]
    /// Gives those of the names that are hotjit's functions a symbol in the JIT session (their stubs), for
    /// assembly that names them.
    let defineForAssembly: @Sendable (Set<String>) throws -> Void
    /// The persistent cache, when on: versions of the programs it covers are looked up there first, and what is
    /// compiled is stored there, compiled to name (`CacheSymbols`) what uncached code holds the address of.
    let cache: CodeCache?
    /// For cached code: the `CacheSymbols` names of the functions among the given names (their stubs).
    let stubSymbols: @Sendable ([String]) -> [String: String]

    /// Optimized code with a basic block of more memory operations than this is generated with FastISel's instruction
    /// selection: SelectionDAG's combiner is quadratic in them (docs/decisions.md, "Compile budget"). Ordinary code,
    /// even unrolled and vectorized loops, stays far below it.
    static let largeBlockMemoryOperations = 1000

    /// What an instrumented tier-0 compile adds: where its counters are and which loops they count.
    struct Instrumentation {
        /// The counter array (layout in `TierUpCounters`), in the new code's data.
        let counters: UnsafeMutablePointer<UInt64>
        /// The counted loops, in counter order: also the OSR slots' loops.
        let loops: [CountedLoop]
    }

    /// One function of a tier-0 compile: its record and, with tiering on, the counters its code gets.
    struct Tier0Function {
        let record: FunctionRecord
        let counters: TierUpCounters?
    }

    /// Tier 0: true -O0 code generation (FastISel), instrumented with each function's counters when given. The
    /// first function is the one called; the others are companions compiled in the same unit and object (one
    /// compile's fixed cost for all), each under its own tier-0 symbol. Returns their versions in the same order.
    func compileTier0(_ functions: [Tier0Function], program: LoadedProgram) throws
        -> [(FunctionRecord.CompiledVersion, Instrumentation?)] {
        var loops: [[CountedLoop]] = Array(repeating: [], count: functions.count)
        let symbols = functions.map { VersionSymbol.tier($0.record.name, 0).name }
        let companions = functions.indices.dropFirst().map { index in
            (functions[index].record.name, symbols[index], functions[index].record.sourceName)
        }
        let cacheKey = cacheKey(program, ["t0"] + functions.map(\.record.name)
                                               + ["counted=\(functions.map { $0.counters != nil })"])
        var (versions, metadata) = try compile(
            functions[0].record, program: program, symbol: .tier(functions[0].record.name, 0), tier: 0, level: 0,
            inlineLimit: 0, companions: companions, cacheKey: cacheKey,
            acceptsCachedLines: { lines in
                lines.allSatisfy { CachedLoop(line: $0).map { functions.indices.contains($0.function) } ?? false }
            }) { unit, _ in
            for (index, function) in functions.enumerated() {
                if var counters = function.counters {
                    if cacheKey != nil { counters.symbols = Self.counterSymbols(function.record) }
                    loops[index] = try unit.instrumentForTierUp(symbols[index], counters: counters)
                }
            }
            return loops.enumerated().flatMap { index, loops in loops.map { CachedLoop(function: index, $0).line } }
        }
        if let metadata {   // a cache hit: the loops tier-0 instrumentation counted, as it stored them
            loops = Array(repeating: [], count: functions.count)
            for loop in metadata.compactMap(CachedLoop.init(line:)) { loops[loop.function].append(loop.loop) }
        }
        return try functions.indices.map { index in
            guard let counters = functions[index].counters else { return (versions[index], nil) }
            let lookupStart = monotonicNanoseconds()
            let address = try linking { try session.lookup(counters.symbol) }
            let lookup = monotonicNanoseconds() - lookupStart
            versions[index].stages.link += lookup
            versions[index].compileNanoseconds += lookup
            guard let pointer = UnsafeMutablePointer<UInt64>(bitPattern: UInt(address)) else {
                throw EngineError.compile("tier-0 counters of '\(functions[index].record.sourceName)' were not linked")
            }
            return (versions[index], Instrumentation(counters: pointer, loops: loops[index]))
        }
    }

    /// An on-stack-replacement continuation of `record` entering at counted loop `loop`, optimized like the
    /// optimizing tier. Throws (declines) when the loop cannot be entered mid-way. Its calls go through stubs: a
    /// long-running loop is where the program goes on running, so hotjit can regain control there (see
    /// `CompileThreads.handOver`).
    func compileOSR(_ record: FunctionRecord, program: LoadedProgram, slot: Int, loop: CountedLoop, level: Int,
                    inlineLimit: Int) throws -> FunctionRecord.CompiledVersion {
        let key = cacheKey(program, ["osr", record.name, "\(slot)", "\(level)", loop.transfer?.description ?? "-"])
        return try compile(record, program: program, symbol: .osr(record.name, loop: slot), tier: 1, level: level,
                           inlineLimit: inlineLimit, cacheKey: key) { unit, symbol in
            try unit.makeOSRContinuation(symbol, headerIndex: loop.header, expected: loop.transfer)
            unit.withholdCalleesWithLoops()
            unit.prepareForOptimization(symbol, entryCount: 1)
            try machines.withMachine(.aggressive) { try unit.optimize(level: level, targetMachine: $0) }
            return []
        }.versions[0]
    }

    /// The optimizing tier: callees' bodies alongside for inlining, `optnone` lifted, the IR pipeline at `level`,
    /// code generation for the host CPU.
    ///
    /// Recursive calls go straight to the new body (before optimization, so the optimizer sees the recursion), and
    /// calls that stay calls go straight to callees already optimized (`optimizedCallees`: stub name -> symbol).
    /// (OSR continuations call through stubs: see `CompileThreads.handOver`.)
    ///
    /// With the cache on, calls to optimized callees name them (`CacheSymbols.Kind.optimized`), resolved when the
    /// object is linked. `onlyFromCache`: the cached version or nothing (nil), no compile.
    func compileOptimized(_ record: FunctionRecord, program: LoadedProgram, level: Int, inlineLimit: Int,
                          optimizedCallees: [FunctionRecord], onlyFromCache: Bool = false) throws
        -> FunctionRecord.CompiledVersion? {
        let key = cacheKey(program, ["t1", record.name, "\(level)"])
        if onlyFromCache, key == nil { return nil }
        let redirections = Dictionary(uniqueKeysWithValues: optimizedCallees.map { callee in
            (callee.name, key == nil ? VersionSymbol.tier(callee.name, 1).name
                : CacheSymbols.name(.optimized, program: callee.programIndex, function: callee.name))
        })
        return try compile(record, program: program, symbol: .tier(record.name, 1), tier: 1, level: level,
                           inlineLimit: inlineLimit, cacheKey: key, onlyFromCache: onlyFromCache) { unit, symbol in
            unit.redirectCalls([record.name: symbol])
            unit.prepareForOptimization(symbol, entryCount: record.calls)
            try machines.withMachine(.aggressive) { try unit.optimize(level: level, targetMachine: $0) }
            unit.redirectCalls(redirections)
            return []
        }.versions.first
    }

    /// The cache key of a version of `program` named by `parts`, or nil when the cache does not cover it (off, or
    /// dumps asked for: they show compiles).
    private func cacheKey(_ program: LoadedProgram, _ parts: [String]) -> CacheKey? {
        guard let cache, dumper == nil else { return nil }
        return cache.entryKey(program: program.index, parts)
    }

    /// What cached tier-0 code of `record` names instead of this run's addresses.
    private static func counterSymbols(_ record: FunctionRecord) -> TierUpCounters.Symbols {
        let name = { (kind: CacheSymbols.Kind) in
            CacheSymbols.name(kind, program: record.programIndex, function: record.name)
        }
        return .init(trigger: RuntimeSupport.realignedTierUpTrigger, context: name(.context),
                     osrSlots: name(.osrSlots), osrEntries: name(.osrEntries))
    }

    /// Compiles `record`'s unit (with `companions`, prepared name -> symbol, defined in it too) and returns the
    /// versions, `record`'s first; one compile's time is split evenly among them. `transform` returns lines to keep
    /// with a cached object.
    ///
    /// With a `cacheKey`, the object is taken from the cache when it is there and `acceptsCachedLines` takes the
    /// lines it was stored with (then they are returned too, and nothing is compiled), and stored there once
    /// compiled. `onlyFromCache`: no compile, no versions on a miss.
    private func compile(_ record: FunctionRecord, program: LoadedProgram, symbol version: VersionSymbol, tier: Int,
                         level: Int, inlineLimit: Int,
                         companions: [(name: String, symbol: String, sourceName: String)] = [],
                         cacheKey: CacheKey? = nil, onlyFromCache: Bool = false,
                         acceptsCachedLines: ([String]) -> Bool = { $0.isEmpty },
                         transform: (IRModule, String) throws -> [String]) throws
        -> (versions: [FunctionRecord.CompiledVersion], cachedLines: [String]?) {
        let start = monotonicNanoseconds()
        var stages = CompileStages()
        let symbol = version.name
        var codeGenLevel = TargetMachine.OptimizationLevel.none
        let symbols = [symbol] + companions.map(\.symbol)
        var linesToKeep: [String] = []
        if let cacheKey, let cache {
            if let entry = cache.store.load(cacheKey), let cached = CachedObject(entry, symbols: symbols),
               acceptsCachedLines(cached.lines) {
                let object = cached.object.withUnsafeBytes { MemoryBuffer(copying: $0, name: symbol) }
                // An object that does not link (nothing known does that; a cache is still only a file) is compiled
                // afresh: its tracker went with the failure, so its names can be defined again.
                if var versions = try? link(object, symbols: symbols, tier: tier, level: level, start: start,
                                            stages: stages, fastInstructionSelection: cached.fastInstructionSelection) {
                    for index in versions.indices { versions[index].fromCache = true }
                    cache.countHit(tier: tier, nanoseconds: monotonicNanoseconds() - start,
                                   compileNanoseconds: cached.compileNanoseconds)
                    return (versions, cached.lines)
                }
            }
            cache.countMiss(tier: tier)
            if onlyFromCache { return ([], nil) }
        }
        /// Verify, transform, generate code: the work on the unit once it is made.
        func generateCode(_ unit: IRModule) throws -> MemoryBuffer {
            if let report = unit.verificationFailure() {
                throw EngineError.invalidIR(IRDiagnostics.oneLine(
                    program.loaded.verificationFailure(ofUnit: record.name, sourceName: record.sourceName,
                                                       report: report),
                    file: program.path))
            }
            let transformStart = monotonicNanoseconds()
            stages.prepare = transformStart - start
            linesToKeep = try transform(unit, symbol)
            let assemblyNames = unit.namesInAssembly
            if !assemblyNames.isEmpty { try defineForAssembly(assemblyNames) }
            if cacheKey != nil {
                unit.bindFunctionDeclarations(toSymbols: stubSymbols(unit.boundableFunctionDeclarations))
                // A cached object could not define them for assembly again: it is not kept.
                if !assemblyNames.isEmpty { linesToKeep = [Self.notCached] }
            } else {
                unit.bindFunctionDeclarations(stubBindings(unit.boundableFunctionDeclarations))
            }
            let codeGenerationStart = monotonicNanoseconds()
            stages.transform = codeGenerationStart - transformStart
            if level > 0 {
                codeGenLevel = unit.largestBlockMemoryOperations > Self.largeBlockMemoryOperations
                    ? .aggressiveFastSelection : .aggressive
            }
            if let dumper {
                let assembly = dumper.wantsAssembly
                    ? try machines.withMachine(codeGenLevel) { try $0.emitAssembly(unit) } : nil
                // By the version's suffix (`t1`, `osr0`): an OSR continuation does not overwrite the tier-1
                // dump. Each function of a unit with companions gets the whole unit under its own name.
                let ir = dumper.wantsIR ? unit.text : nil
                for name in [record.sourceName] + companions.map(\.sourceName) {
                    dumper.write(name, version: version.suffix, ir: ir, assembly: assembly)
                }
            }
            let object = try machines.withMachine(codeGenLevel) { try $0.emitObject(unit) }
            stages.codeGeneration = monotonicNanoseconds() - codeGenerationStart   // with the dump, if any
            return object
        }
        // Tier 0 is quick: its unit may be made and compiled in the program's own context (no copy), under its lock.
        let object: MemoryBuffer
        do {
            object = try program.withFunctionUnit(record.name, as: symbol,
                                                  ownedSuffix: VersionSymbol.ownedSuffix(tier: tier),
                                                  inlineLimit: inlineLimit,
                                                  companions: companions.map { ($0.name, $0.symbol) },
                                                  inProgramContext: level == 0) { unit in
                do { return try generateCode(unit) } catch { throw FailureAfterUnit(error: error) }
            }
        } catch let failure as FailureAfterUnit {
            throw failure.error
        } catch let error as LLVMError {   // the unit could not be made: the program's IR is at fault
            throw EngineError.invalidIR(IRDiagnostics.oneLine(error.message, file: program.path))
        }
        let fastSelection = codeGenLevel == .aggressiveFastSelection
        let bytes = cacheKey != nil && linesToKeep != [Self.notCached] ? Array(object.bytes) : nil
        let versions = try link(object, symbols: symbols, tier: tier, level: level, start: start, stages: stages,
                                fastInstructionSelection: fastSelection)
        if let cacheKey, let cache, let bytes {
            let compileTime = versions.reduce(0) { $0 + $1.compileNanoseconds }
            cache.store.store(cacheKey, CachedObject.entry(object: bytes, symbols: symbols,
                                                          compileNanoseconds: compileTime,
                                                          fastInstructionSelection: fastSelection,
                                                          lines: linesToKeep))
        }
        return (versions, nil)
    }

    /// A line `transform` keeps for an object that must not be cached.
    private static let notCached = "not cached"

    /// Links `object` and looks up `symbols` (the versions it defines, the called function's first); one compile's
    /// time, `start` to now, is split evenly among them.
    private func link(_ object: MemoryBuffer, symbols: [String], tier: Int, level: Int, start: UInt64,
                      stages: CompileStages, fastInstructionSelection: Bool) throws
        -> [FunctionRecord.CompiledVersion] {
        var stages = stages
        let sizes = object.symbolSizes()
        let linkStart = monotonicNanoseconds()
        // Each compile has a tracker of its own: removing its module (and, later, freeing a superseded version)
        // frees exactly its code.
        let (addresses, tracker) = try linking {
            let tracker = try session.addObject(object)
            do {
                return (try symbols.map { try session.lookup($0) }, tracker)
            } catch {
                try? tracker.remove()   // a failed link leaves no object behind
                throw error
            }
        }
        let end = monotonicNanoseconds()
        stages.link = end - linkStart
        let shared = symbols.count > 1 ? SharedTier0Object(tracker: tracker) : nil
        let share = UInt64(symbols.count)
        return symbols.indices.map { index in
            .init(tier: tier, level: level, address: addresses[index], codeSize: sizes[symbols[index]] ?? 0,
                  compileNanoseconds: (end - start) / share, stages: stages.divided(by: share),
                  fastInstructionSelection: fastInstructionSelection, tracker: tracker, sharedObject: shared)
        }
    }

    /// An error of the work on a unit once made, passed through as it is (only making the unit reports bad IR).
    private struct FailureAfterUnit: Error {
        let error: Error
    }

    /// Runs `body` (adding and linking code), reporting LLVM's failures as what they are (`EngineError.linking`).
    private func linking<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as LLVMError { throw EngineError.linking(error.message) }
    }
}
