import HotJITBase
import LLVMBridge
import HotJITRuntime

/// One module added to the engine: its prepared IR and the lock that serializes access to its LLVM context.
///
/// `module` gives symbols, data and constructors. For textual IR loaded lazily it is only the skeleton and `text`
/// parses each function's text on demand; otherwise `module` is the whole module and functions are cloned out of it.
/// Either way a compile holds a lock only while extracting its function; optimization and code generation run in a
/// private LLVM context, in parallel with other compiles.
final class LoadedProgram: @unchecked Sendable {
    let index: Int
    let path: String
    let module: ProgramModule
    let text: TextIRProgram?
    let lock = ConditionLock()
    /// The aliases this program defines (those not skipped for an earlier module's definition), by link name, and
    /// the global each stands for: every function unit names the target instead (see `IRModule.mergeAliases`). Set
    /// once at registration, before any compile.
    private(set) var aliasTargets: [String: String] = [:]

    init(index: Int, path: String, module: ProgramModule, text: TextIRProgram? = nil) {
        self.index = index
        self.path = path
        self.module = module
        self.text = text
    }

    /// Records which aliases the program defines (`symbols` minus `skipped`), following chains of aliases to the
    /// global they end at; an alias that ends at a skipped one, or at an offset into a global, is left alone.
    func defineAliases(_ symbols: [GlobalSymbol], skipped: Set<String>) {
        var direct: [String: String] = [:]
        for symbol in symbols where symbol.kind == .alias && !skipped.contains(symbol.name) {
            if let aliasee = symbol.aliasee { direct[symbol.name] = aliasee }
        }
        for alias in direct.keys {
            var target = direct[alias]!, hops = 0
            while let next = direct[target], hops < direct.count { target = next; hops += 1 }
            if direct[target] == nil, !skipped.contains(target) { aliasTargets[alias] = target }
        }
    }

    /// Function `name` as a module of its own, in a fresh context, its definition named `symbol`.
    /// With `inlineLimit` > 0, bodies of up to that many callees come along for inlining.
    func functionUnit(_ name: String, as symbol: String, tier: Int, inlineLimit: Int) throws -> IRModule {
        let unit: IRModule
        if let text {
            unit = try text.functionUnit(name, as: symbol, context: IRContext(), inlineLimit: inlineLimit)
        } else {
            let bitcode: MemoryBuffer = try lock.withLock {
                let callees = inlineLimit > 0 ? module.directCallees(of: name, depth: inlineCandidateDepth, limit: inlineLimit) : []
                return try module.extractFunction(name, as: symbol, ownedSuffix: "$t\(tier)", availableExternally: callees).bitcode()
            }
            unit = try IRModule.parse(bitcode, context: IRContext())
        }
        unit.mergeAliases(aliasTargets)
        return unit
    }
}
