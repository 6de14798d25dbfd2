import HotJITBase
import LLVMBridge

/// A function's on-stack-replacement slots: one per counted loop, read by its tier-0 code past the back-edge
/// threshold. A slot holds 0 until an optimized continuation entered at that loop's header is ready, then its entry;
/// the running frame calls it and returns its result. Memory lives as long as the record (tier-0 code holds the
/// addresses); the loops and claims are guarded by the record's lock.
final class OSRLoops: @unchecked Sendable {
    /// The slots (`FunctionCounters.countedLoops` words) and the count of transfers into continuations.
    let slots: UnsafeMutablePointer<UInt64>
    let transfers: UnsafeMutablePointer<UInt64>
    /// The loop of each slot (its header and what its polls pass), from tier-0 instrumentation.
    var loops: [CountedLoop] = []
    /// Slots whose continuation was claimed (built, being built or declined).
    var claimed: Set<Int> = []
    /// Claimed slots whose continuation is being built (queued or compiling).
    var building: Set<Int> = []

    init() {
        slots = .allocate(capacity: FunctionCounters.countedLoops)
        slots.initialize(repeating: 0, count: FunctionCounters.countedLoops)
        transfers = .allocate(capacity: 1)
        transfers.initialize(to: 0)
    }

    deinit {
        slots.deallocate()
        transfers.deallocate()
    }

    /// Whether slot `slot` has a loop and no claimed continuation.
    func claimable(_ slot: Int) -> Bool { slot >= 0 && slot < loops.count && !claimed.contains(slot) }

    /// Publishes a continuation: the next back-edge of a tier-0 frame in that loop transfers into it.
    func publish(slot: Int, entry: UInt64) { Atomics.storeRelease(slots + slot, entry) }
}
