import LLVMBridge

/// One module added to the engine: where it sits among the engine's programs (`index`, `path`) and its prepared IR
/// (`LoadedModule`, from LLVMBridge's one loading entry point), which gives symbols, data and constructors
/// (`module`) and each function as a unit of its own. Making a unit serializes on the module's own lock only while
/// it reads the program's LLVM context; optimization and code generation run in a private context, in parallel
/// with other compiles.
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
}
