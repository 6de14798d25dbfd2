import CHotJIT
import HotJITRuntime

// The stub table's C entry points, for hosts that drive it without the engine.

private func hostStubTable(count: Int) throws -> StubTable {
    guard let emitter = HostEmitter.make() else {
        throw CAPIError(status: HOTJIT_ERROR_UNSUPPORTED, message: "hotjit does not support this host architecture")
    }
    do {
        return try StubTable(emitter: emitter, count: count)
    } catch {
        throw CAPIError(status: HOTJIT_ERROR_OUT_OF_MEMORY, message: "cannot map a stub table: \(error)")
    }
}

func checkedIndex(_ table: StubTable, _ index: UInt32) throws -> Int {
    guard Int(index) < table.count else {
        throw CAPIError.invalid("stub index \(index) out of range (table has \(table.count))")
    }
    return Int(index)
}

@_cdecl("hotjit_stub_table_create")
public func hotjit_stub_table_create(_ count: UInt32, _ out: UnsafeMutablePointer<OpaquePointer?>?) -> hotjit_status {
    reportingStatus {
        guard let out else { throw CAPIError.invalid("out_table is NULL") }
        guard count > 0 else { throw CAPIError.invalid("a stub table needs at least one stub") }
        out.pointee = makeHandle(try hostStubTable(count: Int(count)))
    }
}

@_cdecl("hotjit_stub_table_destroy")
public func hotjit_stub_table_destroy(_ table: OpaquePointer?) { releaseHandle(table, as: StubTable.self) }

@_cdecl("hotjit_stub_table_count")
public func hotjit_stub_table_count(_ table: OpaquePointer?) -> UInt32 {
    guard let table: StubTable = try? object(table, "table") else { return 0 }
    return UInt32(table.count)
}

@_cdecl("hotjit_stub_table_stub_address")
public func hotjit_stub_table_stub_address(_ table: OpaquePointer?, _ index: UInt32,
                                           _ out: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> hotjit_status {
    reportingStatus {
        let table: StubTable = try object(table, "table")
        guard let out else { throw CAPIError.invalid("out_address is NULL") }
        out.pointee = UnsafeMutableRawPointer(bitPattern: UInt(table.stubAddress(try checkedIndex(table, index))))
    }
}

@_cdecl("hotjit_stub_table_set_target")
public func hotjit_stub_table_set_target(_ table: OpaquePointer?, _ index: UInt32,
                                         _ target: UnsafeMutableRawPointer?) -> hotjit_status {
    reportingStatus {
        let table: StubTable = try object(table, "table")
        table.setTarget(try checkedIndex(table, index), UInt64(UInt(bitPattern: target)))
    }
}

@_cdecl("hotjit_stub_table_get_target")
public func hotjit_stub_table_get_target(_ table: OpaquePointer?, _ index: UInt32,
                                         _ out: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> hotjit_status {
    reportingStatus {
        let table: StubTable = try object(table, "table")
        guard let out else { throw CAPIError.invalid("out_target is NULL") }
        out.pointee = UnsafeMutableRawPointer(bitPattern: UInt(table.target(try checkedIndex(table, index))))
    }
}
