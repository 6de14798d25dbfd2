import HotJITBase
import HotJITRuntime
import LLVMBridge

/// The tier-up policy: the one place that decides what tiers up, when, and at what level. Everything that crosses
/// a threshold comes here on the thread that crossed it (tier-0 code's loop triggers through `RuntimeSupport`,
/// call counts through the call-counting thunk's trigger trampoline, explicit requests from the host); the manager
/// asks the recompile hook, moves the function's `TierUpState`, and hands the work to the `OptimizingCompiler` on
/// the `CompileThreads`.
final class TieringManager: @unchecked Sendable {
    private let options: TieringOptions
    private let verbose: Bool
    private let optimizer: OptimizingCompiler
    private let threads: CompileThreads
    private let events: EventLog
    private let hookLock = ConditionLock()
    private var hook: RecompileHook?

    init(options: TieringOptions, verbose: Bool, optimizer: OptimizingCompiler, threads: CompileThreads,
         events: EventLog) {
        self.options = options
        self.verbose = verbose
        self.optimizer = optimizer
        self.threads = threads
        self.events = events
    }

    /// Back-edges per call (on average) below which a hot loop gets no continuation, only its function's optimized
    /// entry (`FunctionRecord.loopsRunLong`).
    static let osrBackedgesPerCall: UInt64 = 64

    /// Installs (or removes, with nil) the hook that observes, vetoes or chooses the level of recompilations.
    func setHook(_ hook: RecompileHook?) { hookLock.withLock { self.hook = hook } }

    /// At a function's first call: where it starts if it was optimized in its program's last run and the persistent
    /// cache holds that code (installed in its stub; it never runs tier 0), or nil. Not with tier-up off, and not
    /// with a recompile hook: the hook decides what is optimized (its recompiles still find the cache).
    func startOptimizedFromCache(_ record: FunctionRecord) -> UInt64? {
        guard options.enabled, hookLock.withLock({ hook == nil }) else { return nil }
        return optimizer.installFromCache(record, level: options.optimizationLevel)
    }

    /// After a function's first compile: if its tier-up was asked for in its program's last run and never finished
    /// (the compile was still queued or running when the run ended), it is queued now, without waiting for its
    /// counts again. Not with tier-up off or a recompile hook (the hook decides).
    func tierUpFromProfile(_ record: FunctionRecord) {
        guard options.enabled, hookLock.withLock({ hook == nil }) else { return }
        let now = monotonicNanoseconds()
        guard record.claimTierUp(at: now, because: .profile) else { return }
        events.record(.trigger(function: record.sourceName, kind: .profile, time: now))
        scheduleOptimizedCompile(record, level: options.optimizationLevel)
    }

    /// Counter `trigger` of `record`'s tier-0 code reached zero (on the program's thread).
    ///
    /// A loop gets its OSR continuation only: it serves the running frame, and later calls too (their back-edges
    /// poll the same slot). An optimized version for later calls waits for the call count's own trigger: compiling
    /// it at once spends the compile thread on code that may never run (SQLite's `sqlite3VdbeExec`, 54 calls and
    /// 40 M back-edges, took 0.55 s of O3 for its entry beside 0.6 s for its continuation).
    /// A loop that triggers while another loop's continuation is being built counts on instead (one continuation at
    /// a time per function: `FunctionRecord.waitForOtherOSRBuild`); a loop that runs only a few times per call of a
    /// function called often gets none (`osrBackedgesPerCall`).
    func thresholdCrossed(_ record: FunctionRecord, trigger: TierUpTrigger) {
        let now = monotonicNanoseconds()
        threads.sampler?.watchCurrentThread()   // a thread that runs counted code
        var osrSlot = options.osr ? trigger.osrSlot : nil
        if let slot = osrSlot, !record.loopsRunLong(minimumBackedgesPerCall: Self.osrBackedgesPerCall) {
            // No continuation: the loop stops polling, and the function tiers up for its calls.
            record.parkLoop(slot: slot)
            osrSlot = nil
        }
        if let osrSlot, record.waitForOtherOSRBuild(slot: osrSlot, more: options.backedgeThreshold) { return }
        if options.osr, trigger == .sharedLoops,
           let counter = trigger.counterIndex(countedLoops: FunctionCounters.countedLoops),
           record.waitForCallsBesideContinuation(counter: counter, more: options.backedgeThreshold) { return }
        let continuationOnly = osrSlot.map { record.wantsContinuationOnly(slot: $0) } ?? false
        guard continuationOnly || record.claimTierUp(at: now, because: trigger.requestTrigger) else {
            // Already optimizing (or optimized) for future calls; a frame that outlives that may still need its
            // continuation.
            if let osrSlot, record.frameOutlivesOptimizedEntry(slot: osrSlot, more: options.backedgeThreshold) {
                scheduleOSR(record, slot: osrSlot, level: options.optimizationLevel)
            }
            return
        }
        events.record(.trigger(function: record.sourceName, kind: trigger.requestTrigger, time: now))
        let request = RecompileRequest(name: record.sourceName, currentTier: record.currentTier ?? 0,
                                       calls: record.calls, backedges: record.backedges,
                                       trigger: trigger.requestTrigger)
        let decision = hookLock.withLock { hook }?(request) ?? .recompile(level: options.optimizationLevel)
        switch decision {
        case .skip:
            record.skipTierUp()
        case .deferBy(let more):
            if let counter = trigger.counterIndex(countedLoops: FunctionCounters.countedLoops) {
                record.deferTierUp(counter: counter, more: max(1, more))
            }
        case .recompile(let level):
            if let osrSlot { scheduleOSR(record, slot: osrSlot, level: level) }
            if !continuationOnly { scheduleOptimizedCompile(record, level: level) }
        }
    }

    /// The call-counting thunk of `record` used up its count (on the calling thread, from the thunk's trigger
    /// trampoline): the call-count trigger, then on into whatever the function's code is now.
    func callCountUsedUp(_ record: FunctionRecord) -> Result<UInt64, CallbackManager.ResolveFailure> {
        thresholdCrossed(record, trigger: .calls)
        guard let address = record.callCountUsedUp() else {
            return .failure(.init("'\(record.sourceName)': call count trigger before its tier-0 code existed"))
        }
        return .success(address)
    }

    /// Recompiles `record` at `level` now (`wait`, or with synchronous tier-up) or in the background: the host's
    /// `hotjit_engine_recompile`. Its tier 0 must exist. Does nothing if its tier-up was already claimed.
    func recompileExplicitly(_ record: FunctionRecord, level: Int, wait: Bool) throws {
        let now = monotonicNanoseconds()
        guard record.claimTierUp(at: now, because: .explicit) else { return }
        events.record(.trigger(function: record.sourceName, kind: .explicit, time: now))
        if wait || !threads.inBackground { try optimizer.compileOptimized(record, level: level) }
        else { scheduleOptimizedCompile(record, level: level) }
    }

    /// Queues the optimized continuation for a running loop (once per loop). The loop of a function entered once (a
    /// `main`) is where the program runs: its continuation goes first. Others are ranked like optimized compiles: a
    /// large function's continuation (SQLite's 54 KB `sqlite3VdbeExec`: 0.6 s of O3) first held the compile thread
    /// while dozens of small functions called millions of times waited behind it; its loop's back-edges, counted
    /// on while it waits, bring it forward.
    private func scheduleOSR(_ record: FunctionRecord, slot: Int, level: Int) {
        guard options.osr, let loop = record.claimOSR(slot: slot) else { return }
        threads.run(cost: Self.pickCost(of: .continuation, record)) { [weak self] in
            defer { record.endOSRBuild(slot: slot) }
            guard let self else { return }
            do {
                try optimizer.compileOSR(record, slot: slot, loop: loop, level: level)
            } catch {
                let decline = error as? OSRDecline ?? OSRDecline(.compileFailed, "\(error)")
                self.events.record(.osrDecline(function: record.sourceName, reason: decline.reason,
                                               time: monotonicNanoseconds()))
                if self.verbose {
                    writeToStandardError("hotjit: OSR of \(record.sourceName) (loop \(slot)) declined, "
                                         + "\(decline.reason.rawValue): \(decline.detail)\n")
                }
                // The loop stays at tier 0 in this frame (without polling for a continuation); later calls should not.
                record.parkLoop(slot: slot)
                if record.claimTierUp(at: monotonicNanoseconds(), because: .backedges) {
                    scheduleOptimizedCompile(record, level: level)
                }
            }
        }
    }

    /// Queues `record`'s optimized compile, most worth it first (`pickCost`).
    private func scheduleOptimizedCompile(_ record: FunctionRecord, level: Int) {
        threads.run(cost: Self.pickCost(of: .optimizedEntry, record)) { [weak self] in
            guard let self else { return }
            do { try optimizer.compileOptimized(record, level: level) } catch {
                // A failed optimized compile leaves the function at tier 0: the program is unaffected.
                writeToStandardError("hotjit: warning: could not optimize '\(record.sourceName)', "
                                     + "it stays at tier 0: \(error)\n")
                record.skipTierUp()
            }
        }
    }

    /// The two kinds of compile work a function can have queued.
    private enum Work { case optimizedEntry, continuation }

    /// What the queue asks when a thread picks: compiling `record` per unit of work it did so far, the square root of
    /// its tier-0 code size (standing for the compile's cost, read once, here) over its calls and back-edges
    /// (standing for the time spent in it). The root: a large function does more work per call or back-edge than a
    /// small one, and its compile costs less than its size says: a small one's compile is mostly its inline
    /// candidates' (docs/decisions.md). In 1/2^20 units: hot functions are called more times than the measure is
    /// large, and an integer quotient of 0 for all of them made the queue first come, first served. A function
    /// entered once (a `main`) runs in its loop: that loop's continuation goes first, and its optimized entry, which
    /// helps only later calls, waits behind functions called again and again.
    private static func pickCost(of work: Work, _ record: FunctionRecord) -> () -> UInt64 {
        let size = record.compiledVersions.first { $0.tier == 0 }.map { Double($0.codeSize).squareRoot() * 32 }
        let scaledSize = size.map { UInt64(min($0, Double(UInt64.max >> 21))) << 20 } ?? .max
        return {
            let calls = record.calls
            if calls <= 1 { return work == .continuation ? 0 : scaledSize }
            return scaledSize / max(1, calls &+ record.backedges)
        }
    }
}
