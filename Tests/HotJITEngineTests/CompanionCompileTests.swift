import XCTest
@testable import HotJITEngine

/// Companions: a function's first compile brings along small callees nothing has compiled yet; their stubs stay at
/// their trampolines, their first calls find the code ready (no compile of their own), and the object they share is
/// freed only once every function in it is superseded.
final class CompanionCompileTests: XCTestCase {
    /// `outer` calls `inc` and `twice`; `twice` is also reachable alone from the host.
    static let program = """
    define i32 @inc(i32 %x) {
      %r = add i32 %x, 1
      ret i32 %r
    }
    define i32 @twice(i32 %x) {
      %r = mul i32 %x, 2
      ret i32 %r
    }
    define i32 @outer(i32 %x) {
      %a = call i32 @inc(i32 %x)
      %b = call i32 @twice(i32 %a)
      ret i32 %b
    }
    """

    private typealias Unary = @convention(c) (Int32) -> Int32

    private func engine(companions: Int, calls: UInt64 = 1000) throws -> Engine {
        var options = EngineOptions()
        options.tier0Companions = companions
        options.tiering.synchronous = true
        options.tiering.callThreshold = calls
        let engine = try Engine(options: options)
        try engine.addModule(text: Self.program, name: "companions.ll")
        return engine
    }

    private func function(_ engine: Engine, _ name: String) throws -> Unary {
        try engine.cFunction(name, as: Unary.self)
    }

    func testCalleesAreCompiledWithTheirCallerAndTheirFirstCallsFindTheCode() throws {
        let engine = try engine(companions: 8)
        let outer = try function(engine, "outer")
        let inc = try XCTUnwrap(engine.function(named: "inc"))
        let twice = try XCTUnwrap(engine.function(named: "twice"))
        XCTAssertNil(inc.currentTier, "nothing is compiled before the first call")
        XCTAssertEqual(outer(4), 10)
        for record in [inc, twice] {
            XCTAssertEqual(record.currentTier, 0, "\(record.name) was compiled with outer")
            XCTAssertEqual(record.compiledVersions.count, 1, "\(record.name) was compiled once")
            XCTAssertTrue(record.companion.compiled)
            XCTAssertTrue(record.companion.called, "outer's call of \(record.name) was its first")
        }
        let outerRecord = try XCTUnwrap(engine.function(named: "outer"))
        XCTAssertFalse(outerRecord.companion.compiled, "the called function is not its own companion")
        let shared = try XCTUnwrap(outerRecord.compiledVersions.first?.sharedObject)
        XCTAssertTrue(inc.compiledVersions.first?.sharedObject === shared, "one object for the three")
        XCTAssertEqual(engine.codeMap.symbolize(try XCTUnwrap(inc.compiledVersions.first).address)?.entry.name,
                       "inc")
    }

    /// A chain `c0 -> c1 -> c2 -> c3 -> c4`: the first compile of `c0` brings the three nearest (up to three calls
    /// deep); `c4` waits for its own first call.
    func testCompanionsReachThreeCallsDeep() throws {
        var chain = "define i32 @c4(i32 %x) {\n  %r = add i32 %x, 4\n  ret i32 %r\n}\n"
        for level in (0..<4).reversed() {
            chain += "define i32 @c\(level)(i32 %x) {\n  %a = add i32 %x, \(level)\n"
                + "  %r = call i32 @c\(level + 1)(i32 %a)\n  ret i32 %r\n}\n"
        }
        var options = EngineOptions()
        options.tier0Companions = 8
        let engine = try Engine(options: options)
        try engine.addModule(text: chain, name: "chain.ll")
        let records = try (0...4).map { try XCTUnwrap(engine.function(named: "c\($0)")) }
        let object = { (index: Int) in records[index].compiledVersions.first?.sharedObject }
        XCTAssertEqual(try function(engine, "c0")(0), 10)
        XCTAssertTrue((1...3).allSatisfy { records[$0].companion.compiled && object($0) === object(0) })
        XCTAssertFalse(records[4].companion.compiled, "four calls deep is compiled on its own")
        XCTAssertFalse(object(4) === object(0))
    }

    func testNoCompanionsCompilesEachFunctionAlone() throws {
        let engine = try engine(companions: 0)
        XCTAssertEqual(try function(engine, "outer")(4), 10)
        let inc = try XCTUnwrap(engine.function(named: "inc"))
        XCTAssertFalse(inc.companion.compiled)
        XCTAssertNil(inc.compiledVersions.first?.sharedObject)
    }

    func testACompanionNeverCalledIsReportedAsSuch() throws {
        let engine = try engine(companions: 8)
        // `twice` first, alone: it calls nothing. Then `outer` brings `inc` only: `twice` is compiled already.
        XCTAssertEqual(try function(engine, "twice")(5), 10)
        XCTAssertEqual(try function(engine, "outer")(1), 4)
        let twice = try XCTUnwrap(engine.function(named: "twice"))
        XCTAssertFalse(twice.companion.compiled, "a function compiled already is never a companion")
        XCTAssertEqual(twice.compiledVersions.count, 1)
        XCTAssertTrue(try XCTUnwrap(engine.function(named: "inc")).companion.compiled)
    }

    func testSharedTierZeroCodeIsFreedOnlyOnceEveryFunctionInItIsSuperseded() throws {
        let engine = try engine(companions: 8, calls: 3)
        let outer = try function(engine, "outer")
        XCTAssertEqual(outer(1), 4)
        let records = try ["outer", "inc", "twice"].map { try XCTUnwrap(engine.function(named: $0)) }
        // Only `twice` tiers up (called alone past its threshold): the shared object stays.
        let twice = try function(engine, "twice")
        for value in 0..<10 { XCTAssertEqual(twice(Int32(value)), Int32(2 * value)) }
        XCTAssertEqual(records[2].currentTier, 1)
        XCTAssertEqual(records[2].supersededCode.count, 1)
        XCTAssertEqual(try engine.reclaimSupersededCode().freedVersions, 0,
                       "twice's tier 0 shares its object with outer's and inc's, still running")
        XCTAssertEqual(outer(2), 6)
        // outer's optimized code inlines inc, which tiers up only when called on its own.
        for value in 0..<10 { XCTAssertEqual(outer(Int32(value)), Int32(2 * (value + 1))) }
        XCTAssertEqual(try engine.reclaimSupersededCode().freedVersions, 0, "inc still runs its tier 0")
        let inc = try function(engine, "inc")
        for value in 0..<10 { XCTAssertEqual(inc(Int32(value)), Int32(value + 1)) }
        // Now every function in the object is superseded: all three versions go, the object once.
        XCTAssertEqual(records.map(\.currentTier), [1, 1, 1])
        let memory = try engine.reclaimSupersededCode()
        XCTAssertEqual(memory.freedVersions, 3)
        XCTAssertEqual(memory.supersededVersions, 0)
        XCTAssertEqual(outer(20), 42, "calls go on in the optimized code")
        XCTAssertEqual(twice(21), 42)
    }
}
