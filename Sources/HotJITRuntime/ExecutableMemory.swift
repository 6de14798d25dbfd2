#if canImport(Glibc)
import Glibc
#endif

/// Why memory for code or slots could not be had.
public struct MemoryError: Error, CustomStringConvertible {
    public let description: String
}

/// One anonymous mapping split into a code part (written once while read-write, then read+execute) followed by a
/// data part (read-write, never executable). Never writable and executable at once: code is written before the
/// mapping's code pages are switched to RX, and later changes go only to the data part.
///
/// Code and data share one mapping so that PC-relative references between them (a stub's `jmp *slot(%rip)`) stay short.
/// The parts are separated at a 64 KiB boundary so that hosts with 64 KiB pages (ppc64le, some AArch64) keep them on
/// different pages too.
public final class CodeAndDataMapping: @unchecked Sendable {
    public let base: UInt64
    public let codeSize: Int
    public let dataSize: Int
    public var dataBase: UInt64 { base + UInt64(codeSize) }

    /// Granularity used to separate code from data, whatever the host page size.
    public static let separation = max(65536, Int(sysconf(Int32(_SC_PAGESIZE))))

    private var codeSealed = false

    /// Maps `codeBytes` of code space and `dataBytes` of data space, both rounded up; everything starts read-write.
    public init(codeBytes: Int, dataBytes: Int) throws {
        let unit = CodeAndDataMapping.separation
        codeSize = max(unit, (codeBytes + unit - 1) / unit * unit)
        dataSize = max(unit, (dataBytes + unit - 1) / unit * unit)
        let address = mmap(nil, codeSize + dataSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let address, address != MAP_FAILED else {
            throw MemoryError(description: "mmap of \(codeSize + dataSize) bytes failed: "
                                  + "\(String(cString: strerror(errno)))")
        }
        base = UInt64(UInt(bitPattern: address))
    }

    deinit {
        munmap(UnsafeMutableRawPointer(bitPattern: UInt(base)), codeSize + dataSize)
    }

    /// Copies `bytes` into the code part at `offset`; only before `sealCode()`.
    public func writeCode(_ bytes: [UInt8], at offset: Int) {
        precondition(!codeSealed, "code written after the mapping was sealed")
        precondition(offset >= 0 && offset + bytes.count <= codeSize, "code write out of bounds")
        bytes.withUnsafeBytes { source in
            UnsafeMutableRawPointer(bitPattern: UInt(base) + UInt(offset))!.copyMemory(from: source.baseAddress!,
                                                                                         byteCount: source.count)
        }
    }

    /// Makes the code part read+execute (it stops being writable) and flushes the instruction cache.
    public func sealCode(flushInstructionCache: Bool) throws {
        let pointer = UnsafeMutableRawPointer(bitPattern: UInt(base))!
        if flushInstructionCache { hotjitFlushInstructionCache(pointer, codeSize) }
        guard mprotect(pointer, codeSize, PROT_READ | PROT_EXEC) == 0 else {
            throw MemoryError(description: "mprotect(RX) failed: \(String(cString: strerror(errno)))")
        }
        codeSealed = true
    }

    /// The 8-byte word at `offset` in the data part.
    public func dataWord(at offset: Int) -> UnsafeMutablePointer<UInt64> {
        precondition(offset >= 0 && offset + 8 <= dataSize && offset % 8 == 0, "data word out of bounds")
        return UnsafeMutablePointer<UInt64>(bitPattern: UInt(dataBase) + UInt(offset))!
    }
}
