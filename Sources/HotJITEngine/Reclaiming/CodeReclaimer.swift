import HotJITBase
import LLVMBridge

/// Frees superseded code at a quiescent point the host declares (`Engine.reclaimSupersededCode`,
/// `hotjit_engine_reclaim`): the tier-0 code and OSR continuations of every function whose optimized code is
/// installed (docs/decisions.md, "Superseded code is freed at a quiescent point the host declares").
///
/// Once the slot leads to optimized code no new call enters tier 0, but frames may still run in it or return into it
/// (a loop on another thread, a caller waiting on its callee, a tier-0 frame whose loop moved into a continuation).
/// Nothing on the fast path tracks those; the host's promise that none exists at this moment is what makes the free
/// safe, as with ORC's ResourceTracker and module removal. Compile threads may go on: what they publish later is
/// freed by a later reclaim.
final class CodeReclaimer: @unchecked Sendable {
    private let options: EngineOptions
    private let codeMap: CodeMap
    /// One reclaim at a time (each version's free is claimed under its record's lock in any case). Taken before the
    /// records' locks and the code map's, with no registry or program lock held (docs/life-of-a-function.md).
    private let lock = ConditionLock()

    init(options: EngineOptions, codeMap: CodeMap) {
        self.options = options
        self.codeMap = codeMap
    }

    /// Frees the superseded code of `records`; returns how many versions and bytes were freed. Refused, freeing
    /// nothing, with debugger support on: gdb holds the objects' registrations until the engine is destroyed.
    func reclaim(_ records: [FunctionRecord]) throws -> (versions: Int, bytes: UInt64) {
        guard !options.debuggerSupport else {
            throw EngineError.unsupported("superseded code cannot be freed while debugger support is on "
                                          + "(its objects are registered with gdb until the engine is destroyed)")
        }
        return try lock.withLock {
            // Shared tier-0 objects: decided once per object, before any record's lock is taken for the free (a
            // record's lock is never held while another's is taken).
            var shared: [ObjectIdentifier: Bool] = [:]
            for record in records {
                for object in record.supersededCode.compactMap(\.sharedObject)
                where shared[ObjectIdentifier(object)] == nil {
                    shared[ObjectIdentifier(object)] = object.allSuperseded
                }
            }
            var freed: [FunctionRecord.CompiledVersion] = []
            for record in records {
                freed += record.takeSupersededCode { shared[ObjectIdentifier($0)] ?? false }
            }
            // The code map first: from here on no symbolization names freed code.
            codeMap.remove(starts: Set(freed.map(\.address)))
            var failures: [String] = []
            for tracker in JITSession.Tracker.distinct(freed.compactMap(\.tracker)) {
                do { try tracker.remove() } catch { failures.append("\(error)") }
            }
            if let failure = failures.first {
                throw EngineError.compile("ORC could not free \(failures.count) superseded versions: \(failure)")
            }
            return (freed.count, freed.reduce(0) { $0 + $1.codeSize })
        }
    }
}
