import LLVMBridge

/// The object of one tier-0 compile that made several functions' code: a function's first call and the companions it
/// brought along (`LazyCompiler`). They share one ORC tracker, so their code can be freed only together: once every
/// one of them has its optimized code installed (`CodeReclaimer`), or with their module.
final class SharedTier0Object: @unchecked Sendable {
    let tracker: JITSession.Tracker
    /// Set once, before any of the versions is published.
    private(set) var members: [Weak] = []
    struct Weak { weak var record: FunctionRecord? }

    init(tracker: JITSession.Tracker) { self.tracker = tracker }

    func setMembers(_ records: [FunctionRecord]) { members = records.map { Weak(record: $0) } }

    /// Whether no call can enter any of its functions' tier-0 code any more (a member gone with its module counts
    /// as superseded: its module's removal frees the object).
    var allSuperseded: Bool { members.allSatisfy { $0.record?.hasOptimizedCode ?? true } }
}
