import HotJITSupport

/// Atomic 8-byte stores and loads on pointer slots, which other threads jump through while we re-point them.
/// Release order: the code a slot points to is complete before any thread can see the slot's new value.
@inline(__always)
func atomicStore(_ word: UnsafeMutablePointer<UInt64>, _ value: UInt64) {
    hotjit_atomic_store_release_u64(word, value)
}

@inline(__always)
func atomicLoad(_ word: UnsafeMutablePointer<UInt64>) -> UInt64 {
    hotjit_atomic_load_acquire_u64(word)
}

@inline(__always)
func atomicCompareExchange(_ word: UnsafeMutablePointer<UInt64>, expected: UInt64, desired: UInt64) -> Bool {
    hotjit_atomic_compare_exchange_u64(word, expected, desired) != 0
}
