// Why this file exists: gdb must forget JIT'd code before it is freed; this records what the session registered.
import HotJITSupport
import HotJITBase

/// The entries a JIT session added to GDB's JIT interface, so that they can be taken out again when its code is freed.
///
/// With debugger support on, LLVM registers every object it links with debug info (`__jit_debug_register_code`) but
/// never unregisters it; a host that destroys an engine would leave gdb describing freed memory (and, once that
/// memory is reused, misnaming other code). Registration happens while a lookup links an object, so each session
/// records the entries that appeared at the head of the descriptor's list during its links (LLVM prepends), under one
/// process-wide lock shared by every session's links and removals, and removes exactly those when it is destroyed.
final class DebuggerRegistrations: @unchecked Sendable {
    /// Serializes links that may register and removals, across sessions.
    private static let lock = ConditionLock()
    private var entries: [UnsafeMutableRawPointer] = []

    /// Runs `body` (which may link objects), recording the entries it registers.
    func recording<T>(_ body: () throws -> T) rethrows -> T {
        try Self.lock.withLock {
            let previousHead = hotjit_gdb_jit_first_entry()
            defer {
                var entry = hotjit_gdb_jit_first_entry()
                while let current = entry, current != previousHead {
                    entries.append(current)
                    entry = hotjit_gdb_jit_next_entry(current)
                }
            }
            return try body()
        }
    }

    /// Takes every recorded entry out of GDB's list (gdb drops their symbols). Call before the code is freed.
    func unregisterAll() {
        Self.lock.withLock {
            for entry in entries { _ = hotjit_gdb_jit_unregister(entry) }
            entries.removeAll()
        }
    }
}
