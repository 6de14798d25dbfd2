import CHotJIT
import HotJITEngine
#if canImport(Glibc)
import Glibc
#endif

// The engine's C entry points: handles in, statuses out; everything else is HotJITEngine's.

@_cdecl("hotjit_options_init")
public func hotjit_options_init(_ options: UnsafeMutablePointer<hotjit_options>?) {
    guard let options else { return }
    options.pointee = hotjit_options()
    options.pointee.struct_size = UInt32(MemoryLayout<hotjit_options>.size)
}

/// Reads the host's options, honouring `struct_size` (fields the host does not know keep their defaults).
func engineOptions(_ options: UnsafePointer<hotjit_options>?) throws -> EngineOptions {
    var result = EngineOptions()
    guard let options else { return result }
    let size = Int(options.pointee.struct_size)
    guard size >= MemoryLayout<UInt32>.size else { throw CAPIError.invalid("hotjit_options.struct_size is not set (call hotjit_options_init)") }
    if size >= MemoryLayout<hotjit_options>.offset(of: \.verbose)! + MemoryLayout<Int32>.size {
        result.verbose = options.pointee.verbose != 0
    }
    return result
}

@_cdecl("hotjit_engine_create")
public func hotjit_engine_create(_ options: UnsafePointer<hotjit_options>?, _ out: UnsafeMutablePointer<OpaquePointer?>?) -> hotjit_status {
    reportingStatus {
        guard let out else { throw CAPIError.invalid("out_engine is NULL") }
        out.pointee = makeHandle(try Engine(options: try engineOptions(options)))
    }
}

@_cdecl("hotjit_engine_destroy")
public func hotjit_engine_destroy(_ engine: OpaquePointer?) {
    releaseHandle(engine, as: Engine.self)
}

@_cdecl("hotjit_engine_add_ir_file")
public func hotjit_engine_add_ir_file(_ engine: OpaquePointer?, _ path: UnsafePointer<CChar>?) -> hotjit_status {
    reportingStatus {
        let engine: Engine = try object(engine, "engine")
        try engine.addModule(path: try requiredString(path, "path"))
    }
}

@_cdecl("hotjit_engine_add_ir_memory")
public func hotjit_engine_add_ir_memory(_ engine: OpaquePointer?, _ data: UnsafeRawPointer?, _ size: Int,
                                        _ name: UnsafePointer<CChar>?) -> hotjit_status {
    reportingStatus {
        let engine: Engine = try object(engine, "engine")
        guard let data, size > 0 else { throw CAPIError.invalid("no IR given (data is NULL or size is 0)") }
        try engine.addModule(bytes: UnsafeRawBufferPointer(start: data, count: size), name: name.map { String(cString: $0) } ?? "<memory>")
    }
}

@_cdecl("hotjit_engine_load_library")
public func hotjit_engine_load_library(_ engine: OpaquePointer?, _ path: UnsafePointer<CChar>?) -> hotjit_status {
    reportingStatus {
        let _: Engine = try object(engine, "engine")
        try Engine.loadLibrary(try requiredString(path, "path"))
    }
}

@_cdecl("hotjit_engine_lookup")
public func hotjit_engine_lookup(_ engine: OpaquePointer?, _ name: UnsafePointer<CChar>?,
                                 _ out: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> hotjit_status {
    reportingStatus {
        let engine: Engine = try object(engine, "engine")
        guard let out else { throw CAPIError.invalid("out_address is NULL") }
        out.pointee = UnsafeMutableRawPointer(bitPattern: UInt(try engine.lookup(try requiredString(name, "name"))))
    }
}

@_cdecl("hotjit_engine_run_constructors")
public func hotjit_engine_run_constructors(_ engine: OpaquePointer?) -> hotjit_status {
    reportingStatus {
        let engine: Engine = try object(engine, "engine")
        try engine.runConstructors()
    }
}

@_cdecl("hotjit_engine_run_exit_handlers")
public func hotjit_engine_run_exit_handlers(_ engine: OpaquePointer?) -> hotjit_status {
    reportingStatus {
        let engine: Engine = try object(engine, "engine")
        engine.runExitHandlers()
    }
}

@_cdecl("hotjit_engine_run_main")
public func hotjit_engine_run_main(_ engine: OpaquePointer?, _ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                                   _ envp: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                                   _ out: UnsafeMutablePointer<Int32>?) -> hotjit_status {
    reportingStatus {
        let engine: Engine = try object(engine, "engine")
        guard argc >= 0 else { throw CAPIError.invalid("argc is negative") }
        guard argc == 0 || argv != nil else { throw CAPIError.invalid("argv is NULL but argc is \(argc)") }
        let arguments = (0..<Int(argc)).map { argv![$0].map { String(cString: $0) } ?? "" }
        let status = try engine.runMain(arguments: arguments.isEmpty ? ["hotjit"] : arguments, environment: envp ?? environ)
        out?.pointee = status
    }
}

@_cdecl("hotjit_engine_function_info")
public func hotjit_engine_function_info(_ engine: OpaquePointer?, _ name: UnsafePointer<CChar>?,
                                        _ info: UnsafeMutablePointer<hotjit_function_info>?) -> hotjit_status {
    reportingStatus {
        let engine: Engine = try object(engine, "engine")
        guard let info else { throw CAPIError.invalid("info is NULL") }
        guard Int(info.pointee.struct_size) >= MemoryLayout<hotjit_function_info>.size else {
            throw CAPIError.invalid("hotjit_function_info.struct_size is not sizeof(hotjit_function_info)")
        }
        let functionName = try requiredString(name, "name")
        guard let record = engine.function(named: functionName) else {
            throw CAPIError(status: HOTJIT_ERROR_NOT_FOUND, message: "no function named '\(functionName)'")
        }
        let versions = record.compiledVersions
        info.pointee.stub_address = UnsafeMutableRawPointer(bitPattern: UInt(record.stubAddress))
        info.pointee.code_address = UnsafeMutableRawPointer(bitPattern: UInt(record.currentTarget))
        info.pointee.tier = Int32(versions.map(\.tier).max() ?? -1)
        info.pointee.compile_ns = versions.reduce(0) { $0 + $1.compileNanoseconds }
    }
}
