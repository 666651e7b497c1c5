"""Concrete semantics of `affine.delinearize_index` and `affine.linearize_index`, on exact
Python integers, from MLIR's affine dialect docs (the choices where they are silent are
explained in `irproof.semantics.affine_index`).

With the basis `B_0 (outer bound, optional), B_1, ..., B_{N-1}` and the strides
`S_i = B_{i+1} * ... * B_{N-1}`:
- `delinearize_index x` is `x // S_0`, then `(x % S_{i-1}) // S_i` (rounding toward -inf).
  UB: a basis element that is poison, 0 or negative, or a product of all basis elements
  that is not an `index`. With an outer bound, `x` outside `[0, B_0 * S_0)` makes every
  result poison; a poison `x` does too.
- `linearize_index` is `sum(idx_i * S_i)`, `i = 0` first; UB when a stride, a term or a
  partial sum computed from non-poison values does not fit the index width (signed).
  `disjoint` broken (a basis element poison or negative, `idx_i` outside `[0, B_i)` for
  `i >= 1`, `idx_0 >= B_0`): the result is poison.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TypeAlias

from xdsl.dialects.builtin import DYNAMIC_INDEX
from xdsl.ir import Operation

from irproof.dialects.mlir.affine_index import DelinearizeIndexOp, LinearizeIndexOp
from irproof.semantics.concrete.registry import ConcreteEnv, concrete_rule
from irproof.semantics.concrete.values import (
    POISON,
    ConcreteValue,
    Poison,
    UndefinedBehavior,
    fits_signed,
    to_signed,
    to_unsigned,
)

Exact: TypeAlias = int | Poison
"""A signed mathematical integer, or poison."""


def _signed(value: ConcreteValue, width: int) -> Exact:
    if isinstance(value, Poison):
        return POISON
    assert isinstance(value, int)
    return to_signed(value, width)


def _basis(static: Sequence[int], values: Sequence[ConcreteValue], width: int) -> list[Exact]:
    """Constants as written (not wrapped), operands read as signed."""
    operands = iter(values)
    return [_signed(next(operands), width) if s == DYNAMIC_INDEX else s for s in static]


def _checked(op: Operation, exact: int, width: int, what: str) -> int:
    if not fits_signed(exact, width):
        raise UndefinedBehavior(f"{op.name}: {what} {exact} overflows index (signed)")
    return exact


def _times(op: Operation, x: Exact, y: Exact, width: int) -> Exact:
    if isinstance(x, Poison) or isinstance(y, Poison):
        return POISON
    return _checked(op, x * y, width, "product")


def _plus(op: Operation, x: Exact, y: Exact, width: int) -> Exact:
    if isinstance(x, Poison) or isinstance(y, Poison):
        return POISON
    return _checked(op, x + y, width, "sum")


def _strides(op: Operation, used: Sequence[Exact], width: int) -> list[Exact]:
    """`S_i` for each index, from the basis elements after the outer one."""
    stride: Exact = 1
    result = [stride]
    for element in reversed(used):
        if isinstance(element, int):
            _checked(op, element, width, "basis element")
        stride = _times(op, element, stride, width)
        result.append(stride)
    return result[::-1]


@concrete_rule("affine.delinearize_index")
def delinearize(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> list[ConcreteValue]:
    assert isinstance(op, DelinearizeIndexOp)
    width, count = env.index_width, len(op.multi_index)
    x = _signed(args[0], width)
    basis = _basis(op.static_list(), args[1:], width)
    positive: list[int] = []
    for element in basis:
        if isinstance(element, Poison):
            raise UndefinedBehavior(f"{op.name}: poison basis element")
        if element <= 0:
            raise UndefinedBehavior(f"{op.name}: basis element {element} is not positive")
        positive.append(element)
    _checked(op, math.prod(positive), width, "product of the basis")
    strides = [1]
    for element in reversed(positive[len(positive) - count + 1 :]):
        strides.insert(0, element * strides[0])  # each at most the product: no overflow
    if isinstance(x, Poison) or not count:
        return [POISON] * count
    results = [x // strides[0]]
    results += [(x % strides[i - 1]) // strides[i] for i in range(1, count)]
    if len(positive) == count and not 0 <= results[0] < positive[0]:
        return [POISON] * count
    return [to_unsigned(r, width) for r in results]


def _disjoint_broken(indices: Sequence[Exact], padded: Sequence[Exact | None]) -> bool:
    for i, (index, bound) in enumerate(zip(indices, padded, strict=True)):
        if bound is None:
            continue
        if isinstance(bound, Poison) or bound < 0:
            return True
        if isinstance(index, int) and (index >= bound or (i > 0 and index < 0)):
            return True
    return False


@concrete_rule("affine.linearize_index")
def linearize(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> list[ConcreteValue]:
    assert isinstance(op, LinearizeIndexOp)
    width, count = env.index_width, len(op.multi_index)
    indices = [_signed(a, width) for a in args[:count]]
    basis = _basis(op.static_list(), args[count:], width)
    padded: list[Exact | None] = [None] * (count - len(basis)) + list(basis)
    total: Exact = 0
    if count:
        strides = _strides(op, basis[len(basis) - count + 1 :], width)
        terms = [_times(op, i, s, width) for i, s in zip(indices, strides, strict=True)]
        total = terms[0]
        for term in terms[1:]:
            total = _plus(op, total, term, width)
    if isinstance(total, Poison) or (op.is_disjoint() and _disjoint_broken(indices, padded)):
        return [POISON]
    return [to_unsigned(total, width)]
