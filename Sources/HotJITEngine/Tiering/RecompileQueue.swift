import HotJITBase
import HotJITRuntime
import HotJITSupport
#if canImport(Glibc)
import Glibc
#endif

/// Background compile threads: each free thread takes the pending item of smallest estimated cost (ties in order of
/// submission; the engine passes the square root of a function's tier-0 code size over its calls and back-edges so far,
/// for its optimized entry and its loops' OSR continuations alike, and 0 for the loop of a function entered once): a
/// small hot function should not wait behind a large one, as its callers run at tier 0 meanwhile. Costs are asked again
/// whenever a thread picks, so an item ages by what happens while it waits: a function called thousands of times since
/// it was queued moves ahead of lukewarm ones queued before it (a cost fixed at submission let one called 300,000 times
/// a second wait behind 140 others), and a large loop that keeps running moves ahead of small functions called rarely.
///
/// A thread that finds no work for `idleNanoseconds` ends (when the queue has a `retirement` handler): a process that
/// once had a second thread keeps glibc's slower multi-threaded malloc unless told it is single-threaded again, and
/// only the program's own thread can safely do that (see `hotjit_restore_single_threaded`). So the ending thread runs
/// `retirement`, which arranges for a program thread to call `joinEndedThreads` soon (the engine points hot functions'
/// stubs back at their trampolines for one call). The next submit starts a new thread.
///
/// Shutdown matters: when the process exits, LLVM's static destructors run and a compile still in flight would crash.
/// The engine stops its queue before the program's `exit` and when `main` returns (`Engine.stopBackgroundCompiles`);
/// as a fallback for hosts that exit with a live engine, an `atexit` handler stops every queue, which covers LLVM's
/// statics constructed before the first queue started (those constructed later are destroyed before it runs).
final class RecompileQueue: @unchecked Sendable {
    private let lock = ConditionLock()
    private struct Item {
        /// The estimated cost now (asked with the queue's lock held: it must not take a lock held while submitting).
        let cost: () -> UInt64
        let sequence: UInt64
        let work: () -> Void
    }
    /// The index of the pending item to run next; with `lock` held and `pending` not empty.
    private func nextIndex() -> Int {
        let costs = pending.map { $0.cost() }
        return pending.indices.min { (costs[$0], pending[$0].sequence) < (costs[$1], pending[$1].sequence) }!
    }
    private var pending: [Item] = []
    private var submitted: UInt64 = 0
    private var running = 0
    private var closed = false
    /// Threads serving the queue, and threads that left it (or are leaving it) and still have to be joined.
    private var workers: [pthread_t] = []
    private var ended: [pthread_t] = []

    /// How many threads serve the queue while it has work.
    private let threadCount: Int
    /// The nice value each thread lowers itself to when it starts, if it inherited a higher priority.
    private let niceness: Int32
    /// The threads running a compile (kernel id -> the nice value they inherited), for `shutdown` to give them
    /// their priority back.
    private var compiling: [Int: Int32] = [:]
    /// How long a thread waits for work before it ends (with a `retirement` handler).
    private let idleNanoseconds: UInt64
    /// Run by a thread that ends for lack of work, after it left the queue; nil: threads wait for work forever.
    private var retirement: (@Sendable () -> Void)?

    /// Threads start with the first submitted work, not before: a process that has never had a second thread keeps
    /// glibc's single-threaded malloc, which skips its locks, so a program that never tiers up runs as it would
    /// natively.
    /// Runs on a compile thread before it picks its next work (without the queue's lock): what the costs read may
    /// be brought up to date there.
    private let beforePick: () -> Void

    init(threads count: Int, niceness: Int = 0, idleNanoseconds: UInt64 = 20_000_000,
         beforePick: @escaping () -> Void = {}) {
        self.beforePick = beforePick
        threadCount = max(1, count)
        self.niceness = Int32(min(max(niceness, 0), 19))
        self.idleNanoseconds = idleNanoseconds
        RecompileQueue.registry.add(self)
    }

    /// Lets idle threads end, running `handler` on each ending thread (see the type's comment).
    func retireIdleThreads(_ handler: @escaping @Sendable () -> Void) { lock.withLock { retirement = handler } }

    /// Starts threads up to `threadCount`; with `lock` held.
    private func startThreadsIfNeeded() {
        while workers.count < threadCount, !closed {
            let box = Unmanaged.passRetained(self).toOpaque()
            var thread = pthread_t()
            // LLVM's optimizer and code generator recurse deeply on large functions: give them room.
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            pthread_attr_setstacksize(&attributes, 64 << 20)
            defer { pthread_attr_destroy(&attributes) }
            let status = pthread_create(&thread, &attributes, { argument in
                let queue = Unmanaged<RecompileQueue>.fromOpaque(argument!).takeRetainedValue()
                queue.serve()
                return nil
            }, box)
            guard status == 0 else {
                // No thread (resource limits): the work waits for the next submit's attempt.
                Unmanaged<RecompileQueue>.fromOpaque(box).release()
                return
            }
            workers.append(thread)
        }
    }

    /// Whether the calling thread is one of this queue's; with `lock` held.
    private func isWorker(_ thread: pthread_t) -> Bool { workerIndex(thread) != nil }
    private func workerIndex(_ thread: pthread_t) -> Int? { workers.firstIndex { pthread_equal($0, thread) != 0 } }

    /// Joins the threads that ended (waiting for one that is just leaving); returns how many. Never call with a
    /// lock the compile threads take.
    @discardableResult
    func joinEndedThreads() -> Int {
        let me = pthread_self()
        let threads: [pthread_t] = lock.withLock {
            let others = ended.filter { pthread_equal($0, me) == 0 }
            ended.removeAll { pthread_equal($0, me) == 0 }
            return others
        }
        for thread in threads { pthread_join(thread, nil) }
        return threads.count
    }

    /// Queues `work` whose estimated cost (any consistent measure, e.g. the function's tier-0 code bytes per call)
    /// is `cost()` at the time a thread picks.
    func submit(cost: @escaping () -> UInt64 = { 0 }, _ work: @escaping () -> Void) {
        lock.withLock {
            guard !closed else { return }
            submitted += 1
            pending.append(Item(cost: cost, sequence: submitted, work: work))
            // Threads that ended while nobody ran the handover: reap the finished ones (never blocks).
            ended.removeAll { hotjit_try_join_thread($0) != 0 }
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

    /// Drops pending work and starts nothing new, without waiting for the compile in flight; returns whether one is
    /// in flight. Its thread goes on until that compile ends, so a process that then leaves must leave with `_exit`
    /// (`exit` would run LLVM's static destructors under it). `shutdown` may still follow.
    func close() -> Bool {
        lock.withLock {
            closed = true
            pending.removeAll()
            lock.broadcast()
            return running > 0
        }
    }

    /// Drops pending work, waits for the compile in flight and lets the threads end. Idempotent. Called from one of
    /// the queue's own threads (its work released the last reference to the engine), it waits for the others only.
    /// The compile in flight gets its priority back first where the process may raise it (CAP_SYS_NICE,
    /// RLIMIT_NICE): on a machine kept busy by others, a niced compile would hold the program's exit up.
    func shutdown() {
        lock.withLock {
            closed = true
            pending.removeAll()
            lock.broadcast()
            for (thread, inherited) in compiling { _ = hotjit_set_thread_niceness(thread, inherited) }
            let own = isWorker(pthread_self()) ? 1 : 0
            while running > own || workers.count > own { lock.wait() }
        }
        joinEndedThreads()
    }

    private func serve() {
        hotjit_name_thread("hotjit-compile")
        let threadID = hotjit_thread_id()
        // Never above the priority of the thread that started it; a failure leaves it there.
        let inherited = hotjit_thread_niceness(threadID)
        if niceness > inherited { _ = hotjit_set_thread_niceness(threadID, niceness) }
        let me = pthread_self()
        while true {
            var retire = false
            beforePick()
            let work: (() -> Void)? = lock.withLock {
                while pending.isEmpty && !closed {
                    if retirement == nil { lock.wait(); continue }
                    if !lock.wait(nanoseconds: idleNanoseconds) && pending.isEmpty && !closed {
                        retire = true
                        break
                    }
                }
                if closed || retire {
                    if let index = workerIndex(me) {
                        ended.append(workers.remove(at: index))
                    }
                    lock.broadcast()
                    return nil
                }
                running += 1
                compiling[threadID] = inherited
                return pending.remove(at: nextIndex()).work
            }
            guard let work else {
                if retire, let handler = lock.withLock({ retirement }) { handler() }
                return
            }
            work()
            lock.withLock {
                running -= 1
                compiling[threadID] = nil
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
