"""hotjit for Python: an embeddable, tiered JIT for LLVM IR, through ctypes (nothing to compile at install).

    import ctypes, hotjit
    engine = hotjit.Engine()
    engine.add_ir("define i32 @square(i32 %x) {\\n  %r = mul i32 %x, %x\\n  ret i32 %r\\n}\\n")
    square = engine.function("square", ctypes.c_int, ctypes.c_int)
    square(12)  # 144

libhotjit.so is found through $HOTJIT_LIBRARY, next to this package, or in the source tree's .build/release.
"""
from .engine import (CacheStatistics, CodeMemory, Defer, Engine, FunctionInfo, HotJITError, RecompileRequest, SKIP,
                     library, version)

__all__ = ["CacheStatistics", "CodeMemory", "Defer", "Engine", "FunctionInfo", "HotJITError", "RecompileRequest",
           "SKIP", "library", "version"]
