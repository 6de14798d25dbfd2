/// The order in which a multi-byte word is stored.
enum ByteOrder: Sendable {
    case littleEndian
    case bigEndian
}

/// Appends machine code and data words in the target's byte order (little-endian unless told); shared by the emitters.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []
    let byteOrder: ByteOrder

    init(capacity: Int = 0, byteOrder: ByteOrder = .littleEndian) {
        bytes.reserveCapacity(capacity)
        self.byteOrder = byteOrder
    }

    var count: Int { bytes.count }

    mutating func append(_ byte: UInt8) { bytes.append(byte) }
    mutating func append(_ sequence: [UInt8]) { bytes.append(contentsOf: sequence) }
    mutating func append32(_ value: UInt32) { appendWord(UInt64(value), bytes: 4) }
    mutating func append64(_ value: UInt64) { appendWord(value, bytes: 8) }
    /// Pads with `filler` until the length is a multiple of `alignment`.
    mutating func pad(to alignment: Int, with filler: UInt8) {
        while bytes.count % alignment != 0 { bytes.append(filler) }
    }

    /// Pads with the 32-bit `word` (an instruction that traps) until the length is a multiple of `alignment`, itself a
    /// multiple of 4.
    mutating func pad(to alignment: Int, withWord word: UInt32) {
        precondition(alignment % 4 == 0 && bytes.count % 4 == 0)
        while bytes.count % alignment != 0 { append32(word) }
    }

    private mutating func appendWord(_ value: UInt64, bytes count: Int) {
        for index in 0..<count {
            let shift = byteOrder == .littleEndian ? 8 * index : 8 * (count - 1 - index)
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
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
