import CHotJIT
import HotJITEngine
#if canImport(Glibc)
import Glibc
#endif

// The engine's C entry points: handles in, statuses out; everything else is HotJITEngine's.

/// The size of `hotjit_options` in hotjit 0.1.0 (through `end_idle_compile_threads`, padded): what the exported
/// `hotjit_options_init` writes forever, since hosts built before the header made it a macro pass a struct this size.
let firstReleasedOptionsSize: Int = {
    let last = MemoryLayout<hotjit_options>.offset(of: \hotjit_options.end_idle_compile_threads)!
    let end = last + MemoryLayout<Int32>.size
    let alignment = MemoryLayout<hotjit_options>.alignment
    return (end + alignment - 1) / alignment * alignment
}()

/// The defaults, as the header's struct.
private func defaultOptions() -> hotjit_options {
    let defaults = EngineOptions()
    var options = hotjit_options()
    options.verbose = defaults.verbose ? 1 : 0
    options.tierup = defaults.tiering.enabled ? 1 : 0
    options.call_threshold = defaults.tiering.callThreshold
    options.backedge_threshold = defaults.tiering.backedgeThreshold
    options.synchronous_tierup = defaults.tiering.synchronous ? 1 : 0
    options.compile_threads = Int32(defaults.tiering.compileThreads)
    options.optimization_level = Int32(defaults.tiering.optimizationLevel)
    options.defer_function_parsing = defaults.deferFunctionParsing ? 1 : 0
    options.debug_jit = defaults.debuggerSupport ? 1 : 0
    options.perf_map = defaults.perfMap ? 1 : 0
    options.end_idle_compile_threads = defaults.tiering.endIdleCompileThreads ? 1 : 0
    options.tier0_companions = UInt64(defaults.tier0Companions)
    options.compile_thread_niceness = Int32(defaults.tiering.compileThreadNiceness)
    options.cache_directory = nil
    options.cache_size_limit = defaults.cacheSizeLimit
    return options
}

@_cdecl("hotjit_options_init_sized")
public func hotjit_options_init_sized(_ options: UnsafeMutablePointer<hotjit_options>?, _ size: Int)
    -> hotjit_status {
    reportingStatus {
        guard let options else { throw CAPIError.invalid("options is NULL") }
        guard size >= MemoryLayout<UInt32>.size else {
            throw CAPIError.invalid("size \(size) is too small for hotjit_options (its struct_size alone needs 4)")
        }
        fill(options, with: defaultOptions(), hostSize: size)
    }
}

// The header's `hotjit_options_init(options)` is a macro that passes sizeof; this is the function hosts built
// against hotjit 0.1.0 call.
@_cdecl("hotjit_options_init")
public func hotjit_options_init(_ options: UnsafeMutablePointer<hotjit_options>?) {
    _ = hotjit_options_init_sized(options, firstReleasedOptionsSize)
}

/// The most background compile threads an engine may have (HOTJIT_MAX_COMPILE_THREADS in the header): more cannot
/// help (compiles of one function are not split) and would only cost memory.
let maximumCompileThreads: Int32 = 64

/// Reads the host's options, honouring `struct_size` (fields the host does not know keep their defaults).
func engineOptions(_ options: UnsafePointer<hotjit_options>?) throws -> EngineOptions {
    var result = EngineOptions()
    guard let options else { return result }
    let size = Int(options.pointee.struct_size)
    guard size >= MemoryLayout<UInt32>.size else {
        throw CAPIError.invalid("hotjit_options.struct_size is not set (call hotjit_options_init)")
    }
    guard size <= MemoryLayout<hotjit_options>.size else {
        throw CAPIError.invalid("hotjit_options.struct_size is \(size), larger than this library's "
                                + "\(MemoryLayout<hotjit_options>.size): it would ignore options it does not know "
                                + "(fill the struct with hotjit_options_init)")
    }
    /// Whether the host's struct (of `size` bytes) has the field at `path`.
    func has<T>(_ path: KeyPath<hotjit_options, T>) -> Bool {
        size >= MemoryLayout<hotjit_options>.offset(of: path)! + MemoryLayout<T>.size
    }
    let value = options.pointee
    if has(\.verbose) { result.verbose = value.verbose != 0 }
    if has(\.tierup) { result.tiering.enabled = value.tierup != 0 }
    if has(\.call_threshold) {
        guard value.call_threshold >= 1 else { throw CAPIError.invalid("call_threshold must be at least 1") }
        result.tiering.callThreshold = value.call_threshold
    }
    if has(\.backedge_threshold) {
        guard value.backedge_threshold >= 1 else { throw CAPIError.invalid("backedge_threshold must be at least 1") }
        result.tiering.backedgeThreshold = value.backedge_threshold
    }
    if has(\.synchronous_tierup) { result.tiering.synchronous = value.synchronous_tierup != 0 }
    if has(\.compile_threads) {
        guard (1...maximumCompileThreads).contains(value.compile_threads) else {
            throw CAPIError.invalid("compile_threads must be 1 to \(maximumCompileThreads) "
                                    + "(got \(value.compile_threads))")
        }
        result.tiering.compileThreads = Int(value.compile_threads)
    }
    if has(\.optimization_level) {
        guard (1...3).contains(value.optimization_level) else {
            throw CAPIError.invalid("optimization_level must be 1, 2 or 3")
        }
        result.tiering.optimizationLevel = Int(value.optimization_level)
    }
    if has(\.defer_function_parsing) { result.deferFunctionParsing = value.defer_function_parsing != 0 }
    if has(\.debug_jit) { result.debuggerSupport = value.debug_jit != 0 }
    if has(\.perf_map) { result.perfMap = value.perf_map != 0 }
    if has(\.end_idle_compile_threads) { result.tiering.endIdleCompileThreads = value.end_idle_compile_threads != 0 }
    if has(\.tier0_companions) {
        guard value.tier0_companions <= 64 else { throw CAPIError.invalid("tier0_companions must be 0 to 64") }
        result.tier0Companions = Int(value.tier0_companions)
    }
    if has(\.compile_thread_niceness) {
        guard (0...19).contains(value.compile_thread_niceness) else {
            throw CAPIError.invalid("compile_thread_niceness must be 0 to 19 (got \(value.compile_thread_niceness))")
        }
        result.tiering.compileThreadNiceness = Int(value.compile_thread_niceness)
    }
    if has(\.cache_directory), let directory = value.cache_directory {
        guard directory.pointee != 0 else {
            throw CAPIError.invalid("cache_directory is \"\" (NULL turns the cache off)")
        }
        result.cacheDirectory = String(cString: directory)
    }
    if has(\.cache_size_limit), value.cache_size_limit != 0 { result.cacheSizeLimit = value.cache_size_limit }
    return result
}

@_cdecl("hotjit_engine_create")
public func hotjit_engine_create(_ options: UnsafePointer<hotjit_options>?,
                                 _ out: UnsafeMutablePointer<OpaquePointer?>?) -> hotjit_status {
    reportingStatus {
        guard let out else { throw CAPIError.invalid("out_engine is NULL") }
        out.pointee = makeHandle(try Engine(options: try engineOptions(options)))
    }
}

@_cdecl("hotjit_engine_destroy")
public func hotjit_engine_destroy(_ engine: OpaquePointer?) {
    // Stop compiling first, on this thread: the compile in flight may hold the engine and must not outlive it.
    if let live: Engine = try? object(engine, "engine") { live.stopBackgroundCompiles() }
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
        try engine.addModule(bytes: UnsafeRawBufferPointer(start: data, count: size),
                             name: name.map { String(cString: $0) } ?? "<memory>")
    }
}

@_cdecl("hotjit_engine_add_ir_file_module")
public func hotjit_engine_add_ir_file_module(_ engine: OpaquePointer?, _ path: UnsafePointer<CChar>?,
                                             _ outModule: UnsafeMutablePointer<hotjit_module_id>?) -> hotjit_status {
    reportingStatus {
        let engine: Engine = try object(engine, "engine")
        let handle = try engine.addModule(path: try requiredString(path, "path"))
        outModule?.pointee = handle.rawValue
    }
}

@_cdecl("hotjit_engine_add_ir_memory_module")
public func hotjit_engine_add_ir_memory_module(_ engine: OpaquePointer?, _ data: UnsafeRawPointer?, _ size: Int,
                                               _ name: UnsafePointer<CChar>?,
                                               _ outModule: UnsafeMutablePointer<hotjit_module_id>?) -> hotjit_status {
    reportingStatus {
        let engine: Engine = try object(engine, "engine")
        guard let data, size > 0 else { throw CAPIError.invalid("no IR given (data is NULL or size is 0)") }
        let handle = try engine.addModule(bytes: UnsafeRawBufferPointer(start: data, count: size),
                                          name: name.map { String(cString: $0) } ?? "<memory>")
        outModule?.pointee = handle.rawValue
    }
}

@_cdecl("hotjit_engine_remove_module")
public func hotjit_engine_remove_module(_ engine: OpaquePointer?, _ module: hotjit_module_id) -> hotjit_status {
    reportingStatus {
        let engine: Engine = try object(engine, "engine")
        try engine.removeModule(ModuleHandle(rawValue: module))
    }
}

@_cdecl("hotjit_engine_load_library")
public func hotjit_engine_load_library(_ engine: OpaquePointer?, _ path: UnsafePointer<CChar>?) -> hotjit_status {
    reportingStatus {
        let _: Engine = try object(engine, "engine")
        try Engine.loadLibrary(try requiredString(path, "path"))
    }
}

@_cdecl("hotjit_engine_define_symbols")
public func hotjit_engine_define_symbols(_ engine: OpaquePointer?, _ symbols: UnsafePointer<hotjit_host_symbol>?,
                                         _ count: Int) -> hotjit_status {
    reportingStatus {
        let engine: Engine = try object(engine, "engine")
        guard count >= 0, count == 0 || symbols != nil else { throw CAPIError.invalid("symbols is NULL") }
        let entries = try (0..<count).map { index -> (name: String, address: UInt64) in
            let symbol = symbols![index]
            let name = try requiredString(symbol.name, "symbols[\(index)].name")
            guard let address = symbol.address else {
                throw CAPIError.invalid("the address of host symbol '\(name)' is NULL")
            }
            return (name, UInt64(UInt(bitPattern: address)))
        }
        try engine.defineHostSymbols(entries)
    }
}

@_cdecl("hotjit_engine_define_symbol")
public func hotjit_engine_define_symbol(_ engine: OpaquePointer?, _ name: UnsafePointer<CChar>?,
                                        _ address: UnsafeRawPointer?) -> hotjit_status {
    var symbol = hotjit_host_symbol(name: name, address: address)
    return hotjit_engine_define_symbols(engine, &symbol, 1)
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
public func hotjit_engine_run_main(_ engine: OpaquePointer?, _ argc: Int32,
                                   _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                                   _ envp: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                                   _ out: UnsafeMutablePointer<Int32>?) -> hotjit_status {
    reportingStatus {
        let engine: Engine = try object(engine, "engine")
        guard argc >= 0 else { throw CAPIError.invalid("argc is negative") }
        guard argc == 0 || argv != nil else { throw CAPIError.invalid("argv is NULL but argc is \(argc)") }
        let arguments = (0..<Int(argc)).map { argv![$0].map { String(cString: $0) } ?? "" }
        let status = try engine.runMain(arguments: arguments.isEmpty ? ["hotjit"] : arguments,
                                        environment: envp ?? environ)
        out?.pointee = status
    }
}

@_cdecl("hotjit_engine_function_info")
public func hotjit_engine_function_info(_ engine: OpaquePointer?, _ name: UnsafePointer<CChar>?,
                                        _ info: UnsafeMutablePointer<hotjit_function_info>?) -> hotjit_status {
    reportingStatus {
        let engine: Engine = try object(engine, "engine")
        let functionName = try requiredString(name, "name")
        try fillOutput(info, with: {
            guard let record = engine.function(named: functionName) else {
                throw CAPIError(status: HOTJIT_ERROR_NOT_FOUND, message: "no function named '\(functionName)'")
            }
            let versions = record.compiledVersions
            var value = hotjit_function_info()
            value.stub_address = UnsafeMutableRawPointer(bitPattern: UInt(record.stubAddress))
            // Where calls end up: the newest version (the stub may lead there through the trampoline for one call).
            value.code_address = UnsafeMutableRawPointer(
                bitPattern: UInt(versions.last?.address ?? record.currentTarget))
            let tier = versions.map(\.tier).max() ?? -1
            value.tier = Int32(tier)
            value.calls = record.calls
            value.backedges = record.backedges
            value.code_bytes = versions.last { $0.tier == tier }?.codeSize ?? 0
            value.compile_ns = (versions.filter { $0.tier == 0 }.reduce(0) { $0 + $1.compileNanoseconds },
                                versions.filter { $0.tier >= 1 }.reduce(0) { $0 + $1.compileNanoseconds })
            value.tierup_latency_ns = versions.first { $0.tier >= 1 }?.tierUpLatencyNanoseconds ?? 0
            return value
        }, "hotjit_function_info")
    }
}

// MARK: - Superseded code

/// The header's struct of `memory`.
private func cCodeMemory(_ memory: CodeMemory) -> hotjit_code_memory {
    var value = hotjit_code_memory()
    value.live_bytes = memory.liveBytes
    value.live_versions = UInt64(memory.liveVersions)
    value.superseded_bytes = memory.supersededBytes
    value.superseded_versions = UInt64(memory.supersededVersions)
    value.freed_bytes = memory.freedBytes
    value.freed_versions = UInt64(memory.freedVersions)
    return value
}

@_cdecl("hotjit_engine_code_memory")
public func hotjit_engine_code_memory(_ engine: OpaquePointer?,
                                      _ out: UnsafeMutablePointer<hotjit_code_memory>?) -> hotjit_status {
    reportingStatus {
        let engine: Engine = try object(engine, "engine")
        try fillOutput(out, with: { cCodeMemory(engine.codeMemory) }, "hotjit_code_memory")
    }
}

@_cdecl("hotjit_engine_reclaim")
public func hotjit_engine_reclaim(_ engine: OpaquePointer?,
                                  _ out: UnsafeMutablePointer<hotjit_code_memory>?) -> hotjit_status {
    reportingStatus {
        let engine: Engine = try object(engine, "engine")
        // The struct is checked before anything is freed: a bad struct_size refuses the call whole.
        if let out { _ = try declaredSize(UnsafeRawPointer(out), "hotjit_code_memory") }
        let memory = try engine.reclaimSupersededCode()
        if let out { try fillOutput(out, with: { cCodeMemory(memory) }, "hotjit_code_memory") }
    }
}

// MARK: - Persistent cache

@_cdecl("hotjit_engine_save_cache_profile")
public func hotjit_engine_save_cache_profile(_ engine: OpaquePointer?) -> hotjit_status {
    reportingStatus {
        let engine: Engine = try object(engine, "engine")
        engine.saveCacheProfile()
    }
}

@_cdecl("hotjit_engine_cache_statistics")
public func hotjit_engine_cache_statistics(_ engine: OpaquePointer?,
                                           _ out: UnsafeMutablePointer<hotjit_cache_statistics>?) -> hotjit_status {
    reportingStatus {
        let engine: Engine = try object(engine, "engine")
        try fillOutput(out, with: {
            guard let figures = Statistics.cacheFigures(engine) else {
                throw CAPIError(status: HOTJIT_ERROR_NOT_FOUND,
                                message: "the engine has no cache (hotjit_options.cache_directory is NULL)")
            }
            var value = hotjit_cache_statistics()
            value.tier0_hits = UInt64(figures.tier0Hits)
            value.tier0_misses = UInt64(figures.tier0Misses)
            value.optimized_hits = UInt64(figures.optimizedHits)
            value.optimized_misses = UInt64(figures.optimizedMisses)
            value.started_optimized = UInt64(figures.optimizedAtFirstCall)
            value.rejected = UInt64(figures.rejected)
            value.bytes_read = figures.bytesRead
            value.bytes_written = figures.bytesWritten
            return value
        }, "hotjit_cache_statistics")
    }
}

// MARK: - Tier-up

/// The host's hook and its argument.
private struct HostRecompileHook: @unchecked Sendable {
    let function: hotjit_recompile_hook
    let userData: UnsafeMutableRawPointer?
    let defaultLevel: Int

    func decide(_ request: RecompileRequest) -> RecompileDecision {
        var decision = hotjit_recompile_decision(action: HOTJIT_RECOMPILE, level: Int32(defaultLevel), defer_by: 0)
        request.name.withCString { name in
            var cRequest = hotjit_recompile_request(name: name, current_tier: Int32(request.currentTier),
                                                    calls: request.calls, backedges: request.backedges,
                                                    trigger: hotjit_recompile_trigger(
                                                        rawValue: UInt32(request.trigger.rawValue)))
            function(userData, &cRequest, &decision)
        }
        switch decision.action {
        case HOTJIT_RECOMPILE_SKIP: return .skip
        case HOTJIT_RECOMPILE_DEFER: return .deferBy(max(1, decision.defer_by))
        default: return .recompile(level: Int(min(max(decision.level, 1), 3)))
        }
    }
}

@_cdecl("hotjit_engine_set_recompile_hook")
public func hotjit_engine_set_recompile_hook(_ engine: OpaquePointer?, _ hook: hotjit_recompile_hook?,
                                             _ userData: UnsafeMutableRawPointer?) -> hotjit_status {
    reportingStatus {
        let engine: Engine = try object(engine, "engine")
        guard let hook else { engine.setRecompileHook(nil); return }
        let host = HostRecompileHook(function: hook, userData: userData,
                                     defaultLevel: engine.options.tiering.optimizationLevel)
        engine.setRecompileHook { host.decide($0) }
    }
}

@_cdecl("hotjit_engine_set_compile_failure_handler")
public func hotjit_engine_set_compile_failure_handler(_ engine: OpaquePointer?,
                                                      _ handler: hotjit_compile_failure_handler?,
                                                      _ userData: UnsafeMutableRawPointer?) -> hotjit_status {
    reportingStatus {
        let engine: Engine = try object(engine, "engine")
        guard let handler else { engine.setCompileFailureHandler(nil); return }
        let host = HostFunction(function: handler, userData: userData)
        engine.setCompileFailureHandler { function, message in
            function.withCString { name in message.withCString { text in host.function(host.userData, name, text) } }
            Engine.defaultCompileFailure(function, message)
        }
    }
}

@_cdecl("hotjit_engine_recompile")
public func hotjit_engine_recompile(_ engine: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ level: Int32,
                                    _ wait: Int32) -> hotjit_status {
    reportingStatus {
        let engine: Engine = try object(engine, "engine")
        let functionName = try requiredString(name, "name")
        guard (1...3).contains(level) else { throw CAPIError.invalid("level must be 1, 2 or 3 (got \(level))") }
        guard try engine.requestRecompile(functionName, level: Int(level), wait: wait != 0) else {
            throw CAPIError(status: HOTJIT_ERROR_NOT_FOUND, message: "no function named '\(functionName)'")
        }
    }
}

@_cdecl("hotjit_engine_wait_for_compiles")
public func hotjit_engine_wait_for_compiles(_ engine: OpaquePointer?) -> hotjit_status {
    reportingStatus {
        let engine: Engine = try object(engine, "engine")
        engine.waitForBackgroundCompiles()
    }
}

// MARK: - Symbolization

@_cdecl("hotjit_engine_symbolize")
public func hotjit_engine_symbolize(_ engine: OpaquePointer?, _ address: UnsafeRawPointer?,
                                    _ symbol: UnsafeMutablePointer<hotjit_symbol>?,
                                    _ name: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> hotjit_status {
    reportingStatus {
        let engine: Engine = try object(engine, "engine")
        guard let symbol else { throw CAPIError.invalid("symbol is NULL") }
        _ = try declaredSize(UnsafeRawPointer(symbol), "hotjit_symbol")
        let value = UInt64(UInt(bitPattern: address))
        guard let found = engine.codeMap.symbolize(value) else {
            throw CAPIError(status: HOTJIT_ERROR_NOT_FOUND,
                            message: "0x\(String(value, radix: 16)) is not JIT'd code of this engine")
        }
        try fillOutput(symbol, with: {
            hotjit_symbol(struct_size: 0, kind: hotjit_code_kind(rawValue: UInt32(found.entry.kind.rawValue)),
                          tier: Int32(found.entry.tier), start: found.entry.start, offset: found.offset)
        }, "hotjit_symbol")
        if let name, capacity > 0 {
            let bytes = Array(found.entry.name.utf8.prefix(capacity - 1))
            for (index, byte) in bytes.enumerated() { name[index] = CChar(bitPattern: byte) }
            name[bytes.count] = 0
        }
    }
}
