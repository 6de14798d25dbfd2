import LLVMBridge

/// Compiles one function at a tier: extract it from its program (under the program's lock), then, in a private
/// LLVM context, optimize and generate code, add the object to the JIT session and look the new version up.
struct FunctionCompiler {
    let session: JITSession
    let machines: TargetMachinePool

    /// The symbol a version is linked under; never the function's own name, which belongs to its stub.
    static func versionSymbol(_ name: String, tier: Int) -> String { "\(name)$t\(tier)" }

    func compile(_ record: FunctionRecord, program: LoadedProgram, tier: Int) throws -> FunctionRecord.CompiledVersion {
        let start = monotonicNanoseconds()
        let symbol = Self.versionSymbol(record.name, tier: tier)
        let unit: IRModule
        do {
            unit = try program.functionUnit(record.name, as: symbol, tier: tier)
        } catch let error as LLVMError {
            throw EngineError.invalidIR(Engine.invalidIRMessage(error.message, file: program.path))
        }
        if let failure = unit.verificationFailure() {
            throw EngineError.invalidIR("\(program.path): invalid function '\(record.sourceName)': \(failure.split(separator: "\n").first ?? "")")
        }
        let object = try machines.withMachine(.none) { try $0.emitObject(unit) }
        try session.addObject(object)
        let address = try session.lookup(symbol)
        return .init(tier: tier, address: address, compileNanoseconds: monotonicNanoseconds() - start)
    }
}
