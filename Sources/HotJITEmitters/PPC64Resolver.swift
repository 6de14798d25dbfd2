/// The registers a PowerPC64 resolver hands on to the target intact: r2 (the TOC pointer), r3-r10 (integer
/// arguments), r11 (static chain / environment pointer), f1-f13 (floating-point arguments) and v2-v13 (vector
/// arguments). The same set under both Linux PowerPC64 ABIs; how r2 reaches the target differs (see each emitter).
public enum PPC64ArgumentRegister: String, CaseIterable, Sendable {
    case r2, r3, r4, r5, r6, r7, r8, r9, r10, r11
    case f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13
    case v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13

    var number: UInt32 { UInt32(rawValue.dropFirst())! }
    var file: Character { rawValue.first! }
}

/// The part of the resolver block both PowerPC64 ABIs share: a frame allocated with `stdu` in the caller's stack,
/// the saves of the argument registers into it, the call of `reentry`, the restores, and popping the frame with the
/// original LR back in LR. The emitters supply how `reentry` is called and how the target is entered.
///
/// Frame (offsets from the new r1): the ABI's header (32 bytes ELFv2, 48 bytes ELFv1, both with the LR save
/// doubleword at 16), a 64-byte parameter save area (so `reentry` may even be variadic or unprototyped), an optional
/// TOC save doubleword, r3-r11, f1-f13, then v2-v13 at a 16-aligned offset (`stvx`/`lvx` ignore the low 4 address
/// bits); the total is a multiple of 16, so r1 stays 16-aligned.
struct PPC64ResolverFrame {
    /// Bytes of the ABI's fixed frame header.
    let header: Int
    /// Whether r2 is saved in the frame and restored (ELFv2); otherwise the emitter delivers r2 itself (ELFv1).
    let savesTOC: Bool

    static let parameterSaveArea = 64
    /// The LR save doubleword, relative to the caller's r1 (the same in both ABIs).
    static let lrSave = 16

    private var tocSave: Int { header + Self.parameterSaveArea }
    private var gprArea: Int { tocSave + (savesTOC ? 8 : 0) }
    private var fprArea: Int { gprArea + 8 * 9 }
    private var vrArea: Int { (fprArea + 8 * 13 + 15) / 16 * 16 }
    var size: Int { vrArea + 16 * 12 }

    /// The registers this frame saves and restores, in save order.
    var savedRegisters: [PPC64ArgumentRegister] {
        PPC64ArgumentRegister.allCases.filter { savesTOC || $0 != .r2 }
    }

    func offset(of register: PPC64ArgumentRegister) -> Int {
        switch register.file {
        case "r": return register == .r2 ? tocSave : gprArea + 8 * Int(register.number - 3)
        case "f": return fprArea + 8 * Int(register.number - 1)
        default: return vrArea + 16 * Int(register.number - 2)
        }
    }

    /// The resolver's instructions, entered with r0 = original LR, LR = identity, r1 = the caller's stack pointer:
    ///
    ///     std r0, 16(r1) ; mflr r0 ; stdu r1, -size(r1) ; <save registers>
    ///     mr r4, r0 ; r3 = context ; r12 = reentry ; <callReentry> ; mtctr r3
    ///     <restore registers> ; addi r1, r1, size ; ld r0, 16(r1) ; mtlr r0 ; <enterTarget>
    ///
    /// `callReentry` calls the `reentry` value held in r12 (the target comes back in r3); `enterTarget` jumps to the
    /// target held in CTR. The original LR goes to the caller's LR save doubleword, where any callee keeps it.
    func resolverCode(context: UInt64, reentry: UInt64, callReentry: [UInt32], enterTarget: [UInt32]) -> [UInt32] {
        var code: [UInt32] = []
        code.append(PPC64.std(0, Self.lrSave, 1))                    // std r0, 16(r1): the original LR, in the
                                                                     // caller's frame
        code.append(PPC64.mflr(0))                                   // mflr r0: the identity
        code.append(PPC64.stdu(1, -size, 1))                         // stdu r1, -size(r1)
        for register in savedRegisters {
            let offset = offset(of: register)
            switch register.file {
            case "r": code.append(PPC64.std(register.number, offset, 1))
            case "f": code.append(PPC64.stfd(register.number, offset, 1))
            default: code += [PPC64.li(12, offset), PPC64.stvx(register.number, 1, 12)]
            }
        }
        code.append(PPC64.mr(4, 0))                                  // mr r4, r0 (identity)
        code += PPC64.load64(3, context)                             // r3 = context
        code += PPC64.load64(12, reentry)                            // r12 = reentry
        code += callReentry                                          // reentry(context, identity)
        code.append(PPC64.mtctr(3))                                  // mtctr r3: the target
        for register in savedRegisters.reversed() {
            let offset = offset(of: register)
            switch register.file {
            case "r": code.append(PPC64.ld(register.number, offset, 1))
            case "f": code.append(PPC64.lfd(register.number, offset, 1))
            default: code += [PPC64.li(12, offset), PPC64.lvx(register.number, 1, 12)]
            }
        }
        code.append(PPC64.addi(1, 1, size))                          // addi r1, r1, size
        code.append(PPC64.ld(0, Self.lrSave, 1))                     // ld r0, 16(r1)
        code.append(PPC64.mtlr(0))                                   // mtlr r0: the target returns to the original
                                                                     // caller
        code += enterTarget
        return code
    }

    /// `code` as the resolver block's bytes in `byteOrder`, padded with traps to `size` bytes.
    static func block(_ code: [UInt32], size: Int, byteOrder: ByteOrder) -> [UInt8] {
        var w = ByteWriter(capacity: size, byteOrder: byteOrder)
        for word in code { w.append32(word) }
        precondition(w.count <= size, "PowerPC64 resolver outgrew its reserved size")
        while w.count < size { w.append32(PPC64.trap) }
        return w.bytes
    }
}

extension PPC64 {
    /// `mflr r0 ; bl resolver` placed at `address`: the call every PowerPC64 trampoline makes. The original LR travels
    /// in r0 (volatile, never an argument); `bl`'s return address, `address + 8`, is the identity.
    static func trampolineCall(at address: UInt64, resolver: UInt64) throws -> [UInt32] {
        let call = address + 4
        let delta = Int64(bitPattern: resolver &- call)
        guard delta >= -(1 << 25), delta < (1 << 25) else {
            throw EmitterError.outOfRange(from: call, to: resolver, limit: 1 << 25)
        }
        return [mflr(0), bl(delta: delta)]
    }

    static func checkAligned(_ address: UInt64) throws {
        guard address % 4 == 0 else { throw EmitterError.misaligned(address: address, alignment: 4) }
    }

    static func checkSlotsAligned(_ slots: UInt64) throws {
        guard slots % 8 == 0 else { throw EmitterError.misaligned(address: slots, alignment: 8) }
    }
}
