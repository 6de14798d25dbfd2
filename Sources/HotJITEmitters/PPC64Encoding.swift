/// The few Power ISA instruction encodings the PowerPC64 emitters need, as 32-bit words (stored in the target's byte
/// order: little-endian for ppc64le, big-endian for ppc64).
///
/// Kept apart from `PPC64LEEmitter` and `PPC64BEEmitter` so they read as the instruction sequences they produce; every
/// encoder here is cross-checked against `llvm-mc` by the tests. Registers are plain numbers: GPRs r0-r31, FPRs f0-f31,
/// VRs v0-v31.
enum PPC64 {
    /// `trap` (tw 31, 0, 0): padding that traps if ever executed.
    static let trap: UInt32 = 0x7FE0_0008
    static let bctr: UInt32 = 0x4E80_0420
    static let bctrl: UInt32 = 0x4E80_0421

    private static func dForm(_ opcode: UInt32, _ rt: UInt32, _ ra: UInt32, _ imm: UInt32) -> UInt32 {
        opcode << 26 | rt << 21 | ra << 16 | (imm & 0xFFFF)
    }
    private static func dsForm(_ opcode: UInt32, _ rt: UInt32, _ ra: UInt32, _ offset: Int, xo: UInt32) -> UInt32 {
        precondition(offset % 4 == 0 && (-32768...32764).contains(offset))
        return opcode << 26 | rt << 21 | ra << 16 | (UInt32(bitPattern: Int32(offset)) & 0xFFFC) | xo
    }
    private static func xForm(_ rt: UInt32, _ ra: UInt32, _ rb: UInt32, xo: UInt32) -> UInt32 {
        31 << 26 | rt << 21 | ra << 16 | rb << 11 | xo << 1
    }
    private static func signed16(_ value: Int) -> UInt32 {
        precondition((-32768...32767).contains(value))
        return UInt32(bitPattern: Int32(value)) & 0xFFFF
    }

    /// `addi rt, ra, imm` (`li rt, imm` when ra is 0).
    static func addi(_ rt: UInt32, _ ra: UInt32, _ imm: Int) -> UInt32 { dForm(14, rt, ra, signed16(imm)) }
    /// `addic. rt, ra, imm`: adds, sets XER[CA], and sets CR0 by comparing the 64-bit result with zero (signed). Unlike
    /// `addi`, ra = 0 names r0 here, not the constant 0.
    static func addicDot(_ rt: UInt32, _ ra: UInt32, _ imm: Int) -> UInt32 { dForm(13, rt, ra, signed16(imm)) }
    /// `li rt, imm`.
    static func li(_ rt: UInt32, _ imm: Int) -> UInt32 { addi(rt, 0, imm) }
    /// `lis rt, imm16` (addis rt, 0, imm16); the immediate is taken as raw 16 bits.
    static func lis(_ rt: UInt32, _ imm16: UInt16) -> UInt32 { dForm(15, rt, 0, UInt32(imm16)) }
    /// `ori ra, rs, imm16`.
    static func ori(_ ra: UInt32, _ rs: UInt32, _ imm16: UInt16) -> UInt32 { dForm(24, rs, ra, UInt32(imm16)) }
    /// `oris ra, rs, imm16`.
    static func oris(_ ra: UInt32, _ rs: UInt32, _ imm16: UInt16) -> UInt32 { dForm(25, rs, ra, UInt32(imm16)) }
    /// `sldi ra, rs, n` (rldicr ra, rs, n, 63 - n).
    static func sldi(_ ra: UInt32, _ rs: UInt32, _ n: UInt32) -> UInt32 {
        precondition(n < 64)
        let me = 63 - n
        let meField = (me & 0x1F) << 1 | me >> 5
        return 30 << 26 | rs << 21 | ra << 16 | (n & 0x1F) << 11 | meField << 5 | 1 << 2 | (n >> 5) << 1
    }
    /// `mr ra, rs` (or ra, rs, rs).
    static func mr(_ ra: UInt32, _ rs: UInt32) -> UInt32 { xForm(rs, ra, rs, xo: 444) }

    /// `std rs, offset(ra)`.
    static func std(_ rs: UInt32, _ offset: Int, _ ra: UInt32) -> UInt32 { dsForm(62, rs, ra, offset, xo: 0) }
    /// `stdu rs, offset(ra)`: stores and updates ra (the ABI's way to allocate a frame with its back chain).
    static func stdu(_ rs: UInt32, _ offset: Int, _ ra: UInt32) -> UInt32 { dsForm(62, rs, ra, offset, xo: 1) }
    /// `ld rt, offset(ra)`.
    static func ld(_ rt: UInt32, _ offset: Int, _ ra: UInt32) -> UInt32 { dsForm(58, rt, ra, offset, xo: 0) }
    /// `stfd frs, offset(ra)`.
    static func stfd(_ frs: UInt32, _ offset: Int, _ ra: UInt32) -> UInt32 { dForm(54, frs, ra, signed16(offset)) }
    /// `lfd frt, offset(ra)`.
    static func lfd(_ frt: UInt32, _ offset: Int, _ ra: UInt32) -> UInt32 { dForm(50, frt, ra, signed16(offset)) }
    /// `stvx vs, ra, rb`: stores 16 bytes at (ra + rb) & ~15.
    static func stvx(_ vs: UInt32, _ ra: UInt32, _ rb: UInt32) -> UInt32 { xForm(vs, ra, rb, xo: 231) }
    /// `lvx vt, ra, rb`: loads 16 bytes from (ra + rb) & ~15.
    static func lvx(_ vt: UInt32, _ ra: UInt32, _ rb: UInt32) -> UInt32 { xForm(vt, ra, rb, xo: 103) }

    /// `mfspr rt, spr` / `mtspr spr, rs`, the SPR number split into two 5-bit halves as the ISA requires.
    private static func sprField(_ spr: UInt32) -> UInt32 { ((spr & 0x1F) << 5 | spr >> 5) << 11 }
    static func mflr(_ rt: UInt32) -> UInt32 { 31 << 26 | rt << 21 | sprField(8) | 339 << 1 }
    static func mtlr(_ rs: UInt32) -> UInt32 { 31 << 26 | rs << 21 | sprField(8) | 467 << 1 }
    static func mfctr(_ rt: UInt32) -> UInt32 { 31 << 26 | rt << 21 | sprField(9) | 339 << 1 }
    static func mtctr(_ rs: UInt32) -> UInt32 { 31 << 26 | rs << 21 | sprField(9) | 467 << 1 }

    /// `bl <pc + delta>`; `delta` a multiple of 4 within ±32 MiB.
    static func bl(delta: Int64) -> UInt32 {
        precondition(delta % 4 == 0 && delta >= -(1 << 25) && delta < (1 << 25))
        return 18 << 26 | UInt32(truncatingIfNeeded: delta) & 0x03FF_FFFC | 1
    }

    /// `ble cr0, <pc + delta>` (bc 4, 1: branch if CR0's "greater than" bit is clear); `delta` a multiple of 4 within
    /// ±32 KiB.
    static func bleCR0(delta: Int64) -> UInt32 {
        precondition(delta % 4 == 0 && delta >= -(1 << 15) && delta < (1 << 15))
        return 16 << 26 | 4 << 21 | 1 << 16 | UInt32(truncatingIfNeeded: delta) & 0xFFFC
    }

    /// Five instructions that put the 64-bit `value` in `rt`, whatever its bits: `lis; ori; sldi 32; oris; ori`.
    static func load64(_ rt: UInt32, _ value: UInt64) -> [UInt32] {
        [lis(rt, UInt16(truncatingIfNeeded: value >> 48)),
         ori(rt, rt, UInt16(truncatingIfNeeded: value >> 32)),
         sldi(rt, rt, 32),
         oris(rt, rt, UInt16(truncatingIfNeeded: value >> 16)),
         ori(rt, rt, UInt16(truncatingIfNeeded: value))]
    }
}
