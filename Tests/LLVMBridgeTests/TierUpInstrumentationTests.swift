// Why this file exists: the engine reads tier-0 counters by layout (calls, then one counter per loop up to a limit,
// then one shared); these tests check that the instrumentation builds exactly that, and valid IR.
import CLLVM
import XCTest
@testable import LLVMBridge

final class TierUpInstrumentationTests: XCTestCase {
    /// Three loops one after another (each a block that branches back to itself).
    private let threeLoops = TestIR.preamble + """
    define i32 @loops(i32 %n) {
    entry:
      %i = alloca i32, align 4
      store i32 %n, ptr %i, align 4
      br label %first
    first:
      %a = load i32, ptr %i, align 4
      %a1 = sub i32 %a, 1
      store i32 %a1, ptr %i, align 4
      %ca = icmp sgt i32 %a1, 0
      br i1 %ca, label %first, label %second
    second:
      %b = load i32, ptr %i, align 4
      %b1 = add i32 %b, 1
      store i32 %b1, ptr %i, align 4
      %cb = icmp slt i32 %b1, 10
      br i1 %cb, label %second, label %third
    third:
      %c = load i32, ptr %i, align 4
      %c1 = add i32 %c, 2
      store i32 %c1, ptr %i, align 4
      %cc = icmp slt i32 %c1, 20
      br i1 %cc, label %third, label %done
    done:
      %r = load i32, ptr %i, align 4
      ret i32 %r
    }

    """

    private func counters(loopCount: Int, osr: Bool = true) -> TierUpCounters {
        var counters = TierUpCounters(symbol: "loops$counters", callThreshold: 7, backedgeThreshold: 9, trigger: 0x1000,
                                      context: 0x2000, loopCount: loopCount)
        if osr {
            counters.osrSlots = 0x3000
            counters.osrEntries = 0x4000
        }
        return counters
    }

    /// How a load of counter `index` of an array of `count` names it in the unit's text.
    private func counter(_ index: Int, of count: Int) -> String {
        index == 0 ? "@\"loops$counters\", align"
            : "getelementptr inbounds ([\(count) x i64], ptr @\"loops$counters\", i64 0, i64 \(index)), align"
    }

    func testCounterArrayHoldsCallsLoopsAndOneShared() throws {
        let unit = try TestIR.parse(threeLoops)
        let headers = try unit.instrumentForTierUp("loops", counters: counters(loopCount: 2)).map(\.header)
        XCTAssertNil(unit.verificationFailure())
        XCTAssertEqual(headers, [1, 2])                       // `first` and `second`; `third` shares
        let array = try XCTUnwrap(LLVMGetNamedGlobal(unit.module, "loops$counters"))
        let type = try XCTUnwrap(LLVMGlobalGetValueType(array))
        XCTAssertEqual(LLVMGetArrayLength2(type), 4)          // calls, two loops, the shared one
        XCTAssertEqual(counters(loopCount: 2).initialValues, [7, 9, 9, 9])
        let text = unit.text
        // Each loop counts its own counter, the third loop the shared last one; the entry counter 0. (With OSR a
        // loop's poll reads its counter again.)
        for index in 0..<4 {
            XCTAssertGreaterThan(occurrences(of: "load i64, ptr \(counter(index, of: 4))", in: text), 0, "\(index)")
        }
        XCTAssertFalse(text.contains("i64 0, i64 4)"))
        XCTAssertEqual(occurrences(of: "hotjit.osr.poll", in: text) > 0, true)
        XCTAssertEqual(occurrences(of: "call void inttoptr (i64 4096 to ptr)", in: text), 4)   // 3 loops + entry
    }

    /// Code for the persistent cache holds no address of the run: the trigger, the record, the OSR slots and the
    /// transfer count are symbols the session resolves at link time.
    func testWithSymbolsTheCodeNamesWhatItWouldHoldTheAddressOf() throws {
        let unit = try TestIR.parse(threeLoops)
        var named = counters(loopCount: 2)
        named.symbols = .init(trigger: "trigger.sym", context: "context.sym", osrSlots: "slots.sym",
                              osrEntries: "entries.sym")
        let loops = try unit.instrumentForTierUp("loops", counters: named)
        XCTAssertEqual(loops.map(\.header), [1, 2])
        XCTAssertNil(unit.verificationFailure())
        let text = unit.text
        XCTAssertFalse(text.contains("inttoptr"), "an address of the run is left:\n\(text)")
        XCTAssertEqual(occurrences(of: "call void @trigger.sym(ptr @context.sym, i32 ", in: text), 4)
        XCTAssertTrue(text.contains("@slots.sym = external global i8"))
        XCTAssertTrue(text.contains("getelementptr (i8, ptr @slots.sym, i64 8)"))   // the second loop's slot
        XCTAssertTrue(text.contains("load i64, ptr @entries.sym"))
        XCTAssertTrue(text.contains("declare void @trigger.sym(ptr, i32)"))
    }

    /// Declarations bound to symbols are renamed (calls and data alike); a name already declared is reused.
    func testBindingDeclarationsToSymbolsRenamesThem() throws {
        let unit = try TestIR.parse(TestIR.preamble + """
        declare i32 @callee(i32)
        declare i32 @other(i32)
        declare i32 @"stub.other"(i32)
        @table = global ptr @callee
        define i32 @caller(i32 %x) {
          %a = call i32 @callee(i32 %x)
          %b = call i32 @other(i32 %a)
          ret i32 %b
        }

        """)
        unit.bindFunctionDeclarations(toSymbols: ["callee": "stub.callee", "other": "stub.other"])
        XCTAssertNil(unit.verificationFailure())
        let text = unit.text
        XCTAssertTrue(text.contains("call i32 @stub.callee(i32 %x)"), text)
        XCTAssertTrue(text.contains("@table = global ptr @stub.callee"), text)
        XCTAssertTrue(text.contains("call i32 @stub.other(i32 %a)"), text)
        XCTAssertFalse(text.contains("@callee(") || text.contains("@other("), text)
    }

    func testLoopsBeyondTheLimitShareOneCounter() throws {
        let unit = try TestIR.parse(threeLoops)
        let headers = try unit.instrumentForTierUp("loops", counters: counters(loopCount: 0)).map(\.header)
        XCTAssertNil(unit.verificationFailure())
        XCTAssertEqual(headers, [])
        let text = unit.text
        XCTAssertEqual(occurrences(of: "load i64, ptr \(counter(1, of: 2))", in: text), 3)
        XCTAssertFalse(text.contains("hotjit.osr.poll"))
    }

    func testWithoutOSRSlotsNoHeadersAndNoPolls() throws {
        let unit = try TestIR.parse(threeLoops)
        let headers = try unit.instrumentForTierUp("loops", counters: counters(loopCount: 3, osr: false)).map(\.header)
        XCTAssertNil(unit.verificationFailure())
        XCTAssertEqual(headers, [])
        XCTAssertFalse(unit.text.contains("hotjit.osr"))
    }

    func testEntryCountIsPlainIRAfterThePrologue() throws {
        let unit = try TestIR.parse(threeLoops)
        try unit.instrumentForTierUp("loops", counters: counters(loopCount: 3))
        let function = try XCTUnwrap(LLVMGetNamedFunction(unit.module, "loops"))
        let entry = try XCTUnwrap(LLVMGetEntryBasicBlock(function))
        let instructions = Array(llvmSequence(LLVMGetFirstInstruction(entry), LLVMGetNextInstruction))
        XCTAssertNotNil(LLVMIsAAllocaInst(instructions[0]))
        XCTAssertNotNil(LLVMIsAStoreInst(instructions[1]))     // the prologue's store stays in front
        XCTAssertNotNil(LLVMIsALoadInst(instructions[2]))      // then the call count: load, sub, store, compare
        XCTAssertTrue(valueName(instructions[2]).hasPrefix("hotjit.count"))
    }

    /// A loop over a VLA: the array's address, computed before the loop, is its live-in.
    private func vlaLoop(extraLiveIn: Bool = false) -> String {
        TestIR.preamble + """
        define i64 @vla(i64 %n) {
        entry:
          %i = alloca i64, align 8
          %s = alloca i64, align 8
          store i64 0, ptr %i, align 8
          %a = alloca i64, i64 %n, align 16
          \(extraLiveIn ? "%m = mul i64 %n, 3" : "%m = add i64 0, 0")
          store i64 0, ptr %s, align 8
          br label %loop
        loop:
          %iv = load i64, ptr %i, align 8
          %p = getelementptr inbounds i64, ptr %a, i64 %iv
          store i64 \(extraLiveIn ? "%m" : "%iv"), ptr %p, align 8
          %next = add i64 %iv, 1
          store i64 %next, ptr %i, align 8
          %more = icmp slt i64 %next, %n
          br i1 %more, label %loop, label %done
        done:
          %r = load i64, ptr %s, align 8
          ret i64 %r
        }

        """
    }

    func testPollsAndTheirContinuationAgreeOnTheLiveIns() throws {
        let loops = try TestIR.parse(vlaLoop()).instrumentForTierUp("vla", counters: counters(loopCount: 1))
        let loop = try XCTUnwrap(loops.first)
        let transfer = try XCTUnwrap(loop.transfer, "the loop polls")
        XCTAssertEqual(transfer.liveInPositions, [3], "the VLA's address, the fourth instruction")
        XCTAssertEqual(transfer.type, "i64 (i64, ptr, ptr, ptr)")
        let unit = try TestIR.parse(vlaLoop())
        XCTAssertNoThrow(try unit.makeOSRContinuation("vla", headerIndex: loop.header, expected: transfer))
        XCTAssertNil(unit.verificationFailure())
    }

    func testAContinuationThatTakesOtherValuesThanTierZeroPassesIsDeclined() throws {
        let loops = try TestIR.parse(vlaLoop()).instrumentForTierUp("vla", counters: counters(loopCount: 1))
        let loop = try XCTUnwrap(loops.first)
        // Another body (one more value from before the loop is used in it): the same header, other live-ins.
        let other = try TestIR.parse(vlaLoop(extraLiveIn: true))
        XCTAssertThrowsError(try other.makeOSRContinuation("vla", headerIndex: loop.header, expected: loop.transfer)) {
            XCTAssertEqual(($0 as? OSRDecline)?.reason, .transferMismatch, "\($0)")
        }
        let unpolled = try TestIR.parse(vlaLoop())
        XCTAssertThrowsError(try unpolled.makeOSRContinuation("vla", headerIndex: loop.header, expected: nil)) {
            XCTAssertEqual(($0 as? OSRDecline)?.reason, .noPoll, "\($0)")
        }
    }

    /// Optimized IR's shape: a loop whose header is its own latch, one PHI taking another on the back-edge. Splitting
    /// the latch rebuilds those PHIs; the poll must pass the rebuilt one, not the erased one (which crashed the
    /// verifier, the printer and the code generator).
    func testASelfLoopsPollPassesItsRebuiltPhis() throws {
        let unit = try TestIR.parse(TestIR.preamble + """
        define i32 @spin(i32 %n) {
        entry:
          br label %loop
        loop:
          %a = phi i32 [ %b, %loop ], [ 0, %entry ]
          %b = phi i32 [ %c, %loop ], [ %n, %entry ]
          %c = add i32 %b, 1
          %more = icmp slt i32 %c, 100
          br i1 %more, label %loop, label %done
        done:
          ret i32 %a
        }

        """)
        let loops = try unit.instrumentForTierUp("spin", counters: counters(loopCount: 1))
        XCTAssertNil(unit.verificationFailure())
        XCTAssertNotNil(loops.first?.transfer, "the loop polls")
        let text = unit.text
        XCTAssertTrue(text.contains("hotjit.osr.transfer"), text)
    }

    /// -O0 IR: every local in an alloca, so the polls of two loops (and of two latches of one loop) pass the same
    /// values and share one transfer block; a poll passing a value of its own gets one of its own.
    func testPollsThatPassTheSameValuesShareOneTransfer() throws {
        let unit = try TestIR.parse(TestIR.preamble + """
        define i32 @two(i32 %n) {
        entry:
          %i = alloca i32
          %s = alloca i32
          store i32 0, ptr %i
          store i32 0, ptr %s
          br label %first
        first:
          %v = load i32, ptr %i
          %odd = and i32 %v, 1
          %v1 = add i32 %v, 1
          store i32 %v1, ptr %i
          %skip = icmp eq i32 %odd, 1
          br i1 %skip, label %first, label %first.end
        first.end:
          %more = icmp slt i32 %v1, %n
          br i1 %more, label %first, label %second
        second:
          %w = load i32, ptr %s
          %w1 = add i32 %w, %v1
          store i32 %w1, ptr %s
          %again = icmp slt i32 %w1, 1000
          br i1 %again, label %second, label %done
        done:
          ret i32 %w1
        }

        """)
        let loops = try unit.instrumentForTierUp("two", counters: counters(loopCount: 2))
        XCTAssertNil(unit.verificationFailure())
        XCTAssertEqual(loops.filter { $0.transfer != nil }.count, 2, "both loops poll")
        let text = unit.text
        XCTAssertEqual(occurrences(of: "\nhotjit.osr.poll", in: text), 3, "three back-edges poll: \(text)")
        XCTAssertEqual(occurrences(of: "\nhotjit.osr.transfer", in: text), 2,
                       "first's two latches pass i and s; second, with v1 live in, passes one value more: \(text)")
    }

    func testNoBodyIsAnError() throws {
        let unit = try TestIR.parse(TestIR.preamble + "declare void @elsewhere()\n")
        XCTAssertThrowsError(try unit.instrumentForTierUp("elsewhere", counters: counters(loopCount: 1)))
    }

    private func occurrences(of needle: String, in text: String) -> Int {
        var count = 0, rest = text
        while let range = rest.firstRange(of: needle) { count += 1; rest = String(rest[range.upperBound...]) }
        return count
    }
}
