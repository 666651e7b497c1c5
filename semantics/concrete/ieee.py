"""IEEE-754 arithmetic for the concrete interpreter, on bit patterns, by exact rationals.

Written independently of the SMT semantics (which uses Z3's FloatingPoint theory): a float
is decoded to a Python `float` (every f16, bf16, f32 and f64 value is exactly a double,
-0.0, infinities and NaN included), finite results are computed exactly as `Fraction`s and
rounded to the destination format by `round_to_format`, which implements the five IEEE
rounding attributes for any binary format (subnormals, overflow to infinity or to the
largest finite value). Special values (NaN, infinities, signed zeros) follow IEEE 754
section 6 case by case. A NaN result is reported as `None`: the caller decides its bits.
"""

from __future__ import annotations

import math
import struct
from fractions import Fraction

from irproof.semantics.float_types import FloatFormat

RNE, RNA, RTP, RTN, RTZ = "rne", "rna", "rtp", "rtn", "rtz"


def decode(bits: int, fmt: FloatFormat) -> float:
    """The value a bit pattern encodes (any NaN becomes Python's nan)."""
    sign = -1.0 if bits & fmt.sign_mask else 1.0
    exponent = (bits & fmt.exponent_mask) >> fmt.mantissa_bits
    fraction = bits & fmt.mantissa_mask
    if exponent == (1 << fmt.exponent_bits) - 1:
        return math.nan if fraction else sign * math.inf
    if exponent == 0:  # zero or subnormal
        return sign * math.ldexp(fraction, 1 - fmt.bias - fmt.mantissa_bits)
    significand = fraction | (1 << fmt.mantissa_bits)
    return sign * math.ldexp(significand, exponent - fmt.bias - fmt.mantissa_bits)


def _floor_log2(value: Fraction) -> int:
    """The e with 2**e <= value < 2**(e+1), for value > 0."""
    e = value.numerator.bit_length() - value.denominator.bit_length()
    if Fraction(2) ** e > value:
        e -= 1
    return e


def _round_integer(quotient: Fraction, negative: bool, mode: str) -> int:
    """Round a non-negative rational to an integer under `mode` (for a value of sign
    `negative`, which decides the directed modes)."""
    n = math.floor(quotient)
    rest = quotient - n
    if rest == 0:
        return n
    up = {
        RNE: rest > Fraction(1, 2) or (rest == Fraction(1, 2) and n % 2 == 1),
        RNA: rest >= Fraction(1, 2),
        RTZ: False,
        RTP: not negative,
        RTN: negative,
    }[mode]
    return n + 1 if up else n


def _largest_finite(fmt: FloatFormat) -> int:
    return fmt.exponent_mask - (1 << fmt.mantissa_bits) | fmt.mantissa_mask


def round_to_format(
    value: Fraction, fmt: FloatFormat, mode: str = RNE, zero_sign: bool = False
) -> int:
    """The encoding of `value` rounded to `fmt`; an exact zero gets the sign `zero_sign`
    (the caller knows the IEEE rule for it), a rounded-to-zero value keeps its own sign."""
    negative = value < 0 if value != 0 else zero_sign
    sign = fmt.sign_mask if negative else 0
    if value == 0:
        return sign
    magnitude = abs(value)
    exponent = max(_floor_log2(magnitude), 1 - fmt.bias)
    ulp = Fraction(2) ** (exponent - fmt.mantissa_bits)
    n = _round_integer(magnitude / ulp, negative, mode)
    if n == 1 << fmt.significand_bits:  # rounding carried into the next binade
        n, exponent = n >> 1, exponent + 1
    if exponent > fmt.bias:  # overflow
        to_infinity = (
            mode in (RNE, RNA) or (mode == RTP and not negative) or (mode == RTN and negative)
        )
        return sign | (fmt.infinity if to_infinity else _largest_finite(fmt))
    if n < 1 << fmt.mantissa_bits:  # subnormal (or zero)
        return sign | n
    return sign | ((exponent + fmt.bias) << fmt.mantissa_bits) | (n & fmt.mantissa_mask)


def encode(value: float, fmt: FloatFormat, mode: str = RNE) -> int | None:
    """The encoding of a double rounded to `fmt` (None for NaN)."""
    if math.isnan(value):
        return None
    negative = math.copysign(1.0, value) < 0
    if math.isinf(value):
        return (fmt.sign_mask if negative else 0) | fmt.infinity
    return round_to_format(Fraction(value), fmt, mode, zero_sign=negative)


# --- the operations (operands decoded; None = NaN result) ---------------------------------


def _is_negative(value: float) -> bool:
    return math.copysign(1.0, value) < 0


def add(x: float, y: float, fmt: FloatFormat) -> int | None:
    if math.isnan(x) or math.isnan(y):
        return None
    if math.isinf(x) or math.isinf(y):
        if math.isinf(x) and math.isinf(y) and _is_negative(x) != _is_negative(y):
            return None  # inf - inf
        return encode(x if math.isinf(x) else y, fmt)
    exact = Fraction(x) + Fraction(y)
    # an exact zero sum is +0 under round-to-nearest, unless both addends are -0
    both_negative_zero = x == 0 and y == 0 and _is_negative(x) and _is_negative(y)
    return round_to_format(exact, fmt, RNE, zero_sign=both_negative_zero)


def subtract(x: float, y: float, fmt: FloatFormat) -> int | None:
    return add(x, -y, fmt)


def multiply(x: float, y: float, fmt: FloatFormat) -> int | None:
    if math.isnan(x) or math.isnan(y):
        return None
    negative = _is_negative(x) != _is_negative(y)
    if math.isinf(x) or math.isinf(y):
        if x == 0 or y == 0:
            return None  # 0 * inf
        return (fmt.sign_mask if negative else 0) | fmt.infinity
    return round_to_format(Fraction(x) * Fraction(y), fmt, RNE, zero_sign=negative)


def divide(x: float, y: float, fmt: FloatFormat) -> int | None:
    if math.isnan(x) or math.isnan(y):
        return None
    negative = _is_negative(x) != _is_negative(y)
    sign = fmt.sign_mask if negative else 0
    if math.isinf(x):
        return None if math.isinf(y) else sign | fmt.infinity
    if math.isinf(y):
        return sign  # finite / inf = signed zero
    if y == 0:
        return None if x == 0 else sign | fmt.infinity
    return round_to_format(Fraction(x) / Fraction(y), fmt, RNE, zero_sign=negative)


def fmod(x: float, y: float, fmt: FloatFormat) -> int | None:
    """C's fmod: x - trunc(x / y) * y, exact; the sign of x; NaN for x infinite or y zero."""
    if math.isnan(x) or math.isnan(y) or math.isinf(x) or y == 0:
        return None
    if math.isinf(y) or x == 0:
        return encode(x, fmt)
    qx, qy = Fraction(x), Fraction(y)
    quotient = qx / qy
    truncated = math.floor(quotient) if quotient >= 0 else math.ceil(quotient)
    remainder = qx - truncated * qy
    return round_to_format(remainder, fmt, RNE, zero_sign=_is_negative(x))


def convert(x: float, fmt: FloatFormat, mode: str = RNE) -> int | None:
    """A float (decoded) in another format, rounded by `mode`."""
    return encode(x, fmt, mode)


def from_integer(value: int, fmt: FloatFormat) -> int:
    return round_to_format(Fraction(value), fmt, RNE)


def to_double_bits(value: float) -> int:
    """The f64 encoding of a double (for tests)."""
    (bits,) = struct.unpack(">Q", struct.pack(">d", value))
    return bits
