"""Integer encodings shared by `arith` and `index`: wrapping arithmetic, overflow, division,
shifts and comparisons, with MLIR's poison and UB conditions (LLVM LangRef where MLIR is silent).

Each function takes operand `Pair`s and returns the result `Pair`; UB is recorded on the
context. Flags arrive as plain booleans so the same code serves both dialects.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from xdsl.dialects import smt
from xdsl.ir import SSAValue

from irproof.dialects.smt.bv import BVCmpPredicate as P
from irproof.semantics.builder import Pair, SMTBuilder, width_of
from irproof.semantics.lowering import LoweringContext

ValueFn = Callable[[SMTBuilder, SSAValue, SSAValue], SSAValue]


def int_min(b: SMTBuilder, width: int) -> SSAValue:
    return b.bv_const(1 << (width - 1), width)


def minus_one(b: SMTBuilder, width: int) -> SSAValue:
    return b.bv_const(-1, width)


def propagate(
    ctx: LoweringContext, value: SSAValue, args: Sequence[Pair], *extra: SSAValue
) -> Pair:
    """A result that is poison when any operand is, or when any `extra` condition holds."""
    return Pair(value, ctx.smt.or_(*(a.poison for a in args), *extra))


def pointwise(fn: ValueFn) -> Callable[[LoweringContext, Sequence[Pair]], Pair]:
    """An op whose value is `fn` of the operand values and whose poison is any operand's."""

    def lower(ctx: LoweringContext, args: Sequence[Pair]) -> Pair:
        return propagate(ctx, fn(ctx.smt, args[0].value, args[1].value), args)

    return lower


# --- overflow ---------------------------------------------------------------------------------


def signed_overflow(
    b: SMTBuilder, op: ValueFn, lhs: SSAValue, rhs: SSAValue, extra: int
) -> SSAValue:
    """The exact signed result (computed `extra` bits wider) differs from the wrapped one."""
    w = width_of(lhs)
    wide = op(b, b.sext(lhs, w + extra), b.sext(rhs, w + extra))
    return b.ne(wide, b.sext(b.extract(wide, 0, w), w + extra))


def unsigned_overflow(
    b: SMTBuilder, op: ValueFn, lhs: SSAValue, rhs: SSAValue, extra: int
) -> SSAValue:
    """The exact unsigned result (computed `extra` bits wider) does not fit in the width."""
    w = width_of(lhs)
    wide = op(b, b.zext(lhs, w + extra), b.zext(rhs, w + extra))
    return b.ne(b.extract(wide, w, extra), b.bv_const(0, extra))


def _add(b: SMTBuilder, x: SSAValue, y: SSAValue) -> SSAValue:
    return b.add(x, y)


def _sub(b: SMTBuilder, x: SSAValue, y: SSAValue) -> SSAValue:
    return b.sub(x, y)


def _mul(b: SMTBuilder, x: SSAValue, y: SSAValue) -> SSAValue:
    return b.binary(smt.BVMulOp, x, y)


_OVERFLOW_OPS: dict[str, tuple[ValueFn, Callable[[int], int]]] = {
    "add": (_add, lambda w: 1),
    "sub": (_sub, lambda w: 1),
    "mul": (_mul, lambda w: w),
}


def wrapping(ctx: LoweringContext, kind: str, args: Sequence[Pair], nsw: bool, nuw: bool) -> Pair:
    """add/sub/mul: wrap around; `nsw`/`nuw` make signed/unsigned overflow poison."""
    b = ctx.smt
    fn, extra = _OVERFLOW_OPS[kind]
    lhs, rhs = args[0].value, args[1].value
    w = width_of(lhs)
    flags: list[SSAValue] = []
    if nsw:
        flags.append(signed_overflow(b, fn, lhs, rhs, extra(w)))
    if nuw:
        if kind == "sub":
            flags.append(b.cmp(P.ULT, lhs, rhs))
        else:
            flags.append(unsigned_overflow(b, fn, lhs, rhs, extra(w)))
    return propagate(ctx, fn(b, lhs, rhs), args, *flags)


# --- shifts -----------------------------------------------------------------------------------


def _amount_too_large(b: SMTBuilder, amount: SSAValue) -> SSAValue:
    w = width_of(amount)
    return b.cmp(P.UGE, amount, b.bv_const(w, w))


def shift_left(ctx: LoweringContext, args: Sequence[Pair], nsw: bool, nuw: bool) -> Pair:
    """shl: poison when the amount is >= width; nuw/nsw: poison when bits that matter fall out."""
    b = ctx.smt
    x, s = args[0].value, args[1].value
    result = b.binary(smt.BVShlOp, x, s)
    flags = [_amount_too_large(b, s)]
    if nuw:
        flags.append(b.ne(b.binary(smt.BVLShrOp, result, s), x))
    if nsw:
        flags.append(b.ne(b.binary(smt.BVAShrOp, result, s), x))
    return propagate(ctx, result, args, *flags)


def shift_right(ctx: LoweringContext, args: Sequence[Pair], signed: bool, exact: bool) -> Pair:
    """shrs/shru: poison when the amount is >= width; exact: poison when a 1 bit falls out."""
    b = ctx.smt
    x, s = args[0].value, args[1].value
    result = b.binary(smt.BVAShrOp if signed else smt.BVLShrOp, x, s)
    flags = [_amount_too_large(b, s)]
    if exact:
        flags.append(b.ne(b.binary(smt.BVShlOp, result, s), x))
    return propagate(ctx, result, args, *flags)


# --- division ---------------------------------------------------------------------------------


def _unsigned_division_ub(ctx: LoweringContext, args: Sequence[Pair]) -> None:
    """UB: divisor zero, or poison (which may be zero)."""
    b = ctx.smt
    divisor = args[1]
    ctx.ub_if(b.or_(divisor.poison, b.eq(divisor.value, b.bv_const(0, width_of(divisor.value)))))


def _signed_division_ub(ctx: LoweringContext, args: Sequence[Pair]) -> None:
    """UB: divisor zero or poison; INT_MIN / -1, where a poison dividend may be INT_MIN."""
    b = ctx.smt
    dividend, divisor = args
    w = width_of(dividend.value)
    _unsigned_division_ub(ctx, args)
    dividend_may_be_min = b.or_(dividend.poison, b.eq(dividend.value, int_min(b, w)))
    ctx.ub_if(b.and_(dividend_may_be_min, b.eq(divisor.value, minus_one(b, w))))


def _nonzero(b: SMTBuilder, value: SSAValue) -> SSAValue:
    return b.ne(value, b.bv_const(0, width_of(value)))


def divu(ctx: LoweringContext, args: Sequence[Pair], exact: bool = False) -> Pair:
    b = ctx.smt
    _unsigned_division_ub(ctx, args)
    x, y = args[0].value, args[1].value
    flags = [_nonzero(b, b.binary(smt.BVURemOp, x, y))] if exact else []
    return propagate(ctx, b.binary(smt.BVUDivOp, x, y), args, *flags)


def remu(ctx: LoweringContext, args: Sequence[Pair]) -> Pair:
    _unsigned_division_ub(ctx, args)
    return propagate(ctx, ctx.smt.binary(smt.BVURemOp, args[0].value, args[1].value), args)


def ceildivu(ctx: LoweringContext, args: Sequence[Pair]) -> Pair:
    """Unsigned division rounding up: q + (r != 0)."""
    b = ctx.smt
    _unsigned_division_ub(ctx, args)
    x, y = args[0].value, args[1].value
    w = width_of(x)
    q = b.binary(smt.BVUDivOp, x, y)
    rem = b.binary(smt.BVURemOp, x, y)
    return propagate(ctx, b.ite(_nonzero(b, rem), b.add(q, b.bv_const(1, w)), q), args)


def divs(ctx: LoweringContext, args: Sequence[Pair], exact: bool = False) -> Pair:
    b = ctx.smt
    _signed_division_ub(ctx, args)
    x, y = args[0].value, args[1].value
    flags = [_nonzero(b, b.binary(smt.BVSRemOp, x, y))] if exact else []
    return propagate(ctx, b.binary(smt.BVSDivOp, x, y), args, *flags)


def rems(ctx: LoweringContext, args: Sequence[Pair]) -> Pair:
    _signed_division_ub(ctx, args)
    return propagate(ctx, ctx.smt.binary(smt.BVSRemOp, args[0].value, args[1].value), args)


def _signs_differ(b: SMTBuilder, x: SSAValue, y: SSAValue) -> SSAValue:
    zero = b.bv_const(0, width_of(x))
    return b.ne(b.cmp(P.SLT, x, zero), b.cmp(P.SLT, y, zero))


def ceildivs(ctx: LoweringContext, args: Sequence[Pair]) -> Pair:
    """Signed division rounding towards +inf: truncated quotient + 1 when inexact and positive."""
    b = ctx.smt
    _signed_division_ub(ctx, args)
    x, y = args[0].value, args[1].value
    q = b.binary(smt.BVSDivOp, x, y)
    inexact = _nonzero(b, b.binary(smt.BVSRemOp, x, y))
    bump = b.and_(inexact, b.not_(_signs_differ(b, x, y)))
    return propagate(ctx, b.ite(bump, b.add(q, b.bv_const(1, width_of(x))), q), args)


def floordivs(ctx: LoweringContext, args: Sequence[Pair]) -> Pair:
    """Signed division rounding towards -inf: truncated quotient - 1 when inexact and negative."""
    b = ctx.smt
    _signed_division_ub(ctx, args)
    x, y = args[0].value, args[1].value
    q = b.binary(smt.BVSDivOp, x, y)
    inexact = _nonzero(b, b.binary(smt.BVSRemOp, x, y))
    bump = b.and_(inexact, _signs_differ(b, x, y))
    return propagate(ctx, b.ite(bump, b.add(q, minus_one(b, width_of(x))), q), args)


# --- comparisons, min/max, casts --------------------------------------------------------------


def _cmp(predicate: P, b: SMTBuilder, x: SSAValue, y: SSAValue) -> SSAValue:
    return b.cmp(predicate, x, y)


COMPARE: dict[str, Callable[[SMTBuilder, SSAValue, SSAValue], SSAValue]] = {
    "eq": lambda b, x, y: b.eq(x, y),
    "ne": lambda b, x, y: b.ne(x, y),
    **{p.value: partial(_cmp, p) for p in P},
}
"""The ten integer predicates, by their MLIR name, as SMT booleans."""


def compare(ctx: LoweringContext, predicate: str, args: Sequence[Pair]) -> Pair:
    b = ctx.smt
    return propagate(ctx, b.bit(COMPARE[predicate](b, args[0].value, args[1].value)), args)


def select_by(predicate: P) -> ValueFn:
    """min/max: the operand for which `predicate(lhs, rhs)` holds, else rhs."""
    return lambda b, x, y: b.ite(b.cmp(predicate, x, y), x, y)


def resize(ctx: LoweringContext, arg: Pair, width: int, signed: bool) -> SSAValue:
    """Sign/zero-extend or truncate a value to `width`."""
    b = ctx.smt
    current = width_of(arg.value)
    if width <= current:
        return b.extract(arg.value, 0, width)
    return b.sext(arg.value, width) if signed else b.zext(arg.value, width)


def is_negative(b: SMTBuilder, value: SSAValue) -> SSAValue:
    return b.cmp(P.SLT, value, b.bv_const(0, width_of(value)))
