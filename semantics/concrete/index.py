"""Concrete semantics of the MLIR `index` dialect, on unsigned Python ints.

From the `index` op documentation (IndexOps.td): every `index` value has the target's
index width (`env.index_width`), arithmetic wraps and carries no poison flags, shifts
by an amount >= the index width are poison, and divisions have the UB of their `arith`
counterparts. The integer kernels and op-shape helpers are those of the `arith` rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from xdsl.ir import Operation

from irproof.dialects.mlir.index import CmpPredicateAttr
from irproof.semantics.concrete.arith import (
    AND,
    CEILDIVS,
    CEILDIVU,
    DIVS,
    DIVU,
    FLOORDIVS,
    MAXS,
    MAXU,
    MINS,
    MINU,
    OR,
    REMS,
    REMU,
    WRAPPING_ADD,
    WRAPPING_MUL,
    WRAPPING_SUB,
    XOR,
    Kernel,
    binary,
    cast,
    comparison,
    division,
    integer_constant,
    shift_left,
    shift_right,
    sign_extend_or_truncate,
    zero_extend_or_truncate,
)
from irproof.semantics.concrete.registry import ConcreteEnv, Rule, concrete_rule
from irproof.semantics.concrete.values import ConcreteValue

_BINARY: dict[str, Kernel] = {
    "index.add": WRAPPING_ADD,
    "index.sub": WRAPPING_SUB,
    "index.mul": WRAPPING_MUL,
    "index.maxs": MAXS,
    "index.maxu": MAXU,
    "index.mins": MINS,
    "index.minu": MINU,
    "index.shl": shift_left(frozenset()),
    "index.shrs": shift_right(arithmetic=True, exact=False),
    "index.shru": shift_right(arithmetic=False, exact=False),
    "index.and": AND,
    "index.or": OR,
    "index.xor": XOR,
}
"""Ops that wrap and propagate poison: one integer kernel each."""

_DIVISIONS: dict[str, tuple[Kernel, bool]] = {
    "index.divs": (DIVS, True),
    "index.divu": (DIVU, False),
    "index.ceildivs": (CEILDIVS, True),
    "index.ceildivu": (CEILDIVU, False),
    "index.floordivs": (FLOORDIVS, True),
    "index.rems": (REMS, True),
    "index.remu": (REMU, False),
}
"""Divisions: kernel and signedness (which decides the INT_MIN / -1 UB)."""


def _binary(
    kernel: Kernel, op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> Sequence[ConcreteValue]:
    return binary(op, args, env, kernel)


def _division(
    kernel: Kernel,
    signed: bool,
    op: Operation,
    args: Sequence[ConcreteValue],
    env: ConcreteEnv,
) -> Sequence[ConcreteValue]:
    return division(op, args, env, kernel, signed=signed)


for _name, _kernel in _BINARY.items():
    concrete_rule(_name)(partial(_binary, _kernel))
for _name, (_kernel, _signed) in _DIVISIONS.items():
    concrete_rule(_name)(partial(_division, _kernel, _signed))


@concrete_rule("index.cmp")
def cmp(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> Sequence[ConcreteValue]:
    predicate = op.properties["pred"]
    assert isinstance(predicate, CmpPredicateAttr)
    return binary(op, args, env, comparison(str(predicate.data)))


_OTHERS: dict[str, Rule] = {
    "index.casts": lambda op, args, env: cast(op, args, env, sign_extend_or_truncate),
    "index.castu": lambda op, args, env: cast(op, args, env, zero_extend_or_truncate),
    "index.constant": lambda op, _args, env: integer_constant(op, env),
    "index.bool.constant": lambda op, _args, env: integer_constant(op, env),
    "index.sizeof": lambda _op, _args, env: [env.index_width],
}
for _name, _rule in _OTHERS.items():
    concrete_rule(_name)(_rule)
