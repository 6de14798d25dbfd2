// Why this file exists: a deferred unit holds only what its function names, so the names a piece of IR text refers
// to must be read off the text; this is that scan.
/// The names a piece of IR text refers to: globals (`@name`), named types (`%name`, kept only when `types` knows
/// them: local values use `%` too), metadata (`!name`) and attribute groups (`#N`). String literals are skipped.
struct TextIRReferences {
    var globals: Set<String> = []
    var types: Set<String> = []
    var metadata: Set<String> = []

    /// Scans `range` of `bytes`, adding what it names.
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, knownTypes: [String: Int]) {
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            let byte = bytes[index]
            switch byte {
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
}
