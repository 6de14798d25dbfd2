/// The machine architectures hotjit can emit lazy-call machinery for.
public enum Architecture: String, CaseIterable, Sendable {
    case x86_64
    /// AArch64 (arm64), AAPCS64 on Linux.
    case aarch64
    /// 64-bit PowerPC, little-endian, ELFv2 ABI.
    case ppc64le
    /// 64-bit PowerPC, big-endian, ELFv1 ABI (function descriptors), as on Linux with glibc.
    case ppc64

    /// The architecture this process runs on, if hotjit supports it.
    public static var host: Architecture? {
        #if arch(x86_64)
        return .x86_64
        #elseif arch(arm64)
        return .aarch64
        #elseif arch(powerpc64le)
        return .ppc64le
        #elseif arch(powerpc64)
        return .ppc64   // big-endian Linux (glibc) is ELFv1; big-endian ELFv2 systems (musl, FreeBSD) are not supported
        #else
        return nil
        #endif
    }
}
