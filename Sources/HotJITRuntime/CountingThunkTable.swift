import HotJITEmitters
import HotJITBase

/// A fixed-size table of call-counting thunks (see `CallCountingThunkEmitter`), one per function of a module, next to
/// its stub table. A thunk stands between a tier-0 function's stub and its code while its calls are being counted:
/// the stub's slot points at the thunk, the thunk counts down the record's counter and continues at the record's
/// target, or at its trigger once the count is used up. Thunks live in read+execute pages, records in read-write pages
/// of the same mapping.
public final class CountingThunkTable: @unchecked Sendable {
    public let emitter: any CallCountingThunkEmitter
    public let count: Int
    private let mapping: CodeAndDataMapping

    /// Emits `count` thunks; every record starts zeroed (set target and trigger before pointing a slot at a thunk).
    public init(emitter: any CallCountingThunkEmitter, count: Int) throws {
        precondition(count > 0, "a thunk table needs at least one thunk")
        self.emitter = emitter
        self.count = count
        mapping = try CodeAndDataMapping(codeBytes: count * emitter.countingThunkSize,
                                         dataBytes: count * countingRecordSize)
        mapping.writeCode(try emitter.emitCountingThunks(at: mapping.base, records: mapping.dataBase, count: count),
                          at: 0)
        try mapping.sealCode(flushInstructionCache: emitter.needsInstructionCacheFlush)
    }

    /// Address of thunk `index`: what its function's stub points at while calls are counted.
    public func thunkAddress(_ index: Int) -> UInt64 {
        precondition(index >= 0 && index < count, "thunk index out of range")
        return mapping.base + UInt64(index * emitter.countingThunkSize)
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

    /// The mapping's code range (thunks, RX), for perf maps, debuggers and tests.
    public var codeRange: Range<UInt64> { mapping.base..<(mapping.base + UInt64(count * emitter.countingThunkSize)) }

    private func word(_ index: Int, _ offset: Int) -> UnsafeMutablePointer<UInt64> {
        precondition(index >= 0 && index < count, "thunk index out of range")
        return mapping.dataWord(at: index * countingRecordSize + offset)
    }
}
