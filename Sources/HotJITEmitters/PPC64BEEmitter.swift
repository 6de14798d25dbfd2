/// PowerPC64 big-endian, ELFv1 ABI (Linux): stubs, trampolines and the resolver block.
///
/// ELFv1 names a function by its **function descriptor**, three doublewords {entry, TOC, environment}: a C function
/// pointer is a descriptor's address, and calling through one loads the entry into CTR, the callee's TOC pointer into
/// r2 (and the environment into r11), then `bctrl`. Everything below follows from that; code and data words are
/// big-endian.
///
/// **Slots hold descriptor addresses**, i.e. ELFv1 function pointers: a slot first holds its trampoline's address
/// (each trampoline starts with its own descriptor), and `reentry` returns the target as a C function pointer would
/// be, the address of the target's descriptor. Re-pointing a slot stays one atomic 8-byte store that switches entry
/// and TOC together; a slot of two words {entry, TOC} could be seen half-written by a concurrent caller.
///
/// Stub (64 bytes): a descriptor of its own, so the stub's address is a callable ELFv1 function pointer (what the
/// symbol of a function names on ELFv1), followed by the code its entry word points at. Code reaching the stub with a
/// direct `bl` enters at stub + 24 (the descriptor's entry word). Any distance to its slot (absolute address):
///
///     .quad stub+24, 0, 0
///     lis r12, slot@highest ; ori r12, r12, slot@higher ; sldi r12, r12, 32 ; oris r12, r12, slot@h
///     ori r12, r12, slot@l ; ld r12, 0(r12) ; ld r0, 0(r12) ; ld r2, 8(r12) ; mtctr r0 ; bctr
///
/// The target is entered with r2 = its own TOC pointer from its descriptor. Restoring the caller's r2 afterwards is
/// the caller's side of ELFv1 (its indirect-call sequence or its linker's call stub saves r2 in 40(r1) and reloads
/// it), so the stub never writes the caller's TOC save doubleword. Touched: r0, r2, r12, CTR; r11 is left alone, so
/// a static chain passed in r11 (LLVM's and GCC's `nest` register) reaches the target as on ppc64le: the stub does
/// not load the target descriptor's environment word.
///
/// Trampoline (32 bytes), the resolver within ±32 MiB (`bl`'s reach; one resolver per trampoline block keeps it near):
///
///     .quad trampoline+24, 0, 0
///     mflr r0 ; bl resolver
///
/// The slot's first value is the trampoline's address (its descriptor), so the stub arrives at `mflr r0` with r2 = 0
/// from that descriptor, which nothing reads. As on ppc64le the original LR travels in r0 and `bl`'s own return
/// address, trampoline + 32, is the identity handed to `reentry`.
///
/// Resolver (512 bytes reserved, 480 used; the sequence shared with ppc64le is `PPC64ResolverFrame`): entered with
/// r0 = original LR, LR = identity, r1 = the caller's stack pointer. It stores the original LR in the caller's LR save
/// doubleword 16(r1), allocates a 480-byte frame with `stdu` (back chain; the 48-byte ELFv1 header, whose TOC save
/// doubleword 40(r1) is left for a linker call stub of `reentry` to use; the 64-byte parameter save area ELFv1 always
/// requires; a multiple of 16) and saves r3-r10 (arguments), r11 (static chain), f1-f13 and v2-v13 (16-aligned
/// area). `reentry` is an ELFv1 function pointer, the address of the host callback's descriptor: the resolver calls it
/// as GCC calls a function pointer (`ld r0, 0(r12) ; ld r2, 8(r12) ; ld r11, 16(r12) ; mtctr r0 ; bctrl`, r12 =
/// reentry). It parks the returned descriptor address in CTR, restores the registers, pops the frame, reloads LR from
/// 16(r1), and enters the target like the stub does: `mfctr r12 ; ld r0, 0(r12) ; ld r2, 8(r12) ; mtctr r0 ; bctr`.
/// So r2 is not restored but delivered: the target gets its own TOC pointer from its descriptor, exactly as on a later
/// call through the stub. Stack arguments in the caller's parameter save area are never touched.
///
/// Not preserved (not argument registers): r0, r12, CTR, XER, the volatile CR fields, FPSCR, VSCR, the low doublewords
/// of vs1-vs13. Instruction cache: as on ppc64le (`PPC64LEEmitter`), `dcbst`/`sync`/`icbi`/`sync`/`isync` over written
/// code, and code kept out of 64 KiB pages that hold writable slots.
public struct PPC64BEEmitter: ArchEmitter {
    /// The registers the target receives intact (r2 from the target's descriptor, which is how r2 reaches the target
    /// on ELFv1).
    public typealias SavedRegister = PPC64ArgumentRegister

    public init() {}

    public var architecture: Architecture { .ppc64 }
    public var stubSize: Int { 64 }
    public var trampolineSize: Int { 32 }
    public var resolverSize: Int { 512 }
    public var codeAlignment: Int { 16 }
    /// The `bl` at trampoline + 28 leaves trampoline + 32 in LR.
    public var trampolineIdentityOffset: Int { Self.descriptorSize + 8 }
    public var needsInstructionCacheFlush: Bool { true }

    /// {entry, TOC, environment}.
    private static let descriptorSize = 24
    /// ELFv1: 48-byte header; r2 is delivered from the target's descriptor, not saved.
    private static let frame = PPC64ResolverFrame(header: 48, savesTOC: false)

    /// Jumps to the function whose descriptor address is in r12, with its TOC pointer in r2.
    private static let enterDescriptor: [UInt32] = [
        PPC64.ld(0, 0, 12),                                          // ld r0, 0(r12): the callee's entry
        PPC64.ld(2, 8, 12),                                          // ld r2, 8(r12): its TOC
        PPC64.mtctr(0), PPC64.bctr,
    ]

    public func emitResolver(at address: UInt64, reentry: UInt64, context: UInt64) throws -> [UInt8] {
        try PPC64.checkAligned(address)
        let code = Self.frame.resolverCode(
            context: context, reentry: reentry,
            callReentry: [PPC64.ld(0, 0, 12), PPC64.ld(2, 8, 12), PPC64.ld(11, 16, 12),  // reentry's descriptor
                          PPC64.mtctr(0), PPC64.bctrl],
            enterTarget: [PPC64.mfctr(12)] + Self.enterDescriptor)
        return PPC64ResolverFrame.block(code, size: resolverSize, byteOrder: .bigEndian)
    }

    public func emitTrampolines(at address: UInt64, resolver: UInt64, count: Int) throws -> [UInt8] {
        try PPC64.checkAligned(resolver)
        return try descriptorBlocks(at: address, count: count, size: trampolineSize) { entry, _ in
            try PPC64.trampolineCall(at: entry, resolver: resolver)    // mflr r0 ; bl resolver
        }
    }

    public func emitStubs(at address: UInt64, slots: UInt64, count: Int) throws -> [UInt8] {
        try checkBlocks(at: slots, count: count, size: 8)
        try PPC64.checkSlotsAligned(slots)
        return try descriptorBlocks(at: address, count: count, size: stubSize) { _, index in
            PPC64.load64(12, slots + UInt64(index * 8))                // r12 = &slot
                + [PPC64.ld(12, 0, 12)]                                // ld r12, 0(r12): the target's descriptor
                + Self.enterDescriptor                                 // r2 = its TOC ; bctr to its entry
        }
    }

    /// `count` blocks of `size` bytes from `address`, each a descriptor {entry, 0, 0} (callable as an ELFv1 function
    /// pointer; its TOC and environment are never read) followed by `code(entry, index)`, the code at entry.
    private func descriptorBlocks(at address: UInt64, count: Int, size: Int,
                                  code: (_ entry: UInt64, _ index: Int) throws -> [UInt32]) throws -> [UInt8] {
        try checkBlocks(at: address, count: count, size: size)
        try checkDescriptorsAligned(address)
        var w = ByteWriter(capacity: count * size, byteOrder: .bigEndian)
        for index in 0..<count {
            let entry = address + UInt64(index * size + Self.descriptorSize)
            w.append64(entry)
            w.append64(0)
            w.append64(0)
            for word in try code(entry, index) { w.append32(word) }
            precondition(w.count == (index + 1) * size, "PPC64BE block is not \(size) bytes")
        }
        return w.bytes
    }

    /// Stubs and trampolines begin with descriptors, which are doublewords.
    private func checkDescriptorsAligned(_ address: UInt64) throws {
        guard address % 8 == 0 else { throw EmitterError.misaligned(address: address, alignment: 8) }
    }
}
