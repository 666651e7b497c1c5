"""Semantics of the integer ops of the `math` dialect: ctlz, cttz, ctpop and absi.

Upstream MLIR lowers them to LLVM's intrinsics with the poison flag off (MathToLLVM):
`ctlz`/`cttz` of 0 are the bit width, `absi` of INT_MIN is INT_MIN. A poison operand gives
a poison result; none of them has UB. `ctlz`/`cttz` count by halving, in log2(width)
steps; `ctpop` is the sum of the operand's bits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from xdsl.dialects import smt
from xdsl.ir import Operation

from irproof.dialects.smt.bv import BVCmpPredicate as P
from irproof.semantics.builder import Pair, SMTBuilder, Term, width_of
from irproof.semantics.lowering import LoweringContext, semantics_rule

UnaryFn = Callable[[SMTBuilder, Term], Term]


def _zero_run(b: SMTBuilder, x: Term, leading: bool) -> Term:
    """How many 0 bits `x` has above its highest 1 (`leading`) or below its lowest 1 (all:
    the width). By halving: for k = the powers of two below the width, largest first, if
    the next k bits at that end are all 0, count them and shift them out. The k add up to
    at least width - 1, the largest count of a non-zero `x`: log2(width) muxes, where a
    chain over the bits takes width muxes of width bits each."""
    w = width_of(x)
    count, rest = b.bv_const(0, w), x
    k = 1
    while k * 2 < w:
        k *= 2
    while k >= 1 and k < w:
        end = b.extract(rest, w - k, k) if leading else b.extract(rest, 0, k)
        zeros = b.eq(end, b.bv_const(0, k))
        shift = smt.BVShlOp if leading else smt.BVLShrOp
        rest = b.ite(zeros, b.binary(shift, rest, b.bv_const(k, w)), rest)
        count = b.ite(zeros, b.add(count, b.bv_const(k, w)), count)
        k //= 2
    return b.ite(b.eq(x, b.bv_const(0, w)), b.bv_const(w, w), count)


def count_leading_zeros(b: SMTBuilder, x: Term) -> Term:
    return _zero_run(b, x, leading=True)


def count_trailing_zeros(b: SMTBuilder, x: Term) -> Term:
    return _zero_run(b, x, leading=False)


def count_ones(b: SMTBuilder, x: Term) -> Term:
    w = width_of(x)
    total = b.bv_const(0, w)
    for index in range(w):
        total = b.add(total, b.zext(b.extract(x, index, 1), w))
    return total


def absolute_value(b: SMTBuilder, x: Term) -> Term:
    """`x` when non-negative, else `0 - x` (wrapping: INT_MIN stays INT_MIN)."""
    zero = b.bv_const(0, width_of(x))
    return b.ite(b.cmp(P.SLT, x, zero), b.neg(x), x)


def _unary_rule(name: str, fn: UnaryFn) -> None:
    @semantics_rule(name)
    def lower(_op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
        (arg,) = args
        return [Pair(fn(ctx.smt, arg.value), arg.poison)]


_unary_rule("math.ctlz", count_leading_zeros)
_unary_rule("math.cttz", count_trailing_zeros)
_unary_rule("math.ctpop", count_ones)
_unary_rule("math.absi", absolute_value)
