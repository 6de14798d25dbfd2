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
    /// SSA values computed before the loop and used in it (`osrLiveIns`: a VLA's address, clang's few values kept
    /// out of memory) follow as further parameters, in that order, then the values of the header's PHIs on the
    /// back-edge the frame left by: the tier-0 frame passes them at its OSR poll.
    /// Extra arguments rather than a transfer buffer: the values arrive in registers (or the call's stack area),
    /// there is no buffer layout for both sides to agree on and no memory to own, and any first-class type passes.
    /// A value whose definition is unreachable in the continuation becomes its parameter; one defined again inside
    /// the region (a VLA in an enclosing loop's body) is kept in a slot that the parameter starts and each new
    /// definition updates, which the optimizer promotes back to SSA values. `llvm.stackrestore` to a stack pointer
    /// saved by the tier-0 frame (above the continuation's own frame: stacks grow down on every supported target)
    /// restores the continuation's entry stack pointer instead, which frees what the continuation allocated since.
    ///
    /// `expected` is what the tier-0 frame's polls pass (its `CountedLoop.transfer`): built from another copy of the
    /// body, it must equal what this continuation takes.
    ///
    /// Declines (throws `OSRDecline`) when the loop cannot be entered this way: a variadic function, `setjmp`,
    /// `musttail`, computed goto, a value that cannot be passed (`osrLiveIns`), no poll in tier 0 (`expected` nil),
    /// or a signature that differs from `expected`.
    public func makeOSRContinuation(_ name: String, headerIndex: Int, expected: OSRTransferSignature?) throws {
        guard let original = LLVMGetNamedFunction(module, name), LLVMIsDeclaration(original) == 0 else {
            throw LLVMError("OSR: no body for '\(name)'")
        }
        let functionType = LLVMGlobalGetValueType(original)!
        guard LLVMIsFunctionVarArg(functionType) == 0 else { throw OSRDecline(.variadic, "a variadic function") }
        guard !callsReturnsTwice(original) else { throw OSRDecline(.returnsTwice, "the function calls setjmp") }
        guard !hasMustTailCall(original) else { throw OSRDecline(.mustTailCall, "the function has a musttail call") }
        let blocks = Array(llvmSequence(LLVMGetFirstBasicBlock(original), LLVMGetNextBasicBlock))
        guard headerIndex > 0, headerIndex < blocks.count else { throw LLVMError("OSR: no loop header \(headerIndex)") }
        let header = blocks[headerIndex]
        guard !hasIndirectBranch(original) else {
            throw OSRDecline(.indirectBranch, "block addresses in the tier-0 frame lead into tier-0 code")
        }
        let headerPHIs = Array(llvmSequence(LLVMGetFirstInstruction(header), LLVMGetNextInstruction)
            .prefix { LLVMIsAPHINode($0) != nil })
        let allocas = osrEntryAllocas(of: original)
        let liveIns = try osrLiveIns(of: original, header: header,
                                     dominators: Dominators(original, successors: successors(of:)))
        let region = reachable(from: header, stoppingAt: [])

        let context = LLVMGetModuleContext(module)
        let pointer = LLVMPointerTypeInContext(context, 0)
        var parameterTypes = [LLVMTypeRef?](repeating: nil, count: Int(LLVMCountParamTypes(functionType)))
        parameterTypes.withUnsafeMutableBufferPointer { LLVMGetParamTypes(functionType, $0.baseAddress) }
        parameterTypes += [LLVMTypeRef?](repeating: pointer, count: allocas.count)
        parameterTypes += (liveIns + headerPHIs).map { LLVMTypeOf($0) }
        let continuationType = LLVMFunctionType(LLVMGetReturnType(functionType), &parameterTypes,
                                                UInt32(parameterTypes.count), 0)!
        guard let expected else {
            throw OSRDecline(.noPoll, "no back-edge of the loop can transfer (its live-ins do not reach one)")
        }
        let signature = osrTransferSignature(of: original, liveIns: liveIns, continuationType: continuationType)
        guard signature == expected else {
            throw OSRDecline(.transferMismatch, "tier 0 passes \(expected), the continuation takes \(signature)")
        }
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
        let firstLiveIn = firstSlot + UInt32(allocas.count)
        for (offset, value) in liveIns.enumerated() {
            let parameter = LLVMGetParam(continuation, firstLiveIn + UInt32(offset))!
            // Markers would now name a parameter or a slot's load, and lifetime intrinsics take allocas only.
            for marker in lifetimeMarkers(of: value) { LLVMInstructionEraseFromParent(marker) }
            if let parent = LLVMGetInstructionParent(value), region.contains(parent) {
                demote(value, startingAs: parameter, in: region, entryBuilder: builder)
            } else {
                LLVMReplaceAllUsesWith(value, parameter)
            }
        }
        let firstPHIValue = firstLiveIn + UInt32(liveIns.count)
        for (offset, phi) in headerPHIs.enumerated() {
            var value = LLVMGetParam(continuation, firstPHIValue + UInt32(offset))
            var from: LLVMBasicBlockRef? = entry
            LLVMAddIncoming(phi, &value, &from, 1)
        }
        clampStackRestores(in: region, entryBuilder: builder)
        LLVMBuildBr(builder, header)
        let subprogram = LLVMGetSubprogram(original)
        LLVMDeleteFunction(original)
        if let subprogram { LLVMSetSubprogram(continuation, subprogram) }
        LLVMSetValueName2(continuation, name, name.utf8.count)
        if let failure = verificationFailure() {
            throw OSRDecline(.invalidContinuation, String(failure.split(separator: "\n").first ?? ""))
        }
        peelEnclosingLoops(of: continuation, entry: entry, body: blocks[0], header: header)
    }

    /// Whether the function has a `musttail` call (whose caller must keep the callee's signature).
    private func hasMustTailCall(_ function: LLVMValueRef) -> Bool {
        llvmSequence(LLVMGetFirstBasicBlock(function), LLVMGetNextBasicBlock).contains { block in
            llvmSequence(LLVMGetFirstInstruction(block), LLVMGetNextInstruction).contains {
                LLVMIsACallInst($0) != nil && LLVMGetTailCallKind($0) == LLVMTailCallKindMustTail
            }
        }
    }

    /// Keeps `value`, defined inside the continuation's region, in a slot: the continuation's entry stores
    /// `parameter` (the tier-0 frame's value), each execution of the definition stores the new value, and every use
    /// in the region loads the slot (a PHI's use at the end of its incoming block). SROA turns the slot back into
    /// SSA values with PHIs where the two definitions meet.
    private func demote(_ value: LLVMValueRef, startingAs parameter: LLVMValueRef, in region: Set<LLVMBasicBlockRef>,
                        entryBuilder: LLVMBuilderRef) {
        let type = LLVMTypeOf(value)
        let slot = LLVMBuildAlloca(entryBuilder, type, "osr.live")!
        LLVMBuildStore(entryBuilder, parameter, slot)
        let builder = LLVMCreateBuilderInContext(LLVMGetModuleContext(module))!
        defer { LLVMDisposeBuilder(builder) }
        var users: [LLVMValueRef] = []
        for use in llvmSequence(LLVMGetFirstUse(value), LLVMGetNextUse) {
            if let user = LLVMGetUser(use), LLVMIsAInstruction(user) != nil, !users.contains(user) {
                users.append(user)
            }
        }
        for user in users {
            if LLVMIsAPHINode(user) != nil {
                for index in 0..<LLVMCountIncoming(user) where LLVMGetIncomingValue(user, index) == value {
                    guard let incoming = LLVMGetIncomingBlock(user, index), region.contains(incoming),
                          let terminator = LLVMGetBasicBlockTerminator(incoming) else { continue }
                    LLVMPositionBuilderBefore(builder, terminator)
                    LLVMSetOperand(user, index, LLVMBuildLoad2(builder, type, slot, ""))
                }
            } else if let parent = LLVMGetInstructionParent(user), region.contains(parent) {
                LLVMPositionBuilderBefore(builder, user)
                let load = LLVMBuildLoad2(builder, type, slot, "")
                for index in 0..<UInt32(max(0, LLVMGetNumOperands(user))) where LLVMGetOperand(user, index) == value {
                    LLVMSetOperand(user, index, load)
                }
            }
        }
        var after = LLVMGetNextInstruction(value)
        while let next = after, LLVMIsAPHINode(next) != nil || LLVMIsALandingPadInst(next) != nil {
            after = LLVMGetNextInstruction(next)
        }
        guard let after else { return }
        LLVMPositionBuilderBefore(builder, after)
        LLVMBuildStore(builder, value, slot)
    }

    /// Makes every `llvm.stackrestore` in the region restore at most up to the continuation's entry stack pointer:
    /// a stack pointer the tier-0 frame saved lies above the continuation's frame, and restoring it would hand that
    /// frame (and the return address into tier 0) to the next dynamic alloca or call.
    private func clampStackRestores(in region: Set<LLVMBasicBlockRef>, entryBuilder: LLVMBuilderRef) {
        var restores: [LLVMValueRef] = []
        for block in region {
            for instruction in llvmSequence(LLVMGetFirstInstruction(block), LLVMGetNextInstruction)
            where LLVMIsACallInst(instruction) != nil {
                if let callee = LLVMGetCalledValue(instruction), LLVMIsAFunction(callee) != nil,
                   valueName(callee).hasPrefix("llvm.stackrestore") {
                    restores.append(instruction)
                }
            }
        }
        guard let first = restores.first, let pointerType = LLVMGetOperand(first, 0).map({ LLVMTypeOf($0) }) else {
            return
        }
        let context = LLVMGetModuleContext(module)
        let name = "llvm.stacksave"
        var overloads: [LLVMTypeRef?] = [pointerType]
        let id = LLVMLookupIntrinsicID(name, name.utf8.count)
        let stackSave = LLVMGetIntrinsicDeclaration(module, id, &overloads, 1)
        let stackSaveType = LLVMIntrinsicGetType(context, id, &overloads, 1)
        let entryStack = LLVMBuildCall2(entryBuilder, stackSaveType, stackSave, nil, 0, "osr.stack")!
        let builder = LLVMCreateBuilderInContext(context)!
        defer { LLVMDisposeBuilder(builder) }
        for restore in restores {
            guard let saved = LLVMGetOperand(restore, 0), LLVMTypeOf(saved) == pointerType else { continue }
            LLVMPositionBuilderBefore(builder, restore)
            let above = LLVMBuildICmp(builder, LLVMIntUGT, saved, entryStack, "")
            LLVMSetOperand(restore, 0, LLVMBuildSelect(builder, above, entryStack, saved, ""))
        }
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
    private static let nonCapturingIntrinsicPrefixes = [
        "llvm.lifetime.", "llvm.memcpy.", "llvm.memmove.", "llvm.memset.",
    ]
}
