import HotJITBase
import HotJITRuntime
import HotJITSupport
#if canImport(Glibc)
import Glibc
#endif

/// Every address range of JIT'd code and what it is: compiled versions (function, tier), stubs, trampolines and
/// resolvers. Answers "which function is at this address" for crash reports, the C API's symbolizer, perf maps.
///
/// Two views of the same entries: the Swift `entries` behind a lock (for `symbolize` and `all`), and for signal
/// handlers, which must neither allocate nor wait for a lock, `signalSafeIndex`: an append-only C array of the
/// entries' ranges and names, each new range published by a release store of the count. A full array is replaced
/// by one of twice the size, and removing entries (a removed module) replaces it by a copy without them, each
/// published with one atomic store. Replaced arrays, and the names of removed code, are freed once no signal
/// handler is inside the index (its reader count is zero after the new array was published); until then they wait.
public final class CodeMap: @unchecked Sendable {
    public enum Kind: Int, Sendable { case function = 0, stub = 1, trampoline = 2, resolver = 3, thunk = 4 }

    public struct Entry: Sendable {
        public let start: UInt64
        public let size: UInt64
        public let name: String
        public let kind: Kind
        /// Tier of a compiled version (-1 for stubs, trampolines, resolvers).
        public let tier: Int
        /// The function a compiled version belongs to (for attributing time samples).
        weak var function: FunctionRecord?

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

    private let lock = ConditionLock()
    /// In the order added; sorted by start (and `sorted` set) when a lookup needs it. Adding stays O(1): engines
    /// that add thousands of modules add far more often than they symbolize, and new code lands below or above
    /// older code as the kernel places mappings, so a sorted insert would move half the array each time.
    private var entries: [Entry] = []
    private var sorted = true
    private let perfMap: Int32          // fd of /tmp/perf-<pid>.map, or -1
    /// The signal handlers' view (see the type's comment); its words are only touched atomically.
    private let index = UnsafeMutablePointer<hotjit_code_index>.allocate(capacity: 1)
    /// The snapshot `index` points at (nil before the first entry), and those it replaced that a reader may still
    /// hold.
    private var current: UnsafeMutablePointer<hotjit_code_snapshot>?
    private var replaced: [UnsafeMutablePointer<hotjit_code_snapshot>] = []
    /// Names no published range points to any more, freed with the replaced snapshots.
    private var unusedNames: [UnsafeMutablePointer<CChar>] = []
    /// The names the ranges point to (one per function: its stub, trampoline and versions share it), shared by
    /// every snapshot and freed with the map.
    private var names: [UnsafeMutablePointer<CChar>] = []
    private var lastName = ""

    init(perfMap: Bool) {
        index.initialize(to: hotjit_code_index(snapshot: 0, readers: 0))
        self.perfMap = perfMap
            ? open("/tmp/perf-\(getpid()).map", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644) : -1
    }

    deinit {
        if perfMap >= 0 { close(perfMap) }
        if let current { Self.free(current) }
        replaced.forEach(Self.free)
        names.forEach { Glibc.free($0) }
        unusedNames.forEach { Glibc.free($0) }
        index.deallocate()
    }

    /// The context for `hotjit_code_index_symbolize`, the symbolizer a signal handler may call (no allocation, no
    /// lock); valid as long as this map.
    public var signalSafeIndex: UnsafeMutableRawPointer { UnsafeMutableRawPointer(index) }

    /// The perf map's path when one is written.
    public var perfMapPath: String? { perfMap >= 0 ? "/tmp/perf-\(getpid()).map" : nil }

    func add(_ new: [Entry]) {
        guard !new.isEmpty else { return }
        lock.withLock {
            for entry in new {
                if let last = entries.last, last.start > entry.start { sorted = false }
                entries.append(entry)
                if names.isEmpty || entry.name != lastName {
                    guard let name = strdup(entry.name) else { continue }
                    names.append(name)
                    lastName = entry.name
                }
                append(hotjit_code_range(start: entry.start, size: entry.size, kind: Int32(entry.kind.rawValue),
                                         tier: Int32(entry.tier), name: names[names.count - 1]))
            }
        }
        if perfMap >= 0 {
            var text = ""
            for entry in new where entry.size > 0 {
                text += "\(String(entry.start, radix: 16)) \(String(entry.size, radix: 16)) \(entry.label)\n"
            }
            text.withUTF8 { _ = write(perfMap, $0.baseAddress, $0.count) }
        }
    }

    /// Publishes `range` to the signal handlers' index (with the lock held): written into the free place of the
    /// current snapshot, then counted (release), so a reader that sees the count sees the range.
    private func append(_ range: hotjit_code_range) {
        if current.map({ $0.pointee.count == $0.pointee.capacity }) ?? true { grow() }
        guard let snapshot = current, let ranges = snapshot.pointee.ranges else { return }
        let count = Int(snapshot.pointee.count)
        UnsafeMutablePointer(mutating: ranges)[count] = range
        let countWord = UnsafeMutableRawPointer(snapshot).assumingMemoryBound(to: UInt64.self)
        Atomics.storeRelease(countWord, UInt64(count + 1))
    }

    /// Replaces the current snapshot by a copy with twice the room (at least 64 ranges).
    private func grow() {
        let count = Int(current?.pointee.count ?? 0)
        let capacity = max(64, 2 * Int(current?.pointee.capacity ?? 0))
        let ranges = UnsafeMutablePointer<hotjit_code_range>.allocate(capacity: capacity)
        if let old = current?.pointee.ranges { ranges.initialize(from: old, count: count) }
        let snapshot = UnsafeMutablePointer<hotjit_code_snapshot>.allocate(capacity: 1)
        snapshot.initialize(to: hotjit_code_snapshot(count: UInt64(count), capacity: UInt64(capacity),
                                                     ranges: UnsafePointer(ranges)))
        publish(snapshot)
    }

    /// Makes `snapshot` current (with the lock held) and frees what no reader can hold any more.
    private func publish(_ snapshot: UnsafeMutablePointer<hotjit_code_snapshot>) {
        Atomics.storeSequentiallyConsistent(&index.pointee.snapshot, UInt64(UInt(bitPattern: snapshot)))
        if let old = current { replaced.append(old) }
        current = snapshot
        // A reader counted in before it loads the snapshot: seeing none here, after the store, means every later
        // reader loads the new snapshot, so nothing holds the replaced ones.
        guard Atomics.loadSequentiallyConsistent(&index.pointee.readers) == 0 else { return }
        replaced.forEach(Self.free)
        replaced.removeAll()
        unusedNames.forEach { Glibc.free($0) }
        unusedNames.removeAll()
    }

    /// Forgets the entries starting at `starts` (code that was freed). The signal handlers' index gets a copy
    /// without their ranges; names only they used are freed once no reader can hold them.
    func remove(starts: Set<UInt64>) {
        guard !starts.isEmpty else { return }
        lock.withLock {
            entries.removeAll { starts.contains($0.start) }
            guard let old = current, let oldRanges = old.pointee.ranges else { return }
            let count = Int(old.pointee.count)
            let survivors = (0..<count).map { oldRanges[$0] }.filter { !starts.contains($0.start) }
            let capacity = max(64, 2 * survivors.count)
            let ranges = UnsafeMutablePointer<hotjit_code_range>.allocate(capacity: capacity)
            ranges.initialize(from: survivors, count: survivors.count)
            let snapshot = UnsafeMutablePointer<hotjit_code_snapshot>.allocate(capacity: 1)
            snapshot.initialize(to: hotjit_code_snapshot(count: UInt64(survivors.count), capacity: UInt64(capacity),
                                                         ranges: UnsafePointer(ranges)))
            let used = Set(survivors.compactMap { $0.name.map { UInt(bitPattern: $0) } })
            unusedNames += names.filter { !used.contains(UInt(bitPattern: $0)) }
            names.removeAll { !used.contains(UInt(bitPattern: $0)) }
            lastName = ""   // the newest name may be among the unused: the next entry makes its own
            publish(snapshot)
        }
    }

    /// Frees a snapshot's array and header (not the names, which every snapshot shares).
    private static func free(_ snapshot: UnsafeMutablePointer<hotjit_code_snapshot>) {
        UnsafeMutablePointer(mutating: snapshot.pointee.ranges)?.deallocate()
        snapshot.deallocate()
    }

    /// The entry containing `address` (waits for the lock; signal handlers use `signalSafeIndex`).
    public func symbolize(_ address: UInt64) -> Symbol? {
        lock.lock()
        defer { lock.unlock() }
        sortEntries()
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

    /// Every entry, by start address.
    public var all: [Entry] {
        lock.withLock {
            sortEntries()
            return entries
        }
    }

    /// Sorts `entries` by start if an add left them out of order (with the lock held). Cheap when only the newest
    /// entries are out of place: the sort is stable and adaptive to sorted runs.
    private func sortEntries() {
        guard !sorted else { return }
        entries.sort { $0.start < $1.start }
        sorted = true
    }
}
