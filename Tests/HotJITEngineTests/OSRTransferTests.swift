import XCTest
@testable import HotJITEngine
import LLVMBridge

/// OSR continuations of loops that use values computed before them, declined continuations' reasons, and the
/// counts reported after a loop counter was parked (issue 19).
final class OSRTransferTests: XCTestCase {
    /// A loop over a dynamic alloca made after the prologue, as clang makes a VLA: its address is an SSA value of
    /// the entry block, which the continuation must receive from the tier-0 frame.
    static let vlaLoop = """
    define i64 @vla_sum(i64 %n) {
    entry:
      %i = alloca i64
      %acc = alloca i64
      store i64 0, ptr %i
      store i64 0, ptr %acc
      %a = alloca i64, i64 %n
      br label %header
    header:
      %iv = load i64, ptr %i
      %more = icmp slt i64 %iv, %n
      br i1 %more, label %body, label %exit
    body:
      %slot = getelementptr i64, ptr %a, i64 %iv
      store i64 %iv, ptr %slot
      %v = load i64, ptr %slot
      %acc0 = load i64, ptr %acc
      %s = add i64 %acc0, %v
      store i64 %s, ptr %acc
      %next = add i64 %iv, 1
      store i64 %next, ptr %i
      br label %header
    exit:
      %early = getelementptr i64, ptr %a, i64 7
      %seven = load i64, ptr %early
      %r = load i64, ptr %acc
      %t = add i64 %r, %seven
      ret i64 %t
    }
    """

    /// A loop in a function with a `musttail` call: its continuation is declined (the call must keep the caller's
    /// signature), so the loop runs on at tier 0 with its counter parked.
    static let mustTailLoop = """
    define i64 @tail_loop(i64 %n) {
    entry:
      %i = alloca i64
      store i64 0, ptr %i
      br label %header
    header:
      %iv = load i64, ptr %i
      %next = add i64 %iv, 1
      store i64 %next, ptr %i
      %more = icmp slt i64 %next, %n
      br i1 %more, label %header, label %exit
    exit:
      %r = musttail call i64 @identity(i64 %next)
      ret i64 %r
    }
    define i64 @identity(i64 %x) {
      ret i64 %x
    }
    """

    private func engine(_ ir: String) throws -> Engine {
        var options = EngineOptions()
        options.tiering.synchronous = true
        options.tiering.backedgeThreshold = 100
        options.tiering.callThreshold = 1_000_000_000
        let engine = try Engine(options: options)
        try engine.addModule(text: ir, name: "osr.ll")
        return engine
    }

    func testLoopOverADynamicAllocaEntersItsContinuation() throws {
        let engine = try engine(Self.vlaLoop)
        let function = unsafeBitCast(UnsafeRawPointer(bitPattern: UInt(try engine.lookup("vla_sum")))!,
                                     to: (@convention(c) (Int64) -> Int64).self)
        let n: Int64 = 20_000
        XCTAssertEqual(function(n), n * (n - 1) / 2 + 7, "the continuation used the tier-0 frame's array")
        XCTAssertEqual(engine.function(named: "vla_sum")?.osrEntries, 1)
        XCTAssertEqual(engine.events.osrDeclines, [:])
    }

    func testDeclinedContinuationHasANamedReasonAndTheParkedLoopCountsTrueBackEdges() throws {
        let engine = try engine(Self.mustTailLoop)
        let function = unsafeBitCast(UnsafeRawPointer(bitPattern: UInt(try engine.lookup("tail_loop")))!,
                                     to: (@convention(c) (Int64) -> Int64).self)
        XCTAssertEqual(function(50_000), 50_000)
        XCTAssertEqual(engine.events.osrDeclines, [.mustTailCall: 1])
        let record = try XCTUnwrap(engine.function(named: "tail_loop"))
        XCTAssertEqual(record.osrEntries, 0)
        // Counted on the back-edge itself: the latch's last run, which leaves the loop, is no back-edge.
        XCTAssertEqual(record.backedges, 49_999, "a parked counter counts on: the total is the true count")
        XCTAssertTrue(Statistics.table(engine).contains("OSR declined: 1 continuations (musttail 1)"))
        XCTAssertTrue(Statistics.json(engine, wallSeconds: 0).contains("\"musttail\": 1"))
    }
}
