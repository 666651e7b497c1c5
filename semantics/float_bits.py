"""Float semantics on IEEE-754 bit patterns: classification, comparison, NaN results, fast-math.

A float value is the bit-vector of its encoding (`irproof.semantics.float_types`). What can be
decided on the bits alone is decided here with bit-vector terms, identical in the exact and
the abstract mode: whether a value is NaN, infinite or zero, IEEE comparison (`less`, `equal`
for non-NaN values: -0 equals +0, magnitudes ordered like unsigned integers), negation (the
sign bit), the NaN an op returns, and the `fastmath` flags:

- `nnan` / `ninf`: the result is poison when an operand or the result is NaN / infinite
  (LLVM LangRef, fast-math flags);
- `nsz`: the sign of a zero result is unspecified (a choice, `irproof.semantics.nondet`); of
  the operands only a zero divisor of `divf` can change a non-zero result (x / ±0 = ±inf),
  so its sign is a choice too;
- `reassoc`, `contract`, `arcp`, `afn` allow approximations that are not modelled: the
  semantics computes the exact IEEE result, and the verifier qualifies the verdict
  (`irproof.verifier.float_caveats`).
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import smt
from xdsl.dialects.arith import FastMathFlagsAttr
from xdsl.ir import Operation

from irproof.dialects.smt.bv import BVCmpPredicate as P
from irproof.semantics.builder import Pair, SMTBuilder, Term
from irproof.semantics.float_types import FloatFormat
from irproof.semantics.lowering import LoweringContext

APPROXIMATION_FLAGS = frozenset({"reassoc", "contract", "arcp", "afn"})
"""Fast-math flags whose licence (approximate results) irproof does not model."""


def fastmath_flags(op: Operation) -> frozenset[str]:
    """The names of the op's fast-math flags (`fast` is all of them)."""
    attr = op.properties.get("fastmath")
    if not isinstance(attr, FastMathFlagsAttr):
        return frozenset()
    return frozenset(flag.value for flag in attr.data)


# --- classification ---------------------------------------------------------------------------


def _masked(b: SMTBuilder, x: Term, mask: int, fmt: FloatFormat) -> Term:
    return b.binary(smt.BVAndOp, x, b.bv_const(mask, fmt.width))


def is_nan(b: SMTBuilder, x: Term, fmt: FloatFormat) -> Term:
    exponent = _masked(b, x, fmt.exponent_mask, fmt)
    mantissa = _masked(b, x, fmt.mantissa_mask, fmt)
    all_ones = b.eq(exponent, b.bv_const(fmt.exponent_mask, fmt.width))
    return b.and_(all_ones, b.ne(mantissa, b.bv_const(0, fmt.width)))


def magnitude(b: SMTBuilder, x: Term, fmt: FloatFormat) -> Term:
    """The bits without the sign bit."""
    return _masked(b, x, fmt.exponent_mask | fmt.mantissa_mask, fmt)


def is_inf(b: SMTBuilder, x: Term, fmt: FloatFormat) -> Term:
    return b.eq(magnitude(b, x, fmt), b.bv_const(fmt.exponent_mask, fmt.width))


def is_zero(b: SMTBuilder, x: Term, fmt: FloatFormat) -> Term:
    return b.eq(magnitude(b, x, fmt), b.bv_const(0, fmt.width))


def is_negative(b: SMTBuilder, x: Term, fmt: FloatFormat) -> Term:
    """The sign bit is set (also for -0 and negative NaNs)."""
    return b.is_true_bit(b.extract(x, fmt.width - 1, 1))


def negate(b: SMTBuilder, x: Term, fmt: FloatFormat) -> Term:
    """Flip the sign bit (LLVM `fneg`: every other bit, NaN payload included, is kept)."""
    return b.binary(smt.BVXOrOp, x, b.bv_const(fmt.sign_mask, fmt.width))


# --- comparison (operands not NaN) ------------------------------------------------------------


def less(b: SMTBuilder, x: Term, y: Term, fmt: FloatFormat) -> Term:
    """x < y for non-NaN x, y (IEEE: -0 and +0 are equal)."""
    mx, my = magnitude(b, x, fmt), magnitude(b, y, fmt)
    zero = b.bv_const(0, fmt.width)
    both_zero = b.and_(b.eq(mx, zero), b.eq(my, zero))
    sx, sy = is_negative(b, x, fmt), is_negative(b, y, fmt)
    ordered = b.ite(
        sx,
        b.ite(sy, b.cmp(P.UGT, mx, my), b.true()),
        b.ite(sy, b.false(), b.cmp(P.ULT, mx, my)),
    )
    return b.and_(b.not_(both_zero), ordered)


def equal(b: SMTBuilder, x: Term, y: Term, fmt: FloatFormat) -> Term:
    """x == y for non-NaN x, y (IEEE: -0 and +0 are equal)."""
    both_zero = b.and_(is_zero(b, x, fmt), is_zero(b, y, fmt))
    return b.or_(b.eq(x, y), both_zero)


def constant_less(b: SMTBuilder, x: Term, bound: int, fmt: FloatFormat) -> Term:
    return less(b, x, b.bv_const(bound, fmt.width), fmt)


# --- results ----------------------------------------------------------------------------------


def nan_result(ctx: LoweringContext, op: Operation, fmt: FloatFormat) -> Term:
    """The bits of a NaN the op returns: canonical, or (target side, NaN bits observable) any
    NaN encoding, chosen freely."""
    b = ctx.smt
    free = ctx.nondet.nan_bits(b, op, fmt.width)
    if free is None:
        return b.bv_const(fmt.canonical_nan, fmt.width)
    forced = b.binary(smt.BVOrOp, free, b.bv_const(fmt.exponent_mask, fmt.width))
    payload_zero = b.eq(_masked(b, free, fmt.mantissa_mask, fmt), b.bv_const(0, fmt.width))
    quieted = b.binary(smt.BVOrOp, forced, b.bv_const(fmt.quiet_bit, fmt.width))
    return b.ite(payload_zero, quieted, forced)


def choose_zero_sign(ctx: LoweringContext, op: Operation, x: Term, fmt: FloatFormat) -> Term:
    """`x`, or `x` with the sign flipped if it is a zero and the op's choice says so."""
    b = ctx.smt
    flip = b.and_(is_zero(b, x, fmt), ctx.nondet.boolean(b, op, "zero_sign"))
    return b.ite(flip, negate(b, x, fmt), x)


def finish(
    ctx: LoweringContext,
    op: Operation,
    fmt: FloatFormat,
    args: Sequence[Pair],
    arg_formats: Sequence[FloatFormat | None],
    bits: Term,
    *extra_poison: Term,
) -> Pair:
    """The result of a float op with value `bits`: poison when an operand is, when an
    `extra_poison` condition holds, and as `nnan`/`ninf` say; `nsz` leaves a zero's sign open.

    `arg_formats` gives each operand's format (None for a non-float operand)."""
    b = ctx.smt
    flags = fastmath_flags(op)
    if "nsz" in flags:
        bits = choose_zero_sign(ctx, op, bits, fmt)
    poison = [a.poison for a in args] + list(extra_poison)
    floats = [(a.value, f) for a, f in zip(args, arg_formats, strict=True) if f is not None]
    for flag, test in (("nnan", is_nan), ("ninf", is_inf)):
        if flag in flags:
            poison += [test(b, value, f) for value, f in floats]
            poison.append(test(b, bits, fmt))
    return Pair(bits, b.or_(*poison))
