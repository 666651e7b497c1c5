"""SMT-LIB arrays as upstream MLIR's `smt` dialect spells them.

`!smt.array<[!smt.bv<32> -> !smt.bv<8>]>`, `smt.array.select %a[%i] : T`,
`smt.array.store %a[%i], %v : T`, `smt.array.broadcast %v : T` (the constant array).
The memory model builds on these.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.ir import Attribute, ParametrizedAttribute, SSAValue, TypeAttribute
from xdsl.irdl import (
    IRDLOperation,
    irdl_attr_definition,
    irdl_op_definition,
    operand_def,
    result_def,
    traits_def,
)
from xdsl.parser import AttrParser, Parser
from xdsl.printer import Printer
from xdsl.traits import Pure


@irdl_attr_definition
class ArrayType(ParametrizedAttribute, TypeAttribute):
    """`!smt.array<[D -> R]>`: SMT-LIB (Array D R)."""

    name = "smt.array"

    domain: Attribute
    range: Attribute

    def __init__(self, domain: Attribute, range: Attribute):
        super().__init__(domain, range)

    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> Sequence[Attribute]:
        with parser.in_angle_brackets():
            parser.parse_punctuation("[")
            domain = parser.parse_type()
            parser.parse_punctuation("->")
            rng = parser.parse_type()
            parser.parse_punctuation("]")
        return (domain, rng)

    def print_parameters(self, printer: Printer) -> None:
        printer.print_string("<[")
        printer.print_attribute(self.domain)
        printer.print_string(" -> ")
        printer.print_attribute(self.range)
        printer.print_string("]>")


def _array_type(value: SSAValue) -> ArrayType:
    assert isinstance(value.type, ArrayType)
    return value.type


@irdl_op_definition
class ArraySelectOp(IRDLOperation):
    """`smt.array.select %a[%i] : T`: SMT-LIB select."""

    name = "smt.array.select"

    array = operand_def(ArrayType)
    index = operand_def()
    result = result_def()
    traits = traits_def(Pure())

    def __init__(self, array: SSAValue, index: SSAValue):
        super().__init__(operands=[array, index], result_types=[_array_type(array).range])

    @classmethod
    def parse(cls, parser: Parser) -> ArraySelectOp:
        array = parser.parse_unresolved_operand()
        parser.parse_punctuation("[")
        index = parser.parse_unresolved_operand()
        parser.parse_punctuation("]")
        parser.parse_punctuation(":")
        typ = parser.parse_type()
        assert isinstance(typ, ArrayType)
        array_v, index_v = parser.resolve_operands([array, index], [typ, typ.domain], parser.pos)
        return cls(array_v, index_v)

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_ssa_value(self.array)
        printer.print_string("[")
        printer.print_ssa_value(self.index)
        printer.print_string("] : ")
        printer.print_attribute(self.array.type)


@irdl_op_definition
class ArrayStoreOp(IRDLOperation):
    """`smt.array.store %a[%i], %v : T`: SMT-LIB store."""

    name = "smt.array.store"

    array = operand_def(ArrayType)
    index = operand_def()
    value = operand_def()
    result = result_def(ArrayType)
    traits = traits_def(Pure())

    def __init__(self, array: SSAValue, index: SSAValue, value: SSAValue):
        super().__init__(operands=[array, index, value], result_types=[array.type])

    @classmethod
    def parse(cls, parser: Parser) -> ArrayStoreOp:
        array = parser.parse_unresolved_operand()
        parser.parse_punctuation("[")
        index = parser.parse_unresolved_operand()
        parser.parse_punctuation("]")
        parser.parse_punctuation(",")
        value = parser.parse_unresolved_operand()
        parser.parse_punctuation(":")
        typ = parser.parse_type()
        assert isinstance(typ, ArrayType)
        a, i, v = parser.resolve_operands(
            [array, index, value], [typ, typ.domain, typ.range], parser.pos
        )
        return cls(a, i, v)

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_ssa_value(self.array)
        printer.print_string("[")
        printer.print_ssa_value(self.index)
        printer.print_string("], ")
        printer.print_ssa_value(self.value)
        printer.print_string(" : ")
        printer.print_attribute(self.array.type)


@irdl_op_definition
class ArrayBroadcastOp(IRDLOperation):
    """`smt.array.broadcast %v : T`: the array holding %v at every index ((as const T) v)."""

    name = "smt.array.broadcast"

    value = operand_def()
    result = result_def(ArrayType)
    traits = traits_def(Pure())

    def __init__(self, value: SSAValue, array_type: ArrayType):
        super().__init__(operands=[value], result_types=[array_type])

    @classmethod
    def parse(cls, parser: Parser) -> ArrayBroadcastOp:
        value = parser.parse_unresolved_operand()
        parser.parse_punctuation(":")
        typ = parser.parse_type()
        assert isinstance(typ, ArrayType)
        (value_v,) = parser.resolve_operands([value], [typ.range], parser.pos)
        return cls(value_v, typ)

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_ssa_value(self.value)
        printer.print_string(" : ")
        printer.print_attribute(self.result.type)


ARRAY_OPS: tuple[type[IRDLOperation], ...] = (ArraySelectOp, ArrayStoreOp, ArrayBroadcastOp)
ARRAY_TYPES = (ArrayType,)
