"""Semantics of the integer ops of the `math` dialect: ctlz, cttz, ctpop and absi.

Upstream MLIR lowers them to LLVM's intrinsics with the poison flag off (MathToLLVM):
`ctlz`/`cttz` of 0 are the bit width, `absi` of INT_MIN is INT_MIN. A poison operand gives
a poison result; none of them has UB. The counts are ite chains over the operand's bits
(`ctpop` a sum of its bits), as Alive encodes `countLeadingZeros`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from xdsl.ir import Operation

from irproof.dialects.smt.bv import BVCmpPredicate as P
from irproof.semantics.builder import Pair, SMTBuilder, Term, width_of
from irproof.semantics.lowering import LoweringContext, semantics_rule

UnaryFn = Callable[[SMTBuilder, Term], Term]


def _bit_is_set(b: SMTBuilder, x: Term, index: int) -> Term:
    return b.is_true_bit(b.extract(x, index, 1))


def _first_set_bit(b: SMTBuilder, x: Term, order: Sequence[int]) -> Term:
    """How many bits of `x`, visited in `order`, come before the first 1 (all: the width)."""
    w = width_of(x)
    count = b.bv_const(w, w)
    for position in reversed(range(w)):
        count = b.ite(_bit_is_set(b, x, order[position]), b.bv_const(position, w), count)
    return count


def count_leading_zeros(b: SMTBuilder, x: Term) -> Term:
    return _first_set_bit(b, x, list(reversed(range(width_of(x)))))


def count_trailing_zeros(b: SMTBuilder, x: Term) -> Term:
    return _first_set_bit(b, x, list(range(width_of(x))))


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
