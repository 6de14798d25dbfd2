// Why this file exists: the small reads of LLVM values that every room of the bridge needs (a value's name, its
// printed form, walking an intrusive list, copying attributes), written once.
import CLLVM

/// The textual IR of a value, for error messages.
func describe(_ value: LLVMValueRef) -> String {
    LLVMError.takeMessage(LLVMPrintValueToString(value))
}

/// The name of a value (empty for unnamed ones).
func valueName(_ value: LLVMValueRef) -> String {
    var length = 0
    guard let raw = LLVMGetValueName2(value, &length), length > 0 else { return "" }
    return String(decoding: UnsafeRawBufferPointer(start: raw, count: length), as: UTF8.self)
}

/// Copies function, return and parameter attributes.
func copyAttributes(from source: LLVMValueRef, to destination: LLVMValueRef) {
    let functionIndex = UInt32.max
    let indices: [UInt32] = [functionIndex, 0] + (0..<LLVMCountParams(source)).map { $0 + 1 }
    for index in indices {
        let count = Int(LLVMGetAttributeCountAtIndex(source, index))
        guard count > 0 else { continue }
        var attributes = [LLVMAttributeRef?](repeating: nil, count: count)
        attributes.withUnsafeMutableBufferPointer { LLVMGetAttributesAtIndex(source, index, $0.baseAddress) }
        for attribute in attributes { LLVMAddAttributeAtIndex(destination, index, attribute) }
    }
}

/// Iterates an intrusive LLVM list given its first element and successor function.
func llvmSequence(_ first: OpaquePointer?, _ next: @escaping (OpaquePointer) -> OpaquePointer?)
    -> UnfoldSequence<OpaquePointer, OpaquePointer?> {
    sequence(state: first) { state -> OpaquePointer? in
        guard let current = state else { return nil }
        state = next(current)
        return current
    }
}
