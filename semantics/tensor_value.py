"""Tensor values: immutable n-d arrays of (value, poison) elements.

A tensor is a value, not memory: each op that "changes" one makes a new tensor. Its
elements are kept in row-major order as two `Contents` (values and poison flags, indexed by
the linear offset), so a tensor built by inserting at constant indices folds element-wise,
as memory does, and one written at symbolic indices becomes an SMT array. The contents of
`tensor.empty` (and of any element never written) are poison: MLIR leaves them unspecified.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.dialects import smt
from xdsl.ir import Attribute

from irproof.dialects.smt.bv import BVCmpPredicate as P
from irproof.semantics.builder import Pair, SMTBuilder, Term
from irproof.semantics.memory import Contents, identity_strides


@dataclass(frozen=True)
class Tensor:
    """The meaning of a ranked tensor value."""

    element: Attribute
    width: int
    sizes: tuple[Term, ...]
    values: Contents
    poison: Contents

    @property
    def rank(self) -> int:
        return len(self.sizes)

    def merge(self, b: SMTBuilder, cond: Term, other: object) -> Tensor:
        """This tensor where `cond` holds, else `other`."""
        if not isinstance(other, Tensor) or other.rank != self.rank:
            raise TypeError("a tensor merged with a value of another kind or rank")
        return Tensor(
            self.element,
            self.width,
            tuple(b.ite(cond, x, y) for x, y in zip(self.sizes, other.sizes, strict=True)),
            merge_contents(b, cond, self.values, other.values),
            merge_contents(b, cond, self.poison, other.poison),
        )

    def offset(self, b: SMTBuilder, indices: Sequence[Term]) -> Term:
        """The row-major linear offset of an element."""
        strides = identity_strides(b, self.sizes)
        total: Term | None = None
        for index, stride in zip(indices, strides, strict=True):
            term = b.binary(smt.BVMulOp, index, stride)
            total = term if total is None else b.add(total, term)
        return total if total is not None else b.bv_const(0, self.values.index_width)

    def out_of_bounds(self, b: SMTBuilder, indices: Sequence[Pair]) -> Term:
        """An index poison or not below its dimension's size."""
        bad: list[Term] = []
        for index, size in zip(indices, self.sizes, strict=True):
            bad += [index.poison, b.not_(b.cmp(P.ULT, index.value, size))]
        return b.or_(*bad)

    def read(self, b: SMTBuilder, indices: Sequence[Term]) -> Pair:
        at = self.offset(b, indices)
        return Pair(self.values.read(at), self.poison.read(at))

    def written(self, b: SMTBuilder, writes: Sequence[tuple[Sequence[Term], Pair]]) -> Tensor:
        """A new tensor: this one with the elements at each index tuple replaced."""
        values, poison = self.values.copy(), self.poison.copy()
        for indices, pair in writes:
            at = self.offset(b, indices)
            values.write(at, pair.value, b.true())
            poison.write(at, pair.poison, b.true())
        return Tensor(self.element, self.width, self.sizes, values, poison)


def merge_contents(b: SMTBuilder, cond: Term, x: Contents, y: Contents) -> Contents:
    """`x` where `cond` holds, else `y`: per element when both share their base array,
    else as one array."""
    if x is y:
        return x
    if b.same(x.base, y.base) and x.symbolic_writes == y.symbolic_writes:
        merged = Contents(b, x.base, x.index_width)
        for k in sorted(set(x.writes) | set(y.writes)):
            at = b.bv_const(k, x.index_width)
            merged.writes[k] = b.ite(cond, x.read(at), y.read(at))
        merged._array = None
        merged.symbolic_writes = x.symbolic_writes
        return merged
    return Contents(b, b.ite(cond, x.array(), y.array()), x.index_width)


def fresh_tensor(
    b: SMTBuilder, element: Attribute, width: int, sizes: Sequence[Term], index_width: int
) -> Tensor:
    """A tensor whose every element is poison (`tensor.empty`)."""
    values = Contents(b, b.const_array(index_width, b.bv_const(0, width)), index_width)
    poison = Contents(b, b.const_array(index_width, b.true()), index_width)
    return Tensor(element, width, tuple(sizes), values, poison)
