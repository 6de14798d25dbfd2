// Why this file exists: optimized code should call optimized code directly, not through stubs; this pass redirects
// a unit's direct calls while every other use keeps naming the stub.
import CLLVM

extension IRModule {
    /// Makes direct calls to function `K` call function `V` instead, for each pair in `targets`: a hot function's
    /// calls to itself go straight to its own optimized body, and calls to callees that are already optimized skip
    /// their stubs. Only call and invoke *targets* change; every other use (an address taken, stored, compared) keeps
    /// naming the stub, so `&f` stays one value. `V` is declared when the module lacks it.
    public func redirectCalls(_ targets: [String: String]) {
        for (from, to) in targets where from != to {
            guard let original = LLVMGetNamedFunction(module, from) else { continue }
            var calls: [LLVMValueRef] = []
            var use = LLVMGetFirstUse(original)
            while let current = use {
                if let user = LLVMGetUser(current), LLVMIsACallInst(user) != nil || LLVMIsAInvokeInst(user) != nil,
                   LLVMGetCalledValue(user) == original {
                    calls.append(user)
                }
                use = LLVMGetNextUse(current)
            }
            guard !calls.isEmpty else { continue }
            let target: LLVMValueRef
            if let existing = LLVMGetNamedFunction(module, to) {
                target = existing
            } else {
                target = LLVMAddFunction(module, to, LLVMGlobalGetValueType(original))!
                copyAttributes(from: original, to: target)
                LLVMSetFunctionCallConv(target, LLVMGetFunctionCallConv(original))
            }
            guard LLVMGlobalGetValueType(target) == LLVMGlobalGetValueType(original) else { continue }
            for call in calls {
                // The callee is a call's (and an invoke's) last operand.
                LLVMSetOperand(call, UInt32(LLVMGetNumOperands(call) - 1), target)
            }
        }
    }
}
