"""Tensor values of the concrete interpreter: immutable n-d arrays of scalars.

A value of a ranked tensor type is a `ConcreteTensor`: its element type and bit width, its
sizes, and its elements in row-major order (the last index varies fastest), each an
unsigned int masked to the width (a float is its IEEE-754 bit pattern) or `POISON`. A
tensor is a value, not memory: ops that "change" one make a new one. Written from the MLIR
`tensor` documentation apart from the SMT tensor model (`irproof.semantics.tensor_value`).

`irproof.semantics.concrete.values` names `ConcreteTensor` in `ConcreteValue`, so this
module imports nothing from it at load time (the element check imports it when it runs).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from xdsl.ir import Attribute

if TYPE_CHECKING:
    from irproof.semantics.concrete.values import ConcreteScalar

__all__ = [
    "MAX_TENSOR_ELEMENTS",
    "TENSOR_DIALECTS",
    "TENSOR_PASSING_OPS",
    "ConcreteTensor",
    "element_count",
    "row_major_positions",
    "takes_tensors",
    "tensor_mismatch",
]

MAX_TENSOR_ELEMENTS = 1 << 20
"""The largest tensor the interpreter builds (its elements are a Python tuple); the rules
give a larger one up (`UnsupportedOp`), so a replay needing it is unconfirmed, not slow."""


def element_count(sizes: Sequence[int]) -> int:
    """The number of elements of a shape (1 for rank 0)."""
    count = 1
    for size in sizes:
        count *= size
    return count


def row_major_positions(sizes: Sequence[int]) -> Iterator[tuple[int, ...]]:
    """Every index tuple of a shape, in row-major order (the last index fastest)."""
    return itertools.product(*(range(size) for size in sizes))


@dataclass(frozen=True)
class ConcreteTensor:
    """The value of a ranked tensor: `values[k]` is the element at the `k`-th index tuple in
    row-major order, so `len(values) == product(sizes)`. Construction checks the shape and
    that each element is `POISON` or an unsigned `width`-bit int (`ValueError` if not)."""

    element: Attribute
    width: int
    sizes: tuple[int, ...]
    values: tuple[ConcreteScalar, ...]

    def __post_init__(self) -> None:
        from irproof.semantics.concrete.values import Poison, fits_unsigned

        if any(size < 0 for size in self.sizes):
            raise ValueError(f"tensor sizes {list(self.sizes)} must not be negative")
        count = element_count(self.sizes)
        if len(self.values) != count:
            raise ValueError(
                f"a tensor of sizes {list(self.sizes)} has {count} elements, not {len(self.values)}"
            )
        for value in self.values:
            if isinstance(value, Poison):
                continue
            if type(value) is not int or not fits_unsigned(value, self.width):
                raise ValueError(
                    f"tensor element {value!r} is not poison or an unsigned {self.width}-bit int"
                )

    @property
    def rank(self) -> int:
        return len(self.sizes)

    def offset(self, indices: Sequence[int]) -> int:
        """The row-major position in `values` of the element at `indices` (each in bounds)."""
        if len(indices) != self.rank:
            raise ValueError(f"{len(indices)} indices for a rank-{self.rank} tensor")
        position = 0
        for index, size in zip(indices, self.sizes, strict=True):
            if not 0 <= index < size:
                raise IndexError(f"index {index} out of bounds of size {size}")
            position = position * size + index
        return position

    def at(self, indices: Sequence[int]) -> ConcreteScalar:
        """The element at `indices` (each in bounds)."""
        return self.values[self.offset(indices)]

    def positions(self) -> Iterator[tuple[int, ...]]:
        """Every index tuple, in the order of `values`."""
        return row_major_positions(self.sizes)


# --- where tensors may appear ------------------------------------------------------------------

TENSOR_DIALECTS = frozenset({"tensor", "linalg", "bufferization"})
"""Dialects whose concrete rules take and make `ConcreteTensor`s."""

TENSOR_PASSING_OPS = frozenset(
    {
        "func.call",
        "func.return",
        "scf.for",
        "scf.while",
        "scf.if",
        "scf.index_switch",
        "scf.execute_region",
        "scf.yield",
        "scf.condition",
        "cf.br",
        "cf.cond_br",
        "cf.switch",
        "affine.for",
        "affine.if",
        "affine.yield",
    }
)
"""Ops whose concrete rules hand values on without looking at them (beyond their scalar
bounds and conditions), so tensors may flow through them. Any other op with a tensor
operand or result (say, `arith.addi` on tensors) is unsupported by the interpreter."""


def takes_tensors(op_name: str) -> bool:
    """Whether the interpreter runs `op_name` on tensor operands or results."""
    return op_name.split(".", 1)[0] in TENSOR_DIALECTS or op_name in TENSOR_PASSING_OPS


def tensor_mismatch(
    value: object, element: Attribute, shape: Sequence[int], width: int, index_width: int
) -> str | None:
    """Why `value` is not a tensor of element type `element`, static sizes `shape`
    (negative: dynamic) and element width `width`, with sizes that are `index_width`-bit
    values; None if it is one."""
    if not isinstance(value, ConcreteTensor):
        return "not a ConcreteTensor"
    if value.element != element or value.width != width:
        return f"elements of type {value.element} ({value.width} bits), not {element} ({width})"
    if value.rank != len(shape):
        return f"rank {value.rank}, not {len(shape)}"
    if any(size >> index_width for size in value.sizes):
        return f"sizes {list(value.sizes)} that are not {index_width}-bit values"
    for d, (static, size) in enumerate(zip(shape, value.sizes, strict=True)):
        if static >= 0 and static != size:
            return f"size {size} of dimension {d}, not {static}"
    return None
