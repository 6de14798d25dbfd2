import XCTest
@testable import HotJITEngine
import Foundation

/// The background compile queue's order: urgent work first (latest first), then cheapest first.
final class RecompileQueueTests: XCTestCase {
    func testUrgentThenCheapestFirst() {
        let queue = RecompileQueue(threads: 1)
        defer { queue.shutdown() }
        let gate = DispatchSemaphore(value: 0)
        let order = OrderLog()
        queue.submit(cost: 1) { gate.wait() }   // holds the only thread while the rest is queued
        queue.submit(cost: 900) { order.append("large") }
        queue.submit(cost: 10) { order.append("small") }
        queue.submit(cost: 50) { order.append("medium") }
        queue.submit(urgent: true) { order.append("osr-first") }
        queue.submit(cost: 10) { order.append("small-later") }
        queue.submit(urgent: true) { order.append("osr-latest") }
        gate.signal()
        queue.waitUntilIdle()
        XCTAssertEqual(order.items, ["osr-latest", "osr-first", "small", "small-later", "medium", "large"])
    }
}

private final class OrderLog: @unchecked Sendable {
    private let lock = NSLock()
    private var log: [String] = []
    func append(_ item: String) { lock.lock(); log.append(item); lock.unlock() }
    var items: [String] { lock.lock(); defer { lock.unlock() }; return log }
}
