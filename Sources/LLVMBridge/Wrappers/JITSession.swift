// Why this file exists: hotjit compiles objects itself and needs only a linker that resolves symbols in-process; this
// wraps the ORC LLJIT used as that linker.
import CLLVM

/// An ORC LLJIT instance used purely as an in-process linker: hotjit compiles objects itself and hands them here; the
/// session links them (JITLink), registers their EH frames, and resolves symbols against what was defined (stubs,
/// data, earlier objects) and the process (libc, libm, libstdc++, dlopen'ed libraries). Thread-safe.
public final class JITSession: @unchecked Sendable {
    private let jit: LLVMOrcLLJITRef
    private let dylib: LLVMOrcJITDylibRef
    private let session: LLVMOrcExecutionSessionRef
    private let reporterBox: ReporterBox
    /// Resolves names nothing defines (`addSymbolResolver`); set at most once, kept alive by the session.
    private var resolverBox: ResolverBox?
    /// What this session registered with GDB's JIT interface, once debugger support is on; guarded by its own lock.
    private var debuggerRegistrations: DebuggerRegistrations?

    /// Receives errors ORC cannot return to a caller (they happen during linking on behalf of a lookup).
    final class ReporterBox: @unchecked Sendable {
        var lastError: String?
    }

    /// A session for the host; symbols nothing JIT'd defines resolve against the process.
    public init() throws {
        NativeTarget.initialize()
        var machineBuilder: LLVMOrcJITTargetMachineBuilderRef?
        try LLVMError.check(LLVMOrcJITTargetMachineBuilderDetectHost(&machineBuilder))
        let builder = LLVMOrcCreateLLJITBuilder()
        LLVMOrcLLJITBuilderSetJITTargetMachineBuilder(builder, machineBuilder)
        var created: LLVMOrcLLJITRef?
        try LLVMError.check(LLVMOrcCreateLLJIT(&created, builder))
        jit = created!
        dylib = LLVMOrcLLJITGetMainJITDylib(jit)
        session = LLVMOrcLLJITGetExecutionSession(jit)
        reporterBox = ReporterBox()
        LLVMOrcExecutionSessionSetErrorReporter(session, { context, error in
            let box = Unmanaged<ReporterBox>.fromOpaque(context!).takeUnretainedValue()
            box.lastError = LLVMError.consume(error)?.message
        }, Unmanaged.passUnretained(reporterBox).toOpaque())

        var generator: LLVMOrcDefinitionGeneratorRef?
        try LLVMError.check(LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess(
            &generator, LLVMOrcLLJITGetGlobalPrefix(jit), nil, nil))
        LLVMOrcJITDylibAddGenerator(dylib, generator)
    }

    deinit {
        // gdb must forget the code before it is freed.
        debuggerRegistrations?.unregisterAll()
        LLVMOrcDisposeLLJIT(jit)
    }

    /// Registers every object linked from now on with GDB's JIT interface (`__jit_debug_register_code`), so
    /// debuggers see JIT'd functions by name (and by source line where objects carry debug info); the session
    /// unregisters them when it is destroyed, before freeing their code. Call before anything is linked.
    public func enableDebuggerSupport() throws {
        try LLVMError.check(LLVMOrcLLJITEnableDebugSupport(jit))
        debuggerRegistrations = DebuggerRegistrations()
    }

    /// The triple and data layout the session links for.
    public var triple: String { String(cString: LLVMOrcLLJITGetTripleString(jit)) }
    public var dataLayout: String { String(cString: LLVMOrcLLJITGetDataLayoutStr(jit)) }

    /// Binds each name to a fixed address (stubs, hotjit's runtime functions), as exported symbols, marked callable
    /// unless `callable` is false (a host's symbols may be data).
    public func defineAbsolute(_ symbols: [(name: String, address: UInt64)], callable: Bool = true) throws {
        guard !symbols.isEmpty else { return }
        let callableFlag = LLVMJITSymbolGenericFlagsCallable.rawValue
        var pairs = symbols.map { symbol in
            LLVMOrcCSymbolMapPair(
                Name: LLVMOrcExecutionSessionIntern(session, symbol.name),
                Sym: LLVMJITEvaluatedSymbol(
                    Address: symbol.address,
                    Flags: LLVMJITSymbolFlags(GenericFlags: UInt8(LLVMJITSymbolGenericFlagsExported.rawValue
                                                                  | (callable ? callableFlag : 0)),
                                              TargetFlags: 0)))
        }
        let unit = pairs.withUnsafeMutableBufferPointer { LLVMOrcAbsoluteSymbols($0.baseAddress, $0.count) }
        try LLVMError.check(LLVMOrcJITDylibDefine(dylib, unit))
    }

    /// Holds a resolver closure for ORC's C callback.
    final class ResolverBox: @unchecked Sendable {
        let resolve: @Sendable (String) -> UInt64?
        init(_ resolve: @escaping @Sendable (String) -> UInt64?) { self.resolve = resolve }
    }

    /// Resolves names that nothing defined, at link time, with `resolve` (nil: not one of its names; ORC goes on
    /// to the process's symbols). A name it resolves becomes an absolute symbol of the session for good, so
    /// `resolve` must answer each name the same way for as long as code may refer to it. It runs on the linking
    /// thread, under none of the session's locks, and must not take a lock held around a link. Call once, before
    /// anything is linked.
    public func addSymbolResolver(_ resolve: @escaping @Sendable (String) -> UInt64?) {
        let box = ResolverBox(resolve)
        resolverBox = box
        let generator = LLVMOrcCreateCustomCAPIDefinitionGenerator({ _, context, _, _, dylib, _, set, count in
            let box = Unmanaged<ResolverBox>.fromOpaque(context!).takeUnretainedValue()
            guard let set, let dylib else { return nil }
            var pairs: [LLVMOrcCSymbolMapPair] = []
            for element in UnsafeBufferPointer(start: set, count: count) {
                guard let name = element.Name, let text = LLVMOrcSymbolStringPoolEntryStr(name),
                      let address = box.resolve(String(cString: text)) else { continue }
                LLVMOrcRetainSymbolStringPoolEntry(name)   // the symbol map takes a reference
                pairs.append(LLVMOrcCSymbolMapPair(
                    Name: name,
                    Sym: LLVMJITEvaluatedSymbol(
                        Address: address,
                        Flags: LLVMJITSymbolFlags(GenericFlags: UInt8(LLVMJITSymbolGenericFlagsExported.rawValue),
                                                  TargetFlags: 0))))
            }
            guard !pairs.isEmpty else { return nil }
            let unit = pairs.withUnsafeMutableBufferPointer { LLVMOrcAbsoluteSymbols($0.baseAddress, $0.count) }
            return LLVMOrcJITDylibDefine(dylib, unit)
        }, Unmanaged.passUnretained(box).toOpaque(), nil)
        LLVMOrcJITDylibAddGenerator(dylib, generator)
    }

    /// A handle on a group of linked objects (ORC's ResourceTracker), so that they can be freed together.
    public final class Tracker: @unchecked Sendable {
        let ref: LLVMOrcResourceTrackerRef
        /// A tracker must be released before its session is disposed: it keeps the session alive.
        private let session: JITSession
        init(_ ref: LLVMOrcResourceTrackerRef, session: JITSession) {
            self.ref = ref
            self.session = session
        }
        deinit { LLVMOrcReleaseResourceTracker(ref) }
        /// Frees the code and data of every object added to this tracker, and forgets their symbols (the names can
        /// be defined again). Only when nothing can still reach them, and never from inside a link (ORC's session
        /// lock is taken).
        public func remove() throws { try LLVMError.check(LLVMOrcResourceTrackerRemove(ref)) }

        /// `trackers` with each tracker once (versions compiled in one object share theirs), in order.
        public static func distinct(_ trackers: [Tracker]) -> [Tracker] {
            var seen = Set<ObjectIdentifier>()
            return trackers.filter { seen.insert(ObjectIdentifier($0)).inserted }
        }
    }

    /// A tracker for objects to be freed together.
    public func makeTracker() -> Tracker { Tracker(LLVMOrcJITDylibCreateResourceTracker(dylib), session: self) }

    /// Adds a relocatable object to `tracker` (a new one when nil); its symbols are linked on first lookup.
    /// Returns the tracker.
    @discardableResult
    public func addObject(_ object: MemoryBuffer, to tracker: Tracker? = nil) throws -> Tracker {
        let tracker = tracker ?? makeTracker()
        try LLVMError.check(LLVMOrcLLJITAddObjectFileWithRT(jit, tracker.ref, object.release()))
        return tracker
    }

    /// The address of `name`, linking whatever defines it (and what that needs) first.
    public func lookup(_ name: String) throws -> UInt64 {
        var address: LLVMOrcExecutorAddress = 0
        // Linking (and with it registration with gdb) happens here, on the looking-up thread.
        let result = debuggerRegistrations.map { $0.recording { LLVMOrcLLJITLookup(jit, &address, name) } }
            ?? LLVMOrcLLJITLookup(jit, &address, name)
        if let error = LLVMError.consume(result) {
            if let detail = reporterBox.lastError { throw LLVMError("\(error.message) (\(detail))") }
            throw error
        }
        return address
    }
}
