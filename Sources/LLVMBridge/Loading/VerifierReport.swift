// Why this file exists: LLVM's verifier reports what is wrong and prints the values concerned, but not which function
// they are in nor where in the file; a host's one-line error must say both. This turns the report into that line.

/// IR that LLVM's verifier rejected: a one-line message naming the function (when one is broken) and the values
/// concerned, and the line of the file where the last of them is (when the IR is text and the value is found there).
public struct VerificationFailure: Error, Sendable, Equatable {
    public let line: Int?
    public let message: String

    public init(line: Int?, message: String) {
        self.line = line
        self.message = message
    }

    /// `report` is the verifier's text: lines saying what is wrong, each followed by the values concerned, indented.
    /// `locate` finds a value's printed text in the source and gives its line.
    init(report: String, function: String?, locate: (String) -> Int?) {
        let lines = report.split(separator: "\n", omittingEmptySubsequences: true)
        let statements = lines.filter { !$0.hasPrefix(" ") }.map(String.init)
        let values = lines.filter { $0.hasPrefix(" ") }.map { String($0.drop { $0 == " " }) }.filter { !$0.isEmpty }
        var text = function.map { "invalid function '\($0)': " } ?? "invalid module: "
        text += statements.isEmpty ? "the verifier rejected it" : statements.joined(separator: "; ")
        if !values.isEmpty { text += " (" + values.prefix(3).map { "`\($0)`" }.joined(separator: ", ") + ")" }
        message = text
        // The last value printed is the one the check was about (for dominance: the use, after its definition).
        line = values.last.flatMap(locate)
    }

    /// The line (1-based) at which `snippet` first occurs in `text` at or after `start`, counting from `firstLine`.
    static func line(of snippet: String, in text: ArraySlice<UInt8>, firstLine: Int = 1) -> Int? {
        guard !snippet.isEmpty, let found = text.firstRange(of: Array(snippet.utf8)) else { return nil }
        return firstLine + text[text.startIndex..<found.lowerBound].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// Where function `name`'s definition starts in `text` (`define ... @name(`), or the start of `text`.
    static func definitionStart(of name: String, in text: ArraySlice<UInt8>) -> Int {
        for form in ["@\(name)(", "@\"\(name)\"("] {
            if let found = text.firstRange(of: Array(form.utf8)) { return found.lowerBound }
        }
        return text.startIndex
    }
}
