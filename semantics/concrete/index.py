"""Concrete semantics of the MLIR `index` dialect, on unsigned Python ints.

From the `index` op documentation (IndexOps.td): every `index` value has the target's
index width (`env.index_width`), arithmetic wraps and carries no poison flags, shifts
by an amount >= the index width are poison, and divisions have the UB of their `arith`
counterparts. The integer kernels and op-shape helpers are those of the `arith` rules.
"""

from __future__ import annotations

from collections.abc import Sequence

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
from irproof.semantics.concrete.registry import ConcreteEnv, concrete_rule
from irproof.semantics.concrete.values import ConcreteValue


@concrete_rule("index.add")
def add(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> Sequence[ConcreteValue]:
    return binary(op, args, env, WRAPPING_ADD)


@concrete_rule("index.sub")
def sub(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> Sequence[ConcreteValue]:
    return binary(op, args, env, WRAPPING_SUB)


@concrete_rule("index.mul")
def mul(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> Sequence[ConcreteValue]:
    return binary(op, args, env, WRAPPING_MUL)


@concrete_rule("index.divs")
def divs(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> Sequence[ConcreteValue]:
    return division(op, args, env, DIVS, signed=True)


@concrete_rule("index.divu")
def divu(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> Sequence[ConcreteValue]:
    return division(op, args, env, DIVU, signed=False)


@concrete_rule("index.ceildivs")
def ceildivs(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> Sequence[ConcreteValue]:
    return division(op, args, env, CEILDIVS, signed=True)


@concrete_rule("index.ceildivu")
def ceildivu(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> Sequence[ConcreteValue]:
    return division(op, args, env, CEILDIVU, signed=False)


@concrete_rule("index.floordivs")
def floordivs(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> Sequence[ConcreteValue]:
    return division(op, args, env, FLOORDIVS, signed=True)


@concrete_rule("index.rems")
def rems(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> Sequence[ConcreteValue]:
    return division(op, args, env, REMS, signed=True)


@concrete_rule("index.remu")
def remu(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> Sequence[ConcreteValue]:
    return division(op, args, env, REMU, signed=False)


@concrete_rule("index.maxs")
def maxs(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> Sequence[ConcreteValue]:
    return binary(op, args, env, MAXS)


@concrete_rule("index.maxu")
def maxu(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> Sequence[ConcreteValue]:
    return binary(op, args, env, MAXU)


@concrete_rule("index.mins")
def mins(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> Sequence[ConcreteValue]:
    return binary(op, args, env, MINS)


@concrete_rule("index.minu")
def minu(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> Sequence[ConcreteValue]:
    return binary(op, args, env, MINU)


@concrete_rule("index.shl")
def shl(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> Sequence[ConcreteValue]:
    return binary(op, args, env, shift_left(frozenset()))


@concrete_rule("index.shrs")
def shrs(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> Sequence[ConcreteValue]:
    return binary(op, args, env, shift_right(arithmetic=True, exact=False))


@concrete_rule("index.shru")
def shru(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> Sequence[ConcreteValue]:
    return binary(op, args, env, shift_right(arithmetic=False, exact=False))


@concrete_rule("index.and")
def and_(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> Sequence[ConcreteValue]:
    return binary(op, args, env, AND)


@concrete_rule("index.or")
def or_(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> Sequence[ConcreteValue]:
    return binary(op, args, env, OR)


@concrete_rule("index.xor")
def xor(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> Sequence[ConcreteValue]:
    return binary(op, args, env, XOR)


@concrete_rule("index.cmp")
def cmp(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> Sequence[ConcreteValue]:
    predicate = op.properties["pred"]
    assert isinstance(predicate, CmpPredicateAttr)
    return binary(op, args, env, comparison(str(predicate.data)))


@concrete_rule("index.casts")
def casts(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> Sequence[ConcreteValue]:
    return cast(op, args, env, sign_extend_or_truncate)


@concrete_rule("index.castu")
def castu(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> Sequence[ConcreteValue]:
    return cast(op, args, env, zero_extend_or_truncate)


@concrete_rule("index.constant")
def constant(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> Sequence[ConcreteValue]:
    return integer_constant(op, env)


@concrete_rule("index.bool.constant")
def bool_constant(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> Sequence[ConcreteValue]:
    return integer_constant(op, env)


@concrete_rule("index.sizeof")
def sizeof(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> Sequence[ConcreteValue]:
    return [env.index_width]
