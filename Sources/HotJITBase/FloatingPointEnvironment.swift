import HotJITSupport

/// Runs hotjit's own code on a program's thread in the default floating-point environment and gives the program its
/// environment back afterwards, flags included: JIT'd code must see the rounding mode, masks and sticky exception flags
/// only its own operations set, as natively, and LLVM must not compile under a program's unmasked exceptions or
/// rounding mode. errno is kept the same way (JIT'd code sees only the values its own calls set). For every entry
/// from JIT'd code into hotjit (resolver, tier-up trigger) and around a program run.
/// (A thread hotjit starts inherits the environment of the thread that starts it, so this covers compile threads too.)
public enum FloatingPointEnvironment {
    @inline(__always)
    public static func inDefault<T>(_ body: () throws -> T) rethrows -> T {
        var saved = hotjit_fp_environment()
        hotjit_fp_enter_default(&saved)
        defer { hotjit_fp_restore(&saved) }
        return try body()
    }
}
