import HotJITBase
import CHotJIT
import HotJITEngine
import HotJITSupport

/// Runs `body`, turning a thrown error into a status and the thread's last-error message; a success clears the
/// message (the header promises "" after a call that succeeded).
func reportingStatus(_ body: () throws -> Void) -> hotjit_status {
    do {
        try body()
        hotjit_support_set_last_error(nil)
        return HOTJIT_OK
    } catch let error as EngineError {
        return fail(status(of: error), error.description)
    } catch let error as CAPIError {
        return fail(error.status, error.message)
    } catch {
        let classified = EngineError.linking("\(error)")   // LLVM's own failures: a missing symbol, no memory, ...
        return fail(status(of: classified), classified.description)
    }
}

/// Records `message` as this thread's last error and returns `status`.
func fail(_ status: hotjit_status, _ message: String) -> hotjit_status {
    hotjit_support_set_last_error(message)
    return status
}

/// A failure detected by the C shell itself (bad arguments).
struct CAPIError: Error {
    let status: hotjit_status
    let message: String
    static func invalid(_ message: String) -> CAPIError {
        CAPIError(status: HOTJIT_ERROR_INVALID_ARGUMENT, message: message)
    }
}

func status(of error: EngineError) -> hotjit_status {
    switch error {
    case .io: return HOTJIT_ERROR_IO
    case .invalidIR: return HOTJIT_ERROR_INVALID_IR
    case .wrongTarget: return HOTJIT_ERROR_WRONG_TARGET
    case .unresolvedSymbol: return HOTJIT_ERROR_UNRESOLVED_SYMBOL
    case .notFound: return HOTJIT_ERROR_NOT_FOUND
    case .compile: return HOTJIT_ERROR_COMPILE
    case .unsupported: return HOTJIT_ERROR_UNSUPPORTED
    case .outOfMemory: return HOTJIT_ERROR_OUT_OF_MEMORY
    case .invalidArgument: return HOTJIT_ERROR_INVALID_ARGUMENT
    case .inUse: return HOTJIT_ERROR_IN_USE
    }
}

/// A non-null C string argument as a Swift string.
func requiredString(_ pointer: UnsafePointer<CChar>?, _ what: String) throws -> String {
    guard let pointer else { throw CAPIError.invalid("\(what) is NULL") }
    return String(cString: pointer)
}

/// A non-null handle argument as the Swift object behind it.
func object<T: AnyObject>(_ handle: OpaquePointer?, _ what: String) throws -> T {
    guard let handle else { throw CAPIError.invalid("\(what) is NULL") }
    return Unmanaged<T>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue()
}

/// A new handle owning `value` (released by `releaseHandle`).
func makeHandle<T: AnyObject>(_ value: T) -> OpaquePointer {
    OpaquePointer(Unmanaged.passRetained(value).toOpaque())
}

func releaseHandle<T: AnyObject>(_ handle: OpaquePointer?, as type: T.Type) {
    guard let handle else { return }
    Unmanaged<T>.fromOpaque(UnsafeRawPointer(handle)).release()
}

@_cdecl("hotjit_last_error")
public func hotjit_last_error() -> UnsafePointer<CChar>? { hotjit_support_last_error() }

@_cdecl("hotjit_status_name")
public func hotjit_status_name(_ status: hotjit_status) -> UnsafePointer<CChar>? {
    let name: StaticString
    switch status {
    case HOTJIT_OK: name = "HOTJIT_OK"
    case HOTJIT_ERROR_INVALID_ARGUMENT: name = "HOTJIT_ERROR_INVALID_ARGUMENT"
    case HOTJIT_ERROR_IO: name = "HOTJIT_ERROR_IO"
    case HOTJIT_ERROR_INVALID_IR: name = "HOTJIT_ERROR_INVALID_IR"
    case HOTJIT_ERROR_WRONG_TARGET: name = "HOTJIT_ERROR_WRONG_TARGET"
    case HOTJIT_ERROR_UNRESOLVED_SYMBOL: name = "HOTJIT_ERROR_UNRESOLVED_SYMBOL"
    case HOTJIT_ERROR_NOT_FOUND: name = "HOTJIT_ERROR_NOT_FOUND"
    case HOTJIT_ERROR_COMPILE: name = "HOTJIT_ERROR_COMPILE"
    case HOTJIT_ERROR_UNSUPPORTED: name = "HOTJIT_ERROR_UNSUPPORTED"
    case HOTJIT_ERROR_OUT_OF_MEMORY: name = "HOTJIT_ERROR_OUT_OF_MEMORY"
    case HOTJIT_ERROR_IN_USE: name = "HOTJIT_ERROR_IN_USE"
    default: name = "HOTJIT_STATUS_UNKNOWN"
    }
    return UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)
}

@_cdecl("hotjit_version")
public func hotjit_version() -> UnsafePointer<CChar>? {
    hotjit_support_version()
}

/// A host's C callback and the `user_data` it is called with, carried into Swift closures that may run on any
/// thread (the host promises the pair may be used so).
struct HostFunction<Function>: @unchecked Sendable {
    let function: Function
    let userData: UnsafeMutableRawPointer?
}
