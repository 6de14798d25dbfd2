import HotJITRuntime
import HotJITSupport
#if canImport(Glibc)
import Glibc
#endif

/// Background compile threads: each free thread takes the most valuable pending item: urgent work first (an OSR
/// continuation a running loop waits for, the latest first), then the cheapest (smallest estimated cost, ties in order
/// of submission; the engine passes code size per call so far): a small hot function optimized in 2 ms should not
/// wait behind a large one taking 80 ms, as its callers run at tier 0 meanwhile. The program keeps running its tier-0 code; a finished compile re-points the
/// function's stub.
///
/// Shutdown matters: when the process exits, LLVM's static destructors run and a compile still in flight would crash.
/// The engine stops its queue before the program's `exit` and when `main` returns (`Engine.stopBackgroundCompiles`);
/// as a fallback for hosts that exit with a live engine, an `atexit` handler stops every queue, which covers LLVM's
/// statics constructed before the first queue started (those constructed later are destroyed before it runs).
final class RecompileQueue: @unchecked Sendable {
    private let lock = ConditionLock()
    private struct Item {
        let urgent: Bool
        let cost: UInt64
        let sequence: UInt64
        let work: () -> Void
        /// Whether this item should run before `other`.
        func precedes(_ other: Item) -> Bool {
            if urgent != other.urgent { return urgent }
            if urgent { return sequence > other.sequence }
            return (cost, sequence) < (other.cost, other.sequence)
        }
    }
    private var pending: [Item] = []
    private var submitted: UInt64 = 0
    private var running = 0
    private var liveThreads = 0
    private var closed = false
    private var workers: [pthread_t] = []

    /// How many threads serve the queue once the first work arrives.
    private let threadCount: Int

    /// Threads start with the first submitted work, not before: a process that has never had a second thread keeps
    /// glibc's single-threaded malloc, which skips its locks (a malloc-heavy program's allocations cost ~1.6x once
    /// any other thread exists), so a program that never tiers up runs as it would natively.
    init(threads count: Int) {
        threadCount = max(1, count)
        RecompileQueue.registry.add(self)
    }

    /// Starts the threads, once; with `lock` held.
    private func startThreadsIfNeeded() {
        guard liveThreads == 0, workers.isEmpty, !closed else { return }
        for _ in 0..<threadCount {
            liveThreads += 1
            let box = Unmanaged.passRetained(self).toOpaque()
            var thread = pthread_t()
            // LLVM's optimizer and code generator recurse deeply on large functions: give them room.
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            pthread_attr_setstacksize(&attributes, 64 << 20)
            defer { pthread_attr_destroy(&attributes) }
            pthread_create(&thread, &attributes, { argument in
                let queue = Unmanaged<RecompileQueue>.fromOpaque(argument!).takeRetainedValue()
                queue.serve()
                return nil
            }, box)
            pthread_detach(thread)
        }
    }

    /// Queues `work` of estimated `cost` (any consistent measure, e.g. the function's tier-0 code bytes); `urgent`
    /// work (an OSR continuation a running loop is waiting for) goes ahead of the rest.
    func submit(urgent: Bool = false, cost: UInt64 = 0, _ work: @escaping () -> Void) {
        lock.withLock {
            guard !closed else { return }
            submitted += 1
            pending.append(Item(urgent: urgent, cost: cost, sequence: submitted, work: work))
            startThreadsIfNeeded()
            lock.broadcast()
        }
    }

    /// Waits until nothing is queued or compiling (tests; settled statistics at exit).
    func waitUntilIdle() {
        lock.withLock {
            while !pending.isEmpty || running > 0 { lock.wait() }
        }
    }

    /// Drops pending work, waits for the compile in flight and lets the threads end. Idempotent. Called from one of
    /// the queue's own threads (its work released the last reference to the engine), it waits for the others only.
    func shutdown() {
        lock.withLock {
            closed = true
            pending.removeAll()
            lock.broadcast()
            let me = pthread_self()
            let own = workers.contains { pthread_equal($0, me) != 0 } ? 1 : 0
            while running > own || liveThreads > own { lock.wait() }
        }
    }

    private func serve() {
        hotjit_name_thread("hotjit-compile")
        lock.withLock { workers.append(pthread_self()) }
        while true {
            let work: (() -> Void)? = lock.withLock {
                while pending.isEmpty && !closed { lock.wait() }
                if closed {
                    liveThreads -= 1
                    lock.broadcast()
                    return nil
                }
                running += 1
                let next = pending.indices.min { pending[$0].precedes(pending[$1]) }!
                return pending.remove(at: next).work
            }
            guard let work else { return }
            work()
            lock.withLock {
                running -= 1
                lock.broadcast()
            }
        }
    }

    /// Every live queue, for the exit-time shutdown.
    private final class Registry: @unchecked Sendable {
        private let lock = ConditionLock()
        private var queues: [Weak] = []
        private var registered = false

        struct Weak { weak var queue: RecompileQueue? }

        func add(_ queue: RecompileQueue) {
            lock.withLock {
                queues.append(Weak(queue: queue))
                if !registered {
                    registered = true
                    atexit { RecompileQueue.registry.shutdownAll() }
                }
            }
        }

        func shutdownAll() {
            for queue in lock.withLock({ queues.compactMap(\.queue) }) { queue.shutdown() }
        }
    }

    private static let registry = Registry()
}
