/// The one place that spells the link names of compiled versions. A function's own name belongs to its stub; each
/// version is linked as `name$suffix`: `foo$t0`, `foo$t1`, `foo$osr2` (the continuation entered at counted loop 2),
/// tier 0's counter array as `foo$t0.counters`, and globals a unit owns as `name$t1`. gdb, perf maps and dumps show
/// these names.
struct VersionSymbol: Sendable, Equatable {
    /// The function's link name.
    let function: String
    /// `t0`, `t1`, `osr2`: names the version in dumps too.
    let suffix: String

    static func tier(_ function: String, _ tier: Int) -> VersionSymbol { .init(function: function, suffix: "t\(tier)") }
    static func osr(_ function: String, loop: Int) -> VersionSymbol { .init(function: function, suffix: "osr\(loop)") }

    /// What the globals a unit of `tier` owns (copied into it rather than shared) are renamed with: `$t1`.
    static func ownedSuffix(tier: Int) -> String { "$t\(tier)" }

    /// The link name.
    var name: String { "\(function)$\(suffix)" }
    /// Tier 0's counter array.
    var counters: String { name + ".counters" }
}
