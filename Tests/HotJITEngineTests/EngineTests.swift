import XCTest
@testable import HotJITEngine
import Foundation
import HotJITSupport

/// The engine end to end on small IR modules written here.
final class EngineTests: XCTestCase {
    func engine(with ir: String, name: String = "test.ll") throws -> Engine {
        let engine = try Engine()
        try engine.addModule(text: ir, name: name)
        return engine
    }

    func testNothingIsCompiledUntilCalledAndThenOnlyTheCallee() throws {
        let engine = try self.engine(with: """
        define i64 @twice(i64 %x) {
          %r = shl i64 %x, 1
          ret i64 %r
        }
        define i64 @unused(i64 %x) {
          ret i64 %x
        }
        """)
        XCTAssertNil(engine.function(named: "twice")?.currentTier)
        let address = try engine.lookup("twice")
        XCTAssertNil(engine.function(named: "twice")?.currentTier, "lookup must not compile")
        let twice = unsafeBitCast(UnsafeRawPointer(bitPattern: UInt(address))!, to: (@convention(c) (Int64) -> Int64).self)
        XCTAssertEqual(twice(21), 42)
        XCTAssertEqual(engine.function(named: "twice")?.currentTier, 0)
        XCTAssertEqual(engine.function(named: "twice")?.compiledVersions.count, 1)
        XCTAssertNil(engine.function(named: "unused")?.currentTier)
        // Its compile's time by stage: every stage ran, and the stages add up to no more than the whole.
        let version = try XCTUnwrap(engine.function(named: "twice")?.compiledVersions.first)
        XCTAssertTrue(version.stages.named.allSatisfy { $0.nanoseconds > 0 }, "\(version.stages)")
        XCTAssertLessThanOrEqual(version.stages.named.reduce(0) { $0 + $1.nanoseconds }, version.compileNanoseconds)
        XCTAssertTrue(Statistics.table(engine).contains("  by stage (ms): prepare "))
    }

    func testFunctionAddressIsTheSameInCodeDataAndLookup() throws {
        let engine = try self.engine(with: """
        @table = global [2 x ptr] [ptr @f, ptr @g]
        define internal i32 @f() {
          ret i32 1
        }
        define i32 @g() {
          ret i32 2
        }
        define ptr @address_of_g() {
          ret ptr @g
        }
        """)
        let g = try engine.lookup("g")
        let table = UnsafePointer<UInt64>(bitPattern: UInt(try engine.lookup("table")))!
        let addressOfG = try engine.cFunction("address_of_g", as: (@convention(c) () -> UInt64).self)
        XCTAssertEqual(table[1], g)
        XCTAssertEqual(addressOfG(), g)
        XCTAssertNil(engine.function(named: "g")?.currentTier, "a function named in data is not compiled")
        XCTAssertEqual(engine.allFunctions.filter { $0.currentTier != nil }.map(\.sourceName), ["address_of_g"])
    }

    func testConcurrentFirstCallsCompileOnceAndAllProceed() throws {
        let engine = try self.engine(with: """
        define i64 @work(i64 %n) {
        entry:
          br label %loop
        loop:
          %i = phi i64 [ 0, %entry ], [ %next, %loop ]
          %acc = phi i64 [ 0, %entry ], [ %sum, %loop ]
          %sum = add i64 %acc, %i
          %next = add i64 %i, 1
          %done = icmp eq i64 %next, %n
          br i1 %done, label %exit, label %loop
        exit:
          ret i64 %sum
        }
        """)
        let address = try engine.lookup("work")
        let results = UnsafeMutableBufferPointer<Int64>.allocate(capacity: 16)
        defer { results.deallocate() }
        let resultsAddress = UInt(bitPattern: results.baseAddress)
        DispatchQueue.concurrentPerform(iterations: 16) { index in
            let work = unsafeBitCast(UnsafeRawPointer(bitPattern: UInt(address))!, to: (@convention(c) (Int64) -> Int64).self)
            UnsafeMutablePointer<Int64>(bitPattern: resultsAddress)![index] = work(Int64(1000 + index))
        }
        for index in 0..<16 {
            let n = Int64(1000 + index)
            XCTAssertEqual(results[index], n * (n - 1) / 2)
        }
        XCTAssertEqual(engine.function(named: "work")?.compiledVersions.count, 1, "compiled exactly once")
    }

    /// `hotjit_engine_recompile` of a function nobody called yet, while program threads make its first calls: tier 0
    /// is compiled once (the host's request goes through the first call's compile-once state) and every thread
    /// proceeds.
    func testRecompileRacingFirstCallsCompilesTierZeroOnce() throws {
        var options = EngineOptions()
        options.tiering.synchronous = true
        let engine = try Engine(options: options)
        try engine.addModule(text: "define i64 @sq(i64 %x) {\n  %y = mul i64 %x, %x\n  ret i64 %y\n}\n", name: "race.ll")
        let address = try engine.lookup("sq")
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            if index == 0 {
                XCTAssertEqual((try? engine.requestRecompile("sq", level: 2, wait: true)) ?? false, true)
            } else {
                let sq = unsafeBitCast(UnsafeRawPointer(bitPattern: UInt(address))!, to: (@convention(c) (Int64) -> Int64).self)
                XCTAssertEqual(sq(Int64(index)), Int64(index * index))
            }
        }
        let record = try XCTUnwrap(engine.function(named: "sq"))
        XCTAssertEqual(record.compiledVersions.filter { $0.tier == 0 }.count, 1, "tier 0 compiled once")
        XCTAssertEqual(record.currentTier, 1)
        XCTAssertEqual(record.currentTarget, record.compiledVersions.last?.address, "the stub leads to tier 1")
    }

    func testBadIRIsReportedWithLocation() {
        XCTAssertThrowsError(try engine(with: "define i32 @f() {\n  ret i32 %nope\n}\n", name: "bad.ll")) { error in
            guard case EngineError.invalidIR(let message) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(message.hasPrefix("bad.ll:2:"), message)
        }
    }

    func testUnresolvedSymbolsAreNamedBeforeAnythingRuns() throws {
        let engine = try self.engine(with: """
        declare void @missing_function_xyz()
        define void @f() {
          call void @missing_function_xyz()
          ret void
        }
        """)
        XCTAssertThrowsError(try engine.lookup("f")) { error in
            XCTAssertEqual(error as? EngineError, .unresolvedSymbol("unresolved external symbol 'missing_function_xyz'"))
        }
        // No constructor of that module can meet it.
        XCTAssertNoThrow(try engine.runConstructors())
    }
}

/// Tier-up end to end: counters, the hook's decisions, the optimized version taking over the stub.
final class TierUpTests: XCTestCase {
    static let program = """
    define internal i64 @helper(i64 %x) {
      %r = add i64 %x, 3
      ret i64 %r
    }
    define i64 @caller(i64 %x) {
      %a = call i64 @helper(i64 %x)
      %b = mul i64 %a, 2
      ret i64 %b
    }
    """

    func engine(threshold: UInt64, synchronous: Bool) throws -> Engine {
        var options = EngineOptions()
        options.tiering.callThreshold = threshold
        options.tiering.synchronous = synchronous
        let engine = try Engine(options: options)
        try engine.addModule(text: Self.program, name: "tierup.ll")
        return engine
    }

    func call(_ engine: Engine, _ x: Int64) throws -> Int64 {
        let address = try engine.lookup("caller")
        return unsafeBitCast(UnsafeRawPointer(bitPattern: UInt(address))!, to: (@convention(c) (Int64) -> Int64).self)(x)
    }

    func testHotFunctionMovesToTheOptimizedTierAndKeepsItsAddress() throws {
        let engine = try self.engine(threshold: 5, synchronous: true)
        let stub = try engine.lookup("caller")
        for x in 0..<20 { XCTAssertEqual(try call(engine, Int64(x)), (Int64(x) + 3) * 2) }
        let record = try XCTUnwrap(engine.function(named: "caller"))
        XCTAssertEqual(record.currentTier, 1)
        XCTAssertEqual(record.calls, 5, "tier-0 code counts until the optimized code takes over")
        XCTAssertEqual(try engine.lookup("caller"), stub, "the address stays the stub's")
        XCTAssertEqual(record.currentTarget, record.compiledVersions.last?.address)
    }

    /// In the background: once the compile thread has had nothing to do for a while it ends, and the program's next
    /// call of the optimized function (through its re-armed trampoline) joins it, so the process is back to the
    /// threads it had, and the stub leads straight to the optimized code again.
    func testIdleCompileThreadEndsAndTheProgramThreadJoinsIt() throws {
        let threadsBefore = hotjit_process_thread_count()
        let engine = try self.engine(threshold: 5, synchronous: false)
        for x in 0..<20 { XCTAssertEqual(try call(engine, Int64(x)), (Int64(x) + 3) * 2) }
        engine.waitForBackgroundCompiles()
        let record = try XCTUnwrap(engine.function(named: "caller"))
        XCTAssertEqual(record.currentTier, 1)
        var tries = 0
        while hotjit_process_thread_count() != threadsBefore && tries < 200 {
            usleep(10_000)
            XCTAssertEqual(try call(engine, 4), 14)
            tries += 1
        }
        XCTAssertEqual(hotjit_process_thread_count(), threadsBefore, "the compile thread was joined")
        XCTAssertEqual(try call(engine, 5), 16)
        XCTAssertEqual(record.currentTarget, record.compiledVersions.last?.address, "the stub leads to the optimized code")
    }

    /// Engines destroyed after their compile thread ended, before any call handed over (the trampolines stay re-armed),
    /// shut down cleanly and leave no thread running.
    func testEngineDestroyedAfterItsCompileThreadEndedLeavesNoThread() throws {
        let threadsBefore = hotjit_process_thread_count()
        for _ in 0..<3 {
            let engine = try self.engine(threshold: 5, synchronous: false)
            for x in 0..<20 { XCTAssertEqual(try call(engine, Int64(x)), (Int64(x) + 3) * 2) }
            engine.waitForBackgroundCompiles()
            usleep(60_000)   // past the 20 ms idle time: the thread ends and re-arms the trampolines
        }
        XCTAssertEqual(hotjit_process_thread_count(), threadsBefore)
    }

    /// A basic block of thousands of chained memory operations (what full unrolling made of csmith seed 221, where
    /// SelectionDAG's combiner then took 8-140 s) is generated with FastISel's instruction selection, and runs right.
    func testHugeBasicBlocksAreGeneratedWithFastInstructionSelection() throws {
        let steps = (0..<1500).map { "  %v\($0) = load volatile i32, ptr @g\n  %w\($0) = add i32 %v\($0), \($0)\n  store volatile i32 %w\($0), ptr @g\n" }
        let program = "@g = global i32 0\ndefine i32 @huge() {\n\(steps.joined())  %r = load volatile i32, ptr @g\n  ret i32 %r\n}\n"
        var options = EngineOptions()
        options.tiering.synchronous = true
        options.tiering.callThreshold = 1
        let engine = try Engine(options: options)
        try engine.addModule(text: program, name: "huge.ll")
        let huge = try engine.cFunction("huge", as: (@convention(c) () -> Int32).self)
        XCTAssertEqual(huge(), Int32((0..<1500).reduce(0, +)))          // tier 0, then the trigger
        XCTAssertEqual(huge(), Int32(2 * (0..<1500).reduce(0, +)))      // the optimized version
        let record = try XCTUnwrap(engine.function(named: "huge"))
        XCTAssertEqual(record.currentTier, 1)
        XCTAssertEqual(record.compiledVersions.last?.fastInstructionSelection, true)
        XCTAssertEqual(record.compiledVersions.first?.fastInstructionSelection, false)
    }

    func testBackgroundTierUpFinishesWhileTheProgramRuns() throws {
        let engine = try self.engine(threshold: 3, synchronous: false)
        for x in 0..<10 { XCTAssertEqual(try call(engine, Int64(x)), (Int64(x) + 3) * 2) }
        engine.waitForBackgroundCompiles()
        XCTAssertEqual(engine.function(named: "caller")?.currentTier, 1)
        XCTAssertEqual(try call(engine, 100), 206)
    }

    /// Tier 0 counts calls in a call-counting thunk in front of its code: while it counts, the stub leads to the
    /// thunk; once the hook has skipped the function, the stub leads straight to the tier-0 code, whose calls are no
    /// longer counted (nor paid for).
    func testSkippedFunctionRunsItsTierZeroCodeUncounted() throws {
        let engine = try self.engine(threshold: 4, synchronous: true)
        engine.setRecompileHook { _ in .skip }
        let record = try XCTUnwrap(engine.function(named: "caller"))
        XCTAssertEqual(try call(engine, 1), 8)
        let tier0 = try XCTUnwrap(record.compiledVersions.first?.address)
        XCTAssertEqual(engine.codeMap.symbolize(record.currentTarget)?.entry.kind, .thunk,
                       "while calls are counted the stub leads to the thunk")
        for x in 0..<10 { XCTAssertEqual(try call(engine, Int64(x)), (Int64(x) + 3) * 2) }
        XCTAssertEqual(record.currentTier, 0)
        XCTAssertEqual(record.currentTarget, tier0, "skipped: the stub steps past the thunk")
        XCTAssertEqual(record.calls, 4, "counted up to the trigger, not after")
    }

    func testHookCanSkipAndDefer() throws {
        let engine = try self.engine(threshold: 4, synchronous: true)
        let asked = Counter()
        engine.setRecompileHook { request in
            asked.increment()
            if request.name == "caller" { return asked.value == 1 ? .deferBy(6) : .recompile(level: 1) }
            return .skip
        }
        for x in 0..<30 { _ = try call(engine, Int64(x)) }
        XCTAssertEqual(engine.function(named: "caller")?.currentTier, 1)
        XCTAssertEqual(engine.function(named: "caller")?.calls, 10, "4 calls, deferred by 6")
        XCTAssertEqual(engine.function(named: "helper.hj0")?.currentTier, 0, "skipped")
        XCTAssertEqual(asked.value, 3, "caller twice, helper once")
    }

    func testNoTierUpLeavesEverythingAtTierZero() throws {
        var options = EngineOptions()
        options.tiering.enabled = false
        let engine = try Engine(options: options)
        try engine.addModule(text: Self.program, name: "t.ll")
        let caller = try engine.cFunction("caller", as: (@convention(c) (Int64) -> Int64).self)
        for x in 0..<5000 { XCTAssertEqual(caller(Int64(x)), (Int64(x) + 3) * 2) }
        XCTAssertEqual(engine.function(named: "caller")?.currentTier, 0)
        XCTAssertEqual(engine.function(named: "caller")?.calls, 0, "no counters without tier-up")
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}

/// On-stack replacement: a function entered once whose loop runs long moves into optimized code mid-loop.
final class OSRTests: XCTestCase {
    static let program = """
    define i64 @sum_with_escape(i64 %n) {
    entry:
      %i = alloca i64
      %acc = alloca i64
      %seen = alloca i64
      store i64 0, ptr %i
      store i64 0, ptr %acc
      store i64 0, ptr %seen
      call void @note(ptr %seen)
      br label %header
    header:
      %iv = load i64, ptr %i
      %more = icmp slt i64 %iv, %n
      br i1 %more, label %body, label %exit
    body:
      %a = load i64, ptr %acc
      %sum = add i64 %a, %iv
      store i64 %sum, ptr %acc
      call void @note(ptr %seen)
      %next = add i64 %iv, 1
      store i64 %next, ptr %i
      br label %header
    exit:
      %result = load i64, ptr %acc
      %count = load i64, ptr %seen
      %total = add i64 %result, %count
      ret i64 %total
    }
    define void @note(ptr %p) {
      %v = load i64, ptr %p
      %w = add i64 %v, 1
      store i64 %w, ptr %p
      ret void
    }
    """

    func testLongLoopTransfersIntoOptimizedContinuationAndKeepsEscapedLocals() throws {
        var options = EngineOptions()
        options.tiering.synchronous = true
        options.tiering.backedgeThreshold = 100
        options.tiering.callThreshold = 1_000_000_000
        let engine = try Engine(options: options)
        try engine.addModule(text: Self.program, name: "osr.ll")
        let function = try engine.cFunction("sum_with_escape", as: (@convention(c) (Int64) -> Int64).self)
        let n: Int64 = 100_000
        XCTAssertEqual(function(n), n * (n - 1) / 2 + n + 1, "the escaped counter kept counting across the transfer")
        let record = try XCTUnwrap(engine.function(named: "sum_with_escape"))
        XCTAssertEqual(record.osrEntries, 1, "one transfer into the continuation")
        XCTAssertLessThan(record.backedges, 1000, "tier 0 stopped counting soon after the threshold")
    }

    func testNoOSRKeepsTheLoopInTierZero() throws {
        var options = EngineOptions()
        options.tiering.synchronous = true
        options.tiering.backedgeThreshold = 100
        options.tiering.osr = false
        let engine = try Engine(options: options)
        try engine.addModule(text: Self.program, name: "osr.ll")
        let function = try engine.cFunction("sum_with_escape", as: (@convention(c) (Int64) -> Int64).self)
        XCTAssertEqual(function(5000), 5000 * 4999 / 2 + 5001)
        XCTAssertEqual(engine.function(named: "sum_with_escape")?.osrEntries, 0)
        XCTAssertEqual(engine.function(named: "sum_with_escape")?.backedges, 5000)
    }

    /// Two loops one after the other: the first crosses the back-edge threshold on its last iteration (so its
    /// continuation is ready too late), the second must still get a trigger and a continuation of its own.
    static let twoLoops = """
    define i64 @two_loops(i64 %n) {
    entry:
      %i = alloca i64
      %acc = alloca i64
      store i64 0, ptr %i
      store i64 0, ptr %acc
      br label %first
    first:
      %iv = load i64, ptr %i
      %next = add i64 %iv, 1
      store i64 %next, ptr %i
      %more = icmp slt i64 %next, 100
      br i1 %more, label %first, label %between
    between:
      store i64 0, ptr %i
      br label %second
    second:
      %jv = load i64, ptr %i
      %a = load i64, ptr %acc
      %sum = add i64 %a, %jv
      store i64 %sum, ptr %acc
      %jnext = add i64 %jv, 1
      store i64 %jnext, ptr %i
      %again = icmp slt i64 %jnext, %n
      br i1 %again, label %second, label %exit
    exit:
      %result = load i64, ptr %acc
      ret i64 %result
    }
    """

    func testEveryLoopHasItsOwnTriggerAndContinuation() throws {
        var options = EngineOptions()
        options.tiering.synchronous = true
        options.tiering.backedgeThreshold = 99   // the first loop's last back-edge
        options.tiering.callThreshold = 1_000_000_000
        let engine = try Engine(options: options)
        try engine.addModule(text: Self.twoLoops, name: "loops.ll")
        let function = try engine.cFunction("two_loops", as: (@convention(c) (Int64) -> Int64).self)
        let n: Int64 = 100_000
        XCTAssertEqual(function(n), n * (n - 1) / 2)
        let record = try XCTUnwrap(engine.function(named: "two_loops"))
        XCTAssertEqual(record.osrEntries, 1, "the second loop moved into its own continuation")
        XCTAssertLessThan(record.backedges, 300, "both loops stopped counting soon after their thresholds")
    }
}
