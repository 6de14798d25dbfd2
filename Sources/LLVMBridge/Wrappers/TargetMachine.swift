// Why this file exists: one owner for an `LLVMTargetMachineRef`, at the code-generation levels the tiers use.
import CLLVM

/// A code generator for one triple, CPU and optimization level. Not safe for concurrent use: the engine keeps a pool.
public final class TargetMachine: @unchecked Sendable {
    let ref: LLVMTargetMachineRef

    /// How much the code generator optimizes. `.none` selects FastISel: the tier-0 setting. `.aggressiveFastSelection`
    /// is `.aggressive` with FastISel's instruction selection: for optimized code whose huge basic blocks would make
    /// SelectionDAG's combiner take seconds to minutes (it is quadratic in a block's chained memory operations).
    public enum OptimizationLevel: Sendable { case none, aggressive, aggressiveFastSelection }

    /// A target machine for `triple` generating position-independent, small-code-model code (JITLink adds GOT and
    /// PLT entries for anything out of range).
    public init(triple: String, cpu: String, features: String, level: OptimizationLevel) throws {
        NativeTarget.initialize()
        var target: LLVMTargetRef?
        var message: UnsafeMutablePointer<CChar>?
        if LLVMGetTargetFromTriple(triple, &target, &message) != 0 || target == nil {
            throw LLVMError("no code generator for target triple '\(triple)': \(LLVMError.takeMessage(message))")
        }
        let codeGenLevel: LLVMCodeGenOptLevel
        switch level {
        case .none: codeGenLevel = LLVMCodeGenLevelNone
        case .aggressive, .aggressiveFastSelection: codeGenLevel = LLVMCodeGenLevelAggressive
        }
        guard let machine = LLVMCreateTargetMachine(target, triple, cpu, features, codeGenLevel, LLVMRelocPIC,
                                                    LLVMCodeModelSmall) else {
            throw LLVMError("could not create a target machine for '\(triple)'")
        }
        if level == .aggressiveFastSelection { LLVMSetTargetMachineFastISel(machine, 1) }
        ref = machine
    }

    deinit { LLVMDisposeTargetMachine(ref) }

    /// The data layout string this machine expects modules to have.
    public var dataLayout: String {
        let layout = LLVMCreateTargetDataLayout(ref)
        defer { LLVMDisposeTargetData(layout) }
        return LLVMError.takeMessage(LLVMCopyStringRepOfTargetData(layout))
    }

    /// Compiles `module` to a relocatable object file in memory.
    public func emitObject(_ module: IRModule) throws -> MemoryBuffer {
        var buffer: LLVMMemoryBufferRef?
        var message: UnsafeMutablePointer<CChar>?
        if LLVMTargetMachineEmitToMemoryBuffer(ref, module.module, LLVMObjectFile, &message, &buffer) != 0
            || buffer == nil {
            throw LLVMError("code generation failed: \(LLVMError.takeMessage(message))")
        }
        let diagnostics = module.context.takeErrorDiagnostics()
        if !diagnostics.isEmpty {
            LLVMDisposeMemoryBuffer(buffer)
            throw LLVMError("code generation failed: \(diagnostics.joined(separator: "; "))")
        }
        return MemoryBuffer(owning: buffer!)
    }

    /// Compiles `module` to assembly text (for `--dump=asm`).
    public func emitAssembly(_ module: IRModule) throws -> String {
        var buffer: LLVMMemoryBufferRef?
        var message: UnsafeMutablePointer<CChar>?
        if LLVMTargetMachineEmitToMemoryBuffer(ref, module.module, LLVMAssemblyFile, &message, &buffer) != 0
            || buffer == nil {
            throw LLVMError("code generation failed: \(LLVMError.takeMessage(message))")
        }
        let owned = MemoryBuffer(owning: buffer!)
        return String(decoding: owned.bytes, as: UTF8.self)
    }
}
