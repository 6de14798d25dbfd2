import XCTest
@testable import HotJITEmitters

/// The resolver frame both PowerPC64 emitters share (PPC64ResolverFrame), checked on each emitter's bytes.
final class PPC64ResolverTests: XCTestCase {
    /// The frame the resolver allocates keeps each ABI's rules: a 16-byte multiple holding the header and the
    /// parameter save area, saves above them, the vector area 16-aligned.
    func testResolversAllocateABIConformingFrames() throws {
        try assertConformingFrame(PPC64LEEmitter(), byteOrder: .littleEndian, header: 32)
        try assertConformingFrame(PPC64BEEmitter(), byteOrder: .bigEndian, header: 48)
    }

    func testEachMutationChangesExactlyOneInstruction() throws {
        let mutants: [(any ArchEmitter, (PPC64ArgumentRegister) -> any ArchEmitter)] = [
            (PPC64LEEmitter(), { PPC64LEEmitter().withoutRestoring($0) }),
            (PPC64BEEmitter(), { PPC64BEEmitter().withoutRestoring($0) }),
        ]
        for (emitter, without) in mutants {
            let clean = try emitter.emitResolver(at: 0, reentry: 1, context: 2)
            for register in PPC64ArgumentRegister.allCases {
                let mutated = without(register)
                let bytes = try mutated.emitResolver(at: 0, reentry: 1, context: 2)
                let differing = stride(from: 0, to: bytes.count, by: 4).filter { bytes[$0..<$0 + 4] != clean[$0..<$0 + 4] }
                XCTAssertEqual(differing.count, 1, "\(emitter.architecture) \(register)")
            }
        }
    }

    private func assertConformingFrame(_ emitter: any ArchEmitter, byteOrder: ByteOrder, header: Int) throws {
        let bytes = try emitter.emitResolver(at: 0, reentry: 0, context: 0)
        let words = stride(from: 0, to: bytes.count, by: 4).map { offset in
            (0..<4).reduce(UInt32(0)) { word, index in
                let shift = byteOrder == .littleEndian ? 8 * index : 8 * (3 - index)
                return word | UInt32(bytes[offset + index]) << UInt32(shift)
            }
        }
        let stdu = try XCTUnwrap(words.first { $0 >> 26 == 62 && $0 & 3 == 1 })          // stdu r1, -N(r1)
        let frame = -Int(Int16(bitPattern: UInt16(stdu & 0xFFFC)))
        XCTAssertEqual(frame % 16, 0, "\(emitter.architecture)")
        let saveOffsets = words.filter { $0 >> 26 == 62 && $0 & 3 == 0 && ($0 >> 16) & 0x1F == 1 }  // std rN, off(r1)
            .map { Int(Int16(bitPattern: UInt16($0 & 0xFFFC))) }
        XCTAssertTrue(saveOffsets.filter { $0 != PPC64ResolverFrame.lrSave }.allSatisfy { $0 >= header + 64 },
                      "\(emitter.architecture): a save inside the header or parameter save area: \(saveOffsets)")
        let vectorOffsets = words.indices.filter { words[$0] >> 26 == 31 && (words[$0] >> 1) & 0x3FF == 231 }
            .map { Int(Int16(bitPattern: UInt16(words[$0 - 1] & 0xFFFF))) }                // li r12, off; stvx
        XCTAssertEqual(vectorOffsets.count, 12)
        XCTAssertTrue(vectorOffsets.allSatisfy { $0 % 16 == 0 && $0 >= header + 64 && $0 + 16 <= frame })
    }
}
