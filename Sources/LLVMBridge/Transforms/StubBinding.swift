// Why this file exists: a removable module's names must be bound to its stubs in a way that can be taken back, and
// ORC's C API cannot: symbols defined with `LLVMOrcAbsoluteSymbols` land in the JITDylib's default resource
// tracker, which cannot be removed in part, and JITLink does not link ELF absolute symbols from an object. So ORC
// never sees a function's name: every unit's references to functions hotjit knows are bound to their stubs'
// addresses before code generation, and a removed module's names are simply forgotten by the registry.
import CLLVM

extension IRModule {
    /// Names of the functions this module declares but does not define (intrinsics left out), except those used as
    /// a personality function (code generation needs a symbol there: they stay declarations for ORC to resolve).
    public var boundableFunctionDeclarations: [String] {
        let functions = Array(llvmSequence(LLVMGetFirstFunction(module), LLVMGetNextFunction))
        let personalities = Set(functions.compactMap { function -> LLVMValueRef? in
            guard LLVMIsDeclaration(function) == 0, LLVMHasPersonalityFn(function) != 0 else { return nil }
            return LLVMGetPersonalityFn(function)
        }.map { valueName($0) })
        return functions.compactMap { function in
            guard LLVMIsDeclaration(function) != 0, LLVMGetIntrinsicID(function) == 0 else { return nil }
            let name = valueName(function)
            return personalities.contains(name) ? nil : name
        }
    }

    /// Replaces each declared function in `addresses` by its address (a constant `inttoptr`, in calls and in data
    /// alike) and deletes the declaration, so the object refers to no symbol of that name.
    public func bindFunctionDeclarations(_ addresses: [String: UInt64]) {
        guard !addresses.isEmpty else { return }
        let int64 = LLVMInt64TypeInContext(context.ref)
        for name in addresses.keys.sorted() {
            guard let function = LLVMGetNamedFunction(module, name), LLVMIsDeclaration(function) != 0,
                  let address = addresses[name] else { continue }
            let constant = LLVMConstIntToPtr(LLVMConstInt(int64, address, 0), LLVMTypeOf(function))
            LLVMReplaceAllUsesWith(function, constant)
            LLVMDeleteFunction(function)
        }
    }

    /// Renames each declared function in `symbols` to its symbol there, for code that must not hold this run's
    /// addresses (a persistent cache's objects): the session resolves the symbols when it links the object.
    public func bindFunctionDeclarations(toSymbols symbols: [String: String]) {
        for name in symbols.keys.sorted() {
            guard let function = LLVMGetNamedFunction(module, name), LLVMIsDeclaration(function) != 0,
                  let symbol = symbols[name] else { continue }
            if let existing = LLVMGetNamedFunction(module, symbol) {
                LLVMReplaceAllUsesWith(function, existing)
                LLVMDeleteFunction(function)
            } else {
                LLVMSetValueName2(function, symbol, symbol.utf8.count)
            }
        }
    }

    /// Identifiers that appear in the module's assembly (module-level `asm` and inline `asm` calls), for names only
    /// assembly refers to (`jmp handler`): binding cannot reach those, so they need a symbol.
    public var namesInAssembly: Set<String> {
        var texts: [String] = []
        var length = 0
        if let moduleAsm = LLVMGetModuleInlineAsm(module, &length), length > 0 {
            texts.append(String(decoding: UnsafeRawBufferPointer(start: moduleAsm, count: length), as: UTF8.self))
        }
        for function in llvmSequence(LLVMGetFirstFunction(module), LLVMGetNextFunction) {
            for block in llvmSequence(LLVMGetFirstBasicBlock(function), LLVMGetNextBasicBlock) {
                for instruction in llvmSequence(LLVMGetFirstInstruction(block), LLVMGetNextInstruction)
                where LLVMIsACallInst(instruction) != nil || LLVMIsACallBrInst(instruction) != nil {
                    guard let callee = LLVMGetCalledValue(instruction), LLVMIsAInlineAsm(callee) != nil,
                          let text = LLVMGetInlineAsmAsmString(callee, &length) else { continue }
                    texts.append(String(decoding: UnsafeRawBufferPointer(start: text, count: length), as: UTF8.self))
                }
            }
        }
        var names: Set<String> = []
        let identifier = { (c: Character) in c.isLetter || c.isNumber || c == "_" || c == "." || c == "$" }
        for text in texts {
            for word in text.split(whereSeparator: { !identifier($0) }) where !(word.first?.isNumber ?? true) {
                names.insert(String(word))
            }
        }
        return names
    }
}
