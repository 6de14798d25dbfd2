import XCTest
import LLVMBridge

/// `String.firstRange(of:)`, the byte-wise search the text-IR loader edits definitions with.
final class StringSearchTests: XCTestCase {
    func testFindsTheFirstOccurrenceAnywhere() {
        let header = "define linkonce_odr void @f() comdat personality ptr @p {"
        XCTAssertEqual(header.firstRange(of: "define").map { header[$0] }, "define")
        XCTAssertEqual(header.firstRange(of: " comdat").map { header[header.startIndex..<$0.lowerBound] }, "define linkonce_odr void @f()")
        XCTAssertEqual(header.firstRange(of: "{").map { header[$0.lowerBound...] }, "{")
        XCTAssertNil(header.firstRange(of: " comdat("))
        XCTAssertNil("ab".firstRange(of: "abc"), "a target longer than the text")
        XCTAssertNil("abc".firstRange(of: ""))
        XCTAssertEqual("aab".firstRange(of: "ab").map { "aab"[$0] }, "ab", "a partial match restarts")
    }

    func testRangesAreValidIndicesAfterMultibyteCharacters() {
        var text = "@\"é→\" = comdat any !dbg !7"
        let range = text.firstRange(of: " !dbg")
        XCTAssertNotNil(range)
        text.removeSubrange(range!.lowerBound..<text.endIndex)
        XCTAssertEqual(text, "@\"é→\" = comdat any")
    }
}
