// Why this file exists: the function cloner, thread-local lowering, alias merging and compile-unit slimming each
// promise one property of the IR they produce; these tests check those properties.
import CLLVM
import XCTest
@testable import LLVMBridge

final class TransformTests: XCTestCase {
    // MARK: - Function cloner and value mapper

    func testAClonedFunctionEqualsTheOriginalButForItsName() throws {
        let text = TestIR.preamble + """
        %pair = type { i32, ptr }
        @g = global %pair { i32 1, ptr @g }, align 8
        declare i32 @callee(ptr, i32)

        define i32 @original(i32 %n, ptr %p) {
        entry:
          %slot = alloca %pair, align 8
          %field = getelementptr inbounds %pair, ptr @g, i64 0, i32 1
          br label %loop
        loop:
          %i = phi i32 [ 0, %entry ], [ %next, %body ]
          %done = icmp sge i32 %i, %n
          br i1 %done, label %exit, label %body
        body:
          %v = call i32 @callee(ptr %field, i32 %i)
          %next = add nsw i32 %i, %v
          switch i32 %next, label %loop [ i32 7, label %exit ]
        exit:
          %r = phi i32 [ %i, %loop ], [ 7, %body ]
          ret i32 %r
        }

        """
        let program = try ProgramModule(parsing: TestIR.buffer(text), context: IRContext(), uniqueSuffix: ".hj0",
                                        defaultTriple: TestIR.triple, defaultDataLayout: TestIR.dataLayout)
        let unit = try program.extractFunction("original", as: "copy", ownedSuffix: "$t0")
        XCTAssertNil(unit.verificationFailure())
        XCTAssertEqual(try TestIR.definitionText(unit, "copy"), try TestIR.definitionText(program.source, "original"))
        let g = try XCTUnwrap(LLVMGetNamedGlobal(unit.module, "g"))
        XCTAssertNotEqual(LLVMIsDeclaration(g), 0, "other globals are declared, not copied")
    }

    // MARK: - Thread-local lowering

    func testThreadLocalsBecomeEmulatedTLS() throws {
        let text = TestIR.preamble + """
        @tls = thread_local global i32 5, align 4

        define i32 @bump() {
          %p = call ptr @llvm.threadlocal.address.p0(ptr @tls)
          %v = load i32, ptr %p, align 4
          %w = add i32 %v, 1
          store i32 %w, ptr %p, align 4
          ret i32 %w
        }

        declare ptr @llvm.threadlocal.address.p0(ptr)

        """
        let unit = try TestIR.parse(text)
        let removed = try lowerThreadLocals(in: unit)
        XCTAssertNil(unit.verificationFailure())
        XCTAssertEqual(Array(removed.keys), ["tls"])
        XCTAssertTrue(TestIR.globals(unit).allSatisfy { LLVMIsThreadLocal($0) == 0 }, "no thread_local remains")
        XCTAssertNotNil(LLVMGetNamedGlobal(unit.module, "__emutls_v.tls"))
        let bump = try TestIR.definitionText(unit, "bump")
        XCTAssertTrue(bump.contains("call ptr @__emutls_get_address(ptr @__emutls_v.tls)"), bump)
        XCTAssertFalse(bump.contains("llvm.threadlocal.address"))
    }

    // MARK: - Alias merging

    func testAliasDeclarationsBecomeTheirTarget() throws {
        let text = TestIR.preamble + """
        @target = external global i32
        @alias = external global i32
        @other = external global i32

        define i1 @same() {
          %c = icmp eq ptr @alias, @target
          %v = load i32, ptr @other, align 4
          ret i1 %c
        }

        """
        let unit = try TestIR.parse(text)
        unit.mergeAliases(["alias": "target", "other": "renamed"])
        XCTAssertNil(unit.verificationFailure())
        XCTAssertNil(LLVMGetNamedGlobal(unit.module, "alias"), "merged into the target the unit already has")
        XCTAssertNil(LLVMGetNamedGlobal(unit.module, "other"))
        XCTAssertNotNil(LLVMGetNamedGlobal(unit.module, "renamed"), "renamed where the unit lacks the target")
        let same = try TestIR.definitionText(unit, "same")
        XCTAssertTrue(same.contains("icmp eq ptr @target, @target"), same)
        XCTAssertTrue(same.contains("load i32, ptr @renamed"), same)
    }

    // MARK: - Compile-unit slimming

    func testCompileUnitsLoseTheirModuleWideLists() throws {
        let line = "!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, producer: \"a, globals: !9\", "
            + "emissionKind: FullDebug, enums: !2, retainedTypes: !3, globals: !4, imports: !5, macros: !6)"
        let slim = String(decoding: CompileUnitSlimming.slimming(Array(line.utf8)), as: UTF8.self)
        XCTAssertEqual(slim, "!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, "
            + "producer: \"a, globals: !9\", emissionKind: FullDebug)")
        let bytes = Array(line.utf8)
        XCTAssertTrue(bytes.withUnsafeBufferPointer { CompileUnitSlimming.isCompileUnit($0, 0..<$0.count) })

        let module = TestIR.preamble + """
        !llvm.dbg.cu = !{!0}
        !llvm.module.flags = !{!7}
        \(line.replacingOccurrences(of: ", imports: !5, macros: !6", with: ""))
        !1 = !DIFile(filename: "a.c", directory: "/tmp")
        !2 = !{}
        !3 = !{!8}
        !4 = !{}
        !7 = !{i32 2, !"Debug Info Version", i32 3}
        !8 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)

        """
        let unit = try TestIR.parse(module)
        XCTAssertTrue(unit.text.contains("retainedTypes: !"))
        CompileUnitSlimming.slimCompileUnits(of: unit.module)
        XCTAssertNil(unit.verificationFailure())
        XCTAssertFalse(unit.text.contains("retainedTypes:"))
        XCTAssertFalse(unit.text.contains("DIBasicType"), "what only the lists reached is gone")
    }
}
