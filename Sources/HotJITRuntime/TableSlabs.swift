import HotJITBase

/// Shared mappings for tables of fixed-size code entries whose bytes depend only on their own address and on the
/// address of their data word(s): a stub and its slot, a call-counting thunk and its record. A slab is one
/// `CodeAndDataMapping` with every entry emitted and sealed (RX) when it is mapped, so handing out entries later
/// never writes code: a new table only takes a run of free entries and sets their data (RW).
///
/// Why: a table per module, each in its own mapping, costs two memory mappings and two touched pages per module;
/// 10,000 small modules would use a sixth of the kernel's default `vm.max_map_count`. Slabs make the mapping count
/// grow with the number of entries (one slab per 64 KiB of code), not with the number of tables.
///
/// Runs larger than a slab get a slab of their own, unmapped when the run is released. Thread-safe.
public final class TableSlabs: @unchecked Sendable {
    /// Emits `count` entries for code at `address` whose data starts at `data`.
    public typealias Emit = (_ address: UInt64, _ data: UInt64, _ count: Int) throws -> [UInt8]

    public let entryCodeSize: Int
    public let entryDataSize: Int
    /// Entries per shared slab.
    public let entriesPerSlab: Int
    private let emit: Emit
    private let flushInstructionCache: Bool
    private let lock = ConditionLock()
    private var shared: [Slab] = []

    /// Slabs of `entriesPerSlab` entries (default: as many as fill the code part's 64 KiB separation unit).
    public init(entryCodeSize: Int, entryDataSize: Int, flushInstructionCache: Bool, entriesPerSlab: Int? = nil,
                emit: @escaping Emit) {
        precondition(entryCodeSize > 0 && entryDataSize > 0, "entries need code and data")
        self.entryCodeSize = entryCodeSize
        self.entryDataSize = entryDataSize
        self.entriesPerSlab = max(1, entriesPerSlab ?? CodeAndDataMapping.separation / entryCodeSize)
        self.flushInstructionCache = flushInstructionCache
        self.emit = emit
    }

    /// `count` consecutive entries with their data zeroed; released when the returned span is.
    public func allocate(_ count: Int) throws -> TableSpan {
        precondition(count > 0, "a table needs at least one entry")
        if count > entriesPerSlab {
            let slab = try makeSlab(capacity: count, dedicated: true)
            return TableSpan(owner: self, slab: slab, first: 0, count: count)
        }
        return try lock.withLock {
            for slab in shared {
                if let first = slab.take(count) { return span(slab, first, count) }
            }
            let slab = try makeSlab(capacity: entriesPerSlab, dedicated: false)
            shared.append(slab)
            return span(slab, slab.take(count)!, count)
        }
    }

    /// Shared slabs mapped now (for tests and statistics).
    public var sharedSlabCount: Int { lock.withLock { shared.count } }

    private func span(_ slab: Slab, _ first: Int, _ count: Int) -> TableSpan {
        let data = UnsafeMutableRawPointer(bitPattern: UInt(slab.mapping.dataBase) + UInt(first * entryDataSize))!
        data.initializeMemory(as: UInt8.self, repeating: 0, count: count * entryDataSize)
        return TableSpan(owner: self, slab: slab, first: first, count: count)
    }

    private func makeSlab(capacity: Int, dedicated: Bool) throws -> Slab {
        let mapping = try CodeAndDataMapping(codeBytes: capacity * entryCodeSize, dataBytes: capacity * entryDataSize)
        mapping.writeCode(try emit(mapping.base, mapping.dataBase, capacity), at: 0)
        try mapping.sealCode(flushInstructionCache: flushInstructionCache)
        return Slab(mapping: mapping, capacity: capacity, dedicated: dedicated)
    }

    /// Gives a span's entries back; a shared slab left empty is unmapped unless it is the only one.
    fileprivate func release(_ span: TableSpan) {
        guard !span.slab.dedicated else { return }   // its mapping goes with the span
        lock.withLock {
            span.slab.give(span.first, span.count)
            if span.slab.isEmpty, shared.count > 1, let position = shared.firstIndex(where: { $0 === span.slab }) {
                shared.remove(at: position)
            }
        }
    }

    /// One mapping and which of its entries are free, as sorted, disjoint runs.
    final class Slab {
        let mapping: CodeAndDataMapping
        let capacity: Int
        let dedicated: Bool
        private var free: [Range<Int>]

        init(mapping: CodeAndDataMapping, capacity: Int, dedicated: Bool) {
            self.mapping = mapping
            self.capacity = capacity
            self.dedicated = dedicated
            free = dedicated ? [] : [0..<capacity]
        }

        var isEmpty: Bool { free.count == 1 && free[0] == 0..<capacity }

        /// The first free run of `count` entries (first fit), taken.
        func take(_ count: Int) -> Int? {
            guard let position = free.firstIndex(where: { $0.count >= count }) else { return nil }
            let run = free[position]
            if run.count == count {
                free.remove(at: position)
            } else {
                free[position] = (run.lowerBound + count)..<run.upperBound
            }
            return run.lowerBound
        }

        /// Frees `first..<first+count`, merging it with its neighbours.
        func give(_ first: Int, _ count: Int) {
            var run = first..<(first + count)
            var position = free.firstIndex(where: { $0.lowerBound > first }) ?? free.count
            if position < free.count, free[position].lowerBound == run.upperBound {
                run = run.lowerBound..<free[position].upperBound
                free.remove(at: position)
            }
            if position > 0, free[position - 1].upperBound == run.lowerBound {
                run = free[position - 1].lowerBound..<run.upperBound
                free.remove(at: position - 1)
                position -= 1
            }
            free.insert(run, at: position)
        }
    }
}

/// A run of entries of a `TableSlabs` slab, owned by one table; its entries go back when it is released.
public final class TableSpan: @unchecked Sendable {
    private let owner: TableSlabs
    fileprivate let slab: TableSlabs.Slab
    fileprivate let first: Int
    public let count: Int

    fileprivate init(owner: TableSlabs, slab: TableSlabs.Slab, first: Int, count: Int) {
        self.owner = owner
        self.slab = slab
        self.first = first
        self.count = count
    }

    deinit { owner.release(self) }

    /// Address of entry `index`'s code.
    public func codeAddress(_ index: Int) -> UInt64 {
        slab.mapping.base + UInt64((first + index) * owner.entryCodeSize)
    }

    /// Entry `index`'s data, `offset` bytes in (8-byte aligned).
    public func dataWord(_ index: Int, offset: Int = 0) -> UnsafeMutablePointer<UInt64> {
        slab.mapping.dataWord(at: (first + index) * owner.entryDataSize + offset)
    }

    /// The entries' code (RX) and data (RW).
    public var codeRange: Range<UInt64> { codeAddress(0)..<codeAddress(count) }
    public var dataRange: Range<UInt64> {
        let start = slab.mapping.dataBase + UInt64(first * owner.entryDataSize)
        return start..<(start + UInt64(count * owner.entryDataSize))
    }
}
