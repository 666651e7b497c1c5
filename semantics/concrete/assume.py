"""Concrete semantics of `irproof.assume`: UB unless the condition is true (not poison)."""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.ir import Operation

from irproof.semantics.concrete.registry import ConcreteEnv, concrete_rule
from irproof.semantics.concrete.values import ConcreteValue, Poison, UndefinedBehavior


@concrete_rule("irproof.assume")
def assume(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> Sequence[ConcreteValue]:
    (cond,) = args
    if isinstance(cond, Poison):
        raise UndefinedBehavior("irproof.assume: the condition is poison")
    if cond == 0:
        raise UndefinedBehavior("irproof.assume: the condition is false")
    return []
