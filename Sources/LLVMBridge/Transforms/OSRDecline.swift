// Why this file exists: a loop whose OSR continuation cannot be built must say why in words a person and a
// statistics table can count (one name per reason), not in a verifier message.

/// Why an OSR continuation was not built. The raw value is the name `--verbose`, `--stats` and the trace use.
public enum OSRDeclineReason: String, CaseIterable, Sendable {
    /// A variadic function: its `va_list` state cannot be handed over.
    case variadic
    /// The function calls something `returns_twice` (setjmp): a longjmp could land in the abandoned tier-0 frame.
    case returnsTwice = "setjmp"
    /// The function has an `indirectbr` (computed goto): the tier-0 frame's block addresses lead into tier-0 code.
    case indirectBranch = "computed-goto"
    /// A `token` value from before the loop is used in it: tokens cannot be passed as arguments.
    case tokenLiveIn = "token-live-in"
    /// A value from before the loop is the result of an `invoke` or `callbr`, defined on one edge only.
    case terminatorLiveIn = "invoke-live-in"
    /// A `musttail` call must keep its caller's signature, which the continuation's extra parameters change.
    case mustTailCall = "musttail"
    /// No back-edge of the loop polls in tier 0 (the values the continuation needs do not all reach one, as in an
    /// irreducible loop): a continuation could never be entered.
    case noPoll = "no-poll"
    /// Tier 0's polls pass other values than the continuation takes (the two were built from copies of the body
    /// that differ): entering it would read wrong values.
    case transferMismatch = "transfer-mismatch"
    /// The continuation did not verify: a bug in the transfer (the verifier's message is in the detail).
    case invalidContinuation = "verifier"
    /// The continuation verified but its optimization, code generation or linking failed.
    case compileFailed = "compile-failed"
}

/// An OSR continuation that was declined: the reason, and a detail for `--verbose`.
public struct OSRDecline: Error, CustomStringConvertible, Sendable {
    public let reason: OSRDeclineReason
    public let detail: String

    public init(_ reason: OSRDeclineReason, _ detail: String) {
        self.reason = reason
        self.detail = detail
    }

    public var description: String { "OSR declined (\(reason.rawValue)): \(detail)" }
}
