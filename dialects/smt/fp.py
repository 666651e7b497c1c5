"""Floating-point ops for the SMT semantics dialects: SMT-LIB's FloatingPoint theory.

`!smt.fp<eb, sb>` is SMT-LIB's `(_ FloatingPoint eb sb)` (sb counts the hidden bit, so f32 is
`!smt.fp<8, 24>`). Every op is SMT-LIB's operator of the same name; an op that rounds carries
its rounding mode (`rne`, `rna`, `rtp`, `rtn`, `rtz` for RNE, RNA, RTP, RTN, RTZ) first:

    smt.fp.from_bits %b : !smt.bv<32> to !smt.fp<8, 24>     ((_ to_fp 8 24) b)
    smt.fp.to_ieee_bv %x : !smt.fp<8, 24> to !smt.bv<32>    (fp.to_ieee_bv x)   [Z3 extension]
    smt.fp.constant 0x3fc00000 : !smt.fp<8, 24>             (fp #b0 #b01111111 #b100...0)
    smt.fp.add rne %x, %y : !smt.fp<8, 24>                  (fp.add RNE x y)    (sub, mul, div)
    smt.fp.rem %x, %y : !smt.fp<8, 24>                      (fp.rem x y)        (min, max)
    smt.fp.neg %x : !smt.fp<8, 24>                          (fp.neg x)          (abs)
    smt.fp.round_to_integral rtz %x : !smt.fp<8, 24>        (fp.roundToIntegral RTZ x)
    smt.fp.cmp lt %x, %y : !smt.fp<8, 24>                   (fp.lt x y)         (eq, leq, gt, geq)
    smt.fp.is_nan %x : !smt.fp<8, 24>                       (fp.isNaN x)        (is_infinite, ...)
    smt.fp.to_fp rne %x : !smt.fp<11, 53> to !smt.fp<8, 24> ((_ to_fp 8 24) RNE x)
    smt.fp.from_sbv rne %b : !smt.bv<32> to !smt.fp<8, 24>  ((_ to_fp 8 24) RNE b)
    smt.fp.from_ubv rne %b : ...                            ((_ to_fp_unsigned 8 24) RNE b)
    smt.fp.to_sbv rtz %x : !smt.fp<8, 24> to !smt.bv<32>    ((_ fp.to_sbv 32) RTZ x)  (to_ubv)

Both back ends build these ops from the same description, `FPAttrs` (rounding mode,
predicate, result type, constant bits): `op_type.from_attrs(operands, attrs)` and `op.attrs`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from xdsl.dialects.builtin import IntAttr, StringAttr
from xdsl.dialects.smt import BitVectorType, BoolType
from xdsl.ir import Attribute, ParametrizedAttribute, SSAValue, TypeAttribute
from xdsl.irdl import (
    IRDLOperation,
    VarConstraint,
    base,
    irdl_attr_definition,
    irdl_op_definition,
    operand_def,
    prop_def,
    result_def,
    traits_def,
)
from xdsl.parser import AttrParser, Parser
from xdsl.printer import Printer
from xdsl.traits import Pure
from xdsl.utils.exceptions import VerifyException
from xdsl.utils.str_enum import StrEnum


@irdl_attr_definition
class FloatingPointType(ParametrizedAttribute, TypeAttribute):
    """`!smt.fp<eb, sb>`: SMT-LIB `(_ FloatingPoint eb sb)`."""

    name = "smt.fp"

    exponent_bits: IntAttr
    significand_bits: IntAttr

    def __init__(self, exponent_bits: int, significand_bits: int):
        super().__init__(IntAttr(exponent_bits), IntAttr(significand_bits))

    @property
    def eb(self) -> int:
        return self.exponent_bits.data

    @property
    def sb(self) -> int:
        return self.significand_bits.data

    @property
    def width(self) -> int:
        return self.eb + self.sb

    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> Sequence[Attribute]:
        with parser.in_angle_brackets():
            eb = parser.parse_integer(allow_boolean=False, allow_negative=False)
            parser.parse_punctuation(",")
            sb = parser.parse_integer(allow_boolean=False, allow_negative=False)
        return (IntAttr(eb), IntAttr(sb))

    def print_parameters(self, printer: Printer) -> None:
        printer.print_string(f"<{self.eb}, {self.sb}>")


class RoundingMode(StrEnum):
    """SMT-LIB rounding modes (printed upper-case in SMT-LIB)."""

    RNE = "rne"
    RNA = "rna"
    RTP = "rtp"
    RTN = "rtn"
    RTZ = "rtz"


class FPCmpPredicate(StrEnum):
    """Predicates of `smt.fp.cmp`: SMT-LIB fp.eq, fp.lt, fp.leq, fp.gt, fp.geq."""

    EQ = "eq"
    LT = "lt"
    LEQ = "leq"
    GT = "gt"
    GEQ = "geq"


@dataclass(frozen=True)
class FPAttrs:
    """What an FP op needs besides its operands (each op uses some of these)."""

    rm: RoundingMode | None = None
    pred: FPCmpPredicate | None = None
    result: Attribute | None = None
    """The result type of a conversion (`!smt.fp<..>` or `!smt.bv<..>`) or constant."""
    bits: int | None = None
    """The IEEE-754 bit pattern of a constant."""


def _fp_type(value: SSAValue) -> FloatingPointType:
    assert isinstance(value.type, FloatingPointType)
    return value.type


def _parse_operands(parser: Parser, count: int) -> tuple[Sequence[SSAValue], Attribute]:
    """`%a, %b : T` (all operands of type T)."""
    operands = [parser.parse_unresolved_operand()]
    for _ in range(count - 1):
        parser.parse_punctuation(",")
        operands.append(parser.parse_unresolved_operand())
    parser.parse_punctuation(":")
    typ = parser.parse_type()
    return parser.resolve_operands(operands, [typ] * count, parser.pos), typ


def _print_operands(printer: Printer, operands: Sequence[SSAValue]) -> None:
    printer.print_list(operands, printer.print_ssa_value)
    printer.print_string(" : ")
    printer.print_attribute(operands[0].type)


class FPOp(IRDLOperation):
    """Shared interface: build from `FPAttrs`, read them back."""

    @classmethod
    def from_attrs(cls, operands: Sequence[SSAValue], attrs: FPAttrs) -> FPOp:
        raise NotImplementedError

    @property
    def attrs(self) -> FPAttrs:
        return FPAttrs()


# --- binary and unary arithmetic --------------------------------------------------------------


class _RoundedBinaryOp(FPOp):
    rm_attr = prop_def(StringAttr, prop_name="rm")
    lhs = operand_def(FloatingPointType)
    rhs = operand_def(FloatingPointType)
    result = result_def(FloatingPointType)
    traits = traits_def(Pure())

    def __init__(self, rm: RoundingMode, lhs: SSAValue, rhs: SSAValue):
        super().__init__(
            operands=[lhs, rhs], properties={"rm": StringAttr(rm.value)}, result_types=[lhs.type]
        )

    @classmethod
    def from_attrs(cls, operands: Sequence[SSAValue], attrs: FPAttrs) -> FPOp:
        assert attrs.rm is not None
        return cls(attrs.rm, operands[0], operands[1])

    @property
    def attrs(self) -> FPAttrs:
        return FPAttrs(rm=RoundingMode(self.rm_attr.data))

    @classmethod
    def parse(cls, parser: Parser) -> _RoundedBinaryOp:
        rm = parser.parse_str_enum(RoundingMode)
        (lhs, rhs), _ = _parse_operands(parser, 2)
        return cls(rm, lhs, rhs)

    def print(self, printer: Printer) -> None:
        printer.print_string(f" {self.rm_attr.data} ")
        _print_operands(printer, [self.lhs, self.rhs])


@irdl_op_definition
class FPAddOp(_RoundedBinaryOp):
    """`smt.fp.add rne %x, %y : !smt.fp<8, 24>`: SMT-LIB fp.add."""

    name = "smt.fp.add"


@irdl_op_definition
class FPSubOp(_RoundedBinaryOp):
    """`smt.fp.sub rne %x, %y`: SMT-LIB fp.sub."""

    name = "smt.fp.sub"


@irdl_op_definition
class FPMulOp(_RoundedBinaryOp):
    """`smt.fp.mul rne %x, %y`: SMT-LIB fp.mul."""

    name = "smt.fp.mul"


@irdl_op_definition
class FPDivOp(_RoundedBinaryOp):
    """`smt.fp.div rne %x, %y`: SMT-LIB fp.div."""

    name = "smt.fp.div"


class _BinaryOp(FPOp):
    T: ClassVar = VarConstraint("T", base(FloatingPointType))
    lhs = operand_def(T)
    rhs = operand_def(T)
    result = result_def(T)
    assembly_format = "$lhs `,` $rhs attr-dict `:` type($result)"
    traits = traits_def(Pure())

    def __init__(self, lhs: SSAValue, rhs: SSAValue):
        super().__init__(operands=[lhs, rhs], result_types=[lhs.type])

    @classmethod
    def from_attrs(cls, operands: Sequence[SSAValue], attrs: FPAttrs) -> FPOp:
        return cls(operands[0], operands[1])


@irdl_op_definition
class FPRemOp(_BinaryOp):
    """`smt.fp.rem %x, %y`: SMT-LIB fp.rem, the IEEE remainder (x - y * n, n the integer
    nearest x / y, ties to even); not C's fmod."""

    name = "smt.fp.rem"


@irdl_op_definition
class FPMinOp(_BinaryOp):
    """`smt.fp.min %x, %y`: SMT-LIB fp.min (unspecified on +0 / -0)."""

    name = "smt.fp.min"


@irdl_op_definition
class FPMaxOp(_BinaryOp):
    """`smt.fp.max %x, %y`: SMT-LIB fp.max (unspecified on +0 / -0)."""

    name = "smt.fp.max"


class _UnaryOp(FPOp):
    T: ClassVar = VarConstraint("T", base(FloatingPointType))
    input = operand_def(T)
    result = result_def(T)
    assembly_format = "$input attr-dict `:` type($result)"
    traits = traits_def(Pure())

    def __init__(self, input: SSAValue):
        super().__init__(operands=[input], result_types=[input.type])

    @classmethod
    def from_attrs(cls, operands: Sequence[SSAValue], attrs: FPAttrs) -> FPOp:
        return cls(operands[0])


@irdl_op_definition
class FPNegOp(_UnaryOp):
    """`smt.fp.neg %x`: SMT-LIB fp.neg."""

    name = "smt.fp.neg"


@irdl_op_definition
class FPAbsOp(_UnaryOp):
    """`smt.fp.abs %x`: SMT-LIB fp.abs."""

    name = "smt.fp.abs"


@irdl_op_definition
class FPRoundToIntegralOp(FPOp):
    """`smt.fp.round_to_integral rtz %x`: SMT-LIB fp.roundToIntegral."""

    name = "smt.fp.round_to_integral"

    rm_attr = prop_def(StringAttr, prop_name="rm")
    input = operand_def(FloatingPointType)
    result = result_def(FloatingPointType)
    traits = traits_def(Pure())

    def __init__(self, rm: RoundingMode, input: SSAValue):
        super().__init__(
            operands=[input], properties={"rm": StringAttr(rm.value)}, result_types=[input.type]
        )

    @classmethod
    def from_attrs(cls, operands: Sequence[SSAValue], attrs: FPAttrs) -> FPOp:
        assert attrs.rm is not None
        return cls(attrs.rm, operands[0])

    @property
    def attrs(self) -> FPAttrs:
        return FPAttrs(rm=RoundingMode(self.rm_attr.data))

    @classmethod
    def parse(cls, parser: Parser) -> FPRoundToIntegralOp:
        rm = parser.parse_str_enum(RoundingMode)
        (value,), _ = _parse_operands(parser, 1)
        return cls(rm, value)

    def print(self, printer: Printer) -> None:
        printer.print_string(f" {self.rm_attr.data} ")
        _print_operands(printer, [self.input])


# --- predicates -------------------------------------------------------------------------------


@irdl_op_definition
class FPCmpOp(FPOp):
    """`smt.fp.cmp lt %x, %y : !smt.fp<8, 24>`: SMT-LIB fp.eq / fp.lt / fp.leq / fp.gt / fp.geq
    (false when either operand is NaN; +0 and -0 compare equal)."""

    name = "smt.fp.cmp"

    pred_attr = prop_def(StringAttr, prop_name="pred")
    lhs = operand_def(FloatingPointType)
    rhs = operand_def(FloatingPointType)
    result = result_def(BoolType)
    traits = traits_def(Pure())

    def __init__(self, pred: FPCmpPredicate, lhs: SSAValue, rhs: SSAValue):
        super().__init__(
            operands=[lhs, rhs],
            properties={"pred": StringAttr(pred.value)},
            result_types=[BoolType()],
        )

    @classmethod
    def from_attrs(cls, operands: Sequence[SSAValue], attrs: FPAttrs) -> FPOp:
        assert attrs.pred is not None
        return cls(attrs.pred, operands[0], operands[1])

    @property
    def attrs(self) -> FPAttrs:
        return FPAttrs(pred=FPCmpPredicate(self.pred_attr.data))

    @classmethod
    def parse(cls, parser: Parser) -> FPCmpOp:
        pred = parser.parse_str_enum(FPCmpPredicate)
        (lhs, rhs), _ = _parse_operands(parser, 2)
        return cls(pred, lhs, rhs)

    def print(self, printer: Printer) -> None:
        printer.print_string(f" {self.pred_attr.data} ")
        _print_operands(printer, [self.lhs, self.rhs])


class _ClassifyOp(FPOp):
    input = operand_def(FloatingPointType)
    result = result_def(BoolType)
    assembly_format = "$input attr-dict `:` type($input)"
    traits = traits_def(Pure())

    def __init__(self, input: SSAValue):
        super().__init__(operands=[input], result_types=[BoolType()])

    @classmethod
    def from_attrs(cls, operands: Sequence[SSAValue], attrs: FPAttrs) -> FPOp:
        return cls(operands[0])


@irdl_op_definition
class FPIsNaNOp(_ClassifyOp):
    """`smt.fp.is_nan %x`: SMT-LIB fp.isNaN."""

    name = "smt.fp.is_nan"


@irdl_op_definition
class FPIsInfiniteOp(_ClassifyOp):
    """`smt.fp.is_infinite %x`: SMT-LIB fp.isInfinite."""

    name = "smt.fp.is_infinite"


@irdl_op_definition
class FPIsZeroOp(_ClassifyOp):
    """`smt.fp.is_zero %x`: SMT-LIB fp.isZero."""

    name = "smt.fp.is_zero"


@irdl_op_definition
class FPIsNegativeOp(_ClassifyOp):
    """`smt.fp.is_negative %x`: SMT-LIB fp.isNegative (false for NaN)."""

    name = "smt.fp.is_negative"


@irdl_op_definition
class FPIsPositiveOp(_ClassifyOp):
    """`smt.fp.is_positive %x`: SMT-LIB fp.isPositive (false for NaN)."""

    name = "smt.fp.is_positive"


@irdl_op_definition
class FPIsNormalOp(_ClassifyOp):
    """`smt.fp.is_normal %x`: SMT-LIB fp.isNormal."""

    name = "smt.fp.is_normal"


@irdl_op_definition
class FPIsSubnormalOp(_ClassifyOp):
    """`smt.fp.is_subnormal %x`: SMT-LIB fp.isSubnormal."""

    name = "smt.fp.is_subnormal"


# --- constants and conversions ----------------------------------------------------------------


@irdl_op_definition
class FPConstantOp(FPOp):
    """`smt.fp.constant 0x3fc00000 : !smt.fp<8, 24>`: the float with this IEEE-754 encoding
    (SMT-LIB `(fp sign exponent significand)`; any NaN encoding means SMT-LIB's one NaN)."""

    name = "smt.fp.constant"

    bits_attr = prop_def(IntAttr, prop_name="bits")
    result = result_def(FloatingPointType)
    traits = traits_def(Pure())

    def __init__(self, bits: int, typ: FloatingPointType):
        super().__init__(properties={"bits": IntAttr(bits)}, result_types=[typ])

    @classmethod
    def from_attrs(cls, operands: Sequence[SSAValue], attrs: FPAttrs) -> FPOp:
        assert attrs.bits is not None and isinstance(attrs.result, FloatingPointType)
        return cls(attrs.bits, attrs.result)

    @property
    def attrs(self) -> FPAttrs:
        return FPAttrs(result=self.result.type, bits=self.bits_attr.data)

    @classmethod
    def parse(cls, parser: Parser) -> FPConstantOp:
        bits = parser.parse_integer(allow_boolean=False, allow_negative=False)
        parser.parse_punctuation(":")
        typ = parser.parse_type()
        assert isinstance(typ, FloatingPointType)
        return cls(bits, typ)

    def print(self, printer: Printer) -> None:
        typ = _fp_type(self.result)
        printer.print_string(f" {self.bits_attr.data:#0{(typ.width + 3) // 4 + 2}x} : ")
        printer.print_attribute(typ)


class _ConversionOp(FPOp):
    """`OP %x : T to U`, the result type given."""

    input = operand_def()
    result = result_def()
    assembly_format = "$input attr-dict `:` type($input) `to` type($result)"
    traits = traits_def(Pure())

    def __init__(self, input: SSAValue, result_type: Attribute):
        super().__init__(operands=[input], result_types=[result_type])

    @classmethod
    def from_attrs(cls, operands: Sequence[SSAValue], attrs: FPAttrs) -> FPOp:
        assert attrs.result is not None
        return cls(operands[0], attrs.result)

    @property
    def attrs(self) -> FPAttrs:
        return FPAttrs(result=self.result.type)


@irdl_op_definition
class FPFromBitsOp(_ConversionOp):
    """`smt.fp.from_bits %b : !smt.bv<32> to !smt.fp<8, 24>`: the float a bit pattern encodes,
    SMT-LIB `((_ to_fp 8 24) b)`."""

    name = "smt.fp.from_bits"


@irdl_op_definition
class FPToIEEEBVOp(_ConversionOp):
    """`smt.fp.to_ieee_bv %x : !smt.fp<8, 24> to !smt.bv<32>`: the encoding of a float, Z3's
    `fp.to_ieee_bv` (not standard SMT-LIB: NaN has many encodings; irproof never asks it for
    a NaN's)."""

    name = "smt.fp.to_ieee_bv"


class _RoundedConversionOp(FPOp):
    """`OP rm %x : T to U`."""

    rm_attr = prop_def(StringAttr, prop_name="rm")
    input = operand_def()
    result = result_def()
    traits = traits_def(Pure())

    def __init__(self, rm: RoundingMode, input: SSAValue, result_type: Attribute):
        super().__init__(
            operands=[input], properties={"rm": StringAttr(rm.value)}, result_types=[result_type]
        )

    @classmethod
    def from_attrs(cls, operands: Sequence[SSAValue], attrs: FPAttrs) -> FPOp:
        assert attrs.rm is not None and attrs.result is not None
        return cls(attrs.rm, operands[0], attrs.result)

    @property
    def attrs(self) -> FPAttrs:
        return FPAttrs(rm=RoundingMode(self.rm_attr.data), result=self.result.type)

    @classmethod
    def parse(cls, parser: Parser) -> _RoundedConversionOp:
        rm = parser.parse_str_enum(RoundingMode)
        operand = parser.parse_unresolved_operand()
        parser.parse_punctuation(":")
        in_type = parser.parse_type()
        parser.parse_keyword("to")
        out_type = parser.parse_type()
        (value,) = parser.resolve_operands([operand], [in_type], parser.pos)
        return cls(rm, value, out_type)

    def print(self, printer: Printer) -> None:
        printer.print_string(f" {self.rm_attr.data} ")
        printer.print_ssa_value(self.input)
        printer.print_string(" : ")
        printer.print_attribute(self.input.type)
        printer.print_string(" to ")
        printer.print_attribute(self.result.type)

    def verify_(self) -> None:
        kinds = (type(self.input.type), type(self.result.type))
        if kinds != self.KINDS:
            raise VerifyException(
                f"{self.name}: expects {self.KINDS[0].name} to {self.KINDS[1].name}"
            )

    KINDS: ClassVar[tuple[type[Attribute], type[Attribute]]] = (Attribute, Attribute)


@irdl_op_definition
class FPToFPOp(_RoundedConversionOp):
    """`smt.fp.to_fp rne %x : !smt.fp<11, 53> to !smt.fp<8, 24>`: SMT-LIB `((_ to_fp eb sb) rm x)`."""

    name = "smt.fp.to_fp"
    KINDS: ClassVar = (FloatingPointType, FloatingPointType)


@irdl_op_definition
class FPFromSBVOp(_RoundedConversionOp):
    """`smt.fp.from_sbv rne %b : !smt.bv<32> to !smt.fp<8, 24>`: a signed integer, rounded."""

    name = "smt.fp.from_sbv"
    KINDS: ClassVar = (BitVectorType, FloatingPointType)


@irdl_op_definition
class FPFromUBVOp(_RoundedConversionOp):
    """`smt.fp.from_ubv rne %b : ...`: an unsigned integer, rounded (`to_fp_unsigned`)."""

    name = "smt.fp.from_ubv"
    KINDS: ClassVar = (BitVectorType, FloatingPointType)


@irdl_op_definition
class FPToSBVOp(_RoundedConversionOp):
    """`smt.fp.to_sbv rtz %x : !smt.fp<8, 24> to !smt.bv<32>`: SMT-LIB fp.to_sbv
    (unspecified when out of range or NaN)."""

    name = "smt.fp.to_sbv"
    KINDS: ClassVar = (FloatingPointType, BitVectorType)


@irdl_op_definition
class FPToUBVOp(_RoundedConversionOp):
    """`smt.fp.to_ubv rtz %x : ...`: SMT-LIB fp.to_ubv (unspecified when out of range)."""

    name = "smt.fp.to_ubv"
    KINDS: ClassVar = (FloatingPointType, BitVectorType)


FP_OPS: tuple[type[FPOp], ...] = (
    FPAddOp,
    FPSubOp,
    FPMulOp,
    FPDivOp,
    FPRemOp,
    FPMinOp,
    FPMaxOp,
    FPNegOp,
    FPAbsOp,
    FPRoundToIntegralOp,
    FPCmpOp,
    FPIsNaNOp,
    FPIsInfiniteOp,
    FPIsZeroOp,
    FPIsNegativeOp,
    FPIsPositiveOp,
    FPIsNormalOp,
    FPIsSubnormalOp,
    FPConstantOp,
    FPFromBitsOp,
    FPToIEEEBVOp,
    FPToFPOp,
    FPFromSBVOp,
    FPFromUBVOp,
    FPToSBVOp,
    FPToUBVOp,
)
FP_TYPES = (FloatingPointType,)
