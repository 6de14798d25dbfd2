/// PowerPC64 little-endian, ELFv2 ABI (Linux): stubs, trampolines and the resolver block.
///
/// Stub (32 bytes), any distance to its slot (absolute address, so no range limit):
///
///     lis r12, slot@highest ; ori r12, r12, slot@higher ; sldi r12, r12, 32 ; oris r12, r12, slot@h
///     ori r12, r12, slot@l ; ld r12, 0(r12) ; mtctr r12 ; bctr
///
/// The slot address is an absolute immediate rather than r12-relative: r12 holds the stub's own address only when the
/// caller follows the global-entry convention for indirect calls, and JIT'd code may reach a stub with a plain `bl`.
/// The target is entered with r12 = its own address, which ELFv2 requires of a jump to a global entry point (the callee
/// derives its TOC pointer r2 from r12). Only r12 and CTR are touched: both are volatile and carry no argument.
///
/// Trampoline (8 bytes), the resolver within ±32 MiB (`bl`'s reach; one resolver per trampoline block keeps it near):
///
///     mflr r0 ; bl resolver
///
/// `bl` overwrites LR, yet the target must return to the original caller, so the original LR travels in r0 (volatile,
/// never an argument); `bl`'s own return address, trampoline + 8, is the identity handed to `reentry`.
///
/// Resolver (512 bytes reserved, 464 used): entered with r0 = original LR, LR = identity, r1 = the caller's stack
/// pointer. It stores the original LR in the caller's LR save doubleword 16(r1) (where any callee keeps it), allocates a
/// 480-byte frame with `stdu` (back chain; 32-byte header; a 64-byte parameter save area so `reentry` may even be
/// variadic or unprototyped; a multiple of 16), and saves r2 (the caller's TOC, so the target sees it as a direct call
/// would leave it), r3-r10 (arguments), r11 (static chain / environment pointer), f1-f13 (floating-point arguments) and
/// v2-v13 (vector arguments; `stvx` ignores the low 4 address bits, so that area sits at a 16-aligned offset of the
/// 16-aligned r1). It calls `reentry(context, identity)` with r12 = `reentry` (its global entry), parks the returned
/// target in CTR, restores everything, pops the frame, reloads LR from 16(r1) and enters the target with `bctr` and
/// r12 = target. Stack arguments in the caller's parameter save area are never touched.
///
/// Not preserved (not argument registers): r0, r12, CTR, XER, the volatile CR fields, FPSCR, VSCR, the low doublewords
/// of vs1-vs13 (the FPR arguments are the high doublewords).
///
/// Instruction cache: Power does not keep instruction fetch coherent with stores (`needsInstructionCacheFlush`). After
/// writing code the runtime must run, over the written range: `dcbst` on every data-cache block (block size from
/// `getauxval(AT_DCACHEBSIZE)`), `sync`, `icbi` on every instruction-cache block (`AT_ICACHEBSIZE`), `sync`, `isync`.
/// GCC 12 compiles `__builtin___clear_cache` to nothing on ppc64le, so this must be written out by hand. Code pages and
/// writable slot pages must not share a 64 KiB page: ppc64le kernels commonly use 64 KiB pages.
public struct PPC64LEEmitter: ArchEmitter {
    /// The registers the resolver preserves for the target; mutation tests name one to leave out of the restore.
    public enum SavedRegister: String, CaseIterable, Sendable {
        case r2, r3, r4, r5, r6, r7, r8, r9, r10, r11
        case f1, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12, f13
        case v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13

        var number: UInt32 { UInt32(rawValue.dropFirst())! }
        var file: Character { rawValue.first! }
    }

    /// For mutation tests only: a register whose restore is left out, so tests can prove they notice.
    public var omittedRestore: SavedRegister?

    public init() {}

    public var architecture: Architecture { .ppc64le }
    public var stubSize: Int { 32 }
    public var trampolineSize: Int { 8 }
    public var resolverSize: Int { 512 }
    public var codeAlignment: Int { 16 }
    /// The `bl` at trampoline + 4 leaves trampoline + 8 in LR.
    public var trampolineIdentityOffset: Int { 8 }
    public var needsInstructionCacheFlush: Bool { true }

    // Frame layout (offsets from the new r1).
    private static let header = 32
    private static let parameterSaveArea = 64
    private static let tocSave = header + parameterSaveArea          // 96
    private static let gprArea = tocSave + 8                          // 104: r3-r11
    private static let fprArea = gprArea + 8 * 9                      // 176: f1-f13
    private static let vrArea = (fprArea + 8 * 13 + 15) / 16 * 16     // 288: v2-v13, 16-aligned
    private static let frameSize = vrArea + 16 * 12                   // 480, a multiple of 16
    /// The caller's LR save doubleword, relative to the caller's r1.
    private static let lrSave = 16

    private static func offset(of register: SavedRegister) -> Int {
        switch register.file {
        case "r": return register == .r2 ? tocSave : gprArea + 8 * Int(register.number - 3)
        case "f": return fprArea + 8 * Int(register.number - 1)
        default: return vrArea + 16 * Int(register.number - 2)
        }
    }

    public func emitResolver(at address: UInt64, reentry: UInt64, context: UInt64) throws -> [UInt8] {
        try checkAligned(address)
        let saved = SavedRegister.allCases
        var code: [UInt32] = []
        code.append(PPC64.std(0, Self.lrSave, 1))                  // std r0, 16(r1): the original LR, in the caller's frame
        code.append(PPC64.mflr(0))                                  // mflr r0: the identity
        code.append(PPC64.stdu(1, -Self.frameSize, 1))              // stdu r1, -480(r1)
        for register in saved {
            let offset = Self.offset(of: register)
            switch register.file {
            case "r": code.append(PPC64.std(register.number, offset, 1))
            case "f": code.append(PPC64.stfd(register.number, offset, 1))
            default: code += [PPC64.li(12, offset), PPC64.stvx(register.number, 1, 12)]
            }
        }
        code.append(PPC64.mr(4, 0))                                 // mr r4, r0 (identity)
        code += PPC64.load64(3, context)                            // r3 = context
        code += PPC64.load64(12, reentry)                           // r12 = reentry (its global entry)
        code += [PPC64.mtctr(12), PPC64.bctrl]                      // reentry(context, identity)
        code.append(PPC64.mtctr(3))                                 // mtctr r3: the target
        for register in saved.reversed() {
            let offset = Self.offset(of: register)
            guard register != omittedRestore else { code.append(PPC64.ori(0, 0, 0)); continue } // nop (mutation)
            switch register.file {
            case "r": code.append(PPC64.ld(register.number, offset, 1))
            case "f": code.append(PPC64.lfd(register.number, offset, 1))
            default: code += [PPC64.li(12, offset), PPC64.lvx(register.number, 1, 12)]
            }
        }
        code.append(PPC64.addi(1, 1, Self.frameSize))               // addi r1, r1, 480
        code.append(PPC64.ld(0, Self.lrSave, 1))                    // ld r0, 16(r1)
        code.append(PPC64.mtlr(0))                                  // mtlr r0: the target returns to the original caller
        code.append(PPC64.mfctr(12))                                // mfctr r12: ELFv2 global entry convention
        code.append(PPC64.bctr)                                     // bctr

        var w = ByteWriter(capacity: resolverSize)
        for word in code { w.append32(word) }
        precondition(w.count <= resolverSize, "PPC64LE resolver outgrew its reserved size")
        while w.count < resolverSize { w.append32(PPC64.trap) }
        return w.bytes
    }

    public func emitTrampolines(at address: UInt64, resolver: UInt64, count: Int) throws -> [UInt8] {
        try checkAligned(address)
        try checkAligned(resolver)
        var w = ByteWriter(capacity: count * trampolineSize)
        for index in 0..<count {
            let call = address + UInt64(index * trampolineSize) + 4
            let delta = Int64(bitPattern: resolver &- call)
            guard delta >= -(1 << 25), delta < (1 << 25) else {
                throw EmitterError.outOfRange(from: call, to: resolver, limit: 1 << 25)
            }
            w.append32(PPC64.mflr(0))            // mflr r0
            w.append32(PPC64.bl(delta: delta))    // bl resolver
        }
        return w.bytes
    }

    public func emitStubs(at address: UInt64, slots: UInt64, count: Int) throws -> [UInt8] {
        try checkAligned(address)
        guard slots % 8 == 0 else { throw EmitterError.misaligned(address: slots, alignment: 8) }
        var w = ByteWriter(capacity: count * stubSize)
        for index in 0..<count {
            let slot = slots + UInt64(index * 8)
            for word in PPC64.load64(12, slot) { w.append32(word) }   // r12 = &slot
            w.append32(PPC64.ld(12, 0, 12))                            // ld r12, 0(r12)
            w.append32(PPC64.mtctr(12))                                // mtctr r12
            w.append32(PPC64.bctr)                                     // bctr (r12 = target)
        }
        return w.bytes
    }

    private func checkAligned(_ address: UInt64) throws {
        guard address % 4 == 0 else { throw EmitterError.misaligned(address: address, alignment: 4) }
    }
}
