@testable import HotJITEmitters

/// Deliberately broken emitters for mutation tests: proof that a test fails when the code loses what it must keep.
///
/// A mutant wraps a production emitter and patches its output in one defined way (a register's restore dropped, the
/// counter store dropped), so the production emitters carry no switch that exists only for tests. Each patch finds the
/// exact instruction it breaks in the real output and throws `MutationError` if that instruction is not there once,
/// so a change to an emitter's layout makes the mutation test fail loudly instead of silently testing nothing.
struct Mutant<Base: ArchEmitter>: ArchEmitter {
    let base: Base
    /// Patches the resolver block (identity unless the mutation is in the resolver).
    var resolver: @Sendable ([UInt8]) throws -> [UInt8] = { $0 }
    /// Patches a block of call-counting thunks (identity unless the mutation is in the thunks).
    var countingThunks: @Sendable ([UInt8]) throws -> [UInt8] = { $0 }

    var architecture: Architecture { base.architecture }
    var stubSize: Int { base.stubSize }
    var trampolineSize: Int { base.trampolineSize }
    var resolverSize: Int { base.resolverSize }
    var codeAlignment: Int { base.codeAlignment }
    var trampolineIdentityOffset: Int { base.trampolineIdentityOffset }
    var needsInstructionCacheFlush: Bool { base.needsInstructionCacheFlush }

    func emitResolver(at address: UInt64, reentry: UInt64, context: UInt64) throws -> [UInt8] {
        try resolver(base.emitResolver(at: address, reentry: reentry, context: context))
    }

    func emitTrampolines(at address: UInt64, resolver: UInt64, count: Int) throws -> [UInt8] {
        try base.emitTrampolines(at: address, resolver: resolver, count: count)
    }

    func emitStubs(at address: UInt64, slots: UInt64, count: Int) throws -> [UInt8] {
        try base.emitStubs(at: address, slots: slots, count: count)
    }
}

/// A mutant of an emitter with thunks has thunks too (`countingThunks` finds them by a dynamic cast, as for `Base`).
extension Mutant: CallCountingThunkEmitter where Base: CallCountingThunkEmitter {
    var countingThunkSize: Int { base.countingThunkSize }

    func emitCountingThunks(at address: UInt64, records: UInt64, count: Int) throws -> [UInt8] {
        try countingThunks(base.emitCountingThunks(at: address, records: records, count: count))
    }
}

/// The emitted code does not contain the instruction a mutation breaks exactly once: the emitter changed shape.
struct MutationError: Error, CustomStringConvertible {
    let description: String
}

// MARK: - x86-64

extension X86_64Emitter {
    /// The resolver pops the saved copy of `register` into nothing (`add rsp, 8`), so the target sees whatever
    /// `reentry` left in it. The epilogue grows by the `add`'s extra bytes, taken from the `int3` padding.
    func withoutRestoring(_ register: SavedRegister) -> Mutant<Self> {
        Mutant(base: self, resolver: { bytes in
            let pops = SavedRegister.allCases.reversed()
            let epilogue: [UInt8] = pops.flatMap(Self.pop) + [0x5D, 0xC3]                    // pops ; pop rbp ; ret
            let broken: [UInt8] = pops.flatMap { $0 == register ? [0x48, 0x83, 0xC4, 0x08] : Self.pop($0) }
                + [0x5D, 0xC3]
            return try Patch.replacingUnique(epilogue, with: broken, in: bytes, padding: 0xCC, what: "x86-64 epilogue")
        })
    }

    /// The resolver skips restoring the vector state (its `fxrstor64`/`xrstor64 [rsp]` becomes a 5-byte `nop`).
    func withoutVectorRestore() -> Mutant<Self> {
        let restore: [UInt8]
        switch vectorSave {
        case .fxsave: restore = [0x48, 0x0F, 0xAE, 0x0C, 0x24]                     // fxrstor64 [rsp]
        case .xsave: restore = [0x48, 0x0F, 0xAE, 0x2C, 0x24]                      // xrstor64 [rsp]
        }
        return Mutant(base: self, resolver: { bytes in
            try Patch.replacingUnique(restore, with: [0x0F, 0x1F, 0x44, 0x00, 0x00], in: bytes, padding: 0xCC,
                                      what: "x86-64 vector restore")
        })
    }

    /// Each thunk compares its counter with 1 (`cmpq $1`: the flags `decq` would leave) but never decrements it.
    /// `cmpq $1, m(%rip)` is one byte longer than `decq m(%rip)`: the rest of the thunk moves up one byte, so every
    /// RIP-relative displacement in it shrinks by one, and the thunk's `int3` padding gives up a byte.
    func withoutCounterStore() -> Mutant<Self> {
        let size = countingThunkSize
        return Mutant(base: self, countingThunks: { bytes in
            try stride(from: 0, to: bytes.count, by: size).flatMap { start -> [UInt8] in
                let thunk = Array(bytes[start..<(start + size)])
                let shape: [(Int, [UInt8])] = [(0, [0x48, 0xFF, 0x0D]), (7, [0x7E, 0x06]), (9, [0xFF, 0x25]),
                                               (15, [0xFF, 0x25]), (21, [0xCC])]
                guard shape.allSatisfy({ Array(thunk[$0.0..<($0.0 + $0.1.count)]) == $0.1 }) else {
                    throw MutationError(description: "x86-64 thunk at +\(start) is not decq; jle; jmp; jmp")
                }
                func displacement(at offset: Int) -> [UInt8] {
                    let value = thunk[offset..<(offset + 4)].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                    return Patch.littleEndian(value &- 1)
                }
                let broken = [0x48, 0x83, 0x3D] + displacement(at: 3) + [0x01]          // cmpq $1, counter(%rip)
                    + [0x7E, 0x06]                                                      // jle trigger jump
                    + [0xFF, 0x25] + displacement(at: 11)                               // jmp *target(%rip)
                    + [0xFF, 0x25] + displacement(at: 17)                               // jmp *trigger(%rip)
                return broken + [UInt8](repeating: 0xCC, count: size - broken.count)
            }
        })
    }

    private static func pop(_ register: SavedRegister) -> [UInt8] {
        switch register {
        case .rax: return [0x58]
        case .rcx: return [0x59]
        case .rdx: return [0x5A]
        case .rsi: return [0x5E]
        case .rdi: return [0x5F]
        case .r8: return [0x41, 0x58]
        case .r9: return [0x41, 0x59]
        case .r10: return [0x41, 0x5A]
        }
    }
}

// MARK: - AArch64

extension A64 {
    /// `nop`: what a mutation puts where an instruction used to be.
    static let nop: UInt32 = 0xD503_201F

    /// `ldr qt, [xn, #offset]` (unsigned offset, a multiple of 16 below 64 KiB): restores one half of a q pair.
    static func ldrQ(_ t: UInt32, _ n: UInt32, offset: Int) -> UInt32 {
        precondition(offset % 16 == 0 && (0..<65536).contains(offset))
        return 0x3DC0_0000 | UInt32(offset / 16) << 10 | n << 5 | t
    }
}

extension AArch64Emitter {
    /// The resolver's `ldp` of the pair holding `register` becomes an `ldr` of the other register only. The frame
    /// layout is the one AArch64Emitter documents: x pairs from [sp, #16], q pairs from [sp, #96].
    func withoutRestoring(_ register: SavedRegister) -> Mutant<Self> {
        let xPairs: [(SavedRegister, SavedRegister)] = [(.x0, .x1), (.x2, .x3), (.x4, .x5), (.x6, .x7), (.x8, .x18)]
        let qPairs: [(SavedRegister, SavedRegister)] = [(.q0, .q1), (.q2, .q3), (.q4, .q5), (.q6, .q7)]
        func number(_ register: SavedRegister) -> UInt32 { UInt32(register.rawValue.dropFirst())! }
        var restore: UInt32 = 0, kept: UInt32 = 0
        for (index, (a, b)) in xPairs.enumerated() where register == a || register == b {
            let offset = 16 + 16 * index
            restore = A64.pairX(load: true, number(a), number(b), A64.sp, offset: offset)
            kept = register == a ? A64.ldrX(number(b), A64.sp, offset: offset + 8)
                                 : A64.ldrX(number(a), A64.sp, offset: offset)
        }
        for (index, (a, b)) in qPairs.enumerated() where register == a || register == b {
            let offset = 96 + 32 * index
            restore = A64.pairQ(load: true, number(a), number(b), A64.sp, offset: offset)
            kept = register == a ? A64.ldrQ(number(b), A64.sp, offset: offset + 16)
                                 : A64.ldrQ(number(a), A64.sp, offset: offset)
        }
        return Mutant(base: self, resolver: { [restore, kept] bytes in
            try Patch.replacingUniqueWord(restore, with: kept, in: bytes, byteOrder: .littleEndian,
                                          what: "AArch64 restore of \(register)")
        })
    }

    /// Each thunk's `str x17, [x16, counter]` (its fourth instruction) becomes a `nop`.
    func withoutCounterStore() -> Mutant<Self> {
        Mutant(base: self, countingThunks: { [countingThunkSize] bytes in
            try Patch.replacingWord(at: 3, ofEach: countingThunkSize, in: bytes, byteOrder: .littleEndian,
                                    with: A64.nop, what: "AArch64 counter store") { word in
                word & 0xFFC0_03FF == 0xF900_0000 | 16 << 5 | 17                         // str x17, [x16, #imm]
            }
        })
    }
}

// MARK: - PowerPC64

extension PPC64 {
    /// `nop` (ori 0, 0, 0): what a mutation puts where an instruction used to be.
    static let nop: UInt32 = 0x6000_0000
}

/// The load in a PowerPC64 resolver that restores `register` from the frame at r1: `ld rN, off(r1)`,
/// `lfd fN, off(r1)` or `lvx vN, r1, r12`.
private func restoresFromFrame(_ register: PPC64ArgumentRegister) -> @Sendable (UInt32) -> Bool {
    let n = UInt32(register.rawValue.dropFirst())!
    switch register.rawValue.first! {
    case "r": return { $0 >> 26 == 58 && ($0 >> 21) & 31 == n && ($0 >> 16) & 31 == 1 && $0 & 3 == 0 }
    case "f": return { $0 >> 26 == 50 && ($0 >> 21) & 31 == n && ($0 >> 16) & 31 == 1 }
    default: return { $0 == PPC64.lvx(n, 1, 12) }
    }
}

extension PPC64LEEmitter {
    /// The resolver's load that restores `register` becomes a `nop` (the block keeps its layout).
    func withoutRestoring(_ register: SavedRegister) -> Mutant<Self> {
        let restores = restoresFromFrame(register)
        return Mutant(base: self, resolver: { bytes in
            try Patch.replacingUniqueWord(where: restores, with: PPC64.nop, in: bytes, byteOrder: .littleEndian,
                                          what: "ppc64le restore of \(register)")
        })
    }

    /// Each thunk's `std r0, 0(r12)` (its eighth instruction) becomes a `nop`.
    func withoutCounterStore() -> Mutant<Self> {
        Mutant(base: self, countingThunks: { [countingThunkSize] bytes in
            try Patch.replacingWord(at: 7, ofEach: countingThunkSize, in: bytes, byteOrder: .littleEndian,
                                    with: PPC64.nop, what: "ppc64le counter store") { $0 == PPC64.std(0, 0, 12) }
        })
    }
}

extension PPC64BEEmitter {
    /// The resolver's load that restores `register` becomes a `nop`; for r2, which ELFv1 delivers rather than
    /// restores, the `ld r2, 8(r12)` that loads the target's TOC from its descriptor (after `mfctr r12 ; ld r0`).
    func withoutRestoring(_ register: SavedRegister) -> Mutant<Self> {
        guard register == .r2 else {
            let restores = restoresFromFrame(register)
            return Mutant(base: self, resolver: { bytes in
                try Patch.replacingUniqueWord(where: restores, with: PPC64.nop, in: bytes, byteOrder: .bigEndian,
                                              what: "ppc64 restore of \(register)")
            })
        }
        return Mutant(base: self, resolver: { bytes in
            let entry = [PPC64.mfctr(12), PPC64.ld(0, 0, 12), PPC64.ld(2, 8, 12)].flatMap(Patch.bigEndian)
            let broken = [PPC64.mfctr(12), PPC64.ld(0, 0, 12), PPC64.nop].flatMap(Patch.bigEndian)
            return try Patch.replacingUnique(entry, with: broken, in: bytes, padding: nil, what: "ppc64 TOC delivery")
        })
    }
}

// MARK: - Patching

/// Byte-level edits of emitted code; every one checks that what it replaces is there exactly once.
enum Patch {
    static func littleEndian(_ word: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }
    static func bigEndian(_ word: UInt32) -> [UInt8] { littleEndian(word).reversed() }

    /// `code` with the only occurrence of `old` replaced by `new`. A longer `new` eats into the trailing `padding`
    /// bytes (a shorter one adds some), so the block keeps its size; without `padding` both must be equally long.
    static func replacingUnique(_ old: [UInt8], with new: [UInt8], in code: [UInt8], padding: UInt8?,
                                what: String) throws -> [UInt8] {
        let matches = code.count < old.count ? [] : (0...(code.count - old.count)).filter {
            Array(code[$0..<($0 + old.count)]) == old
        }
        guard matches.count == 1, let start = matches.first else {
            throw MutationError(description: "\(what): expected once, found \(matches.count) times")
        }
        var result = Array(code[..<start]) + new + code[(start + old.count)...]
        let growth = new.count - old.count
        if growth > 0 {
            guard let padding, result.suffix(growth).allSatisfy({ $0 == padding }) else {
                throw MutationError(description: "\(what): no room for \(growth) more bytes")
            }
            result.removeLast(growth)
        } else if growth < 0 {
            guard let padding else { throw MutationError(description: "\(what): \(-growth) bytes short") }
            result += [UInt8](repeating: padding, count: -growth)
        }
        return result
    }

    static func replacingUniqueWord(_ old: UInt32, with new: UInt32, in code: [UInt8], byteOrder: ByteOrder,
                                    what: String) throws -> [UInt8] {
        try replacingUniqueWord(where: { $0 == old }, with: new, in: code, byteOrder: byteOrder, what: what)
    }

    /// `code` (4-byte instruction words) with the only word matching `isTarget` replaced by `new`.
    static func replacingUniqueWord(where isTarget: (UInt32) -> Bool, with new: UInt32, in code: [UInt8],
                                    byteOrder: ByteOrder, what: String) throws -> [UInt8] {
        let matches = stride(from: 0, to: code.count - 3, by: 4).filter { isTarget(word(in: code, at: $0, byteOrder)) }
        guard matches.count == 1, let offset = matches.first else {
            throw MutationError(description: "\(what): expected once, found \(matches.count) times")
        }
        return setting(new, at: offset, in: code, byteOrder)
    }

    /// `code` (blocks of `size` bytes) with word `index` of every block replaced by `new`, after checking that each
    /// such word is the instruction `isTarget` recognizes.
    static func replacingWord(at index: Int, ofEach size: Int, in code: [UInt8], byteOrder: ByteOrder, with new: UInt32,
                              what: String, _ isTarget: (UInt32) -> Bool) throws -> [UInt8] {
        var result = code
        for block in stride(from: 0, to: code.count, by: size) {
            let offset = block + 4 * index
            guard isTarget(word(in: code, at: offset, byteOrder)) else {
                throw MutationError(description: "\(what): block at +\(block) has something else at word \(index)")
            }
            result = setting(new, at: offset, in: result, byteOrder)
        }
        return result
    }

    private static func word(in code: [UInt8], at offset: Int, _ byteOrder: ByteOrder) -> UInt32 {
        let bytes = code[offset..<(offset + 4)]      // most significant byte last (little-endian) or first
        let mostSignificantFirst = byteOrder == .littleEndian ? Array(bytes.reversed()) : Array(bytes)
        return mostSignificantFirst.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }

    private static func setting(_ word: UInt32, at offset: Int, in code: [UInt8], _ byteOrder: ByteOrder) -> [UInt8] {
        var result = code
        let bytes = byteOrder == .littleEndian ? littleEndian(word) : bigEndian(word)
        result.replaceSubrange(offset..<(offset + 4), with: bytes)
        return result
    }
}
