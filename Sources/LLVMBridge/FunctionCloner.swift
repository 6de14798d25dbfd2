import CLLVM

/// Copies a function body instruction by instruction into another module of the same context.
///
/// Two passes: first every block and instruction is created (PHIs empty, other instructions cloned with their
/// original operands), so forward references have something to point at; then every operand is remapped and PHIs
/// get their incoming values. Cost is proportional to the function, not to the module it came from.
struct FunctionCloner {
    let mapper: ValueMapper
    let context: IRContext

    func cloneBody(of source: LLVMValueRef, into clone: LLVMValueRef) throws {
        copyAttributes(from: source, to: clone)
        LLVMSetFunctionCallConv(clone, LLVMGetFunctionCallConv(source))
        LLVMSetAlignment(clone, LLVMGetAlignment(source))
        if let section = LLVMGetSection(source), section.pointee != 0 { LLVMSetSection(clone, section) }
        if let gc = LLVMGetGC(source) { LLVMSetGC(clone, gc) }

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

        for (original, cloned) in pairs {
            if LLVMIsAPHINode(original) != nil {
                for index in 0..<LLVMCountIncoming(original) {
                    var value: LLVMValueRef? = try mapper.map(LLVMGetIncomingValue(original, index))
                    var block: LLVMBasicBlockRef? = LLVMValueAsBasicBlock(try mapper.map(LLVMBasicBlockAsValue(LLVMGetIncomingBlock(original, index))))
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
