import HotJITEngine
import Foundation

extension Engine {
    /// Adds the textual IR module `ir` (tests write their programs as string literals).
    @discardableResult
    func addModule(text ir: String, name: String) throws -> ModuleHandle {
        try ir.withCString { try addModule(bytes: UnsafeRawBufferPointer(start: $0, count: strlen($0)), name: name) }
    }
}
