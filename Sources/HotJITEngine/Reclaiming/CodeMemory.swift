/// How much JIT'd function code an engine holds, by what can become of it: code calls can reach (live), code no
/// call can reach any more that waits for a quiescent point (superseded), and code already freed. Bytes are the
/// versions' function sizes as linked (the pages under them are what the process gets back).
public struct CodeMemory: Sendable, Equatable {
    public var liveBytes: UInt64 = 0
    public var liveVersions: Int = 0
    /// Tier-0 code and OSR continuations of functions whose optimized code is installed, not freed yet.
    public var supersededBytes: UInt64 = 0
    public var supersededVersions: Int = 0
    /// Freed by reclaims so far (of the modules still loaded).
    public var freedBytes: UInt64 = 0
    public var freedVersions: Int = 0

    public init() {}

    /// Adds `record`'s versions (compiled versions and OSR continuations) by state.
    mutating func count(_ record: FunctionRecord) {
        let superseded = Set(record.supersededCode.map(\.address))
        for version in record.compiledVersions + record.osrContinuations {
            if version.freed {
                freedBytes += version.codeSize
                freedVersions += 1
            } else if superseded.contains(version.address) {
                supersededBytes += version.codeSize
                supersededVersions += 1
            } else {
                liveBytes += version.codeSize
                liveVersions += 1
            }
        }
    }
}
