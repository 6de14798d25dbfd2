/// x86-64 System V: stubs, trampolines and the resolver block.
///
/// Stub (8 bytes):       `jmp *slot(%rip)`, padded with `int3`.
/// Trampoline (8 bytes): `call resolver` (rel32), padded; its return address is the trampoline's identity.
/// Resolver: saves rax (the vararg vector count in %al), rdi, rsi, rdx, rcx, r8, r9, r10 (static chain) and the full
/// vector state (XSAVE with the OS-enabled components, so the upper halves of ymm/zmm and the AVX-512 mask registers
/// survive; FXSAVE where XSAVE is unavailable), calls `reentry(context, identity)` on a 64-byte aligned stack, writes
/// the returned target over its own return address, restores everything and `ret`s into the target, leaving the stack
/// exactly as the original caller's `call` left it.
public struct X86_64Emitter: ArchEmitter {
    /// How the resolver saves the vector argument registers.
    public enum VectorSave: Sendable, Equatable {
        /// FXSAVE64: x87 + xmm0-15 (SSE halves only). For CPUs without OS-enabled XSAVE.
        case fxsave
        /// XSAVE64 with the requested-feature bitmap `mask` and an area of `areaSize` bytes (CPUID leaf 0DH).
        case xsave(mask: UInt64, areaSize: Int)
    }

    /// The general-purpose registers the resolver preserves, in push order.
    public enum SavedRegister: String, CaseIterable, Sendable { case rax, rdi, rsi, rdx, rcx, r8, r9, r10 }

    public let vectorSave: VectorSave

    public init(vectorSave: VectorSave) { self.vectorSave = vectorSave }

    public var architecture: Architecture { .x86_64 }
    public var stubSize: Int { 8 }
    public var trampolineSize: Int { 8 }
    public var codeAlignment: Int { 16 }
    public var trampolineIdentityOffset: Int { 5 }
    public var needsInstructionCacheFlush: Bool { false }
    public var resolverSize: Int { 192 }

    /// Bytes below the saved registers reserved for the vector state (64-byte aligned by `and rsp, -64`).
    private var vectorAreaSize: Int {
        switch vectorSave {
        case .fxsave: return 512 + 64
        case .xsave(_, let size): return (size + 63) / 64 * 64 + 64
        }
    }

    public func emitResolver(at address: UInt64, reentry: UInt64, context: UInt64) throws -> [UInt8] {
        var w = ByteWriter(capacity: resolverSize)
        w.append(0x55)                                   // push rbp
        w.append([0x48, 0x89, 0xE5])                     // mov rbp, rsp
        for register in SavedRegister.allCases { w.append(push(register)) }
        w.append([0x48, 0x81, 0xEC]); w.append32(UInt32(vectorAreaSize))   // sub rsp, area
        w.append([0x48, 0x83, 0xE4, 0xC0])               // and rsp, -64
        saveVectorState(&w)
        w.append([0x48, 0xBF]); w.append64(context)      // movabs rdi, context
        w.append([0x48, 0x8B, 0x75, 0x08])               // mov rsi, [rbp+8]   (the trampoline's return address)
        w.append([0x48, 0xB8]); w.append64(reentry)      // movabs rax, reentry
        w.append([0xFF, 0xD0])                           // call rax
        w.append([0x48, 0x89, 0x45, 0x08])               // mov [rbp+8], rax   (ret will enter the target)
        restoreVectorState(&w)
        let savedBytes = UInt8(SavedRegister.allCases.count * 8)
        w.append([0x48, 0x8D, 0x65, UInt8(truncatingIfNeeded: -Int(savedBytes))]) // lea rsp, [rbp - 8*saved]
        for register in SavedRegister.allCases.reversed() { w.append(pop(register)) }
        w.append(0x5D)                                   // pop rbp
        w.append(0xC3)                                   // ret
        precondition(w.count <= resolverSize, "x86-64 resolver outgrew its reserved size")
        w.pad(to: resolverSize, with: 0xCC)
        return w.bytes
    }

    public func emitTrampolines(at address: UInt64, resolver: UInt64, count: Int) throws -> [UInt8] {
        try checkBlocks(at: address, count: count, size: trampolineSize)
        var w = ByteWriter(capacity: count * trampolineSize)
        for index in 0..<count {
            let start = address + UInt64(index * trampolineSize)
            w.append(0xE8); w.append32(try rel32(from: start + 5, to: resolver))  // call resolver
            w.append([0x0F, 0x1F, 0x00])                                            // 3-byte nop (never reached)
        }
        return w.bytes
    }

    public func emitStubs(at address: UInt64, slots: UInt64, count: Int) throws -> [UInt8] {
        try checkBlocks(at: address, count: count, size: stubSize)
        try checkBlocks(at: slots, count: count, size: 8)
        var w = ByteWriter(capacity: count * stubSize)
        for index in 0..<count {
            let start = address + UInt64(index * stubSize)
            let slot = slots + UInt64(index * 8)
            w.append([0xFF, 0x25]); w.append32(try rel32(from: start + 6, to: slot))  // jmp *slot(%rip)
            w.append([0xCC, 0xCC])
        }
        return w.bytes
    }

    // MARK: - Encoding helpers

    private func push(_ register: SavedRegister) -> [UInt8] {
        switch register {
        case .rax: return [0x50]
        case .rcx: return [0x51]
        case .rdx: return [0x52]
        case .rsi: return [0x56]
        case .rdi: return [0x57]
        case .r8: return [0x41, 0x50]
        case .r9: return [0x41, 0x51]
        case .r10: return [0x41, 0x52]
        }
    }

    private func pop(_ register: SavedRegister) -> [UInt8] {
        var bytes = push(register)
        bytes[bytes.count - 1] += 8   // pop r = 0x58 + r, push r = 0x50 + r
        return bytes
    }

    private func saveVectorState(_ w: inout ByteWriter) {
        switch vectorSave {
        case .fxsave:
            w.append([0x48, 0x0F, 0xAE, 0x04, 0x24])              // fxsave64 [rsp]
        case .xsave(let mask, _):
            // XRSTOR faults unless the XSAVE header's reserved bytes are zero; XSAVE does not write them.
            w.append([0x31, 0xC0])                                // xor eax, eax
            for offset in stride(from: 512, to: 576, by: 8) {
                w.append([0x48, 0x89, 0x84, 0x24]); w.append32(UInt32(offset))  // mov [rsp+offset], rax
            }
            loadMask(mask, &w)
            w.append([0x48, 0x0F, 0xAE, 0x24, 0x24])              // xsave64 [rsp]
        }
    }

    private func restoreVectorState(_ w: inout ByteWriter) {
        switch vectorSave {
        case .fxsave:
            w.append([0x48, 0x0F, 0xAE, 0x0C, 0x24])              // fxrstor64 [rsp]
        case .xsave(let mask, _):
            loadMask(mask, &w)
            w.append([0x48, 0x0F, 0xAE, 0x2C, 0x24])              // xrstor64 [rsp]
        }
    }

    private func loadMask(_ mask: UInt64, _ w: inout ByteWriter) {
        w.append(0xB8); w.append32(UInt32(truncatingIfNeeded: mask))         // mov eax, mask.lo
        w.append(0xBA); w.append32(UInt32(truncatingIfNeeded: mask >> 32))   // mov edx, mask.hi
    }
}

/// Call-counting thunk (32 bytes): `decq counter(%rip); jle 1f; jmp *target(%rip); 1: jmp *trigger(%rip)`, padded
/// with `int3`. Touches only the flags.
extension X86_64Emitter: CallCountingThunkEmitter {
    public var countingThunkSize: Int { 32 }

    public func emitCountingThunks(at address: UInt64, records: UInt64, count: Int) throws -> [UInt8] {
        try checkBlocks(at: address, count: count, size: countingThunkSize)
        try checkBlocks(at: records, count: count, size: countingRecordSize)
        var w = ByteWriter(capacity: count * countingThunkSize)
        for index in 0..<count {
            let record = records + UInt64(index * countingRecordSize)
            // The displacement about to be written, relative to the end of its instruction.
            func ripRelative(to operand: UInt64) throws -> UInt32 {
                try rel32(from: address + UInt64(w.count + 4), to: operand)
            }
            w.append([0x48, 0xFF, 0x0D]); w.append32(try ripRelative(to: record))               // decq counter(%rip)
            w.append([0x7E, 0x06])                                                              // jle trigger jump
            w.append([0xFF, 0x25]); w.append32(try ripRelative(to: record + 8))                 // jmp *target(%rip)
            w.append([0xFF, 0x25]); w.append32(try ripRelative(to: record + 16))                // jmp *trigger(%rip)
            w.pad(to: countingThunkSize, with: 0xCC)
        }
        return w.bytes
    }
}
