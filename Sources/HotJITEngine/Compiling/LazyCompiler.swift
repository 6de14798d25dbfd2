import HotJITBase
import HotJITRuntime
import LLVMBridge

/// Compiles a function on its first call: tier 0, instrumented for tier-up when tiering is on. Runs as the lazy
/// stub's resolve function, on the calling thread, once per function (concurrent first callers wait); the lazy stub
/// then points the slot at the address returned here: the call-counting thunk in front of tier-0 code, or tier-0
/// code itself.
final class LazyCompiler: @unchecked Sendable {
    private let options: EngineOptions
    private let compiler: FunctionCompiler
    private let registry: ProgramRegistry
    private let callbacks: CallbackManager
    private let codeMap: CodeMap
    private let events: EventLog
    private let cache: CodeCache?
    /// Where call-count triggers go; set once, before any compile.
    weak var tiering: TieringManager?
    /// The address tier-0 code calls at a threshold (`RuntimeSupport.realignedTierUpTrigger`), once looked up.
    private var triggerAddress: UInt64?
    private let triggerLock = ConditionLock()

    init(options: EngineOptions, compiler: FunctionCompiler, registry: ProgramRegistry, callbacks: CallbackManager,
         codeMap: CodeMap, events: EventLog, cache: CodeCache?) {
        self.options = options
        self.compiler = compiler
        self.registry = registry
        self.callbacks = callbacks
        self.codeMap = codeMap
        self.events = events
        self.cache = cache
    }

    /// Compiles `record` at tier 0; returns the address its stub should lead to, or why it cannot be compiled.
    ///
    /// Small functions it calls that nothing compiles yet come along as companions (`EngineOptions.tier0Companions`):
    /// one unit, one code generation and one link for all of them, which costs about as much as `record`'s alone
    /// (the fixed cost of a compile is most of a small function's). Their stubs stay at their trampolines: their
    /// first calls find the code ready. If the unit with companions fails (a companion's text may not parse),
    /// `record` is compiled alone.
    ///
    /// A function its program's last run optimized starts at that optimized code when the persistent cache has it
    /// (after its tier-0 code, if a caller's compile made that as a companion).
    func compileOnFirstCall(_ record: FunctionRecord) -> Result<UInt64, CallbackManager.ResolveFailure> {
        if let entry = record.beginFirstCompile() {
            if optimizedLastRun(record), let optimized = tiering?.startOptimizedFromCache(record) {
                return .success(optimized)
            }
            return .success(entry)
        }
        guard let program = registry.program(record.programIndex) else {
            record.endFirstCompile(entry: nil)
            return .failure(.init("cannot compile '\(record.sourceName)': its module was removed"))
        }
        if optimizedLastRun(record), let entry = tiering?.startOptimizedFromCache(record) {
            record.endFirstCompile(entry: entry)
            return .success(entry)
        }
        let companions = program.loaded.companionCandidates(of: record.name, limit: options.tier0Companions)
            .compactMap { registry.function(named: $0) }
            .filter { $0 !== record && $0.programIndex == record.programIndex && $0.claimAsCompanion() }
        if !companions.isEmpty {
            let entries = try? compileTier0([record] + companions, program: program)
            for (index, companion) in companions.enumerated() { companion.endFirstCompile(entry: entries?[index + 1]) }
            if let entries {
                record.endFirstCompile(entry: entries[0])
                tierUpHotLastRun([record] + companions)
                return .success(entries[0])
            }
        }
        do {
            let entry = try compileTier0([record], program: program)[0]
            record.endFirstCompile(entry: entry)
            tierUpHotLastRun([record])
            return .success(entry)
        } catch {
            record.endFirstCompile(entry: nil)
            let message = "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
            return .failure(.init(message.hasPrefix(program.path)
                                  ? message : "cannot compile '\(record.sourceName)': \(message)"))
        }
    }

    /// Queues the tier-up of those of `records` (just compiled at tier 0) whose tier-up the last run asked for and
    /// did not finish (the persistent cache's profile says so).
    private func tierUpHotLastRun(_ records: [FunctionRecord]) {
        guard let cache else { return }
        for record in records where cache.wasHotLastRun(record.name, program: record.programIndex) {
            tiering?.tierUpFromProfile(record)
        }
    }

    /// Whether `record`'s program's last run optimized it (the persistent cache's profile says so).
    private func optimizedLastRun(_ record: FunctionRecord) -> Bool {
        cache?.wasOptimizedLastRun(record.name, program: record.programIndex) ?? false
    }

    /// Compiles `records` in one tier-0 unit and puts each one's code in place: counters attached, call-counting
    /// thunk armed, code map entry. Returns the entry each stub should lead to (the thunk or the code).
    private func compileTier0(_ records: [FunctionRecord], program: LoadedProgram) throws -> [UInt64] {
        let functions = try records.map {
            FunctionCompiler.Tier0Function(record: $0, counters: try tierUpCounters(for: $0))
        }
        let start = monotonicNanoseconds()
        let compiled = try compiler.compileTier0(functions, program: program)
        let shared = compiled.first?.0.sharedObject
        shared?.setMembers(records)
        var entries: [UInt64] = []
        for (function, (version, instrumentation)) in zip(functions, compiled) {
            let record = function.record
            // Everything is in place before the stub points at the new code: its first trigger may come at once.
            var entry = version.address
            var callCounter = instrumentation?.counters
            if instrumentation != nil, let counters = function.counters, let thunks = record.thunks {
                try armCallCountingThunk(record, thunks: thunks, target: version.address, count: counters.callThreshold)
                callCounter = thunks.counter(record.stub.index)
                entry = thunks.thunkAddress(record.stub.index)
            }
            record.attachTier0(version, counters: instrumentation?.counters, callCounter: callCounter,
                               initialValues: function.counters?.initialValues ?? [],
                               loops: instrumentation?.loops ?? [])
            entries.append(entry)
        }
        codeMap.add(zip(records, compiled).map { record, compiled in
            .init(start: compiled.0.address, size: compiled.0.codeSize, name: record.sourceName, kind: .function,
                  tier: 0, function: record)
        })
        let end = monotonicNanoseconds()
        for record in records {
            events.record(.compile(function: record.sourceName, tier: 0, start: start, end: end))
        }
        if options.verbose {
            let together = records.count > 1
                ? " with \(records.dropFirst().map(\.sourceName).joined(separator: ", "))" : ""
            writeToStandardError("hotjit: compiled \(records[0].sourceName) at tier 0\(together) in "
                                 + "\((end - start) / 1000) us\n")
        }
        return entries
    }

    /// Where and from what tier-0 code of `record` counts, or nil when tiering is off.
    private func tierUpCounters(for record: FunctionRecord) throws -> TierUpCounters? {
        let tiering = options.tiering
        guard tiering.enabled else { return nil }
        var counters = TierUpCounters(
            symbol: VersionSymbol.tier(record.name, 0).counters,
            callThreshold: max(1, tiering.callThreshold), backedgeThreshold: max(1, tiering.backedgeThreshold),
            trigger: try trigger(),
            context: UInt64(UInt(bitPattern: Unmanaged.passUnretained(record).toOpaque())),
            loopCount: FunctionCounters.countedLoops, countsCalls: record.thunks == nil)
        if tiering.osr {
            let osr = record.osrLoops()
            counters.osrSlots = UInt64(UInt(bitPattern: osr.slots))
            counters.osrEntries = UInt64(UInt(bitPattern: osr.transfers))
        }
        return counters
    }

    /// The realigning forwarder of the tier-up trigger, defined by the engine's runtime support.
    private func trigger() throws -> UInt64 {
        try triggerLock.withLock {
            if let triggerAddress { return triggerAddress }
            let address = try compiler.session.lookup(RuntimeSupport.realignedTierUpTrigger)
            triggerAddress = address
            return address
        }
    }

    /// Points `record`'s call-counting thunk at its tier-0 code (`target`) and its trigger, with `count` calls to go.
    private func armCallCountingThunk(_ record: FunctionRecord, thunks: CountingThunkTable, target: UInt64,
                                      count: UInt64) throws {
        let trigger = try record.countTrigger {
            try callbacks.makeRepeatingTrampoline { [weak self] in
                guard let tiering = self?.tiering else { return .failure(.init("the engine is gone")) }
                return tiering.callCountUsedUp(record)
            }
        }
        Atomics.storeRelaxed(thunks.counter(record.stub.index), count)
        thunks.setDestinations(record.stub.index, target: target, trigger: trigger)
    }
}
