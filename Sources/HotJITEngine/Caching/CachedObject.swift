import LLVMBridge

/// A compiled version as the cache keeps it: the object, the symbols it defines (checked on a hit, so an entry never
/// stands for other versions than asked), what compiling it cost (what a hit saves), whether its code generation
/// used FastISel, and lines the compiler keeps with it (tier 0's counted loops).
struct CachedObject {
    let object: [UInt8]
    let compileNanoseconds: UInt64
    let fastInstructionSelection: Bool
    let lines: [String]

    /// The entry's contents, if it holds exactly `symbols`' versions and reads as an entry of this kind.
    init?(_ entry: CodeCacheStore.CacheEntry, symbols: [String]) {
        let metadata = entry.metadata
        guard metadata.count >= 3, metadata[0] == "symbols " + symbols.joined(separator: " "),
              metadata[1].hasPrefix("compile_ns "), let nanoseconds = UInt64(metadata[1].dropFirst(11)),
              metadata[2] == "fastisel 0" || metadata[2] == "fastisel 1", !entry.object.isEmpty else { return nil }
        object = entry.object
        compileNanoseconds = nanoseconds
        fastInstructionSelection = metadata[2] == "fastisel 1"
        lines = Array(metadata.dropFirst(3))
    }

    /// The entry for `object`, which defines `symbols`.
    static func entry(object: [UInt8], symbols: [String], compileNanoseconds: UInt64, fastInstructionSelection: Bool,
                      lines: [String]) -> CodeCacheStore.CacheEntry {
        .init(metadata: ["symbols " + symbols.joined(separator: " "), "compile_ns \(compileNanoseconds)",
                         "fastisel \(fastInstructionSelection ? 1 : 0)"] + lines,
              object: object)
    }
}

/// A loop tier-0 code counts, as a cached tier-0 object's line: `loop FUNCTION HEADER POSITIONS TYPE` (function: its
/// index in the unit; positions comma-separated, or `none` when no poll passes anything).
struct CachedLoop {
    let function: Int
    let loop: CountedLoop

    init(function: Int, _ loop: CountedLoop) {
        self.function = function
        self.loop = loop
    }

    var line: String {
        guard let transfer = loop.transfer else { return "loop \(function) \(loop.header) none" }
        let positions = transfer.liveInPositions.isEmpty ? "-" : transfer.liveInPositions.map(String.init)
            .joined(separator: ",")
        return "loop \(function) \(loop.header) \(positions) \(transfer.type)"
    }

    init?(line: String) {
        let fields = line.split(separator: " ", maxSplits: 4, omittingEmptySubsequences: false)
        guard fields.count >= 4, fields[0] == "loop", let function = Int(fields[1]), let header = Int(fields[2]),
              function >= 0, header >= 0 else { return nil }
        self.function = function
        if fields[3] == "none" {
            guard fields.count == 4 else { return nil }
            loop = CountedLoop(header: header, transfer: nil)
            return
        }
        guard fields.count == 5 else { return nil }
        let positions = fields[3] == "-" ? [] : fields[3].split(separator: ",").compactMap { Int($0) }
        guard fields[3] == "-" || positions.count == fields[3].split(separator: ",").count else { return nil }
        loop = CountedLoop(header: header, transfer: OSRTransferSignature(type: String(fields[4]),
                                                                         liveInPositions: positions))
    }
}
