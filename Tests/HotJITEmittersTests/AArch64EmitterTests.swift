import XCTest
@testable import HotJITEmitters

/// Shape and limits of the AArch64 emitter; the bytes themselves are checked against llvm-mc (LLVMMCEncodingTests)
/// and executed under qemu (CrossArchExecutionTests).
final class AArch64EmitterTests: XCTestCase {
    let emitter = AArch64Emitter()

    func testSizesAndFactory() throws {
        XCTAssertEqual(try emitter.emitStubs(at: 0x1000, slots: 0x20_0000, count: 3).count, 3 * emitter.stubSize)
        XCTAssertEqual(try emitter.emitTrampolines(at: 0x1000, resolver: 0x800, count: 3).count, 3 * emitter.trampolineSize)
        XCTAssertEqual(try emitter.emitResolver(at: 0x800, reentry: 1 << 40, context: 7).count, emitter.resolverSize)
        XCTAssertEqual(makeEmitter(for: .aarch64).architecture, .aarch64)
        XCTAssertTrue(emitter.needsInstructionCacheFlush)
    }

    func testTrampolineIdentityIsTheReturnAddressOfItsCall() {
        XCTAssertEqual(emitter.trampolineIndex(identity: 0x2008 + 8, trampolines: 0x2000, count: 3), 1)
        XCTAssertEqual(emitter.trampolineIndex(identity: 0x2000 + 8, trampolines: 0x2000, count: 3), 0)
        XCTAssertNil(emitter.trampolineIndex(identity: 0x2008 + 4, trampolines: 0x2000, count: 3))
        XCTAssertNil(emitter.trampolineIndex(identity: 0x2018 + 8, trampolines: 0x2000, count: 3))
    }

    /// adrp reaches ±4 GiB (in pages); beyond that the emitter refuses rather than truncating.
    func testStubSlotRangeIsFourGiB() throws {
        XCTAssertNoThrow(try emitter.emitStubs(at: 0x1_0000_0000, slots: 0x1_0000_0000 + 0xFFFF_F000, count: 1))
        XCTAssertNoThrow(try emitter.emitStubs(at: 0x1_0000_0000, slots: 0x1_0000_0000 - 0x1_0000_0000, count: 1))
        XCTAssertThrowsError(try emitter.emitStubs(at: 0x1_0000_0000, slots: 0x2_0000_0000, count: 1)) { error in
            guard case EmitterError.outOfRange = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try emitter.emitStubs(at: 0x2_0000_1000, slots: 0x1000, count: 1))
        XCTAssertThrowsError(try emitter.emitStubs(at: 0x1000, slots: 0x2004, count: 1)) { error in
            XCTAssertEqual(error as? EmitterError, .misaligned(address: 0x2004, alignment: 8))
        }
    }

    /// bl reaches ±128 MiB.
    func testTrampolineToResolverRangeIs128MiB() {
        XCTAssertNoThrow(try emitter.emitTrampolines(at: 0x800_0000, resolver: 0x4, count: 1))
        XCTAssertThrowsError(try emitter.emitTrampolines(at: 0x1000_0000, resolver: 0x0, count: 1)) { error in
            guard case EmitterError.outOfRange = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try emitter.emitTrampolines(at: 0x1002, resolver: 0x0, count: 1))
    }

    func testResolverEndsWithItsLiteralPool() throws {
        let bytes = try emitter.emitResolver(at: 0, reentry: 0x1122_3344_5566_7788, context: 0x99AA_BBCC_DDEE_FF00)
        XCTAssertEqual(Array(bytes.suffix(16)), [0x00, 0xFF, 0xEE, 0xDD, 0xCC, 0xBB, 0xAA, 0x99,
                                                 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11])
    }

    /// adrp reaches ±4 GiB, the folded page offsets need 8-aligned records; a thunk is 9 instructions and 3 `brk #0`.
    func testCountingThunkShapeAndRange() throws {
        let bytes = try emitter.emitCountingThunks(at: 0x1000, records: 0x20_0FE0, count: 3)
        XCTAssertEqual(bytes.count, 3 * emitter.countingThunkSize)
        let words = stride(from: 0, to: bytes.count, by: 4).map {
            UInt32(bytes[$0]) | UInt32(bytes[$0 + 1]) << 8 | UInt32(bytes[$0 + 2]) << 16 | UInt32(bytes[$0 + 3]) << 24
        }
        XCTAssertEqual(Array(words[9..<12]), [A64.brk0, A64.brk0, A64.brk0])
        XCTAssertEqual(words[6], A64.br(16))
        XCTAssertEqual(words[8], A64.br(16))
        XCTAssertEqual(words[12 + 1], A64.ldrX(17, 16, offset: 0x0)) // thunk 1's record, 0x201000, starts a page
        XCTAssertNoThrow(try emitter.emitCountingThunks(at: 0x1_0000_0000, records: 0x1_FFFF_F000, count: 1))
        XCTAssertThrowsError(try emitter.emitCountingThunks(at: 0x1_0000_0000, records: 0x2_0000_0000, count: 1)) {
            error in
            guard case EmitterError.outOfRange = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try emitter.emitCountingThunks(at: 0x1000, records: 0x2004, count: 1)) { error in
            XCTAssertEqual(error as? EmitterError, .misaligned(address: 0x2004, alignment: 8))
        }
    }

    /// The mutation replaces exactly the store, by a `nop`.
    func testCountingThunkMutationDropsOnlyTheStore() throws {
        let mutated = emitter.withoutCounterStore()
        let clean = try emitter.emitCountingThunks(at: 0x1000, records: 0x2000, count: 1)
        let bytes = try mutated.emitCountingThunks(at: 0x1000, records: 0x2000, count: 1)
        XCTAssertEqual(Array(clean[12..<16]), [0x11, 0x02, 0x00, 0xF9])  // str x17, [x16]
        XCTAssertEqual(Array(bytes[12..<16]), [0x1F, 0x20, 0x03, 0xD5])  // nop
        XCTAssertEqual(Array(bytes[0..<12] + bytes[16...]), Array(clean[0..<12] + clean[16...]))
    }

    func testEachMutationChangesExactlyOneInstruction() throws {
        let clean = try emitter.emitResolver(at: 0, reentry: 1, context: 2)
        for register in AArch64Emitter.SavedRegister.allCases {
            let bytes = try emitter.withoutRestoring(register).emitResolver(at: 0, reentry: 1, context: 2)
            let differingWords = stride(from: 0, to: bytes.count, by: 4).filter { bytes[$0..<$0 + 4] != clean[$0..<$0 + 4] }
            XCTAssertEqual(differingWords.count, 1, "\(register)")
        }
    }
}
