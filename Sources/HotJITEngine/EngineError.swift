/// Why an engine operation failed. Each case carries the one-line message a user sees.
public enum EngineError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A file could not be read.
    case io(String)
    /// IR that does not parse or verify (the message has file:line:col where the parser knows it).
    case invalidIR(String)
    /// A module built for another target.
    case wrongTarget(String)
    /// A symbol nothing defines.
    case unresolvedSymbol(String)
    /// A name the host asked for that does not exist.
    case notFound(String)
    /// LLVM failed to compile or link something.
    case compile(String)
    /// Something hotjit does not support (yet).
    case unsupported(String)
    /// No memory or no mappings left for code.
    case outOfMemory(String)
    /// A host's request that cannot be honoured as given (a host symbol defined twice, ...).
    case invalidArgument(String)
    /// Something still in use by something else (a module whose names another loaded module uses).
    case inUse(String)

    public var description: String {
        switch self {
        case .io(let m), .invalidIR(let m), .wrongTarget(let m), .unresolvedSymbol(let m), .notFound(let m),
             .compile(let m), .unsupported(let m), .outOfMemory(let m), .invalidArgument(let m), .inUse(let m):
            return m
        }
    }

    /// A failure of LLVM's linking or code generation (`message`), as what it is: a symbol nothing defines (ORC's
    /// `Symbols not found: [ a, b ]`, named as hotjit names them everywhere else), no memory or mappings left for
    /// code, or else a compile error.
    public static func linking(_ message: String) -> EngineError {
        if let start = message.firstRange(of: "Symbols not found: ["),
           let end = message[start.upperBound...].firstIndex(of: "]") {
            let names = message[start.upperBound..<end].split(separator: ",")
                .map { trimmed($0, " ") }.filter { !$0.isEmpty }
            if let first = names.first {
                let more = names.count > 1 ? " (and \(names.count - 1) more: "
                    + names.dropFirst().prefix(5).joined(separator: ", ") + ")" : ""
                var before = message[..<start.lowerBound]
                if let materialize = before.firstRange(of: "Failed to materialize symbols") {
                    before = before[..<materialize.lowerBound]   // ORC's internal names say nothing to a host
                }
                let prefix = trimmed(before, " :()")
                return .unresolvedSymbol((prefix.isEmpty ? "" : "\(prefix): ")
                                         + "unresolved external symbol '\(first)'\(more)")
            }
        }
        if message.contains("Cannot allocate memory") || message.contains("Out of memory")
            || message.contains("out of memory") {
            return .outOfMemory(message)
        }
        return .compile(message)
    }

    private static func trimmed(_ text: Substring, _ characters: String) -> String {
        var text = text
        while let first = text.first, characters.contains(first) { text.removeFirst() }
        while let last = text.last, characters.contains(last) { text.removeLast() }
        return String(text)
    }
}
