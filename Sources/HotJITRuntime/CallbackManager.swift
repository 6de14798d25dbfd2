import HotJITBase
import HotJITEmitters
#if canImport(Glibc)
import Glibc
#endif

/// Hands out trampolines and turns the first call through each into exactly one call of its resolve function (or,
/// for a repeating trampoline, every call into a call of it).
///
/// A trampoline calls the resolver block of its block; the resolver calls `reentry` (below) with the block as context
/// and the trampoline's identity; the manager runs that trampoline's resolve function once — concurrent first callers
/// wait for the one that resolves, callers of other trampolines proceed in parallel — and the resolver jumps to the
/// address it returned. Resolve functions usually re-point a stub's slot, so later calls never come here again.
public final class CallbackManager: @unchecked Sendable {
    /// Produces the address to bind for a trampoline; runs once per trampoline (and once per `rearm`), on the first
    /// caller's thread.
    public typealias Resolve = @Sendable () -> Result<UInt64, ResolveFailure>

    /// Why a trampoline could not be resolved; handed to the failure handler.
    public struct ResolveFailure: Error, Sendable {
        public let message: String
        public init(_ message: String) { self.message = message }
    }

    /// Called when a resolve function fails during a call. Whatever called the trampoline cannot continue, so it
    /// must not return: it may terminate the process or leave the call by `longjmp` (no hotjit lock is held then).
    /// `trampolineID` is -1 when the resolver was entered from something that is not one of the manager's trampolines.
    public typealias FailureHandler = @Sendable (_ trampolineID: Int, _ message: String) -> Never

    private enum State {
        case pending(Resolve)
        case resolving
        case resolved(UInt64)
        /// Runs its resolve function on every call, concurrently on as many threads as call (a trigger, not a binding).
        case repeating(Resolve)
        /// Handed back (`release`): its id goes to the next trampoline made; a call through it is a failed resolve.
        case released
    }

    public let emitter: any ArchEmitter
    /// Trampolines per block; a block has its own resolver so every trampoline's call to it stays short.
    public let blockCapacity: Int
    private var failureHandler: FailureHandler
    private let lock = ConditionLock()
    private var states: [State] = []
    private var blocks: [TrampolineBlock] = []
    /// Ids of released trampolines, reused before a new one is handed out: an engine that adds and removes modules
    /// keeps using the same blocks.
    private var releasedIDs: [Int] = []

    public init(emitter: any ArchEmitter, blockCapacity: Int = 4096,
                failureHandler: @escaping FailureHandler = CallbackManager.defaultFailure) {
        self.emitter = emitter
        self.blockCapacity = blockCapacity
        self.failureHandler = failureHandler
    }

    /// Prints `hotjit: fatal: trampoline ID: MESSAGE` and aborts (SIGABRT): there is no caller to return an error
    /// to, and running the process's exit handlers on a half-made call would be worse.
    public static let defaultFailure: FailureHandler = { id, message in
        writeToStandardError("hotjit: fatal: trampoline \(id): \(message)\n")
        abort()
    }

    /// Replaces the failure handler (for failures from now on).
    public func setFailureHandler(_ handler: @escaping FailureHandler) { lock.withLock { failureHandler = handler } }

    /// Hands a failed resolve of trampoline `id` to the current failure handler.
    private func fail(_ id: Int, _ message: String) -> Never {
        let handler = lock.withLock { failureHandler }
        handler(id, message)
    }

    /// The resolver was entered with an identity no trampoline of this manager has (a jump into the resolver from
    /// elsewhere): reported like a failed resolve.
    func unknownIdentity(_ identity: UInt64) -> Never {
        fail(-1, "resolver entered with unknown trampoline identity 0x\(String(identity, radix: 16))")
    }

    /// A new trampoline whose first call runs `resolve`. Returns its id and address.
    public func makeTrampoline(resolve: @escaping Resolve) throws -> (id: Int, address: UInt64) {
        try lock.withLock { try appendTrampoline { _, _ in .pending(resolve) } }
    }

    /// A new trampoline whose first call runs the resolve function `make` builds from the trampoline's id and
    /// address (for a resolve function that needs to know its own trampoline). `make` runs under the manager's lock
    /// and must not call the manager.
    public func makeTrampoline(making make: (_ id: Int, _ address: UInt64) -> Resolve) throws
        -> (id: Int, address: UInt64) {
        try lock.withLock { try appendTrampoline { id, address in .pending(make(id, address)) } }
    }

    /// Hands out the next trampoline in the state `state` gives for its id and address, mapping a new block when the
    /// last one is full; under `lock`.
    private func appendTrampoline(_ state: (Int, UInt64) -> State) throws -> (id: Int, address: UInt64) {
        if let reused = releasedIDs.popLast() {
            let block = blocks[reused / blockCapacity]
            let address = block.trampolineAddress(reused - block.firstID)
            states[reused] = state(reused, address)
            return (reused, address)
        }
        let id = states.count
        let blockIndex = id / blockCapacity
        if blockIndex == blocks.count {
            blocks.append(try TrampolineBlock(manager: self, firstID: id, capacity: blockCapacity))
        }
        let address = blocks[blockIndex].trampolineAddress(id - blocks[blockIndex].firstID)
        states.append(state(id, address))
        return (id, address)
    }

    /// A new trampoline that runs `resolve` on every call (nothing is waited for or remembered): a target that must
    /// decide afresh each time it is reached, like a call-counting thunk's trigger. Returns its id and address.
    public func makeRepeatingTrampoline(resolve: @escaping Resolve) throws -> (id: Int, address: UInt64) {
        try lock.withLock { try appendTrampoline { _, _ in .repeating(resolve) } }
    }

    /// Makes resolved trampoline `id` run `resolve` on its next call (once again), for a caller that points a slot back
    /// at it to regain control at that function's next call. False (nothing changes) unless it is resolved.
    @discardableResult
    public func rearm(_ id: Int, resolve: @escaping Resolve) -> Bool {
        lock.withLock {
            guard case .resolved = states[id] else { return false }
            states[id] = .pending(resolve)
            return true
        }
    }

    /// Hands trampolines `ids` back for reuse. Only once nothing can call them any more (their stubs and the code
    /// that held their addresses are gone): a later call would reach whatever trampoline reuses the id. Ids that are
    /// out of range, in the middle of a resolve, or already released are left alone; returns how many were released.
    @discardableResult
    public func release(_ ids: [Int]) -> Int {
        lock.withLock {
            var count = 0
            for id in ids where states.indices.contains(id) {
                switch states[id] {
                case .released, .resolving: continue
                case .pending, .resolved, .repeating:
                    states[id] = .released
                    releasedIDs.append(id)
                    count += 1
                }
            }
            return count
        }
    }

    /// Releases every trampoline, for an owner that is going away and guarantees nothing calls them any more.
    /// Resolve functions may hold what holds the manager (a lazy stub holds it): dropping them breaks that cycle.
    public func releaseAll() {
        lock.withLock {
            releasedIDs = Array(states.indices)
            states = Array(repeating: .released, count: states.count)
        }
    }

    /// Trampolines handed out and not released.
    public var liveTrampolines: Int { lock.withLock { states.count - releasedIDs.count } }

    /// Address of trampoline `id`.
    public func trampolineAddress(_ id: Int) -> UInt64 {
        lock.withLock {
            let block = blocks[id / blockCapacity]
            return block.trampolineAddress(id - block.firstID)
        }
    }

    /// Ranges of the resolver blocks (one per trampoline block).
    public var resolverRanges: [Range<UInt64>] {
        lock.withLock {
            blocks.map { $0.codeRange.lowerBound..<($0.codeRange.lowerBound + UInt64(emitter.resolverSize)) }
        }
    }

    /// Ranges of all resolver+trampoline code, for debuggers, perf maps and tests.
    public var codeRanges: [Range<UInt64>] { lock.withLock { blocks.map(\.codeRange) } }

    /// Resolves trampoline `id` for a call through it: on failure the failure handler runs (and never returns).
    func resolveForCall(id: Int) -> UInt64 {
        switch resolve(id: id) {
        case .success(let address): return address
        case .failure(let failure): fail(id, failure.message)
        }
    }

    /// Resolves trampoline `id` as its first call would, without calling it: the first of any concurrent resolvers
    /// (calls or this) runs its resolve function, the others wait for its result. A failure leaves the trampoline
    /// pending (the next call or resolve tries again) and is returned, not handed to the failure handler: the caller
    /// is a host thread that can report it.
    public func resolve(id: Int) -> Result<UInt64, ResolveFailure> {
        lock.lock()
        while true {
            switch states[id] {
            case .resolved(let address):
                lock.unlock()
                return .success(address)
            case .released:
                lock.unlock()
                return .failure(.init("trampoline \(id) was released (its module was removed)"))
            case .resolving:
                lock.wait()
            case .repeating(let resolveFunction):
                lock.unlock()
                return resolveFunction()
            case .pending(let resolveFunction):
                states[id] = .resolving
                lock.unlock()
                let result = resolveFunction()
                lock.withLock {
                    if case .success(let address) = result { states[id] = .resolved(address) }
                    else { states[id] = .pending(resolveFunction) }
                    lock.broadcast()
                }
                return result
            }
        }
    }
}

/// One mapping holding a resolver followed by `capacity` trampolines, all read+execute.
final class TrampolineBlock: @unchecked Sendable {
    let firstID: Int
    let capacity: Int
    unowned let manager: CallbackManager
    private let mapping: CodeAndDataMapping
    private let trampolinesBase: UInt64

    init(manager: CallbackManager, firstID: Int, capacity: Int) throws {
        let emitter = manager.emitter
        self.manager = manager
        self.firstID = firstID
        self.capacity = capacity
        let resolverSpan = (emitter.resolverSize + emitter.codeAlignment - 1) / emitter.codeAlignment
            * emitter.codeAlignment
        mapping = try CodeAndDataMapping(codeBytes: resolverSpan + capacity * emitter.trampolineSize, dataBytes: 0)
        trampolinesBase = mapping.base + UInt64(resolverSpan)
        let reentryAddress = UInt64(UInt(bitPattern: unsafeBitCast(trampolineReentry, to: UnsafeRawPointer.self)))
        let context = UInt64(UInt(bitPattern: Unmanaged.passUnretained(self).toOpaque()))
        mapping.writeCode(try emitter.emitResolver(at: mapping.base, reentry: reentryAddress, context: context), at: 0)
        mapping.writeCode(try emitter.emitTrampolines(at: trampolinesBase, resolver: mapping.base, count: capacity),
                          at: resolverSpan)
        try mapping.sealCode(flushInstructionCache: emitter.needsInstructionCacheFlush)
    }

    func trampolineAddress(_ index: Int) -> UInt64 { trampolinesBase + UInt64(index * manager.emitter.trampolineSize) }

    var codeRange: Range<UInt64> {
        mapping.base..<(trampolinesBase + UInt64(capacity * manager.emitter.trampolineSize))
    }

    func reenter(identity: UInt64) -> UInt64 {
        guard let index = manager.emitter.trampolineIndex(identity: identity, trampolines: trampolinesBase,
                                                          count: capacity) else {
            manager.unknownIdentity(identity)
        }
        return manager.resolveForCall(id: firstID + index)
    }
}

/// The function every resolver calls: `reentry(context, identity) -> target`. C calling convention. Compiles run in
/// the default floating-point environment, the program's left as it was (`FloatingPointEnvironment`).
private let trampolineReentry: @convention(c) (UnsafeMutableRawPointer?, UInt64) -> UInt64 = { context, identity in
    let block = Unmanaged<TrampolineBlock>.fromOpaque(context!).takeUnretainedValue()
    return FloatingPointEnvironment.inDefault { block.reenter(identity: identity) }
}
