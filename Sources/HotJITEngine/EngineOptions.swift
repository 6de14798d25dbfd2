/// How an engine behaves. Every field has a default that suits running a C or C++ program.
public struct EngineOptions: Sendable {
    /// Libraries to load (RTLD_GLOBAL) before anything is resolved, like `--load=` of the runner.
    public var libraries: [String] = []
    /// Print each lazy compilation to standard error (for debugging hotjit itself).
    public var verbose = false

    public init() {}
}
