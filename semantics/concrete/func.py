"""Concrete semantics of `func.return` and `func.call` (to a function of the same module)."""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects.func import CallOp
from xdsl.ir import Operation

from irproof.semantics.concrete.registry import ConcreteEnv, UnsupportedOp, concrete_rule
from irproof.semantics.concrete.values import ConcreteValue


@concrete_rule("func.return")
def return_(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> Sequence[ConcreteValue]:
    """A terminator: its operands are the function's results."""
    return list(args)


@concrete_rule("func.call")
def call(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> Sequence[ConcreteValue]:
    """Runs the callee (poison arguments pass through; UB in the callee aborts the caller)."""
    assert isinstance(op, CallOp)
    if op.callee.nested_references.data:
        raise UnsupportedOp(op.name, f"nested callee {op.callee}")
    return env.call(op.callee.root_reference.data, args)
