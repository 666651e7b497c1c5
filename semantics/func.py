"""Semantics of `func.call` (inlined; `func.return` ends a body in `LoweringContext`)."""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import func
from xdsl.ir import Operation

from irproof.semantics.builder import Pair
from irproof.semantics.lowering import LoweringContext, semantics_rule


@semantics_rule("func.call")
def call(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    assert isinstance(op, func.CallOp)
    return ctx.lower_call(op.callee.root_reference.data, args)
