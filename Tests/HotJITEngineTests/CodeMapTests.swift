import XCTest
@testable import HotJITEngine

/// The code map answers "what is at this address" whatever order code was added in (the kernel places new mappings
/// below older ones as often as above), and its signal-safe index holds every range.
final class CodeMapTests: XCTestCase {
    func testEntriesAddedInAnyOrderAreFoundAndListedByAddress() {
        let map = CodeMap(perfMap: false)
        let starts: [UInt64] = [0x9000, 0x5000, 0x7000, 0x1000, 0xb000, 0x3000]
        for (index, start) in starts.enumerated() {
            map.add([.init(start: start, size: 0x100, name: "f\(index)", kind: .function, tier: 0)])
        }
        XCTAssertEqual(map.all.map(\.start), starts.sorted())
        for (index, start) in starts.enumerated() {
            XCTAssertEqual(map.symbolize(start + 0x10)?.description, "f\(index) [t0]+0x10")
            XCTAssertNil(map.symbolize(start + 0x100), "past the end of f\(index)")
        }
        // Added after a lookup sorted the map: found too.
        map.add([.init(start: 0x2000, size: 0x10, name: "late", kind: .stub, tier: -1)])
        XCTAssertEqual(map.symbolize(0x2004)?.description, "late [stub]+0x4")
        XCTAssertNil(map.symbolize(0x0fff))
    }
}
