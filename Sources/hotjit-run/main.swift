// hotjit-run: runs an LLVM IR program on hotjit, as a drop-in for `lli`.
import HotJITEngine
import HotJITRuntime
#if canImport(Glibc)
import Glibc
#endif

let usage = """
usage: hotjit-run [options] FILE.ll|FILE.bc [more modules...] [--] [program arguments...]

Runs main(argc, argv, envp) of the given LLVM IR modules (textual or bitcode) on hotjit: every function is compiled
on its first call. Static constructors and destructors and atexit handlers run as in a native program; the program's
exit status is hotjit-run's. After the first module, arguments ending in .ll or .bc are further modules, up to `--`
or the first other argument; everything after that is passed to the program (argv[0] is the first module's path).

options:
  --load=LIB.so     load a shared library (RTLD_GLOBAL) so the program can use its symbols; repeatable
  --eager-parse     parse and verify textual IR whole at load; by default only the module's skeleton is parsed at
                    load and each function when first called (fast start), so an error inside a function body is
                    reported when that function is first called
  --verbose         report each compilation on standard error
  --help            print this help and exit
  --version         print hotjit's version and exit

exit status: the program's; 1 when hotjit itself fails (unreadable or invalid IR, wrong target, missing main,
unresolved symbols), with a one-line message on standard error.
"""

struct CommandLine_ {
    var options: EngineOptions = {
        var options = EngineOptions()
        options.deferFunctionParsing = true
        return options
    }()
    var modules: [String] = []
    var programArguments: [String] = []
}

func fail(_ message: String) -> Never {
    writeToStandardError("hotjit-run: error: \(message)\n")
    exit(1)
}

func parse(_ arguments: [String]) -> CommandLine_ {
    var result = CommandLine_()
    var index = 0
    while index < arguments.count {
        let argument = arguments[index]
        if argument == "--" { index += 1; break }
        if !result.modules.isEmpty {
            guard argument.hasSuffix(".ll") || argument.hasSuffix(".bc") else { break }
            result.modules.append(argument)
        } else if argument.hasPrefix("-") && argument != "-" {
            switch argument {
            case "--help", "-h":
                print(usage)
                exit(0)
            case "--version":
                print("hotjit-run \(hotjitVersion)")
                exit(0)
            case "--verbose":
                result.options.verbose = true
            case "--eager-parse":
                result.options.deferFunctionParsing = false
            case _ where argument.hasPrefix("--load="):
                result.options.libraries.append(String(argument.dropFirst("--load=".count)))
            default:
                fail("unknown option '\(argument)' (see --help)")
            }
        } else {
            result.modules.append(argument)
        }
        index += 1
    }
    if result.modules.isEmpty { fail("no input module (see --help)") }
    result.programArguments = Array(arguments[index...])
    return result
}

let commandLine = parse(Array(CommandLine.arguments.dropFirst()))
do {
    let engine = try Engine(options: commandLine.options)
    for module in commandLine.modules { try engine.addModule(path: module) }
    let status = try engine.runMain(arguments: [commandLine.modules[0]] + commandLine.programArguments)
    exit(status)
} catch {
    fail("\(error)")
}
