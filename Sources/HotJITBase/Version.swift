import HotJITSupport

/// hotjit's version (semantic versioning). Spelled once, as `HOTJIT_VERSION` in `include/hotjit.h`.
public let hotjitVersion = String(cString: hotjit_support_version())
