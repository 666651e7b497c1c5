"""Semantics of `irproof.assume`: UB when the condition is false or poison."""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.ir import Operation

from irproof.semantics.builder import Pair
from irproof.semantics.lowering import LoweringContext, semantics_rule


@semantics_rule("irproof.assume")
def assume(_op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    b = ctx.smt
    (cond,) = args
    ctx.ub_if(b.or_(cond.poison, b.not_(b.is_true_bit(cond.value))))
    return []
