#if canImport(Glibc)
import Glibc
#endif

/// Monotonic nanoseconds, for compile times and traces.
func monotonicNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}

/// Monotonic seconds (for wall-time reports).
public func monotonicSeconds() -> Double { Double(monotonicNanoseconds()) / 1e9 }
