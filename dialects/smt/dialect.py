"""The full set of semantics dialects, and a context to parse/print semantics IR."""

from __future__ import annotations

from xdsl.context import Context
from xdsl.dialects.builtin import Builtin
from xdsl.dialects.smt import SMT
from xdsl.ir import Dialect

from irproof.dialects.smt.array import ARRAY_OPS, ARRAY_TYPES
from irproof.dialects.smt.bv import BV_EXTRA_OPS
from irproof.dialects.smt.effect import Effect
from irproof.dialects.smt.fp import FP_OPS, FP_TYPES
from irproof.dialects.smt.poison import Poison

SMTFull = Dialect(
    "smt",
    [*SMT.operations, *BV_EXTRA_OPS, *ARRAY_OPS, *FP_OPS],
    [*SMT.attributes, *ARRAY_TYPES, *FP_TYPES],
)
"""xDSL's `smt` dialect plus the bit-vector, array and floating-point ops irproof adds."""

SEMANTICS_DIALECTS: tuple[Dialect, ...] = (SMTFull, Poison, Effect)


def semantics_context() -> Context:
    """A context that parses everything the lowering emits."""
    ctx = Context()
    ctx.load_dialect(Builtin)
    for dialect in SEMANTICS_DIALECTS:
        ctx.load_dialect(dialect)
    return ctx
