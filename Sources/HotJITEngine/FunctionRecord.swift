import HotJITBase
import HotJITRuntime
import LLVMBridge
import HotJITSupport

/// One function of a loaded program: where it is reached (its stub), what tier 0 counted, and what has been compiled.
public final class FunctionRecord: @unchecked Sendable {
    /// Link name (module-unique for what was internal in the source).
    public let name: String
    /// Name in the source, for people.
    public let sourceName: String
    /// Index of the program that defines it.
    let programIndex: Int
    let stubs: StubTable
    let stubIndex: Int
    /// Its trampoline (the callback manager's id): the stub's first target, re-armed to regain control for one call.
    var trampolineID = -1
    /// Loops of a function with back-edge counters (and OSR slots) of their own; further loops share one counter.
    static let countedLoops = 8
    /// Tier-0 code's counters, in its own data (layout in `TierUpCounters`: calls, then back-edges per counted loop,
    /// then the shared one), once tier 0 is compiled with counters. They count down from `initialCounts`. Written by
    /// JIT'd code without synchronization; the pointer itself is guarded by `lock`.
    private var counters: UnsafeMutablePointer<UInt64>?
    /// Where calls are counted down (as a bit pattern: counts go on below zero): the call-counting thunk's counter,
    /// or `counters[0]` where tier 0 counts calls in its code. Guarded by `lock` like `counters`.
    private var callCounter: UnsafeMutablePointer<UInt64>?
    /// The call-counting thunk (table and index) that stands between the stub and tier-0 code while calls are counted;
    /// nil where the architecture has none (tier-0 code then counts its own calls). Set once, at registration.
    var thunks: CountingThunkTable?
    /// The trigger trampoline of the thunk (made with the first tier-0 compile): where the thunk goes when the count is
    /// used up. Guarded by `lock`.
    var countTriggerAddress: UInt64?
    private var initialCounts = [UInt64](repeating: 0, count: counterCount)
    private static let counterCount = TierUpCounters.counterCount(loopCount: countedLoops)
    /// On-stack replacement: one slot per counted loop, holding an optimized continuation's entry once one is ready
    /// (tier-0 code polls it past the back-edge threshold), and a count of transfers into them.
    let osrSlots: UnsafeMutablePointer<UInt64>
    let osrEntryCount: UnsafeMutablePointer<UInt64>
    /// Loop header (block index) of each counted loop (and OSR slot), from tier-0 instrumentation; guarded by `lock`.
    private var osrHeaders: [Int] = []
    private var osrClaimed: Set<Int> = []
    /// The engine that owns it (tier-0 code's trigger reaches the engine through the record).
    weak var engine: Engine?

    /// The address every caller uses: `&foo` in every module, in data and from the host.
    public var stubAddress: UInt64 { stubs.stubAddress(stubIndex) }

    // Mutable state below is guarded by `lock`.
    let lock = ConditionLock()
    private(set) var versions: [CompiledVersion] = []
    /// Counts taken away from each counter by deferrals (so reported counts stay totals).
    private var bias = [UInt64](repeating: 0, count: counterCount)
    /// Tier-up state: a trigger was accepted (queued or compiling or done), or the hook said skip.
    private(set) var tierUpClaimed = false
    private(set) var tierUpSkipped = false
    /// When the trigger that led to the optimized compile fired (monotonic ns), for tier-up latency.
    private(set) var tierUpRequestedAt: UInt64?

    public struct CompiledVersion: Sendable {
        public let tier: Int
        public let level: Int
        public let address: UInt64
        public let codeSize: UInt64
        public let compileNanoseconds: UInt64
        /// Trigger to slot re-pointed, for optimized versions (0 for tier 0).
        public let tierUpLatencyNanoseconds: UInt64
        /// Optimized code generated with FastISel's instruction selection because of huge basic blocks.
        public var fastInstructionSelection = false
        /// How the code was generated, when that is out of the ordinary (for --verbose): "" or ", FastISel: ...".
        var codeGenerationNote: String { fastInstructionSelection ? ", FastISel: huge basic blocks" : "" }
    }

    init(name: String, sourceName: String, programIndex: Int, stubs: StubTable, stubIndex: Int, engine: Engine) {
        self.engine = engine
        self.name = name
        self.sourceName = sourceName
        self.programIndex = programIndex
        self.stubs = stubs
        self.stubIndex = stubIndex
        osrSlots = .allocate(capacity: Self.countedLoops)
        osrSlots.initialize(repeating: 0, count: Self.countedLoops)
        osrEntryCount = .allocate(capacity: 1)
        osrEntryCount.initialize(to: 0)
    }

    deinit {
        osrSlots.deallocate()
        osrEntryCount.deallocate()
    }

    /// Tier 0 was compiled with counters at `counters`, starting at `initialValues`, counting the loops at
    /// `loopHeaders`; its calls are counted at `callCounter` (the thunk's counter, or `counters[0]`).
    func attachCounters(_ counters: UnsafeMutablePointer<UInt64>, callCounter: UnsafeMutablePointer<UInt64>,
                        initialValues: [UInt64], loopHeaders: [Int]) {
        lock.withLock {
            self.counters = counters
            self.callCounter = callCounter
            initialCounts = initialValues
            osrHeaders = loopHeaders
        }
    }

    /// Counter `index` (0: calls, 1 + k: back-edges of loop k); under `lock`.
    private func counterWord(_ index: Int) -> UnsafeMutablePointer<UInt64>? {
        guard index >= 0, index < Self.counterCount else { return nil }
        return index == 0 ? callCounter : counters.map { $0 + index }
    }

    /// Sets counter `index` to `value`, keeping the reported count (the difference goes into its bias); under `lock`.
    private func resetCounter(_ index: Int, to value: UInt64) {
        guard let word = counterWord(index) else { return }
        bias[index] &+= value &- word.pointee
        word.pointee = value
    }

    /// A count that is never used up in practice, for counters whose trigger has done its job: loops past their
    /// threshold would otherwise take their slow path (the OSR poll) on every back-edge.
    static let quietCount: UInt64 = 1 << 62

    /// Lets the back-edge counter of loop `slot` (an OSR slot; a latch polls past its threshold) count on quietly:
    /// its continuation was declined, so this frame stays in the loop at tier 0 and should not poll for nothing.
    func quietLoop(slot: Int) {
        lock.withLock { resetCounter(1 + slot, to: Self.quietCount) }
    }

    /// The call-counting thunk's trigger ran (its count is used up) and the engine has decided: where the call goes
    /// now, and what the thunk does from here. Optimized code exists: there (the stub already leads to it). Tier-up
    /// skipped: the stub steps past the thunk, the function runs uncounted tier-0 code from now on. A recompile queued
    /// or running: the thunk counts on quietly until the optimized code replaces it in the stub. Deferred: the engine
    /// has set the counter already. Under `lock` except the stub update.
    func callCountUsedUp() -> UInt64? {
        let (newest, skipped) = lock.withLock { () -> (CompiledVersion?, Bool) in
            if tierUpClaimed, versions.last?.tier == 0 { resetCounter(0, to: Self.quietCount) }
            return (versions.last, tierUpSkipped)
        }
        guard let newest else { return nil }
        if skipped, newest.tier == 0, let thunks {
            stubs.replaceTarget(stubIndex, expected: thunks.thunkAddress(stubIndex), with: newest.address)
        }
        return newest.address
    }

    /// The loop header of OSR slot `slot` if it has not been claimed yet (claims it).
    func claimOSR(slot: Int) -> Int? {
        lock.withLock {
            guard osrClaimable(slot) else { return nil }
            osrClaimed.insert(slot)
            return osrHeaders[slot]
        }
    }

    /// Whether OSR slot `slot` has a loop and no continuation claimed yet, and tier-up was not skipped; under `lock`.
    private func osrClaimable(_ slot: Int) -> Bool {
        slot >= 0 && slot < osrHeaders.count && !tierUpSkipped && !osrClaimed.contains(slot)
    }

    /// Whether OSR slot `slot` can still be claimed and the function's tier-up is not claimed either.
    func osrUnclaimed(slot: Int) -> Bool {
        lock.withLock { osrClaimable(slot) && !tierUpClaimed }
    }

    /// Publishes an OSR continuation: the next back-edge of a tier-0 frame in that loop transfers into it.
    func installOSR(slot: Int, address: UInt64) {
        Atomics.storeRelease(osrSlots + slot, address)
    }

    /// Transfers of running tier-0 frames into OSR continuations.
    public var osrEntries: UInt64 { osrEntryCount.pointee }

    /// Records a compiled version and points the stub at `entry` (its address, or the call-counting thunk in front
    /// of it; an atomic store: callers switch on their next call).
    func install(_ version: CompiledVersion, entry: UInt64? = nil) {
        lock.withLock { versions.append(version) }
        stubs.setTarget(stubIndex, entry ?? version.address)
    }

    /// Claims the tier-up of this function (true once); records when it was requested.
    func claimTierUp(at time: UInt64) -> Bool {
        lock.withLock {
            guard !tierUpClaimed, !tierUpSkipped else { return false }
            tierUpClaimed = true
            tierUpRequestedAt = time
            return true
        }
    }

    /// The hook skipped: never ask again. Loops count on quietly (past their threshold they would poll for an OSR
    /// continuation on every back-edge); the call-counting thunk, if any, is stepped past at its next trigger.
    func skipTierUp() {
        lock.withLock {
            tierUpSkipped = true
            for loop in 1..<Self.counterCount { resetCounter(loop, to: Self.quietCount) }
        }
    }

    /// The hook deferred: release the claim and set counter `counter` (the trigger's kind) so it reaches zero again
    /// after `more` events, keeping the reported count.
    func deferTierUp(counter: Int, more: UInt64) {
        lock.withLock {
            tierUpClaimed = false
            resetCounter(counter, to: more)
        }
    }

    /// Calls and loop back-edges (of all loops) tier 0 counted: totals. Calls are counted until the function's
    /// optimized code takes over (or its tier-up is skipped).
    public var calls: UInt64 { lock.withLock { count(0..<1) } }
    public var backedges: UInt64 { lock.withLock { count(1..<Self.counterCount) } }

    /// The sum of counters `range` and their biases; under `lock`.
    private func count(_ range: Range<Int>) -> UInt64 {
        range.reduce(0) { total, index in
            guard let word = counterWord(index) else { return total }
            return total &+ (initialCounts[index] &- word.pointee) &+ bias[index]
        }
    }

    /// Where the stub jumps now (the trampoline until the first call).
    public var currentTarget: UInt64 { stubs.target(stubIndex) }
    /// The highest tier compiled so far, or nil if the function was never called.
    public var currentTier: Int? { lock.withLock { versions.map(\.tier).max() } }
    public var compiledVersions: [CompiledVersion] { lock.withLock { versions } }
    var requestedAt: UInt64? { lock.withLock { tierUpRequestedAt } }
}
