// Why this file exists: a long-running tier-0 loop must be able to continue in optimized code without returning;
// this pass builds the optimized function that takes over the running frame at a loop header.
import CLLVM

extension IRModule {
    /// Turns function `name` of this unit (a fresh, uninstrumented copy of the function) into the optimized
    /// continuation of a running tier-0 frame at loop header `headerIndex` (index in block order).
    ///
    /// The continuation takes the function's parameters followed by the addresses of the tier-0 frame's entry-block
    /// allocas, in order, and starts at the loop header. Allocas whose address may be captured (passed to a call,
    /// stored as a value, converted to an integer) keep living in the tier-0 frame, so pointers to them stay valid;
    /// the others (only loaded, stored, offset, or copied by memcpy/memmove/memset: clang's by-value struct
    /// temporaries) are copied into fresh allocas of the continuation, which the optimizer splits and promotes to
    /// registers. The tier-0 frame returns what the continuation returns, so nothing is copied back.
    ///
    /// Declines (throws) when the loop cannot be entered this way: a variadic function, `setjmp`, PHIs at the
    /// header, or SSA values flowing into the loop from before it (the result does not verify).
    public func makeOSRContinuation(_ name: String, headerIndex: Int) throws {
        guard let original = LLVMGetNamedFunction(module, name), LLVMIsDeclaration(original) == 0 else {
            throw LLVMError("OSR: no body for '\(name)'")
        }
        let functionType = LLVMGlobalGetValueType(original)!
        guard LLVMIsFunctionVarArg(functionType) == 0, !callsReturnsTwice(original) else {
            throw LLVMError("OSR declined: variadic or setjmp-calling function")
        }
        let blocks = Array(llvmSequence(LLVMGetFirstBasicBlock(original), LLVMGetNextBasicBlock))
        guard headerIndex > 0, headerIndex < blocks.count else { throw LLVMError("OSR: no loop header \(headerIndex)") }
        let header = blocks[headerIndex]
        if let first = LLVMGetFirstInstruction(header), LLVMIsAPHINode(first) != nil {
            throw LLVMError("OSR declined: the loop header has PHIs")
        }
        let allocas = Array(llvmSequence(LLVMGetFirstInstruction(blocks[0]), LLVMGetNextInstruction))
            .prefix { LLVMIsAAllocaInst($0) != nil }

        let context = LLVMGetModuleContext(module)
        let pointer = LLVMPointerTypeInContext(context, 0)
        var parameterTypes = [LLVMTypeRef?](repeating: nil, count: Int(LLVMCountParamTypes(functionType)))
        parameterTypes.withUnsafeMutableBufferPointer { LLVMGetParamTypes(functionType, $0.baseAddress) }
        parameterTypes += [LLVMTypeRef?](repeating: pointer, count: allocas.count)
        let continuationType = LLVMFunctionType(LLVMGetReturnType(functionType), &parameterTypes,
                                                UInt32(parameterTypes.count), 0)
        let continuation = LLVMAddFunction(module, name + ".osr", continuationType)!
        // Function and return attributes, and those of the original parameters (positions 1...n).
        let functionIndex = UInt32.max
        for index in [functionIndex, 0] + (0..<LLVMCountParams(original)).map({ $0 + 1 }) {
            let count = Int(LLVMGetAttributeCountAtIndex(original, index))
            guard count > 0 else { continue }
            var attributes = [LLVMAttributeRef?](repeating: nil, count: count)
            attributes.withUnsafeMutableBufferPointer { LLVMGetAttributesAtIndex(original, index, $0.baseAddress) }
            // Type attributes (byval, sret, inalloca, ...) change how an argument is passed: the continuation receives
            // plain pointers into the tier-0 frame instead (its byval copy stays alive there).
            for attribute in attributes
            where index == functionIndex || index == 0 || LLVMIsTypeAttribute(attribute) == 0 {
                LLVMAddAttributeAtIndex(continuation, index, attribute)
            }
        }
        LLVMSetFunctionCallConv(continuation, LLVMGetFunctionCallConv(original))
        if LLVMHasPersonalityFn(original) != 0 { LLVMSetPersonalityFn(continuation, LLVMGetPersonalityFn(original)) }

        let builder = LLVMCreateBuilderInContext(context)!
        defer { LLVMDisposeBuilder(builder) }
        let entry = LLVMAppendBasicBlockInContext(context, continuation, "osr.entry")!
        var last = entry
        for block in blocks {
            LLVMMoveBasicBlockAfter(block, last)
            last = block
        }
        for index in 0..<LLVMCountParams(original) {
            LLVMReplaceAllUsesWith(LLVMGetParam(original, index), LLVMGetParam(continuation, index))
        }
        LLVMPositionBuilderAtEnd(builder, entry)
        let firstSlot = LLVMCountParams(original)
        for (offset, alloca) in allocas.enumerated() {
            let frameSlot = LLVMGetParam(continuation, firstSlot + UInt32(offset))!
            // Lifetime markers go: a frame slot is the tier-0 frame's, live throughout, and a copied alloca holds the
            // frame's value from the continuation's entry on (a marker would declare that copy dead).
            for marker in lifetimeMarkers(of: alloca) { LLVMInstructionEraseFromParent(marker) }
            if addressMayBeCaptured(alloca) {
                LLVMReplaceAllUsesWith(alloca, frameSlot)
                LLVMInstructionEraseFromParent(alloca)
            } else {
                LLVMInstructionRemoveFromParent(alloca)
                LLVMInsertIntoBuilder(builder, alloca)
                // A memcpy rather than a load and store of the allocated type: arrays and structs of any size copy
                // cheaply, and SROA splits the copy along with the alloca.
                let size = LLVMSizeOf(LLVMGetAllocatedType(alloca))
                let alignment = LLVMGetAlignment(alloca)
                LLVMBuildMemCpy(builder, alloca, alignment, frameSlot, alignment, size)
            }
        }
        LLVMBuildBr(builder, header)
        let subprogram = LLVMGetSubprogram(original)
        LLVMDeleteFunction(original)
        if let subprogram { LLVMSetSubprogram(continuation, subprogram) }
        LLVMSetValueName2(continuation, name, name.utf8.count)
        if let failure = verificationFailure() {
            throw LLVMError("OSR declined: \(failure.split(separator: "\n").first ?? "")")
        }
        peelEnclosingLoops(of: continuation, entry: entry, body: blocks[0], header: header)
    }

    /// Calls of `llvm.lifetime.*` on an alloca.
    private func lifetimeMarkers(of alloca: LLVMValueRef) -> [LLVMValueRef] {
        var markers: [LLVMValueRef] = []
        var use = LLVMGetFirstUse(alloca)
        while let current = use {
            if let user = LLVMGetUser(current), LLVMIsACallInst(user) != nil, let callee = LLVMGetCalledValue(user),
               LLVMIsAFunction(callee) != nil, valueName(callee).hasPrefix("llvm.lifetime."), !markers.contains(user) {
                markers.append(user)
            }
            use = LLVMGetNextUse(current)
        }
        return markers
    }

    /// Whether an alloca's address may outlive the frame's own SSA values: passed to a call (other than a lifetime
    /// marker or a memcpy/memmove/memset, which read or write the memory but keep no pointer), stored as a value,
    /// converted to an integer, merged by a PHI or select, or used by anything else not known to be harmless.
    /// Addresses derived with GEPs are followed. An alloca with a dynamic or non-unit element count is treated as
    /// captured (it is copied by its type's size).
    private func addressMayBeCaptured(_ alloca: LLVMValueRef) -> Bool {
        if let count = LLVMGetOperand(alloca, 0),
           LLVMIsAConstantInt(count) == nil || LLVMConstIntGetZExtValue(count) != 1 {
            return true
        }
        var pending = [alloca]
        var seen: Set<LLVMValueRef> = [alloca]
        while let address = pending.popLast() {
            var use = LLVMGetFirstUse(address)
            while let current = use {
                defer { use = LLVMGetNextUse(current) }
                guard let user = LLVMGetUser(current) else { return true }
                if LLVMIsALoadInst(user) != nil { continue }
                if LLVMIsAStoreInst(user) != nil {
                    if LLVMGetOperand(user, 0) == address { return true } // the address itself is stored
                    continue
                }
                if LLVMIsAGetElementPtrInst(user) != nil {
                    if seen.insert(user).inserted { pending.append(user) }
                    continue
                }
                if LLVMIsACallInst(user) != nil, let callee = LLVMGetCalledValue(user), LLVMIsAFunction(callee) != nil,
                   Self.nonCapturingIntrinsicPrefixes.contains(where: valueName(callee).hasPrefix),
                   LLVMGetCalledValue(user) != address {
                    continue
                }
                return true
            }
        }
        return false
    }

    /// Intrinsics that use a pointer argument's memory but keep no copy of the pointer.
    private static let nonCapturingIntrinsicPrefixes = ["llvm.lifetime.", "llvm.memcpy.", "llvm.memmove.",
                                                        "llvm.memset."]
}
