import HotJITBase

/// A function's lazy entry: one stub of a `StubTable` whose slot first points at a trampoline of a
/// `CallbackManager`. The first call through the stub runs the resolve function once (concurrent first callers wait
/// for it), re-points the slot at the address it returned ("rebind") and continues there; later calls go straight
/// through the slot. The owner of the code re-points the slot later (tier-up) and can hand the slot back to the
/// trampoline for one more call (`rearm`) to regain control at the function's next call.
///
/// Both the engine (one per function) and the C API (`hotjit_callback_manager_create_lazy_stub`) use it, so the
/// resolve-then-rebind protocol exists once.
public final class LazyStub: @unchecked Sendable {
    public let table: StubTable
    public let index: Int
    public let manager: CallbackManager
    /// The callback manager's id of the trampoline.
    public let trampolineID: Int
    /// The trampoline's address: the slot's first target.
    public let trampolineAddress: UInt64

    /// Points stub `index` of `table` at a new trampoline of `manager` whose first call runs `resolve`.
    public init(table: StubTable, index: Int, manager: CallbackManager,
                resolve: @escaping CallbackManager.Resolve) throws {
        self.table = table
        self.index = index
        self.manager = manager
        let made = try manager.makeTrampoline { _, address in Self.rebinding(table, index, from: address, resolve) }
        trampolineID = made.id
        trampolineAddress = made.address
        table.setTarget(index, made.address)
    }

    /// `resolve`, then the slot re-pointed from the trampoline at its result. Only from the trampoline: if the
    /// slot was re-pointed meanwhile (a newer version was installed while this one resolved), the newer one stays.
    private static func rebinding(_ table: StubTable, _ index: Int, from trampoline: UInt64,
                                  _ resolve: @escaping CallbackManager.Resolve) -> CallbackManager.Resolve {
        return {
            let result = resolve()
            if case .success(let address) = result {
                table.replaceTarget(index, expected: trampoline, with: address)
            }
            return result
        }
    }

    /// The address callers call: `&foo` everywhere.
    public var stubAddress: UInt64 { table.stubAddress(index) }
    /// Where the slot points now.
    public var target: UInt64 { table.target(index) }

    /// Points the slot at `address` (an atomic store: callers switch on their next call).
    public func setTarget(_ address: UInt64) { table.setTarget(index, address) }

    /// Points the slot at `address` only if it still points at `expected`; whether it did.
    @discardableResult
    public func replaceTarget(expected: UInt64, with address: UInt64) -> Bool {
        table.replaceTarget(index, expected: expected, with: address)
    }

    /// Resolves now, as the first call would (or returns what the first call resolved): for a host thread that
    /// needs the function compiled before anything calls it. Shares the first call's compile-once state.
    public func resolveNow() -> Result<UInt64, CallbackManager.ResolveFailure> { manager.resolve(id: trampolineID) }

    /// Hands the slot back to the trampoline for one call that runs `resolve` (and rebinds the slot to its result).
    /// False (nothing changes) unless the trampoline has been resolved, i.e. its first call is over.
    @discardableResult
    public func rearm(_ resolve: @escaping CallbackManager.Resolve) -> Bool {
        let rebind = Self.rebinding(table, index, from: trampolineAddress, resolve)
        guard manager.rearm(trampolineID, resolve: rebind) else { return false }
        table.setTarget(index, trampolineAddress)
        return true
    }
}
