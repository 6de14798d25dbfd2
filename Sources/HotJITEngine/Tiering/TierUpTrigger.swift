import LLVMBridge

/// What crossed a threshold: the one typed name for a tier-up trigger, from tier-0 code to the recompile hook.
///
/// Tier-0 code tells hotjit with `trigger(context, kind)` (see `TierUpCounters`), where `kind` is the index of the
/// counter that reached zero; `init(counterIndex:)` is the only place that reads that number.
enum TierUpTrigger: Equatable, Sendable {
    /// The call count (a call-counting thunk's, or tier-0 code's own entry count).
    case calls
    /// The back-edges of counted loop `k` (the loop with OSR slot `k`).
    case loop(Int)
    /// The back-edges of the loops beyond the counted ones, which share one counter (no OSR slot).
    case sharedLoops
    /// The host asked (`hotjit_engine_recompile`).
    case explicit

    /// The trigger of counter `index` in the layout of `TierUpCounters` with `countedLoops` loops of their own.
    init?(counterIndex index: Int, countedLoops: Int) {
        switch index {
        case 0: self = .calls
        case 1...countedLoops: self = .loop(index - 1)
        case countedLoops + 1: self = .sharedLoops
        default: return nil
        }
    }

    /// The counter this trigger is about (nil for `explicit`).
    func counterIndex(countedLoops: Int) -> Int? {
        switch self {
        case .calls: return 0
        case .loop(let k): return 1 + k
        case .sharedLoops: return 1 + countedLoops
        case .explicit: return nil
        }
    }

    /// The OSR slot a running loop waits on, for a loop trigger.
    var osrSlot: Int? {
        if case .loop(let k) = self { return k }
        return nil
    }

    /// How the recompile hook and the event log name it.
    var requestTrigger: RecompileRequest.Trigger {
        switch self {
        case .calls: return .calls
        case .loop, .sharedLoops: return .backedges
        case .explicit: return .explicit
        }
    }
}
