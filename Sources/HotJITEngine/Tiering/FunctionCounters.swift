import HotJITBase
import LLVMBridge

/// One function's tier-0 counts: the words JIT'd code counts down, what they started at, and what deferrals and
/// parking took away, so reported counts stay totals. Guarded by the record's lock; the words themselves are
/// written by JIT'd code without synchronization (relaxed accesses here; see `Atomics`).
struct FunctionCounters {
    /// Loops of a function with back-edge counters (and OSR slots) of their own; further loops share one counter.
    static let countedLoops = 8
    static let counterCount = TierUpCounters.counterCount(loopCount: countedLoops)

    /// A count that is never used up in practice, for a counter whose trigger has done its job: a loop past its
    /// threshold would otherwise take its slow path (the OSR poll) on every back-edge. Counting goes on (statistics).
    static let parked: UInt64 = 1 << 62

    /// Tier-0 code's counter array (layout in `TierUpCounters`); nil until tier 0 is compiled with counters.
    private var array: UnsafeMutablePointer<UInt64>?
    /// Where calls are counted: the call-counting thunk's counter, or `array[0]` where tier-0 code counts them.
    private var callCounter: UnsafeMutablePointer<UInt64>?
    /// Per counter, what its last reset (or its start) left: counts are measured from there. Empty until `attach`
    /// (most functions of a large module are never called).
    private var epochs: [Epoch] = []

    /// One counter since its last reset: the value the reset stored, the value it replaced, and the events counted
    /// before it.
    ///
    /// The replaced value is kept because a reset can be lost: JIT'd code decrements without a lock (a load and a
    /// store, or the call-counting thunk's `decq`), so a reset stored by another thread between a decrement's load
    /// and its store (a compile thread parking a loop whose continuation it declined, while the loop runs) is
    /// overwritten, and the counter goes on counting down from where it was. Measured from the stored value, that
    /// is a count of about 2^62.
    private struct Epoch {
        var stored: UInt64
        var replaced: UInt64
        var countedBefore: UInt64 = 0

        init(start: UInt64) {
            stored = start
            replaced = start
        }

        /// Events counted up to the counter's value `now`: from the stored value if `now` lies below it, else from
        /// the replaced value (the reset was lost); if neither (a counter written by something else), what was
        /// counted before the reset: counting stopped there.
        func total(now: UInt64) -> UInt64 {
            let sinceStored = stored &- now
            if sinceStored < FunctionCounters.plausibleCount { return countedBefore &+ sinceStored }
            let sinceReplaced = Int64(bitPattern: replaced &- now)
            if sinceReplaced > -FunctionCounters.lostResetSlack, UInt64(max(0, sinceReplaced)) < plausibleCount {
                return countedBefore &+ UInt64(max(0, sinceReplaced))
            }
            return countedBefore
        }

        private var plausibleCount: UInt64 { FunctionCounters.plausibleCount }
    }

    /// More events than one counter can count between two resets in any run (2^61, half of `parked`).
    static let plausibleCount: UInt64 = 1 << 61
    /// How far above the replaced value a counter may be after a lost reset: a decrement that loaded before the
    /// reset read the counter stores one below what it loaded.
    static let lostResetSlack: Int64 = 1 << 16

    /// Tier 0 was compiled with counters at `array`, starting at `initialValues`; calls count at `callCounter`.
    mutating func attach(_ array: UnsafeMutablePointer<UInt64>, callCounter: UnsafeMutablePointer<UInt64>,
                         initialValues: [UInt64]) {
        self.array = array
        self.callCounter = callCounter
        epochs = (0..<Self.counterCount).map { Epoch(start: $0 < initialValues.count ? initialValues[$0] : 0) }
    }

    private func word(_ index: Int) -> UnsafeMutablePointer<UInt64>? {
        guard index >= 0, index < epochs.count else { return nil }
        return index == 0 ? callCounter : array.map { $0 + index }
    }

    /// Sets counter `index` to `value` (it reaches zero after `value` more events), keeping the reported count.
    mutating func reset(_ index: Int, to value: UInt64) {
        guard let word = word(index) else { return }
        let now = Atomics.loadRelaxed(word)
        var epoch = Epoch(start: value)
        epoch.replaced = now
        epoch.countedBefore = epochs[index].total(now: now)
        epochs[index] = epoch
        Atomics.storeRelaxed(word, value)
    }

    /// Tier-0 code is about to be freed, and with it the counter array in its data: each counter in it keeps the
    /// total it counted, and counts no more (resets and parking of them do nothing from here on). The call counter
    /// stays where it is the call-counting thunk's.
    mutating func detachFromTier0Code() {
        guard let array else { return }
        for index in 0..<epochs.count where index > 0 || callCounter == array {
            let counted = total(index..<index + 1)
            epochs[index] = Epoch(start: 0)
            epochs[index].countedBefore = counted
        }
        if callCounter == array { callCounter = nil }
        self.array = nil
    }

    /// Parks counter `index`: it counts on but never triggers again.
    mutating func park(_ index: Int) { reset(index, to: Self.parked) }

    /// Parks every loop counter.
    mutating func parkLoops() { for index in 1..<Self.counterCount { park(index) } }

    /// The total of events counted by counters `range`, each measured from its last reset (see `Epoch`).
    func total(_ range: Range<Int>) -> UInt64 {
        range.reduce(0) { total, index in
            guard let word = word(index) else {
                // Detached from freed tier-0 code: what it counted before.
                return index >= 0 && index < epochs.count ? total &+ epochs[index].countedBefore : total
            }
            return total &+ epochs[index].total(now: Atomics.loadRelaxed(word))
        }
    }

    var calls: UInt64 { total(0..<1) }
    var backedges: UInt64 { total(1..<Self.counterCount) }
}
