// Why this file exists: a program's module is prepared once, at load, so that it can be compiled in pieces (one data
// module, one unit per function) that link by name. This is that preparation and what it learns (symbols, renamings,
// constructors); `DataModule.swift` and `WholeModuleUnits.swift` cut the pieces out of it.

import CLLVM
import HotJITBase

/// A loaded module prepared for lazy, per-function compilation.
///
/// Preparation (once, at load): verify (deferred bitcode: each unit instead, see `verified`); drop debug info
/// (unless `keepDebugInfo`: then each extracted function keeps its own, and its module names the compile units);
/// lower `thread_local` variables to emulated TLS (so the per-function objects need no TLS relocations, which an
/// in-process linker without a platform cannot resolve);
/// give every internal, private or unnamed global value a module-unique external name, so that separately compiled
/// functions can refer to each other and to the data by name.
///
/// Afterwards the module is only read: `makeDataModule` copies the global variables into a module of their own (data
/// only, compiled at once), `extractFunction` copies one function into a fresh module (a lazy-compile unit). Both refer
/// to every other global value by name. Not thread-safe: callers serialize on `extractionLock` (`whileAwake`).
///
/// A small module may hibernate (`ModuleHibernation`): its prepared IR is then kept as text only, and parsed
/// again, in a fresh context, by the next `whileAwake`. After load, the module is read only inside `whileAwake`.
public final class ProgramModule: @unchecked Sendable {
    /// The prepared module (parsed, in a context of its own); nil while hibernating.
    private var awake: IRModule?
    /// The prepared module as IR text, once it may hibernate (for a small module, printing and parsing text is
    /// several times cheaper than writing and reading bitcode).
    private var asleep: MemoryBuffer?
    private weak var hibernation: ModuleHibernation?
    /// The prepared module: at load, or inside `whileAwake`.
    public var source: IRModule { awake! }
    public private(set) var symbols: [GlobalSymbol] = []
    /// Global variables whose initializer takes a block address of a function: they can only live in that
    /// function's own module (name of variable -> name of function).
    public private(set) var blockAddressOwners: [String: String] = [:]
    /// Every global value preparation renamed: name in the source -> link name.
    public private(set) var renamedSymbols: [String: String] = [:]
    /// Declarations (IR text, source names) of the `thread_local` variables emulated TLS replaced.
    private(set) var threadLocalDeclarations: [String: String] = [:]
    let redirections: [String: String]
    /// Whether the whole module was verified at load (otherwise each unit and the data module are, before they are
    /// compiled).
    public let verified: Bool
    /// Serializes reads of this module's LLVM context by function units (`functionUnit`).
    let extractionLock = ConditionLock()
    /// Each function's size as IR text, for the inlining-candidate walk; guarded by `extractionLock`.
    var functionTextBytes: [String: Int] = [:]

    /// Parses and prepares `buffer`; `uniqueSuffix` (e.g. `.hj1`) makes local names unique across modules.
    /// Modules without a triple or data layout get the host's (`defaultTriple`, `defaultDataLayout`).
    /// Declarations named in `redirecting` are renamed (all references follow): how hotjit binds a program's
    /// `atexit` or `exit` to its own versions.
    public init(parsing buffer: MemoryBuffer, context: IRContext, uniqueSuffix: String,
                defaultTriple: String, defaultDataLayout: String, redirecting: [String: String] = [:],
                providedElsewhere: (String) -> Bool = { _ in false }, keepDebugInfo: Bool = false,
                verify: Bool = true) throws {
        awake = try IRModule.parse(buffer, context: context)
        redirections = redirecting
        verified = verify
        if source.triple.isEmpty { source.triple = defaultTriple }
        if source.dataLayout.isEmpty { source.dataLayout = defaultDataLayout }
        if verify, let failure = source.verificationFailure() {
            let broken = functions.first {
                LLVMIsDeclaration($0) == 0 && LLVMVerifyFunction($0, LLVMReturnStatusAction) != 0
            }.map(valueName)
            let bytes = buffer.bytes
            let isText = !(bytes.count >= 2 && bytes[0] == 0x42 && bytes[1] == 0x43)   // bitcode starts with "BC"
            let text = isText ? Array(bytes)[...] : []
            throw VerificationFailure(report: failure, function: broken) { snippet in
                let start = broken.map { VerificationFailure.definitionStart(of: $0, in: text) } ?? text.startIndex
                let before = text[text.startIndex..<start].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                return VerificationFailure.line(of: snippet, in: text[start...], firstLine: 1 + before)
            }
        }
        UnitPreparation.prepareDebugInfo(of: source, keep: keepDebugInfo)
        threadLocalDeclarations = try UnitPreparation.lowerThreadLocalsIfAny(in: source)
        try UnitPreparation.lowerEntryExitInstrumentation(in: source)
        resolveAvailableExternally(providedElsewhere: providedElsewhere)
        renameLocalSymbols(suffix: uniqueSuffix)
        UnitPreparation.applyLinkNames(in: module, renamed: [:], redirections: redirecting)
        collectSymbols()
    }

    var module: LLVMModuleRef { source.module }

    /// Runs `body` under `extractionLock` with the prepared module parsed (woken from its text if it was
    /// hibernating); then counts it as recently used, which may send the least recently used module to sleep.
    func whileAwake<T>(_ body: () throws -> T) throws -> T {
        try extractionLock.withLock {
            if awake == nil, let asleep {
                awake = try IRModule.parse(asleep, context: IRContext())
            }
            defer { hibernation?.used(self) }
            return try body()
        }
    }

    /// Lets the module hibernate in `hibernation` when others were used more recently: keeps its prepared IR as
    /// text (printed now). For small modules whose data module defines nothing: no other module lives in its
    /// context. Call once, after load, before any unit is made.
    public func allowHibernation(in hibernation: ModuleHibernation) {
        extractionLock.withLock {
            asleep = source.textBuffer(name: "hibernated module")
            self.hibernation = hibernation
        }
        hibernation.used(self)
    }

    /// Leaves `hibernation` (a removed module).
    func forgetHibernation() { hibernation?.forget(self) }

    /// Drops the parsed module if nobody holds `extractionLock` (a module in use stays awake); whether it did.
    func hibernateIfIdle() -> Bool {
        guard extractionLock.tryLock() else { return false }
        defer { extractionLock.unlock() }
        guard asleep != nil else { return false }
        awake = nil
        return true
    }

    var globalVariables: [LLVMValueRef] { Array(llvmSequence(LLVMGetFirstGlobal(module), LLVMGetNextGlobal)) }
    var functions: [LLVMValueRef] { Array(llvmSequence(LLVMGetFirstFunction(module), LLVMGetNextFunction)) }
    var aliases: [LLVMValueRef] { Array(llvmSequence(LLVMGetFirstGlobalAlias(module), LLVMGetNextGlobalAlias)) }
    var ifuncs: [LLVMValueRef] { Array(llvmSequence(LLVMGetFirstGlobalIFunc(module), LLVMGetNextGlobalIFunc)) }

    static func isReserved(_ name: String) -> Bool { name.hasPrefix("llvm.") }

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

    private func collectSymbols() {
        func replaceable(_ value: LLVMValueRef) -> Bool {
            switch LLVMGetLinkage(value) {
            case LLVMLinkOnceAnyLinkage, LLVMLinkOnceODRLinkage, LLVMWeakAnyLinkage, LLVMWeakODRLinkage,
                 LLVMCommonLinkage:
                return true
            default:
                return false
            }
        }
        var sourceNames: [String: String] = [:]
        for (original, renamed) in renamedSymbols { sourceNames[renamed] = original }
        func symbol(_ value: LLVMValueRef, _ kind: GlobalSymbol.Kind, definition: Bool,
                    aliasee: LLVMValueRef? = nil) -> GlobalSymbol {
            let name = valueName(value)
            let linkage = LLVMGetLinkage(value)
            let isAvailableExternally = linkage == LLVMAvailableExternallyLinkage
            return GlobalSymbol(name: name, sourceName: sourceNames[name] ?? name, kind: kind,
                                isDefinition: definition && !isAvailableExternally,
                                isReplaceable: replaceable(value), isExternWeak: linkage == LLVMExternalWeakLinkage,
                                aliasee: aliasee.map(valueName),
                                aliaseeIsFunction: aliasee.map { LLVMIsAFunction($0) != nil } ?? false)
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
    func stripCasts(_ value: LLVMValueRef) -> LLVMValueRef? {
        if LLVMIsAGlobalValue(value) != nil { return value }
        if LLVMGetValueKind(value) == LLVMConstantExprValueKind,
           LLVMGetConstOpcode(value) == LLVMBitCast || LLVMGetConstOpcode(value) == LLVMAddrSpaceCast {
            return stripCasts(LLVMGetOperand(value, 0))
        }
        return nil
    }

    private func blockAddressFunction(in constant: LLVMValueRef) -> LLVMValueRef? {
        if LLVMGetValueKind(constant) == LLVMBlockAddressValueKind { return LLVMGetBlockAddressFunction(constant) }
        guard LLVMIsAConstant(constant) != nil, LLVMIsAGlobalValue(constant) == nil else { return nil }
        for index in 0..<max(0, LLVMGetNumOperands(constant)) {
            if let operand = LLVMGetOperand(constant, UInt32(index)), let found = blockAddressFunction(in: operand) {
                return found
            }
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
                  let priority = LLVMGetOperand(element, 0),
                  let function = LLVMGetOperand(element, 1).flatMap(stripCasts),
                  LLVMIsAFunction(function) != nil else { continue }
            entries.append((index, StructorEntry(priority: Int(LLVMConstIntGetZExtValue(priority)),
                                                 function: valueName(function))))
        }
        return entries.sorted { ($0.1.priority, $0.0) < ($1.1.priority, $1.0) }.map(\.1)
    }
}

extension ProgramModule {
    /// `available_externally` definitions promise an equivalent definition elsewhere. Where the process has it, the
    /// program uses that one (the local copy is ignored); where it does not (inline functions a library never
    /// exported), the local copy becomes the definition (`linkonce_odr`).
    func resolveAvailableExternally(providedElsewhere: (String) -> Bool) {
        let module = source.module
        let values = Array(llvmSequence(LLVMGetFirstFunction(module), LLVMGetNextFunction))
            + Array(llvmSequence(LLVMGetFirstGlobal(module), LLVMGetNextGlobal))
        for value in values where LLVMGetLinkage(value) == LLVMAvailableExternallyLinkage {
            if !providedElsewhere(valueName(value)) { LLVMSetLinkage(value, LLVMLinkOnceODRLinkage) }
        }
    }
}
