"""Concrete semantics of `affine` without memory: apply, min, max, for, if, yield.

Affine expressions are computed on Python integers from the MLIR `affine` documentation
and upstream's reading of them: `+` and `*` are exact, and poison when the result does not
fit the index width as a signed value (like `overflow<nsw>`; see semantics/affine.py); `floordiv`,
`ceildiv` and `mod` by a positive constant are exact (rounding toward -inf, toward +inf,
and a remainder in [0, c)) on the signed reading of their left operand. An expression that
uses a poison operand is poison. `affine.min`/`max` pick the signed extremum of the map's
results; `affine.for` loops from the largest lower bound to the smallest upper bound by its
constant step, like `scf.for`; `affine.if` runs its then region when every constraint of its
set holds. A poison loop bound or `if` condition is undefined behaviour.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from xdsl.dialects import affine
from xdsl.ir import Operation
from xdsl.ir.affine import (
    AffineBinaryOpExpr,
    AffineBinaryOpKind,
    AffineConstantExpr,
    AffineDimExpr,
    AffineExpr,
    AffineMap,
    AffineSymExpr,
)
from xdsl.ir.affine.affine_set import AffineConstraintKind

from irproof.semantics.concrete.registry import ConcreteEnv, UnsupportedOp, concrete_rule
from irproof.semantics.concrete.scf import decide, run_counted_loop, run_optional
from irproof.semantics.concrete.values import (
    POISON,
    ConcreteValue,
    Poison,
    to_signed,
    to_unsigned,
)

ExactKernel = Callable[[int, int], int]
"""`(signed lhs, positive constant) -> mathematical result` of floordiv / ceildiv / mod."""

EXACT: dict[AffineBinaryOpKind, ExactKernel] = {
    AffineBinaryOpKind.FloorDiv: lambda x, c: x // c,
    AffineBinaryOpKind.CeilDiv: lambda x, c: -((-x) // c),
    AffineBinaryOpKind.Mod: lambda x, c: x % c,
}

NO_SIGNED_WRAP: dict[AffineBinaryOpKind, Callable[[int, int], int]] = {
    AffineBinaryOpKind.Add: lambda x, y: x + y,
    AffineBinaryOpKind.Mul: lambda x, y: x * y,
}


def evaluate(
    expr: AffineExpr, operands: Sequence[ConcreteValue], dims: int, width: int
) -> ConcreteValue:
    """`expr` over the map operands (dims, then symbols), as an unsigned `width`-bit value."""
    if isinstance(expr, AffineDimExpr):
        return operands[expr.position]
    if isinstance(expr, AffineSymExpr):
        return operands[dims + expr.position]
    if isinstance(expr, AffineConstantExpr):
        return to_unsigned(expr.value, width)
    assert isinstance(expr, AffineBinaryOpExpr)
    lhs = evaluate(expr.lhs, operands, dims, width)
    if expr.kind in NO_SIGNED_WRAP:
        rhs = evaluate(expr.rhs, operands, dims, width)
        if isinstance(lhs, Poison) or isinstance(rhs, Poison):
            return POISON
        exact = NO_SIGNED_WRAP[expr.kind](to_signed(lhs, width), to_signed(rhs, width))
        if not -(1 << (width - 1)) <= exact < 1 << (width - 1):
            return POISON
        return to_unsigned(exact, width)
    if not isinstance(expr.rhs, AffineConstantExpr) or expr.rhs.value <= 0:
        raise UnsupportedOp("affine", f"{expr}: division by a non-constant or non-positive value")
    if isinstance(lhs, Poison):
        return POISON
    return to_unsigned(EXACT[expr.kind](to_signed(lhs, width), expr.rhs.value), width)


def map_results(
    m: AffineMap, operands: Sequence[ConcreteValue], env: ConcreteEnv
) -> list[ConcreteValue]:
    return [evaluate(e, operands, m.num_dims, env.index_width) for e in m.results]


def signed_extremum(
    values: Sequence[ConcreteValue], width: int, pick: Callable[..., int]
) -> ConcreteValue:
    """`pick` (min or max) of the signed readings; poison if any value is."""
    if any(isinstance(v, Poison) for v in values):
        return POISON
    return to_unsigned(pick(to_signed(v, width) for v in values), width)  # type: ignore[arg-type]


@concrete_rule("affine.apply")
def apply(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[ConcreteValue]:
    assert isinstance(op, affine.ApplyOp)
    return map_results(op.map.data, args, env)


def _extremum_rule(pick: Callable[..., int]) -> Callable[..., list[ConcreteValue]]:
    def rule(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[ConcreteValue]:
        m: AffineMap = op.properties["map"].data  # type: ignore[attr-defined]
        return [signed_extremum(map_results(m, args, env), env.index_width, pick)]

    return rule


concrete_rule("affine.min")(_extremum_rule(min))
concrete_rule("affine.max")(_extremum_rule(max))


@concrete_rule("affine.for")
def for_(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[ConcreteValue]:
    assert isinstance(op, affine.ForOp)
    width = env.index_width
    n_lb, n_ub = len(op.lowerBoundOperands), len(op.upperBoundOperands)
    lbs = map_results(op.lowerBoundMap.data, args[:n_lb], env)
    ubs = map_results(op.upperBoundMap.data, args[n_lb : n_lb + n_ub], env)
    step = op.step.value.data
    if step <= 0:
        raise UnsupportedOp(op.name, f"step {step}")
    bounds = (signed_extremum(lbs, width, max), signed_extremum(ubs, width, min), step)
    inits = args[n_lb + n_ub :]
    return run_counted_loop(op, bounds, inits, op.body, width, True, env)


CONSTRAINTS: dict[AffineConstraintKind, Callable[[int, int], bool]] = {
    AffineConstraintKind.ge: lambda x, y: x >= y,
    AffineConstraintKind.le: lambda x, y: x <= y,
    AffineConstraintKind.eq: lambda x, y: x == y,
}


@concrete_rule("affine.if")
def if_(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[ConcreteValue]:
    assert isinstance(op, affine.IfOp)
    condition = op.condition.data
    width = env.index_width
    holds = True
    for constraint in condition.constraints:
        sides = [
            evaluate(e, args, condition.num_dims, width) for e in (constraint.lhs, constraint.rhs)
        ]
        lhs, rhs = (to_signed(decide(op, v, "the condition"), width) for v in sides)
        holds = holds and CONSTRAINTS[constraint.kind](lhs, rhs)
    return run_optional(env, op.then_region if holds else op.else_region)


@concrete_rule("affine.yield")
def yield_(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[ConcreteValue]:
    return list(args)
