"""The `arith` dialect as current upstream MLIR prints it.

Starts from xDSL's `arith` and replaces the ops whose upstream syntax grew since:
`exact` on divui/divsi/shrui/shrsi (property `isExact`), `overflow<...>` on trunci
(property `overflowFlags`), `nneg` on extui/index_castui (property `nonNeg`), `fastmath` on
extf/truncf and the rounding mode of truncf (property `roundingmode`, upstream's enum
numbers), and adds `index_castui` and `remf`.
"""

from __future__ import annotations

from xdsl.dialects import arith as x
from xdsl.dialects.builtin import (
    AnyFloat,
    FixedBitwidthType,
    IndexType,
    IntegerAttr,
    IntegerType,
    UnitAttr,
    i32,
)
from xdsl.ir import Attribute, Dialect, Operation, SSAValue
from xdsl.irdl import (
    IRDLOperation,
    base,
    irdl_op_definition,
    operand_def,
    opt_prop_def,
    prop_def,
    result_def,
    traits_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import NoMemoryEffect, Pure
from xdsl.utils.exceptions import VerifyException

_EXACT_FORMAT = "$lhs `,` $rhs (`exact` $isExact^)? attr-dict `:` type($result)"
_NNEG_FORMAT = "$input (`nneg` $nonNeg^)? attr-dict `:` type($input) `to` type($result)"


@irdl_op_definition
class DivUIOp(x.SignlessIntegerBinaryOperation):
    """`arith.divui` with `exact`: poison when the division leaves a remainder."""

    name = "arith.divui"
    is_exact = opt_prop_def(UnitAttr, prop_name="isExact")
    assembly_format = _EXACT_FORMAT
    traits = traits_def(NoMemoryEffect())


@irdl_op_definition
class DivSIOp(x.SignlessIntegerBinaryOperation):
    """`arith.divsi` with `exact`: poison when the division leaves a remainder."""

    name = "arith.divsi"
    is_exact = opt_prop_def(UnitAttr, prop_name="isExact")
    assembly_format = _EXACT_FORMAT
    traits = traits_def(NoMemoryEffect())


@irdl_op_definition
class ShRUIOp(x.SignlessIntegerBinaryOperation):
    """`arith.shrui` with `exact`: poison when a non-zero bit is shifted out."""

    name = "arith.shrui"
    is_exact = opt_prop_def(UnitAttr, prop_name="isExact")
    assembly_format = _EXACT_FORMAT
    traits = traits_def(NoMemoryEffect())


@irdl_op_definition
class ShRSIOp(x.SignlessIntegerBinaryOperation):
    """`arith.shrsi` with `exact`: poison when a non-zero bit is shifted out."""

    name = "arith.shrsi"
    is_exact = opt_prop_def(UnitAttr, prop_name="isExact")
    assembly_format = _EXACT_FORMAT
    traits = traits_def(NoMemoryEffect())


@irdl_op_definition
class TruncIOp(IRDLOperation):
    """`arith.trunci` with `overflow<nsw, nuw>` (LLVM `trunc nsw/nuw`)."""

    name = "arith.trunci"

    input = operand_def(IntegerType)
    result = result_def(IntegerType)
    overflow_flags = prop_def(
        x.IntegerOverflowAttr,
        default_value=x.IntegerOverflowAttr("none"),
        prop_name="overflowFlags",
    )

    assembly_format = (
        "$input (`overflow` `` $overflowFlags^)? attr-dict `:` type($input) `to` type($result)"
    )
    traits = traits_def(Pure())

    def __init__(self, op: SSAValue | Operation, target_type: IntegerType):
        super().__init__(operands=[op], result_types=[target_type])

    def verify_(self) -> None:
        src, dst = self.input.type, self.result.type
        assert isinstance(src, IntegerType) and isinstance(dst, IntegerType)
        if not dst.width.data < src.width.data:
            raise VerifyException("Destination bit-width must be smaller than the input bit-width")


class _ExtUIBase(IRDLOperation):
    input = operand_def(IntegerType)
    result = result_def(IntegerType)
    traits = traits_def(Pure())

    def __init__(self, op: SSAValue | Operation, target_type: IntegerType):
        super().__init__(operands=[op], result_types=[target_type])

    def verify_(self) -> None:
        src, dst = self.input.type, self.result.type
        assert isinstance(src, IntegerType) and isinstance(dst, IntegerType)
        if not dst.width.data > src.width.data:
            raise VerifyException("Destination bit-width must be larger than the input bit-width")


@irdl_op_definition
class ExtUIOp(_ExtUIBase):
    """`arith.extui` with `nneg`: poison when the operand is negative."""

    name = "arith.extui"
    non_neg = opt_prop_def(UnitAttr, prop_name="nonNeg")
    assembly_format = _NNEG_FORMAT


class _IndexCastBase(IRDLOperation):
    input = operand_def(base(IntegerType) | base(IndexType))
    result = result_def(base(IntegerType) | base(IndexType))
    traits = traits_def(Pure())

    def __init__(self, input_arg: SSAValue | Operation, target_type: Attribute):
        super().__init__(operands=[input_arg], result_types=[target_type])

    def verify_(self) -> None:
        if not isinstance(self.input.type, IndexType) ^ isinstance(self.result.type, IndexType):
            raise VerifyException(
                f"'{self.name}' op operand type '{self.input.type}' and result type "
                f"'{self.result.type}' are cast incompatible"
            )


@irdl_op_definition
class IndexCastOp(_IndexCastBase):
    """`arith.index_cast`: sign-extends or truncates between index and an integer type."""

    name = "arith.index_cast"
    assembly_format = "$input attr-dict `:` type($input) `to` type($result)"


@irdl_op_definition
class IndexCastUIOp(_IndexCastBase):
    """`arith.index_castui`: zero-extends or truncates; `nneg` makes a negative operand poison."""

    name = "arith.index_castui"
    non_neg = opt_prop_def(UnitAttr, prop_name="nonNeg")
    assembly_format = _NNEG_FORMAT


@irdl_op_definition
class RemFOp(x.FloatingPointLikeBinaryOperation):
    """`arith.remf`: the remainder of the division, with the sign of the dividend (fmod)."""

    name = "arith.remf"
    traits = traits_def(Pure())


ROUNDING_MODES = ("to_nearest_even", "downward", "upward", "toward_zero", "to_nearest_away")
"""Upstream `arith::RoundingMode`, indexed by its enum number."""


def _float_width(value: SSAValue) -> int:
    typ = value.type
    assert isinstance(typ, FixedBitwidthType)
    return typ.bitwidth


class _FloatCastBase(IRDLOperation):
    input = operand_def(AnyFloat)
    result = result_def(AnyFloat)
    fastmath = opt_prop_def(x.FastMathFlagsAttr)
    traits = traits_def(Pure())

    def __init__(self, op: SSAValue | Operation, target_type: Attribute):
        super().__init__(operands=[op], result_types=[target_type])


@irdl_op_definition
class ExtFOp(_FloatCastBase):
    """`arith.extf %x [fastmath<...>] : f32 to f64`."""

    name = "arith.extf"
    assembly_format = (
        "$input (`fastmath` `` $fastmath^)? attr-dict `:` type($input) `to` type($result)"
    )

    def verify_(self) -> None:
        if not _float_width(self.result) > _float_width(self.input):
            raise VerifyException("arith.extf: the result type must be wider than the operand's")


@irdl_op_definition
class TruncFOp(_FloatCastBase):
    """`arith.truncf %x [to_nearest_even|downward|...] [fastmath<...>] : f64 to f32`."""

    name = "arith.truncf"
    roundingmode = opt_prop_def(IntegerAttr)

    @property
    def rounding_mode(self) -> str | None:
        """The rounding mode's name, None when the op has none (the default one applies)."""
        if self.roundingmode is None:
            return None
        number = self.roundingmode.value.data
        return ROUNDING_MODES[number] if 0 <= number < len(ROUNDING_MODES) else f"#{number}"

    @classmethod
    def parse(cls, parser: Parser) -> TruncFOp:
        operand = parser.parse_unresolved_operand()
        properties: dict[str, Attribute] = {}
        mode = parser.parse_optional_keyword_in(ROUNDING_MODES)
        if mode is not None:
            properties["roundingmode"] = IntegerAttr(ROUNDING_MODES.index(mode), i32)
        if parser.parse_optional_keyword("fastmath"):
            flags = x.FastMathFlagsAttr.parse_parameter(parser)
            properties["fastmath"] = x.FastMathFlagsAttr(flags)
        attributes = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        in_type = parser.parse_type()
        parser.parse_keyword("to")
        out_type = parser.parse_type()
        (value,) = parser.resolve_operands([operand], [in_type], parser.pos)
        op = cls.create(
            operands=[value],
            result_types=[out_type],
            properties=properties,
            attributes=attributes,
        )
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_ssa_value(self.input)
        if self.rounding_mode is not None:
            printer.print_string(f" {self.rounding_mode}")
        if self.fastmath is not None and self.fastmath != x.FastMathFlagsAttr("none"):
            printer.print_string(" fastmath")
            self.fastmath.print_parameter(printer)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.input.type)
        printer.print_string(" to ")
        printer.print_attribute(self.result.type)

    def verify_(self) -> None:
        if not _float_width(self.result) < _float_width(self.input):
            raise VerifyException(
                "arith.truncf: the result type must be narrower than the operand's"
            )


_REPLACED: tuple[type[Operation], ...] = (
    DivUIOp,
    DivSIOp,
    ShRUIOp,
    ShRSIOp,
    TruncIOp,
    ExtUIOp,
    IndexCastOp,
    IndexCastUIOp,
    RemFOp,
    ExtFOp,
    TruncFOp,
)
_REPLACED_NAMES = {op.name for op in _REPLACED}

Arith = Dialect(
    "arith",
    [op for op in x.Arith.operations if op.name not in _REPLACED_NAMES] + list(_REPLACED),
    list(x.Arith.attributes),
)
