// Why this file exists: a value cloned into another module must name that module's globals; this maps each value of
// the source to its counterpart in the destination.
import CLLVM

/// Maps values of a source module to values usable in a destination module of the same context.
///
/// Types, plain constants, metadata and inline asm belong to the context and are shared as they are. What belongs to
/// a module — global values, and constants that mention them — is remapped: global values through `globalPolicy`
/// (declare, define or redirect by name), constants that mention globals are rebuilt around the mapped operands.
/// Function-local values (arguments, blocks, instructions) are entered by the function cloner.
final class ValueMapper {
    let destination: LLVMModuleRef
    var values: [LLVMValueRef: LLVMValueRef] = [:]
    private var mentionsGlobalsMemo: [LLVMValueRef: Bool] = [:]
    private let globalPolicy: (LLVMValueRef) throws -> LLVMValueRef
    /// The function whose blocks may be named by `blockaddress` constants, as (source, clone).
    var blockAddressFunction: (source: LLVMValueRef, clone: LLVMValueRef)?

    init(destination: LLVMModuleRef, globalPolicy: @escaping (LLVMValueRef) throws -> LLVMValueRef) {
        self.destination = destination
        self.globalPolicy = globalPolicy
    }

    func map(_ value: LLVMValueRef) throws -> LLVMValueRef {
        if let mapped = values[value] { return mapped }
        let kind = LLVMGetValueKind(value)
        let mapped: LLVMValueRef
        switch kind {
        case LLVMFunctionValueKind, LLVMGlobalVariableValueKind, LLVMGlobalAliasValueKind, LLVMGlobalIFuncValueKind:
            mapped = try globalPolicy(value)
        case LLVMArgumentValueKind, LLVMInstructionValueKind, LLVMBasicBlockValueKind:
            throw LLVMError("internal error: a local value of another function is used (\(describe(value)))")
        case LLVMBlockAddressValueKind:
            mapped = try mapBlockAddress(value)
        case LLVMConstantExprValueKind, LLVMConstantStructValueKind, LLVMConstantArrayValueKind,
             LLVMConstantVectorValueKind:
            mapped = mentionsGlobals(value) ? try rebuild(value, kind: kind) : value
        default:
            if LLVMIsAConstant(value) != nil, mentionsGlobals(value) {
                throw LLVMError("unsupported constant that refers to a global: \(describe(value))")
            }
            mapped = value
        }
        values[value] = mapped
        return mapped
    }

    /// Whether a constant mentions a global value or a block address anywhere inside it.
    func mentionsGlobals(_ value: LLVMValueRef) -> Bool {
        if let known = mentionsGlobalsMemo[value] { return known }
        let result: Bool
        switch LLVMGetValueKind(value) {
        case LLVMFunctionValueKind, LLVMGlobalVariableValueKind, LLVMGlobalAliasValueKind, LLVMGlobalIFuncValueKind,
             LLVMBlockAddressValueKind:
            result = true
        default:
            if LLVMIsAConstant(value) == nil {
                result = false
            } else {
                let count = LLVMGetNumOperands(value)
                result = count > 0 && (0..<count).contains { index in
                    guard let operand = LLVMGetOperand(value, UInt32(index)) else { return false }
                    return mentionsGlobals(operand)
                }
            }
        }
        mentionsGlobalsMemo[value] = result
        return result
    }

    private func mapBlockAddress(_ value: LLVMValueRef) throws -> LLVMValueRef {
        guard let function = blockAddressFunction, LLVMGetBlockAddressFunction(value) == function.source,
              let block = LLVMGetBlockAddressBasicBlock(value),
              let mappedBlock = values[LLVMBasicBlockAsValue(block)] else {
            throw LLVMError("a blockaddress of another function cannot be compiled separately: \(describe(value))")
        }
        return LLVMBlockAddress(function.clone, LLVMValueAsBasicBlock(mappedBlock))
    }

    private func rebuild(_ value: LLVMValueRef, kind: LLVMValueKind) throws -> LLVMValueRef {
        let count = Int(LLVMGetNumOperands(value))
        var operands: [LLVMValueRef?] = try (0..<count).map { try map(LLVMGetOperand(value, UInt32($0))!) }
        let type = LLVMTypeOf(value)
        switch kind {
        case LLVMConstantStructValueKind:
            return operands.withUnsafeMutableBufferPointer { LLVMConstNamedStruct(type, $0.baseAddress, UInt32(count)) }
        case LLVMConstantArrayValueKind:
            return operands.withUnsafeMutableBufferPointer {
                LLVMConstArray2(LLVMGetElementType(type), $0.baseAddress, UInt64(count))
            }
        case LLVMConstantVectorValueKind:
            return operands.withUnsafeMutableBufferPointer { LLVMConstVector($0.baseAddress, UInt32(count)) }
        default:
            break
        }
        let opcode = LLVMGetConstOpcode(value)
        switch opcode {
        case LLVMGetElementPtr:
            var indices = Array(operands.dropFirst())
            return indices.withUnsafeMutableBufferPointer {
                LLVMConstGEPWithNoWrapFlags(LLVMGetGEPSourceElementType(value), operands[0], $0.baseAddress,
                                            UInt32(count - 1), LLVMGEPGetNoWrapFlags(value))
            }
        case LLVMTrunc: return LLVMConstTrunc(operands[0], type)
        case LLVMPtrToInt: return LLVMConstPtrToInt(operands[0], type)
        case LLVMIntToPtr: return LLVMConstIntToPtr(operands[0], type)
        case LLVMBitCast: return LLVMConstBitCast(operands[0], type)
        case LLVMAddrSpaceCast: return LLVMConstAddrSpaceCast(operands[0], type)
        case LLVMAdd: return LLVMConstAdd(operands[0], operands[1])
        case LLVMSub: return LLVMConstSub(operands[0], operands[1])
        case LLVMXor: return LLVMConstXor(operands[0], operands[1])
        default:
            throw LLVMError("unsupported constant expression that refers to a global: \(describe(value))")
        }
    }
}
