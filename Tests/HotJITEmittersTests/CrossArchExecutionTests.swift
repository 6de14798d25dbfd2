import XCTest
import HotJITEmitters

/// Executes each emitter's resolver, trampolines, stubs and call-counting thunks for real: natively on x86-64, under
/// qemu user mode for AArch64, PowerPC64 LE (ELFv2) and PowerPC64 BE (ELFv1), inside `Tests/cross-arch/harness.c`
/// (see its header for every check it makes).
///
/// The mutation tests drop the restore of one register at a time and require the harness to report exactly that
/// register: proof that the execution test would notice any resolver that loses an argument register. Likewise a thunk
/// that never stores its decremented counter must fail the call-counting checks. The broken emitters are `Mutant`s
/// (Mutants.swift): the real emitter's bytes, patched.
/// Needs the cross compilers and qemu (scripts/setup-cross-arch.sh); without them these tests skip.
final class CrossArchExecutionTests: XCTestCase {
    // MARK: - AArch64

    func testAArch64LazyCallsExecuteUnderQEMU() throws {
        let harness = try CrossArchHarness.make(.aarch64)
        assertPasses(try harness.run(AArch64Emitter()), "AArch64")
    }

    /// The stub reaches its slot with adrp+ldr: slots megabytes above and below the stubs work as well.
    func testAArch64SlotsMegabytesAwayFromStubs() throws {
        let harness = try CrossArchHarness.make(.aarch64)
        assertPasses(try harness.run(AArch64Emitter(), dataDistance: 0x30_0000 + 0x1_0000 + 0x888), "slots 3 MiB above")
        assertPasses(try harness.run(AArch64Emitter(), dataDistance: -0x20_0000), "slots 2 MiB below")
    }

    func testAArch64CallCountingThunksExecuteUnderQEMU() throws {
        try assertCallCountingThunksExecute(.aarch64, AArch64Emitter()) { AArch64Emitter().withoutCounterStore() }
    }

    func testAArch64EveryDroppedRestoreIsCaught() throws {
        let harness = try CrossArchHarness.make(.aarch64)
        assertPasses(try harness.run(AArch64Emitter()), "AArch64 baseline")
        for register in AArch64Emitter.SavedRegister.allCases {
            assertCaught(try harness.run(AArch64Emitter().withoutRestoring(register)), expected: [register.rawValue],
                         "AArch64 without restoring \(register)")
        }
    }

    // MARK: - PowerPC64 LE

    func testPPC64LELazyCallsExecuteUnderQEMU() throws {
        let harness = try CrossArchHarness.make(.ppc64le)
        assertPasses(try harness.run(PPC64LEEmitter()), "PPC64LE")
    }

    /// Absolute slot addresses: any distance works, including slots far below the code.
    func testPPC64LESlotsFarFromStubs() throws {
        let harness = try CrossArchHarness.make(.ppc64le)
        assertPasses(try harness.run(PPC64LEEmitter(), dataDistance: -0x10_0000_0000), "slots 64 GiB below")
    }

    func testPPC64LEEveryDroppedRestoreIsCaught() throws {
        try assertEveryDroppedRestoreIsCaught(.ppc64le, PPC64LEEmitter()) { PPC64LEEmitter().withoutRestoring($0) }
    }

    func testPPC64LECallCountingThunksExecuteUnderQEMU() throws {
        try assertCallCountingThunksExecute(.ppc64le, PPC64LEEmitter()) { PPC64LEEmitter().withoutCounterStore() }
    }

    // MARK: - PowerPC64 BE (ELFv1)

    func testPPC64BELazyCallsExecuteUnderQEMU() throws {
        let harness = try CrossArchHarness.make(.ppc64)
        assertPasses(try harness.run(PPC64BEEmitter()), "PPC64BE")
    }

    /// Absolute slot addresses: any distance works, including slots far below the code.
    func testPPC64BESlotsFarFromStubs() throws {
        let harness = try CrossArchHarness.make(.ppc64)
        assertPasses(try harness.run(PPC64BEEmitter(), dataDistance: -0x10_0000_0000), "slots 64 GiB below")
    }

    /// ELFv1 has no call-counting thunks (function descriptors; tier 0 counts in code): the harness skips E and F.
    func testPPC64BEHasNoCallCountingThunks() throws {
        XCTAssertNil(PPC64BEEmitter().countingThunks)
        let run = try CrossArchHarness.make(.ppc64).run(PPC64BEEmitter())
        assertPasses(run, "PPC64BE")
        XCTAssertTrue(run.output.contains("NOTE no call-counting thunks"), run.output)
    }

    /// Includes r2, whose "restore" on ELFv1 is its load from the target's descriptor.
    func testPPC64BEEveryDroppedRestoreIsCaught() throws {
        try assertEveryDroppedRestoreIsCaught(.ppc64, PPC64BEEmitter()) { PPC64BEEmitter().withoutRestoring($0) }
    }

    // MARK: - x86-64 (native)

    func testX86_64LazyCallsExecuteNatively() throws {
        let harness = try CrossArchHarness.make(.x86_64)
        let emitter = X86_64Emitter(vectorSave: try harness.x86VectorSave())
        assertPasses(try harness.run(emitter), "x86-64 \(emitter.vectorSave)")
    }

    func testX86_64CallCountingThunksExecuteNatively() throws {
        let vectorSave = try CrossArchHarness.make(.x86_64).x86VectorSave()
        try assertCallCountingThunksExecute(.x86_64, X86_64Emitter(vectorSave: vectorSave)) {
            X86_64Emitter(vectorSave: vectorSave).withoutCounterStore()
        }
    }

    func testX86_64EveryDroppedRestoreIsCaught() throws {
        let harness = try CrossArchHarness.make(.x86_64)
        let vectorSave = try harness.x86VectorSave()
        assertPasses(try harness.run(X86_64Emitter(vectorSave: vectorSave)), "x86-64 baseline")
        for register in X86_64Emitter.SavedRegister.allCases {
            assertCaught(try harness.run(X86_64Emitter(vectorSave: vectorSave).withoutRestoring(register)),
                         expected: [register.rawValue], "x86-64 without restoring \(register)")
        }
        let run = try harness.run(X86_64Emitter(vectorSave: vectorSave).withoutVectorRestore())
        XCTAssertFalse(run.passed, "x86-64 without the vector restore must fail:\n\(run.output)")
        XCTAssertTrue(run.corruptedRegisters.contains { $0.hasPrefix("ymm") || $0.hasPrefix("xmm") },
                      "x86-64 without the vector restore must report a vector register:\n\(run.output)")
    }

    /// FXSAVE keeps only the SSE halves: with AVX arguments in flight, the harness must notice the lost upper halves.
    func testX86_64FXSAVELosesAVXUpperHalvesAndTheHarnessSeesIt() throws {
        let harness = try CrossArchHarness.make(.x86_64)
        guard case .xsave(let mask, _) = try harness.x86VectorSave(), mask & 0b100 != 0 else {
            throw XCTSkip("this CPU/OS has no AVX state: nothing beyond the SSE halves to lose")
        }
        let run = try harness.run(X86_64Emitter(vectorSave: .fxsave))
        XCTAssertFalse(run.passed, run.output)
        XCTAssertTrue(run.corruptedRegisters.contains("ymm0"), run.output)
    }

    // MARK: - Assertions

    /// PowerPC64 (both ABIs): the clean emitter passes, and without each register's restore the harness names exactly
    /// that register.
    private func assertEveryDroppedRestoreIsCaught(_ architecture: Architecture, _ clean: any ArchEmitter,
                                                   without: (PPC64ArgumentRegister) -> any ArchEmitter) throws {
        let harness = try CrossArchHarness.make(architecture)
        assertPasses(try harness.run(clean), "\(architecture) baseline")
        for register in PPC64ArgumentRegister.allCases {
            assertCaught(try harness.run(without(register)), expected: [register.rawValue],
                         "\(architecture) without restoring \(register)")
        }
    }

    /// The harness ran the call-counting checks (E, F) on `emitter` and they passed; with `mutated` (a thunk that never
    /// stores its counter) they fail from the first counted call on.
    private func assertCallCountingThunksExecute(_ architecture: Architecture, _ emitter: any CallCountingThunkEmitter,
                                                 mutated: () -> any CallCountingThunkEmitter,
                                                 file: StaticString = #filePath, line: UInt = #line) throws {
        let harness = try CrossArchHarness.make(architecture)
        let run = try harness.run(emitter)
        assertPasses(run, "\(architecture) call-counting thunks", file: file, line: line)
        XCTAssertFalse(run.output.contains("NOTE no call-counting thunks"), run.output, file: file, line: line)
        let broken = try harness.run(mutated())
        XCTAssertFalse(broken.passed, "\(architecture): a thunk that never stores its counter passed:\n\(broken.output)",
                       file: file, line: line)
        XCTAssertTrue(broken.output.contains("FAIL call-counting call 1 (3 -> 2): counter 3 after the call"),
                      broken.output, file: file, line: line)
    }

    private func assertPasses(_ run: CrossArchHarness.Run, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        if CrossArchHarness.keepsBlobs { print("\(what):\n\(run.output)") }
        XCTAssertTrue(run.passed, "\(what): harness exited \(run.status):\n\(run.output)", file: file, line: line)
    }

    /// The run failed, and the register check named exactly the registers in `expected`.
    private func assertCaught(_ run: CrossArchHarness.Run, expected: Set<String>, _ what: String,
                              file: StaticString = #filePath, line: UInt = #line) {
        if CrossArchHarness.keepsBlobs { print("\(what):\n\(run.output)") }
        XCTAssertFalse(run.passed, "\(what): the harness passed, so it cannot see this register:\n\(run.output)",
                       file: file, line: line)
        XCTAssertEqual(run.corruptedRegisters, expected, "\(what):\n\(run.output)", file: file, line: line)
    }
}
