// Why this file exists: LLVM's native target must be initialised exactly once before anything generates code.
import CLLVM

/// One-time initialisation of LLVM's native target, its assembly printer (to emit objects) and parser (inline asm).
public enum NativeTarget {
    private static let initialized: Bool = {
        LLVMInitializeNativeTarget() == 0 && LLVMInitializeNativeAsmPrinter() == 0
            && LLVMInitializeNativeAsmParser() == 0
    }()

    /// Initialises the native target once; false if LLVM was built without this host's target.
    @discardableResult
    public static func initialize() -> Bool { initialized }

    /// LLVM's triple for this process (e.g. `x86_64-pc-linux-gnu`).
    public static var hostTriple: String { LLVMError.takeMessage(LLVMGetDefaultTargetTriple()) }
    /// The host CPU name (e.g. `znver3`) for optimized code generation.
    public static var hostCPU: String { LLVMError.takeMessage(LLVMGetHostCPUName()) }
    /// The host CPU's features (e.g. `+avx2,+fma,...`).
    public static var hostFeatures: String { LLVMError.takeMessage(LLVMGetHostCPUFeatures()) }
    /// The version of the LLVM library loaded (e.g. `22.1.0`): code it generated is only reused by the same.
    public static var llvmVersion: String {
        var major: UInt32 = 0, minor: UInt32 = 0, patch: UInt32 = 0
        LLVMGetVersion(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }
}
