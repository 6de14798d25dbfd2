import HotJITSupport

/// The return addresses on the calling thread's stack, innermost first, as far as the unwinder sees (JIT'd code
/// registers its unwind tables with ORC, so the walk goes through JIT'd frames as the crash report's does). A
/// reclaim looks for JIT'd frames among them: a host function that JIT'd code called breaks the reclaim's promise
/// on its own thread, which hotjit can see and refuse. Other threads' frames it cannot see.
enum CallingThreadFrames {
    /// Frames deeper than this are not looked at (the check is best effort).
    static let limit = 512

    static func returnAddresses() -> [UInt64] {
        var frames = [UnsafeMutableRawPointer?](repeating: nil, count: limit)
        let count = frames.withUnsafeMutableBufferPointer { hotjit_return_addresses($0.baseAddress, Int32(limit)) }
        // A return address is just past its call; one byte back lies inside the calling code.
        return frames.prefix(Int(max(0, count))).compactMap { $0.map { UInt64(UInt(bitPattern: $0)) &- 1 } }
    }
}
