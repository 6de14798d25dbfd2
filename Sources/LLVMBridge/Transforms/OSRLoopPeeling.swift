// Why this file exists: a continuation entered mid-loop makes its enclosing loops irreducible, which hides them from
// LLVM's loop passes; this pass peels the partial iterations so the loops are reducible again.
import CLLVM

extension IRModule {
    /// Makes an OSR continuation's loops reducible again by peeling the partial iterations of the loops around its
    /// entry.
    ///
    /// A continuation entered at an inner loop's header enters every enclosing loop in the middle of an iteration:
    /// those loops get a second entry, become irreducible, and LLVM's loop passes (LICM, unrolling, vectorization
    /// decisions) no longer see them (docs/decisions.md: the measurement). With enclosing headers H1 (outermost) ...
    /// Hd (the entry, innermost), this adds copies C2 ... Cd of the blocks reachable from each Hj, entered at Hj,
    /// where every edge to an outer header Hi (i < j) goes to Hi in copy Ci instead (C1 is the original body). So
    /// copy Cj finishes the current iteration of loop j - 1 and each copy is entered at a loop header only: every
    /// loop is reducible, and the original nest (C1) runs every later iteration of the outermost loop as it would
    /// ahead of time.
    ///
    /// Does nothing (and leaves the function as it was) when the entry has no enclosing loops, the entry or an
    /// enclosing header has PHIs (the copies would lose the entry's incoming values), the function has `indirectbr`
    /// (block addresses would lead back into the original), the copies would be large, or the result does not verify.
    func peelEnclosingLoops(of function: LLVMValueRef, entry: LLVMBasicBlockRef, body: LLVMBasicBlockRef,
                            header: LLVMBasicBlockRef) {
        let blocks = Array(llvmSequence(LLVMGetFirstBasicBlock(function), LLVMGetNextBasicBlock)).filter { $0 != entry }
        let loops = naturalLoops(from: body, blocks: blocks)
        guard let innermost = loops[header] else { return }
        // Enclosing loops, outermost first; they must nest.
        let enclosing = loops.filter { $0.key != header && $0.value.contains(header) }
            .sorted { $0.value.count > $1.value.count }
        guard !enclosing.isEmpty else { return }
        let nest = enclosing.map(\.value) + [innermost]
        for index in 1..<nest.count where !nest[index].isSubset(of: nest[index - 1]) { return }
        let headers = enclosing.map(\.key) + [header]
        for loopHeader in headers
        where LLVMGetFirstInstruction(loopHeader).map({ LLVMIsAPHINode($0) != nil }) ?? true { return }
        var instructionCount = 0
        for block in blocks {
            for instruction in llvmSequence(LLVMGetFirstInstruction(block), LLVMGetNextInstruction) {
                if LLVMGetInstructionOpcode(instruction) == LLVMIndirectBr { return }
                instructionCount += 1
            }
        }
        guard instructionCount * headers.count <= Self.peelingInstructionBudget else { return }

        let context = LLVMGetModuleContext(module)
        let builder = LLVMCreateBuilderInContext(context)!
        defer { LLVMDisposeBuilder(builder) }
        var copyHeaders = [headers[0]]       // Hj in copy Cj; C1 is the original
        var copies: [LLVMBasicBlockRef] = []
        for depth in 1..<headers.count {
            let outer = Dictionary(uniqueKeysWithValues: (0..<depth).map { (headers[$0], copyHeaders[$0]) })
            let reached = reachable(from: headers[depth], stoppingAt: Set(outer.keys))
            let copy = cloneBlocks(blocks.filter(reached.contains), in: function, redirecting: outer, builder: builder)
            copies += copy.blocks
            copyHeaders.append(copy.map[headers[depth]]!)
        }
        let entryBranch = LLVMGetBasicBlockTerminator(entry)!
        LLVMSetOperand(entryBranch, 0, LLVMBasicBlockAsValue(copyHeaders.last!))
        if verificationFailure() != nil {
            LLVMSetOperand(entryBranch, 0, LLVMBasicBlockAsValue(header))
            deleteBlocks(copies)
        }
    }

    /// Copies of a continuation's nest cost compile time in proportion: above this many instructions (function size
    /// times nesting depth), the continuation is entered mid-nest instead.
    static let peelingInstructionBudget = 40_000

    /// Natural loops of the control-flow graph of `blocks` seen from `start`: header -> its blocks (the header and
    /// every block that reaches one of its latches without passing the header).
    private func naturalLoops(from start: LLVMBasicBlockRef,
                              blocks: [LLVMBasicBlockRef]) -> [LLVMBasicBlockRef: Set<LLVMBasicBlockRef>] {
        var predecessors: [LLVMBasicBlockRef: [LLVMBasicBlockRef]] = [:]
        for block in blocks {
            for successor in successors(of: block) { predecessors[successor, default: []].append(block) }
        }
        var loops: [LLVMBasicBlockRef: Set<LLVMBasicBlockRef>] = [:]
        for (latch, header) in backEdges(from: start) {
            var body = loops[header] ?? [header]
            var pending = [latch]
            while let block = pending.popLast() {
                guard body.insert(block).inserted else { continue }
                pending += predecessors[block] ?? []
            }
            loops[header] = body
        }
        return loops
    }

    /// Blocks reachable from `start` without entering any block of `stops`.
    func reachable(from start: LLVMBasicBlockRef, stoppingAt stops: Set<LLVMBasicBlockRef>) -> Set<LLVMBasicBlockRef> {
        var seen: Set<LLVMBasicBlockRef> = [start]
        var pending = [start]
        while let block = pending.popLast() {
            for successor in successors(of: block) where !stops.contains(successor) && seen.insert(successor).inserted {
                pending.append(successor)
            }
        }
        return seen
    }

    func successors(of block: LLVMBasicBlockRef) -> [LLVMBasicBlockRef] {
        guard let terminator = LLVMGetBasicBlockTerminator(block) else { return [] }
        return (0..<LLVMGetNumSuccessors(terminator)).compactMap { LLVMGetSuccessor(terminator, $0) }
    }

    /// Copies `blocks` (in order) to the end of `function`: instructions and branches refer to the copies, branches to
    /// a key of `redirecting` go to its value instead, PHIs keep the incoming edges from copied blocks only.
    private func cloneBlocks(_ blocks: [LLVMBasicBlockRef], in function: LLVMValueRef,
                             redirecting: [LLVMBasicBlockRef: LLVMBasicBlockRef], builder: LLVMBuilderRef)
        -> (blocks: [LLVMBasicBlockRef], map: [LLVMBasicBlockRef: LLVMBasicBlockRef]) {
        let context = LLVMGetModuleContext(module)
        var blockMap: [LLVMBasicBlockRef: LLVMBasicBlockRef] = [:]
        for block in blocks { blockMap[block] = LLVMAppendBasicBlockInContext(context, function, "osr.peel")! }
        var valueMap: [LLVMValueRef: LLVMValueRef] = [:]
        var phis: [(original: LLVMValueRef, copy: LLVMValueRef)] = []
        var clones: [LLVMValueRef] = []
        for block in blocks {
            LLVMPositionBuilderAtEnd(builder, blockMap[block]!)
            for instruction in llvmSequence(LLVMGetFirstInstruction(block), LLVMGetNextInstruction) {
                if LLVMIsAPHINode(instruction) != nil {
                    let phi = LLVMBuildPhi(builder, LLVMTypeOf(instruction), "")!
                    phis.append((instruction, phi))
                    valueMap[instruction] = phi
                } else {
                    let clone = LLVMInstructionClone(instruction)!
                    LLVMInsertIntoBuilder(builder, clone)
                    valueMap[instruction] = clone
                    clones.append(clone)
                }
            }
        }
        for clone in clones {
            for index in 0..<UInt32(max(0, LLVMGetNumOperands(clone))) {
                guard let operand = LLVMGetOperand(clone, index) else { continue }
                if LLVMValueIsBasicBlock(operand) != 0 {
                    let target = LLVMValueAsBasicBlock(operand)!
                    if let replacement = redirecting[target] ?? blockMap[target] {
                        LLVMSetOperand(clone, index, LLVMBasicBlockAsValue(replacement))
                    }
                } else if let replacement = valueMap[operand] {
                    LLVMSetOperand(clone, index, replacement)
                }
            }
        }
        for (original, copy) in phis {
            for index in 0..<LLVMCountIncoming(original) {
                guard let incoming = blockMap[LLVMGetIncomingBlock(original, index)] else { continue }
                var value: LLVMValueRef? = LLVMGetIncomingValue(original, index)
                value = valueMap[value!] ?? value
                var block: LLVMBasicBlockRef? = incoming
                LLVMAddIncoming(copy, &value, &block, 1)
            }
        }
        return (blocks.map { blockMap[$0]! }, blockMap)
    }
}
