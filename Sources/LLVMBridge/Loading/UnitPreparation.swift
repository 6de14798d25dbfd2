// Why this file exists: a program is compiled as many small modules (a data module and one unit per function), and
// each must be prepared exactly like the whole module was, or separately compiled pieces would not link: the same
// debug-info treatment, the same emulated TLS, the same link names. These are those steps, used by the whole-module
// preparation (`ProgramModule.init`) and by each unit parsed from deferred text (`prepareDeferredUnit`).
import CLLVM

/// The preparation steps every module hotjit compiles goes through, whole or one function at a time.
enum UnitPreparation {
    /// Drops all debug info, or with `keep` only the compile units' module-wide lists (see `CompileUnitSlimming`).
    static func prepareDebugInfo(of module: IRModule, keep: Bool) {
        if keep { CompileUnitSlimming.slimCompileUnits(of: module.module) } else { module.stripDebugInfo() }
    }

    /// Lowers `thread_local` variables to emulated TLS (see `lowerThreadLocals`), when there are any; returns the
    /// declarations of the variables it replaced, by name.
    static func lowerThreadLocalsIfAny(in module: IRModule) throws -> [String: String] {
        let hasThreadLocals = llvmSequence(LLVMGetFirstGlobal(module.module), LLVMGetNextGlobal)
            .contains { LLVMIsThreadLocal($0) != 0 }
        return hasThreadLocals ? try lowerThreadLocals(in: module) : [:]
    }

    /// Gives functions and global variables their link names: `renamed` maps a name in the source to its link name;
    /// function declarations named in `redirections` are renamed (all references follow: how hotjit binds a
    /// program's `atexit` or `exit` to its own versions). `except` keeps its name.
    static func applyLinkNames(in module: LLVMModuleRef, renamed: [String: String], redirections: [String: String],
                               except: LLVMValueRef? = nil) {
        let globals = Array(llvmSequence(LLVMGetFirstFunction(module), LLVMGetNextFunction))
            + Array(llvmSequence(LLVMGetFirstGlobal(module), LLVMGetNextGlobal))
        for global in globals where global != except {
            let name = valueName(global)
            if let linkName = renamed[name] {
                LLVMSetValueName2(global, linkName, linkName.utf8.count)
            } else if let redirected = redirections[name], LLVMIsAFunction(global) != nil,
                      LLVMIsDeclaration(global) != 0 {
                LLVMSetValueName2(global, redirected, redirected.utf8.count)
            }
        }
    }
}

extension UnitPreparation {
    /// Makes `function`'s uses `replacement`'s, except its block addresses (`blockaddress(@f, %bb)` names one of its
    /// own blocks and must stay with the body: a deferred unit may hold the function's dispatch table).
    /// Its address in another constant beside them is not handled (an error, not a second address).
    static func replaceUses(of function: LLVMValueRef, with replacement: LLVMValueRef) throws {
        let users = llvmSequence(LLVMGetFirstUse(function), LLVMGetNextUse).compactMap { LLVMGetUser($0) }
        guard users.contains(where: { LLVMIsABlockAddress($0) != nil }) else {
            LLVMReplaceAllUsesWith(function, replacement)
            return
        }
        for user in Set(users) where LLVMIsABlockAddress(user) == nil {
            guard LLVMIsAInstruction(user) != nil else {
                throw LLVMError("'\(valueName(function))' takes its blocks' addresses and is named in a constant; "
                                + "compile it with --eager-parse")
            }
            for operand in 0..<UInt32(max(0, LLVMGetNumOperands(user)))
            where LLVMGetOperand(user, operand) == function {
                LLVMSetOperand(user, operand, replacement)
            }
        }
    }
}

extension ProgramModule {
    /// Prepares a function unit parsed from the file's text the way preparation treated the whole module (debug info,
    /// emulated TLS, link names, redirections). The function defined in it (`definedFunction`, its source name) is
    /// renamed `symbol`; its own uses go to a declaration of `preparedName` (the stub), so its address is the same
    /// everywhere.
    func prepareDeferredUnit(_ unit: IRModule, definedFunction: String, companions: [String] = [],
                             preparedName: String, symbol: String, keepDebugInfo: Bool) throws {
        // Companions (source names) are compiled here, not copies: lowered like the unit's own function (LLVM's
        // entry/exit instrumentation passes over `available_externally` bodies).
        for name in companions {
            if let copy = LLVMGetNamedFunction(unit.module, name) { LLVMSetLinkage(copy, LLVMExternalLinkage) }
        }
        UnitPreparation.prepareDebugInfo(of: unit, keep: keepDebugInfo)
        _ = try UnitPreparation.lowerThreadLocalsIfAny(in: unit)
        try UnitPreparation.lowerEntryExitInstrumentation(in: unit)
        let module = unit.module
        guard let function = LLVMGetNamedFunction(module, definedFunction), LLVMIsDeclaration(function) == 0 else {
            throw LLVMError("internal error: the unit of '\(definedFunction)' does not define it")
        }
        UnitPreparation.rename(function, to: symbol)
        UnitPreparation.applyLinkNames(in: module, renamed: renamedSymbols, redirections: redirections,
                                       except: function)
        try UnitPreparation.sendUses(of: function, toStub: preparedName, in: module)
    }
}

extension UnitPreparation {
    /// Makes `function` the unit's definition of a version: named `symbol`, external, default visibility, no comdat.
    static func rename(_ function: LLVMValueRef, to symbol: String) {
        LLVMSetValueName2(function, symbol, symbol.utf8.count)
        LLVMSetLinkage(function, LLVMExternalLinkage)
        LLVMSetVisibility(function, LLVMDefaultVisibility)
        LLVMSetComdat(function, nil)
    }

    /// Sends the uses of `function` (a renamed definition) to a declaration of `stubName`, its stub: a function's
    /// address is the same everywhere, and calls reach whatever version the stub leads to.
    static func sendUses(of function: LLVMValueRef, toStub stubName: String, in module: LLVMModuleRef) throws {
        guard LLVMGetFirstUse(function) != nil else { return }
        guard let stub = LLVMAddFunction(module, stubName, LLVMGlobalGetValueType(function)) else {
            throw LLVMError("internal error: cannot declare '\(stubName)'")
        }
        copyAttributes(from: function, to: stub)
        LLVMSetFunctionCallConv(stub, LLVMGetFunctionCallConv(function))
        try replaceUses(of: function, with: stub)
    }
}

extension IRModule {
    /// Makes the copy of function `name` this unit holds (`available_externally`, brought along as a companion) a
    /// definition of its own named `symbol`, the way the unit's own function is one: the unit then compiles both.
    /// Uses of it in the unit still go to `name` (its stub). Throws when the unit holds no body of `name`.
    public func defineCompanion(_ name: String, as symbol: String) throws {
        guard let function = LLVMGetNamedFunction(module, name), LLVMIsDeclaration(function) == 0 else {
            throw LLVMError("internal error: the unit holds no body of companion '\(name)'")
        }
        UnitPreparation.rename(function, to: symbol)
        try UnitPreparation.sendUses(of: function, toStub: name, in: module)
    }
}
