// Why this file exists: tier-0 code must find out for itself which functions and loops are hot, and hand a hot loop's
// running frame to optimized code (OSR). This pass adds that counting and that hand-over to a tier-0 unit.
import CLLVM

extension IRModule {
    /// Instruments `function` in the classic shape `if (--count == 0) trigger(context, kind)`: once at entry (after
    /// the entry block's allocas, which stay static; not when `countsCalls` is off: a call-counting thunk counts) and
    /// on every loop back-edge (an edge to a block on the depth-first search stack: at the end of a latch that only
    /// jumps back, in a block of its own on the edge from one that may also leave), each loop header with a counter
    /// of its own. No atomics, no calls on the fast path: a load, a subtract, a store, a compare and a branch (for
    /// loops on x86-64, `decq counter(%rip); jg header`). Counts are racy by design (a lost decrement is harmless:
    /// the counter never skips a value, so zero is still met).
    ///
    /// On-stack replacement: past the back-edge threshold the slow path of a back-edge also loads its loop header's
    /// OSR slot; once an optimized continuation for that header is there, the frame calls it with its arguments and
    /// the addresses of its entry-block allocas (its state at -O0: clang keeps almost every local in one), then the
    /// SSA values from before the loop that the loop uses (`osrLiveIns`: a VLA's address) and the values the
    /// header's PHIs take on that edge, and returns its result. A back-edge those values do not all reach (in an
    /// irreducible loop), or one that cannot have a block of its own, only counts. Returns each counted loop (its
    /// header and what its polls pass), in counter order; the trigger's kind is 1 + that position (0: calls).
    /// Returns none when the function cannot have OSR (varargs, setjmp, computed goto, or no OSR slots given).
    @discardableResult
    public func instrumentForTierUp(_ functionName: String, counters: TierUpCounters) throws -> [CountedLoop] {
        guard let function = LLVMGetNamedFunction(module, functionName), LLVMIsDeclaration(function) == 0 else {
            throw LLVMError("cannot instrument '\(functionName)': no body")
        }
        let instrumenter = TierUpInstrumenter(unit: self, function: function, counters: counters)
        let headers = instrumenter.countLoops()
        if counters.countsCalls { instrumenter.countEntry() }
        return instrumenter.osrPossible ? headers : []
    }
}

/// A loop that tier-0 code counts with a counter and an OSR slot of its own.
public struct CountedLoop: Equatable, Sendable {
    /// The loop's header, by index in the function's block order.
    public let header: Int
    /// What the loop's OSR polls pass to a continuation; nil when none of its back-edges polls (a continuation
    /// could never be entered).
    public let transfer: OSRTransferSignature?

    public init(header: Int, transfer: OSRTransferSignature?) {
        self.header = header
        self.transfer = transfer
    }
}

/// One function's instrumentation: the types, the counter array and the frame state its counts share.
private final class TierUpInstrumenter {
    let unit: IRModule
    let function: LLVMValueRef
    let counters: TierUpCounters
    let context: LLVMContextRef
    let builder: LLVMBuilderRef
    let int64: LLVMTypeRef
    let int32: LLVMTypeRef
    let pointer: LLVMTypeRef
    /// `void trigger(void *context, int32_t kind)`.
    let triggerType: LLVMTypeRef
    let counterArrayType: LLVMTypeRef
    let counterArray: LLVMValueRef
    /// The blocks as they were before instrumentation (loop headers are reported by index in this order).
    let blocks: [LLVMBasicBlockRef]
    /// The frame's state for OSR: the entry block's allocas and the arguments a continuation may read.
    let entryAllocas: [LLVMValueRef]
    let transferArguments: [LLVMValueRef?]
    /// Whether the function can have OSR at all (slots given, not variadic, no setjmp, no computed goto).
    let osrPossible: Bool
    /// The dominator tree of the uninstrumented function, for the values each loop's continuation needs. Made on
    /// first use, which is in `countLoops`' planning, before anything is changed; functions without a loop that can
    /// have OSR (most of them) never pay for it.
    private(set) lazy var dominators = Dominators(function, successors: unit.successors(of:))
    /// The transfer blocks built so far, by what their call passes (the continuation's type, then the poll's
    /// values), each with the PHI of the continuation it calls: polls that pass the same values share one. At -O0
    /// every poll passes the same allocas, hundreds in SQLite's interpreter loop, once per back-edge; shared, the
    /// call's argument set-up is in the code once.
    private var transferBlocks: [[UInt]: TransferBlock] = [:]
    private struct TransferBlock {
        let block: LLVMBasicBlockRef
        let target: LLVMValueRef
        let call: LLVMValueRef
    }

    init(unit: IRModule, function: LLVMValueRef, counters: TierUpCounters) {
        self.unit = unit
        self.function = function
        self.counters = counters
        let context = LLVMGetModuleContext(unit.module)!
        self.context = context
        builder = LLVMCreateBuilderInContext(context)!
        int64 = LLVMInt64TypeInContext(context)!
        int32 = LLVMInt32TypeInContext(context)!
        pointer = LLVMPointerTypeInContext(context, 0)!
        var parameters: [LLVMTypeRef?] = [pointer, int32]
        triggerType = LLVMFunctionType(LLVMVoidTypeInContext(context), &parameters, 2, 0)!
        (counterArrayType, counterArray) = Self.addCounterArray(to: unit.module, counters: counters, int64: int64)
        blocks = Array(llvmSequence(LLVMGetFirstBasicBlock(function), LLVMGetNextBasicBlock))
        entryAllocas = unit.osrEntryAllocas(of: function)
        transferArguments = Self.transferArguments(of: function, entry: blocks[0])
        let functionType = LLVMGlobalGetValueType(function)!
        // Polls where every continuation would be declined cost for nothing: in a computed-goto interpreter (Lua's
        // luaV_execute) every handler is a latch, and their polls made its tier-0 code 875 KB instead of 14 KB.
        osrPossible = counters.osrSlots != 0 && LLVMIsFunctionVarArg(functionType) == 0
            && !unit.callsReturnsTwice(function) && !unit.hasIndirectBranch(function)
    }

    deinit { LLVMDisposeBuilder(builder) }

    // MARK: - What the counts share

    /// The unit's own counter array, named `counters.symbol`, each counter at its threshold.
    private static func addCounterArray(to module: LLVMModuleRef, counters: TierUpCounters,
                                        int64: LLVMTypeRef) -> (LLVMTypeRef, LLVMValueRef) {
        let type = LLVMArrayType2(int64, UInt64(TierUpCounters.counterCount(loopCount: counters.loopCount)))!
        let array = LLVMAddGlobal(module, type, counters.symbol)!
        var initialValues: [LLVMValueRef?] = counters.initialValues.map { LLVMConstInt(int64, $0, 0) }
        LLVMSetInitializer(array, LLVMConstArray2(int64, &initialValues, UInt64(initialValues.count)))
        LLVMSetVisibility(array, LLVMHiddenVisibility)   // local to the unit: addressed PC-relative
        LLVMSetAlignment(array, 64)                       // its own cache line
        return (type, array)
    }

    /// Arguments the continuation may read: those used outside the entry block (which it never runs). clang's code
    /// only stores arguments into allocas in its prologue; passing poison for those keeps them from staying live
    /// (spilled once more on every call) just for the transfer call.
    private static func transferArguments(of function: LLVMValueRef, entry: LLVMBasicBlockRef) -> [LLVMValueRef?] {
        (0..<LLVMCountParams(function)).map { index in
            let parameter = LLVMGetParam(function, index)!
            let usedLater = llvmSequence(LLVMGetFirstUse(parameter), LLVMGetNextUse).contains { use in
                LLVMGetUser(use).map { LLVMGetInstructionParent($0) != entry } ?? true
            }
            return usedLater ? parameter : LLVMGetPoison(LLVMTypeOf(parameter))
        }
    }

    /// What the OSR poll of one loop passes: its live-in values, and the continuation's type (the function's
    /// parameters, one pointer per entry alloca, the live-ins' types, then those of the header's PHIs, whose values
    /// on the back-edge each latch passes last), and its signature. Nil when the loop's continuation will be
    /// declined anyway (a live-in that cannot be passed).
    private func transfer(into header: LLVMBasicBlockRef) -> Transfer? {
        guard let values = try? unit.osrLiveIns(of: function, header: header, dominators: dominators) else {
            return nil
        }
        let functionType = LLVMGlobalGetValueType(function)!
        var parameterTypes = [LLVMTypeRef?](repeating: nil, count: Int(LLVMCountParamTypes(functionType)))
        parameterTypes.withUnsafeMutableBufferPointer { LLVMGetParamTypes(functionType, $0.baseAddress) }
        parameterTypes += [LLVMTypeRef?](repeating: pointer, count: entryAllocas.count)
        parameterTypes += values.map { LLVMTypeOf($0) }
        parameterTypes += llvmSequence(LLVMGetFirstInstruction(header), LLVMGetNextInstruction)
            .prefix { LLVMIsAPHINode($0) != nil }.map { LLVMTypeOf($0) }
        let type = LLVMFunctionType(LLVMGetReturnType(functionType), &parameterTypes, UInt32(parameterTypes.count), 0)!
        return Transfer(values: values, type: type,
                        signature: unit.osrTransferSignature(of: function, liveIns: values, continuationType: type))
    }

    /// What one loop's polls pass: the live-ins before the header PHIs' values, and the continuation's type.
    private struct Transfer {
        let values: [LLVMValueRef]
        let type: LLVMTypeRef
        let signature: OSRTransferSignature
    }

    private func absolute(_ address: UInt64) -> LLVMValueRef {
        LLVMConstIntToPtr(LLVMConstInt(int64, address, 0), pointer)!
    }

    /// The run's address `address`, or, with symbols (`TierUpCounters.symbols`), the symbol `symbol` plus `offset`.
    private func runtimeAddress(_ address: UInt64, symbol: KeyPath<TierUpCounters.Symbols, String>,
                                offset: UInt64 = 0) -> LLVMValueRef {
        guard let symbols = counters.symbols else { return absolute(address + offset) }
        let name = symbols[keyPath: symbol]
        let global = LLVMGetNamedGlobal(unit.module, name) ?? LLVMAddGlobal(unit.module, LLVMInt8TypeInContext(context),
                                                                            name)!
        guard offset != 0 else { return global }
        var indices: [LLVMValueRef?] = [LLVMConstInt(int64, offset, 0)]
        return LLVMConstGEP2(LLVMInt8TypeInContext(context), global, &indices, 1)!
    }

    /// The tier-up trigger to call: its address, or its symbol (declared in the unit) with symbols.
    private var triggerFunction: LLVMValueRef {
        guard let name = counters.symbols?.trigger else { return absolute(counters.trigger) }
        return LLVMGetNamedFunction(unit.module, name) ?? LLVMAddFunction(unit.module, name, triggerType)!
    }

    private func counterAddress(_ index: Int) -> LLVMValueRef {
        var indices: [LLVMValueRef?] = [LLVMConstInt(int64, 0, 0), LLVMConstInt(int64, UInt64(index), 0)]
        return LLVMConstInBoundsGEP2(counterArrayType, counterArray, &indices, 2)!
    }

    // MARK: - Where counts go

    /// Counts every loop back-edge, each of the first `loopCount` headers with a counter (and OSR slot) of its own,
    /// further loops in the shared last counter. Returns the counted loops in counter order.
    func countLoops() -> [CountedLoop] {
        var headers: [Int] = []
        // Planned on the uninstrumented function first: splitting latches changes the blocks the plan is about.
        var plans: [(latch: LLVMBasicBlockRef, header: LLVMBasicBlockRef, loop: Int?, poll: OSRPoll?)] = []
        var transfers: [Int: Transfer?] = [:]
        var polled: [Int: OSRTransferSignature] = [:]
        for (latch, header) in unit.backEdges(of: function) {
            guard let headerIndex = blocks.firstIndex(of: header) else { continue }
            var loop = headers.firstIndex(of: headerIndex)
            if loop == nil, headers.count < counters.loopCount {
                headers.append(headerIndex)
                loop = headers.count - 1
            }
            var poll: OSRPoll?
            if let loop, osrPossible {
                if transfers[loop] == nil { transfers[loop] = transfer(into: header) }
                if let transfer = transfers[loop] ?? nil, transfer.values.allSatisfy({ value in
                    LLVMGetInstructionParent(value).map { dominators.dominates($0, latch) } ?? false
                }) {
                    // Then the values the header's PHIs take on this back-edge, in PHI order.
                    let phiValues = llvmSequence(LLVMGetFirstInstruction(header), LLVMGetNextInstruction)
                        .prefix { LLVMIsAPHINode($0) != nil }
                        .map { phi in
                            (0..<LLVMCountIncoming(phi)).first { LLVMGetIncomingBlock(phi, $0) == latch }
                                .flatMap { LLVMGetIncomingValue(phi, $0) } ?? LLVMGetPoison(LLVMTypeOf(phi))!
                        }
                    poll = OSRPoll(slot: loop, liveIns: transfer.values + phiValues, continuationType: transfer.type)
                    polled[loop] = transfer.signature
                }
            }
            plans.append((latch, header, loop, poll))
        }
        let held = holdLiveIns(of: plans.map(\.poll))
        defer { held.release() }
        for (index, plan) in plans.enumerated() {
            // Read back after this latch's own split too: it rebuilds the header's PHIs when the latch is the header.
            func poll() -> OSRPoll? {
                plan.poll.map { OSRPoll(slot: $0.slot, liveIns: held.values(of: index),
                                        continuationType: $0.continuationType) }
            }
            guard let terminator = LLVMGetBasicBlockTerminator(plan.latch) else { continue }
            let counter = 1 + (plan.loop ?? counters.loopCount)
            // The count and the poll go on the back-edge itself: a latch that may also leave the loop (a do-while's)
            // must not transfer into the header when it leaves, nor count a back-edge.
            if LLVMGetNumSuccessors(terminator) > 1 {
                if let edge = unit.splitEdge(from: plan.latch, to: plan.header, builder: builder),
                   let jump = LLVMGetBasicBlockTerminator(edge) {
                    let continuation = unit.splitBlock(edge, before: jump, builder: builder)
                    count(at: edge, into: continuation, counter: counter, poll: poll())
                    continue
                }
                // An edge that cannot be split: count the latch, and leave it without a poll.
                let continuation = unit.splitBlock(plan.latch, before: terminator, builder: builder)
                count(at: plan.latch, into: continuation, counter: counter)
                continue
            }
            let continuation = unit.splitBlock(plan.latch, before: terminator, builder: builder)
            count(at: plan.latch, into: continuation, counter: counter, poll: poll())
        }
        return headers.enumerated().map { CountedLoop(header: $0.element, transfer: polled[$0.offset]) }
    }

    /// The planned polls' live-in instructions, held through uses of their own while the latches are split:
    /// splitting a latch rebuilds the PHIs of its successors (`renameIncoming` replaces and erases each), and a PHI
    /// one of them is a live-in or a back-edge value of a poll not yet built would otherwise be passed as a freed value
    /// (a wrong pointer, or a corrupt unit). Each instruction gets a `freeze` of it in a block of its own, which the
    /// replacement's RAUW updates; the poll reads its values back from there, and `release` deletes the block.
    private func holdLiveIns(of polls: [OSRPoll?]) -> HeldLiveIns {
        let holder = LLVMAppendBasicBlockInContext(context, function, "hotjit.osr.held")!
        LLVMPositionBuilderAtEnd(builder, holder)
        let values: [[LLVMValueRef]] = polls.map { poll in
            (poll?.liveIns ?? []).map { value in
                LLVMIsAInstruction(value) != nil ? LLVMBuildFreeze(builder, value, "")! : value
            }
        }
        return HeldLiveIns(holder: holder, values: values)
    }

    /// See `holdLiveIns`.
    struct HeldLiveIns {
        let holder: LLVMBasicBlockRef
        let held: [[LLVMValueRef]]

        init(holder: LLVMBasicBlockRef, values: [[LLVMValueRef]]) { self.holder = holder; held = values }

        /// Plan `index`'s live-ins as they are now.
        func values(of index: Int) -> [LLVMValueRef] {
            held[index].map { value in
                LLVMIsAFreezeInst(value) != nil && LLVMGetInstructionParent(value) == holder
                    ? LLVMGetOperand(value, 0)! : value
            }
        }

        func release() {
            while let last = LLVMGetLastInstruction(holder) { LLVMInstructionEraseFromParent(last) }
            LLVMDeleteBasicBlock(holder)
        }
    }

    /// A latch's OSR poll: which slot it reads, and what it passes to the continuation found there.
    struct OSRPoll {
        let slot: Int
        let liveIns: [LLVMValueRef]
        let continuationType: LLVMTypeRef
    }

    /// The entry count goes after the prologue clang writes: the allocas, and the stores of arguments (and constants)
    /// into them. Left in the entry block, those stores let the code generator use an argument's stack slot as its
    /// alloca; moved behind the count, every argument would be spilled and copied once more.
    func countEntry() {
        guard let entry = LLVMGetEntryBasicBlock(function) else { return }
        var firstInBody = LLVMGetFirstInstruction(entry)
        while let instruction = firstInBody,
              LLVMIsAAllocaInst(instruction) != nil || Self.isPrologueStore(instruction) {
            firstInBody = LLVMGetNextInstruction(instruction)
        }
        guard let firstInBody else { return }
        let body = unit.splitBlock(entry, before: firstInBody, builder: builder)
        count(at: entry, into: body, counter: 0)
    }

    /// A store of an argument or a constant into an alloca: clang's prologue.
    private static func isPrologueStore(_ instruction: LLVMValueRef) -> Bool {
        guard LLVMIsAStoreInst(instruction) != nil, LLVMGetVolatile(instruction) == 0,
              let value = LLVMGetOperand(instruction, 0), let address = LLVMGetOperand(instruction, 1) else {
            return false
        }
        return LLVMIsAAllocaInst(address) != nil && (LLVMIsAArgument(value) != nil || LLVMIsAConstant(value) != nil)
    }

    // MARK: - One count

    /// Ends `block` (which has no terminator) with the count of `counter` and the way on to `continuation`.
    private func count(at block: LLVMBasicBlockRef, into continuation: LLVMBasicBlockRef, counter: Int,
                       poll: OSRPoll? = nil) {
        LLVMPositionBuilderAtEnd(builder, block)
        let osr = poll != nil
        let triggerBlock = LLVMAppendBasicBlockInContext(context, function, "hotjit.trigger")!
        let slowBlock = osr ? LLVMAppendBasicBlockInContext(context, function, "hotjit.osr.poll")! : triggerBlock
        let onward = Self.jumpTarget(of: continuation)
        countInIR(at: block, continuation: continuation, onward: onward, slowBlock: slowBlock, counter: counter,
                  osr: osr)
        buildSlowPath(counter: counter, poll: poll, slowBlock: slowBlock, triggerBlock: triggerBlock,
                      continuation: continuation)
    }

    /// Load, subtract, store, compare, branch. With OSR the slow path runs on every back-edge from the threshold on
    /// (it polls the slot); without, once. Laid out so the fast path costs no jump of its own: it falls through into
    /// the continuation, or (a latch that only jumps to its header) its conditional branch is that jump and the slow
    /// path falls through.
    private func countInIR(at block: LLVMBasicBlockRef, continuation: LLVMBasicBlockRef, onward: LLVMBasicBlockRef,
                           slowBlock: LLVMBasicBlockRef, counter: Int, osr: Bool) {
        let old = LLVMBuildLoad2(builder, int64, counterAddress(counter), "hotjit.count")
        let new = LLVMBuildSub(builder, old, LLVMConstInt(int64, 1, 0), "hotjit.count.next")!
        LLVMBuildStore(builder, new, counterAddress(counter))
        let zero = LLVMConstInt(int64, 0, 0)
        let branch: LLVMValueRef
        if onward == continuation {
            LLVMMoveBasicBlockAfter(continuation, block)
            let hot = LLVMBuildICmp(builder, osr ? LLVMIntSLE : LLVMIntEQ, new, zero, "hotjit.hot")
            branch = LLVMBuildCondBr(builder, hot, slowBlock, continuation)
        } else {
            LLVMMoveBasicBlockAfter(slowBlock, block)
            let cold = LLVMBuildICmp(builder, osr ? LLVMIntSGT : LLVMIntNE, new, zero, "hotjit.cold")
            branch = LLVMBuildCondBr(builder, cold, onward, slowBlock)
        }
        setBranchWeights(branch, fastPathFirst: onward != continuation)
    }

    /// Hot paths are the exception: say so (for anything that reads the weights).
    private func setBranchWeights(_ branch: LLVMValueRef, fastPathFirst: Bool) {
        let likely = LLVMValueAsMetadata(LLVMConstInt(int32, 1 << 20, 0))
        let unlikely = LLVMValueAsMetadata(LLVMConstInt(int32, 1, 0))
        let weights = fastPathFirst ? [likely, unlikely] : [unlikely, likely]
        let name = "branch_weights"
        var operands: [LLVMMetadataRef?] = [LLVMMDStringInContext2(context, name, name.utf8.count)] + weights
        LLVMSetMetadata(branch, LLVMGetMDKindIDInContext(context, "prof", 4),
                        LLVMMetadataAsValue(context, LLVMMDNodeInContext2(context, &operands, operands.count)))
    }

    /// The slow path of a count: with OSR, poll the loop's slot (transfer into a ready continuation, or call the
    /// trigger the first time); without, call the trigger. Then on to `continuation`.
    private func buildSlowPath(counter: Int, poll: OSRPoll?, slowBlock: LLVMBasicBlockRef,
                               triggerBlock: LLVMBasicBlockRef, continuation: LLVMBasicBlockRef) {
        if let poll {
            buildOSRPoll(counter: counter, poll: poll, pollBlock: slowBlock, triggerBlock: triggerBlock,
                         continuation: continuation)
        }
        LLVMPositionBuilderAtEnd(builder, triggerBlock)
        var arguments: [LLVMValueRef?] = [runtimeAddress(counters.context, symbol: \.context),
                                          LLVMConstInt(int32, UInt64(counter), 0)]
        LLVMBuildCall2(builder, triggerType, triggerFunction, &arguments, 2, "")
        LLVMBuildBr(builder, continuation)
    }

    /// Loads the loop's OSR slot: once a continuation is there, counts the transfer and returns what the continuation
    /// returns for this frame; before, calls the trigger the first time the count is met.
    private func buildOSRPoll(counter: Int, poll: OSRPoll, pollBlock: LLVMBasicBlockRef,
                              triggerBlock: LLVMBasicBlockRef, continuation: LLVMBasicBlockRef) {
        LLVMPositionBuilderAtEnd(builder, pollBlock)
        let slotAddress = runtimeAddress(counters.osrSlots, symbol: \.osrSlots, offset: UInt64(poll.slot * 8))
        let target = LLVMBuildLoad2(builder, pointer, slotAddress, "hotjit.osr.target")
        let ready = LLVMBuildICmp(builder, LLVMIntNE, target, LLVMConstNull(pointer), "hotjit.osr.ready")
        let transfer = transferBlock(for: poll)
        let firstTime = LLVMAppendBasicBlockInContext(context, function, "hotjit.osr.first")!
        LLVMBuildCondBr(builder, ready, transfer.block, firstTime)
        var incoming: [LLVMValueRef?] = [target]
        var from: [LLVMBasicBlockRef?] = [pollBlock]
        LLVMAddIncoming(transfer.target, &incoming, &from, 1)
        LLVMPositionBuilderAtEnd(builder, firstTime)
        let now = LLVMBuildLoad2(builder, int64, counterAddress(counter), "hotjit.count.now")
        let first = LLVMBuildICmp(builder, LLVMIntEQ, now, LLVMConstInt(int64, 0, 0), "hotjit.first")
        LLVMBuildCondBr(builder, first, triggerBlock, continuation)
    }

    /// The block that counts a transfer and returns what the continuation (its PHI `target`) returns for this
    /// frame, given what `poll` passes; made on first use. A value it passes dominates every poll that reaches it
    /// (each poll's values dominate its latch), so it dominates the shared block too.
    private func transferBlock(for poll: OSRPoll) -> TransferBlock {
        var arguments: [LLVMValueRef?] = transferArguments + (entryAllocas + poll.liveIns).map { Optional($0) }
        let key = ([poll.continuationType] + poll.liveIns).map { UInt(bitPattern: $0) }
        // Checked against the call itself: a value erased since (a latch split rebuilds PHIs) may have left its
        // address to another.
        if let made = transferBlocks[key],
           arguments.indices.allSatisfy({ LLVMGetOperand(made.call, UInt32($0)) == arguments[$0] }) {
            return made
        }
        let here = LLVMGetInsertBlock(builder)!
        defer { LLVMPositionBuilderAtEnd(builder, here) }
        let block = LLVMAppendBasicBlockInContext(context, function, "hotjit.osr.transfer")!
        LLVMPositionBuilderAtEnd(builder, block)
        let target = LLVMBuildPhi(builder, pointer, "hotjit.osr.continuation")!
        let entriesAddress = runtimeAddress(counters.osrEntries, symbol: \.osrEntries)
        let entries = LLVMBuildLoad2(builder, int64, entriesAddress, "")
        let incremented = LLVMBuildAdd(builder, entries, LLVMConstInt(int64, 1, 0), "")
        LLVMBuildStore(builder, incremented, entriesAddress)
        let result = LLVMBuildCall2(builder, poll.continuationType, target, &arguments, UInt32(arguments.count), "")!
        let returnType = LLVMGetReturnType(LLVMGlobalGetValueType(function))
        if LLVMGetTypeKind(returnType) == LLVMVoidTypeKind {
            LLVMBuildRetVoid(builder)
        } else {
            LLVMBuildRet(builder, result)
        }
        let made = TransferBlock(block: block, target: target, call: result)
        transferBlocks[key] = made
        return made
    }

    /// Where the fast path may jump: past `block` when it holds nothing but a jump to a block without PHIs (a loop
    /// latch's `br label %header`), saving that jump at -O0; otherwise `block` itself.
    private static func jumpTarget(of block: LLVMBasicBlockRef) -> LLVMBasicBlockRef {
        guard let only = LLVMGetFirstInstruction(block), only == LLVMGetBasicBlockTerminator(block),
              LLVMIsABranchInst(only) != nil, LLVMIsConditional(only) == 0, let target = LLVMGetSuccessor(only, 0),
              LLVMIsAPHINode(LLVMGetFirstInstruction(target)) == nil else { return block }
        return target
    }
}
