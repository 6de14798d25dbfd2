import HotJITEngine
import Foundation

extension Engine {
    /// Adds the textual IR module `ir` (tests write their programs as string literals).
    func addModule(text ir: String, name: String) throws {
        try ir.withCString { try addModule(bytes: UnsafeRawBufferPointer(start: $0, count: strlen($0)), name: name) }
    }
}
