"""Poison pairs: an SMT value together with the flag "this value is poison".

Every MLIR integer/index value is modelled as a pair (value, is_poison) (DESIGN.md).
`poison.pack %v, %p : T` builds one, `poison.value` / `poison.is_poison` take it apart.
Both back ends treat a pair as two SMT terms, so no SMT sort is ever needed for it.
"""

from __future__ import annotations

from xdsl.dialects.smt import BoolType
from xdsl.ir import Attribute, Dialect, ParametrizedAttribute, SSAValue, TypeAttribute
from xdsl.irdl import (
    IRDLOperation,
    irdl_attr_definition,
    irdl_op_definition,
    operand_def,
    result_def,
    traits_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import Pure


@irdl_attr_definition
class PairType(ParametrizedAttribute, TypeAttribute):
    """`!poison.pair<!smt.bv<8>>`: a value of sort T that may be poison."""

    name = "poison.pair"

    value_type: Attribute

    def __init__(self, value_type: Attribute):
        super().__init__(value_type)


def _pair_type(value: SSAValue) -> PairType:
    assert isinstance(value.type, PairType)
    return value.type


def _parse_pair_operand(parser: Parser) -> SSAValue:
    pair = parser.parse_unresolved_operand()
    parser.parse_punctuation(":")
    typ = parser.parse_type()
    (value,) = parser.resolve_operands([pair], [typ], parser.pos)
    return value


def _print_pair_operand(printer: Printer, pair: SSAValue) -> None:
    printer.print_string(" ")
    printer.print_ssa_value(pair)
    printer.print_string(" : ")
    printer.print_attribute(pair.type)


@irdl_op_definition
class PackOp(IRDLOperation):
    """`poison.pack %value, %is_poison : T`: make a pair."""

    name = "poison.pack"

    value = operand_def()
    is_poison = operand_def(BoolType)
    result = result_def(PairType)
    traits = traits_def(Pure())

    def __init__(self, value: SSAValue, is_poison: SSAValue):
        super().__init__(operands=[value, is_poison], result_types=[PairType(value.type)])

    @classmethod
    def parse(cls, parser: Parser) -> PackOp:
        value = parser.parse_unresolved_operand()
        parser.parse_punctuation(",")
        is_poison = parser.parse_unresolved_operand()
        parser.parse_punctuation(":")
        typ = parser.parse_type()
        v, p = parser.resolve_operands([value, is_poison], [typ, BoolType()], parser.pos)
        return cls(v, p)

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_list([self.value, self.is_poison], printer.print_ssa_value)
        printer.print_string(" : ")
        printer.print_attribute(self.value.type)


@irdl_op_definition
class ValueOp(IRDLOperation):
    """`poison.value %pair : T`: the value of a pair (meaningless when it is poison)."""

    name = "poison.value"

    pair = operand_def(PairType)
    result = result_def()
    traits = traits_def(Pure())

    def __init__(self, pair: SSAValue):
        super().__init__(operands=[pair], result_types=[_pair_type(pair).value_type])

    @classmethod
    def parse(cls, parser: Parser) -> ValueOp:
        return cls(_parse_pair_operand(parser))

    def print(self, printer: Printer) -> None:
        _print_pair_operand(printer, self.pair)


@irdl_op_definition
class IsPoisonOp(IRDLOperation):
    """`poison.is_poison %pair : T`: true when the pair is poison."""

    name = "poison.is_poison"

    pair = operand_def(PairType)
    result = result_def(BoolType)
    assembly_format = "$pair attr-dict `:` type($pair)"
    traits = traits_def(Pure())

    def __init__(self, pair: SSAValue):
        super().__init__(operands=[pair], result_types=[BoolType()])


Poison = Dialect("poison", [PackOp, ValueOp, IsPoisonOp], [PairType])
