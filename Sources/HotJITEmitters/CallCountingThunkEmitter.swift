/// Call-counting thunks: how tier 0 counts a function's calls without a counter in its code.
///
/// While a function is at tier 0 its stub's slot points at its thunk, which decrements the function's call counter and
/// jumps on to the tier-0 code, or, once the counter is down to zero, to a trigger (a trampoline that tells the
/// engine). Once the count has done its job (the function was recompiled, or the recompile declined) the slot points
/// past the thunk: the code itself never paid for counting, so a function that stays at tier 0 runs at full tier-0
/// speed after its first `threshold` calls. (.NET's tiered compilation counts calls the same way, in call-counting
/// stubs outside tier-0 code; the measurements: docs/decisions.md.)
///
/// Thunk `i` works on the record at `records + recordSize * i`:
/// - `+0`  counter, a signed 64-bit count: the thunk decrements it with a plain (non-atomic) read-modify-write; a lost
///   decrement between racing threads is harmless, the engine re-arms it after every trigger;
/// - `+8`  target: where the thunk continues while the decremented counter is above zero (the tier-0 code);
/// - `+16` trigger: where it continues when the decremented counter is zero or below;
/// - `+24` reserved (keeps records 32-byte aligned: one never straddles a cache line).
/// A thunk is entered by a jump, like the function it stands for (from its stub, with the caller's return address on
/// the stack or in the link register), and leaves by a jump; it preserves every argument register and the stack, and
/// clobbers only what a call may clobber that carries no argument (x86-64: flags; AArch64: x16, x17, flags; ppc64le:
/// r0, r11, r12, CTR, CR0, XER, and it enters target and trigger with r12 = their address, as ELFv2 requires).
public protocol CallCountingThunkEmitter: ArchEmitter {
    /// Bytes per thunk; thunks are laid out back to back.
    var countingThunkSize: Int { get }
    /// `count` thunks placed at `address`; thunk `i` uses the record at `records + countingRecordSize * i`.
    func emitCountingThunks(at address: UInt64, records: UInt64, count: Int) throws -> [UInt8]
}

/// Bytes per thunk record (counter, target, trigger, reserved).
public let countingRecordSize = 32

extension ArchEmitter {
    /// This emitter's call-counting thunks, or nil where the architecture has none (tier 0 then counts calls in code).
    public var countingThunks: (any CallCountingThunkEmitter)? { self as? any CallCountingThunkEmitter }
}
