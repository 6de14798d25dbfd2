import HotJITEmitters
import HotJITBase

/// A fixed-size table of stubs, each jumping through its own pointer slot. The stubs are the public addresses of
/// functions (`&foo` everywhere is the stub); re-pointing a slot redirects every caller at once, atomically.
/// Stubs live in read+execute pages, slots in read-write pages of the same mapping.
public final class StubTable: @unchecked Sendable {
    public let emitter: any ArchEmitter
    public let count: Int
    private let mapping: CodeAndDataMapping

    /// Emits `count` stubs whose slots all start at `initialTarget` (0 leaves them null; use `setTarget`).
    public init(emitter: any ArchEmitter, count: Int, initialTarget: UInt64 = 0) throws {
        precondition(count > 0, "a stub table needs at least one stub")
        self.emitter = emitter
        self.count = count
        mapping = try CodeAndDataMapping(codeBytes: count * emitter.stubSize, dataBytes: count * 8)
        let code = try emitter.emitStubs(at: mapping.base, slots: mapping.dataBase, count: count)
        mapping.writeCode(code, at: 0)
        for index in 0..<count { mapping.dataWord(at: index * 8).pointee = initialTarget }
        try mapping.sealCode(flushInstructionCache: emitter.needsInstructionCacheFlush)
    }

    /// Address of stub `index`: what callers call.
    public func stubAddress(_ index: Int) -> UInt64 {
        precondition(index >= 0 && index < count, "stub index out of range")
        return mapping.base + UInt64(index * emitter.stubSize)
    }

    /// Points stub `index` at `target` (atomic; callers already inside the old target are unaffected).
    public func setTarget(_ index: Int, _ target: UInt64) {
        precondition(index >= 0 && index < count, "stub index out of range")
        Atomics.storeRelease(mapping.dataWord(at: index * 8), target)
    }

    /// Points stub `index` at `target` only if it still jumps to `expected` (atomic): a caller that steps a slot past
    /// something must not undo a newer target someone else installed meanwhile. Returns whether it did.
    @discardableResult
    public func replaceTarget(_ index: Int, expected: UInt64, with target: UInt64) -> Bool {
        precondition(index >= 0 && index < count, "stub index out of range")
        return Atomics.compareExchange(mapping.dataWord(at: index * 8), expected: expected, desired: target)
    }

    /// Where stub `index` currently jumps.
    public func target(_ index: Int) -> UInt64 {
        precondition(index >= 0 && index < count, "stub index out of range")
        return Atomics.loadAcquire(mapping.dataWord(at: index * 8))
    }

    /// Whether `address` lies inside this table's stubs; returns the stub index.
    public func stubIndex(containing address: UInt64) -> Int? {
        guard address >= mapping.base, address < mapping.base + UInt64(count * emitter.stubSize) else { return nil }
        return Int((address - mapping.base) / UInt64(emitter.stubSize))
    }

    /// The mapping's code range (stubs, RX) and data range (slots, RW), for tests and debuggers.
    public var codeRange: Range<UInt64> { mapping.base..<(mapping.base + UInt64(mapping.codeSize)) }
    public var slotRange: Range<UInt64> { mapping.dataBase..<(mapping.dataBase + UInt64(mapping.dataSize)) }
}
