"""An expression compiler on hotjit: turns an arithmetic expression in x (Python syntax: + - * / // %, parentheses,
integers, and calls of the host's `clamp`) into LLVM IR, compiles it, and evaluates it for some x.

    PYTHONPATH=python python3 python/examples/expression.py "clamp(3*x*x - 2*x + 1, 0, 200)" 0 5 10
"""
import ast
import ctypes
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import hotjit  # noqa: E402

OPERATORS = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.FloorDiv: "sdiv", ast.Div: "sdiv", ast.Mod: "srem"}


def compile_expression(text):
    """IR for `define i64 @expression(i64 %x)` computing `text`."""
    lines, counter = [], [0]

    def value(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return str(node.value)
        if isinstance(node, ast.Name) and node.id == "x":
            return "%x"
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return emit(f"sub i64 0, {value(node.operand)}")
        if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
            left, right = value(node.left), value(node.right)
            return emit(f"{OPERATORS[type(node.op)]} i64 {left}, {right}")
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "clamp" and len(node.args) == 3:
            args = ", ".join(f"i64 {value(a)}" for a in node.args)
            return emit(f"call i64 @clamp({args})")
        raise SyntaxError(f"unsupported: {ast.dump(node)}")

    def emit(instruction):
        counter[0] += 1
        lines.append(f"  %t{counter[0]} = {instruction}")
        return f"%t{counter[0]}"

    result = value(ast.parse(text, mode="eval").body)
    return "\n".join(["declare i64 @clamp(i64, i64, i64)", "define i64 @expression(i64 %x) {", *lines,
                      f"  ret i64 {result}", "}", ""])


def main(arguments):
    text = arguments[0] if arguments else "clamp(3*x*x - 2*x + 1, 0, 200)"
    xs = [int(a) for a in arguments[1:]] or [0, 5, 10]
    # The host's function, given to JIT'd code as a symbol (it is in no library).
    clamp = ctypes.CFUNCTYPE(ctypes.c_int64, ctypes.c_int64, ctypes.c_int64, ctypes.c_int64)(
        lambda v, low, high: max(low, min(v, high)))
    with hotjit.Engine() as engine:
        engine.define_symbol("clamp", clamp)
        engine.add_ir(compile_expression(text), "expression.ll")
        expression = engine.function("expression", ctypes.c_int64, ctypes.c_int64)
        for x in xs:
            print(f"x = {x}: {text} = {expression(x)}")


if __name__ == "__main__":
    main(sys.argv[1:])
