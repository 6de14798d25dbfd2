import XCTest
@testable import HotJITEngine

/// LLVM's link and code-generation failures reach hosts as the status they stand for (`EngineError.linking`): the
/// C API's HOTJIT_ERROR_UNRESOLVED_SYMBOL and HOTJIT_ERROR_OUT_OF_MEMORY, not a generic compile error.
final class LinkFailureTests: XCTestCase {
    func testMissingSymbolsAreUnresolvedAndNamedAsEverywhereElse() {
        XCTAssertEqual(EngineError.linking("Symbols not found: [ host_scale ]"),
                       .unresolvedSymbol("unresolved external symbol 'host_scale'"))
        XCTAssertEqual(EngineError.linking("cannot link 'g': Symbols not found: [ a, b, c ]"),
                       .unresolvedSymbol("cannot link 'g': unresolved external symbol 'a' (and 2 more: b, c)"))
        // ORC's internal names (tier symbols) are left out.
        XCTAssertEqual(EngineError.linking("Failed to materialize symbols: { (main, { f.t0 }) } "
                                           + "(Symbols not found: [ nowhere ])"),
                       .unresolvedSymbol("unresolved external symbol 'nowhere'"))
    }

    func testNoMemoryOrMappingsLeftIsOutOfMemory() {
        // JITLink's in-process memory manager and hotjit's own mappings report ENOMEM in these words.
        XCTAssertEqual(EngineError.linking("Cannot allocate memory"), .outOfMemory("Cannot allocate memory"))
        XCTAssertEqual(EngineError.linking("cannot map stubs: mmap of 8192 bytes failed: Cannot allocate memory"),
                       .outOfMemory("cannot map stubs: mmap of 8192 bytes failed: Cannot allocate memory"))
    }

    func testOtherFailuresStayCompileErrors() {
        XCTAssertEqual(EngineError.linking("relocation out of range"), .compile("relocation out of range"))
    }

    func testAModulesMissingSymbolFailsOnlyItsOwnLookups() throws {
        let engine = try Engine()
        try engine.addModule(text: """
        declare i32 @nowhere(i32)
        define i32 @needs(i32 %x) {
          %r = call i32 @nowhere(i32 %x)
          ret i32 %r
        }
        """, name: "broken.ll")
        try engine.addModule(text: "@value = global i32 3\ndefine i32 @fine() {\n  ret i32 1\n}\n", name: "fine.ll")
        XCTAssertNoThrow(try engine.lookup("fine"))
        XCTAssertNoThrow(try engine.lookup("value"))
        XCTAssertThrowsError(try engine.lookup("needs")) { error in
            XCTAssertEqual(error as? EngineError, .unresolvedSymbol("unresolved external symbol 'nowhere'"))
        }
        var answer: Int32 = 7
        try withUnsafeMutablePointer(to: &answer) { pointer in
            try engine.defineHostSymbols([("nowhere", UInt64(UInt(bitPattern: pointer)))])
        }
        XCTAssertNoThrow(try engine.lookup("needs"), "defined by the host, the symbol is there")
    }
}
