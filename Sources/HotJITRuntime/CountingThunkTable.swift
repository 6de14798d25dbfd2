import HotJITEmitters
import HotJITBase

/// A fixed-size table of call-counting thunks (see `CallCountingThunkEmitter`), one per function of a module, next to
/// its stub table. A thunk stands between a tier-0 function's stub and its code while its calls are being counted:
/// the stub's slot points at the thunk, the thunk counts down the record's counter and continues at the record's
/// target, or at its trigger once the count is used up. Thunks live in read+execute pages, records in read-write pages
/// of the same mapping, a slab that many tables share.
public final class CountingThunkTable: @unchecked Sendable {
    public let emitter: any CallCountingThunkEmitter
    public let count: Int
    private let span: TableSpan

    /// Slabs of thunks for `emitter`'s architecture.
    public static func slabs(for emitter: any CallCountingThunkEmitter) -> TableSlabs {
        TableSlabs(entryCodeSize: emitter.countingThunkSize, entryDataSize: countingRecordSize,
                   flushInstructionCache: emitter.needsInstructionCacheFlush) { address, records, count in
            try emitter.emitCountingThunks(at: address, records: records, count: count)
        }
    }

    /// `count` thunks taken from `slabs` (made by `slabs(for: emitter)`); every record starts zeroed (set target and
    /// trigger before pointing a slot at a thunk).
    public init(emitter: any CallCountingThunkEmitter, slabs: TableSlabs, count: Int) throws {
        precondition(count > 0, "a thunk table needs at least one thunk")
        precondition(slabs.entryCodeSize == emitter.countingThunkSize, "slabs of another kind")
        self.emitter = emitter
        self.count = count
        span = try slabs.allocate(count)
    }

    /// Address of thunk `index`: what its function's stub points at while calls are counted.
    public func thunkAddress(_ index: Int) -> UInt64 {
        precondition(index >= 0 && index < count, "thunk index out of range")
        return span.codeAddress(index)
    }

    /// The counter of thunk `index`: a signed count the thunk decrements (as a bit pattern; written by JIT'd code
    /// without synchronization).
    public func counter(_ index: Int) -> UnsafeMutablePointer<UInt64> { word(index, 0) }

    /// Sets where thunk `index` continues while its count lasts (`target`) and once it is used up (`trigger`).
    /// Before any slot points at the thunk: stores are release-ordered, so a thread that reaches the thunk sees them.
    public func setDestinations(_ index: Int, target: UInt64, trigger: UInt64) {
        Atomics.storeRelease(word(index, 8), target)
        Atomics.storeRelease(word(index, 16), trigger)
    }

    /// Where thunk `index` continues while its count lasts.
    public func target(_ index: Int) -> UInt64 { Atomics.loadAcquire(word(index, 8)) }

    /// The table's thunks (RX), for perf maps, debuggers and tests.
    public var codeRange: Range<UInt64> { span.codeRange }

    private func word(_ index: Int, _ offset: Int) -> UnsafeMutablePointer<UInt64> {
        precondition(index >= 0 && index < count, "thunk index out of range")
        return span.dataWord(index, offset: offset)
    }
}
