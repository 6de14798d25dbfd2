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

    /// Two loops one after the other, each counted with an OSR slot of its own.
    static let twoLoops = """
    define i64 @two_loops(i64 %n) {
    entry:
      %i = alloca i64
      store i64 0, ptr %i
      br label %first
    first:
      %a = load i64, ptr %i
      %a1 = add i64 %a, 1
      store i64 %a1, ptr %i
      %more = icmp slt i64 %a1, %n
      br i1 %more, label %first, label %second
    second:
      %b = load i64, ptr %i
      %b1 = add i64 %b, 2
      store i64 %b1, ptr %i
      %again = icmp slt i64 %b1, %n
      br i1 %again, label %second, label %exit
    exit:
      %r = load i64, ptr %i
      ret i64 %r
    }
    """

    private func engine(_ ir: String, backedgeThreshold: UInt64 = 100,
                        callThreshold: UInt64 = 1_000_000_000) throws -> Engine {
        var options = EngineOptions()
        options.tiering.synchronous = true
        options.tiering.backedgeThreshold = backedgeThreshold
        options.tiering.callThreshold = callThreshold
        let engine = try Engine(options: options)
        try engine.addModule(text: ir, name: "osr.ll")
        return engine
    }

    func testLoopOverADynamicAllocaEntersItsContinuation() throws {
        let engine = try engine(Self.vlaLoop)
        let function = try engine.cFunction("vla_sum", as: (@convention(c) (Int64) -> Int64).self)
        let n: Int64 = 20_000
        XCTAssertEqual(function(n), n * (n - 1) / 2 + 7, "the continuation used the tier-0 frame's array")
        XCTAssertEqual(engine.function(named: "vla_sum")?.osrEntries, 1)
        XCTAssertEqual(engine.events.osrDeclines, [:])
    }

    func testDeclinedContinuationHasANamedReasonAndTheParkedLoopCountsTrueBackEdges() throws {
        let engine = try engine(Self.mustTailLoop)
        let function = try engine.cFunction("tail_loop", as: (@convention(c) (Int64) -> Int64).self)
        XCTAssertEqual(function(50_000), 50_000)
        XCTAssertEqual(engine.events.osrDeclines, [.mustTailCall: 1])
        let record = try XCTUnwrap(engine.function(named: "tail_loop"))
        XCTAssertEqual(record.osrEntries, 0)
        // Counted on the back-edge itself: the latch's last run, which leaves the loop, is no back-edge.
        XCTAssertEqual(record.backedges, 49_999, "a parked counter counts on: the total is the true count")
        XCTAssertTrue(Statistics.table(engine).contains("OSR declined: 1 continuations (musttail 1)"))
        XCTAssertTrue(Statistics.json(engine, wallSeconds: 0).contains("\"musttail\": 1"))
    }

    /// One continuation at a time per function: while one loop's is being built, another loop that triggers
    /// re-arms its counter (and is not claimed), so the compile thread does not build a second continuation the
    /// running frame most likely never enters; once the first is built, the other loop gets its own.
    func testALoopTriggeringWhileAnotherContinuationIsBuiltWaits() throws {
        let engine = try engine(Self.twoLoops, backedgeThreshold: 1_000_000_000)
        let function = try engine.cFunction("two_loops", as: (@convention(c) (Int64) -> Int64).self)
        XCTAssertEqual(function(1_000), 1_002)
        let record = try XCTUnwrap(engine.function(named: "two_loops"))
        XCTAssertFalse(record.waitForOtherOSRBuild(slot: 1, more: 10), "nothing is being built")
        XCTAssertNotNil(record.claimOSR(slot: 0))
        XCTAssertTrue(record.waitForOtherOSRBuild(slot: 1, more: 10), "loop 0's continuation is being built")
        XCTAssertFalse(record.waitForOtherOSRBuild(slot: 0, more: 10), "a claimed loop does not wait")
        let before = record.backedges
        XCTAssertEqual(function(1_000), 1_002)
        XCTAssertEqual(record.backedges - before, 999, "re-arming keeps the counts true")
        record.endOSRBuild(slot: 0)
        XCTAssertFalse(record.waitForOtherOSRBuild(slot: 1, more: 10), "loop 0's continuation is built")
        XCTAssertNotNil(record.claimOSR(slot: 1))
    }

    /// A loop that runs a few times per call of a function called again and again gets no continuation (its frame
    /// leaves the loop at once, and later calls would each transfer): the function tiers up for its calls.
    func testAShortLoopOfAFunctionCalledOftenGetsTheOptimizedEntryNotAContinuation() throws {
        let engine = try engine(Self.twoLoops, backedgeThreshold: 100)
        let function = try engine.cFunction("two_loops", as: (@convention(c) (Int64) -> Int64).self)
        for _ in 0..<100 { XCTAssertEqual(function(4), 6) }
        let record = try XCTUnwrap(engine.function(named: "two_loops"))
        XCTAssertEqual(record.osrEntries, 0)
        XCTAssertEqual(record.currentTier, 1, "optimized for its calls")
        XCTAssertEqual(record.tierUpTrigger, .backedges)
    }

    /// A loop that runs long in a function called a few times gets its continuation and nothing else: later calls
    /// enter tier 0 and move into it at their first back-edge, and the optimized entry waits for the call count's
    /// trigger (SQLite's `sqlite3VdbeExec`: 54 calls, its entry 0.55 s of O3 that hardly ran).
    func testALongLoopOfAFunctionCalledAFewTimesGetsItsContinuationOnly() throws {
        let engine = try engine(Self.twoLoops, backedgeThreshold: 1_500, callThreshold: 6)
        let function = try engine.cFunction("two_loops", as: (@convention(c) (Int64) -> Int64).self)
        let record = try XCTUnwrap(engine.function(named: "two_loops"))
        XCTAssertEqual(function(1_000), 1_002)
        XCTAssertEqual(function(1_000), 1_002, "the loop triggers in the second call")
        XCTAssertEqual(record.osrContinuations.count, 1)
        XCTAssertEqual(record.currentTier, 0, "no optimized entry for a function called twice")
        XCTAssertNil(record.tierUpTrigger)
        XCTAssertEqual(function(1_000), 1_002)
        XCTAssertEqual(function(1_000), 1_002)
        XCTAssertEqual(record.osrEntries, 3, "each call moved into the continuation")
        for _ in 0..<4 { XCTAssertEqual(function(1_000), 1_002) }
        XCTAssertEqual(record.currentTier, 1, "the call count claims the optimized entry")
        XCTAssertEqual(record.tierUpTrigger, .calls)
    }

    /// The shared counter of loops without a slot of their own does not claim the optimized entry once a
    /// continuation is claimed: it re-arms, and the call count decides.
    func testTheSharedLoopCounterWaitsBesideAClaimedContinuation() throws {
        let engine = try engine(Self.twoLoops, backedgeThreshold: 1_000_000_000)
        let function = try engine.cFunction("two_loops", as: (@convention(c) (Int64) -> Int64).self)
        XCTAssertEqual(function(10), 12)
        let record = try XCTUnwrap(engine.function(named: "two_loops"))
        let shared = try XCTUnwrap(TierUpTrigger.sharedLoops.counterIndex(countedLoops: FunctionCounters.countedLoops))
        XCTAssertFalse(record.waitForCallsBesideContinuation(counter: shared, more: 10), "no continuation claimed")
        XCTAssertNotNil(record.claimOSR(slot: 0))
        XCTAssertTrue(record.waitForCallsBesideContinuation(counter: shared, more: 10))
        XCTAssertTrue(record.claimTierUp(at: 0, because: .calls))
        XCTAssertFalse(record.waitForCallsBesideContinuation(counter: shared, more: 10), "tier-up already claimed")
    }

    /// Once a function's optimized entry is claimed, a loop trigger builds no continuation until the entry is
    /// installed and tier-0 frames (begun before it) ran a threshold's worth of back-edges since: a frame of a
    /// function called again and again most likely returns first. Until then the loop's counter is re-armed.
    func testAFrameGetsAContinuationOnlyOnceItOutlivesTheOptimizedEntry() throws {
        let engine = try engine(Self.twoLoops, backedgeThreshold: 1_000_000_000)
        let function = try engine.cFunction("two_loops", as: (@convention(c) (Int64) -> Int64).self)
        XCTAssertEqual(function(10), 12)
        let record = try XCTUnwrap(engine.function(named: "two_loops"))
        let tier0 = try XCTUnwrap(record.compiledVersions.first { $0.tier == 0 })
        XCTAssertTrue(record.claimTierUp(at: 0, because: .calls))
        XCTAssertFalse(record.frameOutlivesOptimizedEntry(slot: 0, more: 500), "the entry is not installed yet")
        record.releaseTierUpClaim()
        XCTAssertTrue(try engine.requestRecompile("two_loops", level: 2, wait: true))
        XCTAssertEqual(record.currentTier, 1)
        XCTAssertFalse(record.frameOutlivesOptimizedEntry(slot: 0, more: 500), "no tier-0 back-edges since")
        XCTAssertEqual(function(1_000), 1_002, "a call enters the optimized entry and counts nothing")
        XCTAssertFalse(record.frameOutlivesOptimizedEntry(slot: 0, more: 500))
        // A tier-0 frame that began before the entry was installed runs on.
        let oldFrame = unsafeBitCast(UnsafeRawPointer(bitPattern: UInt(tier0.address))!,
                                     to: (@convention(c) (Int64) -> Int64).self)
        XCTAssertEqual(oldFrame(1_000), 1_002)
        XCTAssertTrue(record.frameOutlivesOptimizedEntry(slot: 0, more: 500))
        XCTAssertNotNil(record.claimOSR(slot: 0))
        XCTAssertFalse(record.frameOutlivesOptimizedEntry(slot: 0, more: 500), "its continuation is claimed")
    }
}
