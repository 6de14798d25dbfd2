// Why this file exists: the engine records each compiled function's code size, read from the object's symbol table.
import CLLVM

extension MemoryBuffer {
    /// Sizes of the defined symbols of a relocatable object (name -> bytes), e.g. a compiled version's code size.
    public func symbolSizes() -> [String: UInt64] {
        guard let ref else { return [:] }
        var message: UnsafeMutablePointer<CChar>?
        guard let binary = LLVMCreateBinary(ref, nil, &message) else {
            _ = LLVMError.takeMessage(message)
            return [:]
        }
        defer { LLVMDisposeBinary(binary) }
        var sizes: [String: UInt64] = [:]
        let iterator = LLVMObjectFileCopySymbolIterator(binary)
        defer { LLVMDisposeSymbolIterator(iterator) }
        while LLVMObjectFileIsSymbolIteratorAtEnd(binary, iterator) == 0 {
            if let name = LLVMGetSymbolName(iterator) {
                let size = LLVMGetSymbolSize(iterator)
                if size > 0 { sizes[String(cString: name)] = size }
            }
            LLVMMoveToNextSymbol(iterator)
        }
        return sizes
    }
}
