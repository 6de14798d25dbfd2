// Why this file exists: LLVM reports errors as owned C strings and `LLVMErrorRef`s; this turns both into one
// Swift error that carries LLVM's message.
import CLLVM

/// An error reported by LLVM, with LLVM's own message.
public struct LLVMError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// Consumes an `LLVMErrorRef`; nil when it signals success.
    static func consume(_ error: LLVMErrorRef?) -> LLVMError? {
        guard let error else { return nil }
        let raw = LLVMGetErrorMessage(error)
        defer { LLVMDisposeErrorMessage(raw) }
        return LLVMError(raw.map { String(cString: $0) } ?? "unknown LLVM error")
    }

    /// Throws if `error` is a failure.
    static func check(_ error: LLVMErrorRef?) throws {
        if let failure = consume(error) { throw failure }
    }

    /// Takes ownership of a message LLVM allocated with `malloc`-style disposal (`LLVMDisposeMessage`).
    static func takeMessage(_ raw: UnsafeMutablePointer<CChar>?) -> String {
        guard let raw else { return "" }
        defer { LLVMDisposeMessage(raw) }
        return String(cString: raw)
    }
}
