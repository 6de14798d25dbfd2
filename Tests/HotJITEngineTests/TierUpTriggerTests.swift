import XCTest
@testable import HotJITEngine

/// The one decoding of tier-0 code's counter index into a trigger, and back.
final class TierUpTriggerTests: XCTestCase {
    func testCounterIndicesDecodeToCallsLoopsAndTheSharedCounter() {
        XCTAssertEqual(TierUpTrigger(counterIndex: 0, countedLoops: 8), .calls)
        XCTAssertEqual(TierUpTrigger(counterIndex: 1, countedLoops: 8), .loop(0))
        XCTAssertEqual(TierUpTrigger(counterIndex: 8, countedLoops: 8), .loop(7))
        XCTAssertEqual(TierUpTrigger(counterIndex: 9, countedLoops: 8), .sharedLoops)
        XCTAssertNil(TierUpTrigger(counterIndex: 10, countedLoops: 8))
        XCTAssertNil(TierUpTrigger(counterIndex: -1, countedLoops: 8))
    }

    func testEveryTriggerMapsBackToItsCounter() {
        for index in 0...9 {
            let trigger = TierUpTrigger(counterIndex: index, countedLoops: 8)
            XCTAssertEqual(trigger?.counterIndex(countedLoops: 8), index)
        }
        XCTAssertNil(TierUpTrigger.explicit.counterIndex(countedLoops: 8))
        XCTAssertEqual(TierUpTrigger.loop(3).osrSlot, 3)
        XCTAssertNil(TierUpTrigger.sharedLoops.osrSlot, "the shared counter has no OSR slot")
        XCTAssertEqual(TierUpTrigger.sharedLoops.requestTrigger, .backedges)
    }

    func testVersionSymbolsAreSpelledOnce() {
        XCTAssertEqual(VersionSymbol.tier("foo", 0).name, "foo$t0")
        XCTAssertEqual(VersionSymbol.tier("foo", 0).counters, "foo$t0.counters")
        XCTAssertEqual(VersionSymbol.osr("foo", loop: 2).name, "foo$osr2")
        XCTAssertEqual(VersionSymbol.osr("foo", loop: 2).suffix, "osr2")
    }
}
