// Why this file exists: deferred loading must find a text file's functions, globals, types and metadata without
// parsing it; this is the one linear scan that finds them.
/// An index of a textual LLVM IR file's top-level entities, built by one linear scan without parsing.
///
/// Why: parsing a large `.ll` file whole is slow (docs/decisions.md), and a lazy JIT needs only the module's
/// skeleton (globals, declarations, function signatures) up front. With this index hotjit parses the skeleton at load
/// and each function's text only when the function is first called (see `TextIRProgram`).
///
/// The scan recognizes the shape LLVM's own printer writes (one entity per line at column 0, function bodies ending in
/// a line `}`). Anything else makes `init` fail, and the caller parses the file whole: correctness never depends on
/// this index understanding a file, only speed does.
struct TextIRIndex {
    enum Kind: Equatable {
        case preamble                     // source_filename, target datalayout/triple
        case type(String)                 // %name = type ...
        case comdat
        case global(String)               // @name = ... global/constant/alias/ifunc
        case declaration(String)          // declare ... @name(...)
        case definition(String)           // define ... @name(...) ... { body }
        case attributes(Int)              // attributes #N = { ... }
        case metadata(String)             // !N = ... or !name = ... (key without the '!')
    }

    struct Entity {
        let kind: Kind
        /// The whole entity (for a definition: header line through the closing `}` line).
        let range: Range<Int>
        /// For a definition: the header line without its trailing `{`.
        let headerRange: Range<Int>
    }

    let text: [UInt8]
    private(set) var entities: [Entity] = []
    private(set) var definitions: [String: Int] = [:]
    private(set) var declarations: [String: Int] = [:]
    private(set) var types: [String: Int] = [:]
    private(set) var metadata: [String: Int] = [:]
    private(set) var attributeGroups: [Int] = []
    /// Attribute group number -> entity position: a unit carries only the groups its text names.
    private(set) var attributeGroupsByNumber: [Int: Int] = [:]
    /// Whether some named type is named by a number (`%0 = type ...`); if not, `%N` in a body is always a local.
    private(set) var hasNumberedTypes = false
    /// `source_filename`, `target datalayout`, `target triple` entities.
    private(set) var preamble: [Int] = []

    /// Indexes `text`; nil when the file has a shape this index does not handle (the caller then parses it whole).
    init?(text: [UInt8]) {
        self.text = text
        guard scan() else { return nil }
    }

    private mutating func scan() -> Bool {
        let count = text.count
        var position = 0
        return text.withUnsafeBufferPointer { bytes -> Bool in
            while position < count {
                let lineEnd = Self.endOfLine(bytes, from: position)
                let first = bytes[position]
                if first == UInt8(ascii: "\n") || first == UInt8(ascii: ";") {
                    position = lineEnd
                    continue
                }
                if first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
                    // A continuation of the previous entity (LLVM's printer does not write these; be safe).
                    return false
                }
                let line = position..<Self.trimmedEnd(bytes, position, lineEnd)
                if Self.hasPrefix(bytes, line, "define ") {
                    guard line.count > 0, bytes[line.upperBound - 1] == UInt8(ascii: "{"),
                          let name = Self.globalName(bytes, in: line) else { return false }
                    // The body runs to a line that is exactly "}".
                    var bodyEnd = lineEnd
                    var closed = false
                    while bodyEnd < count {
                        let end = Self.endOfLine(bytes, from: bodyEnd)
                        if bytes[bodyEnd] == UInt8(ascii: "}") && Self.trimmedEnd(bytes, bodyEnd, end) == bodyEnd + 1 {
                            bodyEnd = end
                            closed = true
                            break
                        }
                        bodyEnd = end
                    }
                    guard closed else { return false }
                    definitions[name] = entities.count
                    entities.append(Entity(kind: .definition(name), range: position..<bodyEnd,
                                           headerRange: line.lowerBound..<(line.upperBound - 1)))
                    position = bodyEnd
                    continue
                }
                let kind: Kind
                if Self.hasPrefix(bytes, line, "declare ") {
                    guard let name = Self.globalName(bytes, in: line) else { return false }
                    declarations[name] = entities.count
                    kind = .declaration(name)
                } else if first == UInt8(ascii: "@") {
                    guard let name = Self.name(bytes, at: position + 1, limit: line.upperBound)?.name else {
                        return false
                    }
                    kind = .global(name)
                } else if first == UInt8(ascii: "%") {
                    guard let name = Self.name(bytes, at: position + 1, limit: line.upperBound)?.name else {
                        return false
                    }
                    types[name] = entities.count
                    if name.utf8.first.map({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) ?? false {
                        hasNumberedTypes = true
                    }
                    kind = .type(name)
                } else if first == UInt8(ascii: "!") {
                    guard let name = Self.name(bytes, at: position + 1, limit: line.upperBound)?.name else {
                        return false
                    }
                    metadata[name] = entities.count
                    kind = .metadata(name)
                } else if first == UInt8(ascii: "$") {
                    kind = .comdat
                } else if Self.hasPrefix(bytes, line, "attributes #") {
                    guard let number = Self.name(bytes, at: position + 12, limit: line.upperBound)
                        .flatMap({ Int($0.name) }) else { return false }
                    attributeGroupsByNumber[number] = entities.count
                    attributeGroups.append(entities.count)
                    kind = .attributes(number)
                } else if Self.hasPrefix(bytes, line, "source_filename") || Self.hasPrefix(bytes, line, "target ") {
                    preamble.append(entities.count)
                    kind = .preamble
                } else {
                    return false // module asm, uselistorder, or something new: parse the whole file
                }
                entities.append(Entity(kind: kind, range: position..<lineEnd, headerRange: position..<lineEnd))
                position = lineEnd
            }
            return true
        }
    }

    // MARK: - Byte-level helpers

    static func endOfLine(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
        return min(index + 1, bytes.count)
    }

    /// The end of the line's content without trailing newline, spaces and a trailing `; comment`-free tail.
    static func trimmedEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var index = end
        while index > start, [UInt8(ascii: "\n"), UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")]
            .contains(bytes[index - 1]) {
            index -= 1
        }
        return index
    }

    static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard range.count >= count else { return false }
        let start = prefix.utf8Start
        for offset in 0..<count where bytes[range.lowerBound + offset] != start[offset] { return false }
        return true
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "$")
            || byte == UInt8(ascii: "-")
    }

    /// The name starting at `start` (after a sigil): plain, or quoted with `\XX` hex escapes. Returns it and its end.
    static func name(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, limit: Int) -> (name: String, end: Int)? {
        guard start < limit else { return nil }
        if bytes[start] == UInt8(ascii: "\"") {
            var decoded: [UInt8] = []
            var index = start + 1
            while index < limit && bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\"), index + 2 < limit, let high = hexValue(bytes[index + 1]),
                   let low = hexValue(bytes[index + 2]) {
                    decoded.append(high << 4 | low)
                    index += 3
                } else {
                    decoded.append(bytes[index])
                    index += 1
                }
            }
            guard index < limit else { return nil }
            return (String(decoding: decoded, as: UTF8.self), index + 1)
        }
        var index = start
        while index < limit && isNameByte(bytes[index]) { index += 1 }
        guard index > start else { return nil }
        return (String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self), index)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The first `@name` in a define/declare header (the function's own name: nothing before it names a global).
    static func globalName(_ bytes: UnsafeBufferPointer<UInt8>, in range: Range<Int>) -> String? {
        var index = range.lowerBound
        while index < range.upperBound {
            if bytes[index] == UInt8(ascii: "\"") { // skip a string such as a section name (none precede the name)
                return nil
            }
            if bytes[index] == UInt8(ascii: "@") { return name(bytes, at: index + 1, limit: range.upperBound)?.name }
            index += 1
        }
        return nil
    }
}
