/// When and how functions move from tier 0 to the optimizing tier.
///
/// Defaults: a function is recompiled after 1000 calls or 20000 back-edges of one loop, on one background compile
/// thread. Why these values: docs/decisions.md.
public struct TieringOptions: Sendable {
    /// Instrument tier 0 and recompile hot functions; false keeps every function at tier 0.
    public var enabled = true
    /// Calls after which a function is recompiled.
    public var callThreshold: UInt64 = 1000
    /// Back-edges of one loop after which its function is recompiled (each counted loop has its own counter).
    public var backedgeThreshold: UInt64 = 20000
    /// Compile on the thread that crossed the threshold and continue in the optimized code (deterministic).
    public var synchronous = false
    /// Background compile threads (ignored when `synchronous`).
    public var compileThreads = 1
    /// A compile thread ends when it runs out of work, and the program thread that first runs the code it compiled
    /// last joins it; if that leaves the process single-threaded, glibc is told so, and malloc, free and libstdc++'s
    /// reference counts drop their locks and atomics again. False keeps the threads until the engine is destroyed.
    public var endIdleCompileThreads = true
    /// Nice value (0-19) of background compile threads. A compile competes with the program only for the CPU time
    /// that no one else wants: on a machine another process keeps busy, the program's own thread keeps its share.
    public var compileThreadNiceness = 10
    /// Optimization level of the optimized tier (1-3), unless the recompile hook picks another.
    public var optimizationLevel = 3
    /// On-stack replacement: a loop that crosses the back-edge threshold moves into optimized code while running.
    public var osr = true
    /// How many of a hot function's callees (up to four calls deep) its optimized compile may inline.
    public var inlineCandidates = 24
    /// Sample where the program's threads spend their CPU time, per function and tier (`TimeSampler`), for the
    /// statistics; nothing is sampled where the kernel refuses perf events. Off by default: ranking compile work
    /// by it was measured and rejected (docs/decisions.md), so it only observes.
    public var timeSampling = false

    public init() {}
}

/// What a recompile hook is told about a function that crossed a threshold.
public struct RecompileRequest: Sendable {
    public enum Trigger: Int, Sendable {
        /// `profile`: optimized at its first call, from the persistent cache, because the last run optimized it
        /// (never passed to a recompile hook: with a hook installed, the profile is not used).
        case calls = 0, backedges = 1, explicit = 2, profile = 3

        /// How `--stats` and the trace name it.
        public var name: String {
            switch self {
            case .calls: return "calls"
            case .backedges: return "backedges"
            case .explicit: return "host"
            case .profile: return "profile"
            }
        }
    }
    public let name: String
    public let currentTier: Int
    public let calls: UInt64
    public let backedges: UInt64
    public let trigger: Trigger
}

/// What the recompile hook decides.
public enum RecompileDecision: Sendable, Equatable {
    /// Recompile at this optimization level (1-3).
    case recompile(level: Int)
    /// Never recompile this function for this trigger.
    case skip
    /// Ask again after this many more calls (or back-edges, for a back-edge trigger).
    case deferBy(UInt64)
}

/// Observes, vetoes or chooses the level of every recompilation. Runs on the thread that crossed the threshold (a
/// program thread), at most once per function, tier and trigger unless it defers (until the function's call count
/// triggers, each loop that triggers is asked once and gets its OSR continuation only); it must not call back into
/// the JIT'd program.
public typealias RecompileHook = @Sendable (RecompileRequest) -> RecompileDecision
