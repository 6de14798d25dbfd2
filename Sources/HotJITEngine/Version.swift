/// hotjit's version (semantic versioning).
public let hotjitVersion = "0.1.0"
