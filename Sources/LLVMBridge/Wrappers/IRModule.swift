// Why this file exists: one owner for an `LLVMModuleRef` (disposed unless handed on), with the module-wide basics:
// parse, verify, print, bitcode, strip debug info, run passes.
import CLLVM
#if canImport(Glibc)
import Glibc
#endif

/// An LLVM module. Owns its `LLVMModuleRef` and disposes it; the context it lives in must outlive it.
public final class IRModule: @unchecked Sendable {
    private(set) var ref: LLVMModuleRef?
    public let context: IRContext

    init(owning ref: LLVMModuleRef, context: IRContext) {
        self.ref = ref
        self.context = context
    }

    /// An empty module named `name` with the given triple and data layout.
    public init(name: String, context: IRContext, triple: String, dataLayout: String) {
        ref = LLVMModuleCreateWithNameInContext(name, context.ref)
        self.context = context
        LLVMSetTarget(ref, triple)
        LLVMSetDataLayout(ref, dataLayout)
    }

    deinit { if let ref { LLVMDisposeModule(ref) } }

    var module: LLVMModuleRef { ref! }

    /// Parses textual IR or bitcode (detected by content). Errors carry `file:line:col: error: message` for text IR.
    public static func parse(_ buffer: MemoryBuffer, context: IRContext) throws -> IRModule {
        var module: LLVMModuleRef?
        var message: UnsafeMutablePointer<CChar>?
        if LLVMParseIRInContext2(context.ref, buffer.ref, &module, &message) != 0 || module == nil {
            throw LLVMError(LLVMError.takeMessage(message).trimmingTrailingNewlines())
        }
        return IRModule(owning: module!, context: context)
    }

    public var triple: String {
        get { String(cString: LLVMGetTarget(module)) }
        set { LLVMSetTarget(module, newValue) }
    }
    public var dataLayout: String {
        get { String(cString: LLVMGetDataLayoutStr(module)) }
        set { LLVMSetDataLayout(module, newValue) }
    }

    /// Runs LLVM's verifier; returns its report, or nil when the module is well formed.
    public func verificationFailure() -> String? {
        var message: UnsafeMutablePointer<CChar>?
        let broken = LLVMVerifyModule(module, LLVMReturnStatusAction, &message) != 0
        let text = LLVMError.takeMessage(message)
        return broken ? text.trimmingTrailingNewlines() : nil
    }

    /// The module as textual IR.
    public var text: String { LLVMError.takeMessage(LLVMPrintModuleToString(module)) }

    /// The module as bitcode.
    public func bitcode() -> MemoryBuffer { MemoryBuffer(owning: LLVMWriteBitcodeToMemoryBuffer(module)) }

    /// Whether the module defines nothing (no variable, function or alias, no module-level assembly): its object
    /// would be empty, so there is nothing to compile or link.
    public var definesNothing: Bool {
        let isDeclaration = { (value: LLVMValueRef) in LLVMIsDeclaration(value) != 0 }
        var length = 0
        _ = LLVMGetModuleInlineAsm(module, &length)
        return llvmSequence(LLVMGetFirstGlobal(module), LLVMGetNextGlobal).allSatisfy(isDeclaration)
            && llvmSequence(LLVMGetFirstFunction(module), LLVMGetNextFunction).allSatisfy(isDeclaration)
            && LLVMGetFirstGlobalAlias(module) == nil && LLVMGetFirstGlobalIFunc(module) == nil && length == 0
    }

    /// The module as IR text in a buffer (printed once, copied once: no Swift string in between).
    public func textBuffer(name: String) -> MemoryBuffer {
        let text = LLVMPrintModuleToString(module)
        defer { LLVMDisposeMessage(text) }
        return MemoryBuffer(copying: UnsafeRawBufferPointer(start: text, count: text.map { strlen($0) } ?? 0),
                            name: name)
    }

    /// Removes all debug information (`!dbg`, debug records, `llvm.dbg.cu`). A module without a "Debug Info
    /// Version" flag has none (the parsers strip debug info that lacks it), so the walk over every instruction is
    /// skipped there.
    public func stripDebugInfo() {
        let flag = "Debug Info Version"
        guard LLVMGetModuleFlag(module, flag, flag.utf8.count) != nil else { return }
        _ = LLVMStripModuleDebugInfo(module)
    }

    /// Runs a new-pass-manager pipeline (`opt -passes=` syntax), optionally with a target machine for TTI.
    public func runPasses(_ pipeline: String, targetMachine: TargetMachine? = nil) throws {
        let options = LLVMCreatePassBuilderOptions()
        defer { LLVMDisposePassBuilderOptions(options) }
        // The call-graph profile section uses REL relocations, which JITLink rejects on x86-64; a JIT has no linker
        // to order functions by it anyway.
        LLVMPassBuilderOptionsSetCallGraphProfile(options, 0)
        try LLVMError.check(LLVMRunPasses(module, pipeline, targetMachine?.ref, options))
    }

    /// Disposes the module now, not when the last reference goes: a unit made in a shared context is disposed
    /// under that context's lock. Nothing may use it afterwards.
    func dispose() {
        if let ref { LLVMDisposeModule(ref) }
        ref = nil
    }

    /// Gives up ownership (the consumer disposes it).
    func release() -> LLVMModuleRef {
        defer { ref = nil }
        return ref!
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var result = self
        while result.last == "\n" { result.removeLast() }
        return result
    }
}
