import HotJITBase
import HotJITRuntime
import HotJITSupport
import LLVMBridge
#if canImport(Glibc)
import Glibc
#endif

/// What happened in the JIT and when, for the trace and the statistics. Appending takes a lock; nothing here is on
/// the JIT'd program's fast path (events are compiles and triggers).
public final class EventLog: @unchecked Sendable {
    public enum Event: Sendable {
        case compile(function: String, tier: Int, start: UInt64, end: UInt64)
        case trigger(function: String, kind: RecompileRequest.Trigger, time: UInt64)
        case osrCompile(function: String, start: UInt64, end: UInt64)
        /// An OSR continuation was declined; the loop runs on at tier 0 in that frame.
        case osrDecline(function: String, reason: OSRDeclineReason, time: UInt64)
    }

    public struct Entry: Sendable {
        public let event: Event
        public let thread: Int32
    }

    private let lock = ConditionLock()
    private var entries: [Entry] = []
    /// When the log (the engine) started, monotonic ns: trace timestamps are relative to it.
    public let origin = monotonicNanoseconds()

    func record(_ event: Event) {
        let thread = Int32(truncatingIfNeeded: hotjit_thread_id())
        lock.withLock { entries.append(Entry(event: event, thread: thread)) }
    }

    public var all: [Entry] { lock.withLock { entries } }

    /// Declined OSR continuations by reason, for the statistics (reasons that never occurred are left out).
    public var osrDeclines: [OSRDeclineReason: Int] {
        var counts: [OSRDeclineReason: Int] = [:]
        for entry in all { if case .osrDecline(_, let reason, _) = entry.event { counts[reason, default: 0] += 1 } }
        return counts
    }
}
