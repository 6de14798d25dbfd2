// Why this file exists: a deferred unit holds only what its function names, so the names a piece of IR text refers
// to must be read off the text; this is that scan.
/// The names a piece of IR text refers to: globals (`@name`), named types (`%name`, kept only when `types` knows
/// them: local values use `%` too), metadata (`!name`) and attribute groups (`#N`). String literals are skipped.
struct TextIRReferences {
    var globals: Set<String> = []
    var types: Set<String> = []
    var metadata: Set<String> = []
    var attributeGroups: Set<Int> = []

    /// Scans `range` of `bytes`, adding what it names. Without `numberedTypes` (no type in the file is named by a
    /// number), `%N` is a local value and is passed over without making a name of it: most names in a body are those.
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, knownTypes: [String: Int],
                       numberedTypes: Bool = true) {
        var index = range.lowerBound
        let end = range.upperBound
        let stops = Self.stops
        while index < end {
            let byte = bytes[index]
            // Most bytes start nothing: pass over them before the switch (a third of the scan's cost, issue 15).
            if !stops[Int(byte)] {
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "%") where !numberedTypes && index + 1 < end && Self.isDigit(bytes[index + 1]):
                index += 1
                while index < end && TextIRIndex.isNameByte(bytes[index]) { index += 1 }
            case UInt8(ascii: "#") where index + 1 < end && Self.isDigit(bytes[index + 1]):
                var number = 0
                index += 1
                while index < end && Self.isDigit(bytes[index]) {
                    number = number &* 10 &+ Int(bytes[index] - UInt8(ascii: "0"))
                    index += 1
                }
                attributeGroups.insert(number)
            case UInt8(ascii: "\""):
                index += 1
                while index < end && bytes[index] != UInt8(ascii: "\"") { index += 1 }
                index += 1
            case UInt8(ascii: ";"):
                while index < end && bytes[index] != UInt8(ascii: "\n") { index += 1 }
            case UInt8(ascii: "@"), UInt8(ascii: "%"), UInt8(ascii: "!"):
                if let (name, next) = TextIRIndex.name(bytes, at: index + 1, limit: end) {
                    switch byte {
                    case UInt8(ascii: "@"): globals.insert(name)
                    case UInt8(ascii: "%"): if knownTypes[name] != nil { types.insert(name) }
                    default: metadata.insert(name)
                    }
                    index = next
                } else if byte == UInt8(ascii: "!"), index + 1 < end, bytes[index + 1] == UInt8(ascii: "\"") {
                    index += 2 // a metadata string: skip it whole
                    while index < end && bytes[index] != UInt8(ascii: "\"") { index += 1 }
                    index += 1
                } else {
                    index += 1
                }
            default:
                index += 1
            }
        }
    }

    /// The bytes the scan acts on: quotes, comments and sigils.
    private static let stops: [Bool] = (0..<256).map { byte in
        [UInt8(ascii: "\""), UInt8(ascii: ";"), UInt8(ascii: "@"), UInt8(ascii: "%"), UInt8(ascii: "!"),
         UInt8(ascii: "#")].contains(UInt8(byte))
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
