import XCTest
@testable import HotJITEmitters

/// Shape and limits of the PowerPC64 LE emitter; the bytes themselves are checked against llvm-mc
/// (LLVMMCEncodingTests) and executed under qemu (CrossArchExecutionTests).
final class PPC64LEEmitterTests: XCTestCase {
    let emitter = PPC64LEEmitter()

    func testSizesAndFactory() throws {
        XCTAssertEqual(try emitter.emitStubs(at: 0x1000, slots: 0xFFFF_0000_0000, count: 3).count, 3 * emitter.stubSize)
        XCTAssertEqual(try emitter.emitTrampolines(at: 0x1000, resolver: 0x800, count: 3).count, 3 * emitter.trampolineSize)
        XCTAssertEqual(try emitter.emitResolver(at: 0x800, reentry: 1 << 40, context: 7).count, emitter.resolverSize)
        XCTAssertEqual(makeEmitter(for: .ppc64le).architecture, .ppc64le)
        XCTAssertTrue(emitter.needsInstructionCacheFlush)
    }

    func testTrampolineIdentityIsTheReturnAddressOfItsCall() {
        XCTAssertEqual(emitter.trampolineIndex(identity: 0x2010 + 8, trampolines: 0x2000, count: 3), 2)
        XCTAssertNil(emitter.trampolineIndex(identity: 0x2010 + 4, trampolines: 0x2000, count: 3))
    }

    /// Slots are absolute addresses: no range limit, only alignment.
    func testStubsReachAnySlot() throws {
        XCTAssertNoThrow(try emitter.emitStubs(at: 0x1000, slots: 0xFFFF_FFFF_FFFF_FFF0, count: 2))
        XCTAssertThrowsError(try emitter.emitStubs(at: 0x1000, slots: 0x2004, count: 1)) { error in
            XCTAssertEqual(error as? EmitterError, .misaligned(address: 0x2004, alignment: 8))
        }
    }

    /// Absolute record addresses: any distance, 8-aligned; 15 instructions and a `trap` per thunk; the mutation replaces
    /// exactly the store by a `nop`.
    func testCountingThunksReachAnyRecord() throws {
        let bytes = try emitter.emitCountingThunks(at: 0x1000, records: 0xFFFF_FFFF_FFFF_FFC0, count: 2)
        XCTAssertEqual(bytes.count, 2 * emitter.countingThunkSize)
        XCTAssertEqual(Array(bytes[60..<64]), [0x08, 0x00, 0xE0, 0x7F])      // trap
        XCTAssertEqual(Array(bytes[28..<32]), [0x00, 0x00, 0x0C, 0xF8])      // std r0, 0(r12)
        XCTAssertThrowsError(try emitter.emitCountingThunks(at: 0x1000, records: 0x2004, count: 1)) { error in
            XCTAssertEqual(error as? EmitterError, .misaligned(address: 0x2004, alignment: 8))
        }
        let mutated = emitter.withoutCounterStore()
        let broken = try mutated.emitCountingThunks(at: 0x1000, records: 0xFFFF_FFFF_FFFF_FFC0, count: 2)
        let differingWords = stride(from: 0, to: bytes.count, by: 4).filter { bytes[$0..<$0 + 4] != broken[$0..<$0 + 4] }
        XCTAssertEqual(differingWords, [28, 92])
        XCTAssertEqual(Array(broken[28..<32]), [0x00, 0x00, 0x00, 0x60])     // nop
    }

    /// bl reaches ±32 MiB.
    func testTrampolineToResolverRangeIs32MiB() {
        XCTAssertNoThrow(try emitter.emitTrampolines(at: 0x200_0000, resolver: 0x4, count: 1))
        XCTAssertThrowsError(try emitter.emitTrampolines(at: 0x400_0000, resolver: 0x0, count: 1)) { error in
            guard case EmitterError.outOfRange = error else { return XCTFail("\(error)") }
        }
    }
}

/// Counts and addresses come from C hosts: blocks that would wrap around the address space, or a garbage count, are
/// refused with an error, never a trap, on every architecture.
final class EmitterBlockLimitTests: XCTestCase {
    func testBlocksPastTheAddressSpaceOrTooLargeAreRefused() throws {
        for architecture in Architecture.allCases {
            let emitter = makeEmitter(for: architecture)
            let top: UInt64 = 0xFFFF_FFFF_FFFF_FF00
            XCTAssertThrowsError(try emitter.emitStubs(at: top, slots: 0x1000, count: 1000), "\(architecture)") {
                guard case EmitterError.blockTooLarge = $0 else { return XCTFail("\(architecture): \($0)") }
            }
            XCTAssertThrowsError(try emitter.emitStubs(at: 0x1000, slots: top, count: 1000), "\(architecture)")
            XCTAssertThrowsError(try emitter.emitTrampolines(at: top, resolver: top, count: 1000), "\(architecture)")
            XCTAssertThrowsError(try emitter.emitStubs(at: 0x1000, slots: 0x10_0000, count: Int(UInt32.max)),
                                 "\(architecture)")
            XCTAssertThrowsError(try emitter.emitStubs(at: 0x1000, slots: 0x10_0000, count: -1), "\(architecture)")
            if let thunks = emitter.countingThunks {
                XCTAssertThrowsError(try thunks.emitCountingThunks(at: 0x1000, records: top, count: 100))
                XCTAssertThrowsError(try thunks.emitCountingThunks(at: top, records: 0x10_0000, count: 100))
            }
            XCTAssertEqual(try emitter.emitStubs(at: 0x1000, slots: 0x10_0000, count: 0), [], "\(architecture)")
        }
    }
}
