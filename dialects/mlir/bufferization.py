"""The `bufferization` conversions as both LLVM 19 and current MLIR print them.

LLVM 19 writes `bufferization.to_tensor %m restrict : memref<4xf32>` and
`bufferization.to_memref %t : memref<4xf32>` (the other type inferred); current MLIR writes
`... : memref<4xf32> to tensor<4xf32>` and calls the second op `to_buffer`. Both spellings
parse here; printing uses the current one (`to_memref` keeps its name).
"""

from __future__ import annotations

from typing import Self

from xdsl.dialects import bufferization as x
from xdsl.dialects.builtin import MemRefType, TensorType, UnitAttr
from xdsl.ir import Attribute, Dialect
from xdsl.irdl import IRDLOperation, irdl_op_definition, operand_def, opt_prop_def, result_def
from xdsl.parser import Parser
from xdsl.printer import Printer


def _tensor_of(memref: Attribute) -> Attribute:
    assert isinstance(memref, MemRefType)
    return TensorType(memref.get_element_type(), memref.get_shape())


class ToTensorOp(x.ToTensorOp):
    """`bufferization.to_tensor %m [restrict] [writable] : M [to T]`."""

    @classmethod
    def parse(cls, parser: Parser) -> Self:
        operand = parser.parse_unresolved_operand()
        flags = {
            word: UnitAttr()
            for word in ("restrict", "writable")
            if parser.parse_optional_keyword(word) is not None
        }
        attrs = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        memref_type = parser.parse_type()
        result = parser.parse_type() if parser.parse_optional_keyword("to") else None
        value = parser.resolve_operand(operand, memref_type)
        op = cls.create(
            operands=[value],
            result_types=[result or _tensor_of(memref_type)],
            properties=flags,
            attributes=attrs,
        )
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_ssa_value(self.memref)
        for word in ("restrict", "writable"):
            if word in self.properties:
                printer.print_string(f" {word}")
        printer.print_string(" : ")
        printer.print_attribute(self.memref.type)
        printer.print_string(" to ")
        printer.print_attribute(self.tensor.type)


def _parse_to_buffer(cls: type[IRDLOperation], parser: Parser) -> IRDLOperation:
    operand = parser.parse_unresolved_operand()
    flags = {"read_only": UnitAttr()} if parser.parse_optional_keyword("read_only") else {}
    attrs = parser.parse_optional_attr_dict()
    parser.parse_punctuation(":")
    first = parser.parse_type()
    if parser.parse_optional_keyword("to"):
        tensor_type, memref_type = first, parser.parse_type()
    else:  # LLVM 19: only the memref type
        tensor_type, memref_type = _tensor_of(first), first
    value = parser.resolve_operand(operand, tensor_type)
    return cls.create(
        operands=[value], result_types=[memref_type], properties=flags, attributes=attrs
    )


def _print_to_buffer(op: x.ToBufferOp | ToMemrefOp, printer: Printer) -> None:
    printer.print_string(" ")
    printer.print_ssa_value(op.tensor)
    if "read_only" in op.properties:
        printer.print_string(" read_only")
    printer.print_string(" : ")
    printer.print_attribute(op.tensor.type)
    printer.print_string(" to ")
    printer.print_attribute(op.memref.type)


class ToBufferOp(x.ToBufferOp):
    """`bufferization.to_buffer %t [read_only] : T to M`."""

    @classmethod
    def parse(cls, parser: Parser) -> Self:
        return _parse_to_buffer(cls, parser)  # type: ignore[return-value]

    def print(self, printer: Printer) -> None:
        _print_to_buffer(self, printer)


@irdl_op_definition
class ToMemrefOp(IRDLOperation):
    """LLVM 19's name of `to_buffer`: `bufferization.to_memref %t : M`."""

    name = "bufferization.to_memref"
    tensor = operand_def(TensorType)
    memref = result_def(MemRefType)
    read_only = opt_prop_def(UnitAttr)

    @classmethod
    def parse(cls, parser: Parser) -> Self:
        return _parse_to_buffer(cls, parser)  # type: ignore[return-value]

    def print(self, printer: Printer) -> None:
        _print_to_buffer(self, printer)


Bufferization = Dialect(
    "bufferization",
    [
        x.AllocTensorOp,
        x.CloneOp,
        ToTensorOp,
        ToBufferOp,
        ToMemrefOp,
        x.MaterializeInDestinationOp,
    ],
    [],
)

__all__ = ["Bufferization"]
