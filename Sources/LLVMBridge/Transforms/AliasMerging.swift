// Why this file exists: a unit sees an alias only as a declaration, and the optimizer takes two declared globals for
// two objects; this pass makes units name an alias's target instead.
import CLLVM

extension IRModule {
    /// Makes the unit name what an alias aliases wherever it names the alias: a unit sees aliases only as
    /// declarations, and the optimizer takes two declared globals for two objects (it folded `&alias == &target` to
    /// false and kept a value loaded through one name across a store through the other). `targets` maps an alias's
    /// link name to the global it stands for (its final target, no offset); the declaration is renamed to the target,
    /// or replaced by the target where the unit already has it.
    public func mergeAliases(_ targets: [String: String]) {
        guard !targets.isEmpty else { return }
        let declarations = Array(llvmSequence(LLVMGetFirstFunction(module), LLVMGetNextFunction))
            + Array(llvmSequence(LLVMGetFirstGlobal(module), LLVMGetNextGlobal))
        for declaration in declarations where LLVMIsDeclaration(declaration) != 0 {
            guard let target = targets[valueName(declaration)] else { continue }
            if let existing = LLVMGetNamedFunction(module, target) ?? LLVMGetNamedGlobal(module, target) {
                LLVMReplaceAllUsesWith(declaration, existing)
                if LLVMIsAFunction(declaration) != nil {
                    LLVMDeleteFunction(declaration)
                } else {
                    LLVMDeleteGlobal(declaration)
                }
            } else {
                LLVMSetValueName2(declaration, target, target.utf8.count)
            }
        }
    }
}
