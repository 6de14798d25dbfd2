// Why this file exists: a whole-module program's function units are copies of single functions; cloning one function
// costs what the function costs, where cloning the module cost what the module costs.
import CLLVM

/// Copies a function body instruction by instruction into another module of the same context.
///
/// Two passes: first every block and instruction is created (PHIs empty, other instructions cloned with their
/// original operands), so forward references have something to point at; then every operand is remapped and PHIs
/// get their incoming values. Cost is proportional to the function, not to the module it came from.
///
/// Debug information comes along when the source has any: instructions keep their `!dbg` locations (metadata
/// belongs to the context), the clone gets the function's `DISubprogram`, and debug records (`#dbg_declare`,
/// `#dbg_value`) are rebuilt around the cloned values. Labels, assignment-tracking and multi-location records are
/// dropped: the C API cannot read them back.
struct FunctionCloner {
    let mapper: ValueMapper
    let context: IRContext

    func cloneBody(of source: LLVMValueRef, into clone: LLVMValueRef) throws {
        copyAttributes(from: source, to: clone)
        LLVMSetFunctionCallConv(clone, LLVMGetFunctionCallConv(source))
        LLVMSetAlignment(clone, LLVMGetAlignment(source))
        if let section = LLVMGetSection(source), section.pointee != 0 { LLVMSetSection(clone, section) }
        if let gc = LLVMGetGC(source) { LLVMSetGC(clone, gc) }
        if let subprogram = LLVMGetSubprogram(source) { LLVMSetSubprogram(clone, subprogram) }

        for index in 0..<LLVMCountParams(source) {
            mapper.values[LLVMGetParam(source, index)] = LLVMGetParam(clone, index)
        }
        let blocks = Array(llvmSequence(LLVMGetFirstBasicBlock(source), LLVMGetNextBasicBlock))
        var clonedBlocks: [LLVMBasicBlockRef] = []
        for block in blocks {
            let copy = LLVMAppendBasicBlockInContext(context.ref, clone, "")!
            mapper.values[LLVMBasicBlockAsValue(block)] = LLVMBasicBlockAsValue(copy)
            clonedBlocks.append(copy)
        }
        mapper.blockAddressFunction = (source, clone)

        let builder = LLVMCreateBuilderInContext(context.ref)
        defer { LLVMDisposeBuilder(builder) }
        var pairs: [(LLVMValueRef, LLVMValueRef)] = []
        for (block, copy) in zip(blocks, clonedBlocks) {
            LLVMPositionBuilderAtEnd(builder, copy)
            for instruction in llvmSequence(LLVMGetFirstInstruction(block), LLVMGetNextInstruction) {
                let cloned: LLVMValueRef
                if LLVMIsAPHINode(instruction) != nil {
                    cloned = LLVMBuildPhi(builder, LLVMTypeOf(instruction), "")
                } else {
                    cloned = LLVMInstructionClone(instruction)
                    LLVMInsertIntoBuilder(builder, cloned)
                }
                mapper.values[instruction] = cloned
                pairs.append((instruction, cloned))
            }
        }

        var debugRecords: DebugRecordCopier?
        for (original, cloned) in pairs {
            if LLVMGetFirstDbgRecord(original) != nil {
                if debugRecords == nil { debugRecords = DebugRecordCopier(module: mapper.destination) }
                try debugRecords!.copyRecords(of: original, before: cloned, mapper: mapper)
            }
            if LLVMIsAPHINode(original) != nil {
                for index in 0..<LLVMCountIncoming(original) {
                    var value: LLVMValueRef? = try mapper.map(LLVMGetIncomingValue(original, index))
                    var block: LLVMBasicBlockRef? = LLVMValueAsBasicBlock(
                        try mapper.map(LLVMBasicBlockAsValue(LLVMGetIncomingBlock(original, index))))
                    LLVMAddIncoming(cloned, &value, &block, 1)
                }
                continue
            }
            for index in 0..<UInt32(max(0, LLVMGetNumOperands(original))) {
                guard let operand = LLVMGetOperand(original, index) else { continue }
                let mapped = try mapper.map(operand)
                if mapped != operand { LLVMSetOperand(cloned, index, mapped) }
            }
        }
        if let personality = LLVMHasPersonalityFn(source) != 0 ? LLVMGetPersonalityFn(source) : nil {
            LLVMSetPersonalityFn(clone, try mapper.map(personality))
        }
    }
}

/// Rebuilds an instruction's debug records in front of its clone, their values mapped.
private final class DebugRecordCopier {
    private let builder: LLVMDIBuilderRef

    init(module: LLVMModuleRef) { builder = LLVMCreateDIBuilderDisallowUnresolved(module) }

    deinit {
        LLVMDIBuilderFinalize(builder)
        LLVMDisposeDIBuilder(builder)
    }

    func copyRecords(of original: LLVMValueRef, before cloned: LLVMValueRef, mapper: ValueMapper) throws {
        for record in llvmSequence(LLVMGetFirstDbgRecord(original), LLVMGetNextDbgRecord) {
            let kind = LLVMDbgRecordGetKind(record)
            guard kind == LLVMDbgRecordDeclare || kind == LLVMDbgRecordValue,
                  let value = LLVMDbgVariableRecordGetValue(record, 0),
                  let variable = LLVMDbgVariableRecordGetVariable(record),
                  let expression = LLVMDbgVariableRecordGetExpression(record),
                  let location = LLVMDbgRecordGetDebugLoc(record) else { continue }
            if kind == LLVMDbgRecordValue,
               LLVMError.takeMessage(LLVMPrintDbgRecordToString(record)).contains("!DIArgList(") {
                continue
            }
            let mapped = try mapper.map(value)
            if kind == LLVMDbgRecordDeclare {
                _ = LLVMDIBuilderInsertDeclareRecordBefore(builder, mapped, variable, expression, location, cloned)
            } else {
                _ = LLVMDIBuilderInsertDbgValueRecordBefore(builder, mapped, variable, expression, location, cloned)
            }
        }
    }
}
