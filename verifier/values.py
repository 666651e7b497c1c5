"""How irproof shows a value: an integer as `i8 0x9c (156, -100)` (hex, unsigned, signed), a
float as `f32 0x3fc00000 (1.5)` (its encoding, then the shortest decimal that reads back as
the same float, or `nan`, `-nan`, `inf`, `-inf`, `-0.0`)."""

from __future__ import annotations

from xdsl.dialects.builtin import IndexType, IntegerType
from xdsl.ir import Attribute

from irproof.semantics.concrete.ieee import decode, encode
from irproof.semantics.float_types import FloatFormat, float_format

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
    fmt = float_format(typ)
    if fmt is not None:
        return f"{type_text(typ, width)} 0x{value:0{digits}x} ({float_text(value, fmt)})"
    return f"{type_text(typ, width)} 0x{value:0{digits}x} ({value}, {to_signed(value, width)})"


def float_text(bits: int, fmt: FloatFormat) -> str:
    """The shortest decimal that rounds back to `bits` (nan, inf with their signs)."""
    sign = "-" if fmt.is_negative(bits) else ""
    if fmt.is_nan(bits):
        return f"{sign}nan"
    value = decode(bits, fmt)
    if fmt.is_inf(bits):
        return f"{sign}inf"
    for precision in range(1, 18):
        text = f"{value:.{precision}g}"
        if encode(float(text), fmt) == bits:
            break
    if not any(c in text for c in ".en"):
        text += ".0"
    return text
