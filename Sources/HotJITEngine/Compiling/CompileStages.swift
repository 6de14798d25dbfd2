/// Where one compile's time went, stage by stage (nanoseconds). `--stats` sums them per tier, so the stage worth
/// cutting is the one that shows, not a guess.
public struct CompileStages: Sendable {
    /// The function's unit made from its program (extracted or parsed) and verified.
    public var prepare: UInt64 = 0
    /// What the tier does to the IR: tier 0's counting and OSR polls, the optimizing tier's continuation building
    /// and IR pipeline.
    public var transform: UInt64 = 0
    /// Code generation to a relocatable object.
    public var codeGeneration: UInt64 = 0
    /// The object added to the JIT session and its symbols looked up: linking, memory, relocations, symbol lookups.
    public var link: UInt64 = 0

    /// The stages by name, in order, as `--stats` prints them.
    public var named: [(name: String, nanoseconds: UInt64)] {
        [("prepare", prepare), ("transform", transform), ("code generation", codeGeneration), ("link", link)]
    }

    /// "prepare 0.812 ms, transform 31.2 ms, ..." (for --verbose), in `--stats`' number format.
    var summary: String {
        named.map { "\($0.name) \(Statistics.format(Double($0.nanoseconds) / 1e6)) ms" }.joined(separator: ", ")
    }

    /// Each stage's share when one compile made `count` functions' code.
    func divided(by count: UInt64) -> CompileStages {
        CompileStages(prepare: prepare / count, transform: transform / count,
                      codeGeneration: codeGeneration / count, link: link / count)
    }

    static func + (left: CompileStages, right: CompileStages) -> CompileStages {
        CompileStages(prepare: left.prepare + right.prepare, transform: left.transform + right.transform,
                      codeGeneration: left.codeGeneration + right.codeGeneration, link: left.link + right.link)
    }
}
