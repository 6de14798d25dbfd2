// Why this file exists: a unit assembled from text needs lines the file does not have in that form: a `define`
// header turned into a declaration, a callee's definition made `available_externally`, comdats and debug records
// dropped, and declarations of globals printed from the skeleton. These are those rewrites of IR text.
import CLLVM
import HotJITSupport

extension TextIRProgram {
    /// The linkage keywords a `define` line may start with (after `define `), longest first where one prefixes another.
    static let linkageKeywords = ["private ", "internal ", "available_externally ", "linkonce_odr ", "linkonce ",
                                  "weak_odr ", "weak ", "common ", "appending ", "external "]

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
        for linkage in linkageKeywords where text.hasPrefix(linkage) {
            text = String(text.dropFirst(linkage.count))
            break
        }
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

    /// The function's text without debug records (`#dbg_...` lines) and `!dbg !N` attachments; other lines kept so
    /// line numbers stay those of the file.
    /// A body without "dbg" anywhere (a program built without `-g`) is copied as it is: glibc's memmem is many times
    /// faster than the line-by-line rewrite (issue 15).
    static func strippingDebugInfo(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [UInt8] {
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        if hotjit_memory_contains(slice.baseAddress, slice.count, "dbg", 3) == 0 { return Array(slice) }
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var lineStart = range.lowerBound
        while lineStart < range.upperBound {
            let lineEnd = TextIRIndex.endOfLine(bytes, from: lineStart)
            var content = lineStart
            while content < lineEnd && (bytes[content] == UInt8(ascii: " ") || bytes[content] == UInt8(ascii: "\t")) {
                content += 1
            }
            if content + 5 <= lineEnd && TextIRIndex.hasPrefix(bytes, content..<lineEnd, "#dbg_") {
                out.append(UInt8(ascii: "\n"))
            } else {
                var index = lineStart
                while index < lineEnd {
                    if bytes[index] == UInt8(ascii: "!") && TextIRIndex.hasPrefix(bytes, index..<lineEnd, "!dbg !") {
                        // Drop the attachment and its preceding ", " or " ".
                        while let last = out.last, last == UInt8(ascii: " ") || last == UInt8(ascii: ",") {
                            out.removeLast()
                        }
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

/// A type as IR text; a named struct by its name (LLVM prints a named struct's whole definition).
func typeText(_ type: LLVMTypeRef) -> String {
    if LLVMGetTypeKind(type) == LLVMStructTypeKind, let name = LLVMGetStructName(type) {
        return "%" + String(quotedGlobal(String(cString: name)).dropFirst())
    }
    return LLVMError.takeMessage(LLVMPrintTypeToString(type))
}

/// IR text for an external declaration of a global variable (`@"name" = external global TYPE, align N`).
func variableDeclarationText(_ variable: LLVMValueRef, name: String) -> String {
    let type = typeText(LLVMGlobalGetValueType(variable))
    let addressSpace = LLVMGetPointerAddressSpace(LLVMTypeOf(variable))
    let isVariable = LLVMIsAGlobalVariable(variable) != nil
    var tls = ""
    switch isVariable ? LLVMGetThreadLocalMode(variable) : LLVMNotThreadLocal {
    case LLVMNotThreadLocal: tls = ""
    case LLVMLocalDynamicTLSModel: tls = "thread_local(localdynamic) "
    case LLVMInitialExecTLSModel: tls = "thread_local(initialexec) "
    case LLVMLocalExecTLSModel: tls = "thread_local(localexec) "
    default: tls = "thread_local "
    }
    let weak = LLVMGetLinkage(variable) == LLVMExternalWeakLinkage ? "extern_weak" : "external"
    let space = addressSpace == 0 ? "" : "addrspace(\(addressSpace)) "
    let alignment = isVariable ? LLVMGetAlignment(variable) : 0
    let align = alignment > 0 ? ", align \(alignment)" : ""
    return "\(quotedGlobal(name)) = \(weak) \(tls)\(space)global \(type)\(align)"
}

/// `@name`, quoted and escaped when the name needs it.
func quotedGlobal(_ name: String) -> String {
    let plain = !name.isEmpty && name.utf8.allSatisfy { TextIRIndex.isNameByte($0) } && !(name.first!.isNumber)
    if plain { return "@" + name }
    var escaped = "@\""
    for byte in name.utf8 {
        if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x7F {
            let hex = String(byte, radix: 16, uppercase: true)
            escaped += "\\" + (hex.count == 1 ? "0" + hex : hex)
        } else {
            escaped.unicodeScalars.append(Unicode.Scalar(byte))
        }
    }
    return escaped + "\""
}

extension ProgramModule {
    /// A declaration, in IR text with the source name, of the global (variable, alias) the source called `name`.
    func declarationText(forOriginalName name: String) -> [UInt8]? {
        if let text = threadLocalDeclarations[name] { return Array(text.utf8) }
        let linkName = renamedSymbols[name] ?? name
        if let variable = LLVMGetNamedGlobal(source.module, linkName) {
            return Array(variableDeclarationText(variable, name: name).utf8)
        }
        if let alias = LLVMGetNamedGlobalAlias(source.module, linkName, linkName.utf8.count) {
            let valueType = LLVMGlobalGetValueType(alias)!
            guard LLVMGetTypeKind(valueType) == LLVMFunctionTypeKind else {
                return Array(variableDeclarationText(alias, name: name).utf8)
            }
            let returnType = typeText(LLVMGetReturnType(valueType))
            var parameters = [LLVMTypeRef?](repeating: nil, count: Int(LLVMCountParamTypes(valueType)))
            parameters.withUnsafeMutableBufferPointer { LLVMGetParamTypes(valueType, $0.baseAddress) }
            var list = parameters.map { typeText($0!) }
            if LLVMIsFunctionVarArg(valueType) != 0 { list.append("...") }
            return Array("declare \(returnType) \(quotedGlobal(name))(\(list.joined(separator: ", ")))".utf8)
        }
        return nil
    }
}
