/// AArch64 (AAPCS64, Linux): stubs, trampolines and the resolver block.
///
/// Stub (16 bytes), supports a slot within ±4 GiB of the stub (the reach of `adrp`; beyond it `emitStubs` throws
/// `EmitterError.outOfRange`), so stubs and their slots may live in separate mappings megabytes apart:
///
///     adrp x16, slot@page ; ldr x16, [x16, slot@pageoff] ; br x16 ; brk #0
///
/// Only x16 (IP0) is touched: AAPCS64 lets any call clobber x16/x17 (linker veneers do). The jump is `br x16` rather
/// than through another register because a BTI landing pad `bti c` accepts `br` only from x16/x17.
///
/// Trampoline (8 bytes), the resolver within ±128 MiB (`bl`'s reach; one resolver per trampoline block keeps it near):
///
///     mov x17, x30 ; bl resolver
///
/// `bl` overwrites the link register, yet the target must return to the original caller. So the trampoline parks the
/// original LR in x17 (IP1: like x16, free to clobber at a call boundary and unused by the stub) and `bl`'s own return
/// address, trampoline + 8, is the identity the resolver hands to `reentry`.
///
/// Resolver (128 bytes): entered with x30 = identity, x17 = original LR, sp = the caller's sp. It builds one 224-byte
/// frame: a frame record {x29, original LR} (so backtraces through the resolver show the real caller), x0-x7
/// (arguments), x8 (indirect result location), x18 (the static chain LLVM and GCC use for `nest`), and q0-q7 in full
/// 128 bits (FP/SIMD arguments). It then calls `reentry(context, identity)` through x16, keeps the returned target in
/// x16, restores everything, and reloads x30 from the frame record, i.e. the original LR, before `br x16`: the target
/// runs with every argument register, sp and x30 exactly as the original caller left them. Both 64-bit operands are
/// literals at the end of the block. Stack args are untouched, since the frame lies below the caller's sp.
///
/// Not preserved: SVE z/p registers of `aarch64_sve_pcs` functions (q0-q7 are their low 128 bits only) and SME state.
public struct AArch64Emitter: ArchEmitter {
    /// The registers the resolver preserves for the target.
    public enum SavedRegister: String, CaseIterable, Sendable {
        case x0, x1, x2, x3, x4, x5, x6, x7, x8, x18
        case q0, q1, q2, q3, q4, q5, q6, q7
    }

    public init() {}

    public var architecture: Architecture { .aarch64 }
    public var stubSize: Int { 16 }
    public var trampolineSize: Int { 8 }
    public var resolverSize: Int { 128 }
    public var codeAlignment: Int { 16 }
    /// The `bl` at trampoline + 4 leaves trampoline + 8 in x30.
    public var trampolineIdentityOffset: Int { 8 }
    /// AArch64 instruction fetch is not coherent with data writes: the runtime must clean the D-cache to the point of
    /// unification and invalidate the I-cache (`__builtin___clear_cache` does `dc cvau`/`ic ivau`/`dsb ish`/`isb`).
    public var needsInstructionCacheFlush: Bool { true }

    /// The frame the resolver builds: frame record, x-register pairs, then q-register pairs.
    private static let xPairs: [(SavedRegister, SavedRegister)] = [(.x0, .x1), (.x2, .x3), (.x4, .x5), (.x6, .x7),
                                                                   (.x8, .x18)]
    private static let qPairs: [(SavedRegister, SavedRegister)] = [(.q0, .q1), (.q2, .q3), (.q4, .q5), (.q6, .q7)]
    private static let xArea = 16
    private static let qArea = xArea + 16 * xPairs.count     // 96, 16-aligned for the q stores
    private static let frameSize = qArea + 32 * qPairs.count // 224, keeps sp 16-aligned

    /// The architectural register number of a saved register (x or q file).
    private static func number(_ register: SavedRegister) -> UInt32 { UInt32(register.rawValue.dropFirst())! }

    public func emitResolver(at address: UInt64, reentry: UInt64, context: UInt64) throws -> [UInt8] {
        try checkAligned(address)
        var code: [UInt32] = []
        let frame = Self.frameSize
        code.append(A64.pairX(load: false, 29, 17, A64.sp, offset: -frame,
                              mode: .preIndex))                                            // stp x29, x17, [sp, #-224]!
        code.append(A64.addImmediate(29, A64.sp, 0))                                       // mov x29, sp
        for (index, (a, b)) in Self.xPairs.enumerated() {
            code.append(A64.pairX(load: false, Self.number(a), Self.number(b), A64.sp, offset: Self.xArea + 16 * index))
        }
        for (index, (a, b)) in Self.qPairs.enumerated() {
            code.append(A64.pairQ(load: false, Self.number(a), Self.number(b), A64.sp, offset: Self.qArea + 32 * index))
        }
        // Literal loads are patched once the literal pool's position is known.
        let contextLoad = code.count; code.append(0)                                      // ldr x0, =context
        code.append(A64.mov(1, 30))                                                        // mov x1, x30 (identity)
        let reentryLoad = code.count; code.append(0)                                      // ldr x16, =reentry
        code.append(A64.blr(16))                                                           // blr x16
        code.append(A64.mov(16, 0))                                                        // mov x16, x0 (target)
        for (index, (a, b)) in Self.qPairs.enumerated().reversed() {
            code.append(A64.pairQ(load: true, Self.number(a), Self.number(b), A64.sp, offset: Self.qArea + 32 * index))
        }
        for (index, (a, b)) in Self.xPairs.enumerated().reversed() {
            code.append(A64.pairX(load: true, Self.number(a), Self.number(b), A64.sp, offset: Self.xArea + 16 * index))
        }
        code.append(A64.pairX(load: true, 29, 30, A64.sp, offset: frame, mode: .postIndex)) // ldp x29, x30, [sp], #224
        code.append(A64.br(16))                                                            // br x16
        if code.count % 2 == 1 { code.append(A64.brk0) }                                  // 8-align the literal pool
        let pool = code.count * 4
        code[contextLoad] = A64.ldrLiteral(0, delta: Int64(pool - contextLoad * 4))
        code[reentryLoad] = A64.ldrLiteral(16, delta: Int64(pool + 8 - reentryLoad * 4))

        var w = ByteWriter(capacity: resolverSize)
        for word in code { w.append32(word) }
        w.append64(context)
        w.append64(reentry)
        precondition(w.count <= resolverSize, "AArch64 resolver outgrew its reserved size")
        while w.count < resolverSize { w.append32(A64.brk0) }
        return w.bytes
    }

    public func emitTrampolines(at address: UInt64, resolver: UInt64, count: Int) throws -> [UInt8] {
        try checkBlocks(at: address, count: count, size: trampolineSize)
        try checkAligned(address)
        try checkAligned(resolver)
        var w = ByteWriter(capacity: count * trampolineSize)
        for index in 0..<count {
            let call = address + UInt64(index * trampolineSize) + 4
            let delta = Int64(bitPattern: resolver &- call)
            guard delta >= -(1 << 27), delta < (1 << 27) else {
                throw EmitterError.outOfRange(from: call, to: resolver, limit: 1 << 27)
            }
            w.append32(A64.mov(17, 30))          // mov x17, x30
            w.append32(A64.bl(delta: delta))      // bl resolver
        }
        return w.bytes
    }

    public func emitStubs(at address: UInt64, slots: UInt64, count: Int) throws -> [UInt8] {
        try blocks(at: address, size: stubSize, data: slots, stride: 8, count: count) { w, stub, slot in
            w.append32(A64.adrp(16, pageDelta: try pageDelta(from: stub, to: slot)))  // adrp x16, slot@page
            w.append32(A64.ldrX(16, 16, offset: Int(slot & 0xFFF)))              // ldr x16, [x16, slot@pageoff]
            w.append32(A64.br(16))                                               // br x16
            w.append32(A64.brk0)                                                 // brk #0
        }
    }

    /// `count` blocks of `size` bytes from `address`; `body` appends block `i` given its address and that of its data
    /// (`data + stride * i`), which it reaches with `adrp` and scaled 64-bit loads, hence the 8-byte alignment.
    private func blocks(at address: UInt64, size: Int, data: UInt64, stride: Int, count: Int,
                        _ body: (inout ByteWriter, UInt64, UInt64) throws -> Void) throws -> [UInt8] {
        try checkBlocks(at: address, count: count, size: size)
        try checkBlocks(at: data, count: count, size: stride)
        try checkAligned(address)
        guard data % 8 == 0 else { throw EmitterError.misaligned(address: data, alignment: 8) }
        var w = ByteWriter(capacity: count * size)
        for index in 0..<count {
            try body(&w, address + UInt64(index * size), data + UInt64(index * stride))
        }
        return w.bytes
    }

    /// The `adrp` operand that reaches `target` from an instruction at `pc`: the difference of their 4 KiB page
    /// numbers, which must fit 21 signed bits (±4 GiB).
    private func pageDelta(from pc: UInt64, to target: UInt64) throws -> Int64 {
        let delta = Int64(bitPattern: (target >> 12) &- (pc >> 12))
        guard delta >= -(1 << 20), delta < (1 << 20) else {
            throw EmitterError.outOfRange(from: pc, to: target, limit: 1 << 32)
        }
        return delta
    }

    private func checkAligned(_ address: UInt64) throws {
        guard address % 4 == 0 else { throw EmitterError.misaligned(address: address, alignment: 4) }
    }
}

/// Call-counting thunk (48 bytes: 9 instructions and `brk #0` padding, so every thunk starts 16-byte aligned like the
/// other blocks), the record within ±4 GiB (`adrp`'s reach, as for the stubs; beyond it `emitCountingThunks` throws
/// `EmitterError.outOfRange`):
///
///     adrp x16, record@page ; ldr x17, [x16, record@pageoff] ; subs x17, x17, #1 ; str x17, [x16, record@pageoff]
///     b.le 1f ; ldr x16, [x16, record@pageoff + 8] ; br x16
///     1: ldr x16, [x16, record@pageoff + 16] ; br x16
///
/// The page offset folds into the three loads' and the store's immediates (scaled by 8, hence 8-aligned records), so
/// no `add` is needed. Touches only x16, x17 (IP0/IP1, free at a call boundary) and the flags; x30 still holds the
/// original caller's return address when target or trigger runs. `subs` sets the flags of a signed compare of the old
/// counter with 1, so `b.le` takes the trigger exactly when the new value is zero or below. Both exits are `br x16`:
/// a BTI landing pad `bti c` accepts `br` only from x16/x17.
extension AArch64Emitter: CallCountingThunkEmitter {
    public var countingThunkSize: Int { 48 }

    public func emitCountingThunks(at address: UInt64, records: UInt64, count: Int) throws -> [UInt8] {
        try blocks(at: address, size: countingThunkSize, data: records, stride: countingRecordSize, count: count) {
            w, thunk, record in
            let offset = Int(record & 0xFFF)
            w.append32(A64.adrp(16, pageDelta: try pageDelta(from: thunk, to: record)))  // adrp x16, record@page
            w.append32(A64.ldrX(17, 16, offset: offset))                                // ldr x17, [x16, counter]
            w.append32(A64.subsImmediate(17, 17, 1))                                     // subs x17, x17, #1
            w.append32(A64.strX(17, 16, offset: offset))                                // str x17, [x16, counter]
            w.append32(A64.b(.le, delta: 12))                                            // b.le 1f
            w.append32(A64.ldrX(16, 16, offset: offset + 8))                            // ldr x16, [x16, target]
            w.append32(A64.br(16))                                                       // br x16
            w.append32(A64.ldrX(16, 16, offset: offset + 16))                           // 1: ldr x16, [x16, trigger]
            w.append32(A64.br(16))                                                       // br x16
            w.pad(to: countingThunkSize, withWord: A64.brk0)                            // brk #0 ...
        }
    }
}
