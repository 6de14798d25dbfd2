import HotJITBase
import CHotJIT
import HotJITRuntime

// The callback manager's C entry points: trampolines whose first call asks the host's callback for an address.

/// The host's callback and its argument, called from the manager's resolve function.
private struct HostCallback: @unchecked Sendable {
    let function: hotjit_compile_callback
    let userData: UnsafeMutableRawPointer?

    func resolve(id: Int) -> Result<UInt64, CallbackManager.ResolveFailure> {
        guard let address = function(userData, UInt32(id)) else {
            return .failure(.init("the host's compile callback returned NULL"))
        }
        return .success(UInt64(UInt(bitPattern: address)))
    }
}

/// Holds the ids a manager handed out, so a resolve function can learn its own.
private final class TrampolineID: @unchecked Sendable { var value = 0 }

@_cdecl("hotjit_callback_manager_create")
public func hotjit_callback_manager_create(_ out: UnsafeMutablePointer<OpaquePointer?>?) -> hotjit_status {
    reportingStatus {
        guard let out else { throw CAPIError.invalid("out_manager is NULL") }
        guard let emitter = HostEmitter.make() else {
            throw CAPIError(status: HOTJIT_ERROR_UNSUPPORTED, message: "hotjit does not support this host architecture")
        }
        out.pointee = makeHandle(CallbackManager(emitter: emitter))
    }
}

@_cdecl("hotjit_callback_manager_destroy")
public func hotjit_callback_manager_destroy(_ manager: OpaquePointer?) {
    releaseHandle(manager, as: CallbackManager.self)
}

@_cdecl("hotjit_callback_manager_set_failure_handler")
public func hotjit_callback_manager_set_failure_handler(_ manager: OpaquePointer?,
                                                        _ handler: hotjit_trampoline_failure_handler?,
                                                        _ userData: UnsafeMutableRawPointer?) -> hotjit_status {
    reportingStatus {
        let manager: CallbackManager = try object(manager, "manager")
        guard let handler else { manager.setFailureHandler(CallbackManager.defaultFailure); return }
        let host = HostFunction(function: handler, userData: userData)
        manager.setFailureHandler { id, message in
            message.withCString { host.function(host.userData, UInt32(truncatingIfNeeded: id), $0) }
            CallbackManager.defaultFailure(id, message)
        }
    }
}

/// A resolve function that asks the host's callback for trampoline `id.value`'s address.
private func hostResolve(_ callback: hotjit_compile_callback?, _ userData: UnsafeMutableRawPointer?,
                         id: TrampolineID) throws -> CallbackManager.Resolve {
    guard let callback else { throw CAPIError.invalid("callback is NULL") }
    let host = HostCallback(function: callback, userData: userData)
    return { host.resolve(id: id.value) }
}

private func mappingTrampolines<T>(_ make: () throws -> T) throws -> T {
    do { return try make() } catch let error as CAPIError { throw error } catch {
        throw CAPIError(status: HOTJIT_ERROR_OUT_OF_MEMORY, message: "cannot map trampolines: \(error)")
    }
}

@_cdecl("hotjit_callback_manager_create_trampoline")
public func hotjit_callback_manager_create_trampoline(_ manager: OpaquePointer?, _ callback: hotjit_compile_callback?,
                                                      _ userData: UnsafeMutableRawPointer?,
                                                      _ outID: UnsafeMutablePointer<UInt32>?,
                                                      _ outAddress: UnsafeMutablePointer<UnsafeMutableRawPointer?>?)
    -> hotjit_status {
    reportingStatus {
        let manager: CallbackManager = try object(manager, "manager")
        let id = TrampolineID()
        let resolve = try hostResolve(callback, userData, id: id)
        let made = try mappingTrampolines { try manager.makeTrampoline(resolve: resolve) }
        id.value = made.id
        outID?.pointee = UInt32(made.id)
        outAddress?.pointee = UnsafeMutableRawPointer(bitPattern: UInt(made.address))
    }
}

@_cdecl("hotjit_callback_manager_create_lazy_stub")
public func hotjit_callback_manager_create_lazy_stub(_ manager: OpaquePointer?, _ table: OpaquePointer?,
                                                     _ index: UInt32, _ callback: hotjit_compile_callback?,
                                                     _ userData: UnsafeMutableRawPointer?,
                                                     _ outID: UnsafeMutablePointer<UInt32>?) -> hotjit_status {
    reportingStatus {
        let manager: CallbackManager = try object(manager, "manager")
        let table: StubTable = try object(table, "table")
        let stubIndex = try checkedIndex(table, index)
        let id = TrampolineID()
        let resolve = try hostResolve(callback, userData, id: id)
        let stub = try mappingTrampolines {
            try LazyStub(table: table, index: stubIndex, manager: manager, resolve: resolve)
        }
        id.value = stub.trampolineID
        outID?.pointee = UInt32(stub.trampolineID)
    }
}
