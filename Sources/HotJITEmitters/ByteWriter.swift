/// Appends little-endian machine code; shared by the emitters.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    var count: Int { bytes.count }

    mutating func append(_ byte: UInt8) { bytes.append(byte) }
    mutating func append(_ sequence: [UInt8]) { bytes.append(contentsOf: sequence) }
    mutating func append32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
    mutating func append64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
    /// Pads with `filler` until the length is a multiple of `alignment`.
    mutating func pad(to alignment: Int, with filler: UInt8) {
        while bytes.count % alignment != 0 { bytes.append(filler) }
    }
}

/// A signed 32-bit displacement from `from` to `to`, or an error if it does not fit.
func rel32(from: UInt64, to: UInt64) throws -> UInt32 {
    let delta = Int64(bitPattern: to &- from)
    guard delta >= Int64(Int32.min), delta <= Int64(Int32.max) else {
        throw EmitterError.outOfRange(from: from, to: to, limit: UInt64(Int32.max))
    }
    return UInt32(bitPattern: Int32(delta))
}
