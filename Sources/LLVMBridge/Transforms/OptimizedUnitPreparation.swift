// Why this file exists: a unit headed for the optimizing tier needs a few changes first (no `optnone`, the measured
// entry count, no loop-carrying callees in OSR continuations) and a check of what code generator suits it.
import CLLVM

extension IRModule {
    /// Readies a function unit for the optimizing tier: functions that carry `optnone` (every function of
    /// `clang -O0` IR) lose it and the `noinline` that comes with it, so the optimizer may work and inline; an explicit
    /// `noinline` without `optnone` is the program's wish and stays. `function` gets the entry count tier 0 measured
    /// (`!prof function_entry_count`), which guides inlining and block placement.
    public func prepareForOptimization(_ function: String, entryCount: UInt64) {
        let context = LLVMGetModuleContext(module)
        let optnone = LLVMGetEnumAttributeKindForName("optnone", 7)
        let noinline = LLVMGetEnumAttributeKindForName("noinline", 8)
        let functionIndex = UInt32.max
        for candidate in llvmSequence(LLVMGetFirstFunction(module), LLVMGetNextFunction)
        where LLVMIsDeclaration(candidate) == 0 {
            if LLVMGetEnumAttributeAtIndex(candidate, functionIndex, optnone) != nil {
                LLVMRemoveEnumAttributeAtIndex(candidate, functionIndex, optnone)
                LLVMRemoveEnumAttributeAtIndex(candidate, functionIndex, noinline)
            }
        }
        guard let target = LLVMGetNamedFunction(module, function), entryCount > 0 else { return }
        let key = "function_entry_count"
        var operands: [LLVMMetadataRef?] = [
            LLVMMDStringInContext2(context, key, key.utf8.count),
            LLVMValueAsMetadata(LLVMConstInt(LLVMInt64TypeInContext(context), entryCount, 0)),
        ]
        LLVMGlobalSetMetadata(target, LLVMGetMDKindIDInContext(context, "prof", 4),
                              LLVMMDNodeInContext2(context, &operands, 2))
    }

    /// Turns the `available_externally` callee bodies that contain a loop back into declarations, for an OSR
    /// continuation: such a callee counts its own calls and loops and tiers up (or enters its own continuation) by
    /// itself, while inlined into a continuation of `main` it made that compile several times longer and the running
    /// loop waited that much longer at tier 0 (docs/decisions.md). Loop-free callees stay inlinable: that is where a
    /// call costs most.
    public func withholdCalleesWithLoops() {
        for function in llvmSequence(LLVMGetFirstFunction(module), LLVMGetNextFunction)
        where LLVMGetLinkage(function) == LLVMAvailableExternallyLinkage && LLVMIsDeclaration(function) == 0
            && !backEdges(of: function).isEmpty {
            let blocks = Array(llvmSequence(LLVMGetFirstBasicBlock(function), LLVMGetNextBasicBlock))
            deleteBlocks(blocks)
            LLVMSetLinkage(function, LLVMExternalLinkage)
            // What only a definition may carry (the verifier rejects it on a declaration).
            if LLVMHasPersonalityFn(function) != 0 { LLVMSetPersonalityFn(function, nil) }
            LLVMGlobalEraseMetadata(function, LLVMGetMDKindIDInContext(LLVMGetModuleContext(module), "dbg", 3))
        }
    }

    /// The most memory operations (loads, stores, calls) in one basic block of the functions this unit will generate
    /// code for (`available_externally` bodies excluded): what makes SelectionDAG slow on fully unrolled code.
    public var largestBlockMemoryOperations: Int {
        var largest = 0
        for function in llvmSequence(LLVMGetFirstFunction(module), LLVMGetNextFunction)
        where LLVMIsDeclaration(function) == 0 && LLVMGetLinkage(function) != LLVMAvailableExternallyLinkage {
            for block in llvmSequence(LLVMGetFirstBasicBlock(function), LLVMGetNextBasicBlock) {
                var count = 0
                for instruction in llvmSequence(LLVMGetFirstInstruction(block), LLVMGetNextInstruction)
                where LLVMIsALoadInst(instruction) != nil || LLVMIsAStoreInst(instruction) != nil
                    || LLVMIsACallInst(instruction) != nil {
                    count += 1
                }
                largest = max(largest, count)
            }
        }
        return largest
    }

    /// Runs the optimizing pipeline (`default<O1|O2|O3>`) with the target's cost model.
    public func optimize(level: Int, targetMachine: TargetMachine) throws {
        try runPasses("default<O\(min(max(level, 1), 3))>", targetMachine: targetMachine)
    }
}
