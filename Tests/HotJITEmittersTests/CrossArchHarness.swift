import Foundation
import XCTest
import HotJITEmitters

/// Builds and runs `Tests/cross-arch/harness.c` for one architecture: cross-compiles it, lays out and emits the blob
/// (resolver, trampolines, stubs, call-counting thunks where the architecture has them) for a fixed base address, and
/// runs the harness natively or under qemu user mode.
/// See the harness's header comment for the command-line protocol and what it checks.
struct CrossArchHarness {
    let architecture: Architecture
    /// The compiled harness.
    let binary: URL
    /// The emulator command (`qemu-aarch64 -L /usr/aarch64-linux-gnu`), empty when the harness runs natively.
    let runner: [String]

    /// What one harness run printed and how it ended.
    struct Run {
        let status: Int32
        let output: String
        var passed: Bool { status == 0 && output.contains("PASS") }
        /// Registers the harness reported as not arriving intact ("FAIL register NAME: ...").
        var corruptedRegisters: Set<String> {
            Set(output.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("FAIL register ") else { return nil }
                return line.dropFirst("FAIL register ".count).split(separator: ":").first.map(String.init)
            })
        }
    }

    /// Where the pieces go. The code region starts at `code`; slots, the context block and the thunks' records are in
    /// `data`.
    struct Layout {
        let code: UInt64
        let data: UInt64
        static let trampolineCount = 4
        static let stubCount = 7
        static let reentryStub = 4        // the resolver's reentry (STUB_REENTRY in harness.c)
        static let thunkCount = 2         // NTHUNKS in harness.c
        static let contextOffset: UInt64 = 0x100
        static let recordsOffset: UInt64 = 0x200

        func trampolines(_ emitter: any ArchEmitter) -> UInt64 { code + roundUp(emitter.resolverSize, 256) }
        func stubs(_ emitter: any ArchEmitter) -> UInt64 {
            trampolines(emitter) + roundUp(Self.trampolineCount * emitter.trampolineSize, 256)
        }
        func thunks(_ emitter: any ArchEmitter) -> UInt64 {
            stubs(emitter) + roundUp(Self.stubCount * emitter.stubSize, 256)
        }
        var context: UInt64 { data + Self.contextOffset }
        /// 32-byte aligned, as the engine keeps records, whatever page offset the slots have.
        var records: UInt64 { (data + Self.recordsOffset + 31) & ~31 }
        private func roundUp(_ value: Int, _ alignment: Int) -> UInt64 { UInt64((value + alignment - 1) / alignment * alignment) }
    }

    /// Fixed bases far from where PIE binaries, their libraries and qemu's own mappings land (see the cross-arch note),
    /// with a set bit in each of the low three 16-bit chunks so PowerPC's 64-bit immediates are exercised. The second is
    /// a fallback in case the first is taken on some kernel.
    static let bases: [UInt64] = [0x7E_9ABC_0000, 0x3F_5678_0000]

    /// Set HOTJIT_CROSS_ARCH_KEEP=1 to keep the blobs and harness binaries and see each run's command line in failures.
    static var keepsBlobs: Bool { ProcessInfo.processInfo.environment["HOTJIT_CROSS_ARCH_KEEP"] != nil }

    // MARK: - Finding tools

    /// The harness for `architecture`, compiled once per test process; throws `XCTSkip` when the cross compiler or the
    /// emulator is not installed (run scripts/setup-cross-arch.sh).
    static func make(_ architecture: Architecture) throws -> CrossArchHarness {
        let compiler: String, flags: [String], runner: [String]
        switch architecture {
        case .x86_64:
            #if arch(x86_64)
            guard let cc = Tools.find(["cc", "gcc", "clang"]) else { throw XCTSkip("no native C compiler (cc) found") }
            (compiler, flags, runner) = (cc, [], [])
            #else
            throw XCTSkip("the x86-64 harness runs natively only on x86-64 hosts")
            #endif
        case .aarch64:
            (compiler, flags, runner) = try crossTools(gcc: "aarch64-linux-gnu-gcc", qemu: "qemu-aarch64",
                                                      sysroot: "/usr/aarch64-linux-gnu", flags: [])
        case .ppc64le:
            // -fPIE -pie: a static non-PIE harness would hide r12 (global entry) bugs, see the cross-arch note.
            (compiler, flags, runner) = try crossTools(gcc: "powerpc64le-linux-gnu-gcc", qemu: "qemu-ppc64le",
                                                      sysroot: "/usr/powerpc64le-linux-gnu", flags: ["-maltivec", "-mvsx"])
        case .ppc64:
            // ELFv1 (the default of Debian's big-endian toolchain); PIE as well, so the harness's TOC is a real
            // run-time value the resolver must load from descriptors rather than a link-time constant.
            (compiler, flags, runner) = try crossTools(gcc: "powerpc64-linux-gnu-gcc", qemu: "qemu-ppc64",
                                                      sysroot: "/usr/powerpc64-linux-gnu", flags: ["-maltivec", "-mvsx"])
        }
        let binary = try HarnessBuilds.shared.binary(
            for: architecture, source: harnessSource,
            compile: [compiler, "-O2", "-std=gnu11", "-Wall", "-Wextra", "-fPIE", "-pie"] + flags + [harnessSource.path])
        return CrossArchHarness(architecture: architecture, binary: binary, runner: runner)
    }

    private static func crossTools(gcc: String, qemu: String, sysroot: String, flags: [String]) throws
        -> (String, [String], [String]) {
        guard let compiler = Tools.find([gcc]) else {
            throw XCTSkip("\(gcc) is not installed (run scripts/setup-cross-arch.sh)")
        }
        guard let emulator = Tools.find([qemu]) else {
            throw XCTSkip("\(qemu) is not installed (run scripts/setup-cross-arch.sh)")
        }
        guard FileManager.default.fileExists(atPath: sysroot + "/lib") else {
            throw XCTSkip("the target libc is not installed under \(sysroot) (run scripts/setup-cross-arch.sh)")
        }
        return (compiler, flags, [emulator, "-L", sysroot])
    }

    static var harnessSource: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("cross-arch/harness.c")
    }

    // MARK: - Running

    /// Emits the blob with `emitter` at a fixed base, writes it to a temporary file and runs the harness on it. The
    /// slots go `dataDistance` bytes from the code (64 KiB by default: code and data never share a 64 KiB page).
    func run(_ emitter: any ArchEmitter, dataDistance: Int64 = 0x10000) throws -> Run {
        var last: Run?
        for base in Self.bases {
            let layout = Layout(code: base, data: UInt64(bitPattern: Int64(bitPattern: base) + dataDistance))
            let blob = try Self.emitBlob(emitter, layout)
            let blobFile = HarnessBuilds.shared.directory.appendingPathComponent(
                "blob-\(architecture.rawValue)-\(UUID().uuidString).bin")
            try Data(blob).write(to: blobFile)
            defer { if !Self.keepsBlobs { try? FileManager.default.removeItem(at: blobFile) } }
            let arguments = [
                "blob=\(blobFile.path)", "code=\(hex(layout.code))", "data=\(hex(layout.data))",
                "stubs=\(hex(layout.stubs(emitter)))", "stub_size=\(emitter.stubSize)",
                "tramps=\(hex(layout.trampolines(emitter)))", "tramp_size=\(emitter.trampolineSize)",
                "id_offset=\(emitter.trampolineIdentityOffset)", "context=\(hex(layout.context))",
            ] + (emitter.countingThunks.map { thunks in
                ["thunks=\(hex(layout.thunks(emitter)))", "thunk_size=\(thunks.countingThunkSize)",
                 "records=\(hex(layout.records))"]
            } ?? [])
            var run = try execute(arguments)
            if Self.keepsBlobs {   // for debugging by hand, e.g. with `qemu-aarch64 -d in_asm -D log ...`
                run = Run(status: run.status, output: "COMMAND \((runner + [binary.path] + arguments).joined(separator: " "))\n" + run.output)
            }
            if run.status == 4, run.output.contains("MAPFAIL") { last = run; continue }   // base taken: next base
            return run
        }
        return last!
    }

    /// x86-64 only: the XSAVE configuration of this CPU, as the runtime's HostEmitter would choose it.
    func x86VectorSave() throws -> X86_64Emitter.VectorSave {
        let run = try execute(["xsave-info"])
        let fields = Dictionary(uniqueKeysWithValues: run.output.split(whereSeparator: { $0 == " " || $0 == "\n" })
            .compactMap { pair -> (String, UInt64)? in
                let parts = pair.split(separator: "=")
                guard parts.count == 2 else { return nil }
                let text = parts[1].hasPrefix("0x") ? String(parts[1].dropFirst(2)) : String(parts[1])
                return UInt64(text, radix: parts[1].hasPrefix("0x") ? 16 : 10).map { (String(parts[0]), $0) }
            })
        guard let xcr0 = fields["xcr0"], let size = fields["size"], xcr0 != 0 else { return .fxsave }
        return .xsave(mask: xcr0 & 0b1110_0111, areaSize: Int(size))
    }

    /// The code region's bytes: resolver at `code`, then trampolines, then stubs (`Layout.reentryStub` is `reentry`),
    /// then the call-counting thunks if the emitter has them.
    static func emitBlob(_ emitter: any ArchEmitter, _ layout: Layout) throws -> [UInt8] {
        let trampolines = layout.trampolines(emitter), stubs = layout.stubs(emitter)
        let reentry = stubs + UInt64(Layout.reentryStub * emitter.stubSize)
        var blob = [UInt8](repeating: 0, count: Int(stubs - layout.code) + Layout.stubCount * emitter.stubSize)
        func place(_ bytes: [UInt8], at address: UInt64) {
            let offset = Int(address - layout.code)
            blob.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
        }
        place(try emitter.emitResolver(at: layout.code, reentry: reentry, context: layout.context), at: layout.code)
        place(try emitter.emitTrampolines(at: trampolines, resolver: layout.code, count: Layout.trampolineCount),
              at: trampolines)
        place(try emitter.emitStubs(at: stubs, slots: layout.data, count: Layout.stubCount), at: stubs)
        if let counting = emitter.countingThunks {
            let thunks = layout.thunks(emitter), size = Layout.thunkCount * counting.countingThunkSize
            blob += [UInt8](repeating: 0, count: Int(thunks - layout.code) + size - blob.count)
            place(try counting.emitCountingThunks(at: thunks, records: layout.records, count: Layout.thunkCount),
                  at: thunks)
        }
        return blob
    }

    private func execute(_ arguments: [String]) throws -> Run {
        let command = runner.isEmpty ? [binary.path] + arguments : runner + [binary.path] + arguments
        let result = try Tools.execute(command, timeout: 60)
        return Run(status: result.status, output: result.output)
    }

    private func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }
}

/// Compiled harnesses, one per architecture, reused across test processes as long as the source and the compile
/// command are unchanged (the file name carries a hash of both), so only the first run pays for compiling.
final class HarnessBuilds: @unchecked Sendable {
    static let shared = HarnessBuilds()
    let directory: URL
    private let lock = NSLock()
    private var built: [Architecture: URL] = [:]

    private init() {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hotjit-cross-arch")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// The harness built by `compile + ["-o", output]`; compiled to a temporary name and renamed into place, so
    /// concurrent test processes never see a half-written binary.
    func binary(for architecture: Architecture, source: URL, compile: [String]) throws -> URL {
        lock.lock()
        defer { lock.unlock() }
        if let url = built[architecture] { return url }
        var key = Array(try Data(contentsOf: source))
        key += Array(compile.joined(separator: "\u{0}").utf8)
        let url = directory.appendingPathComponent("harness-\(architecture.rawValue)-\(String(fnv1a(key), radix: 16))")
        if !FileManager.default.isExecutableFile(atPath: url.path) {
            let partial = directory.appendingPathComponent("partial-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: partial) }
            try Tools.run(compile + ["-o", partial.path])
            if rename(partial.path, url.path) != 0 { throw Tools.Failure(description: "cannot rename \(partial.path)") }
        }
        built[architecture] = url
        return url
    }

    private func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }
}
