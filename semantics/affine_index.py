"""Semantics of `affine.delinearize_index` and `affine.linearize_index` (MLIR's affine
dialect docs), on `index` values at the index width.

A basis `(B_0, B_1, ..., B_{N-1})` has one element per index (the op "has an outer bound"
`B_0`) or one fewer (then `B_0` is absent); `B_0` never enters the computation. The
stride of index `i` is `S_i = B_{i+1} * ... * B_{N-1}` (`S_{N-1} = 1`).

`delinearize_index %x` gives `r_0 = x floordiv S_0` and `r_i = (x mod S_{i-1}) floordiv
S_i` (the docs' `{x / (B * C), (x mod (B * C)) / C, x mod C}`; floordiv and mod round
toward -inf, as affine maps and `affine-expand-index-ops` do). UB, from the docs: a basis
element that is 0 or negative ("causes undefined behavior"), and a product of all basis
elements that overflows (lowerings "may assume ... the product of all basis elements is
positive as an index"); a poison basis element is UB as well (it may be 0, like a poison
divisor). The docs let analysis and canonicalization use an outer bound "to eliminate
terms ... or to enable conclusions about the total size of %linear_index" (upstream's
canonicalizer folds `r_0` to 0 for `B_0 = 1`): with an outer bound, `x` outside
`[0, B_0 * S_0)`, that is `r_0` outside `[0, B_0)`, makes every result poison. The docs do
not say poison or UB; poison is the weaker choice, which `affine-expand-index-ops` (which
ignores `B_0`) refines. Without an outer bound every `x` is in range. A poison `x` makes
every result poison.

`linearize_index [idx_0, ..., idx_{N-1}]` is `sum(i = 0 to N-1) idx_i * S_i`. The docs:
"undefined behavior occurs if the linearization computation overflows in the signed
sense": UB when a stride, a term `idx_i * S_i` or a partial sum (in the docs' order,
`i = 0` first, as `affine-expand-index-ops` emits its `overflow<nsw>` adds) does not fit
the index width, for operands that are not poison. Poison operands make the result poison.
`disjoint` promises `0 <= idx_i < B_i` for every `i` except that `idx_0` may be negative
(only `idx_0 < B_0` with an outer bound), and that every basis element is non-negative;
the docs call it an optimization hint and say nothing of a broken promise: the result is
then poison, as for LLVM's `or disjoint`.

A basis constant that does not fit the index width (signed) is UB where it is computed
with (it is not a positive `index`); as an unused outer bound of `linearize_index
disjoint` it bounds nothing when too large and breaks the promise when too small.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.dialects import smt
from xdsl.dialects.builtin import DYNAMIC_INDEX
from xdsl.ir import Operation
from xdsl.ir.affine import AffineBinaryOpKind

from irproof.dialects.mlir.affine_index import DelinearizeIndexOp, LinearizeIndexOp
from irproof.dialects.smt.bv import BVCmpPredicate as P
from irproof.semantics.affine import DIVISIONS
from irproof.semantics.builder import Pair, SMTBuilder, Term
from irproof.semantics.integer import signed_overflow
from irproof.semantics.lowering import LoweringContext, semantics_rule

_FLOORDIV = DIVISIONS[AffineBinaryOpKind.FloorDiv]
_MOD = DIVISIONS[AffineBinaryOpKind.Mod]


@dataclass(frozen=True)
class Element:
    """A basis element at the index width; `static` is the constant, if it is one."""

    pair: Pair
    static: int | None = None

    def fits(self, width: int) -> bool:
        s = self.static
        return s is None or -(1 << (width - 1)) <= s < 1 << (width - 1)


def basis_elements(
    ctx: LoweringContext, static: Sequence[int], values: Sequence[Pair]
) -> list[Element]:
    """The basis in order: constants (not poison) and the operands' pairs."""
    b, w = ctx.smt, ctx.index_width
    operands = iter(values)
    return [
        Element(next(operands))
        if s == DYNAMIC_INDEX
        else Element(Pair(b.bv_const(s, w), b.false()), s)
        for s in static
    ]


def _mul(b: SMTBuilder, x: Term, y: Term) -> Term:
    return b.binary(smt.BVMulOp, x, y)


def _add(b: SMTBuilder, x: Term, y: Term) -> Term:
    return b.add(x, y)


def no_signed_wrap(ctx: LoweringContext, add: bool, x: Pair, y: Pair) -> Pair:
    """`x + y` (or `x * y`): UB when it overflows (signed) and neither operand is poison."""
    b, w = ctx.smt, ctx.index_width
    fn, extra = (_add, 1) if add else (_mul, w)
    overflow = signed_overflow(b, fn, x.value, y.value, extra)
    ctx.ub_if(b.and_(overflow, b.not_(x.poison), b.not_(y.poison)))
    return Pair(fn(b, x.value, y.value), b.or_(x.poison, y.poison))


def strides(ctx: LoweringContext, padded: Sequence[Element | None]) -> list[Pair]:
    """`S_i = B_{i+1} * ... * B_{N-1}`, each step UB on overflow (and on a constant that
    does not fit the index width)."""
    b = ctx.smt
    stride = Pair(b.bv_const(1, ctx.index_width), b.false())
    result = [stride]
    for element in reversed(padded[1:]):
        assert element is not None
        if not element.fits(ctx.index_width):
            ctx.ub_if(b.true())
        stride = no_signed_wrap(ctx, False, element.pair, stride)
        result.append(stride)
    return result[::-1]


def _padded(basis: list[Element], count: int) -> list[Element | None]:
    """The basis aligned with the indices: `None` for an absent outer bound."""
    return [None] * (count - len(basis)) + list(basis)


@semantics_rule("affine.delinearize_index")
def delinearize(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    assert isinstance(op, DelinearizeIndexOp)
    b, w = ctx.smt, ctx.index_width
    x = args[0]
    basis = basis_elements(ctx, op.static_list(), args[1:])
    zero = b.bv_const(0, w)
    for element in basis:
        if not element.fits(w):
            ctx.ub_if(b.true())
        ctx.ub_if(b.or_(element.pair.poison, b.cmp(P.SLE, element.pair.value, zero)))
    padded = _padded(basis, len(op.multi_index))
    if not padded:
        return []
    stride = strides(ctx, padded)
    outer = padded[0]
    if outer is not None:  # the product of all basis elements fits as well
        no_signed_wrap(ctx, False, outer.pair, stride[0])
    first = _FLOORDIV(b, x.value, stride[0].value)
    values = [first]
    for i in range(1, len(padded)):
        values.append(_FLOORDIV(b, _MOD(b, x.value, stride[i - 1].value), stride[i].value))
    poison = x.poison
    if outer is not None:
        below = b.cmp(P.SLT, first, zero)
        poison = b.or_(poison, below, b.cmp(P.SGE, first, outer.pair.value))
    return [Pair(v, poison) for v in values]


def _disjoint_broken(
    ctx: LoweringContext, indices: Sequence[Pair], padded: Sequence[Element | None]
) -> Term:
    """`disjoint`'s promise does not hold: a negative basis element, `idx_i` outside
    `[0, B_i)` for `i >= 1`, or `idx_0 >= B_0`."""
    b, w = ctx.smt, ctx.index_width
    zero = b.bv_const(0, w)
    broken: list[Term] = []
    for i, (index, element) in enumerate(zip(indices, padded, strict=True)):
        if element is None:
            continue
        bound = element.pair
        if not element.fits(w):
            assert element.static is not None
            broken.append(b.bool_const(element.static < 0))
            continue  # too large: bounds nothing (`i >= 1` is UB through its stride)
        broken += [bound.poison, b.cmp(P.SLT, bound.value, zero)]
        broken.append(b.cmp(P.SGE, index.value, bound.value))
        if i > 0:
            broken.append(b.cmp(P.SLT, index.value, zero))
    return b.or_(*broken)


@semantics_rule("affine.linearize_index")
def linearize(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    assert isinstance(op, LinearizeIndexOp)
    b = ctx.smt
    count = len(op.multi_index)
    indices = args[:count]
    basis = basis_elements(ctx, op.static_list(), args[count:])
    padded = _padded(basis, count)
    total = Pair(b.bv_const(0, ctx.index_width), b.false())
    if count:
        stride = strides(ctx, padded)
        terms = [no_signed_wrap(ctx, False, i, s) for i, s in zip(indices, stride, strict=True)]
        total = terms[0]
        for term in terms[1:]:
            total = no_signed_wrap(ctx, True, total, term)
    if op.is_disjoint():
        total = Pair(total.value, b.or_(total.poison, _disjoint_broken(ctx, indices, padded)))
    return [total]
