import XCTest
import Foundation
@testable import HotJITEngine

/// Module handles and removal: the id scheme tells engines apart, a removed module's names can be defined again,
/// removal is refused (and changes nothing) while another module uses the names, and the code map forgets freed code.
final class ModuleRemovalTests: XCTestCase {
    static let square = "define i32 @sq(i32 %x) {\n  %r = mul i32 %x, %x\n  ret i32 %r\n}\n"
    static let caller = "declare i32 @sq(i32)\ndefine i32 @quad(i32 %x) {\n  %a = call i32 @sq(i32 %x)\n"
        + "  %b = call i32 @sq(i32 %a)\n  ret i32 %b\n}\n"

    typealias Unary = @convention(c) (Int32) -> Int32
    func call(_ engine: Engine, _ name: String, _ argument: Int32) throws -> Int32 {
        let address = try engine.lookup(name)
        return unsafeBitCast(UnsafeRawPointer(bitPattern: UInt(address))!, to: Unary.self)(argument)
    }

    func testHandlesCarryTheEngineSerialAndAnIndexPlusOne() {
        let handle = ModuleHandle(engineSerial: 7, index: 0)
        XCTAssertEqual(handle.rawValue, 7 << 32 | 1)
        XCTAssertEqual(handle.index(inEngine: 7), 0)
        XCTAssertNil(handle.index(inEngine: 8), "another engine's handle")
        XCTAssertNil(ModuleHandle(rawValue: 7 << 32).index(inEngine: 7), "index part 0 is never a handle")
        XCTAssertNil(ModuleHandle(rawValue: 0).index(inEngine: 7))
        XCTAssertEqual(ModuleHandle(engineSerial: 7, index: 41).index(inEngine: 7), 41)
        XCTAssertNotEqual(ModuleHandle.nextEngineSerial(), ModuleHandle.nextEngineSerial())
    }

    func testRemovedNamesCanBeDefinedAgainWithANewBody() throws {
        let engine = try Engine()
        let first = try engine.addModule(text: Self.square, name: "first.ll")
        XCTAssertEqual(try call(engine, "sq", 6), 36)
        try engine.removeModule(first)
        XCTAssertThrowsError(try engine.lookup("sq")) {
            XCTAssertEqual($0 as? EngineError, .notFound("no symbol named 'sq' in the loaded modules"))
        }
        try engine.addModule(text: Self.square.replacingOccurrences(of: "mul", with: "add"), name: "second.ll")
        XCTAssertEqual(try call(engine, "sq", 6), 12)
        XCTAssertEqual(engine.allFunctions.map(\.name), ["sq"])
    }

    func testRemovalIsRefusedWhileAnotherModuleUsesItsNames() throws {
        let engine = try Engine()
        let callee = try engine.addModule(text: Self.square, name: "callee.ll")
        let caller = try engine.addModule(text: Self.caller, name: "caller.ll")
        XCTAssertEqual(try call(engine, "quad", 2), 16)
        XCTAssertThrowsError(try engine.removeModule(callee)) { error in
            guard case .inUse(let message) = error as? EngineError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("caller.ll") && message.contains("'sq'"), message)
        }
        XCTAssertEqual(try call(engine, "quad", 3), 81, "a refused removal changes nothing")
        try engine.removeModule(caller)
        try engine.removeModule(callee)
    }

    /// A function that inline assembly names (`call sq`) gets a symbol in the JIT session: the assembly resolves,
    /// and the module defining it can no longer be removed (the symbol cannot be taken back).
    func testAFunctionNamedByInlineAssemblyResolvesAndPinsItsModule() throws {
        let engine = try Engine()
        let callee = try engine.addModule(text: Self.square, name: "callee.ll")
        let viaAsm = "define i32 @via_asm(i32 %x) {\n"
            + "  %r = call i32 asm sideeffect \"call sq\", \"={ax},{di},~{dirflag},~{fpsr},~{flags},~{memory}\"(i32 %x)\n"
            + "  ret i32 %r\n}\n"
        let user = try engine.addModule(text: viaAsm, name: "asm.ll")
        XCTAssertEqual(try call(engine, "via_asm", 7), 49)
        try engine.removeModule(user)
        XCTAssertThrowsError(try engine.removeModule(callee)) { error in
            guard case .unsupported(let message) = error as? EngineError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("assembly names its function 'sq'"), message)
        }
    }

    func testStaleAndForeignHandlesAreRefused() throws {
        let engine = try Engine(), other = try Engine()
        let handle = try engine.addModule(text: Self.square, name: "sq.ll")
        let foreign = try other.addModule(text: Self.square, name: "sq.ll")
        XCTAssertThrowsError(try engine.removeModule(foreign)) {
            guard case .invalidArgument = $0 as? EngineError else { return XCTFail("\($0)") }
        }
        try engine.removeModule(handle)
        XCTAssertThrowsError(try engine.removeModule(handle)) {
            guard case .notFound = $0 as? EngineError else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try engine.removeModule(ModuleHandle(rawValue: handle.rawValue + 5))) {
            guard case .invalidArgument = $0 as? EngineError else { return XCTFail("\($0)") }
        }
    }

    func testRemovalForgetsTheModulesCodeInTheCodeMap() throws {
        let engine = try Engine()
        let handle = try engine.addModule(text: Self.square, name: "sq.ll")
        XCTAssertEqual(try call(engine, "sq", 3), 9)
        XCTAssertTrue(engine.codeMap.all.contains { $0.name == "sq" && $0.kind == .function })
        try engine.removeModule(handle)
        XCTAssertFalse(engine.codeMap.all.contains { $0.name == "sq" }, "stub, trampoline and tier-0 entries")
    }

    /// ORC does not know functions' names, so a module's data that takes the address of a function a later module
    /// defines waits for it: then it is linked with the function's stub (the address a lookup gives).
    func testDataMayReferToAFunctionOfAModuleAddedLater() throws {
        let engine = try Engine()
        try engine.addModule(text: "declare i32 @later(i32)\n@table = global ptr @later\n", name: "table.ll")
        XCTAssertThrowsError(try engine.lookup("table"), "'later' is defined by nothing yet")
        try engine.addModule(text: Self.square.replacingOccurrences(of: "@sq", with: "@later"), name: "later.ll")
        let table = try XCTUnwrap(UnsafePointer<UInt64>(bitPattern: UInt(try engine.lookup("table"))))
        XCTAssertEqual(table.pointee, try engine.lookup("later"))
        XCTAssertEqual(try call(engine, "later", 5), 25)
    }
}
