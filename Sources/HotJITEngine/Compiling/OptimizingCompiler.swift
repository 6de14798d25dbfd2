import HotJITBase
import LLVMBridge

/// Carries out the optimizing tier's compiles that the `TieringManager` decided on: a function's optimized version
/// (installed in its stub) and OSR continuations of its running loops (published in its OSR slots). Runs on a
/// compile thread, or on the triggering thread with `--sync-tierup`. Remembers which functions have optimized code,
/// so later optimized callers call them directly.
final class OptimizingCompiler: @unchecked Sendable {
    private let options: EngineOptions
    private let compiler: FunctionCompiler
    private let registry: ProgramRegistry
    private let codeMap: CodeMap
    private let events: EventLog
    private let lock = ConditionLock()
    /// Functions with an optimized version, by link name.
    private var optimized: [String: FunctionRecord] = [:]

    init(options: EngineOptions, compiler: FunctionCompiler, registry: ProgramRegistry, codeMap: CodeMap,
         events: EventLog) {
        self.options = options
        self.compiler = compiler
        self.registry = registry
        self.codeMap = codeMap
        self.events = events
    }

    /// Functions that have an optimized version.
    var optimizedFunctions: [FunctionRecord] { lock.withLock { Array(optimized.values) } }

    /// Compiles `record`'s optimized version at `level` and points its stub at it.
    func compileOptimized(_ record: FunctionRecord, level: Int) throws {
        guard let program = registry.program(record.programIndex) else {
            throw EngineError.notFound("the module of '\(record.sourceName)' was removed")
        }
        let start = monotonicNanoseconds()
        let callees = lock.withLock { optimized.values.filter { $0 !== record } }
        guard let compiled = try compiler.compileOptimized(
            record, program: program, level: Self.clamp(level), inlineLimit: options.tiering.inlineCandidates,
            optimizedCallees: callees) else {
            throw EngineError.compile("'\(record.sourceName)' was not compiled")
        }
        let (latency, end) = install(compiled, of: record, startedAt: start)
        if options.verbose {
            writeToStandardError("hotjit: optimized \(record.sourceName) \(compiled.fromCache ? "from the cache " : "")"
                                 + "(O\(compiled.level)\(compiled.codeGenerationNote)) "
                                 + "in \(compiled.compileNanoseconds / 1000) us, "
                                 + "\(latency / 1000) us after its trigger\n")
        }
    }

    /// At the first call of a function that was optimized in its program's last run: its optimized version from the
    /// persistent cache, installed in its stub (it never runs tier 0, or, compiled as a companion, never more than
    /// it did); returns its address. Nil when the cache has none, or its tier-up is claimed already.
    func installFromCache(_ record: FunctionRecord, level: Int) -> UInt64? {
        guard let program = registry.program(record.programIndex) else { return nil }
        let start = monotonicNanoseconds()
        guard record.claimTierUp(at: start, because: .profile) else { return nil }
        guard let compiled = (try? compiler.compileOptimized(record, program: program, level: Self.clamp(level),
                                                             inlineLimit: options.tiering.inlineCandidates,
                                                             optimizedCallees: [], onlyFromCache: true)) ?? nil
        else {
            record.releaseTierUpClaim()
            return nil
        }
        let end = install(compiled, of: record, startedAt: start).end
        compiler.cache?.countOptimizedAtFirstCall()
        if options.verbose {
            writeToStandardError("hotjit: \(record.sourceName) starts optimized (O\(compiled.level)) from the cache "
                                 + "in \((end - start) / 1000) us\n")
        }
        return compiled.address
    }

    /// Points `record`'s stub at its optimized version `compiled` (made since `start`), remembers that it has one,
    /// and records it in the code map and the event log. Returns the tier-up latency and the time it was installed.
    private func install(_ compiled: FunctionRecord.CompiledVersion, of record: FunctionRecord,
                         startedAt start: UInt64) -> (latency: UInt64, end: UInt64) {
        let end = monotonicNanoseconds()
        let latency = record.installOptimized(compiled, completedAt: end)
        lock.withLock { optimized[record.name] = record }
        codeMap.add([.init(start: compiled.address, size: compiled.codeSize, name: record.sourceName, kind: .function,
                           tier: compiled.tier, function: record)])
        events.record(.compile(function: record.sourceName, tier: 1, start: start, end: end))
        return (latency, end)
    }

    /// Builds and publishes the OSR continuation of `record` entered at `loop`, its OSR slot `slot`.
    /// Throws when the continuation is declined; the caller decides what happens instead.
    func compileOSR(_ record: FunctionRecord, slot: Int, loop: CountedLoop, level: Int) throws {
        guard let program = registry.program(record.programIndex) else {
            throw EngineError.notFound("the module of '\(record.sourceName)' was removed")
        }
        let start = monotonicNanoseconds()
        let compiled = try compiler.compileOSR(record, program: program, slot: slot, loop: loop,
                                               level: Self.clamp(level), inlineLimit: options.tiering.inlineCandidates)
        record.publishOSR(compiled, slot: slot)
        let end = monotonicNanoseconds()
        codeMap.add([.init(start: compiled.address, size: compiled.codeSize, name: record.sourceName + " [osr]",
                           kind: .function, tier: 1, function: record)])
        events.record(.osrCompile(function: record.sourceName, start: start, end: end))
        if options.verbose {
            writeToStandardError("hotjit: OSR continuation of \(record.sourceName) "
                                 + "(loop \(slot)\(compiled.codeGenerationNote)) ready in "
                                 + "\(compiled.compileNanoseconds / 1000) us (\(compiled.stages.summary))\n")
        }
    }

    private static func clamp(_ level: Int) -> Int { min(max(level, 1), 3) }
}
