"""Concrete semantics of `arith`'s floating-point ops, on IEEE-754 bit patterns.

Written from the `arith` documentation and LLVM LangRef apart from the SMT rules: values are
decoded to Python floats, computed by `ieee` (exact rationals, own rounding), encoded back.
A NaN result gets the canonical NaN unless the choice oracle says otherwise
(`irproof.semantics.concrete.nondet`); fast-math `nnan`/`ninf` make NaN / infinite operands
and results poison, `nsz` lets the oracle flip the sign of a zero result (and of a zero
divisor of `divf`). Kernels are tables, as in `arith`: `BINARY` (two floats to a float),
`CASTS` (float to float), `CMPF` (the sixteen predicates).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from functools import partial

from xdsl.dialects.arith import CMPF_COMPARISON_OPERATIONS, FastMathFlagsAttr
from xdsl.dialects.builtin import FloatAttr, IntegerAttr
from xdsl.ir import Attribute, Operation

from irproof.semantics.concrete import ieee
from irproof.semantics.concrete.nondet import choose
from irproof.semantics.concrete.registry import ConcreteEnv, UnsupportedOp, concrete_rule
from irproof.semantics.concrete.values import POISON, ConcreteValue, Poison, to_unsigned
from irproof.semantics.float_types import FloatFormat, float_format, nan_from_double

FloatKernel = Callable[[float, float, FloatFormat], int | None]
"""(lhs, rhs, result format) -> result bits, None for NaN."""

BINARY: dict[str, FloatKernel] = {
    "arith.addf": ieee.add,
    "arith.subf": ieee.subtract,
    "arith.mulf": ieee.multiply,
    "arith.divf": ieee.divide,
    "arith.remf": ieee.fmod,
}

CMPF_PREDICATES: tuple[str, ...] = tuple(CMPF_COMPARISON_OPERATIONS)
"""The cmpf predicates in the order of their attribute values (xDSL's table of MLIR's enum)."""

CMPF: dict[str, Callable[[float, float], bool]] = {
    "false": lambda x, y: False,
    "oeq": lambda x, y: x == y,
    "ogt": lambda x, y: x > y,
    "oge": lambda x, y: x >= y,
    "olt": lambda x, y: x < y,
    "ole": lambda x, y: x <= y,
    "one": lambda x, y: x < y or x > y,
    "ord": lambda x, y: not (math.isnan(x) or math.isnan(y)),
    "ueq": lambda x, y: not (x < y or x > y),
    "ugt": lambda x, y: not (x <= y),
    "uge": lambda x, y: not (x < y),
    "ult": lambda x, y: not (x >= y),
    "ule": lambda x, y: not (x > y),
    "une": lambda x, y: x != y,
    "uno": lambda x, y: math.isnan(x) or math.isnan(y),
    "true": lambda x, y: True,
}
"""Python's float comparisons are IEEE's (false on NaN, -0.0 == 0.0); the unordered
predicates are the negations of the opposite ordered ones."""

ROUNDING_MODES = (ieee.RNE, ieee.RTN, ieee.RTP, ieee.RTZ, ieee.RNA)
"""`arith.truncf`'s rounding modes by upstream enum number (to_nearest_even, downward,
upward, toward_zero, to_nearest_away)."""


def format_of(op: Operation, type_: Attribute) -> FloatFormat:
    fmt = float_format(type_)
    if fmt is None:
        raise UnsupportedOp(op.name, f"values of type {type_}")
    return fmt


def fastmath(op: Operation) -> frozenset[str]:
    attr = op.properties.get("fastmath")
    return (
        frozenset(f.value for f in attr.data)
        if isinstance(attr, FastMathFlagsAttr)
        else frozenset()
    )


def nan_bits(op: Operation, fmt: FloatFormat) -> int:
    """The NaN the op returns: canonical, or the NaN the oracle gives (made a NaN)."""
    bits = choose(op, "nan_bits", fmt.canonical_nan) | fmt.exponent_mask
    return bits if bits & fmt.mantissa_mask else bits | fmt.quiet_bit


def zero_sign_choice(op: Operation) -> int:
    """Under `nsz`, whether the sign of a zero result is flipped (0 when the op has no nsz).

    Rules ask every choice the SMT rule makes, each time they run and before looking at
    their operands, so that the choices of a run line up with the solver's."""
    return choose(op, "zero_sign") if "nsz" in fastmath(op) else 0


def flip_zero(flip: int, bits: int, fmt: FloatFormat) -> int:
    return bits ^ fmt.sign_mask if flip and fmt.is_zero(bits) else bits


def finish(
    op: Operation,
    operands: Sequence[tuple[int, FloatFormat]],
    result: int,
    fmt: FloatFormat,
    flip: int,
) -> ConcreteValue:
    """Fast-math flags on a float result computed from the float `operands` (`flip` is the
    op's `zero_sign_choice`)."""
    flags = fastmath(op)
    result = flip_zero(flip, result, fmt)
    values = [*operands, (result, fmt)]
    if "nnan" in flags and any(f.is_nan(v) for v, f in values):
        return POISON
    if "ninf" in flags and any(f.is_inf(v) for v, f in values):
        return POISON
    return result


def _binary(
    kernel: FloatKernel, op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> Sequence[ConcreteValue]:
    fmt = format_of(op, op.results[0].type)
    divisor_flip = zero_sign_choice(op) if op.name == "arith.divf" else 0  # x / ±0 = ±inf
    nan, flip = nan_bits(op, fmt), zero_sign_choice(op)
    if any(isinstance(a, Poison) for a in args):
        return [POISON]
    x, y = (int(a) for a in args)  # type: ignore[arg-type]
    divisor = flip_zero(divisor_flip, y, fmt)
    result = kernel(ieee.decode(x, fmt), ieee.decode(divisor, fmt), fmt)
    return [finish(op, [(x, fmt), (y, fmt)], nan if result is None else result, fmt, flip)]


for _name, _kernel in BINARY.items():
    concrete_rule(_name)(partial(_binary, _kernel))


@concrete_rule("arith.negf")
def negf(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> Sequence[ConcreteValue]:
    fmt = format_of(op, op.results[0].type)
    flip = zero_sign_choice(op)
    (x,) = args
    if isinstance(x, Poison):
        return [POISON]
    return [finish(op, [(x, fmt)], x ^ fmt.sign_mask, fmt, flip)]


# --- min / max --------------------------------------------------------------------------------


def _min_max(maximum: bool, nan_wins: bool):  # type: ignore[no-untyped-def]
    """maximumf/minimumf: NaN if either is NaN, -0 < +0. maxnumf/minnumf: the non-NaN
    operand if one is NaN; +0 and -0 give either (the oracle's `zero_pick`; by default +0
    for max, -0 for min)."""

    def rule(
        op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
    ) -> Sequence[ConcreteValue]:
        fmt = format_of(op, op.results[0].type)
        pick_other = choose(op, "zero_pick") if not nan_wins else 0
        nan, flip = nan_bits(op, fmt), zero_sign_choice(op)
        if any(isinstance(a, Poison) for a in args):
            return [POISON]
        x, y = (int(a) for a in args)  # type: ignore[arg-type]
        fx, fy = ieee.decode(x, fmt), ieee.decode(y, fmt)
        if math.isnan(fx) or math.isnan(fy):
            if nan_wins or (math.isnan(fx) and math.isnan(fy)):
                result = nan
            else:
                result = y if math.isnan(fx) else x
        elif fx != fy:
            result = x if (fx > fy) == maximum else y
        else:  # equal: the same value, or +0 and -0
            positive, negative = (y, x) if fmt.is_negative(x) else (x, y)
            preferred, other = (positive, negative) if maximum else (negative, positive)
            result = other if (pick_other and x != y) else preferred
        return [finish(op, [(x, fmt), (y, fmt)], result, fmt, flip)]

    return rule


concrete_rule("arith.maximumf")(_min_max(maximum=True, nan_wins=True))
concrete_rule("arith.minimumf")(_min_max(maximum=False, nan_wins=True))
concrete_rule("arith.maxnumf")(_min_max(maximum=True, nan_wins=False))
concrete_rule("arith.minnumf")(_min_max(maximum=False, nan_wins=False))


@concrete_rule("arith.cmpf")
def cmpf(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> Sequence[ConcreteValue]:
    fmt = format_of(op, op.operands[0].type)
    if any(isinstance(a, Poison) for a in args):
        return [POISON]
    x, y = (int(a) for a in args)  # type: ignore[arg-type]
    flags = fastmath(op)
    if "nnan" in flags and (fmt.is_nan(x) or fmt.is_nan(y)):
        return [POISON]
    if "ninf" in flags and (fmt.is_inf(x) or fmt.is_inf(y)):
        return [POISON]
    predicate = op.properties["predicate"]
    assert isinstance(predicate, IntegerAttr)
    test = CMPF[CMPF_PREDICATES[predicate.value.data]]
    return [int(test(ieee.decode(x, fmt), ieee.decode(y, fmt)))]


# --- conversions ------------------------------------------------------------------------------


def _rounding_mode(op: Operation) -> str:
    attr = op.properties.get("roundingmode")
    if attr is None:
        return ieee.RNE
    assert isinstance(attr, IntegerAttr)
    if not 0 <= attr.value.data < len(ROUNDING_MODES):
        raise UnsupportedOp(op.name, f"rounding mode #{attr.value.data}")
    return ROUNDING_MODES[attr.value.data]


def _float_cast(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> Sequence[ConcreteValue]:
    """extf (exact) and truncf (rounded as its rounding mode says)."""
    src, dst = format_of(op, op.operands[0].type), format_of(op, op.results[0].type)
    mode = _rounding_mode(op)
    nan, flip = nan_bits(op, dst), zero_sign_choice(op)
    (x,) = args
    if isinstance(x, Poison):
        return [POISON]
    result = ieee.convert(ieee.decode(x, src), dst, mode)
    return [finish(op, [(x, src)], nan if result is None else result, dst, flip)]


concrete_rule("arith.extf")(_float_cast)
concrete_rule("arith.truncf")(_float_cast)


def _to_float(signed: bool):  # type: ignore[no-untyped-def]
    def rule(
        op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
    ) -> Sequence[ConcreteValue]:
        dst = format_of(op, op.results[0].type)
        (x,) = args
        if isinstance(x, Poison):
            return [POISON]
        width = env.width(op.operands[0].type)
        value = x - (1 << width) if signed and x >> (width - 1) else x
        return [ieee.from_integer(value, dst)]

    return rule


concrete_rule("arith.sitofp")(_to_float(signed=True))
concrete_rule("arith.uitofp")(_to_float(signed=False))


def _to_integer(signed: bool):  # type: ignore[no-untyped-def]
    """Round toward zero; poison for NaN, infinities and out-of-range values."""

    def rule(
        op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
    ) -> Sequence[ConcreteValue]:
        src = format_of(op, op.operands[0].type)
        (x,) = args
        if isinstance(x, Poison):
            return [POISON]
        value = ieee.decode(x, src)
        if math.isnan(value) or math.isinf(value):
            return [POISON]
        integer = math.trunc(value)
        width = env.width(op.results[0].type)
        low, high = (-(1 << (width - 1)), 1 << (width - 1)) if signed else (0, 1 << width)
        if not low <= integer < high:
            return [POISON]
        return [to_unsigned(integer, width)]

    return rule


concrete_rule("arith.fptosi")(_to_integer(signed=True))
concrete_rule("arith.fptoui")(_to_integer(signed=False))


def float_constant(op: Operation, attr: FloatAttr) -> list[ConcreteValue]:
    """The parsed value (a double) rounded to the type, to nearest even; a NaN keeps its sign
    and the top bits of its payload."""
    fmt = format_of(op, op.results[0].type)
    value = attr.value.data
    bits = ieee.encode(value, fmt)
    return [nan_from_double(value, fmt) if bits is None else bits]
