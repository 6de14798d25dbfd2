import LLVMBridge
import HotJITRuntime

/// One module added to the engine: its prepared IR (read by every lazy compile of its functions) and the lock that
/// serializes access to its LLVM context. Compiles hold the lock only while extracting their function; optimization
/// and code generation run on a private copy, in parallel.
final class LoadedProgram: @unchecked Sendable {
    let index: Int
    let path: String
    let module: ProgramModule
    let lock = ConditionLock()

    init(index: Int, path: String, module: ProgramModule) {
        self.index = index
        self.path = path
        self.module = module
    }
}
