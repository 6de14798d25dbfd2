import HotJITBase
import HotJITEmitters
import HotJITRuntime
import LLVMBridge
#if canImport(Glibc)
import Glibc
#endif

/// Every loaded program and every name they define: parses a module, checks it fits with what is loaded, and
/// enters it: a lazy stub (stub + trampoline) per function, its call-counting thunks, its data object, its
/// constructors and destructors. Answers lookups by name.
///
/// Its lock guards the tables below and is never held while compiling or calling JIT'd code.
final class ProgramRegistry: @unchecked Sendable {
    private let options: EngineOptions
    private let emitter: any ArchEmitter
    private let callbacks: CallbackManager
    private let session: JITSession
    private let machines: TargetMachinePool
    private let codeMap: CodeMap
    private let dumper: CompilationDumper?
    /// Where the modules' stub and call-counting thunk tables come from: shared mappings, so that many small
    /// modules do not cost a mapping each.
    private let stubSlabs: TableSlabs
    private let thunkSlabs: TableSlabs?
    /// Keeps only the recently compiled small modules parsed (see `ModuleHibernation`).
    let hibernation = ModuleHibernation(capacity: ProgramRegistry.awakeSmallModules)
    /// How many small modules stay parsed, and what is small: the module's bytes as added.
    static let awakeSmallModules = 64
    static let smallModuleBytes = 64 * 1024
    /// The persistent cache (nil: off) and the names its objects use for this run's addresses.
    private let cache: CodeCache?
    let cacheSymbols: CacheSymbols
    let hostTriple: String
    let hostDataLayout: String
    /// Compiles a function on its first call (the lazy stub's resolve function); set once, before any module.
    var firstCall: ((FunctionRecord) -> Result<UInt64, CallbackManager.ResolveFailure>)?
    /// Where new records send their tier-up triggers; set once, before any module.
    weak var tiering: TieringManager?

    private let lock = ConditionLock()
    /// Loaded programs by index; nil once removed (indices are never reused: handles and records name them).
    private var programs: [LoadedProgram?] = []
    /// What each program owns, by index; nil once removed.
    private var resources: [ProgramResources?] = []
    private var functions: [String: FunctionRecord] = [:]
    private var functionOrder: [FunctionRecord] = []
    /// Functions by their trampoline's id (ids are dense; other trampolines leave holes).
    private var byTrampoline: [FunctionRecord?] = []
    /// Starts of the callback manager's resolver blocks already in the code map.
    private var mappedResolvers: Set<UInt64> = []
    /// Every name some loaded module defines, and which module (-1: hotjit or the process).
    private var definitions: [String: Int] = [:]
    /// Per program (by index): the names it declares and needs (not `extern_weak`, not `llvm.*`).
    private var requiredReferences: [[String]] = []
    /// Programs whose required references were all found once (they stay found: a program whose definitions
    /// others use cannot be removed).
    private var resolvedPrograms: Set<Int> = []
    /// Data modules not added yet, with the names their programs need (see `addReadyDataObjects`).
    private typealias PendingData = (program: Int, data: IRModule, needed: Set<String>)
    private var pendingData: [PendingData] = []
    /// The stub of every function and function alias by link name: what references to them are bound to.
    private var stubBindings: [String: UInt64] = [:]
    /// Function names defined in the JIT session for assembly that names them (`defineForAssembly`).
    private var namesDefinedForAssembly: Set<String> = []
    /// Names the host defined for JIT'd code (`hotjit_engine_define_symbols`): name -> address.
    private var hostSymbols: [String: UInt64] = [:]
    typealias StaticFunction = (priority: Int, program: Int, position: Int, function: String)
    private var constructors: [StaticFunction] = []
    private var destructors: [StaticFunction] = []

    init(options: EngineOptions, emitter: any ArchEmitter, callbacks: CallbackManager, session: JITSession,
         machines: TargetMachinePool, codeMap: CodeMap, dumper: CompilationDumper?, cache: CodeCache?,
         cacheSymbols: CacheSymbols) {
        self.options = options
        self.emitter = emitter
        self.callbacks = callbacks
        self.session = session
        self.machines = machines
        self.codeMap = codeMap
        self.dumper = dumper
        stubSlabs = StubTable.slabs(for: emitter)
        thunkSlabs = emitter.countingThunks.map { CountingThunkTable.slabs(for: $0) }
        self.cache = cache
        self.cacheSymbols = cacheSymbols
        hostTriple = session.triple
        hostDataLayout = session.dataLayout
    }

    /// Names hotjit or the process defines for JIT'd code (runtime support, redirections).
    func defineProvided(_ names: [String]) { lock.withLock { for name in names { definitions[name] = -1 } } }

    /// Binds names to the host's addresses (functions or data) for JIT'd code, all or none. They take the place of
    /// the process's symbols of the same name, and resolve lazily, so modules that use them may come before or after.
    /// Defining a name again with the same address does nothing; with another address, or a name a module or hotjit
    /// defines, or one JIT'd code has already linked from the process, it fails (linked code cannot follow).
    func defineHostSymbols(_ symbols: [(name: String, address: UInt64)]) throws {
        try lock.withLock {
            var new: [(name: String, address: UInt64)] = []
            var batch: [String: UInt64] = [:]
            for (name, address) in symbols {
                guard !name.isEmpty else { throw EngineError.invalidArgument("a host symbol's name is empty") }
                if RuntimeSupport.redirections[name] != nil {
                    throw EngineError.invalidArgument("'\(name)' cannot be a host symbol: hotjit binds it to the "
                                                      + "engine")
                }
                if let earlier = hostSymbols[name] ?? batch[name] {
                    if earlier == address { continue }
                    throw EngineError.invalidArgument("host symbol '\(name)' is already defined (at 0x"
                                                      + "\(String(earlier, radix: 16)))")
                }
                if let owner = definitions[name] {
                    let definer = owner >= 0 ? programs[owner]?.path ?? "a removed module" : "hotjit"
                    throw EngineError.invalidArgument("'\(name)' is already defined by \(definer)")
                }
                batch[name] = address
                new.append((name, address))
            }
            do {
                try session.defineAbsolute(new, callable: false)
            } catch {
                let names = new.map { "'\($0.name)'" }.joined(separator: ", ")
                throw EngineError.invalidArgument("cannot define host symbols \(names) (JIT'd code may already use "
                                                  + "the process's): \(error)")
            }
            for (name, address) in new {
                hostSymbols[name] = address
                definitions[name] = -1
            }
            try addReadyDataObjects()
        }
    }

    // MARK: Loading

    /// Parses the module in `buffer` (named `name` in messages) and enters it; returns its index.
    func add(buffer: MemoryBuffer, name: String) throws -> Int {
        try lock.withLock {
            let index = programs.count
            let cacheKey = cache?.programKey(index, bytes: buffer.bytes, hostSymbols: Array(hostSymbols.keys))
            let program = try parse(buffer, name: name, index: index)
            try checkTarget(program.module.source.triple, file: name)
            let hasData = try register(program)
            if !hasData, buffer.bytes.count <= Self.smallModuleBytes {
                program.loaded.allowHibernation(in: hibernation)
            }
            if let cacheKey { cache?.enterProgram(index, key: cacheKey) }
            return program.index
        }
    }

    private func parse(_ buffer: MemoryBuffer, name: String, index: Int) throws -> LoadedProgram {
        let suffix = ".hj\(index)"
        do {
            let hosts = hostSymbols   // under `lock`; the loader asks only while loading
            let loaded = try LoadedModule.load(buffer, name: name, options: ProgramLoadOptions(
                deferFunctionParsing: options.deferFunctionParsing, uniqueSuffix: suffix, defaultTriple: hostTriple,
                defaultDataLayout: hostDataLayout, redirections: RuntimeSupport.redirections,
                providedElsewhere: { hosts[$0] != nil || ProcessSymbols.defines($0) },
                keepDebugInfo: options.debuggerSupport))
            return LoadedProgram(index: index, path: name, loaded: loaded)
        } catch let error as LLVMError {
            throw EngineError.invalidIR(IRDiagnostics.oneLine(error.message, file: name))
        } catch let failure as VerificationFailure {
            throw EngineError.invalidIR(IRDiagnostics.oneLine(failure, file: name))
        }
    }

    private func checkTarget(_ triple: String, file: String) throws {
        let architecture = { (triple: String) -> String in
            let name = String(triple.split(separator: "-").first ?? "")
            return name == "amd64" ? "x86_64" : name
        }
        guard architecture(triple) == architecture(hostTriple) else {
            throw EngineError.wrongTarget("\(file): module is for target '\(triple)', but this host is '\(hostTriple)'")
        }
    }

    /// Enters a prepared module's symbols: lazy stubs for its functions, its data object, its ctors; under `lock`.
    /// Returns whether it has a data module (which lives in the program's context).
    private func register(_ program: LoadedProgram) throws -> Bool {
        let symbols = program.module.symbols
        if let ifunc = symbols.first(where: { $0.kind == .ifunc }) {
            throw EngineError.unsupported("\(program.path): ifunc '\(ifunc.sourceName)' is not supported")
        }
        var skipped: Set<String> = []
        for symbol in symbols where symbol.isDefinition && definitions[symbol.name] != nil {
            if symbol.isReplaceable { skipped.insert(symbol.name); continue }
            throw EngineError.invalidIR("\(program.path): duplicate definition of '\(symbol.sourceName)'")
        }
        program.defineAliases(symbols, skipped: skipped)
        let owned = ProgramResources(tracker: session.makeTracker())
        let newFunctions = symbols.filter { $0.kind == .function && $0.isDefinition && !skipped.contains($0.name) }
        var absolute = try makeStubs(for: newFunctions, of: program, owned: owned)
        for symbol in symbols
        where symbol.kind == .alias && !skipped.contains(symbol.name) && symbol.aliaseeIsFunction {
            guard let target = symbol.aliasee.flatMap({ functions[$0] }) else {
                throw EngineError.unsupported("\(program.path): alias '\(symbol.sourceName)' of an undefined function")
            }
            absolute.append((symbol.name, target.stubAddress))
            cacheSymbols.add(target, as: symbol.name, program: program.index)
        }
        var hasData = false
        do {
            // Function names never reach ORC (see StubBinding.swift): the data's references are bound to stubs.
            for (name, address) in absolute { stubBindings[name] = address }
            let data = try program.module.makeDataModule(name: "\(program.path)#data", skipping: skipped)
            if !program.module.verified, let failure = data.verificationFailure() {
                throw EngineError.invalidIR(IRDiagnostics.oneLine(failure, file: program.path))
            }
            if !data.definesNothing {
                hasData = true
                let needed = Set(symbols.filter { !$0.isDefinition && !$0.isExternWeak }.map(\.name))
                pendingData.append((program.index, data, needed))
            }
        } catch let error as LLVMError {
            throw EngineError.linking("\(program.path): \(error.message)")
        }
        var required: [String] = []
        for symbol in symbols {
            if symbol.isDefinition {
                if !skipped.contains(symbol.name) {
                    definitions[symbol.name] = program.index
                    owned.definedNames.append(symbol.name)
                } else {
                    owned.usedNames.append(symbol.name)
                }
            } else if !symbol.name.hasPrefix("llvm.") {
                owned.usedNames.append(symbol.name)
                if !symbol.isExternWeak { required.append(symbol.name) }
            }
        }
        requiredReferences.append(required)
        for (position, entry) in program.module.globalConstructors().enumerated() {
            constructors.append((entry.priority, program.index, position, entry.function))
        }
        for (position, entry) in program.module.globalDestructors().enumerated() {
            destructors.append((entry.priority, program.index, position, entry.function))
        }
        programs.append(program)
        resources.append(owned)
        try addReadyDataObjects()
        return hasData
    }

    /// Adds the data objects of `pendingData` whose functions are all known now, their references bound to the
    /// stubs; under `lock`. Until then a program's data waits: its initializers may take the address of a function
    /// a module added later defines, and ORC cannot resolve a function's name (see StubBinding.swift).
    private func addReadyDataObjects() throws {
        var waiting: [PendingData] = []
        defer { pendingData = waiting }
        for (position, pending) in pendingData.enumerated() {
            let declared = pending.data.boundableFunctionDeclarations
            pending.data.bindFunctionDeclarations(stubBindingsUnlocked(for: declared))
            let unknown = declared.filter {
                stubBindings[$0] == nil && pending.needed.contains($0) && definitions[$0] == nil
                    && !ProcessSymbols.defines($0)
            }
            guard unknown.isEmpty, let owned = resources[pending.program] else {
                if resources[pending.program] != nil { waiting.append(pending) }
                continue
            }
            do {
                let object = try machines.withMachine(.none) { try $0.emitObject(pending.data) }
                try session.addObject(object, to: owned.tracker)
            } catch let error as LLVMError {
                waiting += pendingData[(position + 1)...]
                throw EngineError.linking("\(programs[pending.program]?.path ?? ""): \(error.message)")
            }
        }
    }

    /// A lazy stub and a record per function (and call-counting thunks where tier-up counts calls in them);
    /// returns the functions' names bound to their stubs. Under `lock`.
    private func makeStubs(for newFunctions: [GlobalSymbol], of program: LoadedProgram, owned: ProgramResources) throws
        -> [(name: String, address: UInt64)] {
        guard !newFunctions.isEmpty else { return [] }
        var mapEntries: [CodeMap.Entry] = []
        let table = try mapping("stubs") {
            try StubTable(emitter: emitter, slabs: stubSlabs, count: newFunctions.count)
        }
        owned.stubTable = table
        var thunks: CountingThunkTable?
        if options.tiering.enabled, let thunkEmitter = emitter.countingThunks, let thunkSlabs {
            let thunkTable = try mapping("call-counting thunks") {
                try CountingThunkTable(emitter: thunkEmitter, slabs: thunkSlabs, count: newFunctions.count)
            }
            owned.thunkTable = thunkTable
            mapEntries.append(.init(start: thunkTable.codeRange.lowerBound, size: UInt64(thunkTable.codeRange.count),
                                    name: "hotjit", kind: .thunk, tier: -1))
            thunks = thunkTable
        }
        var absolute: [(name: String, address: UInt64)] = []
        for (index, symbol) in newFunctions.enumerated() {
            let name = symbol.name
            let stub = try mapping("trampolines") {
                try LazyStub(table: table, index: index, manager: callbacks) { [unowned self] in
                    guard let record = function(named: name), let firstCall else {
                        return .failure(.init("'\(name)' was called before it was registered"))
                    }
                    return firstCall(record)
                }
            }
            let record = FunctionRecord(name: symbol.name, sourceName: symbol.sourceName, programIndex: program.index,
                                        stub: stub, thunks: thunks)
            record.tiering = tiering
            mapEntries.append(.init(start: record.stubAddress, size: UInt64(emitter.stubSize), name: symbol.sourceName,
                                    kind: .stub, tier: -1))
            mapEntries.append(.init(start: stub.trampolineAddress, size: UInt64(emitter.trampolineSize),
                                    name: symbol.sourceName, kind: .trampoline, tier: -1))
            functions[symbol.name] = record
            functionOrder.append(record)
            owned.records.append(record)
            if byTrampoline.count <= stub.trampolineID {
                byTrampoline.append(contentsOf: repeatElement(nil, count: stub.trampolineID + 1 - byTrampoline.count))
            }
            byTrampoline[stub.trampolineID] = record
            absolute.append((symbol.name, record.stubAddress))
            cacheSymbols.add(record, as: symbol.name, program: program.index)
        }
        owned.codeMapStarts = mapEntries.map(\.start)
        for range in callbacks.resolverRanges where mappedResolvers.insert(range.lowerBound).inserted {
            mapEntries.append(.init(start: range.lowerBound, size: range.upperBound - range.lowerBound, name: "hotjit",
                                    kind: .resolver, tier: -1))
        }
        codeMap.add(mapEntries)
        dumper?.dumpStubs(mapEntries, emitter: emitter)
        return absolute
    }

    /// The stubs of those of `names` that are functions (or aliases of functions) of loaded modules: what a unit's
    /// declarations are bound to before code generation.
    func stubBindings(for names: [String]) -> [String: UInt64] { lock.withLock { stubBindingsUnlocked(for: names) } }

    /// Defines those of `names` that are functions of loaded modules as symbols of the JIT session (their stubs),
    /// once: inline assembly that names a function (`jmp handler`) needs a symbol, and binding declarations cannot
    /// reach it. Such a name stays in the session for good, so its module can no longer be removed.
    func defineForAssembly(_ names: Set<String>) throws {
        try lock.withLock {
            let new = names.subtracting(namesDefinedForAssembly).compactMap { name in
                stubBindings[name].map { (name: name, address: $0) }
            }
            guard !new.isEmpty else { return }
            try session.defineAbsolute(new)
            namesDefinedForAssembly.formUnion(new.map(\.name))
        }
    }

    /// What cached code names those of `names` that `stubBindings(for:)` binds: their `CacheSymbols` stub names.
    func stubSymbols(for names: [String]) -> [String: String] {
        lock.withLock {
            var symbols: [String: String] = [:]
            for name in names where stubBindings[name] != nil {
                guard let program = definitions[name], program >= 0 else { continue }
                symbols[name] = CacheSymbols.name(.stub, program: program, function: name)
            }
            return symbols
        }
    }

    private func stubBindingsUnlocked(for names: [String]) -> [String: UInt64] {
        var bindings: [String: UInt64] = [:]
        for name in names { if let address = stubBindings[name] { bindings[name] = address } }
        return bindings
    }

    // MARK: Removal

    /// Removes program `index`: frees its code (every compiled version), stubs, thunks, trampolines (their ids are
    /// reused), data and mappings, and forgets its names, which another module may then define. The caller (the
    /// host) guarantees that no thread runs, or will return into, its code, and that nothing still holds the
    /// addresses of its functions or data.
    ///
    /// Refused, and nothing changes, while another loaded program uses one of its names, while it has static
    /// constructors or destructors, while debugger support is on, and while one of its functions has optimized
    /// code, a tier-up in progress or an OSR continuation (removal frees tier-0 code only for now).
    func remove(program index: Int) throws {
        try lock.withLock {
            guard programs.indices.contains(index) else {
                throw EngineError.invalidArgument("no module with index \(index) was added")
            }
            guard let program = programs[index], let owned = resources[index] else {
                throw EngineError.notFound("the module was already removed")
            }
            try checkRemovable(program, owned)
            var trackers = [owned.tracker]
            var trampolines: [Int] = []
            var starts = owned.codeMapStarts
            for record in owned.records {
                let held = record.removableResources
                trampolines += held.trampolineIDs
                trackers += held.trackers
                starts += held.versions.map(\.address)
            }
            // Names first: from here on nothing finds the program, whatever the frees below report.
            cacheSymbols.remove(program: index, names: owned.definedNames)
            for name in owned.definedNames where definitions[name] == index {
                definitions[name] = nil
                stubBindings[name] = nil
            }
            for record in owned.records {
                if functions[record.name] === record { functions[record.name] = nil }
                let id = record.stub.trampolineID
                if byTrampoline.indices.contains(id) { byTrampoline[id] = nil }
            }
            functionOrder.removeAll { $0.programIndex == index }
            requiredReferences[index] = []
            resolvedPrograms.remove(index)
            pendingData.removeAll { $0.program == index }
            if let removed = programs[index] { removed.loaded.forgetHibernation() }
            programs[index] = nil
            resources[index] = nil
            codeMap.remove(starts: Set(starts))
            callbacks.release(trampolines)
            var failures: [String] = []
            for tracker in JITSession.Tracker.distinct(trackers) {
                do { try tracker.remove() } catch { failures.append("\(error)") }
            }
            if let failure = failures.first {
                throw EngineError.compile("\(program.path): removed, but ORC could not free all of its code: "
                                          + failure)
            }
        }
    }

    /// Throws why program `program` cannot be removed now, if it cannot (see `remove`); under `lock`.
    private func checkRemovable(_ program: LoadedProgram, _ owned: ProgramResources) throws {
        let refuse = { (reason: String) in EngineError.unsupported("\(program.path) cannot be removed: \(reason)") }
        if options.debuggerSupport { throw refuse("debugger support is on (its code is registered with gdb)") }
        if constructors.contains(where: { $0.program == program.index })
            || destructors.contains(where: { $0.program == program.index }) {
            throw refuse("it has static constructors or destructors")
        }
        let defined = Set(owned.definedNames)
        if let name = owned.definedNames.first(where: namesDefinedForAssembly.contains) {
            throw refuse("assembly names its function '\(name)', which is a symbol of the JIT session for good")
        }
        for case let (other?, otherResources?) in zip(programs, resources) where other.index != program.index {
            if let name = otherResources.usedNames.first(where: defined.contains) {
                throw EngineError.inUse("\(program.path) cannot be removed: \(other.path) uses '\(name)' "
                                        + "(remove that module first)")
            }
        }
        for record in owned.records {
            if let blocker = record.removalBlocker { throw refuse("\(blocker); only tier-0 code can be freed yet") }
        }
    }

    /// Maps code for `what`, reporting a failure (no memory, no mappings left) as running out of memory.
    private func mapping<Table>(_ what: String, _ make: () throws -> Table) throws -> Table {
        do { return try make() } catch { throw EngineError.outOfMemory("cannot map \(what): \(error)") }
    }

    // MARK: Lookup

    /// Program `index`, or nil once it was removed.
    func program(_ index: Int) -> LoadedProgram? { lock.withLock { programs[index] } }
    func function(named name: String) -> FunctionRecord? { lock.withLock { functions[name] } }
    var allFunctions: [FunctionRecord] { lock.withLock { functionOrder } }
    /// The function whose lazy stub has trampoline `id`.
    func function(trampolineID id: Int) -> FunctionRecord? {
        lock.withLock { byTrampoline.indices.contains(id) ? byTrampoline[id] : nil }
    }

    /// Checks that every symbol the programs at `indices` (all when nil) need is defined by a loaded module, the host,
    /// hotjit or the process.
    func checkUnresolvedSymbols(programs indices: [Int]? = nil) throws {
        let candidates = lock.withLock { () -> [(program: Int, names: [String])] in
            (indices ?? Array(requiredReferences.indices)).filter { !resolvedPrograms.contains($0) }.map { index in
                (index, requiredReferences[index].filter { definitions[$0] == nil })
            }
        }
        var missing: Set<String> = []
        var resolved: [Int] = []
        for (index, names) in candidates {
            let absent = names.filter { !ProcessSymbols.defines($0) }
            if absent.isEmpty { resolved.append(index) } else { missing.formUnion(absent) }
        }
        lock.withLock { resolvedPrograms.formUnion(resolved) }
        let sorted = missing.sorted()
        if let first = sorted.first {
            let others = sorted.dropFirst().prefix(5).joined(separator: ", ")
            let more = sorted.count > 1 ? " (and \(sorted.count - 1) more: \(others))" : ""
            throw EngineError.unresolvedSymbol("unresolved external symbol '\(first)'\(more)")
        }
    }

    /// The program that defines `name` (-1: the host or hotjit), or nil if nothing does.
    func owner(of name: String) -> Int? { lock.withLock { functions[name]?.programIndex ?? definitions[name] } }

    /// The address of a function (its stub: calling it compiles on first call), global variable or host symbol named
    /// `name`. Fails if the module that defines it needs a symbol nothing defines.
    func lookup(_ name: String) throws -> UInt64 {
        guard let owner = owner(of: name) else {
            throw EngineError.notFound("no symbol named '\(name)' in the loaded modules")
        }
        if owner >= 0 { try checkUnresolvedSymbols(programs: [owner]) }
        if let address = lock.withLock({ stubBindings[name] }) { return address }
        if let address = lock.withLock({ hostSymbols[name] }) { return address }
        do {
            return try session.lookup(name)
        } catch {
            throw EngineError.linking("cannot link '\(name)': \(error)")
        }
    }

    /// Static constructors and destructors of every module, each list in the order a native program runs it
    /// (priority, then module, then position).
    var staticConstructors: [String] { lock.withLock { Self.ordered(constructors) } }
    var staticDestructors: [String] { lock.withLock { Self.ordered(destructors) } }

    private static func ordered(_ entries: [StaticFunction]) -> [String] {
        entries.sorted { ($0.priority, $0.program, $0.position) < ($1.priority, $1.program, $1.position) }
            .map(\.function)
    }
}
