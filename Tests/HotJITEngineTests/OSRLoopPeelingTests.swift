import XCTest
import LLVMBridge
import Foundation

/// OSR continuations entered at an inner loop keep every loop reducible: the partial iterations of the enclosing
/// loops are peeled into copies that lead back to the original nest at its outer header.
final class OSRLoopPeelingTests: XCTestCase {
    /// for (i = 0; i < n; i++) for (j = 0; j < n; j++) acc += i * j; every local in an alloca, as clang writes it.
    static let nest = """
    define i64 @nest(i64 %n) {
    entry:
      %i = alloca i64
      %j = alloca i64
      %acc = alloca i64
      store i64 0, ptr %i
      store i64 0, ptr %acc
      br label %outer
    outer:
      %iv = load i64, ptr %i
      %more = icmp slt i64 %iv, %n
      br i1 %more, label %outer.body, label %exit
    outer.body:
      store i64 0, ptr %j
      br label %inner
    inner:
      %jv = load i64, ptr %j
      %again = icmp slt i64 %jv, %n
      br i1 %again, label %inner.body, label %outer.latch
    inner.body:
      %a = load i64, ptr %acc
      %ii = load i64, ptr %i
      %p = mul i64 %ii, %jv
      %s = add i64 %a, %p
      store i64 %s, ptr %acc
      %jn = add i64 %jv, 1
      store i64 %jn, ptr %j
      br label %inner
    outer.latch:
      %iv2 = load i64, ptr %i
      %in = add i64 %iv2, 1
      store i64 %in, ptr %i
      br label %outer
    exit:
      %r = load i64, ptr %acc
      ret i64 %r
    }
    """

    func continuation(enteringAt headerIndex: Int) throws -> String {
        let parse = {
            try Self.nest.withCString { text in
                try IRModule.parse(MemoryBuffer(copying: UnsafeRawBufferPointer(start: text, count: strlen(text)),
                                                name: "nest.ll"), context: IRContext())
            }
        }
        // What tier 0's polls pass, from an instrumented copy, as the engine has it.
        var counters = TierUpCounters(symbol: "nest$counters", callThreshold: 1, backedgeThreshold: 1, trigger: 0x1000,
                                      context: 0x2000, loopCount: 2)
        counters.osrSlots = 0x3000
        counters.osrEntries = 0x4000
        let loops = try parse().instrumentForTierUp("nest", counters: counters)
        let loop = try XCTUnwrap(loops.first { $0.header == headerIndex })
        let module = try parse()
        try module.makeOSRContinuation("nest", headerIndex: headerIndex, expected: loop.transfer)
        XCTAssertNil(module.verificationFailure())
        return module.text
    }

    func testInnerLoopEntryPeelsTheOuterIterationAndReturnsToTheOuterHeader() throws {
        let text = try continuation(enteringAt: 3)   // %inner
        XCTAssertTrue(text.contains("osr.peel"), "the partial outer iteration is a copy")
        // The copy of outer.latch branches back to the original outer header, the only entry to the original nest.
        let copiedLatch = text.components(separatedBy: "\nosr.peel").first { $0.contains("store i64 %") && $0.contains("br label %outer\n") }
        XCTAssertNotNil(copiedLatch, "the peeled latch goes to the original outer header:\n\(text)")
        XCTAssertTrue(text.contains("osr.entry:") && text.range(of: "br label %osr.peel")?.lowerBound != nil,
                      "the continuation enters the copy, not the original inner header")
    }

    func testOutermostLoopEntryNeedsNoCopies() throws {
        let text = try continuation(enteringAt: 1)   // %outer
        XCTAssertFalse(text.contains("osr.peel"))
    }
}
