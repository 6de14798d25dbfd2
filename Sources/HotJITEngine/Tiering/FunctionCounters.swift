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
    /// What each counter started at, and the counts taken away from it by resets (deferrals, parking); empty until
    /// `attach` (most functions of a large module are never called).
    private var initial: [UInt64] = []
    private var bias: [UInt64] = []

    /// Tier 0 was compiled with counters at `array`, starting at `initialValues`; calls count at `callCounter`.
    mutating func attach(_ array: UnsafeMutablePointer<UInt64>, callCounter: UnsafeMutablePointer<UInt64>,
                         initialValues: [UInt64]) {
        self.array = array
        self.callCounter = callCounter
        initial = initialValues + [UInt64](repeating: 0, count: max(0, Self.counterCount - initialValues.count))
        bias = [UInt64](repeating: 0, count: Self.counterCount)
    }

    private func word(_ index: Int) -> UnsafeMutablePointer<UInt64>? {
        guard index >= 0, index < Self.counterCount, index < bias.count else { return nil }
        return index == 0 ? callCounter : array.map { $0 + index }
    }

    /// Sets counter `index` to `value` (it reaches zero after `value` more events), keeping the reported count.
    mutating func reset(_ index: Int, to value: UInt64) {
        guard let word = word(index) else { return }
        bias[index] &+= value &- Atomics.loadRelaxed(word)
        Atomics.storeRelaxed(word, value)
    }

    /// Parks counter `index`: it counts on but never triggers again.
    mutating func park(_ index: Int) { reset(index, to: Self.parked) }

    /// Parks every loop counter.
    mutating func parkLoops() { for index in 1..<Self.counterCount { park(index) } }

    /// The total of events counted by counters `range`: what each started at minus where it is, plus its bias.
    func total(_ range: Range<Int>) -> UInt64 {
        range.reduce(0) { total, index in
            guard let word = word(index) else { return total }
            return total &+ (initial[index] &- Atomics.loadRelaxed(word)) &+ bias[index]
        }
    }

    var calls: UInt64 { total(0..<1) }
    var backedges: UInt64 { total(1..<Self.counterCount) }
}
