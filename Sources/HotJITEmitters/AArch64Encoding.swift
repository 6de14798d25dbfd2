/// The few A64 instruction encodings the AArch64 emitter needs, as 32-bit words (stored little-endian).
///
/// Kept apart from `AArch64Emitter` so the emitter reads as the instruction sequence it produces; every encoder here is
/// cross-checked against `llvm-mc` by the tests. Registers are plain numbers: 0-30 are x0-x30, 31 is sp or xzr
/// depending on the instruction (as in the architecture manual); vector registers 0-31 are q0-q31.
enum A64 {
    static let sp: UInt32 = 31
    static let xzr: UInt32 = 31
    /// `brk #0`: padding that traps if ever executed.
    static let brk0: UInt32 = 0xD420_0000

    /// `mov xd, xm` (ORR xd, xzr, xm).
    static func mov(_ d: UInt32, _ m: UInt32) -> UInt32 { 0xAA00_03E0 | m << 16 | d }
    /// `add xd, xn|sp, #imm12` (with `imm12 == 0` and an sp operand this is `mov xd, sp`).
    static func addImmediate(_ d: UInt32, _ n: UInt32, _ imm12: UInt32) -> UInt32 {
        precondition(imm12 < 4096)
        return 0x9100_0000 | imm12 << 10 | n << 5 | d
    }

    /// Addressing of a register pair: `[xn, #off]`, `[xn, #off]!` (pre-index) or `[xn], #off` (post-index).
    enum PairMode: UInt32 { case offset = 0b10, preIndex = 0b11, postIndex = 0b01 }

    /// `stp`/`ldp` of two x registers; `offset` is in bytes, a multiple of 8 in -512...504.
    static func pairX(load: Bool, _ t1: UInt32, _ t2: UInt32, _ n: UInt32, offset: Int,
                      mode: PairMode = .offset) -> UInt32 {
        precondition(offset % 8 == 0 && (-512...504).contains(offset))
        let imm7 = UInt32(bitPattern: Int32(offset / 8)) & 0x7F
        return 0xA800_0000 | mode.rawValue << 23 | (load ? 1 << 22 : 0) | imm7 << 15 | t2 << 10 | n << 5 | t1
    }

    /// `stp`/`ldp` of two q registers (all 128 bits); `offset` is in bytes, a multiple of 16 in -1024...1008.
    static func pairQ(load: Bool, _ t1: UInt32, _ t2: UInt32, _ n: UInt32, offset: Int) -> UInt32 {
        precondition(offset % 16 == 0 && (-1024...1008).contains(offset))
        let imm7 = UInt32(bitPattern: Int32(offset / 16)) & 0x7F
        return 0xAD00_0000 | PairMode.offset.rawValue << 23 | (load ? 1 << 22 : 0) | imm7 << 15 | t2 << 10 | n << 5 | t1
    }

    /// `ldr xt, [xn, #offset]` (unsigned offset, a multiple of 8 below 32 KiB).
    static func ldrX(_ t: UInt32, _ n: UInt32, offset: Int) -> UInt32 {
        precondition(offset % 8 == 0 && (0..<32768).contains(offset))
        return 0xF940_0000 | UInt32(offset / 8) << 10 | n << 5 | t
    }

    /// `str xt, [xn, #offset]` (unsigned offset, a multiple of 8 below 32 KiB).
    static func strX(_ t: UInt32, _ n: UInt32, offset: Int) -> UInt32 {
        precondition(offset % 8 == 0 && (0..<32768).contains(offset))
        return 0xF900_0000 | UInt32(offset / 8) << 10 | n << 5 | t
    }

    /// `subs xd, xn, #imm12`: subtracts and sets the flags as `cmp xn, #imm12` would.
    static func subsImmediate(_ d: UInt32, _ n: UInt32, _ imm12: UInt32) -> UInt32 {
        precondition(imm12 < 4096)
        return 0xF100_0000 | imm12 << 10 | n << 5 | d
    }

    /// `ldr xt, <literal>`: loads the 8 bytes at `pc + delta`; `delta` a multiple of 4 within ±1 MiB.
    static func ldrLiteral(_ t: UInt32, delta: Int64) -> UInt32 {
        precondition(delta % 4 == 0 && delta >= -(1 << 20) && delta < (1 << 20))
        let imm19 = UInt32(truncatingIfNeeded: delta / 4) & 0x7FFFF
        return 0x5800_0000 | imm19 << 5 | t
    }

    /// `adrp xd, <page>`: `pageDelta` is the signed difference of the 4 KiB page numbers, within ±2^20.
    static func adrp(_ d: UInt32, pageDelta: Int64) -> UInt32 {
        precondition(pageDelta >= -(1 << 20) && pageDelta < (1 << 20))
        let imm = UInt32(truncatingIfNeeded: pageDelta) & 0x1F_FFFF
        return 0x9000_0000 | (imm & 3) << 29 | (imm >> 2) << 5 | d
    }

    /// `bl <pc + delta>`; `delta` a multiple of 4 within ±128 MiB.
    static func bl(delta: Int64) -> UInt32 {
        precondition(delta % 4 == 0 && delta >= -(1 << 27) && delta < (1 << 27))
        return 0x9400_0000 | UInt32(truncatingIfNeeded: delta / 4) & 0x03FF_FFFF
    }

    /// The condition codes the emitters branch on.
    enum Condition: UInt32 {
        /// Signed less than or equal (Z set, or N differs from V).
        case le = 0b1101
    }

    /// `b.cond <pc + delta>`; `delta` a multiple of 4 within ±1 MiB.
    static func b(_ condition: Condition, delta: Int64) -> UInt32 {
        precondition(delta % 4 == 0 && delta >= -(1 << 20) && delta < (1 << 20))
        return 0x5400_0000 | (UInt32(truncatingIfNeeded: delta / 4) & 0x7FFFF) << 5 | condition.rawValue
    }

    /// `blr xn`.
    static func blr(_ n: UInt32) -> UInt32 { 0xD63F_0000 | n << 5 }
    /// `br xn`.
    static func br(_ n: UInt32) -> UInt32 { 0xD61F_0000 | n << 5 }
}
