import HotJITBase
import LLVMBridge
import HotJITSupport
#if canImport(Glibc)
import Glibc
#endif

/// Definitions hotjit provides to JIT'd code in place of the process's: `atexit`, `__cxa_atexit` and `exit`, bound to
/// the engine's `ProgramTermination`. Loaded modules' declarations of these are renamed to hotjit's names
/// (`redirections`), and a small IR module per engine forwards them, with the engine's address (the absolute symbol
/// `__hotjit_engine`), to the C-callable functions below. The forwarders realign the stack (`stackrealign`): libc's
/// versions work when called on a stack that is not 16-byte aligned, as from an `interrupt` handler entered by `jmp`
/// (GCC's pr68037 tests call `exit` there), and Swift code does not (aligned SSE stores). Tier-0 code, which may be
/// such a handler, calls `tierUpTrigger` through a realigning forwarder too (`realignedTierUpTrigger`).
enum RuntimeSupport {
    static let moduleText = """
    @__hotjit_engine = external global i8
    declare i32 @__hotjit_register_exit_handler(ptr, ptr, ptr, i32)
    declare void @__hotjit_exit(ptr, i32) noreturn
    define i32 @__hotjit_atexit(ptr %function) #0 {
      %result = call i32 @__hotjit_register_exit_handler(ptr @__hotjit_engine, ptr %function, ptr null, i32 0)
      ret i32 %result
    }
    define i32 @__hotjit_cxa_atexit(ptr %function, ptr %argument, ptr %dso) #0 {
      %result = call i32 @__hotjit_register_exit_handler(ptr @__hotjit_engine, ptr %function, ptr %argument, i32 1)
      ret i32 %result
    }
    define void @__hotjit_exit_program(i32 %status) noreturn #0 {
      call void @__hotjit_exit(ptr @__hotjit_engine, i32 %status)
      unreachable
    }
    declare void @__hotjit_tierup_trigger(ptr, i32)
    define void @__hotjit_tierup_trigger_realigned(ptr %context, i32 %kind) #0 {
      call void @__hotjit_tierup_trigger(ptr %context, i32 %kind)
      ret void
    }
    attributes #0 = { "stackrealign" }
    """

    /// The forwarder tier-0 code calls when a counter meets its threshold: `tierUpTrigger` on a 16-byte aligned stack.
    static let realignedTierUpTrigger = "__hotjit_tierup_trigger_realigned"

    /// Program declarations renamed to hotjit's definitions.
    static let redirections: [String: String] = [
        "atexit": "__hotjit_atexit", "__cxa_atexit": "__hotjit_cxa_atexit", "exit": "__hotjit_exit_program",
    ]

    /// Symbols the JIT session itself defines (ORC's platform support).
    static let providedByTheJIT: Set<String> = ["__dso_handle"]

    /// Objects a native executable gets statically from libgcc that JIT'd code may refer to:
    /// `__builtin_cpu_supports`'s CPU model data.
    static func processObjects() -> [(name: String, address: UInt64)] {
        var model: UnsafeMutableRawPointer?
        var features: UnsafeMutableRawPointer?
        var initializer: UnsafeMutableRawPointer?
        hotjit_cpu_model_symbols(&model, &features, &initializer)
        guard let model, let features, let initializer else { return [] }
        return [("__cpu_model", UInt64(UInt(bitPattern: model))),
                ("__cpu_features2", UInt64(UInt(bitPattern: features))),
                ("__cpu_indicator_init", UInt64(UInt(bitPattern: initializer)))]
    }

    static let registerExitHandler: @convention(c) (UnsafeMutableRawPointer?, UnsafeRawPointer?,
                                                    UnsafeMutableRawPointer?, Int32) -> Int32 = {
        engine, function, argument, takesArgument in
        guard let engine, let function else { return -1 }
        Unmanaged<Engine>.fromOpaque(engine).takeUnretainedValue().runner.termination
            .register(function: function, argument: argument, takesArgument: takesArgument != 0)
        return 0
    }

    static let exitProgram: @convention(c) (UnsafeMutableRawPointer?, Int32) -> Void = { engine, status in
        if let engine {
            let engine = Unmanaged<Engine>.fromOpaque(engine).takeUnretainedValue()
            engine.runner.termination.runAll()
            if let exitProcess = engine.exitProcess { exitProcess(status) }
            engine.stopBackgroundCompiles()
        }
        Glibc.exit(status)
    }

    /// Called by tier-0 code (through `realignedTierUpTrigger`) when a counter meets its threshold: `(FunctionRecord,
    /// counter index)`. A call the native build does not make, so the program's floating-point environment is kept
    /// (`FloatingPointEnvironment`).
    static let tierUpTrigger: @convention(c) (UnsafeMutableRawPointer?, Int32) -> Void = { context, kind in
        guard let context else { return }
        let record = Unmanaged<FunctionRecord>.fromOpaque(context).takeUnretainedValue()
        guard let trigger = TierUpTrigger(counterIndex: Int(kind), countedLoops: FunctionCounters.countedLoops) else {
            return
        }
        FloatingPointEnvironment.inDefault { record.tiering?.thresholdCrossed(record, trigger: trigger) }
    }

    /// Defines hotjit's runtime support in `engine`'s JIT session: the engine's address, the C entry points above,
    /// the forwarding module, and the objects a native executable gets from libgcc.
    static func install(in engine: Engine, machines: TargetMachinePool) throws {
        let session = engine.session
        let me = UInt64(UInt(bitPattern: Unmanaged.passUnretained(engine).toOpaque()))
        try session.defineAbsolute([
            ("__hotjit_engine", me),
            ("__hotjit_register_exit_handler", address(of: registerExitHandler)),
            ("__hotjit_exit", address(of: exitProgram)),
            ("__hotjit_tierup_trigger", address(of: tierUpTrigger)),
        ])
        let module = try moduleText.withCString { pointer in
            try IRModule.parse(MemoryBuffer(copying: UnsafeRawBufferPointer(start: pointer, count: strlen(pointer)),
                                            name: "hotjit-runtime-support"), context: IRContext())
        }
        module.triple = session.triple
        module.dataLayout = session.dataLayout
        try session.addObject(try machines.withMachine(.none) { try $0.emitObject(module) })
        let objects = processObjects()
        try session.defineAbsolute(objects)
        engine.registry.defineProvided(objects.map(\.name) + Array(redirections.values) + Array(providedByTheJIT))
    }

    static func address<T>(of function: T) -> UInt64 {
        UInt64(UInt(bitPattern: unsafeBitCast(function, to: UnsafeRawPointer.self)))
    }
}
