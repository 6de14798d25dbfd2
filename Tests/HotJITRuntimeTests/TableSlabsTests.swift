import XCTest
import HotJITEmitters
@testable import HotJITRuntime
#if canImport(Glibc)
import Glibc
#endif

/// Stub and call-counting thunk tables taken from shared slabs: many tables share a mapping, their entries work,
/// released entries are reused with their data zeroed, and no page is ever writable and executable.
final class TableSlabsTests: XCTestCase {
    typealias Fn = @convention(c) (Int) -> Int
    static let triple: Fn = { $0 * 3 }
    static let plusOne: Fn = { $0 + 1 }

    private func address(_ function: Fn) -> UInt64 {
        UInt64(UInt(bitPattern: unsafeBitCast(function, to: UnsafeRawPointer.self)))
    }

    private func call(_ stub: UInt64, _ argument: Int) -> Int {
        unsafeBitCast(UnsafeRawPointer(bitPattern: UInt(stub))!, to: Fn.self)(argument)
    }

    func testManySmallTablesShareOneMappingAndWork() throws {
        let emitter = try XCTUnwrap(HostEmitter.make())
        let slabs = StubTable.slabs(for: emitter)
        let tables = try (0..<500).map { _ in try StubTable(emitter: emitter, slabs: slabs, count: 3) }
        XCTAssertEqual(slabs.sharedSlabCount, (1500 + slabs.entriesPerSlab - 1) / slabs.entriesPerSlab)
        for (number, table) in tables.enumerated() {
            table.setTarget(number % 3, address(number % 2 == 0 ? Self.triple : Self.plusOne))
        }
        for (number, table) in tables.enumerated() {
            XCTAssertEqual(call(table.stubAddress(number % 3), 7), number % 2 == 0 ? 21 : 8)
            XCTAssertEqual(table.stubIndex(containing: table.stubAddress(2)), 2)
            XCTAssertNil(table.stubIndex(containing: table.stubAddress(0) &- 1))
        }
        XCTAssertEqual(Set(tables.map(\.codeRange.lowerBound)).count, tables.count, "tables overlap")
    }

    func testReleasedEntriesAreReusedZeroedAndRunsMerge() throws {
        let emitter = try XCTUnwrap(HostEmitter.make())
        let slabs = StubTable.slabs(for: emitter, entriesPerSlab: 10)
        var first: StubTable? = try StubTable(emitter: emitter, slabs: slabs, count: 4)
        var second: StubTable? = try StubTable(emitter: emitter, slabs: slabs, count: 4)
        let third = try StubTable(emitter: emitter, slabs: slabs, count: 2)
        let start = try XCTUnwrap(first).stubAddress(0)
        first?.setTarget(1, 0xdead)
        XCTAssertEqual(slabs.sharedSlabCount, 1)
        first = nil
        second = nil
        // The two released runs merge: a table of 8 fits where they were.
        let merged = try StubTable(emitter: emitter, slabs: slabs, count: 8)
        XCTAssertEqual(merged.stubAddress(0), start)
        XCTAssertEqual(merged.target(1), 0, "a reused slot must start zeroed")
        XCTAssertEqual(slabs.sharedSlabCount, 1)
        merged.setTarget(7, address(Self.triple))
        XCTAssertEqual(call(merged.stubAddress(7), 5), 15)
        // Full: the next table opens a second slab, which goes again once it is empty.
        var fourth: StubTable? = try StubTable(emitter: emitter, slabs: slabs, count: 1)
        XCTAssertEqual(slabs.sharedSlabCount, 2)
        fourth = nil
        XCTAssertEqual(slabs.sharedSlabCount, 1)
        _ = (third, fourth)
    }

    func testTablesLargerThanASlabGetTheirOwn() throws {
        let emitter = try XCTUnwrap(HostEmitter.make())
        let slabs = StubTable.slabs(for: emitter)
        let large = try StubTable(emitter: emitter, slabs: slabs, count: slabs.entriesPerSlab * 2 + 5)
        XCTAssertEqual(slabs.sharedSlabCount, 0)
        large.setTarget(large.count - 1, address(Self.plusOne))
        XCTAssertEqual(call(large.stubAddress(large.count - 1), 41), 42)
    }

    func testCountingThunkTablesFromSlabsStartZeroed() throws {
        let emitter = try XCTUnwrap(HostEmitter.make())
        let thunkEmitter = try XCTUnwrap(emitter.countingThunks)
        let slabs = CountingThunkTable.slabs(for: thunkEmitter)
        var table: CountingThunkTable? = try CountingThunkTable(emitter: thunkEmitter, slabs: slabs, count: 3)
        table?.counter(2).pointee = 99
        table?.setDestinations(2, target: 1, trigger: 2)
        table = nil
        let again = try CountingThunkTable(emitter: thunkEmitter, slabs: slabs, count: 3)
        XCTAssertEqual(again.counter(2).pointee, 0)
        XCTAssertEqual(again.target(2), 0)
    }

    func testNoPageIsWritableAndExecutable() throws {
        let emitter = try XCTUnwrap(HostEmitter.make())
        let slabs = StubTable.slabs(for: emitter)
        let tables = try (0..<50).map { _ in try StubTable(emitter: emitter, slabs: slabs, count: 7) }
        let maps = try String(contentsOfFile: "/proc/self/maps", encoding: .utf8)
        for line in maps.split(separator: "\n") {
            let fields = line.split(separator: " ")
            let bounds = fields[0].split(separator: "-").compactMap { UInt64($0, radix: 16) }
            let range = bounds[0]..<bounds[1]
            for table in tables where range.overlaps(table.codeRange) || range.overlaps(table.slotRange) {
                XCTAssertFalse(fields[1].hasPrefix("rwx"), "W+X mapping: \(line)")
                if range.overlaps(table.codeRange) { XCTAssertTrue(fields[1].hasPrefix("r-x"), String(line)) }
                if range.overlaps(table.slotRange) { XCTAssertTrue(fields[1].hasPrefix("rw-"), String(line)) }
            }
        }
    }
}
