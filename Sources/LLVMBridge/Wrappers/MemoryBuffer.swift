// Why this file exists: one owner for an `LLVMMemoryBufferRef` (IR in, objects out) until a consumer takes it.
import CLLVM

/// Bytes LLVM reads IR or objects from. Owned until handed to a consumer that takes ownership.
public final class MemoryBuffer: @unchecked Sendable {
    private(set) var ref: LLVMMemoryBufferRef?

    init(owning ref: LLVMMemoryBufferRef) { self.ref = ref }

    /// A copy of `bytes`, named `name` (the name appears in diagnostics as the file name).
    public init(copying bytes: UnsafeRawBufferPointer, name: String) {
        ref = LLVMCreateMemoryBufferWithMemoryRangeCopy(bytes.baseAddress?.assumingMemoryBound(to: CChar.self),
                                                        bytes.count, name)
    }

    /// The contents of the file at `path`.
    public init(contentsOfFile path: String) throws {
        var buffer: LLVMMemoryBufferRef?
        var message: UnsafeMutablePointer<CChar>?
        if LLVMCreateMemoryBufferWithContentsOfFile(path, &buffer, &message) != 0 || buffer == nil {
            throw LLVMError("\(path): \(LLVMError.takeMessage(message))")
        }
        ref = buffer
    }

    deinit { if let ref { LLVMDisposeMemoryBuffer(ref) } }

    public var count: Int { ref.map { LLVMGetBufferSize($0) } ?? 0 }

    /// The bytes, valid while the buffer lives.
    public var bytes: UnsafeRawBufferPointer {
        guard let ref else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: LLVMGetBufferStart(ref), count: LLVMGetBufferSize(ref))
    }

    /// Gives up ownership (the consumer disposes it).
    func release() -> LLVMMemoryBufferRef {
        defer { ref = nil }
        return ref!
    }
}
