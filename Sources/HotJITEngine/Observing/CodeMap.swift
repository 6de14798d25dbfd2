import HotJITBase
import HotJITRuntime
import HotJITSupport
#if canImport(Glibc)
import Glibc
#endif

/// Every address range of JIT'd code and what it is: compiled versions (function, tier), stubs, trampolines and
/// resolvers. Answers "which function is at this address" for crash reports, the C API's symbolizer, perf maps.
///
/// Two views of the same entries: the Swift `entries` behind a mutex (for `symbolize` and `all`), and for signal
/// handlers, which must neither allocate nor wait for a lock, `signalSafeIndex`: a C array of the entries' ranges and
/// labels, rebuilt on every `add` and published with one atomic exchange. A replaced array is freed once no
/// symbolizer is reading (the index counts them); until then it waits in `retired`.
public final class CodeMap: @unchecked Sendable {
    public enum Kind: Int, Sendable { case function = 0, stub = 1, trampoline = 2, resolver = 3, thunk = 4 }

    public struct Entry: Sendable {
        public let start: UInt64
        public let size: UInt64
        public let name: String
        public let kind: Kind
        /// Tier of a compiled version (-1 for stubs, trampolines, resolvers).
        public let tier: Int

        /// `foo [t0]`, `foo [stub]`, `foo [trampoline]`, `hotjit [resolver]`, `hotjit [call-counting thunks]`.
        public var label: String {
            switch kind {
            case .function: return "\(name) [t\(tier)]"
            case .stub: return "\(name) [stub]"
            case .trampoline: return "\(name) [trampoline]"
            case .resolver: return "\(name) [resolver]"
            case .thunk: return "\(name) [call-counting thunks]"
            }
        }
    }

    /// What an address is: the entry containing it and the offset into it.
    public struct Symbol: Sendable {
        public let entry: Entry
        public let offset: UInt64
        /// `foo [t0]+0x1c` / `foo [stub]+0x0`.
        public var description: String { "\(entry.label)+0x\(String(offset, radix: 16))" }
    }

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var entries: [Entry] = []   // sorted by start
    private let perfMap: Int32          // fd of /tmp/perf-<pid>.map, or -1
    /// The signal handlers' view (see the type's comment); its words are only touched atomically.
    private let index = UnsafeMutablePointer<hotjit_code_index>.allocate(capacity: 1)
    /// `entries`' ranges in the same order, copied into each published snapshot.
    private var ranges: [hotjit_code_range] = []
    /// The labels `ranges` point to, one per entry, shared by every snapshot and freed with the map.
    private var labels: [UnsafeMutablePointer<CChar>] = []
    /// Snapshots replaced while a symbolizer may have been reading them.
    private var retired: [UnsafeMutablePointer<hotjit_code_snapshot>] = []

    init(perfMap: Bool) {
        pthread_mutex_init(mutex, nil)
        index.initialize(to: hotjit_code_index(snapshot: 0, readers: 0))
        self.perfMap = perfMap ? open("/tmp/perf-\(getpid()).map", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644) : -1
    }

    deinit {
        if perfMap >= 0 { close(perfMap) }
        if let current = UnsafeMutablePointer<hotjit_code_snapshot>(bitPattern: UInt(index.pointee.snapshot)) {
            Self.free(current)
        }
        retired.forEach(Self.free)
        labels.forEach { $0.deallocate() }
        index.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// The context for `hotjit_code_index_symbolize`, the symbolizer a signal handler may call (no allocation, no
    /// lock); valid as long as this map.
    public var signalSafeIndex: UnsafeMutableRawPointer { UnsafeMutableRawPointer(index) }

    /// The perf map's path when one is written.
    public var perfMapPath: String? { perfMap >= 0 ? "/tmp/perf-\(getpid()).map" : nil }

    func add(_ new: [Entry]) {
        guard !new.isEmpty else { return }
        pthread_mutex_lock(mutex)
        for entry in new {
            var low = 0, high = entries.count
            while low < high {
                let mid = (low + high) / 2
                if entries[mid].start < entry.start { low = mid + 1 } else { high = mid }
            }
            entries.insert(entry, at: low)
            let label = Self.cString(entry.label)
            labels.append(label)
            ranges.insert(hotjit_code_range(start: entry.start, size: entry.size, kind: Int32(entry.kind.rawValue),
                                            tier: Int32(entry.tier), label: label), at: low)
        }
        publishSnapshot()
        pthread_mutex_unlock(mutex)
        if perfMap >= 0 {
            var text = ""
            for entry in new where entry.size > 0 {
                text += "\(String(entry.start, radix: 16)) \(String(entry.size, radix: 16)) \(entry.label)\n"
            }
            text.withUTF8 { _ = write(perfMap, $0.baseAddress, $0.count) }
        }
    }

    /// Replaces the signal handlers' snapshot by a copy of `ranges` (with the mutex held), then frees the replaced
    /// ones if no symbolizer is reading: a symbolizer announces itself before it loads the snapshot, so one that
    /// started after the exchange sees the new snapshot, and one that started before is still counted.
    private func publishSnapshot() {
        let copy = UnsafeMutablePointer<hotjit_code_range>.allocate(capacity: max(ranges.count, 1))
        copy.initialize(from: ranges, count: ranges.count)
        let snapshot = UnsafeMutablePointer<hotjit_code_snapshot>.allocate(capacity: 1)
        snapshot.initialize(to: hotjit_code_snapshot(count: UInt64(ranges.count), ranges: copy))
        let words = UnsafeMutableRawPointer(index)
        let slot = (words + Self.snapshotOffset).assumingMemoryBound(to: UInt64.self)
        let readers = (words + Self.readersOffset).assumingMemoryBound(to: UInt64.self)
        let old = Atomics.exchange(slot, UInt64(UInt(bitPattern: snapshot)))
        if let old = UnsafeMutablePointer<hotjit_code_snapshot>(bitPattern: UInt(old)) { retired.append(old) }
        if Atomics.loadSequentiallyConsistent(readers) == 0 {
            retired.forEach(Self.free)
            retired.removeAll()
        }
    }

    private static let snapshotOffset = MemoryLayout<hotjit_code_index>.offset(of: \.snapshot) ?? 0
    private static let readersOffset = MemoryLayout<hotjit_code_index>.offset(of: \.readers) ?? 8

    /// A NUL-terminated copy of `text` that outlives every Swift string (the map frees it).
    private static func cString(_ text: String) -> UnsafeMutablePointer<CChar> {
        let bytes = Array(text.utf8)
        let copy = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
        for (offset, byte) in bytes.enumerated() { copy[offset] = CChar(bitPattern: byte) }
        copy[bytes.count] = 0
        return copy
    }

    /// Frees a snapshot's array and header (not the labels, which later snapshots share).
    private static func free(_ snapshot: UnsafeMutablePointer<hotjit_code_snapshot>) {
        UnsafeMutablePointer(mutating: snapshot.pointee.ranges)?.deallocate()
        snapshot.deallocate()
    }

    /// The entry containing `address` (waits for the lock; signal handlers use `signalSafeIndex`).
    public func symbolize(_ address: UInt64) -> Symbol? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        var low = 0, high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].start <= address { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else { return nil }
        let entry = entries[low - 1]
        guard address < entry.start + max(entry.size, 1) else { return nil }
        return Symbol(entry: entry, offset: address - entry.start)
    }

    public var all: [Entry] {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return entries
    }
}
