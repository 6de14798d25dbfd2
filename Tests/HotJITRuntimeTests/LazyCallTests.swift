import XCTest
import HotJITEmitters
@testable import HotJITRuntime
#if canImport(Glibc)
import Glibc
#endif

/// Executes the host's stubs, trampolines and resolver for real: a first call through a stub resolves once, arguments
/// survive the resolver, later calls go straight to the target.
final class LazyCallTests: XCTestCase {
    typealias Fn10 = @convention(c) (Int, Int, Int, Int, Int, Int, Int, Int, Double, Double) -> Double

    static let target: Fn10 = { a, b, c, d, e, f, g, h, x, y in
        Double(a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h) + x * 0.5 + y * 0.25
    }

    func testFirstCallResolvesOnceThenGoesDirect() throws {
        let emitter = try XCTUnwrap(HostEmitter.make())
        let table = try StubTable(emitter: emitter, count: 2)
        let manager = CallbackManager(emitter: emitter, blockCapacity: 4)
        let calls = Counter()
        let targetAddress = UInt64(UInt(bitPattern: unsafeBitCast(Self.target, to: UnsafeRawPointer.self)))
        let (_, trampoline) = try manager.makeTrampoline {
            calls.increment()
            table.setTarget(0, targetAddress)
            return .success(targetAddress)
        }
        table.setTarget(0, trampoline)
        let stub = unsafeBitCast(UnsafeRawPointer(bitPattern: UInt(table.stubAddress(0)))!, to: Fn10.self)
        let expected = Self.target(1, 2, 3, 4, 5, 6, 7, 8, 1.5, -2.0)
        XCTAssertEqual(stub(1, 2, 3, 4, 5, 6, 7, 8, 1.5, -2.0), expected)
        XCTAssertEqual(calls.value, 1)
        XCTAssertEqual(table.target(0), targetAddress)
        XCTAssertEqual(stub(1, 2, 3, 4, 5, 6, 7, 8, 1.5, -2.0), expected)
        XCTAssertEqual(calls.value, 1, "the second call must not re-enter the resolver")
    }

    func testConcurrentFirstCallsResolveExactlyOnce() throws {
        let emitter = try XCTUnwrap(HostEmitter.make())
        let table = try StubTable(emitter: emitter, count: 1)
        let manager = CallbackManager(emitter: emitter)
        let calls = Counter()
        let targetAddress = UInt64(UInt(bitPattern: unsafeBitCast(Self.target, to: UnsafeRawPointer.self)))
        let (_, trampoline) = try manager.makeTrampoline {
            calls.increment()
            usleep(20_000) // make the others pile up behind the first resolver
            table.setTarget(0, targetAddress)
            return .success(targetAddress)
        }
        table.setTarget(0, trampoline)
        let stubAddress = table.stubAddress(0)
        let results = ResultsBox(count: 8)
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            let stub = unsafeBitCast(UnsafeRawPointer(bitPattern: UInt(stubAddress))!, to: Fn10.self)
            results.set(i, stub(i, 1, 1, 1, 1, 1, 1, 1, 2.0, 4.0))
        }
        XCTAssertEqual(calls.value, 1)
        for i in 0..<8 { XCTAssertEqual(results.get(i), Self.target(i, 1, 1, 1, 1, 1, 1, 1, 2.0, 4.0)) }
    }

    func testCodeIsNeverWritableAndExecutable() throws {
        let emitter = try XCTUnwrap(HostEmitter.make())
        let table = try StubTable(emitter: emitter, count: 16)
        let manager = CallbackManager(emitter: emitter)
        _ = try manager.makeTrampoline { .success(0) }
        let maps = try String(contentsOfFile: "/proc/self/maps", encoding: .utf8)
        for line in maps.split(separator: "\n") {
            let fields = line.split(separator: " ")
            let range = fields[0].split(separator: "-").map { UInt64($0, radix: 16)! }
            let perms = fields[1]
            XCTAssertFalse(perms.hasPrefix("rwx"), "W+X mapping: \(line)")
            let interesting = [table.codeRange, table.slotRange] + manager.codeRanges
            for r in interesting where r.lowerBound >= range[0] && r.upperBound <= range[1] {
                if r == table.slotRange { XCTAssertEqual(perms.prefix(3), "rw-") } else { XCTAssertEqual(perms.prefix(3), "r-x") }
            }
        }
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

final class ResultsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Double]
    init(count: Int) { values = Array(repeating: .nan, count: count) }
    func set(_ i: Int, _ v: Double) { lock.lock(); values[i] = v; lock.unlock() }
    func get(_ i: Int) -> Double { lock.lock(); defer { lock.unlock() }; return values[i] }
}
