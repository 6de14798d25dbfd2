import HotJITBase
import LLVMBridge
import HotJITRuntime

/// Target machines for the host, one optimization level each, reused across compiles. A target machine is not safe
/// for concurrent use, so each compile borrows one for its duration; the pool grows to the number of concurrent
/// compiles.
final class TargetMachinePool: @unchecked Sendable {
    private let lock = ConditionLock()
    private var idle: [TargetMachine.OptimizationLevel: [TargetMachine]] = [:]
    let triple: String
    let cpu: String
    let features: String

    init(triple: String, cpu: String, features: String) {
        self.triple = triple
        self.cpu = cpu
        self.features = features
    }

    func withMachine<T>(_ level: TargetMachine.OptimizationLevel, _ body: (TargetMachine) throws -> T) throws -> T {
        let machine = try lock.withLock { idle[level]?.popLast() }
            ?? TargetMachine(triple: triple, cpu: cpu, features: features, level: level)
        defer { lock.withLock { idle[level, default: []].append(machine) } }
        return try body(machine)
    }
}
