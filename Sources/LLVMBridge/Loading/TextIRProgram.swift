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
/// file. Files whose shape the index does not handle, or that use `blockaddress` (which ties a global to a function
/// body), are not loaded this way (`init` returns nil) and the caller parses them whole.
///
/// With `keepDebugInfo`, units keep their function's debug records, `!dbg` attachments and the debug metadata they
/// reach (compile units through `llvm.dbg.cu`); the skeleton never keeps any.
public final class TextIRProgram: @unchecked Sendable {
    private let index: TextIRIndex
    private let fileName: String
    private let keepsDebugInfo: Bool
    public let skeleton: ProgramModule
    /// Names after preparation -> names in the file.
    private let originalNames: [String: String]
    /// Line number (1-based) of each entity's first line, for mapping parse errors back.
    private let lineOfEntity: [Int]
    /// Serializes reads of the skeleton's LLVM context (declarations are built from it).
    private let skeletonLock = ConditionLock()

    public init?(text: [UInt8], name: String, context: IRContext, uniqueSuffix: String, defaultTriple: String,
                 defaultDataLayout: String, redirecting: [String: String], providedElsewhere: (String) -> Bool,
                 keepDebugInfo: Bool = false) throws {
        guard !Self.contains(text, "blockaddress("), let index = TextIRIndex(text: text) else { return nil }
        self.index = index
        self.fileName = name
        self.keepsDebugInfo = keepDebugInfo
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
                let entity = index.entities[entityIndex]
                let first = lines[entityIndex]
                if case .definition = entity.kind {
                    let bodyLines = Self.newlines(bytes, entity.range)
                    skeletonText.append(contentsOf: bytes[entity.headerRange])
                    skeletonText.append(contentsOf: Array("{\n  unreachable\n}\n".utf8))
                    skeletonLines.append(contentsOf: [first, first + 1, first + max(1, bodyLines - 1)])
                } else {
                    skeletonText.append(contentsOf: bytes[entity.range])
                    if bytes[entity.range.upperBound - 1] != UInt8(ascii: "\n") { skeletonText.append(UInt8(ascii: "\n")) }
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
            for (position, entity) in index.entities.enumerated() where !isEarly(entity.kind) && !isFunction(entity.kind) { emit(position) }
        }
        lineOfEntity = lines
        let buffer = skeletonText.withUnsafeBytes { MemoryBuffer(copying: $0, name: name) }
        do {
            skeleton = try ProgramModule(parsing: buffer, context: context, uniqueSuffix: uniqueSuffix, defaultTriple: defaultTriple,
                                         defaultDataLayout: defaultDataLayout, redirecting: redirecting,
                                         providedElsewhere: providedElsewhere)
        } catch let error as LLVMError {
            throw LLVMError(Self.relocated(error.message, file: name) { skeletonLine in
                skeletonLine >= 1 && skeletonLine <= skeletonLines.count ? skeletonLines[skeletonLine - 1] : skeletonLine
            })
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
    /// With `inlineLimit` > 0, up to that many functions it calls (up to `inlineCandidateDepth` calls deep) come along as
    /// `available_externally` definitions under their stubs' names: the optimizer may inline them, and calls it does
    /// not inline still go through the stubs.
    public func functionUnit(_ name: String, as symbol: String, context: IRContext, inlineLimit: Int = 0) throws -> IRModule {
        let original = originalNames[name] ?? name
        guard let entityIndex = index.definitions[original] else { throw LLVMError("no function body named '\(name)'") }
        let callees = inlineLimit > 0 ? calleeEntities(of: entityIndex, depth: inlineCandidateDepth, limit: inlineLimit) : []
        let (text, firstLineOfFunction) = skeletonLock.withLock { unitText(for: entityIndex, availableExternally: callees) }
        if let dump = getenv("HOTJIT_DEBUG_UNIT_TEXT") { // debugging aid: write each unit's text to DIR/NAME.ll
            // Names longer than a file name allows (C++ templates) are skipped rather than crash the debugging aid.
            if let file = fopen(String(cString: dump) + "/" + original + ".ll", "w") {
                text.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, $0.count, file) }
                fclose(file)
            }
        }
        let module: IRModule
        do {
            module = try text.withUnsafeBytes { try IRModule.parse(MemoryBuffer(copying: $0, name: "\(fileName)#unit"), context: context) }
        } catch let error as LLVMError {
            let fileLine = lineOfEntity[entityIndex]
            throw LLVMError(Self.relocated(error.message, file: fileName, unit: true) { line in
                line >= firstLineOfFunction ? line - firstLineOfFunction + fileLine : line
            })
        }
        try skeleton.prepareUnit(module, definedFunction: original, preparedName: name, symbol: symbol,
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

    /// The unit's text: preamble, referenced types, attribute groups, declarations of referenced globals, the
    /// function (comdat dropped; debug records and `!dbg` attachments dropped unless debug info is kept), referenced
    /// metadata and module flags (and `llvm.dbg.cu` when that metadata reaches a compile unit).
    /// Returns it with the line number at which the function's header stands.
    private func unitText(for entityIndex: Int, availableExternally callees: [Int] = []) -> ([UInt8], Int) {
        let entity = index.entities[entityIndex]
        var references = TextIRReferences()
        var out: [UInt8] = []
        var functionText: [UInt8] = []
        var calleeText: [UInt8] = []
        let calleeNames: Set<String> = Set(callees.compactMap { position in
            if case .definition(let name) = index.entities[position].kind { return name } else { return nil }
        })
        index.text.withUnsafeBufferPointer { bytes in
            let debugInfo = keepsDebugInfo
            func body(_ range: Range<Int>) -> [UInt8] { debugInfo ? Array(bytes[range]) : Self.strippingDebugInfo(bytes, range) }
            functionText = body(entity.range)
            functionText.withUnsafeBufferPointer { references.scan($0, 0..<$0.count, knownTypes: index.types) }
            functionText = Self.strippingComdat(functionText)
            for callee in callees {
                var text = Self.strippingComdat(body(index.entities[callee].range))
                text.withUnsafeBufferPointer { references.scan($0, 0..<$0.count, knownTypes: index.types) }
                text = Self.withLinkage("available_externally", text)
                calleeText.append(contentsOf: text)
            }

            if index.metadata["llvm.module.flags"] != nil { references.metadata.insert("llvm.module.flags") }
            references.metadata.remove("dbg")
            // Metadata referenced by metadata, and globals metadata names (`!{ptr @f}`): close over them.
            var metadata: Set<Int> = []
            var pendingMetadata = references.metadata.compactMap { index.metadata[$0] }
            func closeMetadata() {
                while let position = pendingMetadata.popLast() {
                    guard metadata.insert(position).inserted else { continue }
                    let nested = metadataReferences(of: position, bytes)
                    pendingMetadata.append(contentsOf: nested.metadata)
                    references.globals.formUnion(nested.globals)
                    references.types.formUnion(nested.types)
                }
            }
            closeMetadata()

            var declarations: [UInt8] = []
            for global in references.globals.sorted() where !calleeNames.contains(global) {
                guard global != { if case .definition(let own) = entity.kind { return own } else { return "" } }() else { continue }
                if let declaration = declaration(of: global, bytes) {
                    declarations.append(contentsOf: declaration.text)
                    declarations.append(UInt8(ascii: "\n"))
                    references.types.formUnion(declaration.types)
                    pendingMetadata.append(contentsOf: declaration.metadata)
                }
            }
            closeMetadata()
            // A compile unit must be listed in `llvm.dbg.cu` (even when debug info is about to be stripped: the parser
            // checks first). Loop metadata reaches one through its debug locations.
            if let units = index.metadata["llvm.dbg.cu"], !metadata.contains(units),
               metadata.contains(where: { metadataReferenceCache[$0]?.compileUnitText != nil }) {
                pendingMetadata.append(units)
                closeMetadata()
            }
            // Types referenced by types: close over them.
            var pendingTypes = Array(references.types)
            while let type = pendingTypes.popLast() {
                for name in typesNamed(byType: type, bytes) where references.types.insert(name).inserted { pendingTypes.append(name) }
            }

            // Only what the function needs, found through the index: the unit costs what the function costs.
            for position in index.preamble + index.attributeGroups + references.types.sorted().compactMap({ index.types[$0] }) {
                out.append(contentsOf: bytes[index.entities[position].range])
                if out.last != UInt8(ascii: "\n") { out.append(UInt8(ascii: "\n")) }
            }
            out.append(contentsOf: declarations)
            for position in metadata.sorted() {
                if let slim = metadataReferenceCache[position]?.compileUnitText {
                    out.append(contentsOf: slim)
                } else {
                    out.append(contentsOf: bytes[index.entities[position].range])
                }
                if out.last != UInt8(ascii: "\n") { out.append(UInt8(ascii: "\n")) }
            }
        }
        let functionLine = out.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        out.append(contentsOf: functionText)
        out.append(contentsOf: calleeText)
        return (out, functionLine)
    }

    /// What a metadata entity refers to: other metadata (entity positions), globals and named types; for a compile
    /// unit, also its text without module-wide fields.
    private struct MetadataReferences {
        var metadata: [Int]
        var globals: [String]
        var types: [String]
        var compileUnitText: [UInt8]?
    }

    /// A global's declaration for units, with the types and metadata it names, made once per global: units of one
    /// program declare the same callees (`printf`, `operator new`, the program's hot helpers) over and over. Nil when
    /// the global cannot be declared. Guarded by `skeletonLock`.
    private var declarationCache: [String: (text: [UInt8], types: Set<String>, metadata: [Int])?] = [:]

    private func declaration(of global: String, _ bytes: UnsafeBufferPointer<UInt8>) -> (text: [UInt8], types: Set<String>, metadata: [Int])? {
        if let known = declarationCache[global] { return known }
        var made: (text: [UInt8], types: Set<String>, metadata: [Int])?
        if let text = declarationText(for: global, bytes) {
            var nested = TextIRReferences()
            text.withUnsafeBufferPointer { nested.scan($0, 0..<$0.count, knownTypes: index.types) }
            made = (text, nested.types, nested.metadata.compactMap { index.metadata[$0] })
        }
        declarationCache[global] = made
        return made
    }

    /// The named types a named type's definition mentions, scanned once per type. Guarded by `skeletonLock`.
    private var typeReferenceCache: [String: Set<String>] = [:]

    private func typesNamed(byType type: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Set<String> {
        if let known = typeReferenceCache[type] { return known }
        var nested = TextIRReferences()
        nested.scan(bytes, index.entities[index.types[type]!].range, knownTypes: index.types)
        typeReferenceCache[type] = nested.types
        return nested.types
    }

    /// Each metadata entity's references, scanned once: units of one program share most of their metadata (a C++
    /// class's type graph, the compile unit). Guarded by `skeletonLock`.
    private var metadataReferenceCache: [Int: MetadataReferences] = [:]

    private func metadataReferences(of position: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> MetadataReferences {
        if let known = metadataReferenceCache[position] { return known }
        let range = index.entities[position].range
        var nested = TextIRReferences()
        var compileUnitText: [UInt8]?
        if Self.isCompileUnit(bytes, range) {
            let slim = Self.slimmingCompileUnit(Array(bytes[range]))
            slim.withUnsafeBufferPointer { nested.scan($0, 0..<$0.count, knownTypes: index.types) }
            compileUnitText = slim
        } else {
            nested.scan(bytes, range, knownTypes: index.types)
        }
        let references = MetadataReferences(metadata: nested.metadata.compactMap { index.metadata[$0] }, globals: Array(nested.globals),
                                            types: Array(nested.types), compileUnitText: compileUnitText)
        metadataReferenceCache[position] = references
        return references
    }

    /// A declaration for global `name` (a name in the file): the file's own `declare` line, a `define` header turned
    /// into a declaration, or, for variables and aliases, one built from the skeleton's type information.
    private func declarationText(for name: String, _ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        if let position = index.declarations[name] {
            return Array(bytes[index.entities[position].range]).filter { $0 != UInt8(ascii: "\n") }
        }
        if let position = index.definitions[name] {
            return Self.declaration(fromHeader: Array(bytes[index.entities[position].headerRange]))
        }
        return skeleton.declarationText(forOriginalName: name)
    }

    /// Functions (entity indices) the function at `entityIndex` calls or names, breadth-first to `depth` levels,
    /// at most `limit`, skipping large ones (over 16 KiB of text: unlikely to be inlined).
    private func calleeEntities(of entityIndex: Int, depth: Int, limit: Int) -> [Int] {
        var result: [Int] = []
        var seen: Set<Int> = [entityIndex]
        var frontier = [entityIndex]
        index.text.withUnsafeBufferPointer { bytes in
            for _ in 0..<depth {
                var next: [Int] = []
                for caller in frontier {
                    var references = TextIRReferences()
                    references.scan(bytes, index.entities[caller].range, knownTypes: [:])
                    for name in references.globals.sorted() {
                        guard let callee = index.definitions[name], seen.insert(callee).inserted,
                              index.entities[callee].range.count <= 16384 else { continue }
                        result.append(callee)
                        next.append(callee)
                        if result.count >= limit { return }
                    }
                }
                frontier = next
            }
        }
        return result
    }

    /// The linkage keywords a `define` line may start with (after `define `), longest first where one prefixes another.
    static let linkageKeywords = ["private ", "internal ", "available_externally ", "linkonce_odr ", "linkonce ", "weak_odr ",
                                  "weak ", "common ", "appending ", "external "]

    /// A definition's text with its linkage replaced by `linkage`.
    static func withLinkage(_ linkage: String, _ text: [UInt8]) -> [UInt8] {
        var rest = String(decoding: text, as: UTF8.self).dropFirst("define ".count)
        for old in linkageKeywords where rest.hasPrefix(old) { rest = rest.dropFirst(old.count); break }
        return Array(("define \(linkage) " + rest).utf8)
    }

    /// `define [linkage] ... @f(...) attrs [comdat] [personality T V]` -> `declare ... @f(...) attrs`.
    static func declaration(fromHeader header: [UInt8]) -> [UInt8] {
        var text = String(decoding: header, as: UTF8.self)
        text = String(text.dropFirst("define ".count))
        for linkage in linkageKeywords where text.hasPrefix(linkage) { text = String(text.dropFirst(linkage.count)); break }
        if let range = text.firstRange(of: " personality ") { text = String(text[..<range.lowerBound]) }
        // Metadata attachments (`!dbg !12`) are for definitions only.
        while let range = text.firstRange(of: " !") {
            var end = range.upperBound
            while end < text.endIndex, text[end] != " " { end = text.index(after: end) }        // the kind
            if end < text.endIndex, text[text.index(after: end)...].hasPrefix("!") {
                end = text.index(after: end)
                while end < text.endIndex, text[end] != " " { end = text.index(after: end) }    // the node
            }
            text.removeSubrange(range.lowerBound..<end)
        }
        var result = Array(("declare " + text).utf8)
        result = strippingComdat(result)
        return result
    }

    /// Removes ` comdat` and ` comdat($name)` from a define header (declarations may not be in a comdat).
    static func strippingComdat(_ text: [UInt8]) -> [UInt8] {
        let headerEnd = text.firstIndex(of: UInt8(ascii: "\n")) ?? text.count
        var header = String(decoding: text[..<headerEnd], as: UTF8.self)
        if let range = header.firstRange(of: " comdat(") , let close = header[range.upperBound...].firstIndex(of: ")") {
            header.removeSubrange(range.lowerBound...close)
        } else if let range = header.firstRange(of: " comdat") {
            let after = header[range.upperBound...]
            if after.isEmpty || after.first == " " || after.first == "{" { header.removeSubrange(range) }
        }
        return Array(header.utf8) + text[headerEnd...]
    }

    /// Whether the metadata entity at `range` is a `DICompileUnit`.
    static func isCompileUnit(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        let needle = Array("!DICompileUnit(".utf8)
        let end = min(range.upperBound, range.lowerBound + 64) - needle.count
        guard end >= range.lowerBound else { return false }
        return (range.lowerBound...end).contains { start in needle.indices.allSatisfy { bytes[start + $0] == needle[$0] } }
    }

    /// The fields of a compile unit that list module-wide entities (enums, retained types, globals, imported
    /// entities, macros): a function's unit needs none of them, and keeping them would make every unit carry (parse,
    /// and emit DWARF for) the whole program's types.
    static let moduleWideCompileUnitFields = ["enums", "retainedTypes", "globals", "imports", "macros"].map { Array(", \($0): !".utf8) }

    /// A `DICompileUnit` line without its module-wide fields (`, globals: !7` and the like).
    static func slimmingCompileUnit(_ text: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var index = 0
        var inString = false
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: "\"") { inString.toggle() }
            if !inString, byte == UInt8(ascii: ","), let field = moduleWideCompileUnitFields.first(where: { field in
                index + field.count <= text.count && field.indices.allSatisfy { text[index + $0] == field[$0] }
            }) {
                index += field.count
                while index < text.count && TextIRIndex.isNameByte(text[index]) { index += 1 }
                continue
            }
            out.append(byte)
            index += 1
        }
        return out
    }

    /// The function's text without debug records (`#dbg_...` lines) and `!dbg !N` attachments; other lines kept so
    /// line numbers stay those of the file.
    static func strippingDebugInfo(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var lineStart = range.lowerBound
        while lineStart < range.upperBound {
            let lineEnd = TextIRIndex.endOfLine(bytes, from: lineStart)
            var content = lineStart
            while content < lineEnd && (bytes[content] == UInt8(ascii: " ") || bytes[content] == UInt8(ascii: "\t")) { content += 1 }
            if content + 5 <= lineEnd && TextIRIndex.hasPrefix(bytes, content..<lineEnd, "#dbg_") {
                out.append(UInt8(ascii: "\n"))
            } else {
                var index = lineStart
                while index < lineEnd {
                    if bytes[index] == UInt8(ascii: "!") && TextIRIndex.hasPrefix(bytes, index..<lineEnd, "!dbg !") {
                        // Drop the attachment and its preceding ", " or " ".
                        while let last = out.last, last == UInt8(ascii: " ") || last == UInt8(ascii: ",") { out.removeLast() }
                        index += 6
                        while index < lineEnd && TextIRIndex.isNameByte(bytes[index]) { index += 1 }
                        if index < lineEnd && bytes[index] != UInt8(ascii: "\n") { out.append(UInt8(ascii: " ")) }
                        continue
                    }
                    out.append(bytes[index])
                    index += 1
                }
            }
            lineStart = lineEnd
        }
        return out
    }
}
