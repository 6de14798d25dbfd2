import LLVMBridge

/// One module added to the engine: where it sits among the engine's programs (`index`, `path`) and its prepared IR
/// (`LoadedModule`, from LLVMBridge's one loading entry point), which gives symbols, data and constructors
/// (`module`) and each function as a unit of its own. Making a unit serializes on the module's own lock only while
/// it reads the program's LLVM context; optimization and code generation run in a private context, in parallel
/// with other compiles. (A tier-0 unit of a program parsed whole is compiled in the program's context, under its
/// lock: a quick compile, which saves the copy to a fresh context.)
final class LoadedProgram: @unchecked Sendable {
    let index: Int
    let path: String
    let loaded: LoadedModule

    init(index: Int, path: String, loaded: LoadedModule) {
        self.index = index
        self.path = path
        self.loaded = loaded
    }

    var module: ProgramModule { loaded.module }

    /// Records which aliases the program defines (see `LoadedModule.defineAliases`).
    func defineAliases(_ symbols: [GlobalSymbol], skipped: Set<String>) {
        loaded.defineAliases(symbols, skipped: skipped)
    }

    /// Function `name` as a module of its own, in a fresh context, its definition named `symbol`.
    /// With `inlineLimit` > 0, bodies of up to that many callees come along for inlining.
    /// `companions` (prepared name -> symbol) are defined in the unit too.
    func functionUnit(_ name: String, as symbol: String, ownedSuffix: String, inlineLimit: Int,
                      companions: [(name: String, symbol: String)] = []) throws -> IRModule {
        try loaded.functionUnit(name, as: symbol, ownedSuffix: ownedSuffix, inlineLimit: inlineLimit,
                                companions: companions)
    }

    /// Runs `body` on that unit; with `inProgramContext`, perhaps in the program's own context, under its lock, the
    /// unit disposed when `body` returns (see `LoadedModule.withFunctionUnit`).
    func withFunctionUnit<T>(_ name: String, as symbol: String, ownedSuffix: String, inlineLimit: Int,
                             companions: [(name: String, symbol: String)] = [], inProgramContext: Bool,
                             _ body: (IRModule) throws -> T) throws -> T {
        try loaded.withFunctionUnit(name, as: symbol, ownedSuffix: ownedSuffix, inlineLimit: inlineLimit,
                                    companions: companions, inProgramContext: inProgramContext, body)
    }
}
