import HotJITSupport

/// Makes code written through a data pointer visible to instruction fetch.
func hotjitFlushInstructionCache(_ pointer: UnsafeMutableRawPointer, _ size: Int) {
    hotjit_flush_icache(pointer, size)
}
