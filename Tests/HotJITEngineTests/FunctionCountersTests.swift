import XCTest
@testable import HotJITEngine

/// Counts stay totals across resets, also when JIT'd code's unlocked decrement overwrote a reset (issue 19: a
/// parked counter's raw value, about 2^62, was reported as a count).
final class FunctionCountersTests: XCTestCase {
    /// Runs `body` with counters attached to fresh words, calls at 1000 and every loop at 100, as tier 0 starts them.
    private func withCounters(_ body: (inout FunctionCounters, UnsafeMutablePointer<UInt64>) -> Void) {
        let initial = [1000] + [UInt64](repeating: 100, count: FunctionCounters.counterCount - 1)
        var words = initial
        words.withUnsafeMutableBufferPointer { buffer in
            var counters = FunctionCounters()
            counters.attach(buffer.baseAddress!, callCounter: buffer.baseAddress!, initialValues: initial)
            body(&counters, buffer.baseAddress!)
        }
    }

    func testParkedCounterCountsOn() {
        withCounters { counters, word in
            word[1] = 100 &- 150                 // 150 back-edges: past the threshold, below zero
            counters.park(1)
            word[1] -= 10
            XCTAssertEqual(counters.backedges, 160)
        }
    }

    func testResetLostToARacingDecrementIsNotReportedAsACount() {
        withCounters { counters, word in
            word[1] = 100 &- 150
            let loaded = word[1]                 // a decrement loads ...
            counters.park(1)                     // ... another thread parks ...
            word[1] = loaded &- 1                // ... and the decrement's store overwrites the park
            word[1] &-= 9
            XCTAssertEqual(counters.backedges, 160)
            counters.park(1)                     // a later reset measures from there
            word[1] -= 5
            XCTAssertEqual(counters.backedges, 165)
        }
    }

    func testCallCountsAcrossDeferral() {
        withCounters { counters, word in
            word[0] = 0                          // 1000 calls: the trigger
            counters.reset(0, to: 50)            // deferred by 50
            word[0] = 20
            XCTAssertEqual(counters.calls, 1030)
        }
    }

    /// Tier-0 code (and the counter array in its data) is freed by a reclaim: the counts stay, and the words are
    /// never read or written again.
    func testDetachedCountersKeepTheirTotalsAndLeaveTheWords() {
        withCounters { counters, word in
            word[0] = 1000 - 40
            word[1] = 100 &- 150
            counters.park(1)
            word[1] -= 10
            counters.detachFromTier0Code()
            word[0] = 7
            word[1] = 7
            XCTAssertEqual(counters.calls, 40)
            XCTAssertEqual(counters.backedges, 160)
            counters.park(1)
            XCTAssertEqual(word[1], 7, "a detached counter is not written")
            XCTAssertEqual(counters.backedges, 160)
        }
    }
}
