import HotJITSupport

/// The one way hotjit reads and writes 8-byte words that other threads (or JIT'd code) use at the same time.
///
/// Two orders, chosen per word:
/// - release/acquire for pointer slots and published addresses (stub slots, OSR slots, thunk targets): the code a
///   slot points to is complete before any thread can see the slot's new value;
/// - relaxed for counters that JIT'd code decrements without synchronization (call and back-edge counts). The race
///   is intended: a count may lose an update when two threads run the same function, which only shifts when a
///   trigger fires. The relaxed access keeps the compiler from tearing or caching the word.
public enum Atomics {
    @inline(__always)
    public static func storeRelease(_ word: UnsafeMutablePointer<UInt64>, _ value: UInt64) {
        hotjit_atomic_store_release_u64(word, value)
    }

    /// Sequentially consistent load and store: for a reader count that must be ordered with a pointer's exchange
    /// (store the new pointer, then load the count; count in, then load the pointer).
    @inline(__always)
    public static func loadSequentiallyConsistent(_ word: UnsafePointer<UInt64>) -> UInt64 {
        hotjit_atomic_load_seq_cst_u64(word)
    }

    @inline(__always)
    public static func storeSequentiallyConsistent(_ word: UnsafeMutablePointer<UInt64>, _ value: UInt64) {
        hotjit_atomic_store_seq_cst_u64(word, value)
    }

    @inline(__always)
    public static func loadAcquire(_ word: UnsafePointer<UInt64>) -> UInt64 {
        hotjit_atomic_load_acquire_u64(word)
    }

    /// Stores `desired` only if the word still holds `expected` (acquire-release); whether it did.
    @inline(__always)
    public static func compareExchange(_ word: UnsafeMutablePointer<UInt64>, expected: UInt64,
                                       desired: UInt64) -> Bool {
        hotjit_atomic_compare_exchange_u64(word, expected, desired) != 0
    }

    /// A counter's value, read while JIT'd code may be counting it down.
    @inline(__always)
    public static func loadRelaxed(_ word: UnsafePointer<UInt64>) -> UInt64 {
        hotjit_atomic_load_relaxed_u64(word)
    }

    /// Sets a counter that JIT'd code may be counting down at the same time (an update of its may be lost).
    @inline(__always)
    public static func storeRelaxed(_ word: UnsafeMutablePointer<UInt64>, _ value: UInt64) {
        hotjit_atomic_store_relaxed_u64(word, value)
    }
}
