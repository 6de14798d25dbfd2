import HotJITBase
import HotJITRuntime
import LLVMBridge

/// One function of a loaded program: who it is, where it is reached (its lazy stub), what tier 0 counted, where it
/// is in its tier-up (`TierUpState`), and every version compiled so far.
///
/// State is guarded by the record's own lock, which nothing outside this file takes. It is taken after the
/// registry's and the program's locks and before the callback manager's (docs/life-of-a-function.md).
public final class FunctionRecord: @unchecked Sendable {
    /// Link name (module-unique for what was internal in the source).
    public let name: String
    /// Name in the source, for people.
    public let sourceName: String
    /// Index of the program that defines it.
    let programIndex: Int
    /// Its stub, slot and trampoline.
    let stub: LazyStub
    /// The call-counting thunks of its module (its own is at `stub.index`); nil where the architecture has none
    /// and tier-0 code counts its own calls.
    let thunks: CountingThunkTable?
    /// Where tier-0 code's triggers go (tier-0 code reaches the policy through the record).
    weak var tiering: TieringManager?

    private let lock = ConditionLock()
    private var versions: [CompiledVersion] = []
    private var counters = FunctionCounters()
    private var state = TierUpState.counting
    private var claimedBecause: RecompileRequest.Trigger?
    /// On-stack-replacement slots of its loops, made with its first instrumented compile (most functions of a large
    /// module are never called and need none).
    private var osr: OSRLoops?
    /// The trigger trampoline of its call-counting thunk, made with the first tier-0 compile.
    private var countTrigger: (id: Int, address: UInt64)?
    /// Its OSR continuations, kept apart from `versions`: no call enters them (only a tier-0 frame's loop does), so
    /// they are never where a call goes, but their trackers own code to free once tier 0 is superseded.
    private var continuations: [CompiledVersion] = []
    /// Who makes its tier-0 code: its own first call, or a caller's first compile that brought it along as a
    /// companion (`LazyCompiler`); then the entry its first call leads to.
    private var firstCompile = FirstCompile.open
    private enum FirstCompile {
        case open, compiling, companion, ready(entry: UInt64)
    }
    private var wasCompanion = false
    private var calledAfterCompanionCompile = false
    /// Back-edges counted when its optimized entry was installed: calls since enter the optimized code, which counts
    /// nothing, so back-edges counted later are tier-0 frames that began before it and run on.
    private var backedgesAtOptimizedEntry: UInt64 = 0
    /// Time samples (`TimeSampler`) that fell in its tier-0 code and in its optimized code (continuations included).
    private var samples = (tier0: UInt64(0), optimized: UInt64(0))

    public struct CompiledVersion: Sendable {
        public let tier: Int
        public let level: Int
        public let address: UInt64
        public let codeSize: UInt64
        public internal(set) var compileNanoseconds: UInt64
        /// The compile's time by stage.
        public var stages = CompileStages()
        /// Trigger to slot re-pointed, for optimized versions (0 for tier 0).
        public var tierUpLatencyNanoseconds: UInt64 = 0
        /// Optimized code generated with FastISel's instruction selection because of huge basic blocks.
        public var fastInstructionSelection = false
        /// How the code was generated, when that is out of the ordinary (for --verbose): "" or ", FastISel: ...".
        var codeGenerationNote: String { fastInstructionSelection ? ", FastISel: huge basic blocks" : "" }
        /// The ORC tracker of the version's object: removing it frees the code (and forgets its symbols).
        var tracker: JITSession.Tracker?
        /// The functions compiled in the same object (tier 0 with companions), which share `tracker`; nil when
        /// the object holds this version alone.
        var sharedObject: SharedTier0Object?
        /// It was linked from the persistent cache, not compiled.
        public internal(set) var fromCache = false
        /// Its code was freed (`takeSupersededCode`): the version is kept for statistics only.
        public internal(set) var freed = false
    }

    init(name: String, sourceName: String, programIndex: Int, stub: LazyStub, thunks: CountingThunkTable?) {
        self.name = name
        self.sourceName = sourceName
        self.programIndex = programIndex
        self.stub = stub
        self.thunks = thunks
    }

    /// The address every caller uses: `&foo` in every module, in data and from the host.
    public var stubAddress: UInt64 { stub.stubAddress }
    /// Where the stub jumps now (the trampoline until the first call).
    public var currentTarget: UInt64 { stub.target }
    /// The highest tier compiled so far, or nil if the function was never called.
    public var currentTier: Int? { lock.withLock { versions.map(\.tier).max() } }
    public var compiledVersions: [CompiledVersion] { lock.withLock { versions } }
    /// Its OSR continuations, in the order they were published.
    public var osrContinuations: [CompiledVersion] { lock.withLock { continuations } }
    /// Transfers of running tier-0 frames into OSR continuations.
    public var osrEntries: UInt64 { lock.withLock { osr.map { Atomics.loadRelaxed($0.transfers) } ?? 0 } }

    /// Its OSR slots (made on first use: tier-0 code is compiled with their addresses).
    func osrLoops() -> OSRLoops {
        lock.withLock {
            if let osr { return osr }
            let made = OSRLoops()
            osr = made
            return made
        }
    }

    /// Calls and loop back-edges (of all loops) tier 0 counted: totals. Calls are counted until the function's
    /// optimized code takes over (or its tier-up is skipped).
    public var calls: UInt64 { lock.withLock { counters.calls } }
    public var backedges: UInt64 { lock.withLock { counters.backedges } }
    /// Time samples of the program's threads in its tier-0 code, and in its optimized code.
    public var tier0Samples: UInt64 { lock.withLock { samples.tier0 } }
    public var optimizedSamples: UInt64 { lock.withLock { samples.optimized } }
    /// A time sample fell in its code of tier `tier`.
    func addSample(tier: Int) {
        lock.withLock {
            if tier == 0 { samples.tier0 += 1 } else { samples.optimized += 1 }
        }
    }
    /// The newest version at `tier` or above.
    func newestVersion(atLeast tier: Int) -> CompiledVersion? { lock.withLock { versions.last { $0.tier >= tier } } }

    // MARK: Tier 0

    /// Tier 0 was compiled (`version`) with counters at `array` starting at `initialValues`, counting
    /// `loops`; calls count at `callCounter`. Before its entry is published: a trigger may come at once.
    func attachTier0(_ version: CompiledVersion, counters array: UnsafeMutablePointer<UInt64>?,
                     callCounter: UnsafeMutablePointer<UInt64>?, initialValues: [UInt64], loops: [CountedLoop]) {
        lock.withLock {
            versions.append(version)
            if let array, let callCounter {
                counters.attach(array, callCounter: callCounter, initialValues: initialValues)
                osr?.loops = loops   // loops are listed only when OSR slots were given
            }
        }
    }

    /// The call-counting thunk's trigger trampoline, made by `make` the first time.
    func countTrigger(orMake make: () throws -> (id: Int, address: UInt64)) rethrows -> UInt64 {
        try lock.withLock {
            if let countTrigger { return countTrigger.address }
            let made = try make()
            countTrigger = made
            return made.address
        }
    }

    // MARK: First compile

    /// What the first call should do: compile tier 0 (nil; the record is claimed for it), or enter the entry that a
    /// companion compile made. Waits while a caller's compile holds it as a companion.
    func beginFirstCompile() -> UInt64? {
        lock.withLock {
            while true {
                switch firstCompile {
                case .open:
                    firstCompile = .compiling
                    return nil
                case .compiling, .companion:   // its own first compile elsewhere, or a caller's with it as companion
                    lock.wait()
                case .ready(let entry):
                    if wasCompanion { calledAfterCompanionCompile = true }
                    return entry
                }
            }
        }
    }

    /// Claims the record as a companion of another function's tier-0 compile: true when nothing compiles it yet.
    func claimAsCompanion() -> Bool {
        lock.withLock {
            guard case .open = firstCompile else { return false }
            firstCompile = .companion
            return true
        }
    }

    /// Its tier-0 code is in place and leads from `entry` (nil: the compile failed, the next first call tries).
    func endFirstCompile(entry: UInt64?) {
        lock.withLock {
            if case .companion = firstCompile, entry != nil { wasCompanion = true }
            firstCompile = entry.map { .ready(entry: $0) } ?? .open
            lock.broadcast()
        }
    }

    /// Its tier-0 code was compiled as a companion of a caller's; and whether its first call has come since.
    public var companion: (compiled: Bool, called: Bool) {
        lock.withLock { (wasCompanion, calledAfterCompanionCompile) }
    }

    /// Whether its optimized code is installed (no call reaches its tier 0 any more).
    var hasOptimizedCode: Bool {
        lock.withLock {
            guard case .optimized = state else { return false }
            return versions.contains { $0.tier > 0 }
        }
    }

    // MARK: Removal

    /// Why the function's module cannot be removed yet, or nil: removal frees tier-0 code only for now, so a
    /// function with an optimized version, a tier-up queued or running, or an OSR continuation keeps its module.
    var removalBlocker: String? {
        lock.withLock {
            if versions.contains(where: { $0.tier > 0 }) { return "'\(sourceName)' has optimized code" }
            if case .claimed = state { return "'\(sourceName)' is being recompiled" }
            if let osr, !osr.claimed.isEmpty { return "'\(sourceName)' has an OSR continuation" }
            return nil
        }
    }

    /// What removing the function's module frees besides its stub: the trampolines (its lazy stub's, its count
    /// trigger's) and the trackers of its compiled versions.
    var removableResources: (trampolineIDs: [Int], trackers: [JITSession.Tracker], versions: [CompiledVersion]) {
        lock.withLock {
            let all = versions + continuations
            return ([stub.trampolineID] + (countTrigger.map { [$0.id] } ?? []), all.compactMap(\.tracker),
                    all.filter { !$0.freed })
        }
    }

    // MARK: Superseded code

    /// The versions no call can enter any more, not freed yet: once its optimized code is installed (the slot
    /// leads there, or to the trampoline that rebinds to it), its tier-0 code and its OSR continuations. Frames may
    /// still run in them or return into them: only a quiescent point (`CodeReclaimer`) may free them.
    var supersededCode: [CompiledVersion] { lock.withLock { superseded } }

    /// Hands over the superseded versions to be freed now, marked freed (a second call gets none): the caller has
    /// a quiescent point. First takes out of them what outlives their code: tier 0's counters are copied (counts
    /// stay reported), the thunk leads to the optimized code and the OSR slots hold 0, so that nothing in this
    /// engine still holds an address inside them.
    func takeSupersededCode(freeing freeable: @escaping (SharedTier0Object) -> Bool) -> [CompiledVersion] {
        lock.withLock {
            // Tier-0 code in an object shared with functions still at tier 0 stays until they are superseded too.
            let kept = { (version: CompiledVersion) in version.sharedObject.map { !freeable($0) } ?? false }
            let taken = superseded.filter { !kept($0) }
            guard !taken.isEmpty, let optimized = versions.last(where: { $0.tier > 0 }) else { return [] }
            counters.detachFromTier0Code()
            if let thunks, let countTrigger {
                thunks.setDestinations(stub.index, target: optimized.address, trigger: countTrigger.address)
            }
            if let osr {
                for slot in 0..<FunctionCounters.countedLoops { Atomics.storeRelease(osr.slots + slot, 0) }
            }
            for index in versions.indices where versions[index].tier == 0 && !versions[index].freed
            && !kept(versions[index]) {
                versions[index].freed = true
                versions[index].tracker = nil
            }
            for index in continuations.indices where !continuations[index].freed {
                continuations[index].freed = true
                continuations[index].tracker = nil
            }
            return taken
        }
    }

    /// `supersededCode`, under the lock. The optimized version was installed under the lock together with the slot
    /// (`installOptimized`), so its presence means no new call reaches tier 0.
    private var superseded: [CompiledVersion] {
        guard case .optimized = state, versions.contains(where: { $0.tier > 0 }) else { return [] }
        return (versions.filter { $0.tier == 0 } + continuations).filter { !$0.freed }
    }

    // MARK: Tier-up state

    /// Claims the tier-up (true once, from `counting`); records when it was requested and what asked for it.
    func claimTierUp(at time: UInt64, because trigger: RecompileRequest.Trigger) -> Bool {
        lock.withLock {
            guard state == .counting else { return false }
            state = .claimed(requestedAt: time)
            claimedBecause = trigger
            return true
        }
    }

    /// Gives up a claim that led nowhere (`claimTierUp`; the cache had no optimized code): back to counting.
    func releaseTierUpClaim() {
        lock.withLock {
            guard case .claimed = state else { return }
            state = .counting
            claimedBecause = nil
        }
    }

    /// What asked for the optimized compile (calls, a loop's back-edges, the host), once claimed: `--stats` says why.
    public var tierUpTrigger: RecompileRequest.Trigger? { lock.withLock { claimedBecause } }

    /// The hook skipped (or the optimized compile failed): never ask again. Loops count on parked; the call thunk,
    /// if any, is stepped past at its next trigger.
    func skipTierUp() {
        lock.withLock {
            state = .skipped
            counters.parkLoops()
        }
    }

    /// The hook deferred: back to counting, with counter `index` going off again after `more` events.
    func deferTierUp(counter index: Int, more: UInt64) {
        lock.withLock {
            state = .counting
            counters.reset(index, to: more)
        }
    }

    /// Records an optimized version, points the stub at it, and ends the tier-up. Returns the latency from the
    /// trigger (0 for an explicit recompile of an uncounted function).
    func installOptimized(_ version: CompiledVersion, completedAt time: UInt64) -> UInt64 {
        let latency = lock.withLock { () -> UInt64 in
            let requested = state.requestedAt
            var version = version
            version.tierUpLatencyNanoseconds = requested.map { time &- $0 } ?? 0
            versions.append(version)
            state = .optimized(requestedAt: requested ?? time)
            backedgesAtOptimizedEntry = counters.backedges
            // Under the lock with the state: a reclaim that sees `optimized` knows no new call reaches tier 0.
            stub.setTarget(version.address)
            return version.tierUpLatencyNanoseconds
        }
        return latency
    }

    /// The call-counting thunk's trigger ran and the manager has decided; returns where the call goes now:
    /// optimized code (the stub already leads there); tier-0 code with the stub stepped past the thunk (skipped);
    /// tier-0 code through the thunk, which counts on parked (a compile is queued or running) or re-armed (deferred).
    func callCountUsedUp() -> UInt64? {
        let (newest, skipped) = lock.withLock { () -> (CompiledVersion?, Bool) in
            if case .claimed = state, versions.last?.tier == 0 { counters.park(0) }
            return (versions.last, state == .skipped)
        }
        guard let newest else { return nil }
        if skipped, newest.tier == 0, let thunks {
            stub.replaceTarget(expected: thunks.thunkAddress(stub.index), with: newest.address)
        }
        return newest.address
    }

    // MARK: OSR

    /// The loop of OSR slot `slot` if its continuation can still be claimed (claims it).
    func claimOSR(slot: Int) -> CountedLoop? {
        lock.withLock {
            guard state != .skipped, let osr, osr.claimable(slot) else { return nil }
            osr.claimed.insert(slot)
            osr.building.insert(slot)
            return osr.loops[slot]
        }
    }

    /// Continuation `version` was built for slot `slot`: recorded (its tracker owns its code), then published.
    func publishOSR(_ version: CompiledVersion, slot: Int) {
        lock.withLock {
            continuations.append(version)
            osr?.publish(slot: slot, entry: version.address)
        }
    }

    /// The continuation of slot `slot` was published or declined.
    func endOSRBuild(slot: Int) { lock.withLock { _ = osr?.building.remove(slot) } }

    /// Re-arms loop `slot`'s counter to go off again after `more` back-edges, if a continuation of another of the
    /// function's loops is being built and this one's is still to claim. The running frame most likely moves into
    /// that continuation (it holds the whole function from its loop's header on: an inner loop's holds the outer
    /// loops), so a second one now would take the compile thread for nothing; a loop still running at tier 0 once it
    /// is built triggers again and gets its own.
    func waitForOtherOSRBuild(slot: Int, more: UInt64) -> Bool {
        lock.withLock {
            guard let osr, osr.claimable(slot), !osr.building.isEmpty else { return false }
            counters.reset(1 + slot, to: max(1, more))
            return true
        }
    }

    /// Whether a loop trigger of slot `slot`, its optimized entry claimed, comes from a tier-0 frame that should get
    /// the loop's continuation: only once the entry is installed and tier-0 frames ran `more` back-edges since (a
    /// frame that began before it and keeps running). Otherwise the loop's counter is re-armed for `more` back-edges:
    /// a frame of a function called again and again most likely returns before a continuation would be built
    /// (pbzip2's `mainQSort3`, 2,000 back-edges per call: its continuation took 0.63 s of O3, beside 0.1 s for its
    /// entry), and one that does not triggers again.
    func frameOutlivesOptimizedEntry(slot: Int, more: UInt64) -> Bool {
        lock.withLock {
            guard let osr, osr.claimable(slot) else { return false }
            switch state {
            case .optimized where counters.backedges &- backedgesAtOptimizedEntry >= more: return true
            case .optimized, .claimed: counters.reset(1 + slot, to: max(1, more))
            case .counting, .skipped: break
            }
            return false
        }
    }

    /// Re-arms counter `index` to go off again after `more` back-edges, if a continuation of one of the function's
    /// loops was claimed and its tier-up was not: the shared counter of its loops without a slot of their own (the
    /// many inner loops of an interpreter's opcodes) then does not claim the optimized entry, which the call count's
    /// trigger claims when calls need it; a frame in such a loop moves into the continuation at its outer loop.
    func waitForCallsBesideContinuation(counter index: Int, more: UInt64) -> Bool {
        lock.withLock {
            guard state == .counting, let osr, !osr.claimed.isEmpty else { return false }
            counters.reset(index, to: max(1, more))
            return true
        }
    }

    /// Whether its loops run long per call: at most one call so far, or at least `minimum` back-edges per call on
    /// average. A continuation serves the frame that is in the loop; in a function called again and again whose
    /// loops run a few times per call, that frame leaves the loop soon, and every later call would enter tier 0 and
    /// transfer at its first back-edge until the optimized entry is installed (Lua's luaS_hash, copy2buff: hundreds
    /// of thousands of transfers, and their continuations first in the compile queue).
    func loopsRunLong(minimumBackedgesPerCall minimum: UInt64) -> Bool {
        lock.withLock {
            let calls = counters.calls
            return calls <= 1 || counters.backedges / calls >= minimum
        }
    }

    /// Whether a loop trigger of slot `slot` should get its continuation and nothing else: the function's tier-up is
    /// not claimed (its call count has not triggered), and the slot's continuation is still to be built.
    func wantsContinuationOnly(slot: Int) -> Bool {
        lock.withLock { state == .counting && osr?.claimable(slot) == true }
    }

    /// Lets the counter of loop `slot` count on parked: its continuation was declined, so this frame stays in the
    /// loop at tier 0 and should not poll for nothing.
    func parkLoop(slot: Int) { lock.withLock { counters.park(1 + slot) } }
}
