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
///
/// Dumps are a diagnostic aid, so they never stop the program: a directory that cannot be created or written is
/// reported once at engine creation (`hotjit: warning: cannot write dumps to 'DIR': ...`) and nothing is dumped; a
/// file that cannot be written later is reported on its own line (`hotjit: warning: cannot write dump 'PATH': ...`).
final class CompilationDumper: @unchecked Sendable {
    let directory: String
    /// What is dumped: the kinds asked for, or none when the directory is unusable.
    let kinds: Set<String>
    private let lock = ConditionLock()

    init(directory: String, kinds: Set<String>) {
        self.directory = directory
        if let problem = Self.prepare(directory) {
            writeToStandardError("hotjit: warning: cannot write dumps to '\(directory)': \(problem) "
                                 + "(nothing is dumped)\n")
            self.kinds = []
        } else {
            self.kinds = kinds
        }
    }

    var wantsIR: Bool { kinds.contains("ir") }
    var wantsAssembly: Bool { kinds.contains("asm") }

    /// Creates `directory` and its missing parents (as `mkdir -p`) and checks that files can be created in it; why
    /// not, or nil. The check is access(2): root passes it on any directory of a writable file system, but a path
    /// under a regular file or on a read-only file system fails for root too.
    private static func prepare(_ directory: String) -> String? {
        var prefix = directory.hasPrefix("/") ? "/" : ""
        for component in directory.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o755) != 0, errno != EEXIST { return Self.errorText(errno) }
            prefix += "/"
        }
        var status = stat()
        guard stat(directory, &status) == 0 else { return Self.errorText(errno) }
        guard status.st_mode & S_IFMT == S_IFDIR else { return Self.errorText(ENOTDIR) }
        guard access(directory, W_OK | X_OK) == 0 else { return Self.errorText(errno) }
        return nil
    }

    private static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// Reports a dump file that could not be written (one line per failure; the program goes on).
    private static func warn(_ path: String, _ code: Int32) {
        writeToStandardError("hotjit: warning: cannot write dump '\(path)': \(errorText(code))\n")
    }

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
            let bytes = UnsafeBufferPointer(start: UnsafePointer<UInt8>(bitPattern: UInt(entry.start)),
                                            count: Int(entry.size))
            let kind = entry.kind == .stub ? "stub" : entry.kind == .trampoline ? "trampoline"
                : entry.kind == .thunk ? "thunks" : "resolver"
            text += "# \(entry.name) [\(kind)] at 0x\(String(entry.start, radix: 16))\n"
            text += bytes.map { "0x" + String($0, radix: 16) }.joined(separator: " ") + "\n"
        }
        lock.withLock { Self.writeFile("\(directory)/stubs.txt", text, mode: "a") }
    }

    private static func fileName(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." ? $0 : "_" }.prefix(200))
    }

    /// Writes `text` to `path` (`mode` as for fopen), or reports why it could not: opening, writing and the final
    /// flush in fclose can each fail (a full disk shows only there).
    private static func writeFile(_ path: String, _ text: String, mode: String = "w") {
        guard let file = fopen(path, mode) else { return warn(path, errno) }
        let wrote = fputs(text, file) >= 0
        let writeError = errno
        if fclose(file) != 0 { return warn(path, errno) }
        if !wrote { warn(path, writeError) }
    }
}
