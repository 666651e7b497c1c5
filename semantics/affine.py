"""Semantics of the `affine` dialect without memory: apply, min, max, for, if (and yield).

Affine expressions are integer arithmetic on `index` values: `+` and `*` do not overflow in
the signed sense, and an expression whose `+` or `*` overflows (at the index width) is
poison, like `overflow<nsw>`. The affine docs do not say what overflow means; upstream MLIR
treats affine arithmetic as never wrapping (`lower-affine` emits `muli ... overflow<nsw>`
since llvm/llvm-project PR 121535, on the grounds that `index` has no fixed width), and this
is the reading under which that lowering is correct. `floordiv`, `ceildiv` and `mod` by a
positive constant round toward -inf, toward +inf and give a result in [0, c), exactly (they
cannot overflow). A division or `mod` by anything but a positive constant below 2^(w-1)
(semi-affine maps) has no semantics here. An expression is poison when an operand it uses
is.

`affine.min`/`affine.max` take the signed minimum/maximum of the map's results. `affine.for`
runs from the maximum of its lower-bound map to the minimum of its upper-bound map by its
constant step, as `scf.for` (`loops.counted_loop`, signed). `affine.if` runs its then region
when every constraint of its integer set holds (`e >= 0`, `e == 0`), and branching on a poison
condition is UB. `affine.load`/`affine.store` have no rule (memory comes later): `unknown`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from xdsl.dialects import affine, smt
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

from irproof.dialects.smt.bv import BVCmpPredicate as P
from irproof.semantics.builder import Pair, SMTBuilder, Term, width_of
from irproof.semantics.integer import signed_overflow
from irproof.semantics.loops import counted_loop
from irproof.semantics.lowering import LoweringContext, UnsupportedOp, semantics_rule
from irproof.semantics.scf import lower_arms

Divide = Callable[[SMTBuilder, Term, Term], Term]
_SDIV, _SREM = smt.BVSDivOp, smt.BVSRemOp


def _floordiv(b: SMTBuilder, x: Term, c: Term) -> Term:
    q = b.binary(_SDIV, x, c)
    inexact = b.ne(b.binary(_SREM, x, c), b.bv_const(0, width_of(x)))
    negative = b.cmp(P.SLT, x, b.bv_const(0, width_of(x)))
    return b.ite(b.and_(inexact, negative), b.sub(q, b.bv_const(1, width_of(x))), q)


def _ceildiv(b: SMTBuilder, x: Term, c: Term) -> Term:
    q = b.binary(_SDIV, x, c)
    inexact = b.ne(b.binary(_SREM, x, c), b.bv_const(0, width_of(x)))
    positive = b.cmp(P.SGT, x, b.bv_const(0, width_of(x)))
    return b.ite(b.and_(inexact, positive), b.add(q, b.bv_const(1, width_of(x))), q)


def _mod(b: SMTBuilder, x: Term, c: Term) -> Term:
    r = b.binary(_SREM, x, c)
    return b.ite(b.cmp(P.SLT, r, b.bv_const(0, width_of(x))), b.add(r, c), r)


DIVISIONS: dict[AffineBinaryOpKind, Divide] = {
    AffineBinaryOpKind.FloorDiv: _floordiv,
    AffineBinaryOpKind.CeilDiv: _ceildiv,
    AffineBinaryOpKind.Mod: _mod,
}


def _add(b: SMTBuilder, x: Term, y: Term) -> Term:
    return b.add(x, y)


def _mul(b: SMTBuilder, x: Term, y: Term) -> Term:
    return b.binary(smt.BVMulOp, x, y)


NO_SIGNED_WRAP: dict[AffineBinaryOpKind, tuple[Callable[[SMTBuilder, Term, Term], Term], int]] = {
    AffineBinaryOpKind.Add: (_add, 1),
    AffineBinaryOpKind.Mul: (_mul, 0),
}
"""`+` and `*`: the wrapped result and how many extra bits show a signed overflow
(0: as many as the width)."""


def _value(
    ctx: LoweringContext,
    expr: AffineExpr,
    operands: Sequence[Pair],
    dims: int,
    overflows: list[Term],
) -> Term:
    """The value of `expr`; the signed-overflow condition of each `+`/`*` goes to `overflows`."""
    b, w = ctx.smt, ctx.index_width
    if isinstance(expr, AffineDimExpr):
        return operands[expr.position].value
    if isinstance(expr, AffineSymExpr):
        return operands[dims + expr.position].value
    if isinstance(expr, AffineConstantExpr):
        return b.bv_const(expr.value, w)
    assert isinstance(expr, AffineBinaryOpExpr)
    lhs = _value(ctx, expr.lhs, operands, dims, overflows)
    if expr.kind in NO_SIGNED_WRAP:
        fn, extra = NO_SIGNED_WRAP[expr.kind]
        rhs = _value(ctx, expr.rhs, operands, dims, overflows)
        overflows.append(signed_overflow(b, fn, lhs, rhs, extra or w))
        return fn(b, lhs, rhs)
    divisor = expr.rhs
    if not isinstance(divisor, AffineConstantExpr) or not 0 < divisor.value < 1 << (w - 1):
        raise UnsupportedOp(f"affine expression {expr}: division by a non-constant or too large")
    return DIVISIONS[expr.kind](b, lhs, b.bv_const(divisor.value, w))


def _used(expr: AffineExpr, dims: int) -> set[int]:
    """Positions (in the operand list) of the dims and symbols `expr` uses."""
    if isinstance(expr, AffineDimExpr):
        return {expr.position}
    if isinstance(expr, AffineSymExpr):
        return {dims + expr.position}
    if isinstance(expr, AffineBinaryOpExpr):
        return _used(expr.lhs, dims) | _used(expr.rhs, dims)
    return set()


def evaluate(ctx: LoweringContext, expr: AffineExpr, operands: Sequence[Pair], dims: int) -> Pair:
    """An affine expression over the map operands (dims first, then symbols)."""
    overflows: list[Term] = []
    value = _value(ctx, expr, operands, dims, overflows)
    used = [operands[i].poison for i in sorted(_used(expr, dims))]
    return Pair(value, ctx.smt.or_(*used, *overflows))


def map_results(ctx: LoweringContext, m: AffineMap, operands: Sequence[Pair]) -> list[Pair]:
    return [evaluate(ctx, e, operands, m.num_dims) for e in m.results]


def _extremum(ctx: LoweringContext, values: Sequence[Pair], predicate: P) -> Pair:
    """The value for which `predicate(value, other)` holds against the others (signed)."""
    b = ctx.smt
    best = values[0]
    for v in values[1:]:
        keep = b.cmp(predicate, best.value, v.value)
        best = Pair(b.ite(keep, best.value, v.value), b.or_(best.poison, v.poison))
    return best


@semantics_rule("affine.apply")
def apply(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    assert isinstance(op, affine.ApplyOp)
    return map_results(ctx, op.map.data, args)


@semantics_rule("affine.min")
def min_(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    return [_extremum(ctx, map_results(ctx, op.properties["map"].data, args), P.SLT)]  # type: ignore[attr-defined]


@semantics_rule("affine.max")
def max_(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    return [_extremum(ctx, map_results(ctx, op.properties["map"].data, args), P.SGT)]  # type: ignore[attr-defined]


@semantics_rule("affine.for")
def for_(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    assert isinstance(op, affine.ForOp)
    n_lb, n_ub = len(op.lowerBoundOperands), len(op.upperBoundOperands)
    lb_args, ub_args, inits = args[:n_lb], args[n_lb : n_lb + n_ub], args[n_lb + n_ub :]
    lb = _extremum(ctx, map_results(ctx, op.lowerBoundMap.data, lb_args), P.SGT)
    ub = _extremum(ctx, map_results(ctx, op.upperBoundMap.data, ub_args), P.SLT)
    step_value = op.step.value.data
    if step_value <= 0:
        raise UnsupportedOp(f"affine.for with step {step_value}")
    step = Pair(ctx.smt.bv_const(step_value, ctx.index_width), ctx.smt.false())
    return counted_loop(ctx, (lb, ub, step), inits, op.body, signed=True)


CONSTRAINTS: dict[AffineConstraintKind, Callable[[SMTBuilder, Term, Term], Term]] = {
    AffineConstraintKind.ge: lambda b, x, y: b.cmp(P.SGE, x, y),
    AffineConstraintKind.le: lambda b, x, y: b.cmp(P.SLE, x, y),
    AffineConstraintKind.eq: lambda b, x, y: b.eq(x, y),
}


@semantics_rule("affine.if")
def if_(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    assert isinstance(op, affine.IfOp)
    b = ctx.smt
    condition = op.condition.data
    holds: list[Term] = []
    poison: list[Term] = []
    for constraint in condition.constraints:
        lhs = evaluate(ctx, constraint.lhs, args, condition.num_dims)
        rhs = evaluate(ctx, constraint.rhs, args, condition.num_dims)
        holds.append(CONSTRAINTS[constraint.kind](b, lhs.value, rhs.value))
        poison += [lhs.poison, rhs.poison]
    taken = ctx.branch_on(Pair(b.bit(b.and_(*holds)), b.or_(*poison)))
    return lower_arms(ctx, [(taken, op.then_region)], op.else_region)
