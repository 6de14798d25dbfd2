import XCTest
@testable import HotJITEngine

/// Counts stay totals across resets, also when JIT'd code's unlocked decrement overwrote a reset (issue 19: a
/// parked counter's raw value, about 2^62, was reported as a count).
final class FunctionCountersTests: XCTestCase {
    private var words = [UInt64](repeating: 0, count: FunctionCounters.counterCount)

    /// Counters attached to `words`, calls at 1000 and every loop at 100, as tier 0 starts them.
    private static func attached(_ words: UnsafeMutablePointer<UInt64>) -> FunctionCounters {
        var counters = FunctionCounters()
        let initial = [1000] + [UInt64](repeating: 100, count: FunctionCounters.counterCount - 1)
        for (index, value) in initial.enumerated() { words[index] = value }
        counters.attach(words, callCounter: words, initialValues: initial)
        return counters
    }

    func testParkedCounterCountsOn() {
        words.withUnsafeMutableBufferPointer { buffer in
            let word = buffer.baseAddress!
            var counters = Self.attached(word)
            word[1] = 100 &- 150                 // 150 back-edges: past the threshold, below zero
            counters.park(1)
            word[1] -= 10
            XCTAssertEqual(counters.backedges, 160)
        }
    }

    func testResetLostToARacingDecrementIsNotReportedAsACount() {
        words.withUnsafeMutableBufferPointer { buffer in
            let word = buffer.baseAddress!
            var counters = Self.attached(word)
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
        words.withUnsafeMutableBufferPointer { buffer in
            let word = buffer.baseAddress!
            var counters = Self.attached(word)
            word[0] = 0                          // 1000 calls: the trigger
            counters.reset(0, to: 50)            // deferred by 50
            word[0] = 20
            XCTAssertEqual(counters.calls, 1030)
        }
    }
}
