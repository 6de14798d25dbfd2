import HotJITBase
import LLVMBridge

/// The names cached code uses for what differs from run to run: a function's stub, its best code, and what its tier-0
/// code counts into (its record, its OSR slots, its OSR transfer count). Uncached code is bound to these addresses
/// before code generation; an object kept across runs cannot hold them, so it names them, and the JIT session asks
/// `resolve` when it links the object.
///
/// A name carries the index of the program that defines the function: indices are never reused, so a name the session
/// resolved once (it keeps it for good) never comes to mean another module's function after a removal.
///
/// Its lock is a leaf: `resolve` runs inside ORC's links, so it takes no other lock but a record's.
final class CacheSymbols: @unchecked Sendable {
    private let lock = ConditionLock()
    /// Functions and function aliases by `program.name` key: what the names resolve to.
    private var functions: [String: FunctionRecord] = [:]

    private static let prefix = "__hotjit."
    enum Kind: String, CaseIterable {
        /// The function's stub: what every uncached reference is bound to.
        case stub
        /// Its optimized code once it has some when the name is first linked, else its stub (calls between
        /// optimized functions skip the stub, as uncached optimized code's calls do).
        case optimized = "opt"
        /// Its record, which tier-0 code passes to the tier-up trigger.
        case context = "ctx"
        /// Its OSR slots and its count of OSR transfers.
        case osrSlots = "osr"
        case osrEntries = "osrn"
    }

    /// The name of `kind` for function `name` of program `program`.
    static func name(_ kind: Kind, program: Int, function name: String) -> String {
        "\(prefix)\(kind.rawValue).p\(program).\(name)"
    }

    /// Enters `record` under `name` (its own name, or an alias's) of program `program`.
    func add(_ record: FunctionRecord, as name: String, program: Int) {
        lock.withLock { functions["p\(program).\(name)"] = record }
    }

    /// Forgets program `program`'s names.
    func remove(program: Int, names: [String]) {
        lock.withLock { for name in names { functions["p\(program).\(name)"] = nil } }
    }

    /// The address a name of this scheme stands for, or nil for any other name.
    func resolve(_ symbol: String) -> UInt64? {
        guard symbol.hasPrefix(Self.prefix) else { return nil }
        let rest = symbol.dropFirst(Self.prefix.count)
        guard let dot = rest.firstIndex(of: "."), let kind = Kind(rawValue: String(rest[..<dot])) else { return nil }
        guard let record = lock.withLock({ functions[String(rest[rest.index(after: dot)...])] }) else { return nil }
        switch kind {
        case .stub: return record.stubAddress
        case .optimized: return record.newestVersion(atLeast: 1)?.address ?? record.stubAddress
        case .context: return UInt64(UInt(bitPattern: Unmanaged.passUnretained(record).toOpaque()))
        case .osrSlots: return UInt64(UInt(bitPattern: record.osrLoops().slots))
        case .osrEntries: return UInt64(UInt(bitPattern: record.osrLoops().transfers))
        }
    }
}
