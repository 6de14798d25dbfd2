// Why this file exists: every LLVMBridge test starts from a little IR text; these helpers parse it and read the result.
import CLLVM
import XCTest
@testable import LLVMBridge

enum TestIR {
    static let triple = "x86_64-pc-linux-gnu"
    static let dataLayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
    static let preamble = "target datalayout = \"\(dataLayout)\"\ntarget triple = \"\(triple)\"\n"

    static func buffer(_ text: String, name: String = "test.ll") -> MemoryBuffer {
        Array(text.utf8).withUnsafeBytes { MemoryBuffer(copying: $0, name: name) }
    }

    static func parse(_ text: String) throws -> IRModule {
        try IRModule.parse(buffer(text), context: IRContext())
    }

    static func options(deferred: Bool, keepDebugInfo: Bool = false) -> ProgramLoadOptions {
        ProgramLoadOptions(deferFunctionParsing: deferred, uniqueSuffix: ".hj0", defaultTriple: triple,
                           defaultDataLayout: dataLayout, keepDebugInfo: keepDebugInfo)
    }

    static func load(_ text: String, deferred: Bool) throws -> LoadedModule {
        try LoadedModule.load(buffer(text), name: "test.ll", options: options(deferred: deferred))
    }

    static func functions(_ module: IRModule) -> [LLVMValueRef] {
        Array(llvmSequence(LLVMGetFirstFunction(module.module), LLVMGetNextFunction))
    }

    static func globals(_ module: IRModule) -> [LLVMValueRef] {
        Array(llvmSequence(LLVMGetFirstGlobal(module.module), LLVMGetNextGlobal))
    }

    /// Names of the functions with bodies and of those only declared.
    static func definedAndDeclared(_ module: IRModule) -> (defined: Set<String>, declared: Set<String>) {
        var defined: Set<String> = [], declared: Set<String> = []
        for function in functions(module) {
            if LLVMIsDeclaration(function) == 0 { defined.insert(valueName(function)) } else {
                declared.insert(valueName(function))
            }
        }
        return (defined, declared)
    }

    /// The printed definition of function `name`, its own name replaced by `@F` and its arguments, blocks and
    /// instructions unnamed (numbered), so that copies compare equal.
    static func definitionText(_ module: IRModule, _ name: String) throws -> String {
        let function = try XCTUnwrap(LLVMGetNamedFunction(module.module, name), "no function \(name)")
        for index in 0..<LLVMCountParams(function) { LLVMSetValueName2(LLVMGetParam(function, index), "", 0) }
        for block in llvmSequence(LLVMGetFirstBasicBlock(function), LLVMGetNextBasicBlock) {
            LLVMSetValueName2(LLVMBasicBlockAsValue(block), "", 0)
            for instruction in llvmSequence(LLVMGetFirstInstruction(block), LLVMGetNextInstruction) {
                LLVMSetValueName2(instruction, "", 0)
            }
        }
        let text = describe(function)
        let quoted = quotedGlobal(name)
        return text.replacingOccurrences(of: quoted + "(", with: "@F(")
    }
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = "", rest = Substring(self)
        while let range = String(rest).firstRange(of: target) {
            let string = String(rest)
            result += string[..<range.lowerBound] + replacement
            rest = Substring(string[range.upperBound...])
        }
        return result + rest
    }
}
