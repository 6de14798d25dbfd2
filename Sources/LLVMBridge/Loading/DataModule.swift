// Why this file exists: a program's global variables are compiled and linked at once, as one module of data, while
// its functions wait to be called; this builds that module from the prepared program.
import CLLVM

extension ProgramModule {
    /// A module defining this module's global variables (but those in `skipping`, and those owned by a function
    /// through block addresses) and aliases of variables; everything else is declared and resolved by name.
    public func makeDataModule(name: String, skipping: Set<String>) throws -> IRModule {
        let data = IRModule(name: name, context: source.context, triple: source.triple, dataLayout: source.dataLayout)
        copyModuleFlags(to: data)
        let destination = data.module
        var defined: [(LLVMValueRef, LLVMValueRef)] = []
        for variable in globalVariables {
            let variableName = valueName(variable)
            guard LLVMIsDeclaration(variable) == 0, !Self.isReserved(variableName), !skipping.contains(variableName),
                  blockAddressOwners[variableName] == nil,
                  LLVMGetLinkage(variable) != LLVMAvailableExternallyLinkage else { continue }
            let copy = declareVariable(like: variable, in: destination)
            LLVMSetLinkage(copy, LLVMGetLinkage(variable))
            LLVMSetSection(copy, LLVMGetSection(variable))
            LLVMSetUnnamedAddress(copy, LLVMGetUnnamedAddress(variable))
            LLVMSetExternallyInitialized(copy, LLVMIsExternallyInitialized(variable))
            defined.append((variable, copy))
        }
        let mapper = ValueMapper(destination: destination) { [unowned self] global in
            try self.declare(global, in: destination)
        }
        for (variable, copy) in defined {
            if let initializer = LLVMGetInitializer(variable) { LLVMSetInitializer(copy, try mapper.map(initializer)) }
        }
        for alias in aliases {
            let aliasName = valueName(alias)
            guard !skipping.contains(aliasName), let aliasee = LLVMAliasGetAliasee(alias),
                  !(stripCasts(aliasee).map { LLVMIsAFunction($0) != nil } ?? false) else { continue }
            let type = LLVMGlobalGetValueType(alias)
            let copy = LLVMAddAlias2(destination, type, LLVMGetPointerAddressSpace(LLVMTypeOf(alias)),
                                     try mapper.map(aliasee), aliasName)
            LLVMSetLinkage(copy, LLVMGetLinkage(alias))
        }
        return data
    }
}
