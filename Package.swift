// swift-tools-version:6.0
// hotjit: an embeddable, tiered JIT for LLVM IR, shipped as the C-ABI shared library libhotjit.so.
//
// Layers, outside in (each a target; HotJITBase, the shared locks/atomics/version, sits under all Swift ones):
//   HotJIT (C ABI shell, @_cdecl exports of include/hotjit.h) and hotjit-run (the lli-style runner)
//     -> HotJITEngine (the engine façade over programs, lazy compiles, the tiering policy, compile threads, runner)
//       -> LLVMBridge (the only place that touches llvm-c)          -> CLLVM (system library, libLLVM-22)
//       -> HotJITRuntime (executable memory, stub table, lazy stubs, callback manager)
//         -> HotJITEmitters (pure Swift per-architecture machine-code emitters: bytes in, bytes out)
import PackageDescription
import Foundation

/// Where Debian's LLVM 22 keeps its headers and libraries (`llvm-config-22 --includedir`/`--libdir`).
let llvmInclude = ProcessInfo.processInfo.environment["HOTJIT_LLVM_INCLUDE"] ?? "/usr/lib/llvm-22/include"
let llvmLib = ProcessInfo.processInfo.environment["HOTJIT_LLVM_LIB"] ?? "/usr/lib/llvm-22/lib"
let llvmSwiftSettings: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-I\(llvmInclude)"])]
let llvmLinkerSettings: [LinkerSetting] = [.unsafeFlags(["-L\(llvmLib)"])]
/// The package's directory (the linker does not run there): where libhotjit.so's version script is found.
let packageDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().path

let package = Package(
    name: "hotjit",
    products: [
        .library(name: "hotjit", type: .dynamic, targets: ["HotJIT"]),
        .executable(name: "hotjit-run", targets: ["hotjit-run"]),
    ],
    targets: [
        .systemLibrary(name: "CLLVM", path: "Sources/CLLVM"),
        .systemLibrary(name: "CHotJIT", path: "include"),
        .target(name: "HotJITSupport", path: "Sources/HotJITSupport"),
        // Locks, atomics, the version and unbuffered diagnostics: what every Swift room shares.
        .target(name: "HotJITBase", dependencies: ["HotJITSupport"], path: "Sources/HotJITBase"),
        .target(name: "HotJITEmitters", path: "Sources/HotJITEmitters"),
        .target(name: "HotJITRuntime", dependencies: ["HotJITEmitters", "HotJITSupport", "HotJITBase"],
                path: "Sources/HotJITRuntime"),
        .target(name: "LLVMBridge", dependencies: ["CLLVM", "HotJITSupport", "HotJITBase"], path: "Sources/LLVMBridge",
                swiftSettings: llvmSwiftSettings, linkerSettings: llvmLinkerSettings),
        .target(name: "HotJITEngine", dependencies: ["LLVMBridge", "HotJITRuntime", "HotJITSupport", "HotJITBase"],
                path: "Sources/HotJITEngine", swiftSettings: llvmSwiftSettings),
        // The C ABI shell. Linked with the Swift standard library inside it, so hosts need no Swift installation;
        // its version script exports the header's functions only.
        .target(name: "HotJIT", dependencies: ["HotJITEngine", "CHotJIT"], path: "Sources/HotJIT",
                exclude: ["hotjit.exports"], swiftSettings: llvmSwiftSettings,
                linkerSettings: [.unsafeFlags([
                    "-static-stdlib",
                    "-Xlinker", "--version-script=\(packageDirectory)/Sources/HotJIT/hotjit.exports",
                ])]),
        .executableTarget(name: "hotjit-run", dependencies: ["HotJITEngine", "HotJITSupport", "HotJITBase"], path: "Sources/hotjit-run",
                          swiftSettings: llvmSwiftSettings),
        .testTarget(name: "HotJITEmittersTests", dependencies: ["HotJITEmitters"]),
        .testTarget(name: "HotJITRuntimeTests", dependencies: ["HotJITRuntime", "HotJITBase"]),
        .testTarget(name: "HotJITEngineTests", dependencies: ["HotJITEngine", "HotJITBase"], swiftSettings: llvmSwiftSettings),
        .testTarget(name: "LLVMBridgeTests", dependencies: ["LLVMBridge"], swiftSettings: llvmSwiftSettings,
                    linkerSettings: llvmLinkerSettings),
    ]
)
