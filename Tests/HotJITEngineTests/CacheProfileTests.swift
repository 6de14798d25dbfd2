// Why this file exists: a run's profile decides what the next run starts optimized and what it queues at once;
// these tests hold how runs add up and how the lines read back.
import XCTest
@testable import HotJITEngine

final class CacheProfileTests: XCTestCase {
    func testLinesReadBackAndAFunctionIsHotOnlyUntilOptimized() {
        let profile = CacheProfile(optimized: ["f", "g"], hot: ["g", "h"])
        XCTAssertEqual(profile.hot, ["h"])   // optimized wins
        XCTAssertEqual(profile.lines, ["optimized f", "optimized g", "hot h"])
        XCTAssertEqual(CacheProfile(lines: profile.lines), profile)
        // Unknown lines (another format) are ignored, names may hold spaces.
        XCTAssertEqual(CacheProfile(lines: ["f", "hot a b", "cold x"]), CacheProfile(hot: ["a b"]))
    }

    func testRunsAddUp() {
        let first = CacheProfile(optimized: ["a"], hot: ["big", "slow"])
        let second = first.adding(CacheProfile(optimized: ["big"], hot: ["new"]))
        XCTAssertEqual(second.optimized, ["a", "big"])
        XCTAssertEqual(second.hot, ["slow", "new"])   // a short run does not forget what a longer one found
        XCTAssertEqual(second.adding(CacheProfile()), second)
    }
}
