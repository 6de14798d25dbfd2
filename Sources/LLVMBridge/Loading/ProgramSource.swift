// Why this file exists: hotjit loads a module in one of two ways (parsed whole, or as text whose function bodies are
// parsed only when first compiled), and the engine must not care which. This is the one entry point that picks the way
// (`LoadedModule.load`), the one abstraction both ways implement (`ProgramSource`), and what is common to the units of
// either (aliases merged into their targets).
import HotJITBase

/// Where a loaded program's prepared module and its function units come from.
protocol ProgramSource: AnyObject, Sendable {
    /// The prepared module: symbols, data and constructors (the whole module, or the skeleton of deferred text).
    var preparedModule: ProgramModule { get }
    /// Function `name` (its prepared name) as a module of its own in a fresh context, its definition named `symbol`.
    /// With `inlineLimit` > 0, bodies of up to that many callees (see `CalleeWalk`) come along for inlining. `tier`
    /// tells copies apart that must not share a name (block-address tables owned by the function).
    /// `companions` (prepared names, from `companionCandidates`) come along as `available_externally` bodies too.
    func functionUnit(_ name: String, as symbol: String, ownedSuffix: String, inlineLimit: Int,
                      companions: [String]) throws -> IRModule
    /// Runs `body` on the unit `functionUnit` would make. With `inProgramContext`, a source that holds the program
    /// parsed in a context of its own may make the unit in that context instead: no copy to a fresh context, but
    /// `body` then runs under the program's lock, and the unit is disposed when `body` returns (it must not escape).
    /// For quick work on the unit (tier 0), not for an optimizing compile that would hold other compiles up.
    func withFunctionUnit<T>(_ name: String, as symbol: String, ownedSuffix: String, inlineLimit: Int,
                             companions: [String], inProgramContext: Bool,
                             _ body: (IRModule) throws -> T) throws -> T
    /// Functions `name` calls directly that its tier-0 unit could compile too (bodies in this program, small, not
    /// owners of block-address tables), by prepared name, in the order its text names them, at most `limit`.
    func companionCandidates(of name: String, limit: Int) -> [String]
    /// The line of the file at which `snippet` (a value's printed text) occurs in function `name` (its prepared
    /// name), when the source still has the file's text.
    func line(of snippet: String, inFunction name: String) -> Int?
}

extension ProgramSource {
    func line(of snippet: String, inFunction name: String) -> Int? { nil }

    func withFunctionUnit<T>(_ name: String, as symbol: String, ownedSuffix: String, inlineLimit: Int,
                             companions: [String], inProgramContext: Bool,
                             _ body: (IRModule) throws -> T) throws -> T {
        try body(functionUnit(name, as: symbol, ownedSuffix: ownedSuffix, inlineLimit: inlineLimit,
                              companions: companions))
    }
}

/// How `LoadedModule.load` loads and prepares one module.
public struct ProgramLoadOptions {
    /// Parse textual IR's function bodies only when each is first compiled (bitcode, and text the index does not
    /// handle, are parsed whole regardless; bitcode is then verified function by function at first compile).
    public var deferFunctionParsing: Bool
    /// Appended to local names to make them unique across modules (e.g. `.hj1`).
    public var uniqueSuffix: String
    /// For modules without a triple or data layout: the host's.
    public var defaultTriple: String
    public var defaultDataLayout: String
    /// Declarations renamed at load (all references follow): how hotjit binds `atexit` or `exit` to its own versions.
    public var redirections: [String: String]
    /// Whether the process defines a symbol (decides what `available_externally` definitions become).
    public var providedElsewhere: (String) -> Bool
    /// Keep debug info for debuggers (otherwise dropped at load).
    public var keepDebugInfo: Bool

    public init(deferFunctionParsing: Bool, uniqueSuffix: String, defaultTriple: String, defaultDataLayout: String,
                redirections: [String: String] = [:], providedElsewhere: @escaping (String) -> Bool = { _ in false },
                keepDebugInfo: Bool = false) {
        self.deferFunctionParsing = deferFunctionParsing
        self.uniqueSuffix = uniqueSuffix
        self.defaultTriple = defaultTriple
        self.defaultDataLayout = defaultDataLayout
        self.redirections = redirections
        self.providedElsewhere = providedElsewhere
        self.keepDebugInfo = keepDebugInfo
    }
}

/// One loaded, prepared module: its symbols, data and constructors (`module`) and its functions as units.
public final class LoadedModule: @unchecked Sendable {
    private let source: ProgramSource
    /// The aliases this program defines (those not skipped for an earlier module's definition), by link name, and
    /// the global each stands for: every function unit names the target instead (see `IRModule.mergeAliases`). Set
    /// once (`defineAliases`), before any unit is made.
    public private(set) var aliasTargets: [String: String] = [:]

    init(_ source: ProgramSource) { self.source = source }

    /// The prepared module (for deferred text, its skeleton): symbols, the data module, constructors.
    public var module: ProgramModule { source.preparedModule }

    /// Parses and prepares `buffer` (text IR or bitcode, told apart by content) named `name`, whole or with function
    /// bodies deferred as `options` asks. Errors are `LLVMError`s whose messages locate the problem in `name`.
    public static func load(_ buffer: MemoryBuffer, name: String, options: ProgramLoadOptions) throws -> LoadedModule {
        let bytes = buffer.bytes
        let isBitcode = bytes.count >= 4 && bytes[0] == 0x42 && bytes[1] == 0x43 && bytes[2] == 0xC0 && bytes[3] == 0xDE
        if options.deferFunctionParsing, !isBitcode,
           let text = try TextIRProgram(text: Array(bytes), name: name, context: IRContext(), options: options) {
            return LoadedModule(text)
        }
        // Deferred bitcode is parsed whole but not verified whole: each function's unit is verified at its first
        // compile (as deferred text is), and the data module before it is compiled.
        return LoadedModule(try ProgramModule(parsing: buffer, context: IRContext(), uniqueSuffix: options.uniqueSuffix,
                                              defaultTriple: options.defaultTriple,
                                              defaultDataLayout: options.defaultDataLayout,
                                              redirecting: options.redirections,
                                              providedElsewhere: options.providedElsewhere,
                                              keepDebugInfo: options.keepDebugInfo,
                                              verify: !(options.deferFunctionParsing && isBitcode)))
    }

    /// Records which aliases the program defines (`symbols` minus `skipped`), following chains of aliases to the
    /// global they end at; an alias that ends at a skipped one, or at an offset into a global, is left alone.
    public func defineAliases(_ symbols: [GlobalSymbol], skipped: Set<String>) {
        var direct: [String: String] = [:]
        for symbol in symbols where symbol.kind == .alias && !skipped.contains(symbol.name) {
            if let aliasee = symbol.aliasee { direct[symbol.name] = aliasee }
        }
        for (alias, first) in direct {
            var target = first, hops = 0
            while let next = direct[target], hops < direct.count { target = next; hops += 1 }
            if direct[target] == nil, !skipped.contains(target) { aliasTargets[alias] = target }
        }
    }

    /// Why `unit`, function `name`'s unit, failed verification (`report`), located in the file where possible.
    public func verificationFailure(ofUnit name: String, sourceName: String, report: String) -> VerificationFailure {
        VerificationFailure(report: report, function: sourceName) { source.line(of: $0, inFunction: name) }
    }

    /// Function `name` as a module of its own, in a fresh context, its definition named `symbol`, aliases merged.
    /// With `inlineLimit` > 0, bodies of up to that many callees come along for inlining. `companions` (prepared
    /// name -> symbol, from `companionCandidates`) are defined in the unit too, each under its symbol: one compile
    /// makes several functions' code (their calls of each other still go through the stubs).
    public func functionUnit(_ name: String, as symbol: String, ownedSuffix: String, inlineLimit: Int,
                             companions: [(name: String, symbol: String)] = []) throws -> IRModule {
        let unit = try source.functionUnit(name, as: symbol, ownedSuffix: ownedSuffix, inlineLimit: inlineLimit,
                                           companions: companions.map(\.name))
        try finish(unit, companions: companions)
        return unit
    }

    /// Runs `body` on the unit `functionUnit` makes; with `inProgramContext`, possibly made in the program's own
    /// context, under its lock, and disposed when `body` returns (see `ProgramSource.withFunctionUnit`).
    public func withFunctionUnit<T>(_ name: String, as symbol: String, ownedSuffix: String, inlineLimit: Int,
                                    companions: [(name: String, symbol: String)] = [], inProgramContext: Bool,
                                    _ body: (IRModule) throws -> T) throws -> T {
        try source.withFunctionUnit(name, as: symbol, ownedSuffix: ownedSuffix, inlineLimit: inlineLimit,
                                    companions: companions.map(\.name), inProgramContext: inProgramContext) { unit in
            try finish(unit, companions: companions)
            return try body(unit)
        }
    }

    /// Aliases merged into their targets, companions defined under their symbols.
    private func finish(_ unit: IRModule, companions: [(name: String, symbol: String)]) throws {
        unit.mergeAliases(aliasTargets)
        for companion in companions { try unit.defineCompanion(companion.name, as: companion.symbol) }
    }

    /// Lets a module parsed whole hibernate in `hibernation` (see `ProgramModule.allowHibernation`); whether it
    /// may (deferred text keeps its own skeleton and is never put to sleep).
    @discardableResult
    public func allowHibernation(in hibernation: ModuleHibernation) -> Bool {
        guard let whole = source as? ProgramModule else { return false }
        whole.allowHibernation(in: hibernation)
        return true
    }

    /// Takes a removed module out of its hibernation's count of modules awake.
    public func forgetHibernation() { (source as? ProgramModule)?.forgetHibernation() }

    /// Functions `name` calls directly that its tier-0 unit could compile too (see `ProgramSource`).
    public func companionCandidates(of name: String, limit: Int) -> [String] {
        limit > 0 ? source.companionCandidates(of: name, limit: limit) : []
    }
}
