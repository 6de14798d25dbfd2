import HotJITRuntime
#if canImport(Glibc)
import Glibc
#endif

/// Every address range of JIT'd code and what it is: compiled versions (function, tier), stubs, trampolines and
/// resolvers. Answers "which function is at this address" for crash reports, the C API's symbolizer, perf maps.
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

    init(perfMap: Bool) {
        pthread_mutex_init(mutex, nil)
        self.perfMap = perfMap ? open("/tmp/perf-\(getpid()).map", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644) : -1
    }

    deinit {
        if perfMap >= 0 { close(perfMap) }
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

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
        }
        pthread_mutex_unlock(mutex)
        if perfMap >= 0 {
            var text = ""
            for entry in new where entry.size > 0 {
                text += "\(String(entry.start, radix: 16)) \(String(entry.size, radix: 16)) \(entry.label)\n"
            }
            text.withUTF8 { _ = write(perfMap, $0.baseAddress, $0.count) }
        }
    }

    /// The entry containing `address`. With `nonBlocking` (signal handlers) it gives up instead of waiting for the lock.
    public func symbolize(_ address: UInt64, nonBlocking: Bool = false) -> Symbol? {
        if nonBlocking { guard pthread_mutex_trylock(mutex) == 0 else { return nil } } else { pthread_mutex_lock(mutex) }
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
