/// How an engine behaves. Every field has a default that suits running a C or C++ program.
public struct EngineOptions: Sendable {
    /// Libraries to load (RTLD_GLOBAL) before anything is resolved, like `--load=` of the runner.
    public var libraries: [String] = []
    /// Print each lazy compilation to standard error (for debugging hotjit itself).
    public var verbose = false
    /// Textual IR: parse only the module's skeleton at load and each function's body when it is first compiled
    /// (fast start for large modules). Errors inside a function body then surface when that function is first called
    /// instead of at load. Off by default for hosts (errors at load are easier to handle); hotjit-run turns it on.
    public var deferFunctionParsing = false
    /// Register JIT'd code with GDB's JIT interface so debuggers see it by name (`--debug-jit`), and keep the IR's
    /// debug info (otherwise dropped at load) so they see source lines too.
    public var debuggerSupport = false
    /// Write `/tmp/perf-<pid>.map` entries for every stub block, resolver, trampoline and compiled version
    /// (`--perf-map`).
    public var perfMap = false
    /// What `--dump` writes: any of "ir" (the IR handed to code generation, per function and tier), "asm" (its
    /// assembly), "stubs" (the resolver, trampoline and stub blocks as bytes llvm-mc can disassemble).
    public var dump: Set<String> = []
    /// Where dumps go.
    public var dumpDirectory = "hotjit-dump"
    /// How many small functions a function's first compile may bring along, each compiled in the same unit so that
    /// its own first call finds its code ready (0: every function alone). Only functions it calls directly, with
    /// bodies in the same module, that nothing has compiled yet.
    public var tier0Companions = 8
    /// Tier-up: thresholds, background or synchronous compiles, optimization level.
    public var tiering = TieringOptions()
    /// The persistent code and profile cache's directory (created if missing), or nil for none (the default for
    /// hosts; hotjit-run uses `CodeCacheStore.defaultDirectory`). Compiled versions are kept there and linked again
    /// by later runs of the same modules with the same options; a function optimized in an earlier run starts at its
    /// optimized code, unless a recompile hook is installed. Off while `dump` is on.
    public var cacheDirectory: String?
    /// The cache directory's size limit in bytes: past it, the least recently used entries are removed when the
    /// engine saves its profile.
    public var cacheSizeLimit: UInt64 = 512 << 20
    /// `$XDG_CACHE_HOME/hotjit`, else `$HOME/.cache/hotjit`: where hotjit-run keeps its cache.
    public static var defaultCacheDirectory: String? { CodeCacheStore.defaultDirectory }

    public init() {}
}
