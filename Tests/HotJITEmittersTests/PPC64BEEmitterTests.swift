import XCTest
@testable import HotJITEmitters

/// Shape and limits of the PowerPC64 BE (ELFv1) emitter; the bytes themselves are checked against llvm-mc
/// (LLVMMCEncodingTests) and executed under qemu (CrossArchExecutionTests).
final class PPC64BEEmitterTests: XCTestCase {
    let emitter = PPC64BEEmitter()

    func testSizesAndFactory() throws {
        XCTAssertEqual(try emitter.emitStubs(at: 0x1000, slots: 0xFFFF_0000_0000, count: 3).count, 3 * emitter.stubSize)
        XCTAssertEqual(try emitter.emitTrampolines(at: 0x1000, resolver: 0x800, count: 3).count, 3 * emitter.trampolineSize)
        XCTAssertEqual(try emitter.emitResolver(at: 0x800, reentry: 1 << 40, context: 7).count, emitter.resolverSize)
        XCTAssertEqual(makeEmitter(for: .ppc64).architecture, .ppc64)
        XCTAssertTrue(emitter.needsInstructionCacheFlush)
    }

    /// Stubs and trampolines begin with a big-endian descriptor whose entry is their own code, right after it.
    func testStubsAndTrampolinesAreTheirOwnDescriptors() throws {
        let stubs = try emitter.emitStubs(at: 0x12_3456_7800, slots: 0x9000, count: 2)
        XCTAssertEqual(Array(stubs[64..<88]), bigEndian(0x12_3456_7800 + 64 + 24) + bigEndian(0) + bigEndian(0))
        let trampolines = try emitter.emitTrampolines(at: 0x2000, resolver: 0x1000, count: 2)
        XCTAssertEqual(Array(trampolines[32..<56]), bigEndian(0x2000 + 32 + 24) + bigEndian(0) + bigEndian(0))
        XCTAssertEqual(Array(trampolines[56..<60]), [0x7C, 0x08, 0x02, 0xA6])                 // mflr r0, big-endian
    }

    func testTrampolineIdentityIsTheReturnAddressOfItsCall() {
        XCTAssertEqual(emitter.trampolineIndex(identity: 0x2040 + 32, trampolines: 0x2000, count: 3), 2)
        XCTAssertEqual(emitter.trampolineIndex(identity: 0x2000 + 32, trampolines: 0x2000, count: 3), 0)
        XCTAssertNil(emitter.trampolineIndex(identity: 0x2040 + 28, trampolines: 0x2000, count: 3))
    }

    /// Slots are absolute addresses: no range limit; descriptors need doubleword-aligned stubs and trampolines.
    func testStubsReachAnySlotAndDescriptorsAreAligned() throws {
        XCTAssertNoThrow(try emitter.emitStubs(at: 0x1000, slots: 0xFFFF_FFFF_FFFF_FFF0, count: 2))
        XCTAssertThrowsError(try emitter.emitStubs(at: 0x1000, slots: 0x2004, count: 1)) { error in
            XCTAssertEqual(error as? EmitterError, .misaligned(address: 0x2004, alignment: 8))
        }
        XCTAssertThrowsError(try emitter.emitStubs(at: 0x1004, slots: 0x2000, count: 1)) { error in
            XCTAssertEqual(error as? EmitterError, .misaligned(address: 0x1004, alignment: 8))
        }
        XCTAssertThrowsError(try emitter.emitTrampolines(at: 0x1004, resolver: 0x0, count: 1))
    }

    /// bl (at trampoline + 28) reaches ±32 MiB.
    func testTrampolineToResolverRangeIs32MiB() {
        XCTAssertNoThrow(try emitter.emitTrampolines(at: 0x200_0000 - 32, resolver: 0x4, count: 1))
        XCTAssertThrowsError(try emitter.emitTrampolines(at: 0x400_0000, resolver: 0x0, count: 1)) { error in
            guard case EmitterError.outOfRange = error else { return XCTFail("\(error)") }
        }
    }

    private func bigEndian(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) } }
}
