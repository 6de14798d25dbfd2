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

    init(index: Int, path: String, module: ProgramModule, text: TextIRProgram? = nil) {
        self.index = index
        self.path = path
        self.module = module
        self.text = text
    }

    /// Function `name` as a module of its own, in a fresh context, its definition named `symbol`.
    /// With `inlineLimit` > 0, bodies of up to that many callees come along for inlining.
    func functionUnit(_ name: String, as symbol: String, tier: Int, inlineLimit: Int) throws -> IRModule {
        if let text { return try text.functionUnit(name, as: symbol, context: IRContext(), inlineLimit: inlineLimit) }
        let bitcode: MemoryBuffer = try lock.withLock {
            let callees = inlineLimit > 0 ? module.directCallees(of: name, depth: inlineCandidateDepth, limit: inlineLimit) : []
            return try module.extractFunction(name, as: symbol, ownedSuffix: "$t\(tier)", availableExternally: callees).bitcode()
        }
        return try IRModule.parse(bitcode, context: IRContext())
    }
}
