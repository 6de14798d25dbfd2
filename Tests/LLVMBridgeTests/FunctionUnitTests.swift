// Why this file exists: both loaders must cut the same function units out of a program (the engine compiles either
// without knowing which made it); these tests compare them and check what a unit holds.
import CLLVM
import Foundation
import XCTest
@testable import LLVMBridge

final class FunctionUnitTests: XCTestCase {
    private let program = TestIR.preamble + """
    @counter = internal global i32 0, align 4
    @table = global [2 x ptr] [ptr @leaf, ptr @twice], align 16

    declare i32 @puts(ptr)

    define internal i32 @leaf(i32 %x) {
      %y = add i32 %x, 1
      ret i32 %y
    }

    define i32 @twice(i32 %x) {
      %a = call i32 @leaf(i32 %x)
      %b = call i32 @leaf(i32 %a)
      %c = load i32, ptr @counter, align 4
      %d = add i32 %b, %c
      ret i32 %d
    }

    define i32 @main() {
      %r = call i32 @twice(i32 1)
      %s = call i32 @puts(ptr @table)
      ret i32 %r
    }

    """

    func testAUnitDefinesItsFunctionAndDeclaresItsCallees() throws {
        for deferred in [true, false] {
            let loaded = try TestIR.load(program, deferred: deferred)
            let unit = try loaded.functionUnit("twice", as: "twice$t0", ownedSuffix: "$t0", inlineLimit: 0)
            XCTAssertNil(unit.verificationFailure())
            let (defined, declared) = TestIR.definedAndDeclared(unit)
            XCTAssertEqual(defined, ["twice$t0"], "deferred: \(deferred)")
            XCTAssertEqual(declared, ["leaf.hj0"], "deferred: \(deferred)")   // local names made unique
            let counter = try XCTUnwrap(LLVMGetNamedGlobal(unit.module, "counter.hj0"))
            XCTAssertNotEqual(LLVMIsDeclaration(counter), 0, "data lives in the data module")
        }
    }

    func testDeferredAndWholeModuleUnitsAreTheSameIR() throws {
        let deferred = try TestIR.load(program, deferred: true)
        let whole = try TestIR.load(program, deferred: false)
        XCTAssertEqual(deferred.module.symbols, whole.module.symbols)
        for name in ["leaf.hj0", "twice", "main"] {
            let fromText = try deferred.functionUnit(name, as: "unit", ownedSuffix: "$t0", inlineLimit: 0)
            let fromModule = try whole.functionUnit(name, as: "unit", ownedSuffix: "$t0", inlineLimit: 0)
            XCTAssertNil(fromText.verificationFailure())
            XCTAssertNil(fromModule.verificationFailure())
            // The one known difference: a local function keeps `dso_local` from the text (the C API cannot set it).
            let textDefinition = try TestIR.definitionText(fromText, "unit").replacingOccurrences(of: " dso_local", with: "")
            XCTAssertEqual(textDefinition, try TestIR.definitionText(fromModule, "unit"))
            XCTAssertEqual(TestIR.definedAndDeclared(fromText).declared, TestIR.definedAndDeclared(fromModule).declared)
        }
    }

    func testATier0UnitOfAWholeModuleIsMadeInItsContextUnderItsLock() throws {
        let whole = try TestIR.load(program, deferred: false)
        let functionsBefore = whole.module.functions.count
        let programContext = whole.module.source.context
        let reference = try TestIR.definitionText(
            whole.functionUnit("twice", as: "twice$t0", ownedSuffix: "$t0", inlineLimit: 0), "twice$t0")
        let otherReader = Flag()
        let inPlace = try whole.withFunctionUnit("twice", as: "twice$t0", ownedSuffix: "$t0", inlineLimit: 0,
                                                 inProgramContext: true) { unit -> String in
            XCTAssertTrue(unit.context === programContext)
            XCTAssertNil(unit.verificationFailure())
            // Another reader of the program's context waits until the unit is gone.
            let reader = Thread {
                _ = whole.companionCandidates(of: "twice", limit: 4)
                otherReader.set()
            }
            reader.start()
            Thread.sleep(forTimeInterval: 0.05)
            XCTAssertFalse(otherReader.isSet)
            return try TestIR.definitionText(unit, "twice$t0")
        }
        XCTAssertEqual(inPlace, reference)
        XCTAssertEqual(whole.module.functions.count, functionsBefore, "the unit's functions are not the program's")
        for _ in 0..<200 where !otherReader.isSet { Thread.sleep(forTimeInterval: 0.01) }
        XCTAssertTrue(otherReader.isSet)
        // Without the request, and for deferred text, a fresh context.
        let deferred = try TestIR.load(program, deferred: true)
        for (loaded, inProgramContext) in [(whole, false), (deferred, true)] {
            try loaded.withFunctionUnit("twice", as: "twice$t0", ownedSuffix: "$t0", inlineLimit: 0,
                                        inProgramContext: inProgramContext) { unit in
                XCTAssertFalse(unit.context === loaded.module.source.context)
            }
        }
    }

    func testInliningCandidatesComeAlongAvailableExternally() throws {
        for deferred in [true, false] {
            let loaded = try TestIR.load(program, deferred: deferred)
            let unit = try loaded.functionUnit("main", as: "main$t1", ownedSuffix: "$t1", inlineLimit: 8)
            XCTAssertNil(unit.verificationFailure())
            let twice = try XCTUnwrap(LLVMGetNamedFunction(unit.module, "twice"))
            let leaf = try XCTUnwrap(LLVMGetNamedFunction(unit.module, "leaf.hj0"))
            for callee in [twice, leaf] {
                XCTAssertEqual(LLVMIsDeclaration(callee), 0, "deferred: \(deferred)")
                XCTAssertEqual(LLVMGetLinkage(callee), LLVMAvailableExternallyLinkage)
            }
        }
    }

    func testTheCalleeWalkIsBreadthFirstBoundedAndSkipsLargeFunctions() {
        let calls = [0: [1, 2], 1: [3, 0], 2: [4], 3: [5], 4: [], 5: []]
        let size = { (function: Int) in function == 2 ? CalleeWalk.largestCandidateTextBytes + 1 : 10 }
        let walk = { (depth: Int, limit: Int) in
            CalleeWalk.candidates(of: 0, depth: depth, limit: limit, callees: { calls[$0] ?? [] }, textBytes: size)
        }
        XCTAssertEqual(walk(4, 10), [1, 3, 5])     // 2 is too large, and 4 is reached only through it
        XCTAssertEqual(walk(1, 10), [1])
        XCTAssertEqual(walk(4, 2), [1, 3])
    }

    func testAliasChainsEndAtTheirTarget() throws {
        let chain = TestIR.preamble + "@t = global i32 0\n@a = alias i32, ptr @t\n@b = alias i32, ptr @a\n"
        let loaded = try TestIR.load(chain, deferred: false)
        loaded.defineAliases(loaded.module.symbols, skipped: [])
        XCTAssertEqual(loaded.aliasTargets, ["a": "t", "b": "t"])
        let skipping = try TestIR.load(TestIR.preamble + "@t = global i32 0\n@a = alias i32, ptr @t\n", deferred: false)
        skipping.defineAliases(skipping.module.symbols, skipped: ["t"])
        XCTAssertEqual(skipping.aliasTargets, [:])
    }
}

/// A flag one thread sets and another reads.
private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}
