import LLVMBridge

/// Turns LLVM's reports about bad IR into the one-line messages hotjit promises: `file:line:col: message` for text
/// IR, `file: invalid bitcode: message` for bitcode, a verifier report folded onto one line.
enum IRDiagnostics {
    static func oneLine(_ raw: String, file: String) -> String {
        let lines = raw.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        if raw.hasPrefix("invalid module") {
            return "\(file): " + lines.filter { !$0.hasPrefix(" ") }.joined(separator: "; ")
        }
        var message = lines.first ?? "unknown error"
        if message.hasPrefix(file) { message = String(message.dropFirst(file.count)) }
        let hasLocation = message.first == ":" && message.dropFirst().first?.isNumber == true
        if let range = message.firstRange(of: "error: ") { message.removeSubrange(range) }
        if hasLocation { return file + message }
        while message.first == ":" || message.first == " " { message.removeFirst() }
        return "\(file): invalid bitcode: \(message)"
    }

    /// A verifier failure as `file:line: message` (or `file: message` where the line is unknown).
    static func oneLine(_ failure: VerificationFailure, file: String) -> String {
        "\(file)\(failure.line.map { ":\($0)" } ?? ""): \(failure.message)"
    }
}
