import Foundation

/// Finding and running external tools.
enum Tools {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The first of `names` found as an executable on PATH (or given as an absolute path).
    static func find(_ names: [String]) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for name in names {
            if name.hasPrefix("/") {
                if FileManager.default.isExecutableFile(atPath: name) { return name }
                continue
            }
            for directory in path.split(separator: ":") {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// Runs `command` and throws with its output unless it exits 0.
    @discardableResult
    static func run(_ command: [String]) throws -> String {
        let result = try execute(command, timeout: 120)
        guard result.status == 0 else {
            throw Failure(description: "\(command.joined(separator: " ")) exited \(result.status):\n\(result.output)")
        }
        return result.output
    }

    /// Runs `command` with stdout and stderr merged into a temporary file; kills it after `timeout` seconds.
    static func execute(_ command: [String], timeout: TimeInterval) throws -> (status: Int32, output: String) {
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("hotjit-tool-\(UUID().uuidString).out")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outputFile) }
        let handle = try FileHandle(forWritingTo: outputFile)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.standardOutput = handle
        process.standardError = handle
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        var timedOut = false
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            finished.wait()
        }
        var output = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        if timedOut { output += "\nTIMEOUT after \(timeout) s" }
        let status: Int32 = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus
                                                                          : process.terminationStatus
        return (timedOut ? 124 : status, output)
    }
}
