import XCTest
@testable import HotJITEngine
import HotJITSupport

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

    /// Removed entries are gone from both views; the signal handlers' index names what is left.
    func testRemovedEntriesAreForgottenByBothViews() {
        let map = CodeMap(perfMap: false)
        let base: UInt64 = 0x10000
        for index in 0..<100 {
            let start = base + UInt64(index) * 0x100
            map.add([CodeMap.Entry(start: start, size: 0x100, name: "f\(index)", kind: .function, tier: 0)])
        }
        var even: Set<UInt64> = []
        for index in stride(from: 0, to: 100, by: 2) { even.insert(base + UInt64(index) * 0x100) }
        map.remove(starts: even)
        XCTAssertEqual(map.all.count, 50)
        XCTAssertNil(map.symbolize(0x10010))
        XCTAssertEqual(map.symbolize(0x10110)?.description, "f1 [t0]+0x10")
        var buffer = [CChar](repeating: 0, count: 64)
        XCTAssertEqual(hotjit_code_index_symbolize(map.signalSafeIndex, 0x10010, &buffer, buffer.count), 0)
        XCTAssertEqual(hotjit_code_index_symbolize(map.signalSafeIndex, 0x10110, &buffer, buffer.count), 1)
        XCTAssertEqual(String(cString: buffer), "f1 [t0]+0x10")
        map.add([.init(start: 0x10000, size: 0x100, name: "again", kind: .function, tier: 0)])
        XCTAssertEqual(hotjit_code_index_symbolize(map.signalSafeIndex, 0x10004, &buffer, buffer.count), 1)
        XCTAssertEqual(String(cString: buffer), "again [t0]+0x4")
    }
}
