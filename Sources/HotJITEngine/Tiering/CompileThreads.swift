import HotJITBase
import HotJITSupport

/// Where optimizing compiles run, and the life of the threads that run them.
///
/// Background tier-up (the default) runs compiles on a `RecompileQueue`; `--sync-tierup` runs them on the thread
/// that triggered them. A compile thread that finds no work ends (unless `endIdleCompileThreads` is off): a process
/// that once had a second thread keeps glibc's locked malloc and libstdc++'s atomic reference counts unless it is
/// told it is single-threaded again, and only a program thread can safely tell it. So, when a thread ends,
/// `handOver` points the stubs of the optimized functions back at their trampolines for one call each; the first
/// such call, on a program thread, joins the ended thread (`joinEndedThreads`) and, if no other thread is left,
/// sets glibc's `__libc_single_threaded` again; each call re-points its own stub at the newest optimized code.
final class CompileThreads: @unchecked Sendable {
    private let queue: RecompileQueue?
    private let verbose: Bool
    /// The functions whose stubs the hand-over re-arms; set once, before any compile.
    var optimizedFunctions: () -> [FunctionRecord] = { [] }

    /// Where the program's threads spend their time (with time sampling on), drained before each pick so that
    /// the kernel's buffers do not fill.
    let sampler: TimeSampler?

    init(tiering: TieringOptions, verbose: Bool, codeMap: CodeMap) {
        let background = tiering.enabled && !tiering.synchronous
        let sampler = tiering.enabled && tiering.timeSampling ? TimeSampler(codeMap: codeMap) : nil
        self.sampler = sampler
        queue = background
            ? RecompileQueue(threads: tiering.compileThreads, niceness: tiering.compileThreadNiceness,
                             beforePick: { sampler?.drain() })
            : nil
        self.verbose = verbose
        if tiering.endIdleCompileThreads {
            queue?.retireIdleThreads { [weak self] in self?.handOver() }
        }
    }

    deinit { queue?.shutdown() }

    /// Whether compiles run in the background.
    var inBackground: Bool { queue != nil }

    /// Runs `work` on a compile thread (by `cost()` when a thread picks, cheapest first), or now, on this thread.
    func run(cost: @escaping () -> UInt64 = { 0 }, _ work: @escaping () -> Void) {
        if let queue { queue.submit(cost: cost, work) } else { work() }
    }

    /// Drops pending compiles and waits for the one in flight.
    func stop() { queue?.shutdown() }

    /// Drops pending compiles without waiting for the one in flight; whether one is (see `RecompileQueue.close`).
    func abandon() -> Bool { queue?.close() ?? false }

    /// Waits until nothing is queued or compiling.
    func waitUntilIdle() { queue?.waitUntilIdle() }

    /// A compile thread ended for lack of work (runs on it): hand every optimized function's stub back to its
    /// trampoline for one call (tier-0 code and OSR continuations, where a long-running program usually is, call
    /// through stubs). Cost: one trip through the resolver per optimized function called afterwards.
    private func handOver() {
        for record in optimizedFunctions() {
            record.stub.rearm { [weak self] in
                self?.joinEndedThreads()
                guard let newest = record.newestVersion(atLeast: 1) else {
                    return .failure(.init("'\(record.sourceName)' lost its optimized code"))
                }
                return .success(newest.address)
            }
        }
    }

    /// Joins compile threads that ended; if that leaves the calling thread alone in the process, tells glibc.
    private func joinEndedThreads() {
        guard let queue, queue.joinEndedThreads() > 0 else { return }
        let single = hotjit_restore_single_threaded() != 0
        if verbose {
            writeToStandardError("hotjit: compile thread ended"
                                 + "\(single ? "; the process is single-threaded again" : "")\n")
        }
    }
}
