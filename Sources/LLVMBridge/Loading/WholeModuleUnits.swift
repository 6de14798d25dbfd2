// Why this file exists: when a module was parsed whole (bitcode, eager loading, or text the index does not handle),
// a function's unit is cut out of it by cloning the function into a fresh module that declares everything else.
// This is that loader's side of `ProgramSource`; `TextIRProgram` is the deferred-text side.
import CLLVM

extension ProgramModule: ProgramSource {
    var preparedModule: ProgramModule { self }

    /// Function `name` as a module of its own in a fresh context, its definition named `symbol`; with `inlineLimit`
    /// > 0, bodies of up to that many callees come along (`available_externally`) for inlining. The clone is made
    /// under `extractionLock` in this module's context and moved to the fresh one as bitcode.
    func functionUnit(_ name: String, as symbol: String, ownedSuffix: String, inlineLimit: Int,
                      companions: [String]) throws -> IRModule {
        let bitcode: MemoryBuffer = try whileAwake {
            try unitInThisContext(name, as: symbol, ownedSuffix: ownedSuffix, inlineLimit: inlineLimit,
                                  companions: companions).bitcode()
        }
        return try IRModule.parse(bitcode, context: IRContext())
    }

    /// With `inProgramContext`, the clone itself, in this module's context: `body` runs under `extractionLock`, and
    /// the unit is disposed before the lock is released (other units read the context meanwhile). That saves the
    /// bitcode copy, two thirds of a small unit's preparation.
    func withFunctionUnit<T>(_ name: String, as symbol: String, ownedSuffix: String, inlineLimit: Int,
                             companions: [String], inProgramContext: Bool,
                             _ body: (IRModule) throws -> T) throws -> T {
        guard inProgramContext else {
            return try body(functionUnit(name, as: symbol, ownedSuffix: ownedSuffix, inlineLimit: inlineLimit,
                                         companions: companions))
        }
        return try whileAwake {
            let unit = try unitInThisContext(name, as: symbol, ownedSuffix: ownedSuffix, inlineLimit: inlineLimit,
                                             companions: companions)
            defer { unit.dispose() }
            return try body(unit)
        }
    }

    /// The unit's clone in this module's context (under `extractionLock`): companions and up to `inlineLimit`
    /// inlining candidates as `available_externally` bodies.
    private func unitInThisContext(_ name: String, as symbol: String, ownedSuffix: String, inlineLimit: Int,
                                   companions: [String]) throws -> IRModule {
        let callees = inlineLimit > 0 ? directCallees(of: name, depth: inlineCandidateDepth, limit: inlineLimit) : []
        return try extractFunction(name, as: symbol, ownedSuffix: ownedSuffix,
                                   availableExternally: companions + callees.filter { !companions.contains($0) })
    }

    func companionCandidates(of name: String, limit: Int) -> [String] {
        (try? whileAwake {
            let owners = Set(blockAddressOwners.values)
            return CalleeWalk.candidates(of: name, depth: companionDepth, limit: limit,
                                         largestTextBytes: CalleeWalk.largestCompanionTextBytes,
                                         callees: { directCalleesWithBodies(of: $0).filter { !owners.contains($0) } },
                                         textBytes: textBytes(ofFunction:))
        }) ?? []
    }

    /// A module holding a copy of function `name` named `newName`; every other global value is declared by name
    /// (calls to functions reach their stubs), except block-address tables owned by the function, which are copied
    /// in under their name + `ownedSuffix`.
    public func extractFunction(_ name: String, as newName: String, ownedSuffix: String,
                                availableExternally: [String] = []) throws -> IRModule {
        guard let function = LLVMGetNamedFunction(module, name), LLVMIsDeclaration(function) == 0 else {
            throw LLVMError("no function body named '\(name)'")
        }
        let unit = IRModule(name: newName, context: source.context, triple: source.triple,
                            dataLayout: source.dataLayout)
        copyModuleFlags(to: unit)
        let destination = unit.module
        guard let clone = LLVMAddFunction(destination, newName, LLVMGlobalGetValueType(function)) else {
            throw LLVMError("internal error: cannot add '\(newName)' to its unit")
        }
        var ownedCopies: [(LLVMValueRef, LLVMValueRef)] = []
        let mapper = ValueMapper(destination: destination) { [unowned self] global in
            let globalName = valueName(global)
            if LLVMIsAGlobalVariable(global) != nil, let owner = blockAddressOwners[globalName] {
                guard owner == name else {
                    throw LLVMError("'\(globalName)' holds block addresses of '\(owner)' but is used by '\(name)'")
                }
                let copy = self.declareVariable(like: global, in: destination, name: globalName + ownedSuffix)
                LLVMSetLinkage(copy, LLVMInternalLinkage)
                ownedCopies.append((global, copy))
                return copy
            }
            return try self.declare(global, in: destination)
        }
        // Bodies the optimizer may inline; calls it does not inline still reach the callee's stub (same name).
        var calleeCopies: [(LLVMValueRef, LLVMValueRef)] = []
        for callee in availableExternally where callee != name && blockAddressOwners.values.contains(callee) == false {
            guard let original = LLVMGetNamedFunction(module, callee), LLVMIsDeclaration(original) == 0 else {
                continue
            }
            let copy = LLVMAddFunction(destination, callee, LLVMGlobalGetValueType(original))!
            calleeCopies.append((original, copy))
        }
        try FunctionCloner(mapper: mapper, context: source.context).cloneBody(of: function, into: clone)
        for (original, copy) in calleeCopies {
            let calleeMapper = ValueMapper(destination: destination) { [unowned self] global in
                try self.declare(global, in: destination)
            }
            try FunctionCloner(mapper: calleeMapper, context: source.context).cloneBody(of: original, into: copy)
            LLVMSetLinkage(copy, LLVMAvailableExternallyLinkage)
        }
        for (original, copy) in ownedCopies {
            if let initializer = LLVMGetInitializer(original) { LLVMSetInitializer(copy, try mapper.map(initializer)) }
        }
        if LLVMGetSubprogram(clone) != nil || calleeCopies.contains(where: { LLVMGetSubprogram($0.1) != nil }) {
            for compileUnit in CompileUnitSlimming.compileUnits(of: module) {
                LLVMAddNamedMetadataOperand(destination, "llvm.dbg.cu", compileUnit)
            }
        }
        return unit
    }


    /// Functions with bodies in this module that `name` calls directly, nearest first, breadth-first to `depth`
    /// levels and at most `limit` of them, none larger than the walk allows: the inlining candidates of an optimized
    /// compile (see `CalleeWalk`).
    public func directCallees(of name: String, depth: Int, limit: Int) -> [String] {
        CalleeWalk.candidates(of: name, depth: depth, limit: limit, callees: directCalleesWithBodies(of:),
                              textBytes: textBytes(ofFunction:))
    }

    /// The functions with bodies that `name`'s calls and invokes name as their callee, in instruction order.
    private func directCalleesWithBodies(of name: String) -> [String] {
        guard let function = LLVMGetNamedFunction(module, name) else { return [] }
        var callees: [String] = []
        for block in llvmSequence(LLVMGetFirstBasicBlock(function), LLVMGetNextBasicBlock) {
            for instruction in llvmSequence(LLVMGetFirstInstruction(block), LLVMGetNextInstruction)
            where LLVMIsACallInst(instruction) != nil || LLVMIsAInvokeInst(instruction) != nil {
                guard let callee = LLVMGetCalledValue(instruction), LLVMIsAFunction(callee) != nil,
                      LLVMIsDeclaration(callee) == 0 else { continue }
                let calleeName = valueName(callee)
                if !calleeName.hasPrefix("llvm.") { callees.append(calleeName) }
            }
        }
        return callees
    }

    /// The size of function `name` as IR text, estimated from its instruction count once per function (the module
    /// no longer changes). Printing it would cost the whole module each time: LLVM's printer numbers the metadata of
    /// every function in the module before it prints one, and that, under `extractionLock`, held tier-0 compiles up.
    private func textBytes(ofFunction name: String) -> Int {
        if let known = functionTextBytes[name] { return known }
        var instructions = 0
        if let function = LLVMGetNamedFunction(module, name) {
            for block in llvmSequence(LLVMGetFirstBasicBlock(function), LLVMGetNextBasicBlock) {
                for _ in llvmSequence(LLVMGetFirstInstruction(block), LLVMGetNextInstruction) { instructions += 1 }
            }
        }
        let bytes = instructions * CalleeWalk.textBytesPerInstruction
        functionTextBytes[name] = bytes
        return bytes
    }

    /// A declaration in `destination` standing for `global` (a function, variable, alias or ifunc of this module).
    func declare(_ global: LLVMValueRef, in destination: LLVMModuleRef) throws -> LLVMValueRef {
        let name = valueName(global)
        let valueType = LLVMGlobalGetValueType(global)!
        let isFunction = LLVMGetTypeKind(valueType) == LLVMFunctionTypeKind
        if isFunction {
            if let existing = LLVMGetNamedFunction(destination, name) { return existing }
            let declaration = LLVMAddFunction(destination, name, valueType)!
            if LLVMIsAFunction(global) != nil {
                copyAttributes(from: global, to: declaration)
                LLVMSetFunctionCallConv(declaration, LLVMGetFunctionCallConv(global))
            }
            if LLVMGetLinkage(global) == LLVMExternalWeakLinkage {
                LLVMSetLinkage(declaration, LLVMExternalWeakLinkage)
            }
            return declaration
        }
        if let existing = LLVMGetNamedGlobal(destination, name) { return existing }
        if LLVMIsAGlobalVariable(global) != nil { return declareVariable(like: global, in: destination) }
        let declaration = LLVMAddGlobalInAddressSpace(destination, valueType, name,
                                                      LLVMGetPointerAddressSpace(LLVMTypeOf(global)))!
        return declaration
    }

    /// A variable in `destination` with `variable`'s type, address space, TLS mode, alignment and constness.
    func declareVariable(like variable: LLVMValueRef, in destination: LLVMModuleRef,
                         name: String? = nil) -> LLVMValueRef {
        let copy = LLVMAddGlobalInAddressSpace(destination, LLVMGlobalGetValueType(variable),
                                               name ?? valueName(variable),
                                               LLVMGetPointerAddressSpace(LLVMTypeOf(variable)))!
        LLVMSetThreadLocalMode(copy, LLVMGetThreadLocalMode(variable))
        LLVMSetAlignment(copy, LLVMGetAlignment(variable))
        LLVMSetGlobalConstant(copy, LLVMIsGlobalConstant(variable))
        if LLVMGetLinkage(variable) == LLVMExternalWeakLinkage { LLVMSetLinkage(copy, LLVMExternalWeakLinkage) }
        return copy
    }

    func copyModuleFlags(to destination: IRModule) {
        var count = 0
        guard let flags = LLVMCopyModuleFlagsMetadata(module, &count) else { return }
        defer { LLVMDisposeModuleFlagsMetadata(flags) }
        for index in 0..<UInt32(count) {
            var keyLength = 0
            let key = LLVMModuleFlagEntriesGetKey(flags, index, &keyLength)
            LLVMAddModuleFlag(destination.module, LLVMModuleFlagEntriesGetFlagBehavior(flags, index), key, keyLength,
                              LLVMModuleFlagEntriesGetMetadata(flags, index))
        }
    }
}

