// Structs of the header that start with `uint32_t struct_size` grow only at the end. A host (or a binding) built
// against an older header passes a smaller struct; one built against a newer header, a larger one. This is the one
// place that reads and writes them so that neither side's memory is ever read or written past what it has.

/// The size a host's versioned struct at `pointer` says it has (its `struct_size`), checked to hold that field.
func declaredSize(_ pointer: UnsafeRawPointer, _ what: String) throws -> Int {
    let size = Int(pointer.load(as: UInt32.self))
    guard size >= MemoryLayout<UInt32>.size else {
        throw CAPIError.invalid("\(what).struct_size is \(size): set it to sizeof(\(what))")
    }
    return size
}

/// Writes `value` into the host's struct at `pointer` as far as the host's struct reaches (`size` bytes, at most all of
/// `value`), then sets its `struct_size` to the bytes written: fields the host's struct lacks are not written, and
/// fields this library lacks are left as they were (a host can tell by `struct_size`).
func fill<T>(_ pointer: UnsafeMutablePointer<T>, with value: T, hostSize size: Int) {
    let count = min(size, MemoryLayout<T>.size)
    withUnsafeBytes(of: value) { bytes in
        UnsafeMutableRawPointer(pointer).copyMemory(from: bytes.baseAddress!, byteCount: count)
    }
    UnsafeMutableRawPointer(pointer).storeBytes(of: UInt32(count), as: UInt32.self)
}

/// Fills the host's output struct at `pointer` (a `hotjit_function_info`, `hotjit_symbol`, `hotjit_arch_layout`)
/// with `value` as far as its `struct_size` reaches.
func fillOutput<T>(_ pointer: UnsafeMutablePointer<T>?, with value: () throws -> T, _ what: String) throws {
    guard let pointer else { throw CAPIError.invalid("\(what) is NULL") }
    let size = try declaredSize(UnsafeRawPointer(pointer), what)
    fill(pointer, with: try value(), hostSize: size)
}
