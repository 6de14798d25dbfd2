// Why this file exists: the engine needs a program's global values as plain data (names, kinds, linkage facts),
// not as LLVM values; this is that data.
/// A global value of a prepared program module, as the engine sees it.
public struct GlobalSymbol: Sendable, Equatable {
    public enum Kind: Sendable { case function, variable, alias, ifunc }

    /// The link name: the source name, or a module-unique name for what was internal or private.
    public let name: String
    /// The name in the source (for messages, stats and traces); empty for unnamed values.
    public let sourceName: String
    public let kind: Kind
    /// Has a body or initializer in this module.
    public let isDefinition: Bool
    /// A definition another module may also provide (linkonce, weak, common): the first one loaded wins.
    public let isReplaceable: Bool
    /// A declaration that may stay unresolved (`extern_weak`): it then reads as null.
    public let isExternWeak: Bool
    /// For aliases: the global value it names, when it is one directly.
    public let aliasee: String?
    /// For aliases: whether that global value is a function.
    public let aliaseeIsFunction: Bool
}
