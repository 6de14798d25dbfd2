import CLLVM

/// Where tier-0 code counts and whom it tells when a count crosses its threshold.
///
/// The counters live in the unit itself, as one hidden array named `symbol`, so tier-0 code reaches them
/// PC-relative (`counter(%rip)`), not through an absolute address materialized at every use; the engine looks the
/// array up after linking. Layout: `[0]` calls, `[1 + k]` back-edges of loop `k` (the first `loopCount` loop headers
/// in block order, each with its own counter, trigger and OSR slot), `[1 + loopCount]` back-edges of any further
/// loops, shared. Counters count down: each starts at its threshold (`initialValues`) and the trigger fires when it
/// reaches zero, so events counted = initial value - counter (wrapping: counters go on below zero).
public struct TierUpCounters: Sendable {
    /// Name of the counter array the instrumentation defines.
    public let symbol: String
    public let callThreshold: UInt64
    public let backedgeThreshold: UInt64
    /// `void trigger(void *context, int32_t kind)`: kind 0 = calls, 1 + k = back-edges of loop k.
    public let trigger: UInt64
    public let context: UInt64
    /// Loops with counters of their own (and OSR slots, when `osrSlots` is set).
    public var loopCount: Int
    /// Address of the function's on-stack-replacement slots (`loopCount` 8-byte slots, one per counted loop, holding
    /// the entry of an optimized continuation once one is ready), or 0 for no OSR.
    public var osrSlots: UInt64 = 0
    /// Address of the function's 64-bit count of OSR transfers.
    public var osrEntries: UInt64 = 0
    /// Whether the code counts its own calls (`[0]`); false where a call-counting thunk in front of it does.
    public var countsCalls: Bool

    /// How many 64-bit counters the array holds.
    public static func counterCount(loopCount: Int) -> Int { 2 + loopCount }

    /// What each counter starts at: its threshold.
    public var initialValues: [UInt64] {
        [callThreshold] + [UInt64](repeating: backedgeThreshold, count: Self.counterCount(loopCount: loopCount) - 1)
    }

    public init(symbol: String, callThreshold: UInt64, backedgeThreshold: UInt64, trigger: UInt64, context: UInt64, loopCount: Int,
                countsCalls: Bool = true) {
        self.countsCalls = countsCalls
        self.symbol = symbol
        self.callThreshold = callThreshold
        self.backedgeThreshold = backedgeThreshold
        self.trigger = trigger
        self.context = context
        self.loopCount = loopCount
    }
}

extension IRModule {
    /// Instruments `function` in the classic shape `if (--count == 0) trigger(context, kind)`: once at entry (after
    /// the entry block's allocas, which stay static; not when `countsCalls` is off: a call-counting thunk counts) and
    /// at the end of every block with a loop back-edge (an edge to a block on the depth-first search stack), each loop
    /// header with a counter of its own. No atomics, no calls on the fast path: a load, a subtract, a store, a compare
    /// and a branch (for loops on x86-64, `decq counter(%rip); jg header`). Counts are racy by design (a lost
    /// decrement is harmless: the counter never skips a value, so zero is still met).
    ///
    /// On-stack replacement: past the back-edge threshold the slow path of a latch also loads its loop header's OSR
    /// slot; once an optimized continuation for that header is there, the frame calls it with its arguments and the
    /// addresses of its entry-block allocas (its whole state at -O0: clang keeps every local in one) and returns its
    /// result. Returns the header of each counted loop (index in the function's block order), in counter order; the
    /// trigger's kind is 1 + that position (0: calls). Returns none when the function cannot have OSR (varargs,
    /// setjmp, or no OSR slots given).
    @discardableResult
    public func instrumentForTierUp(_ functionName: String, counters: TierUpCounters) throws -> [Int] {
        guard let function = LLVMGetNamedFunction(module, functionName), LLVMIsDeclaration(function) == 0 else {
            throw LLVMError("cannot instrument '\(functionName)': no body")
        }
        let context = LLVMGetModuleContext(module)
        let builder = LLVMCreateBuilderInContext(context)!
        defer { LLVMDisposeBuilder(builder) }
        let int64 = LLVMInt64TypeInContext(context)!
        let int32 = LLVMInt32TypeInContext(context)!
        let pointer = LLVMPointerTypeInContext(context, 0)!
        var parameters: [LLVMTypeRef?] = [pointer, int32]
        let triggerType = LLVMFunctionType(LLVMVoidTypeInContext(context), &parameters, 2, 0)!
        let absolute = { (address: UInt64) in LLVMConstIntToPtr(LLVMConstInt(int64, address, 0), pointer)! }
        let counterArrayType = LLVMArrayType2(int64, UInt64(TierUpCounters.counterCount(loopCount: counters.loopCount)))!
        let counterArray = LLVMAddGlobal(module, counterArrayType, counters.symbol)!
        var initialValues: [LLVMValueRef?] = counters.initialValues.map { LLVMConstInt(int64, $0, 0) }
        LLVMSetInitializer(counterArray, LLVMConstArray2(int64, &initialValues, UInt64(initialValues.count)))
        LLVMSetVisibility(counterArray, LLVMHiddenVisibility)   // local to the unit: addressed PC-relative
        LLVMSetAlignment(counterArray, 64)                       // its own cache line
        let counterAddress = { (index: Int) -> LLVMValueRef in
            var indices: [LLVMValueRef?] = [LLVMConstInt(int64, 0, 0), LLVMConstInt(int64, UInt64(index), 0)]
            return LLVMConstInBoundsGEP2(counterArrayType, counterArray, &indices, 2)!
        }

        // The frame's state for OSR: arguments and entry-block allocas, taken before the entry block is split.
        let blocks = Array(llvmSequence(LLVMGetFirstBasicBlock(function), LLVMGetNextBasicBlock))
        let entryAllocas = Array(llvmSequence(LLVMGetFirstInstruction(blocks[0]), LLVMGetNextInstruction))
            .prefix { LLVMIsAAllocaInst($0) != nil }
        // Arguments the continuation may read: those used outside the entry block (which it never runs). clang's
        // code only stores arguments into allocas in its prologue; passing poison for those keeps them from staying
        // live (spilled once more on every call) just for the transfer call.
        let transferArguments: [LLVMValueRef?] = (0..<LLVMCountParams(function)).map { index in
            let parameter = LLVMGetParam(function, index)!
            let usedLater = llvmSequence(LLVMGetFirstUse(parameter), LLVMGetNextUse).contains { use in
                LLVMGetUser(use).map { LLVMGetInstructionParent($0) != blocks[0] } ?? true
            }
            return usedLater ? parameter : LLVMGetPoison(LLVMTypeOf(parameter))
        }
        let functionType = LLVMGlobalGetValueType(function)!
        let osrPossible = counters.osrSlots != 0 && LLVMIsFunctionVarArg(functionType) == 0 && !callsReturnsTwice(function)
        var continuationType: LLVMTypeRef?
        if osrPossible {
            var parameterTypes = [LLVMTypeRef?](repeating: nil, count: Int(LLVMCountParamTypes(functionType)))
            parameterTypes.withUnsafeMutableBufferPointer { LLVMGetParamTypes(functionType, $0.baseAddress) }
            parameterTypes += [LLVMTypeRef?](repeating: pointer, count: entryAllocas.count)
            continuationType = LLVMFunctionType(LLVMGetReturnType(functionType), &parameterTypes, UInt32(parameterTypes.count), 0)
        }

        // Loop counters on x86-64 are an asm goto naming the counter array (see `count`): two instructions, where
        // plain IR takes five (load, subtract, store, compare, branch). Entry counters, where a call-counting thunk
        // does not count calls, stay plain IR: an inline asm costs each function that has one ~5% more tier-0 compile
        // work, worth it in loops, which run many times per call, not at every entry.
        let escapedSymbol = counters.symbol.map { $0 == "$" ? "$$" : String($0) }.joined()   // `$` is asm's escape
        let loopDecrement: ((Int) -> String)? = String(cString: LLVMGetTarget(module)).hasPrefix("x86_64")
            && counters.symbol.utf8.allSatisfy({ $0 == UInt8(ascii: "$") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_")
                                                || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) })
            ? { offset in "decq \"\(escapedSymbol)\"+\(offset)(%rip)" } : nil
        /// The slow path of a count: with OSR, poll the loop's slot (transfer into a ready continuation, or call the
        /// trigger the first time); without, call the trigger. Then on to `continuation`.
        func buildSlowPath(counter: Int, osrSlot: Int?, slowBlock: LLVMBasicBlockRef, triggerBlock: LLVMBasicBlockRef,
                           continuation: LLVMBasicBlockRef) {
            if let slot = osrSlot, let continuationType {
                LLVMPositionBuilderAtEnd(builder, slowBlock)
                let target = LLVMBuildLoad2(builder, pointer, absolute(counters.osrSlots + UInt64(slot * 8)), "hotjit.osr.target")
                let ready = LLVMBuildICmp(builder, LLVMIntNE, target, LLVMConstNull(pointer), "hotjit.osr.ready")
                let transfer = LLVMAppendBasicBlockInContext(context, function, "hotjit.osr.transfer")!
                let firstTime = LLVMAppendBasicBlockInContext(context, function, "hotjit.osr.first")!
                LLVMBuildCondBr(builder, ready, transfer, firstTime)
                LLVMPositionBuilderAtEnd(builder, firstTime)
                let now = LLVMBuildLoad2(builder, int64, counterAddress(counter), "hotjit.count.now")
                let first = LLVMBuildICmp(builder, LLVMIntEQ, now, LLVMConstInt(int64, 0, 0), "hotjit.first")
                LLVMBuildCondBr(builder, first, triggerBlock, continuation)
                LLVMPositionBuilderAtEnd(builder, transfer)
                let entries = LLVMBuildLoad2(builder, int64, absolute(counters.osrEntries), "")
                LLVMBuildStore(builder, LLVMBuildAdd(builder, entries, LLVMConstInt(int64, 1, 0), ""), absolute(counters.osrEntries))
                var arguments: [LLVMValueRef?] = transferArguments + entryAllocas.map { Optional($0) }
                let result = LLVMBuildCall2(builder, continuationType, target, &arguments, UInt32(arguments.count), "")
                if LLVMGetTypeKind(LLVMGetReturnType(functionType)) == LLVMVoidTypeKind { LLVMBuildRetVoid(builder) }
                else { LLVMBuildRet(builder, result) }
            }
            LLVMPositionBuilderAtEnd(builder, triggerBlock)
            var arguments: [LLVMValueRef?] = [absolute(counters.context), LLVMConstInt(int32, UInt64(counter), 0)]
            LLVMBuildCall2(builder, triggerType, absolute(counters.trigger), &arguments, 2, "")
            LLVMBuildBr(builder, continuation)
        }

        func count(at block: LLVMBasicBlockRef, into continuation: LLVMBasicBlockRef, counter: Int, osrSlot: Int? = nil) {
            LLVMPositionBuilderAtEnd(builder, block)
            let osr = osrSlot != nil && continuationType != nil
            let triggerBlock = LLVMAppendBasicBlockInContext(context, function, "hotjit.trigger")!
            let slowBlock = osr ? LLVMAppendBasicBlockInContext(context, function, "hotjit.osr.poll")! : triggerBlock
            let onward = jumpTarget(of: continuation)
            if counter > 0, let loopDecrement {
                // The decrement and its test in one asm goto, `decq counter(%rip); jg onward` (`jne` without OSR: the
                // trigger fires at zero only), in a block of its own so that only it leaves FastISel for
                // SelectionDAG. The fast path is the taken jump: SelectionDAG at -O0 ends the block with an explicit
                // jump to its fall-through successor even when that is the next block, so that one is the slow path.
                // (FastISel elides a jump to the next block unless it is the block's only instruction: an empty
                // latch, clang's `for.cond` jumps, takes the asm goto itself.)
                var countBlock = block
                if LLVMGetFirstInstruction(block) != nil {
                    countBlock = LLVMAppendBasicBlockInContext(context, function, "hotjit.count")!
                    LLVMMoveBasicBlockAfter(countBlock, block)
                    LLVMBuildBr(builder, countBlock)
                    LLVMPositionBuilderAtEnd(builder, countBlock)
                }
                let code = loopDecrement(counter * 8) + "; \(osr ? "jg" : "jne") ${0:l}"
                let constraints = "!i,~{dirflag},~{fpsr},~{flags}"
                let asmType = LLVMFunctionType(LLVMVoidTypeInContext(context), nil, 0, 0)
                let asm = LLVMGetInlineAsm(asmType, code, code.utf8.count, constraints, constraints.utf8.count, 1, 0,
                                           LLVMInlineAsmDialectATT, 0)
                var fastPath: [LLVMBasicBlockRef?] = [onward]
                LLVMBuildCallBr(builder, asmType, asm, slowBlock, &fastPath, 1, nil, 0, nil, 0, "")
                LLVMMoveBasicBlockAfter(slowBlock, countBlock)
                buildSlowPath(counter: counter, osrSlot: osrSlot, slowBlock: slowBlock, triggerBlock: triggerBlock,
                              continuation: continuation)
                return
            }
            let old = LLVMBuildLoad2(builder, int64, counterAddress(counter), "hotjit.count")
            let new = LLVMBuildSub(builder, old, LLVMConstInt(int64, 1, 0), "hotjit.count.next")!
            LLVMBuildStore(builder, new, counterAddress(counter))
            // With OSR the slow path runs on every back-edge from the threshold on (it polls the slot); without, once.
            let zero = LLVMConstInt(int64, 0, 0)
            let branch: LLVMValueRef
            // Laid out so the fast path costs no jump of its own: it falls through into the continuation, or (a latch
            // that only jumps to its header) its conditional branch is that jump and the slow path falls through.
            if onward == continuation {
                LLVMMoveBasicBlockAfter(continuation, block)
                let hot = LLVMBuildICmp(builder, osr ? LLVMIntSLE : LLVMIntEQ, new, zero, "hotjit.hot")
                branch = LLVMBuildCondBr(builder, hot, slowBlock, continuation)
            } else {
                LLVMMoveBasicBlockAfter(slowBlock, block)
                let cold = LLVMBuildICmp(builder, osr ? LLVMIntSGT : LLVMIntNE, new, zero, "hotjit.cold")
                branch = LLVMBuildCondBr(builder, cold, onward, slowBlock)
            }
            // Hot paths are the exception: say so (for anything that reads the weights).
            let likely = LLVMValueAsMetadata(LLVMConstInt(int32, 1 << 20, 0)), unlikely = LLVMValueAsMetadata(LLVMConstInt(int32, 1, 0))
            let weights = onward == continuation ? [unlikely, likely] : [likely, unlikely]
            let name = "branch_weights"
            var operands: [LLVMMetadataRef?] = [LLVMMDStringInContext2(context, name, name.utf8.count)] + weights
            LLVMSetMetadata(branch, LLVMGetMDKindIDInContext(context, "prof", 4),
                            LLVMMetadataAsValue(context, LLVMMDNodeInContext2(context, &operands, operands.count)))
            buildSlowPath(counter: counter, osrSlot: osrSlot, slowBlock: slowBlock, triggerBlock: triggerBlock,
                          continuation: continuation)
        }

        var headers: [Int] = []
        for (latch, header) in backEdges(of: function) {
            let headerIndex = blocks.firstIndex(of: header)!
            var loop = headers.firstIndex(of: headerIndex)
            if loop == nil, headers.count < counters.loopCount {
                headers.append(headerIndex)
                loop = headers.count - 1
            }
            let continuation = splitBlock(latch, before: LLVMGetBasicBlockTerminator(latch)!, builder: builder)
            count(at: latch, into: continuation, counter: 1 + (loop ?? counters.loopCount), osrSlot: loop)
        }
        // The entry count (none where a call-counting thunk counts calls) goes after the prologue clang writes: the
        // allocas, and the stores of arguments (and constants) into them. Left in the entry block, those stores let
        // the code generator use an argument's stack slot as its alloca; moved behind the count, every argument would
        // be spilled and copied once more.
        if counters.countsCalls {
            let entry = LLVMGetEntryBasicBlock(function)!
            var firstInBody = LLVMGetFirstInstruction(entry)
            while let instruction = firstInBody, LLVMIsAAllocaInst(instruction) != nil || isPrologueStore(instruction) {
                firstInBody = LLVMGetNextInstruction(instruction)
            }
            let body = splitBlock(entry, before: firstInBody!, builder: builder)
            count(at: entry, into: body, counter: 0)
        }
        return continuationType != nil ? headers : []
    }

    /// Where the fast path may jump: past `block` when it holds nothing but a jump to a block without PHIs (a loop
    /// latch's `br label %header`), saving that jump at -O0; otherwise `block` itself.
    private func jumpTarget(of block: LLVMBasicBlockRef) -> LLVMBasicBlockRef {
        guard let only = LLVMGetFirstInstruction(block), only == LLVMGetBasicBlockTerminator(block),
              LLVMIsABranchInst(only) != nil, LLVMIsConditional(only) == 0, let target = LLVMGetSuccessor(only, 0),
              LLVMIsAPHINode(LLVMGetFirstInstruction(target)) == nil else { return block }
        return target
    }

    /// A store of an argument or a constant into an alloca: clang's prologue.
    private func isPrologueStore(_ instruction: LLVMValueRef) -> Bool {
        guard LLVMIsAStoreInst(instruction) != nil, LLVMGetVolatile(instruction) == 0,
              let value = LLVMGetOperand(instruction, 0), let address = LLVMGetOperand(instruction, 1) else { return false }
        return LLVMIsAAllocaInst(address) != nil && (LLVMIsAArgument(value) != nil || LLVMIsAConstant(value) != nil)
    }

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
    func splitBlock(_ block: LLVMBasicBlockRef, before instruction: LLVMValueRef, builder: LLVMBuilderRef) -> LLVMBasicBlockRef {
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
        for successor in successors {
            var phi = LLVMGetFirstInstruction(successor)
            while let node = phi, LLVMIsAPHINode(node) != nil {
                let next = LLVMGetNextInstruction(node)
                LLVMPositionBuilderBefore(builder, node)
                let replacement = LLVMBuildPhi(builder, LLVMTypeOf(node), "")!
                for index in 0..<LLVMCountIncoming(node) {
                    var value = LLVMGetIncomingValue(node, index)
                    var incoming = LLVMGetIncomingBlock(node, index)
                    if incoming == block { incoming = tail }
                    LLVMAddIncoming(replacement, &value, &incoming, 1)
                }
                LLVMReplaceAllUsesWith(node, replacement)
                LLVMInstructionEraseFromParent(node)
                phi = next
            }
        }
        return tail
    }
}
