import HotJITRuntime

/// One function of a loaded program: where it is reached (its stub) and what has been compiled for it.
public final class FunctionRecord: @unchecked Sendable {
    /// Link name (module-unique for what was internal in the source).
    public let name: String
    /// Name in the source, for people.
    public let sourceName: String
    /// Index of the program that defines it.
    let programIndex: Int
    let stubs: StubTable
    let stubIndex: Int

    /// The address every caller uses: `&foo` in every module, in data and from the host.
    public var stubAddress: UInt64 { stubs.stubAddress(stubIndex) }

    // Mutable state below is guarded by `lock`.
    let lock = ConditionLock()
    /// Compiled versions by tier, with their cost.
    private(set) var versions: [CompiledVersion] = []

    public struct CompiledVersion: Sendable {
        public let tier: Int
        public let address: UInt64
        public let compileNanoseconds: UInt64
    }

    init(name: String, sourceName: String, programIndex: Int, stubs: StubTable, stubIndex: Int) {
        self.name = name
        self.sourceName = sourceName
        self.programIndex = programIndex
        self.stubs = stubs
        self.stubIndex = stubIndex
    }

    /// Records a compiled version and points the stub at it.
    func install(_ version: CompiledVersion) {
        lock.withLock { versions.append(version) }
        stubs.setTarget(stubIndex, version.address)
    }

    /// Where the stub jumps now (the trampoline until the first call).
    public var currentTarget: UInt64 { stubs.target(stubIndex) }

    /// The highest tier compiled so far, or nil if the function was never called.
    public var currentTier: Int? { lock.withLock { versions.map(\.tier).max() } }
    public var compiledVersions: [CompiledVersion] { lock.withLock { versions } }
}
