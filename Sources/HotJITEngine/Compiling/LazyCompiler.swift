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
    /// Where call-count triggers go; set once, before any compile.
    weak var tiering: TieringManager?
    /// The address tier-0 code calls at a threshold (`RuntimeSupport.realignedTierUpTrigger`), once looked up.
    private var triggerAddress: UInt64?
    private let triggerLock = ConditionLock()

    init(options: EngineOptions, compiler: FunctionCompiler, registry: ProgramRegistry, callbacks: CallbackManager,
         codeMap: CodeMap, events: EventLog) {
        self.options = options
        self.compiler = compiler
        self.registry = registry
        self.callbacks = callbacks
        self.codeMap = codeMap
        self.events = events
    }

    /// Compiles `record` at tier 0; returns the address its stub should lead to, or why it cannot be compiled.
    func compileOnFirstCall(_ record: FunctionRecord) -> Result<UInt64, CallbackManager.ResolveFailure> {
        guard let program = registry.program(record.programIndex) else {
            return .failure(.init("cannot compile '\(record.sourceName)': its module was removed"))
        }
        do {
            let counters = try tierUpCounters(for: record)
            let start = monotonicNanoseconds()
            let (version, instrumentation) = try compiler.compileTier0(record, program: program, counters: counters)
            // Everything is in place before the stub points at the new code: its first trigger may come at once.
            var entry = version.address
            var callCounter = instrumentation?.counters
            if instrumentation != nil, let counters, let thunks = record.thunks {
                try armCallCountingThunk(record, thunks: thunks, target: version.address, count: counters.callThreshold)
                callCounter = thunks.counter(record.stub.index)
                entry = thunks.thunkAddress(record.stub.index)
            }
            record.attachTier0(version, counters: instrumentation?.counters, callCounter: callCounter,
                               initialValues: counters?.initialValues ?? [],
                               loops: instrumentation?.loops ?? [])
            codeMap.add([.init(start: version.address, size: version.codeSize, name: record.sourceName, kind: .function,
                               tier: 0)])
            events.record(.compile(function: record.sourceName, tier: 0, start: start, end: monotonicNanoseconds()))
            if options.verbose {
                writeToStandardError("hotjit: compiled \(record.sourceName) at tier 0 in "
                                     + "\(version.compileNanoseconds / 1000) us\n")
            }
            return .success(entry)
        } catch {
            let message = "\(error)".split(separator: "\n").first.map(String.init) ?? "\(error)"
            return .failure(.init(message.hasPrefix(program.path)
                                  ? message : "cannot compile '\(record.sourceName)': \(message)"))
        }
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
