"""How irproof shows an integer value: `i8 0x9c (156, -100)` (hex, unsigned, signed)."""

from __future__ import annotations

from xdsl.dialects.builtin import IndexType, IntegerType
from xdsl.ir import Attribute

POISON_TEXT = "poison"


def type_text(typ: Attribute, width: int) -> str:
    if isinstance(typ, IndexType):
        return f"index/{width}"
    if isinstance(typ, IntegerType):
        return f"i{width}"  # a width variable shows the width it stands for
    return str(typ)


def to_signed(value: int, width: int) -> int:
    return value - (1 << width) if value >> (width - 1) & 1 else value


def format_value(typ: Attribute, width: int, value: int | None) -> str:
    """`None` is poison."""
    if value is None:
        return f"{type_text(typ, width)} {POISON_TEXT}"
    digits = max(1, (width + 3) // 4)
    return f"{type_text(typ, width)} 0x{value:0{digits}x} ({value}, {to_signed(value, width)})"
