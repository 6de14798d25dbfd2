import HotJITSupport

/// SHA-256 (FIPS 180-4): the code cache names its entries by a digest of everything that decides the compiled code
/// (whole modules, up to megabytes, at start-up) and checks every file it reads against a digest, and the package
/// links no crypto library. Blocks are compressed by the x86 SHA extensions where the CPU has them (sha256.c in
/// HotJITSupport, several times faster), else by the Swift code below.
/// Whole 64-byte blocks are compressed straight from the caller's memory; only a partial block is copied.
struct SHA256 {
    /// Whether this CPU has the SHA extensions (and SSSE3, SSE4.1) `hotjit_sha256_blocks` needs; checked once.
    static let hardwareAvailable = hotjit_sha256_has_hardware() != 0

    /// The eight working words H0...H7.
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
        (0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19)
    /// Bytes of a block not complete yet (always fewer than 64).
    private var pending: [UInt8] = []
    /// Message length so far, in bytes.
    private var length: UInt64 = 0
    /// Whether blocks go to `hotjit_sha256_blocks` (never without the hardware).
    private let useHardware: Bool

    /// `useHardware: false` forces the Swift code (tests compare the two).
    init(useHardware: Bool = SHA256.hardwareAvailable) {
        self.useHardware = useHardware && SHA256.hardwareAvailable
        pending.reserveCapacity(64)
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        length &+= UInt64(bytes.count)
        var offset = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, bytes.count)
            pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: take))
            offset = take
            guard pending.count == 64 else { return }
            pending.withUnsafeBytes { compress(blocks: $0.baseAddress!, count: 1) }
            pending.removeAll(keepingCapacity: true)
        }
        let whole = (bytes.count - offset) / 64
        if whole > 0 {
            compress(blocks: base + offset, count: whole)
            offset += whole * 64
        }
        if offset < bytes.count {
            pending.append(contentsOf: UnsafeRawBufferPointer(start: base + offset, count: bytes.count - offset))
        }
    }

    mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The string's UTF-8 bytes (no terminator).
    mutating func update(_ string: String) {
        var copy = string
        copy.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// The string's UTF-8 length (8 bytes), then its bytes: strings hashed one after another stay apart ("ab", "c"
    /// is not "a", "bc").
    mutating func update(lengthPrefixed string: String) {
        update(UInt64(string.utf8.count))
        update(string)
    }

    /// The value's 8 bytes, little-endian.
    mutating func update(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { update($0) }
    }

    /// The 32-byte digest of everything given so far; the hasher itself is left as it was (more may follow).
    func finalize() -> [UInt8] {
        var copy = self
        let bits = length &* 8
        var tail = pending
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        withUnsafeBytes(of: bits.bigEndian) { tail.append(contentsOf: $0) }
        tail.withUnsafeBytes { copy.compress(blocks: $0.baseAddress!, count: tail.count / 64) }
        var digest: [UInt8] = []
        digest.reserveCapacity(32)
        let (h0, h1, h2, h3, h4, h5, h6, h7) = copy.state
        for word in [h0, h1, h2, h3, h4, h5, h6, h7] {
            withUnsafeBytes(of: word.bigEndian) { digest.append(contentsOf: $0) }
        }
        return digest
    }

    /// The digest of `bytes` in one call.
    static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Compresses `count` consecutive 64-byte blocks at `blocks` (any alignment) into `state`.
    private mutating func compress(blocks: UnsafeRawPointer, count: Int) {
        guard useHardware else { return SHA256.compress(&state, blocks: blocks, count: count) }
        // A homogeneous tuple is laid out as an array of its element: H0...H7 in order, as the C function takes them.
        withUnsafeMutablePointer(to: &state) { tuple in
            tuple.withMemoryRebound(to: UInt32.self, capacity: 8) { words in
                hotjit_sha256_blocks(words, blocks.assumingMemoryBound(to: UInt8.self), count)
            }
        }
    }

    /// The round constants: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
    private static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &>> n) | (x &<< (32 &- n)) }

    /// One round: `d` += T1 and `h` = T1 + T2, where `constantPlusWord` is K[t] + W[t].
    @inline(__always)
    private static func round(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32,
                              _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ constantPlusWord: UInt32) {
        let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ constantPlusWord
        let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
        d &+= t1
        h = t1 &+ t2
    }

    /// The Swift compression: `count` consecutive 64-byte blocks at `blocks` (any alignment) into `state`.
    private static func compress(_ state: inout (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32),
                                 blocks: UnsafeRawPointer, count: Int) {
        roundConstants.withUnsafeBufferPointer { constants in
            let k = constants.baseAddress!
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
                let w = schedule.baseAddress!
                var (h0, h1, h2, h3, h4, h5, h6, h7) = state
                for block in 0..<count {
                    let bytes = blocks + block * 64
                    for t in 0..<16 {
                        w[t] = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: t * 4, as: UInt32.self))
                    }
                    for t in 16..<64 {
                        let x = w[t - 15], y = w[t - 2]
                        let s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x &>> 3)
                        let s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y &>> 10)
                        w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
                    }
                    var (a, b, c, d, e, f, g, h) = (h0, h1, h2, h3, h4, h5, h6, h7)
                    // Eight rounds per pass with the variables' roles rotated, instead of shifting all eight
                    // values every round.
                    var t = 0
                    while t < 64 {
                        round(a, b, c, &d, e, f, g, &h, k[t] &+ w[t])
                        round(h, a, b, &c, d, e, f, &g, k[t + 1] &+ w[t + 1])
                        round(g, h, a, &b, c, d, e, &f, k[t + 2] &+ w[t + 2])
                        round(f, g, h, &a, b, c, d, &e, k[t + 3] &+ w[t + 3])
                        round(e, f, g, &h, a, b, c, &d, k[t + 4] &+ w[t + 4])
                        round(d, e, f, &g, h, a, b, &c, k[t + 5] &+ w[t + 5])
                        round(c, d, e, &f, g, h, a, &b, k[t + 6] &+ w[t + 6])
                        round(b, c, d, &e, f, g, h, &a, k[t + 7] &+ w[t + 7])
                        t += 8
                    }
                    h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d; h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= h
                }
                state = (h0, h1, h2, h3, h4, h5, h6, h7)
            }
        }
    }
}

/// The name of a cache entry: a SHA-256 digest of everything that decides what the entry holds. The store takes
/// 32-byte digests only (any other is a miss on loading and a write failure on storing).
struct CacheKey: Hashable, Sendable {
    let digest: [UInt8]

    init(digest: [UInt8]) {
        self.digest = digest
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// The digest in lowercase hexadecimal: the entry's file name.
    var hex: String {
        let digits = CacheKey.hexDigits
        var text: [UInt8] = []
        text.reserveCapacity(digest.count * 2)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xf)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The key of `parts`, each hashed after its UTF-8 length, so that no two different lists of parts (["ab", "c"]
    /// and ["a", "bc"]) hash the same bytes.
    static func of(_ parts: [String]) -> CacheKey {
        var hasher = SHA256()
        hasher.update(UInt64(parts.count))
        for part in parts { hasher.update(lengthPrefixed: part) }
        return CacheKey(digest: hasher.finalize())
    }
}
