/// What the runs of a program so far found: the functions that were optimized (they start at their cached
/// optimized code), and those whose tier-up was asked for but never finished, the compile still queued or in
/// flight when the run ended (they are queued for tier-up at their first call). As profile lines:
/// `optimized NAME`, `hot NAME`.
struct CacheProfile: Equatable {
    var optimized: Set<String> = []
    var hot: Set<String> = []

    init(optimized: Set<String> = [], hot: Set<String> = []) {
        self.optimized = optimized
        self.hot = hot.subtracting(optimized)
    }

    init(lines: [String]) {
        for line in lines {
            if line.hasPrefix("optimized ") { optimized.insert(String(line.dropFirst(10))) }
            if line.hasPrefix("hot ") { hot.insert(String(line.dropFirst(4))) }
        }
        hot.subtract(optimized)
    }

    var lines: [String] { optimized.sorted().map { "optimized " + $0 } + hot.sorted().map { "hot " + $0 } }

    /// This profile with a run's findings added: once optimized, a function stays so; a function hot in any
    /// run stays hot until it is optimized.
    func adding(_ run: CacheProfile) -> CacheProfile {
        CacheProfile(optimized: optimized.union(run.optimized), hot: hot.union(run.hot))
    }
}
