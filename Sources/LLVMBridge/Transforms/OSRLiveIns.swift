// Why this file exists: the tier-0 frame and its OSR continuation must agree on which SSA values, computed before
// a loop, the loop goes on using (a VLA's address, a `stacksave`, anything clang kept out of memory); both sides
// ask this one function, on the same uninstrumented body, so the values are passed in the same order. The two bodies
// are separate copies, so each side also writes down what it passes (`OSRTransferSignature`) and the continuation
// compares before it is built: a disagreement is declined, never a continuation reading the wrong values.
import CLLVM

/// What a tier-0 loop's OSR poll passes to its continuation: the continuation's type, and where in the body (the
/// position of each instruction among all of the function's, uninstrumented) every live-in value comes from. Equal
/// signatures mean both sides pass and take the same values in the same order.
public struct OSRTransferSignature: Equatable, Sendable, CustomStringConvertible {
    /// The continuation's function type as IR text.
    public let type: String
    /// The live-ins' positions, in the order they are passed.
    public let liveInPositions: [Int]

    public init(type: String, liveInPositions: [Int]) {
        self.type = type
        self.liveInPositions = liveInPositions
    }

    public var description: String { "\(type) with live-ins at \(liveInPositions)" }
}

extension IRModule {
    /// The frame's entry-block allocas: the prefix of allocas clang puts first (their addresses are passed to a
    /// continuation as frame slots, see `makeOSRContinuation`).
    func osrEntryAllocas(of function: LLVMValueRef) -> [LLVMValueRef] {
        guard let entry = LLVMGetEntryBasicBlock(function) else { return [] }
        return Array(llvmSequence(LLVMGetFirstInstruction(entry), LLVMGetNextInstruction)
            .prefix { LLVMIsAAllocaInst($0) != nil })
    }

    /// The SSA values a continuation entered at `header` needs besides the arguments and the entry allocas: every
    /// instruction defined in a block that strictly dominates the header and live there: used in a block the header
    /// reaches without passing the definition's block again (for a PHI, on an edge from such a block). Only those
    /// can be live at the header: a value defined elsewhere is defined again on every path from the header to its
    /// uses, and so is one whose uses are all reached through its own block again (an enclosing loop's body before
    /// the loop: passing those would keep them in registers or stack slots through tier 0's every iteration). In
    /// block and instruction order.
    ///
    /// Throws the decline when a value cannot be passed: a `token`, or the result of an `invoke`/`callbr` (defined
    /// on one edge only, which the header need not follow).
    func osrLiveIns(of function: LLVMValueRef, header: LLVMBasicBlockRef,
                    dominators: Dominators) throws -> [LLVMValueRef] {
        let excluded = Set(osrEntryAllocas(of: function))
        var values: [LLVMValueRef] = []
        for block in llvmSequence(LLVMGetFirstBasicBlock(function), LLVMGetNextBasicBlock)
        where block != header && dominators.dominates(block, header) {
            // Only a value used outside its own block can be live at the header (the region below never holds the
            // block): at -O0 most blocks have none, and skip the walk.
            let usedElsewhere = llvmSequence(LLVMGetFirstInstruction(block), LLVMGetNextInstruction).filter {
                !excluded.contains($0) && isUsed($0, outside: block)
            }
            guard !usedElsewhere.isEmpty else { continue }
            // What the header reaches before this block runs again.
            let region = reachable(from: header, stoppingAt: [block])
            for instruction in usedElsewhere where isUsed(instruction, inAnyOf: region) {
                if LLVMGetTypeKind(LLVMTypeOf(instruction)) == LLVMTokenTypeKind {
                    throw OSRDecline(.tokenLiveIn, "a token from before the loop is used in it")
                }
                if LLVMIsATerminatorInst(instruction) != nil {
                    throw OSRDecline(.terminatorLiveIn, "an invoke's result from before the loop is used in it")
                }
                values.append(instruction)
            }
        }
        return values
    }

    /// The signature of a transfer into `function` passing `liveIns` to a continuation of type `continuationType`.
    func osrTransferSignature(of function: LLVMValueRef, liveIns: [LLVMValueRef],
                              continuationType: LLVMTypeRef) -> OSRTransferSignature {
        var positions: [LLVMValueRef: Int] = [:]
        var position = 0
        let wanted = Set(liveIns)
        for block in llvmSequence(LLVMGetFirstBasicBlock(function), LLVMGetNextBasicBlock)
        where positions.count < wanted.count {
            for instruction in llvmSequence(LLVMGetFirstInstruction(block), LLVMGetNextInstruction) {
                if wanted.contains(instruction) { positions[instruction] = position }
                position += 1
            }
        }
        return OSRTransferSignature(type: typeText(continuationType),
                                    liveInPositions: liveIns.map { positions[$0] ?? -1 })
    }

    /// Whether `value` (an instruction of `block`) has a use other than in `block`: an instruction elsewhere, or a
    /// PHI's incoming edge from another block.
    private func isUsed(_ value: LLVMValueRef, outside block: LLVMBasicBlockRef) -> Bool {
        for use in llvmSequence(LLVMGetFirstUse(value), LLVMGetNextUse) {
            guard let user = LLVMGetUser(use), LLVMIsAInstruction(user) != nil else { continue }
            if LLVMIsAPHINode(user) != nil {
                for index in 0..<LLVMCountIncoming(user) where LLVMGetIncomingValue(user, index) == value {
                    if LLVMGetIncomingBlock(user, index) != block { return true }
                }
            } else if LLVMGetInstructionParent(user) != block {
                return true
            }
        }
        return false
    }

    /// Whether `value` has a use in `blocks`: an instruction there, or a PHI's incoming edge from there.
    private func isUsed(_ value: LLVMValueRef, inAnyOf blocks: Set<LLVMBasicBlockRef>) -> Bool {
        for use in llvmSequence(LLVMGetFirstUse(value), LLVMGetNextUse) {
            guard let user = LLVMGetUser(use), LLVMIsAInstruction(user) != nil else { continue }
            if LLVMIsAPHINode(user) != nil {
                for index in 0..<LLVMCountIncoming(user) where LLVMGetIncomingValue(user, index) == value {
                    if let incoming = LLVMGetIncomingBlock(user, index), blocks.contains(incoming) { return true }
                }
            } else if let parent = LLVMGetInstructionParent(user), blocks.contains(parent) {
                return true
            }
        }
        return false
    }
}
