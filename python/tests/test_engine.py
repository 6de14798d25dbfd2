"""The Python binding end to end: IR in, ctypes functions out, Python callbacks and data as host symbols, the
recompile hook, function info, errors as HotJITError."""
import ctypes
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import hotjit  # noqa: E402

SQUARE = """
define i32 @square(i32 %x) {
  %r = mul i32 %x, %x
  ret i32 %r
}
"""

# Calls a host callback (`host_scale`, not in any library) and counts in host data (`host_calls`).
USES_HOST = """
@host_calls = external global i64
declare i64 @host_scale(i64)
define i64 @scaled_plus_one(i64 %x) {
  %s = call i64 @host_scale(i64 %x)
  %n = load i64, ptr @host_calls
  %n1 = add i64 %n, 1
  store i64 %n1, ptr @host_calls
  %r = add i64 %s, 1
  ret i64 %r
}
"""


def test_a_function_from_ir_is_a_ctypes_function():
    with hotjit.Engine() as engine:
        engine.add_ir(SQUARE, "square.ll")
        square = engine.function("square", ctypes.c_int, ctypes.c_int)
        assert [square(x) for x in (0, 3, -4)] == [0, 9, 16]
        assert engine.lookup("square") == engine.function_info("square").stub_address


def test_python_callbacks_and_data_are_host_symbols_before_or_after_the_module():
    seen = []
    scale = ctypes.CFUNCTYPE(ctypes.c_int64, ctypes.c_int64)(lambda x: seen.append(x) or x * 10)
    calls = ctypes.c_int64(0)
    with hotjit.Engine() as engine:
        engine.define_symbol("host_calls", calls)
        engine.add_ir(USES_HOST, "host.ll")
        with pytest.raises(hotjit.HotJITError) as missing:
            engine.lookup("scaled_plus_one")
        assert missing.value.status == "HOTJIT_ERROR_UNRESOLVED_SYMBOL" and "host_scale" in missing.value.message
        engine.define_symbol("host_scale", scale)   # after the module that uses it
        function = engine.function("scaled_plus_one", ctypes.c_int64, ctypes.c_int64)
        assert function(4) == 41 and function(5) == 51
        assert seen == [4, 5] and calls.value == 2


def test_redefining_a_host_symbol_with_another_address_is_refused():
    first, second = ctypes.c_int(1), ctypes.c_int(2)
    with hotjit.Engine() as engine:
        engine.define_symbol("value", first)
        engine.define_symbol("value", first)
        with pytest.raises(hotjit.HotJITError) as refused:
            engine.define_symbol("value", second)
        assert refused.value.status == "HOTJIT_ERROR_INVALID_ARGUMENT"


def test_bad_ir_and_bad_options_raise_with_the_status_and_message():
    with hotjit.Engine() as engine:
        with pytest.raises(hotjit.HotJITError) as bad:
            engine.add_ir("define i32 @f() {\n  ret i32 %nowhere\n}\n", "bad.ll")
        assert bad.value.status == "HOTJIT_ERROR_INVALID_IR" and "bad.ll:2" in bad.value.message
        with pytest.raises(hotjit.HotJITError) as unknown:
            engine.lookup("nothing_here")
        assert unknown.value.status == "HOTJIT_ERROR_NOT_FOUND"
    with pytest.raises(hotjit.HotJITError) as threads:
        hotjit.Engine(compile_threads=100000)
    assert threads.value.status == "HOTJIT_ERROR_INVALID_ARGUMENT" and "compile_threads" in threads.value.message
    with pytest.raises(TypeError):
        hotjit.Engine(no_such_option=1)


def test_the_recompile_hook_sees_hot_functions_and_decides():
    requests = []

    def hook(request):
        requests.append(request)
        return hotjit.SKIP if request.name == "square" else 2

    with hotjit.Engine(call_threshold=5, synchronous_tierup=True) as engine:
        engine.add_ir(SQUARE, "square.ll")
        engine.add_ir(SQUARE.replace("square", "cube_ish"), "other.ll")
        engine.set_recompile_hook(hook)
        square = engine.function("square", ctypes.c_int, ctypes.c_int)
        other = engine.function("cube_ish", ctypes.c_int, ctypes.c_int)
        for x in range(20):
            assert square(x) == x * x and other(x) == x * x
        engine.wait_for_compiles()
        assert sorted(r.name for r in requests) == ["cube_ish", "square"]
        assert all(r.trigger == "calls" and r.current_tier == 0 and r.calls >= 5 for r in requests)
        assert engine.function_info("square").tier == 0, "the hook skipped it"
        assert engine.function_info("cube_ish").tier == 1, "the hook chose level 2"


def test_explicit_recompile_and_function_info():
    with hotjit.Engine(tierup=True) as engine:
        engine.add_ir(SQUARE, "square.ll")
        assert engine.function_info("square").tier == -1
        square = engine.function("square", ctypes.c_int, ctypes.c_int)
        square(2)
        engine.recompile("square", level=2, wait=True)
        info = engine.function_info("square")
        assert info.tier == 1 and info.calls >= 1 and info.compile_ns[1] > 0 and square(9) == 81


def test_variables_and_run_main():
    program = """
@counter = global i32 40
define i32 @main(i32 %argc, ptr %argv) {
  %c = load i32, ptr @counter
  %r = add i32 %c, %argc
  ret i32 %r
}
"""
    with hotjit.Engine() as engine:
        engine.add_ir(program, "main.ll")
        counter = engine.variable("counter", ctypes.c_int32)
        assert counter.value == 40
        counter.value = 100
        assert engine.run_main(["prog", "a", "b"]) == 103


def test_a_closed_engine_refuses_calls():
    engine = hotjit.Engine()
    engine.close()
    engine.close()
    with pytest.raises(hotjit.HotJITError):
        engine.add_ir(SQUARE)


def test_remove_module_frees_names_for_a_new_body():
    with hotjit.Engine() as engine:
        first = engine.add_ir(SQUARE)
        assert engine.function("square", ctypes.c_int32, ctypes.c_int32)(5) == 25
        engine.remove_module(first)
        with pytest.raises(hotjit.HotJITError) as removed:
            engine.remove_module(first)
        assert removed.value.status == "HOTJIT_ERROR_NOT_FOUND"
        engine.add_ir(SQUARE.replace("mul i32 %x, %x", "add i32 %x, %x"))
        assert engine.function("square", ctypes.c_int32, ctypes.c_int32)(5) == 10


def test_reclaim_frees_tier0_code_once_optimized_code_is_installed():
    with hotjit.Engine(call_threshold=5, synchronous_tierup=True) as engine:
        engine.add_ir(SQUARE)
        square = engine.function("square", ctypes.c_int32, ctypes.c_int32)
        assert [square(n) for n in range(10)] == [n * n for n in range(10)]
        before = engine.code_memory()
        assert before.superseded_versions == 1 and before.superseded_bytes > 0
        after = engine.reclaim()
        assert (after.freed_versions, after.freed_bytes) == (1, before.superseded_bytes)
        assert after.superseded_versions == 0 and after.live_bytes == before.live_bytes
        assert square(12) == 144
        assert engine.function_info("square").calls >= 5


def test_reclaim_from_a_call_jit_code_made_is_refused():
    with hotjit.Engine() as engine:
        refused = []

        @ctypes.CFUNCTYPE(None)
        def host_reclaim():
            try:
                engine.reclaim()
            except hotjit.HotJITError as error:
                refused.append(error.status)

        engine.define_symbol("host_reclaim", host_reclaim)
        engine.add_ir("declare void @host_reclaim()\n"
                      "define void @from_jit() {\n  call void @host_reclaim()\n  ret void\n}\n")
        engine.function("from_jit", None)()
        assert refused == ["HOTJIT_ERROR_IN_USE"]


def _tier_up_square(cache, **options):
    """An engine on `cache` in which `square` tiered up; returned open."""
    engine = hotjit.Engine(cache_directory=cache, call_threshold=5, synchronous_tierup=True, **options)
    engine.add_ir(SQUARE, "square.ll")
    square = engine.function("square", ctypes.c_int, ctypes.c_int)
    assert [square(x) for x in range(10)] == [x * x for x in range(10)]
    assert engine.function_info("square").tier == 1
    return engine


def _first_call_tier(cache, **options):
    """The tier `square` is at right after its first call in a new engine on `cache`, and that engine's statistics."""
    with hotjit.Engine(cache_directory=cache, call_threshold=5, synchronous_tierup=True, **options) as engine:
        engine.add_ir(SQUARE, "square.ll")
        assert engine.function_info("square").tier == -1
        assert engine.function("square", ctypes.c_int, ctypes.c_int)(7) == 49
        info = engine.function_info("square")
        return info.tier, info.calls, engine.cache_statistics()


def test_a_second_engine_on_the_cache_directory_starts_hot_functions_optimized(tmp_path):
    cache = tmp_path / "nested" / "cache"    # created with its parents; a path or a str
    with _tier_up_square(cache) as engine:
        first = engine.cache_statistics()
        assert first.tier0_misses >= 1 and first.started_optimized == 0 and first.bytes_written > 0
    tier, calls, statistics = _first_call_tier(str(cache))
    assert (tier, calls) == (1, 0), "optimized at its first call: it never ran tier 0"
    assert statistics.started_optimized == 1 and statistics.optimized_hits >= 1 and statistics.bytes_read > 0
    assert isinstance(statistics, hotjit.CacheStatistics)


def test_save_cache_profile_without_closing_the_engine(tmp_path):
    engine = _tier_up_square(tmp_path)
    try:
        engine.save_cache_profile()
        tier, calls, statistics = _first_call_tier(tmp_path)
        assert (tier, calls, statistics.started_optimized) == (1, 0, 1)
    finally:
        engine.close()


def test_a_one_byte_cache_size_limit_keeps_nothing(tmp_path):
    _tier_up_square(tmp_path, cache_size_limit=1).close()
    tier, _, statistics = _first_call_tier(tmp_path, cache_size_limit=1)
    assert tier == 0 and statistics.started_optimized == 0 and statistics.optimized_hits == 0


def test_without_a_cache_and_with_a_bad_cache_directory(tmp_path):
    with hotjit.Engine(cache_directory=None) as engine:
        engine.save_cache_profile()
        with pytest.raises(hotjit.HotJITError) as none:
            engine.cache_statistics()
        assert none.value.status == "HOTJIT_ERROR_NOT_FOUND"
    regular = tmp_path / "regular-file"
    regular.write_text("")
    with pytest.raises(hotjit.HotJITError) as bad:
        hotjit.Engine(cache_directory=regular / "cache")
    assert bad.value.status == "HOTJIT_ERROR_IO" and str(regular / "cache") in bad.value.message
    with pytest.raises(hotjit.HotJITError) as empty:
        hotjit.Engine(cache_directory="")
    assert empty.value.status == "HOTJIT_ERROR_INVALID_ARGUMENT"
