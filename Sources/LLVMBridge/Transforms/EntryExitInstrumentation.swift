// Why this file exists: `-finstrument-functions` leaves its work to LLVM (the attributes below), and the calls it
// makes pass the function's own address, which must be the address the rest of the program sees: its stub.
import CLLVM

extension UnitPreparation {
    /// The attributes `clang -finstrument-functions` puts on each function; LLVM's `ee-instrument` pass turns them
    /// into calls `__cyg_profile_func_enter(fn, caller)` / `__cyg_profile_func_exit(fn, caller)` and drops them.
    static let entryExitAttributes = ["instrument-function-entry", "instrument-function-exit"]

    /// Lowers `-finstrument-functions` at load, in the module as the program wrote it: left to the optimizing
    /// pipeline or code generation, the calls would be made after a unit's function became its tier's body, and
    /// pass that body's address where the program compares with `&f` (its stub): GCC's eeprof-1.c aborted. Here the
    /// inserted `@f` is one more use of `f`, redirected to the stub like all others. Clang runs the same pass first
    /// in its own pipeline, so this is the native order. (The `-inlined` variant, which must run after inlining,
    /// is left to code generation.)
    static func lowerEntryExitInstrumentation(in module: IRModule) throws {
        let instrumented = llvmSequence(LLVMGetFirstFunction(module.module), LLVMGetNextFunction).contains { function in
            entryExitAttributes.contains { key in
                LLVMGetStringAttributeAtIndex(function, UInt32.max, key, UInt32(key.utf8.count)) != nil
            }
        }
        if instrumented { try module.runPasses("ee-instrument") }
    }
}
