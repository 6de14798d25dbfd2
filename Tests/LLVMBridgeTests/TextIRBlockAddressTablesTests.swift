// Why this file exists: which `blockaddress` uses the deferred loader keeps lazy decides whether a computed-goto
// interpreter's units are cut from text or cloned from a whole module; these tests pin that choice.
import XCTest
@testable import LLVMBridge

final class TextIRBlockAddressTablesTests: XCTestCase {
    private func tables(_ body: String) -> TextIRBlockAddressTables? {
        TextIRIndex(text: Array((TestIR.preamble + body).utf8)).flatMap { TextIRBlockAddressTables(index: $0) }
    }

    private let dispatch = """
    @run.table = internal global [2 x ptr] [ptr blockaddress(@run, %a), ptr blockaddress(@run, %b)], align 16
    @run.tables = internal global [1 x ptr] [ptr blockaddress(@run, %a)], align 16

    define internal i32 @run(i64 %k) {
    entry:
      %slot = getelementptr [2 x ptr], ptr @run.table, i64 0, i64 %k
      %target = load ptr, ptr %slot
      %self = select i1 true, ptr blockaddress(@run, %a), ptr %target
      indirectbr ptr %self, [label %a, label %b]
    a:
      ret i32 1
    b:
      ret i32 2
    }

    """

    func testATableOfItsOwnFunctionStaysWithIt() throws {
        let found = try XCTUnwrap(tables(dispatch))
        XCTAssertTrue(found.isOwner("run"))
        // `@run.table` is named in `@run.tables`' name only as a prefix: both are `run`'s.
        XCTAssertEqual(found.tablesOfOwner["run"]?.count, 2)
    }

    func testATableNamedElsewhereIsParsedWhole() {
        XCTAssertNil(tables(dispatch + """
        define ptr @peek() {
          ret ptr @run.table
        }

        """))
    }

    func testBlockAddressesOfAnotherFunctionAreParsedWhole() {
        XCTAssertNil(tables(dispatch + """
        define ptr @other() {
          ret ptr blockaddress(@run, %b)
        }

        """))
        XCTAssertNil(tables(dispatch.replacingOccurrences(of: "@run.table = internal", with: "@run.table =")))
    }
}
