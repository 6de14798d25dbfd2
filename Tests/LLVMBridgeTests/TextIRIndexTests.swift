// Why this file exists: the text-IR index decides what a deferred unit contains; these tests pin what it finds.
import XCTest
@testable import LLVMBridge

final class TextIRIndexTests: XCTestCase {
    private let text = TestIR.preamble + """
    %struct.pair = type { i32, i32 }
    @message = private constant [28 x i8] c"define i32 @fake() { ; }\\0A\\00\\00\\00"
    ; define i32 @commented() {
    declare i32 @puts(ptr)

    define i32 @"quoted name"(i32 %x) {
    entry:
      %s = call i32 @puts(ptr @message)
      ret i32 %x
    }

    define internal void @helper() #0 {
      ret void
    }

    attributes #0 = { noinline }
    !llvm.module.flags = !{!0}
    !0 = !{i32 1, !"wchar_size", i32 4}

    """

    func testFindsEntitiesAndFunctionBodies() throws {
        let index = try XCTUnwrap(TextIRIndex(text: Array(text.utf8)))
        XCTAssertEqual(Set(index.definitions.keys), ["quoted name", "helper"])
        XCTAssertEqual(Set(index.declarations.keys), ["puts"])
        XCTAssertEqual(Set(index.types.keys), ["struct.pair"])
        XCTAssertEqual(Set(index.metadata.keys), ["llvm.module.flags", "0"])
        XCTAssertEqual(index.attributeGroups.count, 1)
        XCTAssertEqual(index.preamble.count, 2)
        // A body runs from its header to its closing `}` line.
        let body = index.entities[try XCTUnwrap(index.definitions["quoted name"])]
        let bodyText = String(decoding: index.text[body.range], as: UTF8.self)
        XCTAssertTrue(bodyText.hasPrefix("define i32 @\"quoted name\"(i32 %x) {"))
        XCTAssertTrue(bodyText.hasSuffix("ret i32 %x\n}\n"))
        let header = String(decoding: index.text[body.headerRange], as: UTF8.self)
        XCTAssertEqual(header, "define i32 @\"quoted name\"(i32 %x) ")
    }

    func testStringsAndCommentsNameNothing() throws {
        let index = try XCTUnwrap(TextIRIndex(text: Array(text.utf8)))
        XCTAssertNil(index.definitions["fake"])
        XCTAssertNil(index.definitions["commented"])
        var references = TextIRReferences()
        let position = try XCTUnwrap(index.definitions["quoted name"])
        index.text.withUnsafeBufferPointer {
            references.scan($0, index.entities[position].range, knownTypes: index.types)
        }
        XCTAssertEqual(references.globals, ["quoted name", "puts", "message"])
        let message = try XCTUnwrap(index.entities.firstIndex { $0.kind == .global("message") })
        var inString = TextIRReferences()
        index.text.withUnsafeBufferPointer { inString.scan($0, index.entities[message].range, knownTypes: index.types) }
        XCTAssertEqual(inString.globals, ["message"])
    }

    func testRefusesShapesItDoesNotHandle() {
        XCTAssertNil(TextIRIndex(text: Array((TestIR.preamble + "module asm \"nop\"\n").utf8)))
        XCTAssertNil(TextIRIndex(text: Array((TestIR.preamble + "define void @f() {\n  ret void\n").utf8)))
    }
}
