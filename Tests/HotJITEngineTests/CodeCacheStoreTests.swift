import XCTest
@testable import HotJITEngine
import HotJITBase
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The persistent code cache's store (issue 17): SHA-256, keys, the file format's checks (every damaged or foreign
/// file is rejected and deleted, never trusted), atomic replacement under concurrent use, and LRU eviction.
final class CodeCacheStoreTests: XCTestCase {
    private var root = ""

    override func setUpWithError() throws {
        var template = Array("/tmp/hotjit-cache-test-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw XCTSkip("mkdtemp failed")
        }
        root = String(cString: made)
    }

    override func tearDown() {
        if !root.isEmpty { try? FileManager.default.removeItem(atPath: root) }
    }

    // MARK: SHA-256 and keys

    private func hex(_ digest: [UInt8]) -> String { CacheKey(digest: digest).hex }

    private func sha(_ text: String, hardware: Bool = SHA256.hardwareAvailable) -> String {
        var hasher = SHA256(useHardware: hardware)
        hasher.update(text)
        return hex(hasher.finalize())
    }

    /// The compressions this machine can run: the Swift code always, the SHA extensions where the CPU has them.
    private var paths: [Bool] { SHA256.hardwareAvailable ? [false, true] : [false] }

    private func pathName(_ hardware: Bool) -> String { hardware ? "SHA extensions" : "Swift" }

    func testSHA256KnownAnswers() {
        for hardware in paths {
            let path = pathName(hardware)
            XCTAssertEqual(sha("", hardware: hardware),
                           "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", path)
            XCTAssertEqual(sha("abc", hardware: hardware),
                           "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", path)
            XCTAssertEqual(sha("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", hardware: hardware),
                           "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", path)
            // 112 bytes: the padding spills into a second block.
            XCTAssertEqual(sha("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                               + "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", hardware: hardware),
                           "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1", path)
        }
    }

    func testSHA256MillionAInOddChunks() {
        for hardware in paths {
            var hasher = SHA256(useHardware: hardware)
            let chunk = [UInt8](repeating: 0x61, count: 1024)
            var left = 1_000_000
            var size = 1
            while left > 0 {
                let take = min(size, left)
                chunk.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[..<take])) }
                left -= take
                size = size % 997 + 13   // 1, 14, 27, ...: every offset within a block comes up
            }
            XCTAssertEqual(hex(hasher.finalize()), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
                           pathName(hardware))
        }
    }

    /// The digest of `data` fed in chunks of random sizes up to `maxChunk`.
    private func digest(_ data: [UInt8], hardware: Bool, maxChunk: Int, using random: inout SplitMix64) -> [UInt8] {
        var hasher = SHA256(useHardware: hardware)
        data.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let take = min(Int.random(in: 0...maxChunk, using: &random), bytes.count - offset)
                hasher.update(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + take)]))
                offset += take
            }
        }
        return hasher.finalize()
    }

    func testSHA256HardwareMatchesSwiftOnEveryShortLength() throws {
        guard SHA256.hardwareAvailable else { throw XCTSkip("this CPU has no SHA extensions") }
        var random = SplitMix64(seed: 0x5348_4132_3536)
        for length in 0...300 {
            for _ in 0..<4 {
                let data = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
                let expected = SHA256(useHardware: false).digestOf(data)
                XCTAssertEqual(SHA256(useHardware: true).digestOf(data), expected, "\(length) bytes")
                XCTAssertEqual(digest(data, hardware: true, maxChunk: 70, using: &random), expected,
                               "\(length) bytes in chunks")
            }
        }
    }

    func testSHA256HardwareMatchesSwiftOnMegabytesInRandomChunks() throws {
        guard SHA256.hardwareAvailable else { throw XCTSkip("this CPU has no SHA extensions") }
        var random = SplitMix64(seed: 0x4e49_5348_41)
        for length in [3 << 20, (5 << 20) + 37, (1 << 20) + 63] {
            var data = [UInt8](repeating: 0, count: length)
            for i in data.indices { data[i] = UInt8(truncatingIfNeeded: random.next() >> 56) }
            let swift = SHA256(useHardware: false).digestOf(data)
            XCTAssertEqual(SHA256(useHardware: true).digestOf(data), swift, "\(length) bytes")
            XCTAssertEqual(digest(data, hardware: true, maxChunk: 200_000, using: &random), swift, "\(length) bytes")
            XCTAssertEqual(digest(data, hardware: true, maxChunk: 200, using: &random), swift, "\(length) bytes")
            XCTAssertEqual(digest(data, hardware: false, maxChunk: 5_000, using: &random), swift, "\(length) bytes")
        }
    }

    func testFinalizeLeavesTheHasherUsable() {
        var hasher = SHA256()
        hasher.update("ab")
        _ = hasher.finalize()
        hasher.update([UInt8(ascii: "c")])
        XCTAssertEqual(hex(hasher.finalize()), sha("abc"))
    }

    func testUInt64IsHashedLittleEndian() {
        var a = SHA256()
        a.update(UInt64(0x0102_0304_0506_0708))
        var b = SHA256()
        b.update([8, 7, 6, 5, 4, 3, 2, 1])
        XCTAssertEqual(a.finalize(), b.finalize())
    }

    func testCacheKeyPartsAreLengthPrefixed() {
        XCTAssertNotEqual(CacheKey.of(["ab", "c"]), CacheKey.of(["a", "bc"]))
        XCTAssertNotEqual(CacheKey.of(["abc"]), CacheKey.of(["abc", ""]))
        XCTAssertNotEqual(CacheKey.of([]), CacheKey.of([""]))
        XCTAssertEqual(CacheKey.of(["x", "y"]), CacheKey.of(["x", "y"]))
        XCTAssertEqual(CacheKey.of(["x"]).digest.count, 32)
        XCTAssertEqual(CacheKey.of(["x"]).hex.count, 64)
    }

    /// Prints the hasher's speed on both compressions (no assertion: debug builds are slow, machines differ).
    func testSHA256Throughput() {
        let data = [UInt8](repeating: 0x5a, count: 16 << 20)
        for hardware in paths {
            var start = timespec(), end = timespec()
            clock_gettime(CLOCK_MONOTONIC, &start)
            var hasher = SHA256(useHardware: hardware)
            hasher.update(data)
            _ = hasher.finalize()
            clock_gettime(CLOCK_MONOTONIC, &end)
            let seconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
            print("SHA-256 throughput (\(pathName(hardware))): \(Int(Double(data.count) / 1e6 / seconds)) MB/s")
        }
        if !SHA256.hardwareAvailable { print("SHA-256 throughput (SHA extensions): no SHA extensions on this CPU") }
    }

    // MARK: Round trips

    private func openStore(limit: UInt64 = 1 << 30) throws -> CodeCacheStore {
        try CodeCacheStore(directory: root + "/a/b/cache", sizeLimit: limit)
    }

    private func sample(_ seed: UInt8, size: Int = 1000) -> CodeCacheStore.CacheEntry {
        CodeCacheStore.CacheEntry(metadata: ["f\(seed)", "g\(seed)", "_Z3fooi.\(seed)"],
                                  object: (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) })
    }

    private func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    private func contents(_ path: String) -> [UInt8] {
        (FileManager.default.contents(atPath: path)).map { [UInt8]($0) } ?? []
    }

    private func overwrite(_ path: String, _ bytes: [UInt8]) {
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
    }

    func testInitCreatesDirectories() throws {
        _ = try openStore()
        for sub in ["", "/objects", "/profiles"] {
            var info = stat()
            XCTAssertEqual(stat(root + "/a/b/cache" + sub, &info), 0)
            XCTAssertEqual(info.st_mode & S_IFMT, S_IFDIR)
        }
        _ = try openStore()   // opening again is fine
    }

    func testInitFailsClearly() {
        overwrite(root + "/file", [1])
        XCTAssertThrowsError(try CodeCacheStore(directory: root + "/file/cache", sizeLimit: 1)) { error in
            XCTAssertTrue("\(error)".contains("cannot create the code cache directory"), "\(error)")
        }
    }

    func testStoreThenLoad() throws {
        let store = try openStore()
        let key = CacheKey.of(["module", "function", "O2"])
        let entry = sample(1)
        store.store(key, entry)
        XCTAssertEqual(store.load(key), entry)
        XCTAssertTrue(exists(store.objectPath(key)))
        XCTAssertTrue(store.objectPath(key).hasSuffix("/objects/" + key.hex.prefix(2) + "/" + key.hex.dropFirst(2)))
        let statistics = store.statistics
        XCTAssertEqual(statistics.stores, 1)
        XCTAssertEqual(statistics.hits, 1)
        XCTAssertEqual(statistics.misses, 0)
        XCTAssertEqual(statistics.bytesWritten, UInt64(contents(store.objectPath(key)).count))
        XCTAssertEqual(statistics.bytesRead, statistics.bytesWritten)

        // Replacing, and the empty extremes.
        let empty = CodeCacheStore.CacheEntry(metadata: [], object: [])
        store.store(key, empty)
        XCTAssertEqual(store.load(key), empty)
        let emptyStrings = CodeCacheStore.CacheEntry(metadata: ["", "é ü", ""], object: [0])
        store.store(key, emptyStrings)
        XCTAssertEqual(store.load(key), emptyStrings)
        XCTAssertEqual(store.statistics.rejected, 0)
        // No temporary files left behind.
        let fanOut = root + "/a/b/cache/objects/" + key.hex.prefix(2)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: fanOut), [String(key.hex.dropFirst(2))])
    }

    func testMiss() throws {
        let store = try openStore()
        XCTAssertNil(store.load(CacheKey.of(["nothing"])))
        XCTAssertNil(store.loadProfile(CacheKey.of(["nothing"])))
        XCTAssertEqual(store.statistics.misses, 2)
        XCTAssertEqual(store.statistics.rejected, 0)
        XCTAssertEqual(store.statistics.hits, 0)
    }

    func testHitBumpsModificationTime() throws {
        let store = try openStore()
        let key = CacheKey.of(["bump"])
        store.store(key, sample(2))
        setModified(store.objectPath(key), seconds: 1000)
        XCTAssertNotNil(store.load(key))
        XCTAssertGreaterThan(modified(store.objectPath(key)), 1_000_000)
    }

    func testProfileRoundTrip() throws {
        let store = try openStore()
        let key = CacheKey.of(["profile", "module"])
        let lines = ["main 1 0", "hot 100000 250", "cold 0 0", ""]
        store.storeProfile(key, lines: lines)
        XCTAssertEqual(store.loadProfile(key), lines)
        XCTAssertTrue(exists(root + "/a/b/cache/profiles/" + key.hex))
        store.storeProfile(key, lines: [])
        XCTAssertEqual(store.loadProfile(key), [])
        XCTAssertNil(store.load(key))   // profiles and entries are separate
        // A damaged profile is rejected like an entry.
        var bytes = contents(store.profilePath(key))
        bytes[bytes.count - 1] ^= 1
        overwrite(store.profilePath(key), bytes)
        XCTAssertNil(store.loadProfile(key))
        XCTAssertFalse(exists(store.profilePath(key)))
        XCTAssertEqual(store.statistics.rejected, 1)
    }

    // MARK: Rejection

    /// Damages the stored file with `damage`, then checks it is rejected, deleted and counted, and that a later
    /// store and load work again.
    private func checkRejected(_ what: String, file: StaticString = #filePath, line: UInt = #line,
                               damage: (CodeCacheStore, CacheKey, String) -> Void) throws {
        let store = try CodeCacheStore(directory: root + "/" + what, sizeLimit: 1 << 30)
        let key = CacheKey.of([what])
        let entry = sample(7)
        store.store(key, entry)
        let path = store.objectPath(key)
        damage(store, key, path)
        XCTAssertNil(store.load(key), what, file: file, line: line)
        XCTAssertFalse(exists(path), "\(what): the damaged file is deleted", file: file, line: line)
        var statistics = store.statistics
        XCTAssertEqual(statistics.rejected, 1, what, file: file, line: line)
        XCTAssertEqual(statistics.hits, 0, what, file: file, line: line)
        XCTAssertEqual(statistics.misses, 0, what, file: file, line: line)
        XCTAssertNil(store.load(key), what, file: file, line: line)
        store.store(key, entry)
        XCTAssertEqual(store.load(key), entry, what, file: file, line: line)
        statistics = store.statistics
        XCTAssertEqual(statistics.rejected, 1, what, file: file, line: line)
        XCTAssertEqual(statistics.misses, 1, what, file: file, line: line)
        XCTAssertEqual(statistics.hits, 1, what, file: file, line: line)
        XCTAssertEqual(statistics.stores, 2, what, file: file, line: line)
    }

    func testTruncatedFilesAreRejected() throws {
        for keep in [0, 1, 8, 50, 87, 200, -1, -32] {
            try checkRejected("truncated\(keep)") { _, _, path in
                let bytes = contents(path)
                overwrite(path, Array(bytes.prefix(keep >= 0 ? keep : bytes.count + keep)))
            }
        }
    }

    func testFlippedObjectByteIsRejected() throws {
        try checkRejected("object") { _, _, path in
            var bytes = contents(path)
            bytes[bytes.count - 32 - 500] ^= 0x10
            overwrite(path, bytes)
        }
    }

    func testFlippedHeaderBytesAreRejected() throws {
        // Magic, version, key, metadata count, a metadata length, the object length, the checksum.
        for offset in [0, 7, 8, 20, 44, 48, 60, -40, -1] {
            try checkRejected("header\(offset)") { _, _, path in
                var bytes = contents(path)
                bytes[offset >= 0 ? offset : bytes.count + offset] ^= 0x80
                overwrite(path, bytes)
            }
        }
    }

    func testFileUnderAnotherKeysNameIsRejected() throws {
        try checkRejected("wrongkey") { _, _, path in
            // A valid file of another key (written directly: a store would change the counts checked).
            overwrite(path, CodeCacheStore.serialize(key: CacheKey.of(["someone else"]), sample(7)))
        }
    }

    func testForeignFormatVersionIsRejected() throws {
        // A well-formed file (checksum recomputed) of version 2.
        try checkRejected("version") { _, _, path in
            var bytes = contents(path)
            bytes[8] = 2
            let body = Array(bytes.dropLast(32))
            overwrite(path, body + SHA256.hash(body))
        }
    }

    func testGarbageIsRejected() throws {
        try checkRejected("garbage") { _, _, path in
            overwrite(path, (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 7919) })
        }
        // A huge metadata count and object length in an otherwise valid envelope.
        for (offset, value) in [(44, UInt64(UInt32.max)), (44, 1 << 19)] as [(Int, UInt64)] {
            try checkRejected("count\(offset)-\(value)") { _, _, path in
                var bytes = contents(path)
                withUnsafeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian) {
                    bytes.replaceSubrange(offset..<offset + 4, with: $0)
                }
                let body = Array(bytes.dropLast(32))
                overwrite(path, body + SHA256.hash(body))
            }
        }
        try checkRejected("objectlength") { _, _, path in
            var bytes = contents(path)
            // The object length follows the three metadata strings ("f7", "g7", "_Z3fooi.7").
            let offset = 48 + (4 + 2) + (4 + 2) + (4 + 9)
            withUnsafeBytes(of: UInt64.max.littleEndian) { bytes.replaceSubrange(offset..<offset + 8, with: $0) }
            let body = Array(bytes.dropLast(32))
            overwrite(path, body + SHA256.hash(body))
        }
    }

    // MARK: Concurrency

    func testConcurrentStoresAndLoadsOfOneKey() throws {
        let store = try openStore()
        let key = CacheKey.of(["contended"])
        let entries = (0..<8).map { sample(UInt8($0), size: 20_000 + $0 * 1000) }
        let failures = FailureLog()
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for round in 0..<40 {
                if round % 2 == 0 { store.store(key, entries[thread]) }
                if let loaded = store.load(key), !entries.contains(loaded) {
                    failures.append("thread \(thread) round \(round): an entry nobody stored")
                }
            }
        }
        XCTAssertEqual(failures.items, [])
        let statistics = store.statistics
        XCTAssertEqual(statistics.rejected, 0)
        XCTAssertEqual(statistics.writeFailures, 0)
        XCTAssertEqual(statistics.stores, 8 * 20)
        XCTAssertEqual(statistics.hits + statistics.misses, 8 * 40)
        XCTAssertTrue(entries.contains(store.load(key) ?? sample(99)))
    }

    // MARK: Eviction

    private func setModified(_ path: String, seconds: Int) {
        var times = [timespec(tv_sec: seconds, tv_nsec: 0), timespec(tv_sec: seconds, tv_nsec: 0)]
        XCTAssertEqual(utimensat(AT_FDCWD, path, &times, 0), 0, path)
    }

    private func modified(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mtim.tv_sec : -1
    }

    func testEvictionRemovesLeastRecentlyUsedFirst() throws {
        let fileSize = UInt64(CodeCacheStore.serialize(key: CacheKey.of(["k0"]), sample(0)).count)
        let store = try openStore(limit: fileSize * 10)
        let keys = (0..<12).map { CacheKey.of(["k\($0)"]) }
        for key in keys {
            store.store(key, sample(0))   // one size for all
        }
        // Ages in a shuffled order: oldest key 5, then 2, 9, 0, ...
        let order = [5, 2, 9, 0, 11, 7, 1, 3, 10, 4, 8, 6]
        for (age, index) in order.enumerated() {
            setModified(store.objectPath(keys[index]), seconds: 1_000_000 + age * 10)
        }
        // A profile (newest) counts toward the total too; a fresh temporary file is left alone, a stale one goes.
        store.storeProfile(CacheKey.of(["p"]), lines: ["hot 1"])
        let profileSize = UInt64(contents(store.profilePath(CacheKey.of(["p"]))).count)
        let fanOut = root + "/a/b/cache/objects/" + keys[0].hex.prefix(2)
        let fresh = fanOut + "/.tmp-1-fresh", stale = fanOut + "/.tmp-1-stale"
        overwrite(fresh, [UInt8](repeating: 0, count: 100_000))
        overwrite(stale, [1])
        setModified(stale, seconds: 1_000)

        store.evictIfNeeded()
        // 12 entries + a profile over a limit of 10 entries: down to 9 entries' worth (90%), so 4 go.
        let evicted = order.prefix(4)
        for (index, key) in keys.enumerated() {
            XCTAssertEqual(exists(store.objectPath(key)), !evicted.contains(index), "key \(index)")
        }
        XCTAssertTrue(exists(store.profilePath(CacheKey.of(["p"]))))
        XCTAssertTrue(exists(fresh))
        XCTAssertFalse(exists(stale))
        let statistics = store.statistics
        XCTAssertEqual(statistics.evictions, 4)
        XCTAssertEqual(statistics.bytesEvicted, 4 * fileSize)
        XCTAssertLessThanOrEqual(8 * fileSize + profileSize, fileSize * 10 * 9 / 10)

        // Under the limit: nothing more goes.
        store.evictIfNeeded()
        XCTAssertEqual(store.statistics.evictions, 4)
        for index in order.dropFirst(4) { XCTAssertNotNil(store.load(keys[index])) }
    }

    /// The directory's usage count spares a walk while the count stays under the limit: a file added behind the
    /// store's back is not evicted until this process's writes push the count past the limit; that walk then
    /// writes the true total.
    func testUsageCountDecidesWhenToWalk() throws {
        let fileSize = UInt64(CodeCacheStore.serialize(key: CacheKey.of(["u0"]), sample(0)).count)
        let store = try openStore(limit: fileSize * 4)
        let usagePath = root + "/a/b/cache/" + CodeCacheStore.usageFile
        let usage = { UInt64(String(decoding: self.contents(usagePath), as: UTF8.self)) }
        store.store(CacheKey.of(["u0"]), sample(0))
        store.evictIfNeeded()   // no count yet: one walk
        XCTAssertEqual(usage(), fileSize)
        // Another process's three entries, older than ours, which this process's count does not include.
        let foreign = (1...3).map { CacheKey.of(["u\($0)"]) }
        let other = try openStore(limit: fileSize * 4)
        for key in foreign { other.store(key, sample(0)); setModified(other.objectPath(key), seconds: 1_000) }
        store.store(CacheKey.of(["u4"]), sample(0))
        store.evictIfNeeded()   // count 2 files' worth: no walk, nothing goes
        XCTAssertEqual(usage(), 2 * fileSize)
        XCTAssertEqual(store.statistics.evictions, 0)
        for key in foreign { XCTAssertTrue(exists(store.objectPath(key))) }
        store.store(CacheKey.of(["u5"]), sample(0))
        store.store(CacheKey.of(["u6"]), sample(0))
        store.store(CacheKey.of(["u7"]), sample(0))
        store.evictIfNeeded()   // count 5 files' worth, over 4: a walk finds 8 files and keeps 3 (90% of 4)
        XCTAssertEqual(store.statistics.evictions, 5)
        for key in foreign { XCTAssertFalse(exists(store.objectPath(key))) }
        XCTAssertEqual(usage(), 3 * fileSize)
    }

    func testDefaultDirectory() {
        let saved = (getenv("XDG_CACHE_HOME").map { String(cString: $0) }, getenv("HOME").map { String(cString: $0) })
        defer {
            if let xdg = saved.0 { setenv("XDG_CACHE_HOME", xdg, 1) } else { unsetenv("XDG_CACHE_HOME") }
            if let home = saved.1 { setenv("HOME", home, 1) } else { unsetenv("HOME") }
        }
        setenv("XDG_CACHE_HOME", "/x/cache", 1)
        setenv("HOME", "/home/u", 1)
        XCTAssertEqual(CodeCacheStore.defaultDirectory, "/x/cache/hotjit")
        setenv("XDG_CACHE_HOME", "", 1)
        XCTAssertEqual(CodeCacheStore.defaultDirectory, "/home/u/.cache/hotjit")
        unsetenv("XDG_CACHE_HOME")
        XCTAssertEqual(CodeCacheStore.defaultDirectory, "/home/u/.cache/hotjit")
        unsetenv("HOME")
        XCTAssertNil(CodeCacheStore.defaultDirectory)
    }
}

/// Messages appended from many threads.
private final class FailureLog: @unchecked Sendable {
    private let lock = ConditionLock()
    private var stored: [String] = []

    func append(_ message: String) { lock.withLock { stored.append(message) } }
    var items: [String] { lock.withLock { stored } }
}

/// A seeded generator (SplitMix64), so that a failure of the random SHA-256 comparisons reproduces.
private struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

private extension SHA256 {
    /// The digest of `data` in one update.
    func digestOf(_ data: [UInt8]) -> [UInt8] {
        var hasher = self
        hasher.update(data)
        return hasher.finalize()
    }
}
