"""Semantics of `arith`'s floating-point ops (f16, bf16, f32, f64), one registered rule per op.

A float value is a pair (IEEE-754 bit pattern, poison), like an integer (see `float_bits` for
what is decided on the bits, NaN results and fast-math flags). Two modes:

- exact (default): arithmetic and conversions go through SMT-LIB's FloatingPoint theory
  (`smt.fp` ops), rounding to nearest, ties to even (MLIR's default; `truncf`'s rounding
  mode is honoured). `remf` is C's `fmod` (LLVM `frem`: the result has the sign of the
  dividend), built from the IEEE remainder `fp.rem`.
- abstract: `addf`, `subf` (as `addf` of the negation), `mulf`, `divf`, `remf` and the
  conversions are uninterpreted functions of the operand bits, one per op kind and types;
  `addf` and `mulf` see their operands in a canonical order (IEEE addition and
  multiplication commute; `SMTBuilder.commutative_operands`), no other law is assumed. IEEE arithmetic is one interpretation of
  these functions, so a refinement proved abstractly holds; a failure is re-checked exactly.
  Comparisons, min/max, negation, select, bitcast and constants are exact in both modes.

NaN: an op that returns NaN returns the canonical NaN in the source and any NaN in the
target (`irproof.semantics.nondet`); refinement counts every NaN as equal to every NaN.
`fptosi`/`fptoui` of NaN, an infinity or a value whose integer part does not fit give
poison (LLVM LangRef). `maxnumf`/`minnumf` of +0 and -0 return either (MLIR).
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Callable, Sequence

import z3
from xdsl.dialects import smt
from xdsl.dialects.arith import CMPF_COMPARISON_OPERATIONS
from xdsl.dialects.builtin import FloatAttr, IntegerAttr
from xdsl.ir import Attribute, Operation

from irproof.dialects.smt import fp
from irproof.dialects.smt.fp import RoundingMode
from irproof.semantics import float_bits as fb
from irproof.semantics.builder import Pair, SMTBuilder, Term, width_of
from irproof.semantics.float_types import FloatFormat, float_format, nan_from_double
from irproof.semantics.lowering import LoweringContext, UnsupportedOp, semantics_rule

CMPF_PREDICATES: tuple[str, ...] = tuple(CMPF_COMPARISON_OPERATIONS)
"""The cmpf predicates in the order of their attribute values (xDSL's table of MLIR's enum)."""
"""`arith.cmpf` predicate names, indexed by the integer value of its `predicate`."""

ROUNDING = {
    "to_nearest_even": RoundingMode.RNE,
    "downward": RoundingMode.RTN,
    "upward": RoundingMode.RTP,
    "toward_zero": RoundingMode.RTZ,
    "to_nearest_away": RoundingMode.RNA,
}
"""`arith.truncf`'s rounding modes (upstream enum order) as SMT-LIB rounding modes."""
ROUNDING_BY_NUMBER = tuple(ROUNDING.values())

ABSTRACT = "abstract"


def type_format(typ: Attribute) -> FloatFormat:
    fmt = float_format(typ)
    if fmt is None:
        raise UnsupportedOp(f"type {typ} has no semantics (floats: f16, bf16, f32, f64)")
    return fmt


def _sort(fmt: FloatFormat) -> fp.FloatingPointType:
    return fp.FloatingPointType(fmt.exponent_bits, fmt.significand_bits)


def to_fp(b: SMTBuilder, bits: Term, fmt: FloatFormat) -> Term:
    """The SMT float a bit pattern encodes."""
    return b.fp(fp.FPFromBitsOp, bits, result=_sort(fmt))


def from_fp(ctx: LoweringContext, op: Operation, value: Term, fmt: FloatFormat) -> Term:
    """The bits of an SMT float result, NaN becoming the op's NaN (`float_bits.nan_result`)."""
    b = ctx.smt
    bits = b.fp(fp.FPToIEEEBVOp, value, result=smt.BitVectorType(fmt.width))
    return b.ite(b.fp(fp.FPIsNaNOp, value), fb.nan_result(ctx, op, fmt), bits)


def normalize_nan(ctx: LoweringContext, op: Operation, bits: Term, fmt: FloatFormat) -> Term:
    """Bits of an abstract result, a NaN among them becoming the op's NaN."""
    b = ctx.smt
    return b.ite(fb.is_nan(b, bits, fmt), fb.nan_result(ctx, op, fmt), bits)


def _abstract(ctx: LoweringContext, name: str, args: Sequence[Term], width: int) -> Term:
    b = ctx.smt
    function = b.function(name, [width_of(a) for a in args], width)
    return b.apply(function, *args)


# --- constants --------------------------------------------------------------------------------


def constant_bits(attr: FloatAttr, fmt: FloatFormat) -> int:
    """The encoding of a float constant: the parsed value (xDSL keeps a double) rounded to
    the type, to nearest even (by Z3, from its exact decimal expansion); a NaN keeps its sign
    and the top bits of its payload."""
    value = attr.value.data
    if math.isnan(value):
        return nan_from_double(value, fmt)
    sign = fmt.sign_mask if math.copysign(1.0, value) < 0 else 0
    if math.isinf(value) or value == 0:
        return sign | (fmt.infinity if value else 0)
    sort = z3.FPSort(fmt.exponent_bits, fmt.significand_bits)
    rounded = z3.FPVal(format(decimal.Decimal(value), "f"), fps=sort)
    return z3.simplify(z3.fpToIEEEBV(rounded)).as_long()  # type: ignore[attr-defined]


def constant(op: Operation, attr: FloatAttr, ctx: LoweringContext) -> Sequence[Pair]:
    fmt = type_format(op.results[0].type)
    return [Pair(ctx.smt.bv_const(constant_bits(attr, fmt), fmt.width), ctx.smt.false())]


# --- arithmetic -------------------------------------------------------------------------------

ExactFn = Callable[[SMTBuilder, Term, Term, FloatFormat], Term]
"""(builder, lhs bits, rhs bits, format) -> the SMT float result."""


def _rounded(op_type: type[fp.FPOp]) -> ExactFn:
    return lambda b, x, y, fmt: b.fp(
        op_type, to_fp(b, x, fmt), to_fp(b, y, fmt), rm=RoundingMode.RNE
    )


def _subtract(b: SMTBuilder, x: Term, y: Term, fmt: FloatFormat) -> Term:
    """x - y is x + (-y) (IEEE 754, 5.4.1), built so: the same terms as an addf of a negf."""
    return _rounded(fp.FPAddOp)(b, x, fb.negate(b, y, fmt), fmt)


def fmod(b: SMTBuilder, x: Term, y: Term, fmt: FloatFormat) -> Term:
    """C's fmod: the sign of x, the magnitude fmod(|x|, |y|) (a zero included). For a, b >= 0
    the IEEE remainder r = a - n*b (n the integer nearest a/b) lies in [-b/2, b/2], and
    fmod(a, b) is r, or r + b (exact) when r < 0. Magnitudes are taken on the bits, so that
    rewrites which only move signs share the expensive fp.rem term."""
    a = to_fp(b, fb.magnitude(b, x, fmt), fmt)
    divisor = to_fp(b, fb.magnitude(b, y, fmt), fmt)
    r = b.fp(fp.FPRemOp, a, divisor)
    below = b.fp(fp.FPIsNegativeOp, r)
    positive = b.ite(below, b.fp(fp.FPAddOp, r, divisor, rm=RoundingMode.RNE), r)
    return b.ite(fb.is_negative(b, x, fmt), b.fp(fp.FPNegOp, positive), positive)


EXACT_BINARY: dict[str, ExactFn] = {
    "arith.addf": _rounded(fp.FPAddOp),
    "arith.subf": _subtract,
    "arith.mulf": _rounded(fp.FPMulOp),
    "arith.divf": _rounded(fp.FPDivOp),
    "arith.remf": fmod,
}

COMMUTATIVE = frozenset({"arith.addf", "arith.mulf"})


def _abstract_binary(
    ctx: LoweringContext, op: Operation, x: Term, y: Term, fmt: FloatFormat
) -> Term:
    b = ctx.smt
    kind = op.name.removeprefix("arith.")
    if kind == "subf":  # x - y is x + (-y) in IEEE 754
        kind, y = "addf", fb.negate(b, y, fmt)
    if f"arith.{kind}" in COMMUTATIVE:
        x, y = b.commutative_operands(x, y)
    return _abstract(ctx, f"{kind}_{fmt.name}", [x, y], fmt.width)


def _binary_rule(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    b = ctx.smt
    fmt = type_format(op.results[0].type)
    x, y = args[0].value, args[1].value
    flip_divisor = None
    if op.name == "arith.divf" and "nsz" in fb.fastmath_flags(op):
        flip_divisor = ctx.nondet.boolean(b, op, "zero_sign")
    if ctx.fp_mode == ABSTRACT:
        bits = normalize_nan(ctx, op, _abstract_binary(ctx, op, x, y, fmt), fmt)
    else:
        result = EXACT_BINARY[op.name](b, x, y, fmt)
        bits = from_fp(ctx, op, result, fmt)
    if flip_divisor is not None:
        # nsz: the sign of a zero divisor is open. x / ±0 is ±inf or NaN, so flipping the
        # divisor's sign flips the sign of an infinite result (one division for both).
        flip = b.and_(flip_divisor, fb.is_zero(b, y, fmt), b.not_(fb.is_nan(b, bits, fmt)))
        bits = b.ite(flip, fb.negate(b, bits, fmt), bits)
    return [fb.finish(ctx, op, fmt, args, [fmt, fmt], bits)]


for _name in EXACT_BINARY:
    semantics_rule(_name)(_binary_rule)


@semantics_rule("arith.negf")
def negf(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    """Flip the sign bit (a NaN keeps its payload, as LLVM's fneg)."""
    fmt = type_format(op.results[0].type)
    bits = fb.negate(ctx.smt, args[0].value, fmt)
    return [fb.finish(ctx, op, fmt, args, [fmt], bits)]


# --- min / max --------------------------------------------------------------------------------


def _min_max(maximum: bool, nan_wins: bool) -> Callable[..., Sequence[Pair]]:
    """maximumf/minimumf (`nan_wins`: NaN if either is NaN, -0 < +0) and maxnumf/minnumf
    (NaN only if both are; the other operand otherwise; +0 / -0 gives either, a choice)."""

    def lower(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
        b = ctx.smt
        fmt = type_format(op.results[0].type)
        x, y = args[0].value, args[1].value
        x_nan, y_nan = fb.is_nan(b, x, fmt), fb.is_nan(b, y, fmt)
        x_wins = fb.less(b, y, x, fmt) if maximum else fb.less(b, x, y, fmt)
        y_wins = fb.less(b, x, y, fmt) if maximum else fb.less(b, y, x, fmt)
        # equal values: they differ at most in the sign of a zero; pick +0 for max, -0 for min
        x_negative = fb.is_negative(b, x, fmt)
        on_tie = b.ite(x_negative, y, x) if maximum else b.ite(x_negative, x, y)
        if not nan_wins:
            zeros_differ = b.and_(fb.is_zero(b, x, fmt), fb.is_zero(b, y, fmt), b.ne(x, y))
            other = b.ite(x_negative, x, y) if maximum else b.ite(x_negative, y, x)
            pick_other = b.and_(zeros_differ, ctx.nondet.boolean(b, op, "zero_pick"))
            on_tie = b.ite(pick_other, other, on_tie)
        ordered = b.ite(x_wins, x, b.ite(y_wins, y, on_tie))
        nan = fb.nan_result(ctx, op, fmt)
        if nan_wins:
            bits = b.ite(b.or_(x_nan, y_nan), nan, ordered)
        else:
            bits = b.ite(x_nan, b.ite(y_nan, nan, y), b.ite(y_nan, x, ordered))
        return [fb.finish(ctx, op, fmt, args, [fmt, fmt], bits)]

    return lower


semantics_rule("arith.maximumf")(_min_max(maximum=True, nan_wins=True))
semantics_rule("arith.minimumf")(_min_max(maximum=False, nan_wins=True))
semantics_rule("arith.maxnumf")(_min_max(maximum=True, nan_wins=False))
semantics_rule("arith.minnumf")(_min_max(maximum=False, nan_wins=False))


# --- comparison -------------------------------------------------------------------------------

Compare = Callable[[SMTBuilder, Term, Term, Term, Term, Term], Term]
"""(builder, ordered, less, greater, equal, _) -> the predicate (operands not both ordered
make `less`/`greater`/`equal` meaningless, so every predicate tests `ordered` first)."""


def _ordered(test: Callable[[SMTBuilder, Term, Term, Term], Term]) -> Compare:
    return lambda b, ordered, lt, gt, eq, _: b.and_(ordered, test(b, lt, gt, eq))


def _unordered(test: Callable[[SMTBuilder, Term, Term, Term], Term]) -> Compare:
    return lambda b, ordered, lt, gt, eq, _: b.or_(b.not_(ordered), test(b, lt, gt, eq))


CMPF: dict[str, Compare] = {
    "false": lambda b, *_: b.false(),
    "true": lambda b, *_: b.true(),
    "ord": lambda b, ordered, *_: ordered,
    "uno": lambda b, ordered, *_: b.not_(ordered),
    "oeq": _ordered(lambda b, lt, gt, eq: eq),
    "ogt": _ordered(lambda b, lt, gt, eq: gt),
    "oge": _ordered(lambda b, lt, gt, eq: b.or_(gt, eq)),
    "olt": _ordered(lambda b, lt, gt, eq: lt),
    "ole": _ordered(lambda b, lt, gt, eq: b.or_(lt, eq)),
    "one": _ordered(lambda b, lt, gt, eq: b.not_(eq)),
    "ueq": _unordered(lambda b, lt, gt, eq: eq),
    "ugt": _unordered(lambda b, lt, gt, eq: gt),
    "uge": _unordered(lambda b, lt, gt, eq: b.or_(gt, eq)),
    "ult": _unordered(lambda b, lt, gt, eq: lt),
    "ule": _unordered(lambda b, lt, gt, eq: b.or_(lt, eq)),
    "une": _unordered(lambda b, lt, gt, eq: b.not_(eq)),
}
"""The sixteen `cmpf` predicates: `o*` false and `u*` true when an operand is NaN."""


@semantics_rule("arith.cmpf")
def cmpf(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    b = ctx.smt
    attr = op.properties["predicate"]
    assert isinstance(attr, IntegerAttr)
    predicate = CMPF_PREDICATES[attr.value.data]
    fmt = type_format(op.operands[0].type)
    x, y = args[0].value, args[1].value
    ordered = b.not_(b.or_(fb.is_nan(b, x, fmt), fb.is_nan(b, y, fmt)))
    lt, gt, eq = fb.less(b, x, y, fmt), fb.less(b, y, x, fmt), fb.equal(b, x, y, fmt)
    result = b.bit(CMPF[predicate](b, ordered, lt, gt, eq, None))
    flags = fb.fastmath_flags(op)
    poison = [a.poison for a in args]
    for flag, test in (("nnan", fb.is_nan), ("ninf", fb.is_inf)):
        if flag in flags:
            poison += [test(b, x, fmt), test(b, y, fmt)]
    return [Pair(result, b.or_(*poison))]


# --- conversions ------------------------------------------------------------------------------


def _truncf_rounding(op: Operation) -> RoundingMode:
    attr = op.properties.get("roundingmode")
    if attr is None:
        return RoundingMode.RNE
    assert isinstance(attr, IntegerAttr)
    number = attr.value.data
    if not 0 <= number < len(ROUNDING_BY_NUMBER):
        raise UnsupportedOp(f"arith.truncf: rounding mode #{number} has no semantics")
    return ROUNDING_BY_NUMBER[number]


def _float_cast(rounding: Callable[[Operation], RoundingMode]) -> Callable[..., Sequence[Pair]]:
    """extf / truncf: rounded to the result type (exact for extf)."""

    def lower(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
        b = ctx.smt
        src, dst = type_format(op.operands[0].type), type_format(op.results[0].type)
        rm = rounding(op)
        x = args[0].value
        if ctx.fp_mode == ABSTRACT:
            name = f"{op.name.removeprefix('arith.')}_{rm.value}_{src.name}_{dst.name}"
            bits = normalize_nan(ctx, op, _abstract(ctx, name, [x], dst.width), dst)
        else:
            value = b.fp(fp.FPToFPOp, to_fp(b, x, src), rm=rm, result=_sort(dst))
            bits = from_fp(ctx, op, value, dst)
        return [fb.finish(ctx, op, dst, args, [src], bits)]

    return lower


semantics_rule("arith.extf")(_float_cast(lambda _op: RoundingMode.RNE))
semantics_rule("arith.truncf")(_float_cast(_truncf_rounding))


def _int_to_float(signed: bool) -> Callable[..., Sequence[Pair]]:
    """sitofp / uitofp: the integer rounded to nearest even (overflow gives an infinity)."""

    def lower(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
        b = ctx.smt
        dst = type_format(op.results[0].type)
        x = args[0].value
        if ctx.fp_mode == ABSTRACT:
            name = f"{op.name.removeprefix('arith.')}_i{width_of(x)}_{dst.name}"
            bits = normalize_nan(ctx, op, _abstract(ctx, name, [x], dst.width), dst)
        else:
            op_type = fp.FPFromSBVOp if signed else fp.FPFromUBVOp
            value = b.fp(op_type, x, rm=RoundingMode.RNE, result=_sort(dst))
            bits = b.fp(fp.FPToIEEEBVOp, value, result=smt.BitVectorType(dst.width))
        return [Pair(bits, args[0].poison)]

    return lower


semantics_rule("arith.sitofp")(_int_to_float(signed=True))
semantics_rule("arith.uitofp")(_int_to_float(signed=False))


def power_of_two_bits(exponent: int, fmt: FloatFormat) -> int | None:
    """The encoding of 2**exponent, None when it is not a finite value of the format."""
    if exponent > fmt.bias:
        return None
    assert exponent >= 1 - fmt.bias
    return (exponent + fmt.bias) << fmt.mantissa_bits


def integer_bits(value: int, fmt: FloatFormat) -> int | None:
    """The encoding of a non-zero integer the format represents exactly, else None."""
    magnitude = abs(value)
    exponent = magnitude.bit_length() - 1
    significant = magnitude >> ((magnitude & -magnitude).bit_length() - 1)
    if exponent > fmt.bias or significant.bit_length() > fmt.significand_bits:
        return None
    fraction = ((magnitude << fmt.mantissa_bits) >> exponent) & fmt.mantissa_mask
    sign = fmt.sign_mask if value < 0 else 0
    return sign | ((exponent + fmt.bias) << fmt.mantissa_bits) | fraction


def fits_integer(b: SMTBuilder, x: Term, fmt: FloatFormat, width: int, signed: bool) -> Term:
    """Whether the finite, non-NaN x truncated toward zero fits a `width`-bit integer:
    low < x < high for the integers low = min - 1 and high = max + 1 (a power of two)."""
    high_exponent = width - 1 if signed else width
    high = power_of_two_bits(high_exponent, fmt)
    below_high = b.true() if high is None else fb.constant_less(b, x, high, fmt)
    low = -(1 << (width - 1)) - 1 if signed else -1
    low_bits = integer_bits(low, fmt)
    if low_bits is not None:
        above_low = fb.less(b, b.bv_const(low_bits, fmt.width), x, fmt)
    else:  # floats near `low` are spaced by 2 or more: x > low iff x >= low + 1 = -2**(w-1)
        edge = power_of_two_bits(width - 1, fmt)
        if edge is None:
            above_low = b.true()
        else:
            edge_bits = b.bv_const(edge | fmt.sign_mask, fmt.width)
            above_low = b.not_(fb.less(b, x, edge_bits, fmt))
    return b.and_(below_high, above_low)


def _float_to_int(signed: bool) -> Callable[..., Sequence[Pair]]:
    """fptosi / fptoui: round toward zero; poison for NaN, infinities and values whose
    integer part does not fit the result type (LLVM LangRef)."""

    def lower(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
        b = ctx.smt
        src = type_format(op.operands[0].type)
        width = ctx.result_width(op)
        x = args[0].value
        if ctx.fp_mode == ABSTRACT:
            name = f"{op.name.removeprefix('arith.')}_{src.name}_i{width}"
            value = _abstract(ctx, name, [x], width)
        else:
            op_type = fp.FPToSBVOp if signed else fp.FPToUBVOp
            result = smt.BitVectorType(width)
            value = b.fp(op_type, to_fp(b, x, src), rm=RoundingMode.RTZ, result=result)
        special = b.or_(fb.is_nan(b, x, src), fb.is_inf(b, x, src))
        out_of_range = b.or_(special, b.not_(fits_integer(b, x, src, width, signed)))
        return [Pair(value, b.or_(args[0].poison, out_of_range))]

    return lower


semantics_rule("arith.fptosi")(_float_to_int(signed=True))
semantics_rule("arith.fptoui")(_float_to_int(signed=False))


FLOAT_OPS = frozenset(
    {
        *EXACT_BINARY,
        "arith.negf",
        "arith.maximumf",
        "arith.minimumf",
        "arith.maxnumf",
        "arith.minnumf",
        "arith.cmpf",
        "arith.extf",
        "arith.truncf",
        "arith.sitofp",
        "arith.uitofp",
        "arith.fptosi",
        "arith.fptoui",
    }
)
"""The float-only ops of `arith` (constant, select and bitcast also take floats)."""

ABSTRACTED_OPS = frozenset(
    {*EXACT_BINARY, "arith.extf", "arith.truncf", "arith.sitofp", "arith.uitofp"}
    | {"arith.fptosi", "arith.fptoui"}
)
"""The ops that are uninterpreted functions in the abstract mode (what the automatic mode
counts to decide)."""
