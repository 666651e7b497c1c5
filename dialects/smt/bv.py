"""Bit-vector ops that xDSL's `smt` dialect lacks.

Upstream MLIR names and syntax where upstream has the op (`smt.bv.cmp`, `smt.bv.concat`,
`smt.bv.extract`, `smt.bv.repeat`); zero/sign extension are irproof's own
(`smt.bv.zero_extend`, `smt.bv.sign_extend`, SMT-LIB `(_ zero_extend n)`/`(_ sign_extend n)`).
"""

from __future__ import annotations

from enum import auto

from xdsl.dialects.builtin import IntAttr
from xdsl.dialects.smt import BitVectorType, BoolType
from xdsl.ir import SSAValue
from xdsl.irdl import (
    IRDLOperation,
    irdl_op_definition,
    operand_def,
    prop_def,
    result_def,
    traits_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import Pure
from xdsl.utils.exceptions import VerifyException
from xdsl.utils.str_enum import StrEnum


class BVCmpPredicate(StrEnum):
    """Predicates of `smt.bv.cmp` (SMT-LIB bvslt, bvsle, ..., bvuge)."""

    SLT = auto()
    SLE = auto()
    SGT = auto()
    SGE = auto()
    ULT = auto()
    ULE = auto()
    UGT = auto()
    UGE = auto()


_PREDICATE_NUMBER = {p: i for i, p in enumerate(BVCmpPredicate)}


def _width(value: SSAValue) -> int:
    typ = value.type
    assert isinstance(typ, BitVectorType)
    return typ.width.data


@irdl_op_definition
class BVCmpOp(IRDLOperation):
    """`smt.bv.cmp slt %a, %b : !smt.bv<8>`: SMT-LIB bvslt/bvsle/.../bvuge."""

    name = "smt.bv.cmp"

    pred = prop_def(IntAttr)
    lhs = operand_def(BitVectorType)
    rhs = operand_def(BitVectorType)
    result = result_def(BoolType)
    traits = traits_def(Pure())

    def __init__(self, predicate: BVCmpPredicate, lhs: SSAValue, rhs: SSAValue):
        super().__init__(
            operands=[lhs, rhs],
            properties={"pred": IntAttr(_PREDICATE_NUMBER[predicate])},
            result_types=[BoolType()],
        )

    @property
    def predicate(self) -> BVCmpPredicate:
        return list(BVCmpPredicate)[self.pred.data]

    @classmethod
    def parse(cls, parser: Parser) -> BVCmpOp:
        predicate = parser.parse_str_enum(BVCmpPredicate)
        lhs = parser.parse_unresolved_operand()
        parser.parse_punctuation(",")
        rhs = parser.parse_unresolved_operand()
        parser.parse_punctuation(":")
        typ = parser.parse_type()
        lhs_v, rhs_v = parser.resolve_operands([lhs, rhs], [typ, typ], parser.pos)
        return cls(predicate, lhs_v, rhs_v)

    def print(self, printer: Printer) -> None:
        printer.print_string(f" {self.predicate.value} ")
        printer.print_list([self.lhs, self.rhs], printer.print_ssa_value)
        printer.print_string(" : ")
        printer.print_attribute(self.lhs.type)


@irdl_op_definition
class BVConcatOp(IRDLOperation):
    """`smt.bv.concat %hi, %lo : !smt.bv<4>, !smt.bv<4>`: SMT-LIB concat."""

    name = "smt.bv.concat"

    lhs = operand_def(BitVectorType)
    rhs = operand_def(BitVectorType)
    result = result_def(BitVectorType)
    traits = traits_def(Pure())

    def __init__(self, lhs: SSAValue, rhs: SSAValue):
        super().__init__(
            operands=[lhs, rhs], result_types=[BitVectorType(_width(lhs) + _width(rhs))]
        )

    @classmethod
    def parse(cls, parser: Parser) -> BVConcatOp:
        lhs = parser.parse_unresolved_operand()
        parser.parse_punctuation(",")
        rhs = parser.parse_unresolved_operand()
        parser.parse_punctuation(":")
        lhs_t = parser.parse_type()
        parser.parse_punctuation(",")
        rhs_t = parser.parse_type()
        lhs_v, rhs_v = parser.resolve_operands([lhs, rhs], [lhs_t, rhs_t], parser.pos)
        return cls(lhs_v, rhs_v)

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_list([self.lhs, self.rhs], printer.print_ssa_value)
        printer.print_string(" : ")
        printer.print_list([self.lhs.type, self.rhs.type], printer.print_attribute)

    def verify_(self) -> None:
        if _width(self.result) != _width(self.lhs) + _width(self.rhs):
            raise VerifyException("smt.bv.concat: result width must be the sum of the operands'")


@irdl_op_definition
class BVExtractOp(IRDLOperation):
    """`smt.bv.extract %a from 2 : (!smt.bv<32>) -> !smt.bv<16>`: SMT-LIB (_ extract hi lo)."""

    name = "smt.bv.extract"

    low_bit = prop_def(IntAttr, prop_name="lowBit")
    input = operand_def(BitVectorType)
    result = result_def(BitVectorType)
    traits = traits_def(Pure())

    def __init__(self, input: SSAValue, low_bit: int, width: int):
        super().__init__(
            operands=[input],
            properties={"lowBit": IntAttr(low_bit)},
            result_types=[BitVectorType(width)],
        )

    @classmethod
    def parse(cls, parser: Parser) -> BVExtractOp:
        operand = parser.parse_unresolved_operand()
        parser.parse_keyword("from")
        low_bit = parser.parse_integer(allow_boolean=False, allow_negative=False)
        parser.parse_punctuation(":")
        parser.parse_punctuation("(")
        in_type = parser.parse_type()
        parser.parse_punctuation(")")
        parser.parse_punctuation("->")
        out_type = parser.parse_type()
        assert isinstance(out_type, BitVectorType)
        (value,) = parser.resolve_operands([operand], [in_type], parser.pos)
        return cls(value, low_bit, out_type.width.data)

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_ssa_value(self.input)
        printer.print_string(f" from {self.low_bit.data} : (")
        printer.print_attribute(self.input.type)
        printer.print_string(") -> ")
        printer.print_attribute(self.result.type)

    def verify_(self) -> None:
        if self.low_bit.data + _width(self.result) > _width(self.input):
            raise VerifyException("smt.bv.extract: range out of the operand's bits")


@irdl_op_definition
class BVRepeatOp(IRDLOperation):
    """`smt.bv.repeat 2 times %a : !smt.bv<4>`: SMT-LIB (_ repeat n)."""

    name = "smt.bv.repeat"

    count = prop_def(IntAttr)
    input = operand_def(BitVectorType)
    result = result_def(BitVectorType)
    traits = traits_def(Pure())

    def __init__(self, count: int, input: SSAValue):
        super().__init__(
            operands=[input],
            properties={"count": IntAttr(count)},
            result_types=[BitVectorType(count * _width(input))],
        )

    @classmethod
    def parse(cls, parser: Parser) -> BVRepeatOp:
        count = parser.parse_integer(allow_boolean=False, allow_negative=False)
        parser.parse_keyword("times")
        operand = parser.parse_unresolved_operand()
        parser.parse_punctuation(":")
        typ = parser.parse_type()
        (value,) = parser.resolve_operands([operand], [typ], parser.pos)
        return cls(count, value)

    def print(self, printer: Printer) -> None:
        printer.print_string(f" {self.count.data} times ")
        printer.print_ssa_value(self.input)
        printer.print_string(" : ")
        printer.print_attribute(self.input.type)


class _ExtendOp(IRDLOperation):
    input = operand_def(BitVectorType)
    result = result_def(BitVectorType)
    assembly_format = "$input attr-dict `:` type($input) `to` type($result)"
    traits = traits_def(Pure())

    def __init__(self, input: SSAValue, width: int):
        super().__init__(operands=[input], result_types=[BitVectorType(width)])

    @property
    def extra_bits(self) -> int:
        return _width(self.result) - _width(self.input)

    def verify_(self) -> None:
        if self.extra_bits < 0:
            raise VerifyException(f"{self.name}: result must not be narrower than the operand")


@irdl_op_definition
class BVZeroExtendOp(_ExtendOp):
    """`smt.bv.zero_extend %a : !smt.bv<4> to !smt.bv<8>`: SMT-LIB (_ zero_extend n)."""

    name = "smt.bv.zero_extend"


@irdl_op_definition
class BVSignExtendOp(_ExtendOp):
    """`smt.bv.sign_extend %a : !smt.bv<4> to !smt.bv<8>`: SMT-LIB (_ sign_extend n)."""

    name = "smt.bv.sign_extend"


BV_EXTRA_OPS: tuple[type[IRDLOperation], ...] = (
    BVCmpOp,
    BVConcatOp,
    BVExtractOp,
    BVRepeatOp,
    BVZeroExtendOp,
    BVSignExtendOp,
)
