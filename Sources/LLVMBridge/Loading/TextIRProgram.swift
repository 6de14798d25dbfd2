// Why this file exists: parsing a large `.ll` file whole is slow, and a lazy JIT needs only its skeleton up front. This
// is the deferred-text loader: the skeleton at load, each function's text on demand.
import CLLVM
import HotJITBase
#if canImport(Glibc)
import Glibc
import HotJITSupport
#endif

/// A textual IR program loaded lazily: at load only its skeleton is parsed (every function body replaced by
/// `unreachable`, line numbers kept), giving the prepared `ProgramModule` the engine needs for symbols, data and
/// constructors; a function's own text is parsed when it is first compiled, as a small module of its own in a fresh
/// context (`functionUnit`), holding the function and declarations of just what it refers to.
///
/// Errors in a function body therefore surface when that function is compiled, with the location in the original
/// file. Files whose shape the index does not handle, or that use `blockaddress` other than in a function's own
/// internal tables (see `TextIRBlockAddressTables`), are not loaded this way (`init` returns nil) and the caller
/// parses them whole.
///
/// With `keepDebugInfo`, units keep their function's debug records, `!dbg` attachments and the debug metadata they
/// reach (compile units through `llvm.dbg.cu`); the skeleton never keeps any.
public final class TextIRProgram: @unchecked Sendable {
    let index: TextIRIndex
    /// Tables of block addresses: in their function's units, not in the skeleton.
    let blockAddressTables: TextIRBlockAddressTables
    let fileName: String
    let keepsDebugInfo: Bool
    public let skeleton: ProgramModule
    /// Names after preparation -> names in the file.
    let originalNames: [String: String]
    /// Line number (1-based) of each entity's first line, for mapping parse errors back.
    let lineOfEntity: [Int]
    /// Serializes reads of the skeleton's LLVM context (declarations are built from it).
    let skeletonLock = ConditionLock()

    /// Indexes `text` (named `name`) and parses and prepares its skeleton as `options` asks (`deferFunctionParsing`
    /// aside); nil when the file cannot be loaded this way.
    public init?(text: [UInt8], name: String, context: IRContext, options: ProgramLoadOptions) throws {
        guard let index = TextIRIndex(text: text) else { return nil }
        var tables = TextIRBlockAddressTables()
        if Self.contains(text, "blockaddress(") {
            guard let found = TextIRBlockAddressTables(index: index) else { return nil }
            tables = found
        }
        blockAddressTables = tables
        self.index = index
        self.fileName = name
        self.keepsDebugInfo = options.keepDebugInfo
        // The skeleton lists functions before global variables: a variable's initializer naming a function not yet
        // seen is a forward reference, and LLVM's parser resolves each by rewriting the whole initializer (quadratic
        // for a table of thousands of function pointers). `skeletonLines` maps its lines back to the file's.
        var skeletonText: [UInt8] = []
        skeletonText.reserveCapacity(text.count / 4)
        var skeletonLines: [Int] = []
        var lines: [Int] = []
        text.withUnsafeBufferPointer { bytes in
            lines.reserveCapacity(index.entities.count)
            var line = 1
            var previousEnd = 0
            for entity in index.entities {
                line += Self.newlines(bytes, previousEnd..<entity.range.lowerBound)
                lines.append(line)
                line += Self.newlines(bytes, entity.range)
                previousEnd = entity.range.upperBound
            }
            func emit(_ entityIndex: Int) {
                if tables.isTable(entityIndex) { return }
                let entity = index.entities[entityIndex]
                let first = lines[entityIndex]
                if case .definition = entity.kind {
                    let bodyLines = Self.newlines(bytes, entity.range)
                    skeletonText.append(contentsOf: bytes[entity.headerRange])
                    skeletonText.append(contentsOf: Array("{\n  unreachable\n}\n".utf8))
                    skeletonLines.append(contentsOf: [first, first + 1, first + max(1, bodyLines - 1)])
                } else {
                    skeletonText.append(contentsOf: bytes[entity.range])
                    if bytes[entity.range.upperBound - 1] != UInt8(ascii: "\n") {
                        skeletonText.append(UInt8(ascii: "\n"))
                    }
                    skeletonLines.append(first)
                }
            }
            func isFunction(_ kind: TextIRIndex.Kind) -> Bool {
                switch kind {
                case .definition, .declaration: return true
                default: return false
                }
            }
            func isEarly(_ kind: TextIRIndex.Kind) -> Bool {
                switch kind {
                case .preamble, .type, .comdat: return true
                default: return false
                }
            }
            for (position, entity) in index.entities.enumerated() where isEarly(entity.kind) { emit(position) }
            for (position, entity) in index.entities.enumerated() where isFunction(entity.kind) { emit(position) }
            for (position, entity) in index.entities.enumerated()
            where !isEarly(entity.kind) && !isFunction(entity.kind) { emit(position) }
        }
        lineOfEntity = lines
        let buffer = skeletonText.withUnsafeBytes { MemoryBuffer(copying: $0, name: name) }
        do {
            skeleton = try ProgramModule(parsing: buffer, context: context, uniqueSuffix: options.uniqueSuffix,
                                         defaultTriple: options.defaultTriple,
                                         defaultDataLayout: options.defaultDataLayout,
                                         redirecting: options.redirections,
                                         providedElsewhere: options.providedElsewhere)
        } catch let error as LLVMError {
            throw LLVMError(Self.relocated(error.message, file: name) { skeletonLine in
                skeletonLine >= 1 && skeletonLine <= skeletonLines.count
                    ? skeletonLines[skeletonLine - 1] : skeletonLine
            })
        } catch let failure as VerificationFailure {
            // Lines of the skeleton are not the file's; the message alone still names what is wrong.
            throw VerificationFailure(line: failure.line.map { $0 >= 1 && $0 <= skeletonLines.count
                                                               ? skeletonLines[$0 - 1] : $0 },
                                      message: failure.message)
        }
        var originals: [String: String] = [:]
        for (original, renamed) in skeleton.renamedSymbols { originals[renamed] = original }
        originalNames = originals
    }

    private static func contains(_ text: [UInt8], _ needle: StaticString) -> Bool {
        // glibc's memmem (two-way search, vectorized): this runs over the whole file at load.
        text.withUnsafeBytes { bytes in
            hotjit_memory_contains(bytes.baseAddress, bytes.count, needle.utf8Start, needle.utf8CodeUnitCount) != 0
        }
    }

    private static func newlines(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var count = 0
        for index in range where bytes[index] == UInt8(ascii: "\n") { count += 1 }
        return count
    }

    /// Function `name` (its prepared name) as a module of its own in `context`, named `symbol`, prepared like the
    /// skeleton (names, `atexit`/`exit` redirections, emulated TLS). References to the function itself go to `name`
    /// (its stub), so `&f` stays one value.
    ///
    /// With `inlineLimit` > 0, up to that many functions it calls (up to `inlineCandidateDepth` calls deep) come along
    /// as `available_externally` definitions under their stubs' names: the optimizer may inline them, and calls it does
    /// not inline still go through the stubs.
    public func functionUnit(_ name: String, as symbol: String, context: IRContext,
                             inlineLimit: Int = 0, companions: [String] = []) throws -> IRModule {
        let original = originalNames[name] ?? name
        guard let entityIndex = index.definitions[original] else { throw LLVMError("no function body named '\(name)'") }
        let companionEntities = companions.compactMap { index.definitions[originalNames[$0] ?? $0] }
        // A function with block-address tables is not a callee copy (its tables live in its own units only).
        let walked = inlineLimit > 0
            ? calleeEntities(of: entityIndex, depth: inlineCandidateDepth, limit: inlineLimit).filter { position in
                guard case .definition(let callee) = index.entities[position].kind else { return true }
                return !blockAddressTables.isOwner(callee) && !companionEntities.contains(position)
            } : []
        let callees = companionEntities + walked
        let (text, firstLineOfFunction) = skeletonLock.withLock {
            unitText(for: entityIndex, availableExternally: callees)
        }
        if let dump = getenv("HOTJIT_DEBUG_UNIT_TEXT") { // debugging aid: write each unit's text to DIR/NAME.ll
            // Names longer than a file name allows (C++ templates) are skipped rather than crash the debugging aid.
            if let file = fopen(String(cString: dump) + "/" + original + ".ll", "w") {
                text.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, $0.count, file) }
                fclose(file)
            }
        }
        let module: IRModule
        do {
            module = try text.withUnsafeBytes {
                try IRModule.parse(MemoryBuffer(copying: $0, name: "\(fileName)#unit"), context: context)
            }
        } catch let error as LLVMError {
            let fileLine = lineOfEntity[entityIndex]
            throw LLVMError(Self.relocated(error.message, file: fileName, unit: true) { line in
                line >= firstLineOfFunction ? line - firstLineOfFunction + fileLine : line
            })
        }
        try skeleton.prepareDeferredUnit(module, definedFunction: original,
                                         companions: companions.map { originalNames[$0] ?? $0 },
                                         preparedName: name, symbol: symbol,
                                 keepDebugInfo: keepsDebugInfo)
        return module
    }

    /// Rewrites `NAME:L:C: ...` (or `NAME#unit:L:C: ...`, a line of a function unit) to the file's line.
    private static func relocated(_ message: String, file: String, unit: Bool = false, map: (Int) -> Int) -> String {
        let prefix = file + (unit ? "#unit:" : ":")
        guard message.hasPrefix(prefix) else { return message }
        let rest = message.dropFirst(prefix.count)
        let digits = rest.prefix { $0.isNumber }
        guard let line = Int(digits) else { return message }
        return "\(file):\(map(line))" + rest.dropFirst(digits.count)
    }

    /// What a metadata entity refers to: other metadata (entity positions), globals and named types; for a compile
    /// unit, also its text without module-wide fields.
    struct MetadataReferences {
        var metadata: [Int]
        var globals: [String]
        var types: [String]
        var compileUnitText: [UInt8]?
    }

    /// A global's declaration for units, with the types and metadata it names, made once per global: units of one
    /// program declare the same callees (`printf`, `operator new`, the program's hot helpers) over and over. Nil when
    /// the global cannot be declared. Guarded by `skeletonLock`.
    var declarationCache: [String: UnitDeclaration?] = [:]

    /// A global's declaration as units write it, and what it names (types, metadata positions, attribute groups).
    struct UnitDeclaration {
        var text: [UInt8]
        var types: Set<String>
        var metadata: [Int]
        var attributeGroups: Set<Int>
    }

    /// The named types a named type's definition mentions, scanned once per type. Guarded by `skeletonLock`.
    var typeReferenceCache: [String: Set<String>] = [:]

    /// Each metadata entity's references, scanned once: units of one program share most of their metadata (a C++
    /// class's type graph, the compile unit). Guarded by `skeletonLock`.
    var metadataReferenceCache: [Int: MetadataReferences] = [:]
}

extension TextIRProgram: ProgramSource {
    var preparedModule: ProgramModule { skeleton }

    func line(of snippet: String, inFunction name: String) -> Int? {
        guard let entityIndex = index.definitions[originalNames[name] ?? name] else { return nil }
        return VerificationFailure.line(of: snippet, in: index.text[index.entities[entityIndex].range],
                                        firstLine: lineOfEntity[entityIndex])
    }

    func functionUnit(_ name: String, as symbol: String, ownedSuffix: String, inlineLimit: Int,
                      companions: [String]) throws -> IRModule {
        try functionUnit(name, as: symbol, context: IRContext(), inlineLimit: inlineLimit, companions: companions)
    }

    func companionCandidates(of name: String, limit: Int) -> [String] {
        guard let root = index.definitions[originalNames[name] ?? name] else { return [] }
        return index.text.withUnsafeBufferPointer { bytes in
            CalleeWalk.candidates(of: root, depth: companionDepth, limit: limit,
                                  largestTextBytes: CalleeWalk.largestCompanionTextBytes, callees: { caller in
                definitionsNamed(byEntity: caller, bytes).filter { position in
                    guard case .definition(let callee) = index.entities[position].kind else { return false }
                    return !blockAddressTables.isOwner(callee)
                }
            }, textBytes: { index.entities[$0].range.count })
        }.compactMap { position in
            guard case .definition(let callee) = index.entities[position].kind else { return nil }
            return skeleton.renamedSymbols[callee] ?? callee
        }
    }
}
