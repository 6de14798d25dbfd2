import HotJITEngine
import Foundation

extension Engine {
    /// Adds the textual IR module `ir` (tests write their programs as string literals).
    @discardableResult
    func addModule(text ir: String, name: String) throws -> ModuleHandle {
        try ir.withCString { try addModule(bytes: UnsafeRawBufferPointer(start: $0, count: strlen($0)), name: name) }
    }

    /// Function `name` as a C function of `type` (through its stub: compiled at its first call).
    func cFunction<Function>(_ name: String, as type: Function.Type) throws -> Function {
        unsafeBitCast(UnsafeRawPointer(bitPattern: UInt(try lookup(name)))!, to: type)
    }
}
