import HotJITEmitters
import HotJITBase

/// A fixed-size table of stubs, each jumping through its own pointer slot. The stubs are the public addresses of
/// functions (`&foo` everywhere is the stub); re-pointing a slot redirects every caller at once, atomically.
/// Stubs live in read+execute pages, slots in read-write pages of the same mapping: a mapping of its own, or a run
/// of a slab that many tables share (`StubTable.slabs(for:)`).
public final class StubTable: @unchecked Sendable {
    public let emitter: any ArchEmitter
    public let count: Int
    private let span: TableSpan

    /// Slabs of stubs for `emitter`'s architecture, for tables that share mappings (`entriesPerSlab`: see
    /// `TableSlabs.init`).
    public static func slabs(for emitter: any ArchEmitter, entriesPerSlab: Int? = nil) -> TableSlabs {
        TableSlabs(entryCodeSize: emitter.stubSize, entryDataSize: 8,
                   flushInstructionCache: emitter.needsInstructionCacheFlush,
                   entriesPerSlab: entriesPerSlab) { address, slots, count in
            try emitter.emitStubs(at: address, slots: slots, count: count)
        }
    }

    /// `count` stubs in a mapping of their own, whose slots all start at `initialTarget` (0 leaves them null; use
    /// `setTarget`).
    public convenience init(emitter: any ArchEmitter, count: Int, initialTarget: UInt64 = 0) throws {
        try self.init(emitter: emitter, slabs: StubTable.slabs(for: emitter, entriesPerSlab: count), count: count,
                      initialTarget: initialTarget)
    }

    /// `count` stubs taken from `slabs` (made by `slabs(for: emitter)`); they go back when the table is freed.
    public init(emitter: any ArchEmitter, slabs: TableSlabs, count: Int, initialTarget: UInt64 = 0) throws {
        precondition(count > 0, "a stub table needs at least one stub")
        precondition(slabs.entryCodeSize == emitter.stubSize && slabs.entryDataSize == 8, "slabs of another kind")
        self.emitter = emitter
        self.count = count
        span = try slabs.allocate(count)
        if initialTarget != 0 { for index in 0..<count { span.dataWord(index).pointee = initialTarget } }
    }

    /// Address of stub `index`: what callers call.
    public func stubAddress(_ index: Int) -> UInt64 {
        precondition(index >= 0 && index < count, "stub index out of range")
        return span.codeAddress(index)
    }

    /// Points stub `index` at `target` (atomic; callers already inside the old target are unaffected).
    public func setTarget(_ index: Int, _ target: UInt64) {
        precondition(index >= 0 && index < count, "stub index out of range")
        Atomics.storeRelease(span.dataWord(index), target)
    }

    /// Points stub `index` at `target` only if it still jumps to `expected` (atomic): a caller that steps a slot past
    /// something must not undo a newer target someone else installed meanwhile. Returns whether it did.
    @discardableResult
    public func replaceTarget(_ index: Int, expected: UInt64, with target: UInt64) -> Bool {
        precondition(index >= 0 && index < count, "stub index out of range")
        return Atomics.compareExchange(span.dataWord(index), expected: expected, desired: target)
    }

    /// Where stub `index` currently jumps.
    public func target(_ index: Int) -> UInt64 {
        precondition(index >= 0 && index < count, "stub index out of range")
        return Atomics.loadAcquire(span.dataWord(index))
    }

    /// Whether `address` lies inside this table's stubs; returns the stub index.
    public func stubIndex(containing address: UInt64) -> Int? {
        let stubs = span.codeRange
        guard stubs.contains(address) else { return nil }
        return Int((address - stubs.lowerBound) / UInt64(emitter.stubSize))
    }

    /// The table's stubs (RX) and slots (RW), for tests and debuggers.
    public var codeRange: Range<UInt64> { span.codeRange }
    public var slotRange: Range<UInt64> { span.dataRange }
}
