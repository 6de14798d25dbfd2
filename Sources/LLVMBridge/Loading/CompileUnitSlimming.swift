// Why this file exists: a function's unit needs its compile unit, but not the whole program's type graph that the
// compile unit's module-wide lists reach. Both loaders slim compile units the same way, by the one field list here:
// the whole-module loader on the parsed module, the deferred text loader on a compile unit's text before parsing.
import CLLVM

/// Removes a `DICompileUnit`'s lists of module-wide entities (enums, retained types, globals, imported entities,
/// macros). A function's module needs none of them, and keeping them would make every function's module carry
/// (write, parse, and emit DWARF for) the whole program's types.
enum CompileUnitSlimming {
    /// The module-wide fields: their name in IR text and their operand index in a `DICompileUnit` node.
    static let moduleWideFields: [(name: String, operand: UInt32)] = [
        ("enums", 4), ("retainedTypes", 5), ("globals", 6), ("imports", 7), ("macros", 8),
    ]

    // MARK: - In a parsed module

    /// Empties the module-wide fields of every compile unit `llvm.dbg.cu` lists.
    static func slimCompileUnits(of module: LLVMModuleRef) {
        let lastOperand = moduleWideFields.map(\.operand).max() ?? 0
        for unit in compileUnits(of: module)
        where LLVMGetMetadataKind(LLVMValueAsMetadata(unit)) == LLVMDICompileUnitMetadataKind
            && LLVMGetMDNodeNumOperands(unit) > lastOperand {
            for field in moduleWideFields { LLVMReplaceMDNodeOperandWith(unit, field.operand, nil) }
        }
    }

    /// The operands of `llvm.dbg.cu`: the compile units debug info hangs off (code generation emits DWARF only for
    /// those listed there).
    static func compileUnits(of module: LLVMModuleRef) -> [LLVMValueRef] {
        let count = Int(LLVMGetNamedMetadataNumOperands(module, "llvm.dbg.cu"))
        var units = [LLVMValueRef?](repeating: nil, count: count)
        if !units.isEmpty {
            units.withUnsafeMutableBufferPointer { LLVMGetNamedMetadataOperands(module, "llvm.dbg.cu", $0.baseAddress) }
        }
        return units.compactMap { $0 }
    }

    // MARK: - In IR text

    /// The fields as they appear in a printed compile unit (`, globals: !7`), without the node number.
    private static let textFields = moduleWideFields.map { Array(", \($0.name): !".utf8) }

    /// Whether the metadata entity at `range` is a `DICompileUnit`.
    static func isCompileUnit(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        let needle = Array("!DICompileUnit(".utf8)
        let end = min(range.upperBound, range.lowerBound + 64) - needle.count
        guard end >= range.lowerBound else { return false }
        return (range.lowerBound...end).contains { start in
            needle.indices.allSatisfy { bytes[start + $0] == needle[$0] }
        }
    }

    /// A `DICompileUnit` line without its module-wide fields (`, globals: !7` and the like).
    static func slimming(_ text: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var index = 0
        var inString = false
        while index < text.count {
            let byte = text[index]
            if byte == UInt8(ascii: "\"") { inString.toggle() }
            if !inString, byte == UInt8(ascii: ","), let field = textFields.first(where: { field in
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
}
