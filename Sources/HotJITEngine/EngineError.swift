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

    public var description: String {
        switch self {
        case .io(let m), .invalidIR(let m), .wrongTarget(let m), .unresolvedSymbol(let m), .notFound(let m),
             .compile(let m), .unsupported(let m), .outOfMemory(let m):
            return m
        }
    }
}
