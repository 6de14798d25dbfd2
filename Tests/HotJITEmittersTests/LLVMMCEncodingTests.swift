import Foundation
import XCTest
import HotJITEmitters

/// The emitters' bytes against LLVM's assembler: the expected instruction sequences are written out here as assembly
/// text, assembled with `llvm-mc` for the target triple and compared byte for byte. This pins every encoder (register
/// fields, scaled offsets, split SPR numbers, PC-relative immediates) independently of the execution tests.
/// Skips where llvm-mc / llvm-objcopy (LLVM 22) are not installed.
final class LLVMMCEncodingTests: XCTestCase {
    // MARK: - AArch64

    func testAArch64StubsMatchLLVMMC() throws {
        let emitter = AArch64Emitter()
        for (stubs, slots) in [(UInt64(0x7E_9ABC_0200), UInt64(0x7E_9AED_0888)), (0x7E_9ABC_0200, 0x7E_9A9C_0FF8),
                               (0x1000, 0x1_0000_0000)] {
            var text = ""
            for index in 0..<3 {
                let stub = stubs + UInt64(index * 16), slot = slots + UInt64(index * 8)
                let pageBytes = (Int64(slot >> 12) - Int64(stub >> 12)) * 4096
                text += "adrp x16, #\(pageBytes)\nldr x16, [x16, #\(slot & 0xFFF)]\nbr x16\nbrk #0\n"
            }
            XCTAssertEqual(try emitter.emitStubs(at: stubs, slots: slots, count: 3),
                           try assemble(text, triple: "aarch64-linux-gnu"), "stubs at \(stubs), slots at \(slots)")
        }
    }

    func testAArch64TrampolinesMatchLLVMMC() throws {
        let emitter = AArch64Emitter()
        for (trampolines, resolver) in [(UInt64(0x7E_9ABC_0100), UInt64(0x7E_9ABC_0000)), (0x1000, 0x80_0000)] {
            var text = ""
            for index in 0..<3 {
                text += "mov x17, x30\nbl #\(Int64(resolver) - Int64(trampolines + UInt64(index * 8) + 4))\n"
            }
            XCTAssertEqual(try emitter.emitTrampolines(at: trampolines, resolver: resolver, count: 3),
                           try assemble(text, triple: "aarch64-linux-gnu"))
        }
    }

    func testAArch64ResolverMatchesLLVMMC() throws {
        let text = """
            stp x29, x17, [sp, #-224]!
            mov x29, sp
            stp x0, x1, [sp, #16]
            stp x2, x3, [sp, #32]
            stp x4, x5, [sp, #48]
            stp x6, x7, [sp, #64]
            stp x8, x18, [sp, #80]
            stp q0, q1, [sp, #96]
            stp q2, q3, [sp, #128]
            stp q4, q5, [sp, #160]
            stp q6, q7, [sp, #192]
            ldr x0, context
            mov x1, x30
            ldr x16, reentry
            blr x16
            mov x16, x0
            ldp q6, q7, [sp, #192]
            ldp q4, q5, [sp, #160]
            ldp q2, q3, [sp, #128]
            ldp q0, q1, [sp, #96]
            ldp x8, x18, [sp, #80]
            ldp x6, x7, [sp, #64]
            ldp x4, x5, [sp, #48]
            ldp x2, x3, [sp, #32]
            ldp x0, x1, [sp, #16]
            ldp x29, x30, [sp], #224
            br x16
            brk #0
            context: .quad 0x99AABBCCDDEEFF00
            reentry: .quad 0x1122334455667788

            """
        let emitter = AArch64Emitter()
        let bytes = try emitter.emitResolver(at: 0x7E_9ABC_0000, reentry: 0x1122334455667788, context: 0x99AABBCCDDEEFF00)
        XCTAssertEqual(bytes, try assemble(text, triple: "aarch64-linux-gnu"))
        XCTAssertEqual(bytes.count, emitter.resolverSize)
    }

    /// The mutant (Mutants.swift) replaces one `ldp` by the `ldr` of the register that is kept.
    func testAArch64MutatedRestoresMatchLLVMMC() throws {
        for (register, kept) in [(AArch64Emitter.SavedRegister.x3, "ldr x2, [sp, #32]"), (.x18, "ldr x8, [sp, #80]"),
                                 (.q4, "ldr q5, [sp, #176]"), (.q7, "ldr q6, [sp, #192]")] {
            let bytes = try AArch64Emitter().withoutRestoring(register).emitResolver(at: 0, reentry: 0, context: 0)
            let word = try assemble(kept, triple: "aarch64-linux-gnu")
            XCTAssertTrue(contains(bytes, word), "\(register): expected \(kept)")
        }
    }

    // MARK: - PowerPC64 LE

    func testPPC64LEStubsMatchLLVMMC() throws {
        let emitter = PPC64LEEmitter()
        for slots: UInt64 in [0x7E_9ABD_0000, 0xFEDC_BA98_7654_3210, 0x8000] {
            var text = ""
            for index in 0..<3 {
                text += load64Text(12, slots + UInt64(index * 8)) + "ld 12, 0(12)\nmtctr 12\nbctr\n"
            }
            XCTAssertEqual(try emitter.emitStubs(at: 0x7E_9ABC_0300, slots: slots, count: 3),
                           try assemble(text, triple: "powerpc64le-linux-gnu"), "slots at \(slots)")
        }
    }

    func testPPC64LETrampolinesMatchLLVMMC() throws {
        let emitter = PPC64LEEmitter()
        for (trampolines, resolver) in [(UInt64(0x7E_9ABC_0200), UInt64(0x7E_9ABC_0000)), (0x1000, 0x100_0000)] {
            var text = ""
            for index in 0..<3 {
                let delta = Int64(resolver) - Int64(trampolines + UInt64(index * 8) + 4)
                text += "mflr 0\nbl .\(delta < 0 ? "-" : "+")\(delta.magnitude)\n"
            }
            XCTAssertEqual(try emitter.emitTrampolines(at: trampolines, resolver: resolver, count: 3),
                           try assemble(text, triple: "powerpc64le-linux-gnu"))
        }
    }

    func testPPC64LEResolverMatchesLLVMMC() throws {
        let context: UInt64 = 0x99AA_BBCC_DDEE_FF00, reentry: UInt64 = 0x0000_7FFF_8123_4568
        let text = ppc64ResolverText(
            frame: 480, tocSave: 96, gprArea: 104, fprArea: 176, vrArea: 288, context: context, reentry: reentry,
            callReentry: "mtctr 12\nbctrl\n", enterTarget: "mfctr 12\nbctr\n", instructions: 116)
        let emitter = PPC64LEEmitter()
        let bytes = try emitter.emitResolver(at: 0x7E_9ABC_0000, reentry: reentry, context: context)
        XCTAssertEqual(bytes, try assemble(text, triple: "powerpc64le-linux-gnu"))
        XCTAssertEqual(bytes.count, emitter.resolverSize)
    }

    // MARK: - PowerPC64 BE (ELFv1)

    /// Each stub is its own descriptor {entry = stub + 24, 0, 0}, then code that enters the slot's descriptor.
    func testPPC64BEStubsMatchLLVMMC() throws {
        let emitter = PPC64BEEmitter()
        let stubs: UInt64 = 0x7E_9ABC_0300
        for slots: UInt64 in [0x7E_9ABD_0000, 0xFEDC_BA98_7654_3210, 0x8000] {
            var text = ""
            for index in 0..<3 {
                text += ".quad \(stubs + UInt64(index * 64) + 24), 0, 0\n" + load64Text(12, slots + UInt64(index * 8))
                    + "ld 12, 0(12)\nld 0, 0(12)\nld 2, 8(12)\nmtctr 0\nbctr\n"
            }
            XCTAssertEqual(try emitter.emitStubs(at: stubs, slots: slots, count: 3),
                           try assemble(text, triple: "powerpc64-linux-gnu"), "slots at \(slots)")
        }
    }

    func testPPC64BETrampolinesMatchLLVMMC() throws {
        let emitter = PPC64BEEmitter()
        for (trampolines, resolver) in [(UInt64(0x7E_9ABC_0200), UInt64(0x7E_9ABC_0000)), (0x1000, 0x100_0000)] {
            var text = ""
            for index in 0..<3 {
                let code = trampolines + UInt64(index * 32) + 24
                let delta = Int64(resolver) - Int64(code + 4)
                text += ".quad \(code), 0, 0\nmflr 0\nbl .\(delta < 0 ? "-" : "+")\(delta.magnitude)\n"
            }
            XCTAssertEqual(try emitter.emitTrampolines(at: trampolines, resolver: resolver, count: 3),
                           try assemble(text, triple: "powerpc64-linux-gnu"))
        }
    }

    /// The ELFv1 frame (48-byte header, no TOC save of its own); `reentry` and the target are called through their
    /// descriptors.
    func testPPC64BEResolverMatchesLLVMMC() throws {
        let context: UInt64 = 0x99AA_BBCC_DDEE_FF00, reentry: UInt64 = 0x0000_7FFF_8123_4568
        let text = ppc64ResolverText(
            frame: 480, tocSave: nil, gprArea: 112, fprArea: 184, vrArea: 288, context: context, reentry: reentry,
            callReentry: "ld 0, 0(12)\nld 2, 8(12)\nld 11, 16(12)\nmtctr 0\nbctrl\n",
            enterTarget: "mfctr 12\nld 0, 0(12)\nld 2, 8(12)\nmtctr 0\nbctr\n", instructions: 120)
        let emitter = PPC64BEEmitter()
        let bytes = try emitter.emitResolver(at: 0x7E_9ABC_0000, reentry: reentry, context: context)
        XCTAssertEqual(bytes, try assemble(text, triple: "powerpc64-linux-gnu"))
        XCTAssertEqual(bytes.count, emitter.resolverSize)
    }

    // MARK: - Call-counting thunks

    /// Records above and below the thunks, and one 4 GiB page away; the third record of the second case sits on the
    /// next page (page offset 0x000), so the folded page offsets are exercised. The mutant (`withoutCounterStore`)
    /// turns the store into a `nop`.
    func testAArch64CountingThunksMatchLLVMMC() throws {
        for (thunks, records, mutated) in [(UInt64(0x7E_9ABC_0400), UInt64(0x7E_9ACC_0A80), false),
                                           (0x7E_9ABC_0400, 0x7E_9A9C_0FC0, false), (0x1000, 0x1_0000_0000, false),
                                           (0x7E_9ABC_0400, 0x7E_9ACC_0A80, true)] {
            let clean = AArch64Emitter()
            let emitter: any CallCountingThunkEmitter = mutated ? clean.withoutCounterStore() : clean
            var text = ""
            for index in 0..<3 {
                let thunk = thunks + UInt64(index * 48), record = records + UInt64(index * 32)
                let pageBytes = (Int64(record >> 12) - Int64(thunk >> 12)) * 4096
                let counter = record & 0xFFF
                text += "adrp x16, #\(pageBytes)\nldr x17, [x16, #\(counter)]\nsubs x17, x17, #1\n"
                    + (mutated ? "nop\n" : "str x17, [x16, #\(counter)]\n")
                    + "b.le 1f\nldr x16, [x16, #\(counter + 8)]\nbr x16\n1: ldr x16, [x16, #\(counter + 16)]\nbr x16\n"
                    + String(repeating: "brk #0\n", count: 3)
            }
            XCTAssertEqual(try emitter.emitCountingThunks(at: thunks, records: records, count: 3),
                           try assemble(text, triple: "aarch64-linux-gnu"), "thunks at \(thunks), records at \(records)")
        }
    }

    func testPPC64LECountingThunksMatchLLVMMC() throws {
        for (records, mutated) in [(UInt64(0x7E_9ABD_0200), false), (0xFEDC_BA98_7654_3200, false), (0x8000, true)] {
            let clean = PPC64LEEmitter()
            let emitter: any CallCountingThunkEmitter = mutated ? clean.withoutCounterStore() : clean
            var text = ""
            for index in 0..<3 {
                text += load64Text(12, records + UInt64(index * 32)) + "ld 0, 0(12)\naddic. 0, 0, -1\n"
                    + (mutated ? "nop\n" : "std 0, 0(12)\n")
                    + "ble 0, 1f\nld 12, 8(12)\nmtctr 12\nbctr\n1: ld 12, 16(12)\nmtctr 12\nbctr\ntrap\n"
            }
            XCTAssertEqual(try emitter.emitCountingThunks(at: 0x7E_9ABC_0400, records: records, count: 3),
                           try assemble(text, triple: "powerpc64le-linux-gnu"), "records at \(records)")
        }
    }

    /// RIP-relative displacements count from the end of each instruction (after `cmpq`'s immediate in the mutation).
    func testX86_64CountingThunksMatchLLVMMC() throws {
        for (records, mutated) in [(UInt64(0x7E_9ABD_0200), false), (0x7E_1ABD_0000, false), (0x7E_9ABD_0200, true)] {
            let clean = X86_64Emitter(vectorSave: .fxsave)
            let emitter: any CallCountingThunkEmitter = mutated ? clean.withoutCounterStore() : clean
            let thunks: UInt64 = 0x7E_9ABC_0500
            var text = ""
            for index in 0..<3 {
                let thunk = Int64(thunks) + Int64(index * 32), record = Int64(records) + Int64(index * 32)
                let compareEnd = thunk + (mutated ? 8 : 7), targetEnd = compareEnd + 8, triggerEnd = targetEnd + 6
                let compare = mutated ? "cmpq $1, \(record - compareEnd)(%rip)" : "decq \(record - compareEnd)(%rip)"
                text += compare + "\njle 1f\njmpq *\(record + 8 - targetEnd)(%rip)\n"
                text += "1: jmpq *\(record + 16 - triggerEnd)(%rip)\n"
                text += String(repeating: "int3\n", count: Int(thunk + 32 - triggerEnd))
            }
            XCTAssertEqual(try emitter.emitCountingThunks(at: thunks, records: records, count: 3),
                           try assemble(text, triple: "x86_64-linux-gnu"), "records at \(records), mutated: \(mutated)")
        }
    }

    // MARK: - Helpers

    /// A PowerPC64 resolver block as assembly text, padded with traps to 512 bytes; the frame offsets are spelled out
    /// by each test rather than derived, so the emitter's layout arithmetic is checked too.
    private func ppc64ResolverText(frame: Int, tocSave: Int?, gprArea: Int, fprArea: Int, vrArea: Int, context: UInt64,
                                   reentry: UInt64, callReentry: String, enterTarget: String, instructions: Int) -> String {
        var text = "std 0, 16(1)\nmflr 0\nstdu 1, -\(frame)(1)\n"
        if let tocSave { text += "std 2, \(tocSave)(1)\n" }
        for r in 3...11 { text += "std \(r), \(gprArea + 8 * (r - 3))(1)\n" }
        for f in 1...13 { text += "stfd \(f), \(fprArea + 8 * (f - 1))(1)\n" }
        for v in 2...13 { text += "li 12, \(vrArea + 16 * (v - 2))\nstvx \(v), 1, 12\n" }
        text += "mr 4, 0\n" + load64Text(3, context) + load64Text(12, reentry) + callReentry + "mtctr 3\n"
        for v in (2...13).reversed() { text += "li 12, \(vrArea + 16 * (v - 2))\nlvx \(v), 1, 12\n" }
        for f in (1...13).reversed() { text += "lfd \(f), \(fprArea + 8 * (f - 1))(1)\n" }
        for r in (3...11).reversed() { text += "ld \(r), \(gprArea + 8 * (r - 3))(1)\n" }
        if let tocSave { text += "ld 2, \(tocSave)(1)\n" }
        text += "addi 1, 1, \(frame)\nld 0, 16(1)\nmtlr 0\n" + enterTarget
        XCTAssertEqual(text.split(separator: "\n").count, instructions)
        return text + String(repeating: "trap\n", count: 512 / 4 - instructions)
    }

    /// The absolute 64-bit load the PowerPC emitter uses, as assembly text.
    private func load64Text(_ register: Int, _ value: UInt64) -> String {
        let chunk = { (shift: UInt64) in "0x" + String((value >> shift) & 0xFFFF, radix: 16) }
        return "lis \(register), \(chunk(48))\nori \(register), \(register), \(chunk(32))\nsldi \(register), \(register), 32\n"
            + "oris \(register), \(register), \(chunk(16))\nori \(register), \(register), \(chunk(0))\n"
    }

    /// Assembles `text` with llvm-mc for `triple` and returns the raw .text bytes. (A
    /// reference left as a relocation would come out as a zero immediate and fail the comparison.)
    private func assemble(_ text: String, triple: String) throws -> [UInt8] {
        guard let mc = Tools.find(["llvm-mc-22", "/usr/lib/llvm-22/bin/llvm-mc", "llvm-mc"]) else {
            throw XCTSkip("llvm-mc (LLVM 22) is not installed")
        }
        guard let objcopy = Tools.find(["llvm-objcopy-22", "/usr/lib/llvm-22/bin/llvm-objcopy", "llvm-objcopy"]) else {
            throw XCTSkip("llvm-objcopy (LLVM 22) is not installed")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hotjit-mc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("in.s"), object = directory.appendingPathComponent("out.o")
        let binary = directory.appendingPathComponent("out.bin")
        try (text + "\n").write(to: source, atomically: true, encoding: .utf8)
        try Tools.run([mc, "-triple=\(triple)", "-filetype=obj", "-o", object.path, source.path])
        try Tools.run([objcopy, "-O", "binary", "--only-section=.text", object.path, binary.path])
        return [UInt8](try Data(contentsOf: binary))
    }

    private func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        return (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }
}
