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
    let hostTriple: String
    let hostDataLayout: String
    /// Compiles a function on its first call (the lazy stub's resolve function); set once, before any module.
    var firstCall: ((FunctionRecord) -> Result<UInt64, CallbackManager.ResolveFailure>)?
    /// Where new records send their tier-up triggers; set once, before any module.
    weak var tiering: TieringManager?

    private let lock = ConditionLock()
    private var programs: [LoadedProgram] = []
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
    /// Programs whose required references were all found once (they stay found: definitions are never removed).
    private var resolvedPrograms: Set<Int> = []
    /// Names the host defined for JIT'd code (`hotjit_engine_define_symbols`): name -> address.
    private var hostSymbols: [String: UInt64] = [:]
    typealias StaticFunction = (priority: Int, program: Int, position: Int, function: String)
    private var constructors: [StaticFunction] = []
    private var destructors: [StaticFunction] = []
    /// Keeps stub tables and call-counting thunk tables alive as long as the engine.
    private var stubTables: [StubTable] = []
    private var thunkTables: [CountingThunkTable] = []

    init(options: EngineOptions, emitter: any ArchEmitter, callbacks: CallbackManager, session: JITSession,
         machines: TargetMachinePool, codeMap: CodeMap, dumper: CompilationDumper?) {
        self.options = options
        self.emitter = emitter
        self.callbacks = callbacks
        self.session = session
        self.machines = machines
        self.codeMap = codeMap
        self.dumper = dumper
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
                    throw EngineError.invalidArgument("'\(name)' is already defined by "
                                                      + (owner >= 0 ? programs[owner].path : "hotjit"))
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
        }
    }

    // MARK: Loading

    /// Parses the module in `buffer` (named `name` in messages) and enters it.
    func add(buffer: MemoryBuffer, name: String) throws {
        try lock.withLock {
            let program = try parse(buffer, name: name, index: programs.count)
            try checkTarget(program.module.source.triple, file: name)
            try register(program)
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
    private func register(_ program: LoadedProgram) throws {
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
        let newFunctions = symbols.filter { $0.kind == .function && $0.isDefinition && !skipped.contains($0.name) }
        var absolute = try makeStubs(for: newFunctions, of: program)
        for symbol in symbols
        where symbol.kind == .alias && !skipped.contains(symbol.name) && symbol.aliaseeIsFunction {
            guard let target = symbol.aliasee.flatMap({ functions[$0] }) else {
                throw EngineError.unsupported("\(program.path): alias '\(symbol.sourceName)' of an undefined function")
            }
            absolute.append((symbol.name, target.stubAddress))
        }
        do {
            try session.defineAbsolute(absolute)
            let data = try program.module.makeDataModule(name: "\(program.path)#data", skipping: skipped)
            try session.addObject(try machines.withMachine(.none) { try $0.emitObject(data) })
        } catch let error as LLVMError {
            throw EngineError.linking("\(program.path): \(error.message)")
        }
        var required: [String] = []
        for symbol in symbols {
            if symbol.isDefinition {
                if !skipped.contains(symbol.name) { definitions[symbol.name] = program.index }
            } else if !symbol.isExternWeak && !symbol.name.hasPrefix("llvm.") {
                required.append(symbol.name)
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
    }

    /// A lazy stub and a record per function (and call-counting thunks where tier-up counts calls in them);
    /// returns the functions' names bound to their stubs. Under `lock`.
    private func makeStubs(for newFunctions: [GlobalSymbol], of program: LoadedProgram) throws
        -> [(name: String, address: UInt64)] {
        guard !newFunctions.isEmpty else { return [] }
        var mapEntries: [CodeMap.Entry] = []
        let table = try mapping("stubs") { try StubTable(emitter: emitter, count: newFunctions.count) }
        stubTables.append(table)
        var thunks: CountingThunkTable?
        if options.tiering.enabled, let thunkEmitter = emitter.countingThunks {
            let thunkTable = try mapping("call-counting thunks") {
                try CountingThunkTable(emitter: thunkEmitter, count: newFunctions.count)
            }
            thunkTables.append(thunkTable)
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
            if byTrampoline.count <= stub.trampolineID {
                byTrampoline.append(contentsOf: repeatElement(nil, count: stub.trampolineID + 1 - byTrampoline.count))
            }
            byTrampoline[stub.trampolineID] = record
            absolute.append((symbol.name, record.stubAddress))
        }
        for range in callbacks.resolverRanges where mappedResolvers.insert(range.lowerBound).inserted {
            mapEntries.append(.init(start: range.lowerBound, size: range.upperBound - range.lowerBound, name: "hotjit",
                                    kind: .resolver, tier: -1))
        }
        codeMap.add(mapEntries)
        dumper?.dumpStubs(mapEntries, emitter: emitter)
        return absolute
    }

    /// Maps code for `what`, reporting a failure (no memory, no mappings left) as running out of memory.
    private func mapping<Table>(_ what: String, _ make: () throws -> Table) throws -> Table {
        do { return try make() } catch { throw EngineError.outOfMemory("cannot map \(what): \(error)") }
    }

    // MARK: Lookup

    func program(_ index: Int) -> LoadedProgram { lock.withLock { programs[index] } }
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
        if let record = function(named: name) { return record.stubAddress }
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
