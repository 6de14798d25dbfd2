import CHotJIT
import HotJITEmitters
import HotJITRuntime

// The per-architecture emitters' C entry points: pure functions, no handles.

/// The C enumerator for each architecture, by the emitters' names.
private let architectureCodes: [(hotjit_arch, String)] = [
    (HOTJIT_ARCH_X86_64, "x86_64"), (HOTJIT_ARCH_AARCH64, "aarch64"), (HOTJIT_ARCH_PPC64LE, "ppc64le"),
    (HOTJIT_ARCH_PPC64, "ppc64"),
]

func architecture(_ code: hotjit_arch) throws -> Architecture {
    guard let name = architectureCodes.first(where: { $0.0 == code })?.1,
          let architecture = Architecture(rawValue: name) else {
        throw CAPIError(status: HOTJIT_ERROR_UNSUPPORTED, message: "architecture \(code.rawValue) is not supported")
    }
    return architecture
}

func code(of architecture: Architecture) -> hotjit_arch {
    architectureCodes.first { $0.1 == architecture.rawValue }?.0 ?? HOTJIT_ARCH_NONE
}

func emitter(for code: hotjit_arch) throws -> any ArchEmitter {
    makeEmitter(for: try architecture(code), x86VectorSave: HostEmitter.x86VectorSave)
}

@_cdecl("hotjit_arch_list")
public func hotjit_arch_list(_ out: UnsafeMutablePointer<hotjit_arch>?, _ capacity: Int) -> Int {
    let all = Architecture.allCases.map(code(of:))
    if let out { for (index, value) in all.prefix(capacity).enumerated() { out[index] = value } }
    return all.count
}

@_cdecl("hotjit_arch_host")
public func hotjit_arch_host() -> hotjit_arch { Architecture.host.map(code(of:)) ?? HOTJIT_ARCH_NONE }

@_cdecl("hotjit_arch_name")
public func hotjit_arch_name(_ arch: hotjit_arch) -> UnsafePointer<CChar>? {
    switch arch {
    case HOTJIT_ARCH_X86_64: return staticCString("x86_64")
    case HOTJIT_ARCH_AARCH64: return staticCString("aarch64")
    case HOTJIT_ARCH_PPC64LE: return staticCString("ppc64le")
    case HOTJIT_ARCH_PPC64: return staticCString("ppc64")
    default: return nil
    }
}

func staticCString(_ string: StaticString) -> UnsafePointer<CChar> {
    UnsafeRawPointer(string.utf8Start).assumingMemoryBound(to: CChar.self)
}

@_cdecl("hotjit_arch_get_layout")
public func hotjit_arch_get_layout(_ arch: hotjit_arch,
                                   _ out: UnsafeMutablePointer<hotjit_arch_layout>?) -> hotjit_status {
    reportingStatus {
        // Hosts built before `counting_thunk_size` existed pass the smaller size; they get every field they know.
        try fillOutput(out, with: {
            let e = try emitter(for: arch)
            return hotjit_arch_layout(struct_size: 0, stub_size: UInt32(e.stubSize),
                                      trampoline_size: UInt32(e.trampolineSize), resolver_size: UInt32(e.resolverSize),
                                      code_alignment: UInt32(e.codeAlignment),
                                      trampoline_identity_offset: UInt32(e.trampolineIdentityOffset),
                                      counting_thunk_size: UInt32(e.countingThunks?.countingThunkSize ?? 0))
        }, "hotjit_arch_layout")
    }
}

/// Copies emitted bytes into the host's buffer, or reports the size needed.
private func deliver(_ bytes: () throws -> [UInt8], _ buffer: UnsafeMutableRawPointer?, _ capacity: Int,
                     _ outSize: UnsafeMutablePointer<Int>?) -> hotjit_status {
    reportingStatus {
        let code = try bytes()
        outSize?.pointee = code.count
        guard let buffer, capacity >= code.count else {
            throw CAPIError.invalid("buffer too small: \(code.count) bytes needed, \(capacity) given")
        }
        code.withUnsafeBytes { bytes in
            if let source = bytes.baseAddress { buffer.copyMemory(from: source, byteCount: bytes.count) }
        }
    }
}

@_cdecl("hotjit_arch_emit_resolver")
public func hotjit_arch_emit_resolver(_ arch: hotjit_arch, _ address: UInt64, _ reentry: UInt64, _ context: UInt64,
                                      _ buffer: UnsafeMutableRawPointer?, _ capacity: Int,
                                      _ outSize: UnsafeMutablePointer<Int>?) -> hotjit_status {
    deliver({ try emitter(for: arch).emitResolver(at: address, reentry: reentry, context: context) },
            buffer, capacity, outSize)
}

@_cdecl("hotjit_arch_emit_trampolines")
public func hotjit_arch_emit_trampolines(_ arch: hotjit_arch, _ address: UInt64, _ resolver: UInt64, _ count: UInt32,
                                         _ buffer: UnsafeMutableRawPointer?, _ capacity: Int,
                                         _ outSize: UnsafeMutablePointer<Int>?) -> hotjit_status {
    deliver({ try emitter(for: arch).emitTrampolines(at: address, resolver: resolver, count: Int(count)) },
            buffer, capacity, outSize)
}

@_cdecl("hotjit_arch_emit_stubs")
public func hotjit_arch_emit_stubs(_ arch: hotjit_arch, _ address: UInt64, _ slots: UInt64, _ count: UInt32,
                                   _ buffer: UnsafeMutableRawPointer?, _ capacity: Int,
                                   _ outSize: UnsafeMutablePointer<Int>?) -> hotjit_status {
    deliver({ try emitter(for: arch).emitStubs(at: address, slots: slots, count: Int(count)) },
            buffer, capacity, outSize)
}

@_cdecl("hotjit_arch_emit_counting_thunks")
public func hotjit_arch_emit_counting_thunks(_ arch: hotjit_arch, _ address: UInt64, _ records: UInt64, _ count: UInt32,
                                             _ buffer: UnsafeMutableRawPointer?, _ capacity: Int,
                                             _ outSize: UnsafeMutablePointer<Int>?) -> hotjit_status {
    deliver({
        let e = try emitter(for: arch)
        guard let thunks = e.countingThunks else {
            throw CAPIError(status: HOTJIT_ERROR_UNSUPPORTED,
                            message: "\(e.architecture.rawValue) has no call-counting thunks")
        }
        return try thunks.emitCountingThunks(at: address, records: records, count: Int(count))
    }, buffer, capacity, outSize)
}
