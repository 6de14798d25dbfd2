import XCTest
@testable import HotJITEmitters

final class X86_64EmitterTests: XCTestCase {
    let emitter = X86_64Emitter(vectorSave: .xsave(mask: 0xE7, areaSize: 2696))

    func testStubJumpsThroughItsSlot() throws {
        let bytes = try emitter.emitStubs(at: 0x1000, slots: 0x11000, count: 2)
        XCTAssertEqual(bytes.count, 16)
        // jmp *disp(%rip): disp = slot - (stub + 6)
        XCTAssertEqual(Array(bytes[0..<6]), [0xFF, 0x25, 0xFA, 0xFF, 0x00, 0x00])
        XCTAssertEqual(Array(bytes[8..<14]), [0xFF, 0x25, 0xFA, 0xFF, 0x00, 0x00]) // both +8: same displacement
    }

    func testTrampolineCallsResolverAndItsIdentityMapsBack() throws {
        let bytes = try emitter.emitTrampolines(at: 0x2000, resolver: 0x1000, count: 3)
        XCTAssertEqual(bytes.count, 24)
        XCTAssertEqual(bytes[8], 0xE8)
        let displacement = Int32(bitPattern: UInt32(bytes[9]) | UInt32(bytes[10]) << 8 | UInt32(bytes[11]) << 16 | UInt32(bytes[12]) << 24)
        XCTAssertEqual(Int64(0x2008 + 5) + Int64(displacement), 0x1000)
        XCTAssertEqual(emitter.trampolineIndex(identity: 0x2008 + 5, trampolines: 0x2000, count: 3), 1)
        XCTAssertNil(emitter.trampolineIndex(identity: 0x2008 + 4, trampolines: 0x2000, count: 3))
        XCTAssertNil(emitter.trampolineIndex(identity: 0x2018 + 5, trampolines: 0x2000, count: 3))
    }

    func testOutOfRangeReferencesAreReportedNotTruncated() {
        XCTAssertThrowsError(try emitter.emitStubs(at: 0x1000, slots: 0x1_0000_1000, count: 1))
        XCTAssertThrowsError(try emitter.emitTrampolines(at: 0x1_0000_0000, resolver: 0x1000, count: 1))
    }

    func testResolverFitsItsSizeAndSavesVectorStateWithXSAVE() throws {
        let bytes = try emitter.emitResolver(at: 0x1000, reentry: 0x1122334455667788, context: 0x99AABBCCDDEEFF00)
        XCTAssertEqual(bytes.count, emitter.resolverSize)
        XCTAssertTrue(contains(bytes, [0x48, 0x0F, 0xAE, 0x24, 0x24]), "xsave64 [rsp]")
        XCTAssertTrue(contains(bytes, [0x48, 0x0F, 0xAE, 0x2C, 0x24]), "xrstor64 [rsp]")
        XCTAssertTrue(contains(bytes, [0x48, 0xB8, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11]), "movabs rax, reentry")
        let fx = try X86_64Emitter(vectorSave: .fxsave).emitResolver(at: 0, reentry: 0, context: 0)
        XCTAssertTrue(contains(fx, [0x48, 0x0F, 0xAE, 0x04, 0x24]), "fxsave64 [rsp]")
    }

    /// `decq counter(%rip); jle 1f; jmp *target(%rip); 1: jmp *trigger(%rip)`, padded with int3; every displacement
    /// counts from the end of its own instruction.
    func testCountingThunkDecrementsItsRecordAndJumpsThroughIt() throws {
        let bytes = try emitter.emitCountingThunks(at: 0x1000, records: 0x3000, count: 2)
        XCTAssertEqual(bytes.count, 2 * emitter.countingThunkSize)
        // Thunk 1 at 0x1020, record 0x3020: 0x3020 - 0x1027, 0x3028 - 0x102F, 0x3030 - 0x1035.
        XCTAssertEqual(Array(bytes[32..<64]), [0x48, 0xFF, 0x0D, 0xF9, 0x1F, 0x00, 0x00, 0x7E, 0x06,
                                               0xFF, 0x25, 0xF9, 0x1F, 0x00, 0x00, 0xFF, 0x25, 0xFB, 0x1F, 0x00, 0x00]
                                              + [UInt8](repeating: 0xCC, count: 11))
        XCTAssertNotNil(emitter.countingThunks)
        XCTAssertThrowsError(try emitter.emitCountingThunks(at: 0x1000, records: 0x1_0000_1000, count: 1))
    }

    /// The mutation compares with 1 instead of decrementing: the same flags, the counter never written.
    func testCountingThunkMutationKeepsTheCounter() throws {
        let mutated = emitter.withoutCounterStore()
        let bytes = try mutated.emitCountingThunks(at: 0x1000, records: 0x3000, count: 1)
        // cmpq $1, counter(%rip) (0x3000 - 0x1008); jle
        XCTAssertEqual(Array(bytes[0..<10]), [0x48, 0x83, 0x3D, 0xF8, 0x1F, 0x00, 0x00, 0x01, 0x7E, 0x06])
        XCTAssertEqual(bytes.count, mutated.countingThunkSize)
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }
}
