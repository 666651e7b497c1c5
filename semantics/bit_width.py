"""Semantics of `irproof.width : iN`: the width N being checked, as an `iN` (never poison)."""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.ir import Operation

from irproof.semantics.builder import Pair
from irproof.semantics.lowering import LoweringContext, semantics_rule


@semantics_rule("irproof.width")
def width(op: Operation, _args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    w = ctx.result_width(op)
    return [Pair(ctx.smt.bv_const(w, w), ctx.smt.false())]
