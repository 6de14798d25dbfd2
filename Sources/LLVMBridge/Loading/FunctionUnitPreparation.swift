import CLLVM

/// A type as IR text; a named struct by its name (LLVM prints a named struct's whole definition).
func typeText(_ type: LLVMTypeRef) -> String {
    if LLVMGetTypeKind(type) == LLVMStructTypeKind, let name = LLVMGetStructName(type) {
        return "%" + String(quotedGlobal(String(cString: name)).dropFirst())
    }
    return LLVMError.takeMessage(LLVMPrintTypeToString(type))
}

/// IR text for an external declaration of a global variable (`@"name" = external global TYPE, align N`).
func variableDeclarationText(_ variable: LLVMValueRef, name: String) -> String {
    let type = typeText(LLVMGlobalGetValueType(variable))
    let addressSpace = LLVMGetPointerAddressSpace(LLVMTypeOf(variable))
    let isVariable = LLVMIsAGlobalVariable(variable) != nil
    var tls = ""
    switch isVariable ? LLVMGetThreadLocalMode(variable) : LLVMNotThreadLocal {
    case LLVMNotThreadLocal: tls = ""
    case LLVMLocalDynamicTLSModel: tls = "thread_local(localdynamic) "
    case LLVMInitialExecTLSModel: tls = "thread_local(initialexec) "
    case LLVMLocalExecTLSModel: tls = "thread_local(localexec) "
    default: tls = "thread_local "
    }
    let weak = LLVMGetLinkage(variable) == LLVMExternalWeakLinkage ? "extern_weak" : "external"
    let space = addressSpace == 0 ? "" : "addrspace(\(addressSpace)) "
    let alignment = isVariable ? LLVMGetAlignment(variable) : 0
    let align = alignment > 0 ? ", align \(alignment)" : ""
    return "\(quotedGlobal(name)) = \(weak) \(tls)\(space)global \(type)\(align)"
}

/// `@name`, quoted and escaped when the name needs it.
func quotedGlobal(_ name: String) -> String {
    let plain = !name.isEmpty && name.utf8.allSatisfy { TextIRIndex.isNameByte($0) } && !(name.first!.isNumber)
    if plain { return "@" + name }
    var escaped = "@\""
    for byte in name.utf8 {
        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x7F {
            let hex = String(byte, radix: 16, uppercase: true)
            escaped += "\\" + (hex.count == 1 ? "0" + hex : hex)
        } else {
            escaped.unicodeScalars.append(Unicode.Scalar(byte))
        }
    }
    return escaped + "\""
}

extension ProgramModule {
    /// A declaration, in IR text with the source name, of the global (variable, alias) the source called `name`.
    func declarationText(forOriginalName name: String) -> [UInt8]? {
        if let text = threadLocalDeclarations[name] { return Array(text.utf8) }
        let linkName = renamedSymbols[name] ?? name
        if let variable = LLVMGetNamedGlobal(source.module, linkName) {
            return Array(variableDeclarationText(variable, name: name).utf8)
        }
        if let alias = LLVMGetNamedGlobalAlias(source.module, linkName, linkName.utf8.count) {
            let valueType = LLVMGlobalGetValueType(alias)!
            guard LLVMGetTypeKind(valueType) == LLVMFunctionTypeKind else {
                return Array(variableDeclarationText(alias, name: name).utf8)
            }
            let returnType = typeText(LLVMGetReturnType(valueType))
            var parameters = [LLVMTypeRef?](repeating: nil, count: Int(LLVMCountParamTypes(valueType)))
            parameters.withUnsafeMutableBufferPointer { LLVMGetParamTypes(valueType, $0.baseAddress) }
            var list = parameters.map { typeText($0!) }
            if LLVMIsFunctionVarArg(valueType) != 0 { list.append("...") }
            return Array("declare \(returnType) \(quotedGlobal(name))(\(list.joined(separator: ", ")))".utf8)
        }
        return nil
    }

    /// Prepares a function unit parsed from the file's text the way preparation treated the whole module: debug info
    /// dropped (unless `keepDebugInfo`), emulated TLS, names renamed as in the skeleton, `atexit`/`exit` redirected. The function defined in
    /// it (`definedFunction`, its source name) is renamed `symbol`; its own uses go to a declaration of
    /// `preparedName` (the stub), so its address is the same everywhere.
    func prepareUnit(_ unit: IRModule, definedFunction: String, preparedName: String, symbol: String,
                     keepDebugInfo: Bool) throws {
        if !keepDebugInfo { unit.stripDebugInfo() }
        let module = unit.module
        if llvmSequence(LLVMGetFirstGlobal(module), LLVMGetNextGlobal).contains(where: { LLVMIsThreadLocal($0) != 0 }) {
            _ = try lowerThreadLocals(in: unit)
        }
        guard let function = LLVMGetNamedFunction(module, definedFunction), LLVMIsDeclaration(function) == 0 else {
            throw LLVMError("internal error: the unit of '\(definedFunction)' does not define it")
        }
        LLVMSetValueName2(function, symbol, symbol.utf8.count)
        LLVMSetLinkage(function, LLVMExternalLinkage)
        LLVMSetVisibility(function, LLVMDefaultVisibility)
        LLVMSetComdat(function, nil)

        let globals = Array(llvmSequence(LLVMGetFirstFunction(module), LLVMGetNextFunction))
            + Array(llvmSequence(LLVMGetFirstGlobal(module), LLVMGetNextGlobal))
        for global in globals where global != function {
            let name = valueName(global)
            if let renamed = renamedSymbols[name] {
                LLVMSetValueName2(global, renamed, renamed.utf8.count)
            } else if let redirected = redirections[name], LLVMIsDeclaration(global) != 0 {
                LLVMSetValueName2(global, redirected, redirected.utf8.count)
            }
        }
        if LLVMGetFirstUse(function) != nil {
            let stub = LLVMAddFunction(module, preparedName, LLVMGlobalGetValueType(function))!
            copyAttributes(from: function, to: stub)
            LLVMSetFunctionCallConv(stub, LLVMGetFunctionCallConv(function))
            LLVMReplaceAllUsesWith(function, stub)
        }
    }
}
