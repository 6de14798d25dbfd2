// Why this file exists: the tier-up instrumentation, the OSR continuation and loop peeling, and the optimized-unit
// preparation all need the same few facts and edits of a function's control flow (its loops' back-edges, splitting
// and deleting blocks, whether it calls `setjmp` or jumps to computed addresses); they are written once, here.
import CLLVM

extension IRModule {
    /// Whether the function calls something `returns_twice` (setjmp): OSR declines those.
    func callsReturnsTwice(_ function: LLVMValueRef) -> Bool {
        let returnsTwice = LLVMGetEnumAttributeKindForName("returns_twice", 13)
        for block in llvmSequence(LLVMGetFirstBasicBlock(function), LLVMGetNextBasicBlock) {
            for instruction in llvmSequence(LLVMGetFirstInstruction(block), LLVMGetNextInstruction)
            where LLVMIsACallInst(instruction) != nil || LLVMIsAInvokeInst(instruction) != nil {
                if LLVMGetCallSiteEnumAttribute(instruction, UInt32.max, returnsTwice) != nil { return true }
                if let callee = LLVMGetCalledValue(instruction), LLVMIsAFunction(callee) != nil,
                   LLVMGetEnumAttributeAtIndex(callee, UInt32.max, returnsTwice) != nil { return true }
            }
        }
        return false
    }

    /// Whether the function has an `indirectbr` (computed goto): the block addresses a tier-0 frame holds are tier-0
    /// code's, and a continuation would jump back into it, so OSR declines those (and tier 0 builds no polls).
    func hasIndirectBranch(_ function: LLVMValueRef) -> Bool {
        llvmSequence(LLVMGetFirstBasicBlock(function), LLVMGetNextBasicBlock).contains { block in
            LLVMGetBasicBlockTerminator(block).map { LLVMGetInstructionOpcode($0) == LLVMIndirectBr } ?? false
        }
    }

    /// Loop back-edges as (latch, header): edges to a block still on the depth-first search stack; one per latch.
    func backEdges(of function: LLVMValueRef) -> [(LLVMBasicBlockRef, LLVMBasicBlockRef)] {
        guard let entry = LLVMGetEntryBasicBlock(function) else { return [] }
        return backEdges(from: entry)
    }

    /// Back-edges of the control-flow graph as seen by a depth-first search from `entry`; one per latch.
    func backEdges(from entry: LLVMBasicBlockRef) -> [(LLVMBasicBlockRef, LLVMBasicBlockRef)] {
        var state: [LLVMBasicBlockRef: Int] = [:] // 1 on stack, 2 done
        var sources: [(LLVMBasicBlockRef, LLVMBasicBlockRef)] = []
        var seenSources: Set<LLVMBasicBlockRef> = []
        var stack: [(LLVMBasicBlockRef, UInt32)] = [(entry, 0)]
        state[entry] = 1
        while let (block, next) = stack.last {
            let terminator = LLVMGetBasicBlockTerminator(block)
            let count = terminator.map { LLVMGetNumSuccessors($0) } ?? 0
            if next < count {
                stack[stack.count - 1].1 += 1
                let successor = LLVMGetSuccessor(terminator, next)!
                switch state[successor] {
                case 1:
                    if seenSources.insert(block).inserted { sources.append((block, successor)) }
                case nil:
                    state[successor] = 1
                    stack.append((successor, 0))
                default:
                    break
                }
            } else {
                state[block] = 2
                stack.removeLast()
            }
        }
        return sources
    }

    /// Moves `instruction` and everything after it in `block` into a new block, and rebuilds the PHIs of the moved
    /// terminator's successors to name the new block (the C API cannot change a PHI's incoming block in place).
    /// Leaves `block` without a terminator and returns the new block.
    func splitBlock(_ block: LLVMBasicBlockRef, before instruction: LLVMValueRef,
                    builder: LLVMBuilderRef) -> LLVMBasicBlockRef {
        let function = LLVMGetBasicBlockParent(block)!
        let tail = LLVMAppendBasicBlockInContext(LLVMGetModuleContext(module), function, "")!
        var moving: [LLVMValueRef] = []
        var current: LLVMValueRef? = instruction
        while let item = current { moving.append(item); current = LLVMGetNextInstruction(item) }
        LLVMPositionBuilderAtEnd(builder, tail)
        for item in moving {
            LLVMInstructionRemoveFromParent(item)
            LLVMInsertIntoBuilder(builder, item)
        }
        guard let terminator = LLVMGetBasicBlockTerminator(tail) else { return tail }
        var successors: [LLVMBasicBlockRef] = []
        for index in 0..<LLVMGetNumSuccessors(terminator) {
            let successor = LLVMGetSuccessor(terminator, index)!
            if !successors.contains(successor) { successors.append(successor) }
        }
        for successor in successors { renameIncoming(of: successor, from: block, to: tail, builder: builder) }
        return tail
    }

    /// Puts a new block on the edge from `block` to `successor`, which ends in `br successor`, and returns it; the
    /// PHIs of `successor` name it. Nil (nothing changed) unless `block` ends in a `br` or `switch` with exactly one
    /// edge to `successor` (other terminators' edges cannot all be split, and two edges would need two blocks).
    func splitEdge(from block: LLVMBasicBlockRef, to successor: LLVMBasicBlockRef,
                   builder: LLVMBuilderRef) -> LLVMBasicBlockRef? {
        guard let terminator = LLVMGetBasicBlockTerminator(block),
              LLVMIsABranchInst(terminator) != nil || LLVMIsASwitchInst(terminator) != nil else { return nil }
        let edges = (0..<LLVMGetNumSuccessors(terminator)).filter { LLVMGetSuccessor(terminator, $0) == successor }
        guard edges.count == 1, let edge = edges.first else { return nil }
        let function = LLVMGetBasicBlockParent(block)!
        let middle = LLVMAppendBasicBlockInContext(LLVMGetModuleContext(module), function, "")!
        LLVMPositionBuilderAtEnd(builder, middle)
        LLVMBuildBr(builder, successor)
        LLVMSetSuccessor(terminator, edge, middle)
        renameIncoming(of: successor, from: block, to: middle, builder: builder)
        return middle
    }

    /// Rebuilds the PHIs of `successor` with incoming block `old` named `new` instead (the C API cannot change a
    /// PHI's incoming block in place).
    private func renameIncoming(of successor: LLVMBasicBlockRef, from old: LLVMBasicBlockRef,
                                to new: LLVMBasicBlockRef, builder: LLVMBuilderRef) {
        var phi = LLVMGetFirstInstruction(successor)
        while let node = phi, LLVMIsAPHINode(node) != nil {
            let next = LLVMGetNextInstruction(node)
            LLVMPositionBuilderBefore(builder, node)
            let replacement = LLVMBuildPhi(builder, LLVMTypeOf(node), "")!
            for index in 0..<LLVMCountIncoming(node) {
                var value = LLVMGetIncomingValue(node, index)
                var incoming = LLVMGetIncomingBlock(node, index)
                if incoming == old { incoming = new }
                LLVMAddIncoming(replacement, &value, &incoming, 1)
            }
            LLVMReplaceAllUsesWith(node, replacement)
            LLVMInstructionEraseFromParent(node)
            phi = next
        }
    }

    /// Deletes `blocks`, which nothing outside them refers to any more.
    func deleteBlocks(_ blocks: [LLVMBasicBlockRef]) {
        for block in blocks {
            for instruction in llvmSequence(LLVMGetFirstInstruction(block), LLVMGetNextInstruction)
            where LLVMGetTypeKind(LLVMTypeOf(instruction)) != LLVMVoidTypeKind {
                LLVMReplaceAllUsesWith(instruction, LLVMGetPoison(LLVMTypeOf(instruction)))
            }
        }
        for block in blocks {
            while let last = LLVMGetLastInstruction(block) { LLVMInstructionEraseFromParent(last) }
        }
        for block in blocks { LLVMDeleteBasicBlock(block) }
    }
}
