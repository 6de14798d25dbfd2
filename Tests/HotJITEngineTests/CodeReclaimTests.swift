import XCTest
@testable import HotJITEngine

/// Superseded code: tier-0 code and OSR continuations become superseded once a function's optimized code is
/// installed (not before), a reclaim frees exactly those (once), the code map forgets them, counts stay reported
/// and calls go on in the optimized code.
final class CodeReclaimTests: XCTestCase {
    static let square = "define i32 @sq(i32 %x) {\n  %r = mul i32 %x, %x\n  ret i32 %r\n}\n"
    /// A loop that runs `n` times: its first call's loop gets a continuation; later calls tier it up.
    static let sumLoop = """
    define i64 @sum(i64 %n) {
    entry:
      br label %loop
    loop:
      %i = phi i64 [ 0, %entry ], [ %i1, %loop ]
      %s = phi i64 [ 0, %entry ], [ %s1, %loop ]
      %s1 = add i64 %s, %i
      %i1 = add i64 %i, 1
      %c = icmp uge i64 %i1, %n
      br i1 %c, label %exit, label %loop
    exit:
      ret i64 %s1
    }
    """

    private func engine(_ ir: String, calls: UInt64, backedges: UInt64 = 20000, debugger: Bool = false) throws
        -> Engine {
        var options = EngineOptions()
        options.tiering.synchronous = true
        options.tiering.callThreshold = calls
        options.tiering.backedgeThreshold = backedges
        options.debuggerSupport = debugger
        let engine = try Engine(options: options)
        try engine.addModule(text: ir, name: "reclaim.ll")
        return engine
    }

    private func square(_ engine: Engine) throws -> @convention(c) (Int32) -> Int32 {
        try engine.cFunction("sq", as: (@convention(c) (Int32) -> Int32).self)
    }

    func testTierZeroIsSupersededOnceOptimizedCodeIsInstalledAndFreedOnce() throws {
        let engine = try engine(Self.square, calls: 4)
        let sq = try square(engine)
        let record = try XCTUnwrap(engine.function(named: "sq"))
        XCTAssertEqual(sq(3), 9)
        XCTAssertTrue(record.supersededCode.isEmpty, "tier 0 alone is live")
        XCTAssertEqual(try engine.reclaimSupersededCode().freedVersions, 0, "nothing to free before tier-up")
        XCTAssertEqual(sq(3), 9, "a reclaim before tier-up leaves tier 0 running")
        let tier0 = try XCTUnwrap(record.compiledVersions.first)
        XCTAssertEqual(engine.codeMap.symbolize(tier0.address)?.entry.tier, 0)
        for value in 0..<10 { XCTAssertEqual(sq(Int32(value)), Int32(value * value)) }
        XCTAssertEqual(record.currentTier, 1)
        XCTAssertEqual(record.supersededCode.map(\.address), [tier0.address])
        let before = engine.codeMemory
        XCTAssertEqual(before.supersededVersions, 1)
        XCTAssertEqual(before.supersededBytes, tier0.codeSize)
        let calls = record.calls

        let after = try engine.reclaimSupersededCode()
        XCTAssertEqual(after.freedVersions, 1)
        XCTAssertEqual(after.freedBytes, tier0.codeSize)
        XCTAssertEqual(after.supersededVersions, 0)
        XCTAssertEqual(after.liveBytes, before.liveBytes, "the optimized code stays")
        XCTAssertEqual(record.compiledVersions.map(\.freed), [true, false])
        XCTAssertNil(engine.codeMap.symbolize(tier0.address), "the code map forgot the freed code")
        XCTAssertEqual(record.calls, calls, "tier 0's counts outlive its code")
        XCTAssertEqual(sq(12), 144, "calls go on in the optimized code")
        XCTAssertEqual(try engine.reclaimSupersededCode(), after, "a second reclaim frees nothing")
    }

    func testOSRContinuationIsFreedWithTierZero() throws {
        let engine = try engine(Self.sumLoop, calls: 3, backedges: 1000)
        let sum = try engine.cFunction("sum", as: (@convention(c) (Int64) -> Int64).self)
        let n: Int64 = 100_000
        XCTAssertEqual(sum(n), n * (n - 1) / 2)
        let record = try XCTUnwrap(engine.function(named: "sum"))
        XCTAssertEqual(record.osrEntries, 1, "the first call's loop moved into its continuation")
        XCTAssertEqual(record.osrContinuations.count, 1)
        XCTAssertTrue(record.supersededCode.isEmpty, "tier 0 and its continuation serve calls until tier-up")
        for _ in 0..<4 { XCTAssertEqual(sum(1000), 499_500) }
        XCTAssertEqual(record.currentTier, 1)
        XCTAssertEqual(record.supersededCode.count, 2, "tier 0 and the continuation")
        let backedges = record.backedges
        let memory = try engine.reclaimSupersededCode()
        XCTAssertEqual(memory.freedVersions, 2)
        XCTAssertEqual(record.osrContinuations.map(\.freed), [true])
        XCTAssertEqual(record.backedges, backedges, "back-edge counts outlive tier 0's counter array")
        XCTAssertEqual(sum(n), n * (n - 1) / 2)
    }

    func testDebuggerSupportRefusesAndFreesNothing() throws {
        let engine = try engine(Self.square, calls: 2, debugger: true)
        let sq = try square(engine)
        for value in 0..<5 { XCTAssertEqual(sq(Int32(value)), Int32(value * value)) }
        XCTAssertEqual(engine.codeMemory.supersededVersions, 1)
        XCTAssertThrowsError(try engine.reclaimSupersededCode()) { error in
            guard case .unsupported(let message) = error as? EngineError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("debugger support"), message)
        }
        XCTAssertEqual(engine.codeMemory.freedVersions, 0)
        XCTAssertEqual(sq(7), 49)
    }

    /// The engine a host function called from JIT'd code reclaims in (`reclaimFromJITCode`), and what it got.
    nonisolated(unsafe) static var reclaiming: Engine?
    nonisolated(unsafe) static var reclaimError: EngineError?

    func testAReclaimFromACallJITdCodeMadeIsRefused() throws {
        let engine = try engine(Self.square + "declare void @host_reclaim()\n"
                                + "define void @reclaim_from_jit() {\n  call void @host_reclaim()\n  ret void\n}\n",
                                calls: 2)
        let host: @convention(c) () -> Void = {
            do { try CodeReclaimTests.reclaiming?.reclaimSupersededCode() } catch {
                CodeReclaimTests.reclaimError = error as? EngineError
            }
        }
        let hostAddress = UInt64(UInt(bitPattern: unsafeBitCast(host, to: UnsafeRawPointer.self)))
        try engine.defineHostSymbols([("host_reclaim", hostAddress)])
        let sq = try square(engine)
        for value in 0..<5 { XCTAssertEqual(sq(Int32(value)), Int32(value * value)) }
        Self.reclaiming = engine
        defer { Self.reclaiming = nil }
        try engine.cFunction("reclaim_from_jit", as: (@convention(c) () -> Void).self)()
        guard case .inUse(let message) = Self.reclaimError else {
            return XCTFail("not refused: \(String(describing: Self.reclaimError))")
        }
        XCTAssertTrue(message.contains("reclaim_from_jit"), message)
        XCTAssertEqual(engine.codeMemory.freedVersions, 0)
        XCTAssertEqual(try engine.reclaimSupersededCode().freedVersions, 1, "from the host's own frame it frees")
    }
}
