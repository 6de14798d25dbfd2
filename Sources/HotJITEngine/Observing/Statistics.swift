import LLVMBridge

/// Renders what the engine measured: the `--stats` table, the `--stats-json` document and the `--trace` file
/// (Chrome trace-event JSON, opens in Perfetto or chrome://tracing).
public enum Statistics {
    /// Per-function numbers, hottest first.
    public struct FunctionSummary: Sendable {
        public let name: String
        public let calls: UInt64
        public let backedges: UInt64
        public let tier: Int
        public let compileMilliseconds: [Double]   // per tier
        /// Code size of the current tier's version.
        public let codeBytes: UInt64
        /// Code size per tier (every version compiled at that tier).
        public let codeBytesPerTier: [UInt64]
        public let tierUpLatencyMilliseconds: Double?
        /// Transfers of running tier-0 frames into OSR continuations.
        public let osrEntries: UInt64
        /// What asked for its optimized compile, if anything did.
        public let tierUpTrigger: RecompileRequest.Trigger?
        /// Time samples (1 ms of CPU each) in its tier-0 code and in its optimized code.
        public let tier0Samples: UInt64
        public let optimizedSamples: UInt64
    }

    public static func summaries(_ engine: Engine) -> [FunctionSummary] {
        engine.allFunctions.compactMap { record -> FunctionSummary? in
            let versions = record.compiledVersions
            guard let tier = versions.map(\.tier).max() else { return nil }
            var perTier = [Double](repeating: 0, count: tier + 1)
            var bytesPerTier = [UInt64](repeating: 0, count: tier + 1)
            for version in versions {
                perTier[version.tier] += Double(version.compileNanoseconds) / 1e6
                bytesPerTier[version.tier] += version.codeSize
            }
            let latest = versions.last { $0.tier == tier }!
            let latency = versions.first { $0.tier > 0 }.map { Double($0.tierUpLatencyNanoseconds) / 1e6 }
            return FunctionSummary(name: record.sourceName, calls: record.calls, backedges: record.backedges,
                                   tier: tier, compileMilliseconds: perTier, codeBytes: latest.codeSize,
                                   codeBytesPerTier: bytesPerTier, tierUpLatencyMilliseconds: latency,
                                   osrEntries: record.osrEntries, tierUpTrigger: record.tierUpTrigger,
                                   tier0Samples: record.tier0Samples, optimizedSamples: record.optimizedSamples)
        }.sorted { ($0.calls + $0.backedges, $1.name) > ($1.calls + $1.backedges, $0.name) }
    }

    /// The table `--stats` prints: the `limit` hottest functions and totals per tier.
    public static func table(_ engine: Engine, limit: Int = 20) -> String {
        let timeSamples = engine.timeSamples   // drains first, so the per-function samples add up to its totals
        let all = summaries(engine)
        var lines = ["hotjit statistics: \(all.count) functions compiled, \(engine.allFunctions.count) loaded"]
        lines.append(pad("function", 32) + pad("calls", 12, right: true) + pad("backedges", 12, right: true)
                     + pad("tier", 6, right: true) + pad("t0 ms", 9, right: true) + pad("t1 ms", 9, right: true)
                     + pad("bytes", 9, right: true) + pad("t-up ms", 9, right: true) + pad("osr", 6, right: true)
                     + pad("why", 11, right: true) + (timeSamples == nil ? "" : pad("ran t0/opt", 13, right: true)))
        for summary in all.prefix(limit) {
            let t0 = summary.compileMilliseconds.first ?? 0
            let t1 = summary.compileMilliseconds.count > 1 ? format(summary.compileMilliseconds[1]) : "-"
            lines.append(pad(String(summary.name.prefix(31)), 32) + pad("\(summary.calls)", 12, right: true)
                         + pad("\(summary.backedges)", 12, right: true) + pad("\(summary.tier)", 6, right: true)
                         + pad(format(t0), 9, right: true) + pad(t1, 9, right: true)
                         + pad("\(summary.codeBytes)", 9, right: true)
                         + pad(summary.tierUpLatencyMilliseconds.map(format) ?? "-", 9, right: true)
                         + pad("\(summary.osrEntries)", 6, right: true)
                         + pad(summary.tierUpTrigger.map(\.name) ?? "-", 11, right: true)
                         + (timeSamples == nil
                            ? "" : pad("\(summary.tier0Samples)/\(summary.optimizedSamples)", 13, right: true)))
        }
        let stages = stageTotals(engine)
        for (tier, total) in totals(all).enumerated() where total.count > 0 {
            lines.append("tier \(tier): \(total.count) functions, \(format(total.milliseconds)) ms compiling, "
                         + "\(total.bytes) bytes of code")
            let byStage = stages[tier].named.map { "\($0.name) \(format(Double($0.nanoseconds) / 1e6))" }
            lines.append("  by stage (ms): " + byStage.joined(separator: ", "))
            if tier == 0, case let companions = engine.allFunctions.map(\.companion).filter(\.compiled),
               !companions.isEmpty {
                let uncalled = companions.filter { !$0.called }.count
                lines.append("  compiled as companions of a caller: \(companions.count) functions, "
                             + "\(uncalled) of them never called")
            }
        }
        let latencies = all.compactMap(\.tierUpLatencyMilliseconds).sorted()
        let osr = all.reduce(0) { $0 + $1.osrEntries }
        if osr > 0 { lines.append("on-stack replacement: \(osr) transfers of running loops into optimized code") }
        let declines = engine.events.osrDeclines
        if !declines.isEmpty {
            let byReason = OSRDeclineReason.allCases.compactMap { reason in
                declines[reason].map { "\(reason.rawValue) \($0)" }
            }
            let total = declines.values.reduce(0, +)
            lines.append("OSR declined: \(total) continuations (\(byReason.joined(separator: ", ")))")
        }
        if !latencies.isEmpty {
            lines.append("tier-up latency (trigger to stub re-pointed): "
                         + "median \(format(latencies[latencies.count / 2])) ms, max \(format(latencies.last!)) ms")
            // The hottest by calls and back-edges (by time where sampled) that tiered up.
            let hottest = (timeSamples == nil ? all : all.sorted {
                ($0.tier0Samples + $0.optimizedSamples, $1.name) > ($1.tier0Samples + $1.optimizedSamples, $0.name)
            }).compactMap(\.tierUpLatencyMilliseconds).prefix(10).sorted()
            lines.append("  of the \(hottest.count) hottest that tiered up: median "
                         + "\(format(hottest[hottest.count / 2])) ms, max \(format(hottest.last!)) ms")
        }
        if let samples = timeSamples {
            let tier0 = all.reduce(0) { $0 + $1.tier0Samples }, optimized = all.reduce(0) { $0 + $1.optimizedSamples }
            lines.append("time samples (1 ms of CPU each, \(samples.threads) threads; \"ran\" above): "
                         + "\(samples.samples); in tier-0 code \(tier0), in optimized code \(optimized), elsewhere "
                         + "(libc, LLVM, stubs) \(samples.elsewhere), lost \(samples.lost)")
        }
        if let cache = cacheFigures(engine) {
            lines.append("cache: tier 0 \(cache.tier0Hits) hits, \(cache.tier0Misses) misses; optimized "
                         + "\(cache.optimizedHits) hits, \(cache.optimizedMisses) misses; "
                         + "\(cache.optimizedAtFirstCall) functions started optimized")
            lines.append("  hits linked in \(format(cache.hitMilliseconds)) ms, had cost "
                         + "\(format(cache.savedMilliseconds)) ms to compile; \(cache.rejected) entries rejected, "
                         + "\(cache.bytesRead) bytes read, \(cache.bytesWritten) written")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The persistent cache's figures for this run: hits and misses of tier-0 and optimized versions, functions
    /// that started at their optimized code, entries rejected, what hits cost to link and had cost to compile.
    public struct CacheFigures: Sendable {
        public var tier0Hits = 0, tier0Misses = 0, optimizedHits = 0, optimizedMisses = 0, optimizedAtFirstCall = 0
        public var rejected = 0
        public var hitMilliseconds = 0.0, savedMilliseconds = 0.0
        public var bytesRead: UInt64 = 0, bytesWritten: UInt64 = 0
    }

    /// The cache's figures, or nil when the engine has no cache.
    public static func cacheFigures(_ engine: Engine) -> CacheFigures? {
        guard let cache = engine.cache else { return nil }
        let counts = cache.counts
        let store = cache.store.statistics
        return CacheFigures(tier0Hits: counts.tier0Hits, tier0Misses: counts.tier0Misses,
                            optimizedHits: counts.optimizedHits, optimizedMisses: counts.optimizedMisses,
                            optimizedAtFirstCall: counts.optimizedAtFirstCall, rejected: store.rejected,
                            hitMilliseconds: Double(counts.hitNanoseconds) / 1e6,
                            savedMilliseconds: Double(counts.savedCompileNanoseconds) / 1e6,
                            bytesRead: store.bytesRead, bytesWritten: store.bytesWritten)
    }

    /// The `--stats-json` document.
    public static func json(_ engine: Engine, wallSeconds: Double) -> String {
        let timeSamples = engine.timeSamples   // drains first, so the per-function samples add up to its totals
        let all = summaries(engine)
        var functions: [String] = []
        for summary in all {
            let compile = object(summary.compileMilliseconds.enumerated().map { ("t\($0.offset)", format($0.element)) })
            functions.append("    " + object([
                ("name", quoted(summary.name)), ("calls", "\(summary.calls)"), ("backedges", "\(summary.backedges)"),
                ("tier", "\(summary.tier)"), ("compile_ms", compile), ("code_bytes", "\(summary.codeBytes)"),
                ("tierup_latency_ms", summary.tierUpLatencyMilliseconds.map(format) ?? "null"),
                ("osr_entries", "\(summary.osrEntries)"),
                ("tierup_trigger", summary.tierUpTrigger.map { "\"\($0.name)\"" } ?? "null"),
                ("samples", object([("t0", "\(summary.tier0Samples)"), ("optimized", "\(summary.optimizedSamples)")])),
            ]))
        }
        let stages = stageTotals(engine)
        let tiers = totals(all).enumerated().map {
            let byStage = object(stages[$0.offset].named.map {
                (String($0.name.map { $0 == " " ? "_" : $0 }), format(Double($0.nanoseconds) / 1e6))
            })
            return "    " + object([("tier", "\($0.offset)"), ("functions", "\($0.element.count)"),
                                  ("compile_ms", format($0.element.milliseconds)), ("stages_ms", byStage),
                                  ("code_bytes", "\($0.element.bytes)")])
        }
        let declines = engine.events.osrDeclines   // every reason named, 0 if it never occurred
        let declineCounts = object(OSRDeclineReason.allCases.map { ($0.rawValue, "\(declines[$0] ?? 0)") })
        let cache = cacheFigures(engine).map { cache in
            object([("tier0_hits", "\(cache.tier0Hits)"), ("tier0_misses", "\(cache.tier0Misses)"),
                    ("optimized_hits", "\(cache.optimizedHits)"), ("optimized_misses", "\(cache.optimizedMisses)"),
                    ("started_optimized", "\(cache.optimizedAtFirstCall)"), ("hit_ms", format(cache.hitMilliseconds)),
                    ("saved_compile_ms", format(cache.savedMilliseconds)), ("rejected", "\(cache.rejected)"),
                    ("bytes_read", "\(cache.bytesRead)"), ("bytes_written", "\(cache.bytesWritten)")])
        } ?? "null"
        let samples = timeSamples.map {
            object([("samples", "\($0.samples)"), ("elsewhere", "\($0.elsewhere)"), ("lost", "\($0.lost)"),
                    ("threads", "\($0.threads)")])
        } ?? "null"
        return "{\n  \"wall_seconds\": \(format(wallSeconds)),\n  \"functions_loaded\": \(engine.allFunctions.count),\n"
            + "  \"cache\": \(cache),\n"
            + "  \"time_samples\": \(samples),\n"
            + "  \"osr_entries\": \(all.reduce(0) { $0 + $1.osrEntries }),\n"
            + "  \"osr_declines\": \(declineCounts),\n"
            + "  \"functions\": [\n\(functions.joined(separator: ",\n"))\n  ],\n"
            + "  \"tiers\": [\n\(tiers.joined(separator: ",\n"))\n  ]\n}\n"
    }

    /// Chrome trace-event JSON: compiles as complete events on their threads, triggers as instant events.
    public static func trace(_ engine: Engine) -> String {
        let origin = engine.events.origin
        func microseconds(_ time: UInt64) -> String { format(Double(time &- origin) / 1000) }
        func duration(_ start: UInt64, _ end: UInt64) -> String { format(Double(end - start) / 1000) }
        var events = ["  " + object([("name", quoted("process_name")), ("ph", quoted("M")), ("pid", "1"),
                                     ("args", object([("name", quoted("hotjit"))]))])]
        for entry in engine.events.all {
            let thread = "\(entry.thread)"
            let fields: [(String, String)]
            switch entry.event {
            case let .compile(function, tier, start, end):
                fields = [("name", quoted("\(function) [t\(tier)]")),
                          ("cat", quoted(tier == 0 ? "lazy-compile" : "tier-up")), ("ph", quoted("X")), ("pid", "1"),
                          ("tid", thread), ("ts", microseconds(start)), ("dur", duration(start, end)),
                          ("args", object([("function", quoted(function)), ("tier", "\(tier)")]))]
            case let .trigger(function, kind, time):
                fields = [("name", quoted("trigger \(function)")), ("cat", quoted("trigger")), ("ph", quoted("i")),
                          ("s", quoted("t")), ("pid", "1"), ("tid", thread), ("ts", microseconds(time)),
                          ("args", object([("kind", quoted("\(kind)"))]))]
            case let .osrCompile(function, start, end):
                fields = [("name", quoted("\(function) [osr]")), ("cat", quoted("osr")), ("ph", quoted("X")),
                          ("pid", "1"), ("tid", thread), ("ts", microseconds(start)), ("dur", duration(start, end))]
            case let .osrDecline(function, reason, time):
                fields = [("name", quoted("OSR declined \(function)")), ("cat", quoted("osr")), ("ph", quoted("i")),
                          ("s", quoted("t")), ("pid", "1"), ("tid", thread), ("ts", microseconds(time)),
                          ("args", object([("function", quoted(function)), ("reason", quoted(reason.rawValue))]))]
            }
            events.append("  " + object(fields))
        }
        return "{\"traceEvents\": [\n\(events.joined(separator: ",\n"))\n], \"displayTimeUnit\": \"ms\"}\n"
    }

    /// Compile time by stage, summed over every version of tier 0 (index 0) and of the optimizing tier (index 1).
    private static func stageTotals(_ engine: Engine) -> [CompileStages] {
        var result = [CompileStages(), CompileStages()]
        for record in engine.allFunctions {
            for version in record.compiledVersions {
                let tier = min(version.tier, 1)
                result[tier] = result[tier] + version.stages
            }
        }
        return result
    }

    private static func totals(_ all: [FunctionSummary]) -> [(count: Int, milliseconds: Double, bytes: UInt64)] {
        var result = [(count: Int, milliseconds: Double, bytes: UInt64)](repeating: (0, 0, 0), count: 2)
        for summary in all {
            for (tier, milliseconds) in summary.compileMilliseconds.enumerated() where tier < result.count {
                result[tier].count += 1
                result[tier].milliseconds += milliseconds
            }
            for (tier, bytes) in summary.codeBytesPerTier.enumerated() where tier < result.count {
                result[tier].bytes += bytes
            }
        }
        return result
    }

    static func format(_ value: Double) -> String {
        let scaled = (value * 1000).rounded() / 1000
        return scaled == scaled.rounded() ? "\(Int(scaled))" : "\(scaled)"
    }

    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return right ? padding + text + " " : text + padding
    }

    /// A JSON object of already-encoded values, on one line: `{"key": value, ...}`.
    static func object(_ fields: [(key: String, value: String)]) -> String {
        "{" + fields.map { "\(quoted($0.key)): \($0.value)" }.joined(separator: ", ") + "}"
    }

    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
