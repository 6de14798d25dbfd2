import XCTest
import HotJITEmitters
@testable import HotJITRuntime
#if canImport(Glibc)
import Glibc
#endif

/// The lazy stub's protocol, executed for real: resolve once, rebind the slot, resolve from a host thread through
/// the same compile-once state, hand the slot back for one call, and never undo a newer target.
final class LazyStubTests: XCTestCase {
    typealias Fn = @convention(c) (Int) -> Int
    static let double: Fn = { $0 * 2 }
    static let triple: Fn = { $0 * 3 }
    static func address(_ function: Fn) -> UInt64 { UInt64(UInt(bitPattern: unsafeBitCast(function, to: UnsafeRawPointer.self))) }

    func makeStub(resolving counter: Counter, to target: @escaping @Sendable () -> UInt64) throws -> (LazyStub, Fn) {
        let emitter = try XCTUnwrap(HostEmitter.make())
        let table = try StubTable(emitter: emitter, count: 1)
        let manager = CallbackManager(emitter: emitter)
        let stub = try LazyStub(table: table, index: 0, manager: manager) {
            counter.increment()
            return .success(target())
        }
        let function = unsafeBitCast(UnsafeRawPointer(bitPattern: UInt(stub.stubAddress))!, to: Fn.self)
        return (stub, function)
    }

    func testFirstCallResolvesOnceAndRebindsTheSlot() throws {
        let resolves = Counter()
        let (stub, function) = try makeStub(resolving: resolves) { Self.address(Self.double) }
        XCTAssertEqual(stub.target, stub.trampolineAddress, "the slot starts at the trampoline")
        XCTAssertEqual(function(21), 42)
        XCTAssertEqual(stub.target, Self.address(Self.double), "the slot is rebound to what the resolve returned")
        XCTAssertEqual(function(5), 10)
        XCTAssertEqual(resolves.value, 1)
    }

    func testResolveNowSharesTheFirstCallsCompileOnceState() throws {
        let resolves = Counter()
        let (stub, function) = try makeStub(resolving: resolves) { usleep(20_000); return Self.address(Self.double) }
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            if index % 2 == 0 { _ = stub.resolveNow() } else { XCTAssertEqual(function(index), index * 2) }
        }
        XCTAssertEqual(resolves.value, 1, "host resolves and first calls resolve once between them")
        guard case .success(let address) = stub.resolveNow() else { return XCTFail("resolveNow failed") }
        XCTAssertEqual(address, Self.address(Self.double))
    }

    func testRearmRunsOnceMoreThenGoesDirect() throws {
        let resolves = Counter()
        let (stub, function) = try makeStub(resolving: resolves) { Self.address(Self.double) }
        let rearmed = Counter()
        XCTAssertFalse(stub.rearm { .success(Self.address(Self.triple)) }, "nothing to re-arm before the first call")
        XCTAssertEqual(function(2), 4)
        XCTAssertTrue(stub.rearm { rearmed.increment(); return .success(Self.address(Self.triple)) })
        XCTAssertEqual(stub.target, stub.trampolineAddress)
        XCTAssertEqual(function(2), 6)
        XCTAssertEqual(function(3), 9)
        XCTAssertEqual(rearmed.value, 1)
        XCTAssertEqual(stub.target, Self.address(Self.triple))
    }

    func testRebindNeverUndoesANewerTarget() throws {
        let resolves = Counter()
        let box = StubBox()
        let (stub, function) = try makeStub(resolving: resolves) {
            // A newer version is installed while this one resolves (a tier-up finishing meanwhile).
            box.stub?.setTarget(Self.address(Self.triple))
            return Self.address(Self.double)
        }
        box.stub = stub
        XCTAssertEqual(function(2), 4, "this call continues where its resolve said")
        XCTAssertEqual(stub.target, Self.address(Self.triple), "the newer target stays")
        XCTAssertEqual(function(2), 6)
    }

    func testFailedResolveStaysPendingAndIsReturnedToTheHost() throws {
        let emitter = try XCTUnwrap(HostEmitter.make())
        let table = try StubTable(emitter: emitter, count: 1)
        let manager = CallbackManager(emitter: emitter)
        let attempts = Counter()
        let stub = try LazyStub(table: table, index: 0, manager: manager) {
            attempts.increment()
            return attempts.value < 2 ? .failure(.init("not yet")) : .success(Self.address(Self.double))
        }
        guard case .failure(let failure) = stub.resolveNow() else { return XCTFail("the first resolve must fail") }
        XCTAssertEqual(failure.message, "not yet")
        XCTAssertEqual(stub.target, stub.trampolineAddress, "a failed resolve leaves the slot at the trampoline")
        guard case .success = stub.resolveNow() else { return XCTFail("the second resolve must succeed") }
        XCTAssertEqual(stub.target, Self.address(Self.double))
    }
}

final class StubBox: @unchecked Sendable { var stub: LazyStub? 
    /// Released trampolines are reused (same id, same address) and a released one reports a failed resolve.
    func testReleasedTrampolineIdsAreReused() throws {
        let emitter = try XCTUnwrap(HostEmitter.make())
        let manager = CallbackManager(emitter: emitter)
        let first = try manager.makeTrampoline { .success(1) }
        let second = try manager.makeTrampoline { .success(2) }
        XCTAssertEqual(manager.liveTrampolines, 2)
        XCTAssertEqual(manager.release([first.id, first.id, 12345]), 1, "twice or out of range: left alone")
        guard case .failure = manager.resolve(id: first.id) else { return XCTFail("a released trampoline resolved") }
        let reused = try manager.makeTrampoline { .success(3) }
        XCTAssertEqual(reused.id, first.id)
        XCTAssertEqual(reused.address, first.address)
        guard case .success(3) = manager.resolve(id: reused.id) else { return XCTFail("the reused id resolves anew") }
        guard case .success(2) = manager.resolve(id: second.id) else { return XCTFail("others are untouched") }
        XCTAssertEqual(manager.liveTrampolines, 2)
    }
}
