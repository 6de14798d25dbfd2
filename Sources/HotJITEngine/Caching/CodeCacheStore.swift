import HotJITBase
#if canImport(Glibc)
import Glibc
#endif

/// A directory of compiled-code cache entries and profiles that outlives the process (issue 17), shared by every
/// process that opens the same directory.
///
/// Nothing here trusts the disk: another process, a full disk, a crash or a user may have left any bytes in any
/// file, so every file is checked (magic, format version, its own key, lengths, a SHA-256 of its contents) and a
/// file that fails is deleted and reported as absent. Files are only ever replaced whole: a store writes a temporary
/// file next to the final one and renames it over, so a reader sees the old or the new file, never a mix. Eviction
/// is least-recently-used by modification time, which a hit bumps.
///
/// File format (integers little-endian):
///
///     "HOTJITC1"                      8 bytes, magic
///     version: UInt32                 1
///     key: 32 bytes                   the entry's own key (a file copied under another name is rejected)
///     metadata count: UInt32          then per string: length UInt32, UTF-8 bytes
///     object length: UInt64           then the object's bytes
///     checksum: 32 bytes              SHA-256 of everything before it
///
/// Entries live at `objects/<first 2 hex digits>/<other 62>`, profiles at `profiles/<64 hex digits>`; temporary
/// files start with `.tmp-` in the directory of the file they will replace.
final class CodeCacheStore: @unchecked Sendable {
    /// What one cache entry holds: short strings (symbol names and the like) and an object file's bytes.
    struct CacheEntry: Equatable, Sendable {
        var metadata: [String]
        var object: [UInt8]
    }

    /// What the store did since it was opened (this process only).
    struct Statistics: Sendable {
        var hits = 0
        var misses = 0
        /// Files found damaged, foreign or under the wrong name, and deleted.
        var rejected = 0
        var stores = 0
        var writeFailures = 0
        var evictions = 0
        var bytesRead: UInt64 = 0
        var bytesWritten: UInt64 = 0
        var bytesEvicted: UInt64 = 0
    }

    let directory: String
    /// Bytes the entries and profiles may take before `evictIfNeeded` deletes the least recently used.
    let sizeLimit: UInt64
    private let lock = ConditionLock()
    private var counters = Statistics()
    /// Bytes this process wrote that the directory's usage count (`usageFile`) does not include yet.
    private var unaccountedBytes: UInt64 = 0

    static let magic: [UInt8] = Array("HOTJITC1".utf8)
    static let formatVersion: UInt32 = 1
    /// Bytes of a file with no metadata and an empty object: magic, version, key, count, object length, checksum.
    static let minimumFileSize = 8 + 4 + 32 + 4 + 8 + 32
    /// Files larger than this are neither written nor read (a damaged or foreign file must not make us allocate
    /// whatever a length field says).
    static let maximumFileSize = 1 << 30
    /// At most this many metadata strings (profile lines) per file.
    static let maximumMetadataCount = 1 << 20
    /// Temporary files younger than this may belong to a store in progress in another process.
    static let staleTemporarySeconds = 60
    static let temporaryPrefix = ".tmp-"
    /// The directory's usage count: the bytes its entries and profiles take, as the processes that wrote them added
    /// up (decimal, under `flock`). An entry written again counts twice until the next walk corrects the count.
    static let usageFile = "usage"

    /// Opens (creating, like `mkdir -p`) the store at `directory`.
    init(directory: String, sizeLimit: UInt64) throws {
        self.directory = directory
        self.sizeLimit = sizeLimit
        for path in [directory, directory + "/objects", directory + "/profiles"] {
            if let problem = CodeCacheStore.makeDirectories(path) {
                throw EngineError.io("cannot create the code cache directory \(path): \(problem)")
            }
        }
        if access(directory + "/objects", W_OK | X_OK) != 0 || access(directory + "/profiles", W_OK | X_OK) != 0 {
            throw EngineError.io("the code cache directory \(directory) is not writable: \(CodeCacheStore.errnoText())")
        }
    }

    /// `$XDG_CACHE_HOME/hotjit`, else `$HOME/.cache/hotjit`; nil if neither variable is set.
    static var defaultDirectory: String? {
        if let cache = getenv("XDG_CACHE_HOME").map({ String(cString: $0) }), !cache.isEmpty {
            return cache + "/hotjit"
        }
        if let home = getenv("HOME").map({ String(cString: $0) }), !home.isEmpty {
            return home + "/.cache/hotjit"
        }
        return nil
    }

    var statistics: Statistics {
        lock.withLock { counters }
    }

    // MARK: Entries and profiles

    func objectPath(_ key: CacheKey) -> String {
        let hex = key.hex
        return directory + "/objects/" + hex.prefix(2) + "/" + hex.dropFirst(2)
    }

    func profilePath(_ key: CacheKey) -> String {
        directory + "/profiles/" + key.hex
    }

    /// The entry stored under `key`, or nil if there is none or its file is damaged (then deleted).
    func load(_ key: CacheKey) -> CacheEntry? {
        guard key.digest.count == 32 else { return countMiss() }
        return read(objectPath(key), key: key)
    }

    /// Stores `entry` under `key`, replacing any earlier one. Failures are counted, never thrown: the cache is
    /// only ever an optimization.
    func store(_ key: CacheKey, _ entry: CacheEntry) {
        guard key.digest.count == 32 else { return countWriteFailure() }
        let path = objectPath(key)
        let fanOut = String(path[..<path.lastIndex(of: "/")!])
        if mkdir(fanOut, 0o755) != 0 && errno != EEXIST { return countWriteFailure() }
        write(entry, key: key, to: path)
    }

    /// The profile lines stored under `key`, or nil (a damaged file is deleted).
    func loadProfile(_ key: CacheKey) -> [String]? {
        guard key.digest.count == 32 else { return countMiss() }
        return read(profilePath(key), key: key)?.metadata
    }

    func storeProfile(_ key: CacheKey, lines: [String]) {
        guard key.digest.count == 32 else { return countWriteFailure() }
        write(CacheEntry(metadata: lines, object: []), key: key, to: profilePath(key))
    }

    // MARK: Eviction

    /// Adds what this process wrote to the directory's usage count and, if the count passes `sizeLimit` (or there is
    /// none yet), walks the directory (`evict`). Walking every time would cost each process a `stat` per entry of a
    /// cache shared by thousands of runs.
    func evictIfNeeded() {
        let added = lock.withLock { () -> UInt64 in
            defer { unaccountedBytes = 0 }
            return unaccountedBytes
        }
        let fd = open(directory + "/" + CodeCacheStore.usageFile, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { evict(); return }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { evict(); return }
        defer { flock(fd, LOCK_UN) }
        var text = [UInt8](repeating: 0, count: 32)
        let count = pread(fd, &text, text.count, 0)
        let recorded = count > 0 ? UInt64(String(decoding: text[..<count], as: UTF8.self)) : nil
        var usage = (recorded ?? 0) + added
        if recorded == nil || usage > sizeLimit { usage = evict() }
        let line = Array("\(usage)".utf8)
        if ftruncate(fd, 0) == 0 { _ = pwrite(fd, line, line.count, 0) }
    }

    /// If the files under `objects/` and `profiles/` take more than `sizeLimit` bytes, deletes the least recently
    /// used until they take at most 90% of it (so a full cache does not evict on every store). Deletes temporary
    /// files abandoned by a process that died mid-store, and leaves younger ones alone. Returns the bytes left.
    @discardableResult
    private func evict() -> UInt64 {
        var files: [(path: String, size: UInt64, modified: timespec)] = []
        let now = CodeCacheStore.now()
        func visit(_ folder: String, depth: Int) {
            for name in CodeCacheStore.entries(of: folder) {
                let path = folder + "/" + name
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                if (info.st_mode & S_IFMT) == S_IFDIR {
                    if depth > 0 { visit(path, depth: depth - 1) }
                    continue
                }
                guard (info.st_mode & S_IFMT) == S_IFREG else { continue }
                if name.hasPrefix(CodeCacheStore.temporaryPrefix) {
                    if now.tv_sec - info.st_mtim.tv_sec > CodeCacheStore.staleTemporarySeconds { unlink(path) }
                    continue
                }
                files.append((path, UInt64(max(info.st_size, 0)), info.st_mtim))
            }
        }
        visit(directory + "/objects", depth: 1)
        visit(directory + "/profiles", depth: 0)
        var total = files.reduce(0) { $0 + $1.size }
        guard total > sizeLimit else { return total }
        let target = sizeLimit / 10 * 9 + sizeLimit % 10 * 9 / 10
        files.sort {
            ($0.modified.tv_sec, $0.modified.tv_nsec, $0.path) < ($1.modified.tv_sec, $1.modified.tv_nsec, $1.path)
        }
        var evicted = 0
        var evictedBytes: UInt64 = 0
        for file in files {
            if total <= target { break }
            total -= file.size
            // Another process may have evicted or replaced it meanwhile; either way it is no longer ours to count.
            if unlink(file.path) == 0 {
                evicted += 1
                evictedBytes += file.size
            }
        }
        lock.withLock {
            counters.evictions += evicted
            counters.bytesEvicted += evictedBytes
        }
        return total
    }

    // MARK: Reading

    /// Reads and checks the file at `path`; deletes it if it is not a valid file for `key`.
    private func read(_ path: String, key: CacheKey) -> CacheEntry? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return countMiss() }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { return countMiss() }
        guard info.st_size >= CodeCacheStore.minimumFileSize, info.st_size <= CodeCacheStore.maximumFileSize,
              let bytes = CodeCacheStore.readAll(fd, count: Int(info.st_size)),
              let entry = CodeCacheStore.parse(bytes, key: key) else {
            reject(path, info)
            return nil
        }
        futimens(fd, nil)   // now: eviction goes by least recent use; failing to bump is harmless
        lock.withLock {
            counters.hits += 1
            counters.bytesRead += UInt64(bytes.count)
        }
        return entry
    }

    /// Deletes the rejected file, unless another process has renamed a new file over it since we opened it.
    private func reject(_ path: String, _ opened: stat) {
        var current = stat()
        if lstat(path, &current) == 0 && current.st_ino == opened.st_ino && current.st_dev == opened.st_dev {
            unlink(path)
        }
        lock.withLock { counters.rejected += 1 }
    }

    /// Exactly `count` bytes from `fd`, or nil if the file is shorter or a read fails.
    private static func readAll(_ fd: Int32, count: Int) -> [UInt8]? {
        var complete = true
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var done = 0
            while done < count {
                let got = Glibc.read(fd, buffer.baseAddress! + done, count - done)
                if got < 0 && errno == EINTR { continue }
                if got <= 0 { break }
                done += got
            }
            complete = done == count
            // Hand back whole buffers only: bytes past `done` were never written.
            if !complete { done = 0 }
            initialized = done
        }
        return complete ? bytes : nil
    }

    /// The entry in `bytes` if they are a complete, intact file of this format for `key`.
    static func parse(_ bytes: [UInt8], key: CacheKey) -> CacheEntry? {
        guard bytes.count >= minimumFileSize else { return nil }
        let bodyCount = bytes.count - 32
        let checksumMatches = bytes.withUnsafeBytes { raw -> Bool in
            var hasher = SHA256()
            hasher.update(UnsafeRawBufferPointer(rebasing: raw[..<bodyCount]))
            return hasher.finalize().elementsEqual(raw[bodyCount...])
        }
        guard checksumMatches else { return nil }
        return bytes.withUnsafeBytes { raw -> CacheEntry? in
            var reader = ByteReader(bytes: UnsafeRawBufferPointer(rebasing: raw[..<bodyCount]))
            guard let magicBytes = reader.bytes(8), magicBytes.elementsEqual(magic),
                  reader.u32() == formatVersion,
                  let storedKey = reader.bytes(32), storedKey.elementsEqual(key.digest),
                  let count = reader.u32(), count <= maximumMetadataCount else { return nil }
            var metadata: [String] = []
            for _ in 0..<count {
                guard let length = reader.u32(), let text = reader.bytes(Int(length)) else { return nil }
                metadata.append(String(decoding: text, as: UTF8.self))
            }
            guard let objectLength = reader.u64(), objectLength <= UInt64(reader.remaining),
                  let object = reader.bytes(Int(objectLength)), reader.remaining == 0 else { return nil }
            return CacheEntry(metadata: metadata, object: Array(object))
        }
    }

    /// Bounds-checked little-endian reads over a file's bytes.
    private struct ByteReader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        var remaining: Int { bytes.count - offset }

        mutating func bytes(_ count: Int) -> UnsafeRawBufferPointer? {
            guard count >= 0, count <= remaining else { return nil }
            defer { offset += count }
            return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count])
        }

        mutating func u32() -> UInt32? {
            bytes(4).map { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
        }

        mutating func u64() -> UInt64? {
            bytes(8).map { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        }
    }

    // MARK: Writing

    /// The file's bytes for `entry` under `key`.
    static func serialize(key: CacheKey, _ entry: CacheEntry) -> [UInt8] {
        var bytes: [UInt8] = []
        let metadataSize = entry.metadata.reduce(0) { $0 + 4 + $1.utf8.count }
        bytes.reserveCapacity(minimumFileSize + metadataSize + entry.object.count)
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        bytes.append(contentsOf: magic)
        append(formatVersion)
        bytes.append(contentsOf: key.digest)
        append(UInt32(truncatingIfNeeded: entry.metadata.count))
        for text in entry.metadata {
            append(UInt32(truncatingIfNeeded: text.utf8.count))
            bytes.append(contentsOf: text.utf8)
        }
        append(UInt64(entry.object.count))
        bytes.append(contentsOf: entry.object)
        bytes.append(contentsOf: SHA256.hash(bytes))
        return bytes
    }

    /// Writes `entry`'s file to a temporary file beside `path` and renames it over `path`.
    private func write(_ entry: CacheEntry, key: CacheKey, to path: String) {
        // What `parse` would reject is not written (the size limit also keeps every string's length in its UInt32).
        guard entry.metadata.count <= CodeCacheStore.maximumMetadataCount,
              entry.object.count <= CodeCacheStore.maximumFileSize else { return countWriteFailure() }
        let bytes = CodeCacheStore.serialize(key: key, entry)
        guard bytes.count <= CodeCacheStore.maximumFileSize else { return countWriteFailure() }
        let folder = String(path[..<path.lastIndex(of: "/")!])
        var temporary = ""
        var fd: Int32 = -1
        for _ in 0..<8 {
            temporary = folder + "/" + CodeCacheStore.temporaryPrefix + "\(getpid())-"
                + String(UInt64.random(in: 0...UInt64.max), radix: 16)
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { return countWriteFailure() }
        let written = bytes.withUnsafeBytes { raw -> Bool in
            var done = 0
            while done < raw.count {
                let put = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                if put < 0 && errno == EINTR { continue }
                if put <= 0 { return false }
                done += put
            }
            return true
        }
        let closed = close(fd) == 0
        guard written, closed, rename(temporary, path) == 0 else {
            unlink(temporary)
            return countWriteFailure()
        }
        lock.withLock {
            counters.stores += 1
            counters.bytesWritten += UInt64(bytes.count)
            unaccountedBytes += UInt64(bytes.count)
        }
    }

    // MARK: Helpers

    private func countMiss<T>() -> T? {
        lock.withLock { counters.misses += 1 }
        return nil
    }

    private func countWriteFailure() {
        lock.withLock { counters.writeFailures += 1 }
    }

    /// Creates `path` and its missing parents; nil on success, else why not.
    private static func makeDirectories(_ path: String) -> String? {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST { return errnoText() }
            prefix += "/"
        }
        var info = stat()
        guard stat(path, &info) == 0 else { return errnoText() }
        return (info.st_mode & S_IFMT) == S_IFDIR ? nil : "not a directory"
    }

    /// The names in `folder` (without "." and ".."); empty if it cannot be read.
    private static func entries(of folder: String) -> [String] {
        guard let stream = opendir(folder) else { return [] }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    private static func now() -> timespec {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return time
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
