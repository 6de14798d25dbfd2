import HotJITBase
import HotJITRuntime
#if canImport(Glibc)
import Glibc
#endif

/// The JIT'd program's exit handlers, run while its code is still mapped.
///
/// JIT'd code's `atexit`, `__cxa_atexit` and `exit` are bound to hotjit's (see `RuntimeSupport`), so the program's
/// handlers (C `atexit`, C++ static destructors) belong to the engine rather than to the host process: they run, in
/// reverse order of registration and followed by the `llvm.global_dtors` functions (as a native executable's
/// `.fini_array` runs after its `atexit` handlers), when `main` returns or when the program calls `exit`.
final class ProgramTermination: @unchecked Sendable {
    private struct Handler {
        let function: UnsafeRawPointer
        let argument: UnsafeMutableRawPointer?
        let takesArgument: Bool
    }

    private let lock = ConditionLock()
    private var handlers: [Handler] = []
    private var destructors: [UInt64] = []

    func register(function: UnsafeRawPointer, argument: UnsafeMutableRawPointer?, takesArgument: Bool) {
        lock.withLock { handlers.append(Handler(function: function, argument: argument, takesArgument: takesArgument)) }
    }

    /// Destructor functions (addresses) to run after the handlers, in order.
    func setDestructors(_ addresses: [UInt64]) { lock.withLock { destructors = addresses } }

    /// Runs every pending handler (newest first), then the destructors. A handler that calls `exit` continues the
    /// sequence from where it stands, as C requires.
    func runAll() {
        while let handler = lock.withLock({ handlers.popLast() }) {
            if handler.takesArgument {
                unsafeBitCast(handler.function,
                              to: (@convention(c) (UnsafeMutableRawPointer?) -> Void).self)(handler.argument)
            } else {
                unsafeBitCast(handler.function, to: (@convention(c) () -> Void).self)()
            }
        }
        while let destructor = lock.withLock({ destructors.isEmpty ? nil : destructors.removeFirst() }) {
            unsafeBitCast(UnsafeRawPointer(bitPattern: UInt(destructor))!, to: (@convention(c) () -> Void).self)()
        }
    }
}
