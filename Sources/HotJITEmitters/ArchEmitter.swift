/// Why an emitter could not produce code for the addresses it was given.
public enum EmitterError: Error, Equatable, CustomStringConvertible {
    /// A PC-relative reference from `from` to `to` does not fit the instruction's range.
    case outOfRange(from: UInt64, to: UInt64, limit: UInt64)
    /// An address is not aligned as the architecture requires.
    case misaligned(address: UInt64, alignment: Int)
    /// `count` blocks of `size` bytes from `address` do not fit: a negative count, more than `maximumBlockBytes`, or
    /// past the end of the address space.
    case blockTooLarge(address: UInt64, count: Int, size: Int)

    public var description: String {
        switch self {
        case let .outOfRange(from, to, limit):
            return "PC-relative reference from 0x\(String(from, radix: 16)) to 0x\(String(to, radix: 16)) "
                + "exceeds ±0x\(String(limit, radix: 16))"
        case let .misaligned(address, alignment):
            return "address 0x\(String(address, radix: 16)) is not \(alignment)-byte aligned"
        case let .blockTooLarge(address, count, size):
            return "\(count) blocks of \(size) bytes at 0x\(String(address, radix: 16)) do not fit in the address "
                + "space (at most \(maximumBlockBytes) bytes per block)"
        }
    }
}

/// The most bytes one emitted block (of code, or of the data it addresses) may span. Emitters build their output in
/// memory, and counts and addresses come from C hosts: a garbage count must be refused, not allocated or wrapped
/// around the address space (which would trap). 1 GiB is far beyond any real stub or thunk table.
public let maximumBlockBytes = 1 << 30

/// Throws unless `count` blocks of `size` bytes starting at `address` fit: count at least zero, at most
/// `maximumBlockBytes` in all, and not past the end of the address space (ending at its last byte is fine).
func checkBlocks(at address: UInt64, count: Int, size: Int) throws {
    guard count >= 0, count <= maximumBlockBytes / max(size, 1),
          count * size == 0 || UInt64(count * size - 1) <= UInt64.max - address else {
        throw EmitterError.blockTooLarge(address: address, count: count, size: size)
    }
}

/// The machine code behind hotjit's laziness, for one architecture. Pure: addresses in, bytes out; nothing is mapped
/// or executed here, so emitters for every architecture run (and are tested) on any host.
///
/// The pieces and how they meet:
/// - a **stub** jumps through its pointer **slot** (an aligned 8-byte word in writable memory);
/// - a slot first holds the address of the function's **trampoline**, which calls the shared **resolver**;
/// - the resolver saves every argument register, calls `reentry(context, identity)` where `identity` is the address the
///   trampoline's call left behind (its return address, see `trampolineIdentityOffset`), restores the registers and
///   jumps to the address `reentry` returned.
/// On ppc64 (ELFv1), where function pointers are function descriptors' addresses, every one of these addresses (slot
/// contents, `reentry`, its result, a stub's own address) is a descriptor's: see `PPC64BEEmitter`.
public protocol ArchEmitter: Sendable {
    var architecture: Architecture { get }
    /// Bytes per stub; stubs are laid out back to back.
    var stubSize: Int { get }
    /// Bytes per trampoline; trampolines are laid out back to back.
    var trampolineSize: Int { get }
    /// Bytes of the resolver block.
    var resolverSize: Int { get }
    /// Alignment every emitted block's start address must have.
    var codeAlignment: Int { get }
    /// The identity the resolver passes to `reentry` for the trampoline at `T` is `T + trampolineIdentityOffset`.
    var trampolineIdentityOffset: Int { get }
    /// Whether instruction caches must be flushed after code is written (false only where hardware keeps them
    /// coherent).
    var needsInstructionCacheFlush: Bool { get }

    /// The resolver block placed at `address`; it calls `reentry(context, identity) -> target`.
    func emitResolver(at address: UInt64, reentry: UInt64, context: UInt64) throws -> [UInt8]
    /// `count` trampolines placed at `address`, each calling the resolver at `resolver`.
    func emitTrampolines(at address: UInt64, resolver: UInt64, count: Int) throws -> [UInt8]
    /// `count` stubs placed at `address`; stub `i` jumps through the 8-byte slot at `slots + 8 * i`.
    func emitStubs(at address: UInt64, slots: UInt64, count: Int) throws -> [UInt8]
}

extension ArchEmitter {
    /// Which trampoline (0-based, in the block at `trampolines`) an identity received by `reentry` names, or nil.
    public func trampolineIndex(identity: UInt64, trampolines: UInt64, count: Int) -> Int? {
        guard identity >= trampolines + UInt64(trampolineIdentityOffset) else { return nil }
        let offset = identity - trampolines - UInt64(trampolineIdentityOffset)
        guard offset % UInt64(trampolineSize) == 0 else { return nil }
        let index = Int(offset / UInt64(trampolineSize))
        return index < count ? index : nil
    }
}

/// The emitter for an architecture, configured for this process when it is the host.
public func makeEmitter(for architecture: Architecture,
                        x86VectorSave: X86_64Emitter.VectorSave = .fxsave) -> any ArchEmitter {
    switch architecture {
    case .x86_64: return X86_64Emitter(vectorSave: x86VectorSave)
    case .aarch64: return AArch64Emitter()
    case .ppc64le: return PPC64LEEmitter()
    case .ppc64: return PPC64BEEmitter()
    }
}
