"""Concrete semantics of `irproof.width : iN`: N modulo 2^N (which is N), never poison."""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.ir import Operation

from irproof.semantics.concrete.registry import ConcreteEnv, concrete_rule
from irproof.semantics.concrete.values import ConcreteValue, to_unsigned


@concrete_rule("irproof.width")
def width(
    op: Operation, _args: Sequence[ConcreteValue], env: ConcreteEnv
) -> Sequence[ConcreteValue]:
    w = env.width(op.results[0].type)
    return [to_unsigned(w, w)]
