import HotJITBase

/// A module as the host names it: `(engine serial << 32) | (program index + 1)`. The serial makes a handle of
/// another engine (or a made-up number) recognizable, so it is refused with a status rather than taken for one of
/// this engine's modules; 0 is never a handle. Handles are not reused: a removed module's handle stays stale.
public struct ModuleHandle: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt64

    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// The handle of program `index` of the engine with serial `engineSerial`.
    init(engineSerial: UInt32, index: Int) {
        precondition(index >= 0 && index < Int(UInt32.max), "program index out of a handle's range")
        rawValue = UInt64(engineSerial) << 32 | UInt64(index + 1)
    }

    /// The program index this handle names in the engine with serial `engineSerial`, or nil when it is not one of
    /// that engine's handles.
    func index(inEngine engineSerial: UInt32) -> Int? {
        guard rawValue >> 32 == UInt64(engineSerial), rawValue & 0xffff_ffff != 0 else { return nil }
        return Int(rawValue & 0xffff_ffff) - 1
    }

    public var description: String { "0x" + String(rawValue, radix: 16) }

    /// A serial per engine, so that handles of different engines differ (it wraps after 2^32 engines).
    static func nextEngineSerial() -> UInt32 { serials.next() }

    private static let serials = SerialCounter()

    private final class SerialCounter: @unchecked Sendable {
        private let lock = ConditionLock()
        private var last: UInt32 = 0
        func next() -> UInt32 {
            lock.withLock {
                last = last &+ 1
                if last == 0 { last = 1 }
                return last
            }
        }
    }
}
