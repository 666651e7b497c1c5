"""Values of the concrete interpreter: unsigned Python ints, the poison marker, memref
views, and UB.

An integer of width `w` (including `index`, whose width is the target's index width)
is stored as a plain `int` in `[0, 2**w)`; signed views are computed on demand with
`to_signed`. `POISON` is the one poison value. A value of memref type is a `ConcreteView`
into a block of the run's memory (`irproof.semantics.concrete.memory`, which re-exports
it). A value of ranked tensor type is a `ConcreteTensor`
(`irproof.semantics.concrete.tensor_value`). Immediate undefined behaviour is not a value:
it is raised as `UndefinedBehavior` and aborts the function being run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from xdsl.ir import Attribute

from irproof.semantics.concrete.tensor_value import ConcreteTensor


class Poison:
    """The poison value (LLVM LangRef); `POISON` is its only instance."""

    _instance: Poison | None = None

    def __new__(cls) -> Poison:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "poison"

    def __reduce__(self) -> str:
        return "POISON"


POISON = Poison()

ConcreteScalar: TypeAlias = int | Poison
"""An unsigned integer masked to its width, or `POISON` (what a memory element holds)."""


@dataclass(frozen=True)
class ConcreteView:
    """The value of a memref: a strided view into block `block` of the run's memory.

    Element `(i0, ..., in)` is at element `offset + sum(i_d * stride_d)` of the block. Like
    the fields of MLIR's memref descriptor these are index-width integers: `offset` and
    `sizes` are kept unsigned (in `[0, 2**index width)`), `strides` signed. A view made
    from a poison offset, size or stride is poisoned (`poison`): accessing it is UB, and
    its metadata reads as poison; its other fields then mean nothing."""

    element: Attribute
    block: int
    offset: int
    sizes: tuple[int, ...]
    strides: tuple[int, ...]
    poison: bool = False

    @property
    def rank(self) -> int:
        return len(self.sizes)


ConcreteValue: TypeAlias = int | Poison | ConcreteView | ConcreteTensor
"""An unsigned integer masked to its width, `POISON`, (for a memref) a view, or (for a
ranked tensor) a tensor."""


class UndefinedBehavior(Exception):
    """Immediate UB; `reason` is one line naming the op, e.g. "arith.divui: division by zero"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def mask(width: int) -> int:
    """The all-ones value of `width` bits."""
    return (1 << width) - 1


def to_unsigned(value: int, width: int) -> int:
    """`value` (of any sign or size) reduced modulo `2**width`, in `[0, 2**width)`."""
    return value & mask(width)


def to_signed(value: int, width: int) -> int:
    """The two's complement reading of the low `width` bits of `value`."""
    value = to_unsigned(value, width)
    return value - (1 << width) if value >> (width - 1) else value


def fits_signed(value: int, width: int) -> bool:
    """Whether the mathematical integer `value` is representable as a signed `width`-bit int."""
    return -(1 << (width - 1)) <= value < (1 << (width - 1))


def fits_unsigned(value: int, width: int) -> bool:
    """Whether the mathematical integer `value` is representable as an unsigned `width`-bit int."""
    return 0 <= value <= mask(width)
