// Why this file exists: one owner for an `LLVMContextRef` and the diagnostics it collects.
import CLLVM

/// An `LLVMContext`: owns types, constants and metadata of every module built in it. Not thread-safe: whoever
/// shares one serializes access to it (the engine holds one lock per loaded program).
public final class IRContext: @unchecked Sendable {
    let ref: LLVMContextRef
    /// Error diagnostics LLVM reported (e.g. bad inline asm during code generation), oldest first.
    private var errorDiagnostics: [String] = []

    public init() {
        ref = LLVMContextCreate()
        // Without a handler LLVM prints error diagnostics and exits the process: never acceptable inside a host.
        let me = Unmanaged.passUnretained(self).toOpaque()
        LLVMContextSetDiagnosticHandler(ref, { info, context in
            guard let info, let context else { return }
            guard LLVMGetDiagInfoSeverity(info) == LLVMDSError else { return }
            let owner = Unmanaged<IRContext>.fromOpaque(context).takeUnretainedValue()
            owner.errorDiagnostics.append(LLVMError.takeMessage(LLVMGetDiagInfoDescription(info)))
        }, me)
    }

    deinit { LLVMContextDispose(ref) }

    /// Returns and forgets the error diagnostics reported since the last call.
    public func takeErrorDiagnostics() -> [String] {
        defer { errorDiagnostics.removeAll() }
        return errorDiagnostics
    }
}
