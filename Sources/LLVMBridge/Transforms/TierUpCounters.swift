// Why this file exists: the tier-0 code, the engine and the OSR machinery must agree on one layout of the counters
// a function counts its calls and loops in; this is that contract.
/// Where tier-0 code counts and whom it tells when a count crosses its threshold.
///
/// The counters live in the unit itself, as one hidden array named `symbol`, so tier-0 code reaches them
/// PC-relative (`counter(%rip)`), not through an absolute address materialized at every use; the engine looks the
/// array up after linking. Layout: `[0]` calls, `[1 + k]` back-edges of loop `k` (the first `loopCount` loop headers
/// in block order, each with its own counter, trigger and OSR slot), `[1 + loopCount]` back-edges of any further
/// loops, shared. Counters count down: each starts at its threshold (`initialValues`) and the trigger fires when it
/// reaches zero, so events counted = initial value - counter (wrapping: counters go on below zero).
public struct TierUpCounters: Sendable {
    /// Name of the counter array the instrumentation defines.
    public let symbol: String
    public let callThreshold: UInt64
    public let backedgeThreshold: UInt64
    /// `void trigger(void *context, int32_t kind)`: kind 0 = calls, 1 + k = back-edges of loop k.
    public let trigger: UInt64
    public let context: UInt64
    /// Loops with counters of their own (and OSR slots, when `osrSlots` is set).
    public var loopCount: Int
    /// Address of the function's on-stack-replacement slots (`loopCount` 8-byte slots, one per counted loop, holding
    /// the entry of an optimized continuation once one is ready), or 0 for no OSR.
    public var osrSlots: UInt64 = 0
    /// Address of the function's 64-bit count of OSR transfers.
    public var osrEntries: UInt64 = 0
    /// Symbols standing for `trigger`, `context`, `osrSlots` and `osrEntries`, for code that must not hold this
    /// run's addresses (a persistent cache's objects): the session resolves them when it links. Nil: addresses.
    public var symbols: Symbols?
    public struct Symbols: Sendable {
        public let trigger: String
        public let context: String
        public let osrSlots: String
        public let osrEntries: String
        public init(trigger: String, context: String, osrSlots: String, osrEntries: String) {
            self.trigger = trigger
            self.context = context
            self.osrSlots = osrSlots
            self.osrEntries = osrEntries
        }
    }
    /// Whether the code counts its own calls (`[0]`); false where a call-counting thunk in front of it does.
    public var countsCalls: Bool

    /// How many 64-bit counters the array holds.
    public static func counterCount(loopCount: Int) -> Int { 2 + loopCount }

    /// What each counter starts at: its threshold.
    public var initialValues: [UInt64] {
        [callThreshold] + [UInt64](repeating: backedgeThreshold, count: Self.counterCount(loopCount: loopCount) - 1)
    }

    public init(symbol: String, callThreshold: UInt64, backedgeThreshold: UInt64, trigger: UInt64, context: UInt64,
                loopCount: Int, countsCalls: Bool = true) {
        self.countsCalls = countsCalls
        self.symbol = symbol
        self.callThreshold = callThreshold
        self.backedgeThreshold = backedgeThreshold
        self.trigger = trigger
        self.context = context
        self.loopCount = loopCount
    }
}

