"""The floating-point types irproof gives a meaning to, and their IEEE-754 encodings.

A float value is kept as its IEEE-754 bit pattern (an unsigned int of the type's width) in
both the SMT semantics and the concrete interpreter, so that `arith.bitcast`, `arith.select`
and `arith.negf` are exact on every bit and counterexamples print the real encoding. This
module only knows the formats (f16, bf16, f32, f64); it is shared, as plain data, by the SMT
rules (`irproof.semantics.arith_float`), the concrete interpreter and the report.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from xdsl.dialects.builtin import BFloat16Type, Float16Type, Float32Type, Float64Type
from xdsl.ir import Attribute


@dataclass(frozen=True)
class FloatFormat:
    """An IEEE-754 binary format: `exponent_bits` and `significand_bits` (the hidden bit
    included, as in SMT-LIB's `(_ FloatingPoint eb sb)`)."""

    name: str
    exponent_bits: int
    significand_bits: int

    @property
    def width(self) -> int:
        return self.exponent_bits + self.significand_bits

    @property
    def mantissa_bits(self) -> int:
        """The stored fraction bits (without the hidden bit)."""
        return self.significand_bits - 1

    @property
    def bias(self) -> int:
        return (1 << (self.exponent_bits - 1)) - 1

    @property
    def sign_mask(self) -> int:
        return 1 << (self.width - 1)

    @property
    def exponent_mask(self) -> int:
        return ((1 << self.exponent_bits) - 1) << self.mantissa_bits

    @property
    def mantissa_mask(self) -> int:
        return (1 << self.mantissa_bits) - 1

    @property
    def quiet_bit(self) -> int:
        return 1 << (self.mantissa_bits - 1)

    @property
    def canonical_nan(self) -> int:
        """The NaN irproof gives arithmetic results that are NaN: positive, quiet, no payload."""
        return self.exponent_mask | self.quiet_bit

    @property
    def infinity(self) -> int:
        return self.exponent_mask

    def is_nan(self, bits: int) -> bool:
        return bits & self.exponent_mask == self.exponent_mask and bits & self.mantissa_mask != 0

    def is_inf(self, bits: int) -> bool:
        return bits & ~self.sign_mask == self.exponent_mask

    def is_zero(self, bits: int) -> bool:
        return bits & ~self.sign_mask == 0

    def is_negative(self, bits: int) -> bool:
        return bool(bits & self.sign_mask)


F16 = FloatFormat("f16", 5, 11)
BF16 = FloatFormat("bf16", 8, 8)
F32 = FloatFormat("f32", 8, 24)
F64 = FloatFormat("f64", 11, 53)

FORMATS: dict[type[Attribute], FloatFormat] = {
    Float16Type: F16,
    BFloat16Type: BF16,
    Float32Type: F32,
    Float64Type: F64,
}
"""The supported float types; any other float type (f80, f128, tf32, f8...) is unsupported."""


def float_format(typ: Attribute) -> FloatFormat | None:
    """The format of a supported float type, None for any other type."""
    return FORMATS.get(type(typ))


def is_float(typ: Attribute) -> bool:
    return float_format(typ) is not None


def nan_from_double(value: float, fmt: FloatFormat) -> int:
    """The encoding in `fmt` of a double NaN: its sign and the top bits of its payload (as a
    hardware conversion keeps them), quiet if no payload bit survives."""
    (bits,) = struct.unpack(">Q", struct.pack(">d", value))
    sign = fmt.sign_mask if bits >> 63 else 0
    payload = (bits & ((1 << 52) - 1)) >> (52 - fmt.mantissa_bits)
    return sign | fmt.exponent_mask | (payload or fmt.quiet_bit)
