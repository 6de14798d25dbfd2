import HotJITRuntime
import LLVMBridge

/// What one loaded program owns and its removal frees (besides what its functions' records own: their trampolines
/// and compiled versions): the ORC tracker of its names and data, its stub and call-counting thunk tables, and the
/// code map entries they were published under. Guarded by the registry's lock.
final class ProgramResources: @unchecked Sendable {
    /// Holds the object binding its names to its stubs and its data object.
    let tracker: JITSession.Tracker
    var stubTable: StubTable?
    var thunkTable: CountingThunkTable?
    var records: [FunctionRecord] = []
    /// Every name it defines (functions, variables, aliases), for the registry to forget.
    var definedNames: [String] = []
    /// Names it uses but another program defines, replaceable definitions it left to an earlier program included:
    /// while it is loaded, the programs defining them cannot be removed.
    var usedNames: [String] = []
    /// Starts of its code map entries (stubs, trampolines, thunks); its versions' are in their records.
    var codeMapStarts: [UInt64] = []

    init(tracker: JITSession.Tracker) { self.tracker = tracker }
}
