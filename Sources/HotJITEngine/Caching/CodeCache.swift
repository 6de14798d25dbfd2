import HotJITBase
import HotJITSupport
import LLVMBridge
#if canImport(Glibc)
import Glibc
#endif

/// The persistent code and profile cache of one engine: objects of compiled versions (tier 0, optimized, OSR
/// continuations) and, per program, a profile (`CacheProfile`), kept in a directory across runs (`CodeCacheStore`).
///
/// Keys: a program's key hashes everything its code can depend on: the cache format, this hotjit build, the LLVM
/// library, the target (triple, CPU, features), every option that changes code, the host's symbol names, the keys
/// of the programs loaded before it (their definitions decide what it binds to) and the module's bytes. An entry's
/// key adds the version (its symbols, its level, an OSR loop's signature). Anything else a version depends on is in
/// the run, and cached code names it (`CacheSymbols`): a stale hit would need a hash collision.
final class CodeCache: @unchecked Sendable {
    let store: CodeCacheStore
    /// The part of every program key that comes from the engine: build, LLVM, target, options.
    private let configuration: [String]
    private let lock = ConditionLock()
    /// Each program's key and its profile from the last run, by program index.
    private var programs: [Int: (key: CacheKey, profile: CacheProfile)] = [:]

    private var lastProgramKey: CacheKey?
    /// Hits and misses by kind of version, for `--stats`.
    var counts: Counts { lock.withLock { unlockedCounts } }
    private var unlockedCounts = Counts()
    struct Counts: Sendable {
        var tier0Hits = 0, tier0Misses = 0, optimizedHits = 0, optimizedMisses = 0
        /// Functions whose first call went straight to optimized code from the cache (the profile said so).
        var optimizedAtFirstCall = 0
        /// Time spent loading and linking hits, and what those versions cost to compile when they were stored.
        var hitNanoseconds: UInt64 = 0
        var savedCompileNanoseconds: UInt64 = 0
    }

    init(directory: String, sizeLimit: UInt64, options: EngineOptions, triple: String, cpu: String,
         features: String) throws {
        store = try CodeCacheStore(directory: directory, sizeLimit: sizeLimit)
        let tiering = options.tiering
        configuration = [
            "hotjit-code-cache-2", hotjitVersion, Self.buildIdentity, NativeTarget.llvmVersion, triple, cpu, features,
            "tierup=\(tiering.enabled)", "calls=\(tiering.callThreshold)", "backedges=\(tiering.backedgeThreshold)",
            "osr=\(tiering.osr)", "inline=\(tiering.inlineCandidates)", "companions=\(options.tier0Companions)",
            "debug=\(options.debuggerSupport)", "defer=\(options.deferFunctionParsing)",
            "libraries=\(options.libraries.joined(separator: ":"))",
        ]
    }

    /// This hotjit binary as built: the file the engine's code is in, its size, modification time and inode. A
    /// rebuilt hotjit never reuses an older build's objects, even at the same version number.
    private static let buildIdentity: String = {
        guard let file = hotjit_support_binary_path() else { return "unknown build" }
        var status = stat()
        guard stat(file, &status) == 0 else { return String(cString: file) }
        return "\(String(cString: file)) \(status.st_size) \(status.st_mtim.tv_sec).\(status.st_mtim.tv_nsec) "
            + "\(status.st_ino)"
    }()

    // MARK: Programs

    /// The key of program `index` (module bytes `bytes`), loaded after every program entered so far, with the host's
    /// symbol names at that point.
    func programKey(_ index: Int, bytes: UnsafeRawBufferPointer, hostSymbols: [String]) -> CacheKey {
        var hash = SHA256()
        let previous = lock.withLock { lastProgramKey?.hex ?? "none" }
        for part in configuration + ["previous=\(previous)", "index=\(index)"] + hostSymbols.sorted() {
            hash.update(lengthPrefixed: part)
        }
        hash.update(UInt64(bytes.count))
        hash.update(bytes)
        return CacheKey(digest: hash.finalize())
    }

    /// Enters program `index` under `key` (it loaded): its versions are cached from now on; reads its profile.
    func enterProgram(_ index: Int, key: CacheKey) {
        let profile = CacheProfile(lines: store.loadProfile(key) ?? [])
        lock.withLock {
            lastProgramKey = key
            programs[index] = (key, profile)
        }
    }

    /// Whether function `name` of program `index` was optimized in the program's last run.
    func wasOptimizedLastRun(_ name: String, program index: Int) -> Bool {
        lock.withLock { programs[index]?.profile.optimized.contains(name) ?? false }
    }

    /// Whether the tier-up of function `name` of program `index` was asked for in the program's last run and did
    /// not finish.
    func wasHotLastRun(_ name: String, program index: Int) -> Bool {
        lock.withLock { programs[index]?.profile.hot.contains(name) ?? false }
    }

    /// Writes each program's profile: the last one with this run's added (`runs`: by program index). Then trims the
    /// cache to its size limit.
    func saveProfiles(_ runs: [Int: CacheProfile]) {
        let profiles = lock.withLock {
            programs.map { ($0.value.key, $0.value.profile, runs[$0.key] ?? CacheProfile()) }
        }
        for (key, before, run) in profiles {
            let after = before.adding(run)
            if after != before { store.storeProfile(key, lines: after.lines) }
        }
        store.evictIfNeeded()
    }

    // MARK: Entries

    /// The key of a version of program `index`: `parts` name it (kind, symbols, level, signature).
    func entryKey(program index: Int, _ parts: [String]) -> CacheKey? {
        guard let program = lock.withLock({ programs[index] }) else { return nil }
        return CacheKey.of([program.key.hex] + parts)
    }

    /// A version of `tier` was linked from its entry in `nanoseconds`; it had cost `compileNanoseconds` to compile
    /// (its entry says).
    func countHit(tier: Int, nanoseconds: UInt64, compileNanoseconds: UInt64) {
        lock.withLock {
            if tier == 0 { unlockedCounts.tier0Hits += 1 } else { unlockedCounts.optimizedHits += 1 }
            unlockedCounts.hitNanoseconds += nanoseconds
            unlockedCounts.savedCompileNanoseconds += compileNanoseconds
        }
    }

    /// A version of `tier` had no entry that could serve (none, one for other symbols, or one that did not link).
    func countMiss(tier: Int) {
        lock.withLock {
            if tier == 0 { unlockedCounts.tier0Misses += 1 } else { unlockedCounts.optimizedMisses += 1 }
        }
    }

    func countOptimizedAtFirstCall() { lock.withLock { unlockedCounts.optimizedAtFirstCall += 1 } }
}
