/// Where a function is in its tier-up, one value per function (guarded by its record's lock).
///
/// Outline of phases (compare .NET's `callcounting.h`):
/// 1. **Uncompiled**: the stub's slot points at the function's trampoline. The first call compiles tier 0
///    (`LazyCompiler`), then the state is `counting`.
/// 2. **Counting**: tier-0 code runs; its calls are counted in a call-counting thunk in front of it (or in its
///    own code where the architecture has no thunks), its loops in its own code. When a count reaches zero, tier-0
///    code (or the thunk's trigger trampoline) tells the `TieringManager` on the calling thread.
/// 3. The manager asks the recompile hook and moves the state:
///    - recompile → `claimed(requestedAt:)`: an optimized compile is queued or running; the call thunk counts on
///      with a count that is never used up (`FunctionCounters.parked`), for statistics;
///    - skip → `skipped`: never asked again; loop counters are parked and the stub steps past the thunk at its next
///      trigger, so tier-0 code runs uncounted;
///    - defer → stays `counting`, the counter set to go off again after N more events.
///    A loop trigger gets the loop's OSR continuation only and the function stays `counting`: the optimized
///    version for later calls waits for the call count (see `TieringManager.thresholdCrossed`). Once that is
///    claimed, a loop gets a continuation only for a tier-0 frame that outlives the optimized entry.
/// 4. **Optimized**: the compile is done, the stub's slot points at optimized code (`optimized(requestedAt:)`).
///    A failed optimized compile moves the state to `skipped`: the function stays at tier 0.
/// OSR continuations have a claim per loop of their own (`OSRLoops`), independent of this state except that a
/// skipped function gets none.
enum TierUpState: Equatable, Sendable {
    case counting
    case claimed(requestedAt: UInt64)
    case optimized(requestedAt: UInt64)
    case skipped

    /// When the accepted trigger fired, for tier-up latency.
    var requestedAt: UInt64? {
        switch self {
        case .claimed(let time), .optimized(let time): return time
        case .counting, .skipped: return nil
        }
    }
}
