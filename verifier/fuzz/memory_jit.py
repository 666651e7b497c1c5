"""Upstream MLIR execution of memref programs for the self-check: a generated function over
memref arguments lowered by upstream MLIR (`PIPELINE`: linalg to loops, strided metadata
expanded, then to LLVM) and JIT-compiled like scalar programs (`jit`), its memref arguments
passed as memref descriptors over ctypes buffers holding their contents.

Each result gets its own function `@rK` (one scalar result per call; a function without
results is run once as `@r0`), and every call starts from the initial contents, so the
final memory is read after each one. Only programs without tensors, whose scalars and
elements are i1/i8/i16/i32/i64/index (index = the host's 64 bits) and whose ops upstream
lowers without a runtime library are run (`memref.copy` from or to a strided layout calls
`memrefCopy` of `mlir_c_runner_utils`, which the `mlir` extra does not ship).
"""

from __future__ import annotations

import ctypes
import dataclasses
from collections.abc import Sequence
from typing import Any

from irproof.memref_strategies import shaped_type
from irproof.strategies import GeneratedFunction, type_width
from irproof.verifier.fuzz import jit
from irproof.verifier.fuzz.jit import C_TYPES, HOST_INDEX_WIDTH, JitError

PIPELINE = (
    "builtin.module(func.func(convert-linalg-to-loops), expand-strided-metadata, lower-affine,"
    " convert-scf-to-cf, finalize-memref-to-llvm, convert-to-llvm, reconcile-unrealized-casts)"
)
ELEMENT_WIDTHS = (8, 16, 32, 64)
"""Element widths whose buffers are plain arrays of C integers."""

Contents = tuple[int, ...]


@dataclasses.dataclass(frozen=True)
class UpstreamRun:
    """What one call computed: its result (None: the function has none) and the final
    contents of every memref argument, in order."""

    result: int | None
    memory: tuple[Contents, ...]


def eligible(function: GeneratedFunction) -> bool:
    """Whether upstream can run `function` (see the module docstring)."""
    scalars: list[str] = []
    for typ in (*function.arg_types, *function.result_types):
        shaped = shaped_type(typ)
        if shaped is None:
            scalars.append(typ)
        elif shaped[0] != "memref" or type_width(shaped[2], 64) not in ELEMENT_WIDTHS:
            return False
    widths = [type_width(t, HOST_INDEX_WIDTH) for t in scalars]
    if any(w not in C_TYPES for w in widths):
        return False
    if any(
        line.lstrip().startswith("memref.copy") and "strided<" in line for line in function.body
    ):
        return False  # lowered to a call of `memrefCopy`
    return not any(
        op.startswith(("irproof.", jit.AFFINE_PREFIX)) or op in jit.KNOWN_UPSTREAM_BUGS
        for op in function.op_names
    )


def _descriptor(rank: int) -> type[ctypes.Structure]:
    """MLIR's ranked memref descriptor (allocated and aligned pointers, offset, sizes,
    strides), over bytes."""
    fields = [
        ("allocated", ctypes.c_void_p),
        ("aligned", ctypes.c_void_p),
        ("offset", ctypes.c_int64),
        ("sizes", ctypes.c_int64 * rank),
        ("strides", ctypes.c_int64 * rank),
    ]
    return type(f"MemRef{rank}D", (ctypes.Structure,), {"_fields_": fields})


def _buffer(shape: tuple[int, ...], width: int, values: Contents) -> tuple[Any, Any]:
    """(ctypes array holding `values`, pointer to a descriptor of it)."""
    array = (C_TYPES[width] * max(len(values), 1))(*values)
    descriptor = _descriptor(len(shape))()
    descriptor.allocated = descriptor.aligned = ctypes.cast(array, ctypes.c_void_p)
    descriptor.offset = 0
    stride = 1
    for d in reversed(range(len(shape))):
        descriptor.sizes[d] = shape[d]
        descriptor.strides[d] = stride
        stride *= shape[d]
    return array, ctypes.pointer(descriptor)


def _functions(function: GeneratedFunction) -> str:
    if not function.result_types:
        return function.function_text("r0", attributes="llvm.emit_c_interface")
    return jit._single_result_functions(function)


def run_upstream(function: GeneratedFunction, args: Sequence[int | Contents]) -> list[UpstreamRun]:
    """One `UpstreamRun` per result (one if there is none) of `function` on `args` (none
    poison), each from the initial memory. Raises `JitError` if upstream cannot compile it."""
    compiled = jit._compile(_functions(function), PIPELINE)
    runs: list[UpstreamRun] = []
    widths = [type_width(t, HOST_INDEX_WIDTH) for t in function.result_types]
    for i, width in enumerate(widths or [None]):
        cells: list[Any] = []
        arrays: list[tuple[Any, int]] = []
        for typ, value in zip(function.arg_types, args, strict=True):
            shaped = shaped_type(typ)
            if shaped is None:
                assert isinstance(value, int)
                cells.append(ctypes.pointer(C_TYPES[type_width(typ, HOST_INDEX_WIDTH)](value)))
                continue
            assert isinstance(value, tuple)
            element = type_width(shaped[2], HOST_INDEX_WIDTH)
            array, descriptor = _buffer(shaped[1], element, value)
            arrays.append((array, len(value)))
            cells.append(ctypes.pointer(descriptor))
        result = None if width is None else C_TYPES[width](0)
        if result is not None:
            cells.append(ctypes.pointer(result))
        try:
            compiled.engine.invoke(f"r{i}", *cells)
        except RuntimeError as error:  # e.g. a symbol of a runtime library missing
            raise JitError(str(error)) from None
        memory = tuple(tuple(int(v) for v in array[:count]) for array, count in arrays)
        mask = (1 << (width or 1)) - 1
        returned = None if result is None else int(result.value) & mask
        runs.append(UpstreamRun(returned, memory))
    return runs


__all__ = ["PIPELINE", "JitError", "UpstreamRun", "eligible", "run_upstream"]
