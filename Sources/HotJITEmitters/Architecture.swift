/// The machine architectures hotjit can emit lazy-call machinery for.
public enum Architecture: String, CaseIterable, Sendable {
    case x86_64

    /// The architecture this process runs on, if hotjit supports it.
    public static var host: Architecture? {
        #if arch(x86_64)
        return .x86_64
        #else
        return nil
        #endif
    }
}
