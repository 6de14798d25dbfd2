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

    /// Called when a resolve function fails. Whatever called the trampoline cannot continue, so it must not return
    /// (the engine reports and exits; a host may longjmp or abort).
    public typealias FailureHandler = @Sendable (_ trampolineID: Int, _ message: String) -> Never

    private enum State {
        case pending(Resolve)
        case resolving
        case resolved(UInt64)
        /// Runs its resolve function on every call, concurrently on as many threads as call (a trigger, not a binding).
        case repeating(Resolve)
    }

    public let emitter: any ArchEmitter
    /// Trampolines per block; a block has its own resolver so every trampoline's call to it stays short.
    public let blockCapacity: Int
    private let failureHandler: FailureHandler
    private let lock = ConditionLock()
    private var states: [State] = []
    private var blocks: [TrampolineBlock] = []

    public init(emitter: any ArchEmitter, blockCapacity: Int = 4096, failureHandler: @escaping FailureHandler = CallbackManager.defaultFailure) {
        self.emitter = emitter
        self.blockCapacity = blockCapacity
        self.failureHandler = failureHandler
    }

    /// Prints the failure and exits with status 70 (EX_SOFTWARE): there is no caller to return an error to.
    public static let defaultFailure: FailureHandler = { id, message in
        writeToStandardError("hotjit: fatal: lazy resolution of trampoline \(id) failed: \(message)\n")
        exit(70)
    }

    /// A new trampoline whose first call runs `resolve`. Returns its id and address.
    public func makeTrampoline(resolve: @escaping Resolve) throws -> (id: Int, address: UInt64) {
        try lock.withLock { try appendTrampoline(.pending(resolve)) }
    }

    /// Hands out the next trampoline in state `state`, mapping a new block when the last one is full; under `lock`.
    private func appendTrampoline(_ state: State) throws -> (id: Int, address: UInt64) {
        let id = states.count
        let blockIndex = id / blockCapacity
        if blockIndex == blocks.count {
            blocks.append(try TrampolineBlock(manager: self, firstID: id, capacity: blockCapacity))
        }
        states.append(state)
        return (id, blocks[blockIndex].trampolineAddress(id - blocks[blockIndex].firstID))
    }

    /// A new trampoline that runs `resolve` on every call (nothing is waited for or remembered): a target that must
    /// decide afresh each time it is reached, like a call-counting thunk's trigger. Returns its id and address.
    public func makeRepeatingTrampoline(resolve: @escaping Resolve) throws -> (id: Int, address: UInt64) {
        try lock.withLock { try appendTrampoline(.repeating(resolve)) }
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

    /// Number of trampolines handed out.
    public var trampolineCount: Int { lock.withLock { states.count } }

    /// Address of trampoline `id`.
    public func trampolineAddress(_ id: Int) -> UInt64 {
        lock.withLock {
            let block = blocks[id / blockCapacity]
            return block.trampolineAddress(id - block.firstID)
        }
    }

    /// Whether trampoline `id` has been resolved, and to what.
    public func resolvedAddress(_ id: Int) -> UInt64? {
        lock.withLock {
            if case .resolved(let address) = states[id] { return address }
            return nil
        }
    }

    /// Ranges of the resolver blocks (one per trampoline block).
    public var resolverRanges: [Range<UInt64>] {
        lock.withLock { blocks.map { $0.codeRange.lowerBound..<($0.codeRange.lowerBound + UInt64(emitter.resolverSize)) } }
    }

    /// Ranges of all resolver+trampoline code, for debuggers, perf maps and tests.
    public var codeRanges: [Range<UInt64>] { lock.withLock { blocks.map(\.codeRange) } }

    /// Resolves trampoline `id`: the first caller runs its resolve function, the others wait for the result.
    func resolve(id: Int) -> UInt64 {
        lock.lock()
        while true {
            switch states[id] {
            case .resolved(let address):
                lock.unlock()
                return address
            case .resolving:
                lock.wait()
            case .repeating(let resolveFunction):
                lock.unlock()
                switch resolveFunction() {
                case .success(let address): return address
                case .failure(let failure): failureHandler(id, failure.message)
                }
            case .pending(let resolveFunction):
                states[id] = .resolving
                lock.unlock()
                switch resolveFunction() {
                case .success(let address):
                    lock.withLock {
                        states[id] = .resolved(address)
                        lock.broadcast()
                    }
                    return address
                case .failure(let failure):
                    lock.withLock {
                        states[id] = .pending(resolveFunction)
                        lock.broadcast()
                    }
                    failureHandler(id, failure.message)
                }
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
        let resolverSpan = (emitter.resolverSize + emitter.codeAlignment - 1) / emitter.codeAlignment * emitter.codeAlignment
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

    var codeRange: Range<UInt64> { mapping.base..<(trampolinesBase + UInt64(capacity * manager.emitter.trampolineSize)) }

    func reenter(identity: UInt64) -> UInt64 {
        guard let index = manager.emitter.trampolineIndex(identity: identity, trampolines: trampolinesBase, count: capacity) else {
            writeToStandardError("hotjit: fatal: resolver entered with unknown trampoline identity 0x\(String(identity, radix: 16))\n")
            abort()
        }
        return manager.resolve(id: firstID + index)
    }
}

/// The function every resolver calls: `reentry(context, identity) -> target`. C calling convention.
private let trampolineReentry: @convention(c) (UnsafeMutableRawPointer?, UInt64) -> UInt64 = { context, identity in
    let block = Unmanaged<TrampolineBlock>.fromOpaque(context!).takeUnretainedValue()
    return block.reenter(identity: identity)
}
