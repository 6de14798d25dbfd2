// Why this file exists: an engine that holds many small modules (a runtime adding one per script or query) would
// keep each parsed in an LLVM context of its own, about 19 KiB each even for one tiny function; most of them are
// not being compiled at any moment. This keeps only the recently used ones parsed.
import HotJITBase

/// Keeps at most `capacity` of the modules that may hibernate (`ProgramModule.allowHibernation`) parsed; when one
/// more is used, the least recently used idle one drops its parsed IR and context and keeps only its IR text. Its
/// next unit parses that again (in a fresh context), a small module's cost only. Thread-safe.
public final class ModuleHibernation: @unchecked Sendable {
    public let capacity: Int
    private let lock = ConditionLock()
    /// Modules awake that may hibernate, with when each was last used.
    private var awake: [ObjectIdentifier: (module: ProgramModule, lastUse: UInt64)] = [:]
    private var clock: UInt64 = 0
    /// How many times a module was sent to sleep (for tests and statistics).
    public private(set) var hibernations = 0

    public init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Modules awake now that may hibernate.
    public var awakeCount: Int { lock.withLock { awake.count } }

    /// `module` was just used (it is awake); the least recently used others beyond `capacity` go to sleep if
    /// idle (their extraction locks are only tried, never waited for: the caller may hold `module`'s).
    func used(_ module: ProgramModule) {
        lock.withLock {
            clock += 1
            awake[ObjectIdentifier(module)] = (module, clock)
            guard awake.count > capacity else { return }
            // Oldest first; one in use now (its lock held) stays awake and is tried again next time.
            for (key, entry) in awake.sorted(by: { $0.value.lastUse < $1.value.lastUse }) {
                guard awake.count > capacity else { break }
                guard entry.module !== module, entry.module.hibernateIfIdle() else { continue }
                awake[key] = nil
                hibernations += 1
            }
        }
    }

    /// Forgets `module` (removed: it must not stay alive here).
    func forget(_ module: ProgramModule) { lock.withLock { awake[ObjectIdentifier(module)] = nil } }
}
