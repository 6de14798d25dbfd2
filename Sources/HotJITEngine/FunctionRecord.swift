import HotJITRuntime
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
    /// Tier-0 code's counters: [0] calls, [1] loop back-edges. Written by JIT'd code without synchronization.
    let counters: UnsafeMutablePointer<UInt64>
    /// On-stack replacement: one slot per instrumented loop header, holding an optimized continuation's entry once
    /// one is ready (tier-0 code polls it past the back-edge threshold), and a count of transfers into them.
    static let osrSlotCount = 8
    let osrSlots: UnsafeMutablePointer<UInt64>
    let osrEntryCount: UnsafeMutablePointer<UInt64>
    /// Loop header (block index) of each OSR slot, from tier-0 instrumentation; guarded by `lock`.
    private var osrHeaders: [Int] = []
    private var osrClaimed: Set<Int> = []
    /// The engine that owns it (tier-0 code's trigger reaches the engine through the record).
    weak var engine: Engine?

    /// The address every caller uses: `&foo` in every module, in data and from the host.
    public var stubAddress: UInt64 { stubs.stubAddress(stubIndex) }

    // Mutable state below is guarded by `lock`.
    let lock = ConditionLock()
    private(set) var versions: [CompiledVersion] = []
    /// Counts taken away from the counters by deferrals (so reported counts stay totals).
    private var bias: (calls: UInt64, backedges: UInt64) = (0, 0)
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
    }

    init(name: String, sourceName: String, programIndex: Int, stubs: StubTable, stubIndex: Int, engine: Engine) {
        self.engine = engine
        self.name = name
        self.sourceName = sourceName
        self.programIndex = programIndex
        self.stubs = stubs
        self.stubIndex = stubIndex
        counters = .allocate(capacity: 2)
        counters.initialize(repeating: 0, count: 2)
        osrSlots = .allocate(capacity: Self.osrSlotCount)
        osrSlots.initialize(repeating: 0, count: Self.osrSlotCount)
        osrEntryCount = .allocate(capacity: 1)
        osrEntryCount.initialize(to: 0)
    }

    deinit {
        counters.deallocate()
        osrSlots.deallocate()
        osrEntryCount.deallocate()
    }

    func setOSRHeaders(_ headers: [Int]) { lock.withLock { osrHeaders = headers } }

    /// The loop header of OSR slot `slot` if it has not been claimed yet (claims it).
    func claimOSR(slot: Int) -> Int? {
        lock.withLock {
            guard slot >= 0, slot < osrHeaders.count, !tierUpSkipped, osrClaimed.insert(slot).inserted else { return nil }
            return osrHeaders[slot]
        }
    }

    /// Publishes an OSR continuation: the next back-edge of a tier-0 frame in that loop transfers into it.
    func installOSR(slot: Int, address: UInt64) {
        hotjit_atomic_store_release_u64(osrSlots + slot, address)
    }

    /// Transfers of running tier-0 frames into OSR continuations.
    public var osrEntries: UInt64 { osrEntryCount.pointee }

    /// Records a compiled version and points the stub at it (an atomic store: callers switch on their next call).
    func install(_ version: CompiledVersion) {
        lock.withLock { versions.append(version) }
        stubs.setTarget(stubIndex, version.address)
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

    /// The hook skipped: never ask again.
    func skipTierUp() { lock.withLock { tierUpSkipped = true } }

    /// The hook deferred: release the claim and set the counter so it meets `threshold` again after `more` events.
    func deferTierUp(counter: Int, threshold: UInt64, more: UInt64) {
        lock.withLock {
            tierUpClaimed = false
            let current = counters[counter]
            let restart = threshold &- more   // wraps below zero: the counter still meets the threshold after `more`
            if counter == 0 { bias.calls += current &- restart } else { bias.backedges += current &- restart }
            counters[counter] = restart
        }
    }

    /// Calls and loop back-edges tier 0 counted (totals).
    public var calls: UInt64 { lock.withLock { counters[0] &+ bias.calls } }
    public var backedges: UInt64 { lock.withLock { counters[1] &+ bias.backedges } }

    /// Where the stub jumps now (the trampoline until the first call).
    public var currentTarget: UInt64 { stubs.target(stubIndex) }
    /// The highest tier compiled so far, or nil if the function was never called.
    public var currentTier: Int? { lock.withLock { versions.map(\.tier).max() } }
    public var compiledVersions: [CompiledVersion] { lock.withLock { versions } }
    var requestedAt: UInt64? { lock.withLock { tierUpRequestedAt } }
}
