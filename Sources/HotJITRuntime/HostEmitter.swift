import HotJITEmitters
import HotJITSupport

/// The emitter for the machine this process runs on, configured from what the CPU and OS enable
/// (on x86-64: XSAVE with every enabled vector component, so AVX and AVX-512 argument registers survive in full).
public enum HostEmitter {
    /// The host's emitter, or nil where hotjit has no emitter for this architecture.
    public static func make() -> (any ArchEmitter)? {
        guard let architecture = Architecture.host else { return nil }
        return makeEmitter(for: architecture, x86VectorSave: x86VectorSave)
    }

    /// XSAVE over x87, SSE, AVX and AVX-512 state as far as the OS enabled them; FXSAVE without OS XSAVE support.
    public static var x86VectorSave: X86_64Emitter.VectorSave {
        var state = hotjit_x86_vector_state()
        hotjit_query_x86_vector_state(&state)
        guard state.has_xsave != 0 else { return .fxsave }
        let vectorComponents: UInt64 = 0b1110_0111   // x87, SSE, AVX, opmask, ZMM_Hi256, Hi16_ZMM
        return .xsave(mask: state.xcr0 & vectorComponents, areaSize: Int(state.xsave_size))
    }
}
