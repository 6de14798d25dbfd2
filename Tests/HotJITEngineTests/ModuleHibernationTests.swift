import XCTest
@testable import HotJITEngine
@testable import LLVMBridge

/// Small modules beyond the most recently used ones keep only their prepared IR as text: a first call, a tier-up
/// and a removal of a sleeping module still work, and modules with data never sleep.
final class ModuleHibernationTests: XCTestCase {
    typealias Unary = @convention(c) (Int64) -> Int64

    private func call(_ engine: Engine, _ name: String, _ argument: Int64) throws -> Int64 {
        try engine.cFunction(name, as: Unary.self)(argument)
    }

    /// Module `i`: `f<i>(x) = x * (i + 3) + 1`, with an internal helper, so that preparation renames something the
    /// text kept while asleep must carry.
    private func module(_ index: Int) -> String {
        """
        define internal i64 @helper(i64 %x) {
          %y = mul i64 %x, \(index + 3)
          ret i64 %y
        }
        define i64 @f\(index)(i64 %x) {
          %y = call i64 @helper(i64 %x)
          %z = add i64 %y, 1
          ret i64 %z
        }

        """
    }

    func testSleepingModulesWakeForTheirFirstCallAndTheirTierUp() throws {
        var options = EngineOptions()
        options.tiering.synchronous = true
        let engine = try Engine(options: options)
        let count = ProgramRegistry.awakeSmallModules * 3
        for index in 0..<count { try engine.addModule(text: module(index), name: "m\(index).ll") }
        let hibernation = engine.registry.hibernation
        XCTAssertLessThanOrEqual(hibernation.awakeCount, ProgramRegistry.awakeSmallModules)
        XCTAssertGreaterThanOrEqual(hibernation.hibernations, count - ProgramRegistry.awakeSmallModules)
        // The oldest modules sleep: their first calls parse them again.
        for index in 0..<count { XCTAssertEqual(try call(engine, "f\(index)", 2), Int64(2 * (index + 3) + 1)) }
        // A tier-up makes its unit from the module again, after it went back to sleep.
        XCTAssertTrue(try engine.requestRecompile("f0", level: 2, wait: true))
        XCTAssertEqual(engine.function(named: "f0")?.currentTier, 1)
        XCTAssertEqual(try call(engine, "f0", 5), 16)
        XCTAssertLessThanOrEqual(hibernation.awakeCount, ProgramRegistry.awakeSmallModules)
    }

    func testASleepingModuleCanBeRemovedAndItsNamesDefinedAgain() throws {
        let engine = try Engine()
        let first = try engine.addModule(text: module(0), name: "first.ll")
        for index in 1...ProgramRegistry.awakeSmallModules + 1 {
            try engine.addModule(text: module(index), name: "m\(index).ll")
        }
        try engine.removeModule(first)
        try engine.addModule(text: module(0).replacingOccurrences(of: "add i64", with: "sub i64"), name: "again.ll")
        XCTAssertEqual(try call(engine, "f0", 2), 5)
    }

    func testModulesWithDataNeverSleep() throws {
        let engine = try Engine()
        let withData = "@counter = global i64 40\n" + module(0).replacingOccurrences(
            of: "%z = add i64 %y, 1", with: "%c = load i64, ptr @counter\n  %z = add i64 %y, %c")
        try engine.addModule(text: withData, name: "data.ll")
        for index in 1...ProgramRegistry.awakeSmallModules * 2 {
            try engine.addModule(text: module(index), name: "m\(index).ll")
        }
        XCTAssertEqual(try call(engine, "f0", 1), 43)
    }
}
