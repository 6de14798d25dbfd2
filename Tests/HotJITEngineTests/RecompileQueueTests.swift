import XCTest
@testable import HotJITEngine
import Foundation

/// The background compile queue's order: cheapest first (costs as they are when a thread picks), ties in order of
/// submission.
final class RecompileQueueTests: XCTestCase {
    func testCheapestFirstTiesInSubmissionOrder() {
        let queue = RecompileQueue(threads: 1)
        defer { queue.shutdown() }
        let gate = DispatchSemaphore(value: 0)
        let order = OrderLog()
        queue.submit(cost: { 1 }) { gate.wait() }   // holds the only thread while the rest is queued
        queue.submit(cost: { 900 }) { order.append("large") }
        queue.submit(cost: { 10 }) { order.append("small") }
        queue.submit(cost: { 50 }) { order.append("medium") }
        queue.submit(cost: { 3 }) { order.append("hot-loop") }
        queue.submit(cost: { 10 }) { order.append("small-later") }
        gate.signal()
        queue.waitUntilIdle()
        XCTAssertEqual(order.items, ["hot-loop", "small", "small-later", "medium", "large"])
    }

    /// Costs are asked when a thread picks: an item whose cost fell while it waited (its function was called again
    /// and again) runs before items that were cheaper when it was queued.
    func testCostsAreAskedWhenAThreadPicks() {
        let queue = RecompileQueue(threads: 1)
        defer { queue.shutdown() }
        let gate = DispatchSemaphore(value: 0)
        let order = OrderLog()
        let hot = CostBox(1_000)
        queue.submit(cost: { 1 }) { gate.wait() }
        queue.submit(cost: { 100 }) { order.append("lukewarm") }
        queue.submit(cost: { hot.value }) { order.append("hot") }
        queue.submit(cost: { 200 }) { order.append("cool") }
        hot.value = 10   // called many times while waiting
        gate.signal()
        queue.waitUntilIdle()
        XCTAssertEqual(order.items, ["hot", "lukewarm", "cool"])
    }

    /// With a retirement handler, a thread idle for the given time ends and runs it; someone else joins it; the next
    /// submit starts a new thread. Without one, the thread waits for work however long it is idle.
    func testIdleThreadsEndAndAreJoinedElsewhere() {
        let queue = RecompileQueue(threads: 1, idleNanoseconds: 5_000_000)
        defer { queue.shutdown() }
        let retired = DispatchSemaphore(value: 0)
        let order = OrderLog()
        queue.retireIdleThreads { order.append("retired"); retired.signal() }
        queue.submit { order.append("first") }
        XCTAssertEqual(retired.wait(timeout: .now() + 10), .success, "the idle thread ends")
        XCTAssertEqual(queue.joinEndedThreads(), 1)
        XCTAssertEqual(queue.joinEndedThreads(), 0, "joined once")
        queue.submit { order.append("second") }
        XCTAssertEqual(retired.wait(timeout: .now() + 10), .success, "a new thread served the second submit, then ended")
        queue.waitUntilIdle()
        XCTAssertEqual(order.items, ["first", "retired", "second", "retired"])

        let keeping = RecompileQueue(threads: 1, idleNanoseconds: 1_000_000)
        defer { keeping.shutdown() }
        keeping.submit { order.append("kept") }
        keeping.waitUntilIdle()
        usleep(30_000)
        XCTAssertEqual(keeping.joinEndedThreads(), 0, "no retirement handler: the thread stays")
    }
}

private final class CostBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: UInt64
    init(_ value: UInt64) { stored = value }
    var value: UInt64 {
        get { lock.lock(); defer { lock.unlock() }; return stored }
        set { lock.lock(); stored = newValue; lock.unlock() }
    }
}

private final class OrderLog: @unchecked Sendable {
    private let lock = NSLock()
    private var log: [String] = []
    func append(_ item: String) { lock.lock(); log.append(item); lock.unlock() }
    var items: [String] { lock.lock(); defer { lock.unlock() }; return log }
}
