// Why this file exists: an optimized compile brings along the bodies of the function's callees so that the optimizer
// can inline them. Which callees, how deep and how large is one policy, shared by both loaders (whole module and
// deferred text), which differ only in how they list a function's callees and measure its size.

/// How many calls deep an optimized compile looks for callees to bring along for inlining: deep enough to reach the
/// leaves of typical call chains (main -> step -> clampv -> clampd); the candidate limit bounds the work.
public let inlineCandidateDepth = 4
/// How many calls deep a tier-0 compile looks for companions (see `ProgramSource.companionCandidates`): a chain of
/// small functions (C++ accessors and templates calling each other) then costs one unit instead of one per level.
let companionDepth = 3

/// The inlining candidates of a function: breadth-first over its callees.
enum CalleeWalk {
    /// Callees larger than this (bytes of IR text) are left out: unlikely to be inlined, and costly to bring along.
    static let largestCandidateTextBytes = 16384
    /// Companions of a tier-0 compile (see `ProgramSource.companionCandidates`) larger than this are left out: a
    /// companion saves a unit's fixed cost, which a large function pays back by itself, and one never called wastes
    /// its compile.
    static let largestCompanionTextBytes = 4096
    /// Bytes of IR text per instruction, for a loader that counts instructions instead of measuring text (SQLite's and
    /// Lua's -O0 IR: 49.5).
    static let textBytesPerInstruction = 50

    /// The functions `root` calls, nearest first, breadth-first to `depth` levels and at most `limit` of them,
    /// skipping those `textBytes` says are over `largestTextBytes`. `callees` lists a function's callees that have
    /// bodies, in the order they are taken.
    static func candidates<Function: Hashable>(of root: Function, depth: Int, limit: Int,
                                               largestTextBytes: Int = largestCandidateTextBytes,
                                               callees: (Function) -> [Function],
                                               textBytes: (Function) -> Int) -> [Function] {
        var result: [Function] = []
        var seen: Set<Function> = [root]
        var frontier = [root]
        guard limit > 0 else { return [] }
        for _ in 0..<depth {
            var next: [Function] = []
            for caller in frontier {
                for callee in callees(caller) {
                    guard seen.insert(callee).inserted, textBytes(callee) <= largestTextBytes else { continue }
                    result.append(callee)
                    next.append(callee)
                    if result.count >= limit { return result }
                }
            }
            frontier = next
        }
        return result
    }
}
