"""Upstream MLIR execution for the self-check: a generated function lowered by upstream MLIR
(`lower-affine`, `convert-scf-to-cf`, `convert-to-llvm`) and JIT-compiled by the
`ExecutionEngine` of the `mlir` extra (torch-mlir's bindings), called through ctypes.

Each result gets its own function `@rK` with a C interface (one scalar result per call).
Only functions whose arguments and results are i1/i8/i16/i32/i64/index (index = the host's
64 bits) are run, and none with irproof's own ops (upstream does not know them). Programs with
ops whose upstream lowering is a known, reported miscompilation (corpus/findings:
`index.ceildivs`, affine `ceildiv`) are not run either, so the self-check reports new bugs.
"""

from __future__ import annotations

import ctypes
import dataclasses
import functools
from collections.abc import Sequence
from typing import Any

from irproof.strategies import GeneratedFunction

HOST_INDEX_WIDTH = 64
PIPELINE = (
    "builtin.module(lower-affine, convert-scf-to-cf, convert-to-llvm, reconcile-unrealized-casts)"
)
C_TYPES: dict[int, Any] = {
    1: ctypes.c_uint8,  # an i1 is passed and returned as one byte holding 0 or 1
    8: ctypes.c_uint8,
    16: ctypes.c_uint16,
    32: ctypes.c_uint32,
    64: ctypes.c_uint64,
}
JIT_WIDTHS = (8, 16, 32, 64)
"""Integer widths of the programs drawn for the JIT (i1 comes with comparisons)."""
KNOWN_UPSTREAM_BUGS = frozenset({"index.ceildivs", "affine.apply", "affine.min", "affine.max"})
"""Ops whose upstream lowering is a known miscompilation (corpus/findings): not run."""
AFFINE_PREFIX = "affine."


class JitError(Exception):
    """Upstream could not parse, lower or compile the function."""


def jit_available() -> bool:
    try:
        import torch_mlir.execution_engine  # noqa: F401
    except ImportError:
        return False
    return True


def jit_eligible(function: GeneratedFunction) -> bool:
    """Whether upstream can run `function` (types, no irproof ops, no known upstream bug)."""
    widths = [*function.arg_widths(HOST_INDEX_WIDTH), *function.result_widths(HOST_INDEX_WIDTH)]
    if any(w not in C_TYPES for w in widths) or not function.result_types:
        return False
    return not any(
        op.startswith(("irproof.", AFFINE_PREFIX)) or op in KNOWN_UPSTREAM_BUGS
        for op in function.op_names
    )


def _single_result_functions(function: GeneratedFunction) -> str:
    return "\n".join(
        dataclasses.replace(function, result_types=(typ,), result_names=(name,)).function_text(
            f"r{i}", attributes="llvm.emit_c_interface"
        )
        for i, (typ, name) in enumerate(
            zip(function.result_types, function.result_names, strict=True)
        )
    )


@dataclasses.dataclass
class _Compiled:
    context: Any  # must outlive the engine
    engine: Any


@functools.lru_cache(maxsize=64)
def _compile(text: str, pipeline: str = PIPELINE) -> _Compiled:
    """`text` lowered by `pipeline` and JIT-compiled (raises `JitError`)."""
    from torch_mlir import ir, passmanager
    from torch_mlir.execution_engine import ExecutionEngine

    context = ir.Context()
    with context:
        try:
            module = ir.Module.parse(text)
            passmanager.PassManager.parse(pipeline).run(module.operation)
            return _Compiled(context, ExecutionEngine(module, opt_level=2))
        except Exception as error:
            raise JitError(str(error).splitlines()[0] if str(error) else "failed") from None


def run_upstream(function: GeneratedFunction, args: Sequence[int]) -> list[int]:
    """Every result of `function` on unsigned `args` as upstream's compiled code computes it
    (meaningful only where irproof's result is neither UB nor poison)."""
    compiled = _compile(_single_result_functions(function))
    arg_widths = function.arg_widths(HOST_INDEX_WIDTH)
    results = []
    for i, width in enumerate(function.result_widths(HOST_INDEX_WIDTH)):
        cells = [C_TYPES[w](a) for a, w in zip(args, arg_widths, strict=True)]
        result = C_TYPES[width](0)
        compiled.engine.invoke(f"r{i}", *(ctypes.pointer(c) for c in cells), ctypes.pointer(result))
        results.append(int(result.value) & ((1 << width) - 1))
    return results
