"""Bit widths of MLIR types under one instantiation of a rewrite.

`index` has an unknown width (32 or 64, checked separately). A width-generic rewrite is
written with *width variables*: integer types whose width is a placeholder (see
`irproof.verifier.generic`), mapped here to the width being checked. A supported float type
(`irproof.semantics.float_types`) has the width of its IEEE-754 encoding; float types are
never width variables. Both the SMT lowering and the concrete interpreter read widths
through this one class.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from xdsl.dialects.builtin import IndexType, IntegerType
from xdsl.ir import Attribute

from irproof.semantics.float_types import float_format


@dataclass(frozen=True)
class TypeWidths:
    """`index` width and placeholder-width → width of every width variable."""

    index_width: int
    variables: Mapping[int, int] = field(default_factory=dict)

    def width(self, typ: Attribute) -> int | None:
        """The bit width of an integer, `index` or supported float type (the width of its
        encoding), None for any other type."""
        if isinstance(typ, IntegerType):
            declared = typ.width.data
            return self.variables.get(declared, declared)
        if isinstance(typ, IndexType):
            return self.index_width
        fmt = float_format(typ)
        return None if fmt is None else fmt.width
