import HotJITBase
#if canImport(Glibc)
import Glibc
#endif

/// Runs a loaded program the way a C runtime does: static constructors (once, in priority order), `main(argc,
/// argv, envp)`, then the program's exit handlers and static destructors (`ProgramTermination`).
final class ProgramRunner: @unchecked Sendable {
    private let registry: ProgramRegistry
    let termination = ProgramTermination()
    private let lock = ConditionLock()
    private var constructorsRan = false

    init(registry: ProgramRegistry) { self.registry = registry }

    /// Runs the static constructors of every loaded module (once), in priority order; registers the destructors.
    /// Every constructor and destructor is looked up first: a module of theirs that needs a symbol nothing defines
    /// fails the call before any runs (and a later call tries again); other modules do not matter.
    func runConstructors() throws {
        guard lock.withLock({ !constructorsRan }) else { return }
        let constructors = try registry.staticConstructors.map { try registry.lookup($0) }
        let destructors = try registry.staticDestructors.map { try registry.lookup($0) }
        guard lock.withLock({ () -> Bool in
            defer { constructorsRan = true }
            return !constructorsRan
        }) else { return }
        termination.setDestructors(destructors.reversed())
        for address in constructors {
            try Self.call(address, as: (@convention(c) () -> Void).self)()
        }
    }

    /// Runs the program's exit handlers (newest first) and then its destructors; each runs at most once.
    func runExitHandlers() { termination.runAll() }

    /// Runs `main` like a C runtime: constructors first, then main, then the exit handlers and destructors.
    /// Fails first if any module needs a symbol nothing defines. Returns main's result. `arguments[0]` is the
    /// program name.
    func runMain(arguments: [String],
                 environment: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) throws -> Int32 {
        guard registry.function(named: "main") != nil else {
            throw EngineError.notFound("no function 'main' in the loaded modules")
        }
        // A program run from `main` is all of its modules: like a native link, any symbol missing anywhere fails it.
        try registry.checkUnresolvedSymbols()
        let mainAddress = try registry.lookup("main")
        // As in a fresh process, the program starts in the default floating-point environment, whatever hotjit or the
        // host did to the thread's before; the host gets its own back.
        return try FloatingPointEnvironment.inDefault { try runMain(at: mainAddress, arguments: arguments,
                                                                      environment: environment) }
    }

    private func runMain(at mainAddress: UInt64, arguments: [String],
                         environment: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) throws -> Int32 {
        try runConstructors()
        typealias MainFunction = @convention(c) (Int32, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                                                 UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32
        let main = try Self.call(mainAddress, as: MainFunction.self)
        let argv = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: arguments.count + 1)
        for (index, argument) in arguments.enumerated() { argv[index] = strdup(argument) }
        argv[arguments.count] = nil
        let status = main(Int32(arguments.count), argv, environment)
        termination.runAll()
        return status
    }

    /// The function at `address` as a C function of type `type`.
    private static func call<F>(_ address: UInt64, as type: F.Type) throws -> F {
        guard let pointer = UnsafeRawPointer(bitPattern: UInt(address)) else {
            throw EngineError.compile("function at address 0")
        }
        return unsafeBitCast(pointer, to: type)
    }
}
