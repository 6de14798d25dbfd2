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
/// Resolver (512 bytes reserved, 464 used; the sequence shared with ppc64 is `PPC64ResolverFrame`): entered with
/// r0 = original LR, LR = identity, r1 = the caller's stack pointer. It stores the original LR in the caller's LR save
/// doubleword 16(r1) (where any callee keeps it), allocates a 480-byte frame with `stdu` (back chain; 32-byte header; a
/// 64-byte parameter save area so `reentry` may even be variadic or unprototyped; a multiple of 16), and saves r2 (the
/// caller's TOC, so the target sees it as a direct call would leave it), r3-r10 (arguments), r11 (static chain /
/// environment pointer), f1-f13 (floating-point arguments) and v2-v13 (vector arguments; `stvx` ignores the low 4
/// address bits, so that area sits at a 16-aligned offset of the 16-aligned r1). It calls `reentry(context, identity)`
/// with r12 = `reentry` (its global entry), parks the returned target in CTR, restores everything, pops the frame,
/// reloads LR from 16(r1) and enters the target with `bctr` and r12 = target. Stack arguments in the caller's parameter
/// save area are never touched.
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
    /// The registers the resolver preserves for the target.
    public typealias SavedRegister = PPC64ArgumentRegister

    public init() {}

    public var architecture: Architecture { .ppc64le }
    public var stubSize: Int { 32 }
    public var trampolineSize: Int { 8 }
    public var resolverSize: Int { 512 }
    public var codeAlignment: Int { 16 }
    /// The `bl` at trampoline + 4 leaves trampoline + 8 in LR.
    public var trampolineIdentityOffset: Int { 8 }
    public var needsInstructionCacheFlush: Bool { true }

    /// ELFv2: 32-byte header; the caller's TOC pointer r2 is saved and restored like an argument.
    private static let frame = PPC64ResolverFrame(header: 32, savesTOC: true)

    public func emitResolver(at address: UInt64, reentry: UInt64, context: UInt64) throws -> [UInt8] {
        try PPC64.checkAligned(address)
        let code = Self.frame.resolverCode(
            context: context, reentry: reentry,
            callReentry: [PPC64.mtctr(12), PPC64.bctrl],                // r12 = reentry, its global entry
            enterTarget: [PPC64.mfctr(12), PPC64.bctr])                 // r12 = target: ELFv2 global entry convention
        return PPC64ResolverFrame.block(code, size: resolverSize, byteOrder: .littleEndian)
    }

    public func emitTrampolines(at address: UInt64, resolver: UInt64, count: Int) throws -> [UInt8] {
        try checkBlocks(at: address, count: count, size: trampolineSize)
        try PPC64.checkAligned(address)
        try PPC64.checkAligned(resolver)
        var w = ByteWriter(capacity: count * trampolineSize)
        for index in 0..<count {
            for word in try PPC64.trampolineCall(at: address + UInt64(index * trampolineSize), resolver: resolver) {
                w.append32(word)                                       // mflr r0 ; bl resolver
            }
        }
        return w.bytes
    }

    public func emitStubs(at address: UInt64, slots: UInt64, count: Int) throws -> [UInt8] {
        try checkBlocks(at: address, count: count, size: stubSize)
        try checkBlocks(at: slots, count: count, size: 8)
        try PPC64.checkAligned(address)
        try PPC64.checkSlotsAligned(slots)
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
}

/// Call-counting thunk (64 bytes: 15 instructions and a `trap`), any distance to its record (absolute address):
///
///     lis r12, record@highest ; ori r12, r12, record@higher ; sldi r12, r12, 32 ; oris r12, r12, record@h
///     ori r12, r12, record@l ; ld r0, 0(r12) ; addic. r0, r0, -1 ; std r0, 0(r12) ; ble cr0, 1f
///     ld r12, 8(r12) ; mtctr r12 ; bctr
///     1: ld r12, 16(r12) ; mtctr r12 ; bctr
///
/// The record address is an absolute immediate, as in the stub, rather than r12-relative: JIT'd code may reach the
/// stub, and so the thunk, with a plain `bl`. Target and trigger are entered with r12 = their address (ELFv2 global
/// entry: the callee derives its TOC pointer r2 from r12). `addic.` decrements and compares with zero in one
/// instruction and, unlike `addi`, takes r0 as a register, so the counter needs no second scratch register. Touches
/// only r0, r12, CTR, CR0 and XER[CA], none of which carries an argument; r11 (static chain / environment pointer) is
/// left alone although a call may clobber it, because the resolver hands it on too. LR still holds the original
/// caller's return address when target or trigger runs.
extension PPC64LEEmitter: CallCountingThunkEmitter {
    public var countingThunkSize: Int { 64 }

    public func emitCountingThunks(at address: UInt64, records: UInt64, count: Int) throws -> [UInt8] {
        try checkBlocks(at: address, count: count, size: countingThunkSize)
        try checkBlocks(at: records, count: count, size: countingRecordSize)
        try PPC64.checkAligned(address)
        try PPC64.checkSlotsAligned(records)
        var w = ByteWriter(capacity: count * countingThunkSize)
        for index in 0..<count {
            let record = records + UInt64(index * countingRecordSize)
            for word in PPC64.load64(12, record) { w.append32(word) }         // r12 = &record
            w.append32(PPC64.ld(0, 0, 12))                                     // ld r0, 0(r12): counter
            w.append32(PPC64.addicDot(0, 0, -1))                               // addic. r0, r0, -1
            w.append32(PPC64.std(0, 0, 12))                                    // std r0, 0(r12)
            w.append32(PPC64.bleCR0(delta: 16))                                // ble cr0, 1f
            w.append32(PPC64.ld(12, 8, 12))                                    // ld r12, 8(r12): target
            w.append32(PPC64.mtctr(12))                                        // mtctr r12
            w.append32(PPC64.bctr)                                             // bctr (r12 = target)
            w.append32(PPC64.ld(12, 16, 12))                                   // 1: ld r12, 16(r12): trigger
            w.append32(PPC64.mtctr(12))                                        // mtctr r12
            w.append32(PPC64.bctr)                                             // bctr (r12 = trigger)
            w.pad(to: countingThunkSize, withWord: PPC64.trap)                 // trap
        }
        return w.bytes
    }
}
