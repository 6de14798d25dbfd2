// Why this file exists: the in-process linker cannot resolve TLS relocations, so `thread_local` variables are rewritten
// to emulated TLS before anything is compiled.
import CLLVM

/// Rewrites `thread_local` variables to emulated TLS: LLVM's `lower-emutls` creates each variable's control
/// object `__emutls_v.NAME` (and template `__emutls_t.NAME`), and every `llvm.threadlocal.address(@NAME)` becomes
/// `__emutls_get_address(@__emutls_v.NAME)` (libgcc's, per-thread storage on first use). The TLS variables are then
/// unused and removed, so no object hotjit links needs TLS relocations or a TLS segment.
/// Returns declarations (IR text) of the variables it removed, by name.
func lowerThreadLocals(in unit: IRModule) throws -> [String: String] {
    var removed: [String: String] = [:]
    try unit.runPasses("lower-emutls")
    let module = unit.module
    let context = LLVMGetModuleContext(module)
    let pointer = LLVMPointerTypeInContext(context, 0)
    var parameter: LLVMTypeRef? = pointer
    let getAddressType = LLVMFunctionType(pointer, &parameter, 1, 0)!
    let getAddress = LLVMGetNamedFunction(module, "__emutls_get_address")
        ?? LLVMAddFunction(module, "__emutls_get_address", getAddressType)!
    let builder = LLVMCreateBuilderInContext(context)
    defer { LLVMDisposeBuilder(builder) }

    let intrinsics = llvmSequence(LLVMGetFirstFunction(module), LLVMGetNextFunction)
        .filter { valueName($0).hasPrefix("llvm.threadlocal.address") }
    for intrinsic in intrinsics {
        var calls: [LLVMValueRef] = []
        var use = LLVMGetFirstUse(intrinsic)
        while let current = use {
            if let user = LLVMGetUser(current), LLVMIsACallInst(user) != nil { calls.append(user) }
            use = LLVMGetNextUse(current)
        }
        for call in calls {
            guard let variable = LLVMGetOperand(call, 0), LLVMIsAGlobalVariable(variable) != nil else { continue }
            let controlName = "__emutls_v." + valueName(variable)
            guard let control = LLVMGetNamedGlobal(module, controlName) else {
                throw LLVMError("cannot lower thread_local '\(valueName(variable))': no \(controlName)")
            }
            LLVMPositionBuilderBefore(builder, call)
            var argument: LLVMValueRef? = control
            let replacement = LLVMBuildCall2(builder, getAddressType, getAddress, &argument, 1, "")
            LLVMReplaceAllUsesWith(call, replacement)
            LLVMInstructionEraseFromParent(call)
        }
    }
    let threadLocals = llvmSequence(LLVMGetFirstGlobal(module), LLVMGetNextGlobal).filter { LLVMIsThreadLocal($0) != 0 }
    // Direct uses (e.g. C++ TLS initializers pass `@var` to a constructor) also mean "this thread's instance".
    for variable in threadLocals {
        guard let control = LLVMGetNamedGlobal(module, "__emutls_v." + valueName(variable)) else { continue }
        var users: [LLVMValueRef] = []
        var use = LLVMGetFirstUse(variable)
        while let current = use {
            if let user = LLVMGetUser(current), LLVMIsAInstruction(user) != nil, !users.contains(user) {
                users.append(user)
            }
            use = LLVMGetNextUse(current)
        }
        for user in users {
            for index in 0..<UInt32(max(0, LLVMGetNumOperands(user))) where LLVMGetOperand(user, index) == variable {
                if LLVMIsAPHINode(user) != nil {
                    LLVMPositionBuilderBefore(builder, LLVMGetBasicBlockTerminator(LLVMGetIncomingBlock(user, index)))
                } else {
                    LLVMPositionBuilderBefore(builder, user)
                }
                var argument: LLVMValueRef? = control
                LLVMSetOperand(user, index, LLVMBuildCall2(builder, getAddressType, getAddress, &argument, 1, ""))
            }
        }
    }
    for variable in threadLocals where LLVMGetFirstUse(variable) == nil {
        removed[valueName(variable)] = variableDeclarationText(variable, name: valueName(variable))
        LLVMDeleteGlobal(variable)
    }
    if let remaining = llvmSequence(LLVMGetFirstGlobal(module), LLVMGetNextGlobal)
        .first(where: { LLVMIsThreadLocal($0) != 0 }) {
        throw LLVMError("thread_local '\(valueName(remaining))' is used other than through llvm.threadlocal.address")
    }
    return removed
}
