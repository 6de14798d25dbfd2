import HotJITBase
import LLVMBridge
import HotJITEmitters
import HotJITRuntime
#if canImport(Glibc)
import Glibc
#endif

/// Writes what was compiled, for people reading hotjit's output: per function and tier the IR handed to code
/// generation (`NAME.tN.ll`) and its assembly (`NAME.tN.s`), and the lazy-call machinery (`stubs.txt`: each block's
/// bytes in llvm-mc's disassembler input syntax, one line per stub or trampoline, named).
final class CompilationDumper: @unchecked Sendable {
    let directory: String
    let kinds: Set<String>
    private let lock = ConditionLock()

    init(directory: String, kinds: Set<String>) {
        self.directory = directory
        self.kinds = kinds
        mkdir(directory, 0o755)
    }

    var wantsIR: Bool { kinds.contains("ir") }
    var wantsAssembly: Bool { kinds.contains("asm") }

    /// Writes `NAME.VERSION.ll` / `.s`; `version` is `t0`, `t1` or `osrK` (the continuation of loop K).
    func write(_ name: String, version: String, ir: String?, assembly: String?) {
        let base = "\(directory)/\(Self.fileName(name)).\(version)"
        if let ir { Self.writeFile(base + ".ll", ir) }
        if let assembly { Self.writeFile(base + ".s", assembly) }
    }

    func dumpStubs(_ entries: [CodeMap.Entry], emitter: any ArchEmitter) {
        guard kinds.contains("stubs"), !entries.isEmpty else { return }
        var text = ""
        for entry in entries {
            let bytes = UnsafeBufferPointer(start: UnsafePointer<UInt8>(bitPattern: UInt(entry.start)), count: Int(entry.size))
            let kind = entry.kind == .stub ? "stub" : entry.kind == .trampoline ? "trampoline" : entry.kind == .thunk ? "thunks" : "resolver"
            text += "# \(entry.name) [\(kind)] at 0x\(String(entry.start, radix: 16))\n"
            text += bytes.map { "0x" + String($0, radix: 16) }.joined(separator: " ") + "\n"
        }
        lock.withLock {
            let file = fopen("\(directory)/stubs.txt", "a")
            fputs(text, file)
            fclose(file)
        }
    }

    private static func fileName(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." ? $0 : "_" }.prefix(200))
    }

    private static func writeFile(_ path: String, _ text: String) {
        guard let file = fopen(path, "w") else { return }
        fputs(text, file)
        fclose(file)
    }
}
