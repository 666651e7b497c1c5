"""The xDSL context every MLIR input of irproof is parsed in."""

from __future__ import annotations

from xdsl.context import Context
from xdsl.dialects.builtin import Builtin
from xdsl.dialects.func import Func
from xdsl.dialects.math import Math

from irproof.dialects.mlir.arith import Arith
from irproof.dialects.mlir.index import Index
from irproof.dialects.mlir.irproof import IrProof


def input_context() -> Context:
    """A fresh context with the input dialects irproof gives a meaning to (and can parse)."""
    ctx = Context()
    for dialect in (Builtin, Func, Arith, Index, Math, IrProof):
        ctx.load_dialect(dialect)
    return ctx
