import HotJITBase
import HotJITSupport

/// Where the program's threads spend their time, per function and tier, for `--stats`: calls and back-edges say
/// how often a function ran, not how long, nor what its optimized code saved. The kernel samples each watched
/// thread's instruction pointer every `periodNanoseconds` of its CPU time (`hotjit_pc_sampler_*`: no signal, nothing
/// runs on the program's threads); a compile thread drains the samples before it picks its next work (and the
/// statistics when they are read) and adds each to the function whose code it fell in, through the `CodeMap`.
///
/// A thread is watched from its first tier-up trigger (it runs counted code), up to `maximumThreads`. Where the
/// kernel refuses perf events (perf_event_paranoid, seccomp), nothing is sampled.
final class TimeSampler: @unchecked Sendable {
    static let periodNanoseconds: UInt64 = 1_000_000
    static let maximumThreads = 16

    private let codeMap: CodeMap
    private let lock = ConditionLock()
    private var samplers: [Int: OpaquePointer] = [:]
    private var refused = false
    private var drained = (samples: UInt64(0), elsewhere: UInt64(0), lost: UInt64(0))
    /// Samples drained, those that fell in no compiled function (libc, LLVM, stubs), and those a full buffer lost.
    var totals: (samples: UInt64, elsewhere: UInt64, lost: UInt64) { lock.withLock { drained } }

    init(codeMap: CodeMap) { self.codeMap = codeMap }

    deinit { samplers.values.forEach { hotjit_pc_sampler_close($0) } }

    /// Watches the calling thread, once; does nothing once the kernel has refused or `maximumThreads` are watched.
    func watchCurrentThread() {
        let thread = hotjit_thread_id()
        lock.withLock {
            guard !refused, samplers[thread] == nil, samplers.count < Self.maximumThreads else { return }
            guard let sampler = hotjit_pc_sampler_open(thread, Self.periodNanoseconds) else {
                refused = true
                return
            }
            samplers[thread] = sampler
        }
    }

    /// How many threads are watched.
    var watchedThreads: Int { lock.withLock { samplers.count } }

    /// Reads every watched thread's samples since the last drain and adds them to their functions.
    func drain() {
        lock.withLock {
            guard !samplers.isEmpty else { return }
            var batch = Batch(codeMap: codeMap)
            for sampler in samplers.values {
                withUnsafeMutablePointer(to: &batch) { pointer in
                    _ = hotjit_pc_sampler_drain(sampler, { ip, context in
                        context!.assumingMemoryBound(to: Batch.self).pointee.add(ip)
                    }, pointer)
                }
            }
            drained.samples += batch.samples
            drained.elsewhere += batch.elsewhere
            drained.lost = samplers.values.reduce(0) { $0 + hotjit_pc_sampler_lost($1) }
        }
    }

    /// One drain's attribution.
    private struct Batch {
        let codeMap: CodeMap
        var samples: UInt64 = 0
        var elsewhere: UInt64 = 0

        mutating func add(_ ip: UInt64) {
            samples += 1
            guard let symbol = codeMap.symbolize(ip), let function = symbol.entry.function else {
                elsewhere += 1
                return
            }
            function.addSample(tier: symbol.entry.tier)
        }
    }
}
