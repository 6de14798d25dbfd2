import CLLVM

/// A loaded module prepared for lazy, per-function compilation.
///
/// Preparation (once, at load): verify; drop debug info (unless `keepDebugInfo`: then each extracted function
/// keeps its own, and its module names the compile units); lower `thread_local` variables to emulated TLS (so the
/// per-function objects need no TLS relocations, which an in-process linker without a platform cannot resolve);
/// give every internal, private or unnamed global value a module-unique external name, so that separately compiled
/// functions can refer to each other and to the data by name.
///
/// Afterwards the module is only read: `makeDataModule` copies the global variables into a module of their own (data
/// only, compiled at once), `extractFunction` copies one function into a fresh module (a lazy-compile unit). Both refer
/// to every other global value by name. Not thread-safe: callers serialize on the program's lock.
public final class ProgramModule: @unchecked Sendable {
    public let source: IRModule
    public private(set) var symbols: [GlobalSymbol] = []
    /// Global variables whose initializer takes a block address of a function: they can only live in that
    /// function's own module (name of variable -> name of function).
    public private(set) var blockAddressOwners: [String: String] = [:]
    /// Every global value preparation renamed: name in the source -> link name.
    public private(set) var renamedSymbols: [String: String] = [:]
    /// Declarations (IR text, source names) of the `thread_local` variables emulated TLS replaced.
    private(set) var threadLocalDeclarations: [String: String] = [:]
    let redirections: [String: String]

    /// Parses and prepares `buffer`; `uniqueSuffix` (e.g. `.hj1`) makes local names unique across modules.
    /// Modules without a triple or data layout get the host's (`defaultTriple`, `defaultDataLayout`).
    /// Declarations named in `redirecting` are renamed (all references follow): how hotjit binds a program's
    /// `atexit` or `exit` to its own versions.
    public init(parsing buffer: MemoryBuffer, context: IRContext, uniqueSuffix: String,
                defaultTriple: String, defaultDataLayout: String, redirecting: [String: String] = [:],
                providedElsewhere: (String) -> Bool = { _ in false }, keepDebugInfo: Bool = false) throws {
        source = try IRModule.parse(buffer, context: context)
        redirections = redirecting
        if source.triple.isEmpty { source.triple = defaultTriple }
        if source.dataLayout.isEmpty { source.dataLayout = defaultDataLayout }
        if let failure = source.verificationFailure() {
            throw LLVMError("invalid module: \(failure)")
        }
        if keepDebugInfo { dropModuleWideDebugInfo() } else { source.stripDebugInfo() }
        if hasThreadLocalVariables { threadLocalDeclarations = try lowerThreadLocals(in: source) }
        resolveAvailableExternally(providedElsewhere: providedElsewhere)
        renameLocalSymbols(suffix: uniqueSuffix)
        redirectDeclarations(redirecting)
        collectSymbols()
    }

    private var module: LLVMModuleRef { source.module }

    private var globalVariables: [LLVMValueRef] { Array(llvmSequence(LLVMGetFirstGlobal(module), LLVMGetNextGlobal)) }
    private var functions: [LLVMValueRef] { Array(llvmSequence(LLVMGetFirstFunction(module), LLVMGetNextFunction)) }
    private var aliases: [LLVMValueRef] { Array(llvmSequence(LLVMGetFirstGlobalAlias(module), LLVMGetNextGlobalAlias)) }
    private var ifuncs: [LLVMValueRef] { Array(llvmSequence(LLVMGetFirstGlobalIFunc(module), LLVMGetNextGlobalIFunc)) }

    private var hasThreadLocalVariables: Bool { globalVariables.contains { LLVMIsThreadLocal($0) != 0 } }

    private static func isReserved(_ name: String) -> Bool { name.hasPrefix("llvm.") }

    private func renameLocalSymbols(suffix: String) {
        var anonymous = 0
        for value in globalVariables + functions + aliases + ifuncs {
            let name = valueName(value)
            if Self.isReserved(name) { continue }
            let linkage = LLVMGetLinkage(value)
            let isLocal = linkage == LLVMInternalLinkage || linkage == LLVMPrivateLinkage
            guard isLocal || name.isEmpty else { continue }
            let base = name.isEmpty ? "__hotjit_anon\(anonymous)" : name
            if name.isEmpty { anonymous += 1 }
            LLVMSetValueName2(value, base + suffix, (base + suffix).utf8.count)
            if !name.isEmpty { renamedSymbols[name] = base + suffix }
            LLVMSetLinkage(value, LLVMExternalLinkage)
            LLVMSetVisibility(value, LLVMDefaultVisibility)
        }
    }

    private func redirectDeclarations(_ redirections: [String: String]) {
        for (from, to) in redirections {
            guard let function = LLVMGetNamedFunction(module, from), LLVMIsDeclaration(function) != 0 else { continue }
            LLVMSetValueName2(function, to, to.utf8.count)
        }
    }

    private func collectSymbols() {
        func replaceable(_ value: LLVMValueRef) -> Bool {
            switch LLVMGetLinkage(value) {
            case LLVMLinkOnceAnyLinkage, LLVMLinkOnceODRLinkage, LLVMWeakAnyLinkage, LLVMWeakODRLinkage, LLVMCommonLinkage:
                return true
            default:
                return false
            }
        }
        var sourceNames: [String: String] = [:]
        for (original, renamed) in renamedSymbols { sourceNames[renamed] = original }
        func symbol(_ value: LLVMValueRef, _ kind: GlobalSymbol.Kind, definition: Bool, aliasee: LLVMValueRef? = nil) -> GlobalSymbol {
            let name = valueName(value)
            let linkage = LLVMGetLinkage(value)
            let isAvailableExternally = linkage == LLVMAvailableExternallyLinkage
            return GlobalSymbol(name: name, sourceName: sourceNames[name] ?? name, kind: kind,
                                isDefinition: definition && !isAvailableExternally,
                                isReplaceable: replaceable(value), isExternWeak: linkage == LLVMExternalWeakLinkage,
                                aliasee: aliasee.map(valueName), aliaseeIsFunction: aliasee.map { LLVMIsAFunction($0) != nil } ?? false)
        }
        for function in functions where !Self.isReserved(valueName(function)) {
            symbols.append(symbol(function, .function, definition: LLVMIsDeclaration(function) == 0))
        }
        for variable in globalVariables where !Self.isReserved(valueName(variable)) {
            symbols.append(symbol(variable, .variable, definition: LLVMIsDeclaration(variable) == 0))
            if let initializer = LLVMGetInitializer(variable), let owner = blockAddressFunction(in: initializer) {
                blockAddressOwners[valueName(variable)] = valueName(owner)
            }
        }
        for alias in aliases {
            let target = LLVMAliasGetAliasee(alias).flatMap { stripCasts($0) }
            symbols.append(symbol(alias, .alias, definition: true, aliasee: target))
        }
        for ifunc in ifuncs { symbols.append(symbol(ifunc, .ifunc, definition: true)) }
    }

    /// The global value a constant names, looking through pointer casts; nil if it is something else.
    private func stripCasts(_ value: LLVMValueRef) -> LLVMValueRef? {
        if LLVMIsAGlobalValue(value) != nil { return value }
        if LLVMGetValueKind(value) == LLVMConstantExprValueKind, LLVMGetConstOpcode(value) == LLVMBitCast || LLVMGetConstOpcode(value) == LLVMAddrSpaceCast {
            return stripCasts(LLVMGetOperand(value, 0))
        }
        return nil
    }

    private func blockAddressFunction(in constant: LLVMValueRef) -> LLVMValueRef? {
        if LLVMGetValueKind(constant) == LLVMBlockAddressValueKind { return LLVMGetBlockAddressFunction(constant) }
        guard LLVMIsAConstant(constant) != nil, LLVMIsAGlobalValue(constant) == nil else { return nil }
        for index in 0..<max(0, LLVMGetNumOperands(constant)) {
            if let operand = LLVMGetOperand(constant, UInt32(index)), let found = blockAddressFunction(in: operand) { return found }
        }
        return nil
    }

    // MARK: - Static constructors and destructors

    /// One entry of `llvm.global_ctors` or `llvm.global_dtors`.
    public struct StructorEntry: Sendable, Equatable {
        public let priority: Int
        public let function: String
    }

    /// Entries of `llvm.global_ctors` in the order they must run (ascending priority, stable).
    public func globalConstructors() -> [StructorEntry] { structors("llvm.global_ctors") }
    /// Entries of `llvm.global_dtors` in the order they must run (ascending priority, stable).
    public func globalDestructors() -> [StructorEntry] { structors("llvm.global_dtors") }

    private func structors(_ name: String) -> [StructorEntry] {
        guard let global = LLVMGetNamedGlobal(module, name), let array = LLVMGetInitializer(global),
              LLVMGetValueKind(array) == LLVMConstantArrayValueKind else { return [] }
        var entries: [(Int, StructorEntry)] = []
        for index in 0..<Int(LLVMGetNumOperands(array)) {
            guard let element = LLVMGetOperand(array, UInt32(index)), LLVMGetNumOperands(element) >= 2,
                  let priority = LLVMGetOperand(element, 0), let function = LLVMGetOperand(element, 1).flatMap(stripCasts),
                  LLVMIsAFunction(function) != nil else { continue }
            entries.append((index, StructorEntry(priority: Int(LLVMConstIntGetZExtValue(priority)), function: valueName(function))))
        }
        return entries.sorted { ($0.1.priority, $0.0) < ($1.1.priority, $1.0) }.map(\.1)
    }

    // MARK: - The data module

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
                  blockAddressOwners[variableName] == nil, LLVMGetLinkage(variable) != LLVMAvailableExternallyLinkage else { continue }
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
            let copy = LLVMAddAlias2(destination, type, LLVMGetPointerAddressSpace(LLVMTypeOf(alias)), try mapper.map(aliasee), aliasName)
            LLVMSetLinkage(copy, LLVMGetLinkage(alias))
        }
        return data
    }

    // MARK: - Extracting one function

    /// A module holding a copy of function `name` named `newName`; every other global value is declared by name
    /// (calls to functions reach their stubs), except block-address tables owned by the function, which are copied
    /// in under their name + `ownedSuffix`.
    public func extractFunction(_ name: String, as newName: String, ownedSuffix: String,
                                availableExternally: [String] = []) throws -> IRModule {
        guard let function = LLVMGetNamedFunction(module, name), LLVMIsDeclaration(function) == 0 else {
            throw LLVMError("no function body named '\(name)'")
        }
        let unit = IRModule(name: newName, context: source.context, triple: source.triple, dataLayout: source.dataLayout)
        copyModuleFlags(to: unit)
        let destination = unit.module
        let clone = LLVMAddFunction(destination, newName, LLVMGlobalGetValueType(function))!
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
            guard let original = LLVMGetNamedFunction(module, callee), LLVMIsDeclaration(original) == 0 else { continue }
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
            copyCompileUnits(to: destination)
        }
        return unit
    }

    /// Empties the compile units' lists of module-wide entities (enums, retained types, globals, imported entities,
    /// macros: operands 4-8 of a `DICompileUnit`). A function's module needs none of them, and keeping them would make
    /// every function's module carry (write, parse, and emit DWARF for) the whole program's types.
    private func dropModuleWideDebugInfo() {
        for unit in compileUnits where LLVMGetMetadataKind(LLVMValueAsMetadata(unit)) == LLVMDICompileUnitMetadataKind
            && LLVMGetMDNodeNumOperands(unit) > 8 {
            for operand in UInt32(4)...8 { LLVMReplaceMDNodeOperandWith(unit, operand, nil) }
        }
    }

    /// The operands of `llvm.dbg.cu`: the compile units debug info hangs off (code generation emits DWARF only for
    /// those listed there).
    private var compileUnits: [LLVMValueRef] {
        var units = [LLVMValueRef?](repeating: nil, count: Int(LLVMGetNamedMetadataNumOperands(module, "llvm.dbg.cu")))
        if !units.isEmpty { units.withUnsafeMutableBufferPointer { LLVMGetNamedMetadataOperands(module, "llvm.dbg.cu", $0.baseAddress) } }
        return units.compactMap { $0 }
    }

    private func copyCompileUnits(to destination: LLVMModuleRef) {
        for unit in compileUnits { LLVMAddNamedMetadataOperand(destination, "llvm.dbg.cu", unit) }
    }

    /// Functions with bodies in this module that `name` calls directly, nearest first, breadth-first to `depth`
    /// levels and at most `limit` of them: the inlining candidates of an optimized compile.
    public func directCallees(of name: String, depth: Int, limit: Int) -> [String] {
        var result: [String] = []
        var frontier = [name]
        var seen: Set<String> = [name]
        for _ in 0..<depth {
            var next: [String] = []
            for caller in frontier {
                guard let function = LLVMGetNamedFunction(module, caller) else { continue }
                for block in llvmSequence(LLVMGetFirstBasicBlock(function), LLVMGetNextBasicBlock) {
                    for instruction in llvmSequence(LLVMGetFirstInstruction(block), LLVMGetNextInstruction)
                    where LLVMIsACallInst(instruction) != nil || LLVMIsAInvokeInst(instruction) != nil {
                        guard let callee = LLVMGetCalledValue(instruction), LLVMIsAFunction(callee) != nil,
                              LLVMIsDeclaration(callee) == 0 else { continue }
                        let calleeName = valueName(callee)
                        guard !calleeName.hasPrefix("llvm."), seen.insert(calleeName).inserted else { continue }
                        result.append(calleeName)
                        next.append(calleeName)
                        if result.count >= limit { return result }
                    }
                }
            }
            frontier = next
        }
        return result
    }

    // MARK: - Declarations by name

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
            if LLVMGetLinkage(global) == LLVMExternalWeakLinkage { LLVMSetLinkage(declaration, LLVMExternalWeakLinkage) }
            return declaration
        }
        if let existing = LLVMGetNamedGlobal(destination, name) { return existing }
        if LLVMIsAGlobalVariable(global) != nil { return declareVariable(like: global, in: destination) }
        let declaration = LLVMAddGlobalInAddressSpace(destination, valueType, name, LLVMGetPointerAddressSpace(LLVMTypeOf(global)))!
        return declaration
    }

    /// A variable in `destination` with `variable`'s type, address space, TLS mode, alignment and constness.
    private func declareVariable(like variable: LLVMValueRef, in destination: LLVMModuleRef, name: String? = nil) -> LLVMValueRef {
        let copy = LLVMAddGlobalInAddressSpace(destination, LLVMGlobalGetValueType(variable), name ?? valueName(variable),
                                               LLVMGetPointerAddressSpace(LLVMTypeOf(variable)))!
        LLVMSetThreadLocalMode(copy, LLVMGetThreadLocalMode(variable))
        LLVMSetAlignment(copy, LLVMGetAlignment(variable))
        LLVMSetGlobalConstant(copy, LLVMIsGlobalConstant(variable))
        if LLVMGetLinkage(variable) == LLVMExternalWeakLinkage { LLVMSetLinkage(copy, LLVMExternalWeakLinkage) }
        return copy
    }

    private func copyModuleFlags(to destination: IRModule) {
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

/// How many calls deep an optimized compile looks for callees to bring along for inlining. Two levels left the leaves
/// of typical call chains (main -> step -> clampv -> clampd) out of reach, and each call left behind cost more than the
/// rest of the loop; four reach them, and the candidate limit still bounds the work.
public let inlineCandidateDepth = 4
