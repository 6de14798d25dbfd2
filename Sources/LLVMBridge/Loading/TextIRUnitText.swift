// Why this file exists: a deferred function's unit is IR text assembled from the file: the function's own text plus
// just what it refers to (declarations, types, attribute groups, metadata), found through the index, so that a unit
// costs what its function costs and not what the whole file does. This builds that text.
import CLLVM

extension TextIRProgram {
    /// The unit's text: preamble, referenced types, attribute groups, declarations of referenced globals, the
    /// function (comdat dropped; debug records and `!dbg` attachments dropped unless debug info is kept), referenced
    /// metadata and module flags (and `llvm.dbg.cu` when that metadata reaches a compile unit).
    /// Returns it with the line number at which the function's header stands.
    func unitText(for entityIndex: Int, availableExternally callees: [Int] = []) -> ([UInt8], Int) {
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
            func body(_ range: Range<Int>) -> [UInt8] {
                debugInfo ? Array(bytes[range]) : Self.strippingDebugInfo(bytes, range)
            }
            functionText = body(entity.range)
            functionText.withUnsafeBufferPointer {
                references.scan($0, 0..<$0.count, knownTypes: index.types, numberedTypes: index.hasNumberedTypes)
            }
            functionText = Self.strippingComdat(functionText)
            for callee in callees {
                var text = Self.strippingComdat(body(index.entities[callee].range))
                text.withUnsafeBufferPointer {
                    references.scan($0, 0..<$0.count, knownTypes: index.types, numberedTypes: index.hasNumberedTypes)
                }
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
            // The function's block-address tables, defined here (internal): the skeleton does not have them.
            if case .definition(let own) = entity.kind {
                for table in blockAddressTables.tablesOfOwner[own] ?? [] {
                    var nested = TextIRReferences()
                    nested.scan(bytes, index.entities[table].range, knownTypes: index.types)
                    references.types.formUnion(nested.types)
                    references.attributeGroups.formUnion(nested.attributeGroups)
                    pendingMetadata.append(contentsOf: nested.metadata.compactMap { index.metadata[$0] })
                    declarations.append(contentsOf: bytes[index.entities[table].range])
                    if declarations.last != UInt8(ascii: "\n") { declarations.append(UInt8(ascii: "\n")) }
                    if case .global(let name) = index.entities[table].kind { references.globals.remove(name) }
                }
            }
            for global in references.globals.sorted() where !calleeNames.contains(global) {
                guard global != { if case .definition(let own) = entity.kind { return own } else { return "" } }()
                else { continue }
                if let declaration = declaration(of: global, bytes) {
                    declarations.append(contentsOf: declaration.text)
                    declarations.append(UInt8(ascii: "\n"))
                    references.types.formUnion(declaration.types)
                    references.attributeGroups.formUnion(declaration.attributeGroups)
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
                for name in typesNamed(byType: type, bytes) where references.types.insert(name).inserted {
                    pendingTypes.append(name)
                }
            }

            // Only what the function needs, found through the index: the unit costs what the function costs. Of the
            // attribute groups too: a C file's 20-odd groups cost more to parse than a small function (issue 15).
            // A group named but not defined is left out, and the parser reports it at its use, as for the file.
            let attributeGroups = references.attributeGroups.compactMap { index.attributeGroupsByNumber[$0] }.sorted()
            for position in index.preamble + attributeGroups
                    + references.types.sorted().compactMap({ index.types[$0] }) {
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



    func declaration(of global: String, _ bytes: UnsafeBufferPointer<UInt8>) -> UnitDeclaration? {
        if let known = declarationCache[global] { return known }
        var made: UnitDeclaration?
        if let text = declarationText(for: global, bytes) {
            var nested = TextIRReferences()
            text.withUnsafeBufferPointer { nested.scan($0, 0..<$0.count, knownTypes: index.types) }
            made = UnitDeclaration(text: text, types: nested.types,
                                   metadata: nested.metadata.compactMap { index.metadata[$0] },
                                   attributeGroups: nested.attributeGroups)
        }
        declarationCache[global] = made
        return made
    }


    func typesNamed(byType type: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Set<String> {
        if let known = typeReferenceCache[type] { return known }
        var nested = TextIRReferences()
        nested.scan(bytes, index.entities[index.types[type]!].range, knownTypes: index.types)
        typeReferenceCache[type] = nested.types
        return nested.types
    }


    func metadataReferences(of position: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> MetadataReferences {
        if let known = metadataReferenceCache[position] { return known }
        let range = index.entities[position].range
        var nested = TextIRReferences()
        var compileUnitText: [UInt8]?
        if CompileUnitSlimming.isCompileUnit(bytes, range) {
            let slim = CompileUnitSlimming.slimming(Array(bytes[range]))
            slim.withUnsafeBufferPointer { nested.scan($0, 0..<$0.count, knownTypes: index.types) }
            compileUnitText = slim
        } else {
            nested.scan(bytes, range, knownTypes: index.types)
        }
        let references = MetadataReferences(metadata: nested.metadata.compactMap { index.metadata[$0] },
                                            globals: Array(nested.globals),
                                            types: Array(nested.types), compileUnitText: compileUnitText)
        metadataReferenceCache[position] = references
        return references
    }

    /// A declaration for global `name` (a name in the file): the file's own `declare` line, a `define` header turned
    /// into a declaration, or, for variables and aliases, one built from the skeleton's type information.
    func declarationText(for name: String, _ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        if let position = index.declarations[name] {
            return Array(bytes[index.entities[position].range]).filter { $0 != UInt8(ascii: "\n") }
        }
        if let position = index.definitions[name] {
            return Self.declaration(fromHeader: Array(bytes[index.entities[position].headerRange]))
        }
        return skeleton.declarationText(forOriginalName: name)
    }

    /// Functions (entity indices) the function at `entityIndex` calls or names: the inlining candidates of an
    /// optimized compile (see `CalleeWalk`), a function's callees being the definitions its text names, by name.
    func calleeEntities(of entityIndex: Int, depth: Int, limit: Int) -> [Int] {
        index.text.withUnsafeBufferPointer { bytes in
            CalleeWalk.candidates(of: entityIndex, depth: depth, limit: limit,
                                  callees: { definitionsNamed(byEntity: $0, bytes) },
                                  textBytes: { index.entities[$0].range.count })
        }
    }

    /// The definitions (entity indices) the text of entity `entityIndex` names, in name order.
    func definitionsNamed(byEntity entityIndex: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        var references = TextIRReferences()
        references.scan(bytes, index.entities[entityIndex].range, knownTypes: [:])
        return references.globals.sorted().compactMap { index.definitions[$0] }
    }
}
