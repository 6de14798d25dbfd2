"""libhotjit.so through ctypes: finding and loading it, the header's structs, and its functions' prototypes.

Mirrors include/hotjit.h. Versioned structs (those starting with ``struct_size``) are passed with this module's own
sizes, so the library fills exactly the fields defined here, whatever its version.
"""
import ctypes
import os
from pathlib import Path

# Status codes (hotjit_status).
OK = 0
ERROR_INVALID_ARGUMENT = 1
ERROR_NOT_FOUND = 6

# hotjit_recompile_action.
RECOMPILE, RECOMPILE_SKIP, RECOMPILE_DEFER = 0, 1, 2


class Options(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_uint32),
        ("verbose", ctypes.c_int),
        ("tierup", ctypes.c_int),
        ("call_threshold", ctypes.c_uint64),
        ("backedge_threshold", ctypes.c_uint64),
        ("synchronous_tierup", ctypes.c_int),
        ("compile_threads", ctypes.c_int),
        ("optimization_level", ctypes.c_int),
        ("defer_function_parsing", ctypes.c_int),
        ("debug_jit", ctypes.c_int),
        ("perf_map", ctypes.c_int),
        ("end_idle_compile_threads", ctypes.c_int),
        ("tier0_companions", ctypes.c_uint64),
        ("compile_thread_niceness", ctypes.c_int),
        ("cache_directory", ctypes.c_char_p),
        ("cache_size_limit", ctypes.c_uint64),
    ]


class FunctionInfoStruct(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_uint32),
        ("stub_address", ctypes.c_void_p),
        ("code_address", ctypes.c_void_p),
        ("tier", ctypes.c_int),
        ("calls", ctypes.c_uint64),
        ("backedges", ctypes.c_uint64),
        ("code_bytes", ctypes.c_uint64),
        ("compile_ns", ctypes.c_uint64 * 2),
        ("tierup_latency_ns", ctypes.c_uint64),
    ]


class CodeMemoryStruct(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_uint32),
        ("live_bytes", ctypes.c_uint64),
        ("live_versions", ctypes.c_uint64),
        ("superseded_bytes", ctypes.c_uint64),
        ("superseded_versions", ctypes.c_uint64),
        ("freed_bytes", ctypes.c_uint64),
        ("freed_versions", ctypes.c_uint64),
    ]


class CacheStatisticsStruct(ctypes.Structure):
    _fields_ = [
        ("struct_size", ctypes.c_uint32),
        ("tier0_hits", ctypes.c_uint64),
        ("tier0_misses", ctypes.c_uint64),
        ("optimized_hits", ctypes.c_uint64),
        ("optimized_misses", ctypes.c_uint64),
        ("started_optimized", ctypes.c_uint64),
        ("rejected", ctypes.c_uint64),
        ("bytes_read", ctypes.c_uint64),
        ("bytes_written", ctypes.c_uint64),
    ]


class HostSymbol(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("address", ctypes.c_void_p)]


class RecompileRequestStruct(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("current_tier", ctypes.c_int),
        ("calls", ctypes.c_uint64),
        ("backedges", ctypes.c_uint64),
        ("trigger", ctypes.c_int),
    ]


class RecompileDecision(ctypes.Structure):
    _fields_ = [("action", ctypes.c_int), ("level", ctypes.c_int), ("defer_by", ctypes.c_uint64)]


RECOMPILE_HOOK = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.POINTER(RecompileRequestStruct),
                                  ctypes.POINTER(RecompileDecision))

_status = ctypes.c_int
_engine = ctypes.c_void_p

_PROTOTYPES = {
    "hotjit_last_error": (ctypes.c_char_p, []),
    "hotjit_status_name": (ctypes.c_char_p, [_status]),
    "hotjit_version": (ctypes.c_char_p, []),
    "hotjit_options_init_sized": (_status, [ctypes.POINTER(Options), ctypes.c_size_t]),
    "hotjit_engine_create": (_status, [ctypes.POINTER(Options), ctypes.POINTER(_engine)]),
    "hotjit_engine_destroy": (None, [_engine]),
    "hotjit_engine_add_ir_file": (_status, [_engine, ctypes.c_char_p]),
    "hotjit_engine_add_ir_memory": (_status, [_engine, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p]),
    "hotjit_engine_add_ir_memory_module": (_status, [_engine, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p,
                                                     ctypes.POINTER(ctypes.c_uint64)]),
    "hotjit_engine_add_ir_file_module": (_status, [_engine, ctypes.c_char_p, ctypes.POINTER(ctypes.c_uint64)]),
    "hotjit_engine_remove_module": (_status, [_engine, ctypes.c_uint64]),
    "hotjit_engine_load_library": (_status, [_engine, ctypes.c_char_p]),
    "hotjit_engine_define_symbols": (_status, [_engine, ctypes.POINTER(HostSymbol), ctypes.c_size_t]),
    "hotjit_engine_lookup": (_status, [_engine, ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]),
    "hotjit_engine_run_constructors": (_status, [_engine]),
    "hotjit_engine_run_exit_handlers": (_status, [_engine]),
    "hotjit_engine_run_main": (_status, [_engine, ctypes.c_int, ctypes.POINTER(ctypes.c_char_p),
                                         ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_int)]),
    "hotjit_engine_function_info": (_status, [_engine, ctypes.c_char_p, ctypes.POINTER(FunctionInfoStruct)]),
    "hotjit_engine_set_recompile_hook": (_status, [_engine, RECOMPILE_HOOK, ctypes.c_void_p]),
    "hotjit_engine_recompile": (_status, [_engine, ctypes.c_char_p, ctypes.c_int, ctypes.c_int]),
    "hotjit_engine_wait_for_compiles": (_status, [_engine]),
    "hotjit_engine_code_memory": (_status, [_engine, ctypes.POINTER(CodeMemoryStruct)]),
    "hotjit_engine_reclaim": (_status, [_engine, ctypes.POINTER(CodeMemoryStruct)]),
    "hotjit_engine_save_cache_profile": (_status, [_engine]),
    "hotjit_engine_cache_statistics": (_status, [_engine, ctypes.POINTER(CacheStatisticsStruct)]),
}


def _candidates():
    """Where libhotjit.so may be, in order: $HOTJIT_LIBRARY, next to this package, the source tree's release build,
    then the dynamic loader's search path."""
    explicit = os.environ.get("HOTJIT_LIBRARY")
    if explicit:
        return [explicit]
    here = Path(__file__).resolve().parent
    return [str(here / "libhotjit.so"), str(here.parents[1] / ".build" / "release" / "libhotjit.so"), "libhotjit.so"]


def load():
    """Loads libhotjit.so and declares the prototypes this binding uses. Raises OSError naming every place tried."""
    tried = []
    for candidate in _candidates():
        if candidate != "libhotjit.so" and not os.path.exists(candidate):
            tried.append(candidate + " (missing)")
            continue
        try:
            library = ctypes.CDLL(candidate)
        except OSError as error:
            tried.append(f"{candidate} ({error})")
            continue
        for name, (restype, argtypes) in _PROTOTYPES.items():
            function = getattr(library, name)
            function.restype = restype
            function.argtypes = argtypes
        return library
    raise OSError("cannot load libhotjit.so (set HOTJIT_LIBRARY, or build it with `swift build -c release`); "
                  "tried: " + "; ".join(tried))
