"""The hotjit engine for Python: add LLVM IR, look functions up as ctypes functions, give JIT'd code Python callbacks
and host data as symbols, observe and steer tier-up.

Every ctypes object handed to the library (callbacks, data, the recompile hook) is kept alive by the engine as long as
the engine lives; functions and variables looked up keep the engine alive in turn.
"""
import ctypes
import os
import sys
import threading
from dataclasses import dataclass

from . import _capi

_library = None
_library_lock = threading.Lock()


def library():
    """libhotjit.so, loaded on first use (see _capi.load for where it is looked for)."""
    global _library
    with _library_lock:
        if _library is None:
            _library = _capi.load()
        return _library


class HotJITError(Exception):
    """A failed hotjit call: `status` is the header's name for it (e.g. "HOTJIT_ERROR_INVALID_IR"), the message is
    hotjit_last_error()'s."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message

    def __str__(self):
        return f"{self.status}: {self.message}"


def _check(status):
    if status != _capi.OK:
        lib = library()
        raise HotJITError(lib.hotjit_status_name(status).decode(), lib.hotjit_last_error().decode(errors="replace"))


def version():
    """The library's version string, e.g. "0.1.0"."""
    return library().hotjit_version().decode()


@dataclass(frozen=True)
class FunctionInfo:
    """What hotjit knows about one function (hotjit_function_info)."""
    stub_address: int
    code_address: int
    tier: int
    calls: int
    backedges: int
    code_bytes: int
    compile_ns: tuple
    tierup_latency_ns: int


@dataclass(frozen=True)
class CodeMemory:
    """The engine's JIT'd function code in bytes and versions: live, superseded (freed by reclaim), freed
    (hotjit_code_memory)."""
    live_bytes: int
    live_versions: int
    superseded_bytes: int
    superseded_versions: int
    freed_bytes: int
    freed_versions: int


def _code_memory(memory):
    return CodeMemory(memory.live_bytes, memory.live_versions, memory.superseded_bytes, memory.superseded_versions,
                      memory.freed_bytes, memory.freed_versions)


@dataclass(frozen=True)
class CacheStatistics:
    """What the engine's persistent cache did since the engine was created (hotjit_cache_statistics)."""
    tier0_hits: int
    tier0_misses: int
    optimized_hits: int
    optimized_misses: int
    started_optimized: int
    rejected: int
    bytes_read: int
    bytes_written: int


@dataclass(frozen=True)
class RecompileRequest:
    """A function crossed a threshold (hotjit_recompile_request); `trigger` is "calls", "backedges" or "explicit"."""
    name: str
    current_tier: int
    calls: int
    backedges: int
    trigger: str


SKIP = "skip"
"""Returned by a recompile hook: never recompile this function for this trigger."""


@dataclass(frozen=True)
class Defer:
    """Returned by a recompile hook: ask again after `by` more calls (or back-edges)."""
    by: int


_TRIGGERS = {0: "calls", 1: "backedges", 2: "explicit"}


def _address(value):
    """The address of a host symbol's value: an int, a ctypes function (CFUNCTYPE) or any ctypes object (its data)."""
    if isinstance(value, int):
        return value
    if isinstance(value, ctypes._CFuncPtr):
        return ctypes.cast(value, ctypes.c_void_p).value
    if isinstance(value, ctypes._SimpleCData) or isinstance(value, (ctypes.Structure, ctypes.Union, ctypes.Array)):
        return ctypes.addressof(value)
    raise TypeError(f"a host symbol is an int address, a ctypes function or a ctypes object, not {type(value)!r}")


class Engine:
    """One hotjit engine. Options are the fields of hotjit_options, as keywords (e.g. tierup=False,
    call_threshold=10); those not given keep hotjit's defaults. cache_directory (a str or path; None: no cache) turns
    the persistent code cache on: a later engine with the same options and modules links the code kept there and
    starts the functions this one optimized at their optimized code (see save_cache_profile).

    Use it as a context manager or call close(); a closed engine's functions must not be called any more.
    """

    def __init__(self, **options):
        lib = library()
        values = _capi.Options()
        _check(lib.hotjit_options_init_sized(ctypes.byref(values), ctypes.sizeof(values)))
        known = {name for name, _ in _capi.Options._fields_} - {"struct_size"}
        for name, value in options.items():
            if name not in known:
                raise TypeError(f"unknown hotjit option {name!r} (known: {', '.join(sorted(known))})")
            if name == "cache_directory":
                value = None if value is None else os.fsencode(value)   # hotjit copies it at create time
            else:
                value = int(value)
            setattr(values, name, value)
        handle = ctypes.c_void_p()
        _check(lib.hotjit_engine_create(ctypes.byref(values), ctypes.byref(handle)))
        self._handle = handle
        self._keep = []          # ctypes objects the library holds pointers to
        self._lock = threading.Lock()

    # Lifetime

    def close(self):
        """Destroys the engine (stopping background compiles first). Nothing it compiled may run afterwards."""
        with self._lock:
            handle, self._handle = self._handle, None
        if handle:
            library().hotjit_engine_destroy(handle)
            self._keep.clear()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        if getattr(self, "_handle", None) and not sys.is_finalizing():
            self.close()

    @property
    def _live(self):
        if not self._handle:
            raise HotJITError("HOTJIT_ERROR_INVALID_ARGUMENT", "the engine is closed")
        return self._handle

    # Modules and symbols

    def add_ir(self, ir, name="<python>"):
        """Adds a module of LLVM IR: text (str or bytes) or bitcode (bytes). `name` stands for a file name in
        messages. Returns the module's id, for remove_module."""
        data = ir.encode() if isinstance(ir, str) else bytes(ir)
        module = ctypes.c_uint64()
        _check(library().hotjit_engine_add_ir_memory_module(self._live, data, len(data), name.encode(),
                                                            ctypes.byref(module)))
        return module.value

    def add_ir_file(self, path):
        """Adds the module in the file at `path` (.ll or .bc). Returns the module's id, for remove_module."""
        module = ctypes.c_uint64()
        _check(library().hotjit_engine_add_ir_file_module(self._live, str(path).encode(), ctypes.byref(module)))
        return module.value

    def remove_module(self, module):
        """Removes a module (an id add_ir gave): frees its code and data; its names may be defined again. Only
        once nothing runs its code or uses its functions or data any more (ctypes functions from lookup included).
        Raises HotJITError HOTJIT_ERROR_IN_USE while another module uses its names."""
        _check(library().hotjit_engine_remove_module(self._live, module))

    def load_library(self, path):
        """Loads a shared library so that modules can use its symbols."""
        _check(library().hotjit_engine_load_library(self._live, str(path).encode()))

    def define_symbols(self, symbols):
        """Gives JIT'd code names for host things, all or none: `symbols` maps each name to a ctypes function
        (a CFUNCTYPE of a Python callable, which JIT'd code then calls), a ctypes object (its memory: data JIT'd code
        reads and writes) or an int address. They take the place of the process's symbols of those names, for modules
        added before or after. The engine keeps the objects alive."""
        entries = (_capi.HostSymbol * len(symbols))()
        for entry, (name, value) in zip(entries, symbols.items()):
            entry.name = name.encode()
            entry.address = _address(value)
        _check(library().hotjit_engine_define_symbols(self._live, entries, len(symbols)))
        self._keep.extend(symbols.values())

    def define_symbol(self, name, value):
        """define_symbols for one name."""
        self.define_symbols({name: value})

    def lookup(self, name):
        """The address of function, global variable or host symbol `name` (a function's is its stub: calling it
        compiles the function on first call)."""
        address = ctypes.c_void_p()
        _check(library().hotjit_engine_lookup(self._live, name.encode(), ctypes.byref(address)))
        return address.value

    def function(self, name, restype=None, *argtypes):
        """Function `name` as a ctypes function of the given C result and argument types, e.g.
        ``engine.function("square", ctypes.c_int, ctypes.c_int)``. It keeps the engine alive."""
        function = ctypes.CFUNCTYPE(restype, *argtypes)(self.lookup(name))
        function._hotjit_engine = self
        return function

    def variable(self, name, ctype):
        """Global variable `name` as a ctypes object of type `ctype` over the JIT'd program's memory."""
        value = ctype.from_address(self.lookup(name))
        value._hotjit_engine = self
        return value

    # Running

    def run_constructors(self):
        """Runs the modules' static constructors (once); do it before calling functions directly."""
        _check(library().hotjit_engine_run_constructors(self._live))

    def run_exit_handlers(self):
        """Runs the program's atexit handlers and static destructors now."""
        _check(library().hotjit_engine_run_exit_handlers(self._live))

    def run_main(self, argv=("hotjit",)):
        """Runs main(argc, argv, envp) like a C runtime; returns main's result."""
        arguments = (ctypes.c_char_p * (len(argv) + 1))(*[str(a).encode() for a in argv], None)
        status = ctypes.c_int()
        _check(library().hotjit_engine_run_main(self._live, len(argv), arguments, None, ctypes.byref(status)))
        return status.value

    # Tier-up

    def function_info(self, name):
        """What hotjit knows about function `name` (FunctionInfo)."""
        info = _capi.FunctionInfoStruct()
        info.struct_size = ctypes.sizeof(info)
        _check(library().hotjit_engine_function_info(self._live, name.encode(), ctypes.byref(info)))
        return FunctionInfo(info.stub_address or 0, info.code_address or 0, info.tier, info.calls, info.backedges,
                            info.code_bytes, tuple(info.compile_ns), info.tierup_latency_ns)

    def code_memory(self):
        """The engine's code memory now (CodeMemory)."""
        memory = _capi.CodeMemoryStruct()
        memory.struct_size = ctypes.sizeof(memory)
        _check(library().hotjit_engine_code_memory(self._live, ctypes.byref(memory)))
        return _code_memory(memory)

    def reclaim(self):
        """Frees superseded code (tier-0 code and OSR continuations of functions with optimized code); returns the
        code memory afterwards (CodeMemory). Only at a quiescent point: no thread runs, or will return into, JIT'd
        code of this engine (no call into it in progress, nor a JIT'd frame below this call). ctypes functions from
        `function` stay valid (they are stubs). Raises HotJITError HOTJIT_ERROR_IN_USE when called from a call
        JIT'd code made, HOTJIT_ERROR_UNSUPPORTED with debug_jit on."""
        memory = _capi.CodeMemoryStruct()
        memory.struct_size = ctypes.sizeof(memory)
        _check(library().hotjit_engine_reclaim(self._live, ctypes.byref(memory)))
        return _code_memory(memory)

    def save_cache_profile(self):
        """Saves the persistent cache's profile now (which functions were optimized) and trims the directory to
        cache_size_limit; close() does it too. Nothing to do without a cache."""
        _check(library().hotjit_engine_save_cache_profile(self._live))

    def cache_statistics(self):
        """What the persistent cache did so far (CacheStatistics). Raises HotJITError HOTJIT_ERROR_NOT_FOUND without
        a cache."""
        figures = _capi.CacheStatisticsStruct()
        figures.struct_size = ctypes.sizeof(figures)
        _check(library().hotjit_engine_cache_statistics(self._live, ctypes.byref(figures)))
        return CacheStatistics(figures.tier0_hits, figures.tier0_misses, figures.optimized_hits,
                               figures.optimized_misses, figures.started_optimized, figures.rejected,
                               figures.bytes_read, figures.bytes_written)

    def set_recompile_hook(self, hook):
        """Calls `hook(request)` (a RecompileRequest) when a function crosses a threshold, before it is recompiled.
        It returns None to recompile at the engine's level, an int 1-3 to recompile at that level, SKIP, or
        Defer(n). It may run on any thread that runs JIT'd code, must not call JIT'd code, and an exception in it is
        printed and counts as None. None removes the hook."""
        if hook is None:
            _check(library().hotjit_engine_set_recompile_hook(self._live, _capi.RECOMPILE_HOOK(), None))
            return

        def trampoline(_user_data, request, decision):
            try:
                r = request.contents
                answer = hook(RecompileRequest(r.name.decode(errors="replace"), r.current_tier, r.calls, r.backedges,
                                               _TRIGGERS.get(r.trigger, str(r.trigger))))
                if answer == SKIP:
                    decision.contents.action = _capi.RECOMPILE_SKIP
                elif isinstance(answer, Defer):
                    decision.contents.action = _capi.RECOMPILE_DEFER
                    decision.contents.defer_by = max(1, int(answer.by))
                elif isinstance(answer, int):
                    decision.contents.level = answer
            except Exception:  # noqa: BLE001 - nothing may propagate into C
                import traceback
                traceback.print_exc()

        callback = _capi.RECOMPILE_HOOK(trampoline)
        _check(library().hotjit_engine_set_recompile_hook(self._live, callback, None))
        self._keep.append(callback)

    def recompile(self, name, level=3, wait=True):
        """Recompiles function `name` at the optimizing tier at `level` (1-3); with `wait`, returns once calls reach
        the new code."""
        _check(library().hotjit_engine_recompile(self._live, name.encode(), level, 1 if wait else 0))

    def wait_for_compiles(self):
        """Waits until no background compile is queued or running."""
        _check(library().hotjit_engine_wait_for_compiles(self._live))
