#if canImport(Glibc)
import Glibc
#endif

/// The host process's own symbols, which JIT'd code may use: the C library, the libraries a C or C++ program
/// expects without naming them, and libraries loaded with `--load` / `hotjit_engine_load_library`.
enum ProcessSymbols {
    /// Loads a shared library so that its symbols resolve (RTLD_GLOBAL).
    static func loadLibrary(_ path: String) throws {
        guard dlopen(path, RTLD_NOW | RTLD_GLOBAL) != nil else {
            throw EngineError.io("cannot load library '\(path)': \(String(cString: dlerror()))")
        }
    }

    /// Libraries a C or C++ program expects to find without naming them (the C library is always there).
    private static let defaultLibraries: Bool = {
        for library in ["libm.so.6", "libstdc++.so.6", "libgcc_s.so.1"] { _ = dlopen(library, RTLD_NOW | RTLD_GLOBAL) }
        return true
    }()

    /// Whether the process (with its default and loaded libraries) defines `name`.
    static func defines(_ name: String) -> Bool {
        _ = defaultLibraries
        return dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) != nil
    }
}
