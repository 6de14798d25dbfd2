// Why this file exists: a `blockaddress` ties a global's initializer to a function's body, which the skeleton does
// not have; interpreters (Lua's computed-goto dispatch table) are built that way and were parsed whole for it, paying
// a clone and a bitcode round trip per unit (issue 15). This finds the shape the deferred loader can keep lazy.
import HotJITSupport

/// Internal tables of block addresses, each naming blocks of one function only and mentioned by nothing but that
/// function: such a table lives in its function's unit (an internal copy per compiled version, as the whole-module
/// loader's owned copies), and the skeleton leaves it out. Any other use of `blockaddress` makes `init` fail, and
/// the caller parses the file whole.
struct TextIRBlockAddressTables {
    /// Table (entity position) -> the function (name in the file) whose blocks it names.
    private(set) var ownerOfTable: [Int: String] = [:]
    /// Function (name in the file) -> the tables (entity positions) that live in its units.
    private(set) var tablesOfOwner: [String: [Int]] = [:]

    init() {}

    init?(index: TextIRIndex) {
        let needle = Array("blockaddress(".utf8)
        let found: Bool = index.text.withUnsafeBufferPointer { bytes in
            var entity = 0
            var position = 0
            while let hit = Self.find(needle, in: bytes, from: position) {
                position = hit + needle.count
                while entity < index.entities.count && index.entities[entity].range.upperBound <= hit { entity += 1 }
                guard entity < index.entities.count, index.entities[entity].range.contains(hit),
                      let function = TextIRIndex.name(bytes, at: position + 1, limit: bytes.count)?.name,
                      bytes[position] == UInt8(ascii: "@"), index.definitions[function] != nil else { return false }
                switch index.entities[entity].kind {
                case .definition(let name) where name == function:
                    continue // a function taking its own blocks' addresses: its unit has them
                case .global(let name) where Self.isInternal(bytes, index.entities[entity].range, name: name):
                    if let owner = ownerOfTable[entity], owner != function { return false }
                    if ownerOfTable[entity] == nil { tablesOfOwner[function, default: []].append(entity) }
                    ownerOfTable[entity] = function
                default:
                    return false
                }
            }
            // Mentioned anywhere but in itself and its function, a table would need a definition elsewhere.
            for (table, owner) in ownerOfTable {
                guard case .global(let name) = index.entities[table].kind, let ownerEntity = index.definitions[owner]
                else { return false }
                let mention = Array("@\(name)".utf8)
                var from = 0
                while let hit = Self.find(mention, in: bytes, from: from) {
                    from = hit + mention.count
                    if from < bytes.count && TextIRIndex.isNameByte(bytes[from]) { continue } // a longer name
                    if !index.entities[table].range.contains(hit) && !index.entities[ownerEntity].range.contains(hit) {
                        return false
                    }
                }
            }
            return true
        }
        guard found else { return nil }
    }

    func isTable(_ position: Int) -> Bool { ownerOfTable[position] != nil }

    func isOwner(_ function: String) -> Bool { tablesOfOwner[function] != nil }

    /// `@name = internal ...` or `@name = private ...`, with a plain (unquoted) name.
    private static func isInternal(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, name: String) -> Bool {
        let prefix = Array("@\(name) = ".utf8)
        guard range.count > prefix.count, prefix.indices.allSatisfy({ bytes[range.lowerBound + $0] == prefix[$0] })
        else { return false }
        let rest = (range.lowerBound + prefix.count)..<range.upperBound
        return TextIRIndex.hasPrefix(bytes, rest, "internal ") || TextIRIndex.hasPrefix(bytes, rest, "private ")
    }

    /// The first occurrence of `needle` in `bytes` at or after `start` (glibc's memmem).
    private static func find(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < bytes.count, let base = bytes.baseAddress else { return nil }
        let offset = needle.withUnsafeBytes {
            hotjit_memory_find(base + start, bytes.count - start, $0.baseAddress, $0.count)
        }
        return offset < 0 ? nil : start + offset
    }
}
