"""The `memref` dialect as upstream MLIR prints it.

Starts from xDSL's `memref` and gives upstream's custom syntax to the ops xDSL only knows in
generic form (or spells differently):

    %c = memref.cast %b : memref<?xi32> to memref<4xi32>
    memref.copy %a, %b : memref<4xi32> to memref<4xi32>
    memref.global "private" constant @g : memref<2xi32> = dense<[1, 2]> {alignment = 64 : i64}
    memref.global @h : memref<4xf32> = uninitialized
    memref.assume_alignment %m, 16 : memref<4xf32>            (MLIR <= 20: no result)
    %r = memref.assume_alignment %m, 16 : memref<4xf32>       (MLIR >= 21: the aligned view)
    %n = memref.rank %m : memref<4x4xf32>

`cast`, `copy`, `global` and `rank` are Python subclasses of xDSL's ops (so `isinstance`
checks against `xdsl.dialects.memref` hold); `global`'s visibility and initial value are
optional, as upstream's. `assume_alignment` is its own op: xDSL's always has a result
(and a trait that requires one), upstream's result depends on the MLIR version.
"""

from __future__ import annotations

from typing import ClassVar, Self

from xdsl.dialects import memref as x
from xdsl.dialects.builtin import (
    I32,
    I64,
    DenseIntOrFPElementsAttr,
    IndexType,
    IntegerAttr,
    MemRefType,
    StringAttr,
    SymbolNameConstraint,
    TensorType,
    UnitAttr,
    i32,
)
from xdsl.ir import Attribute, Dialect, Operation, SSAValue
from xdsl.irdl import (
    IRDLOperation,
    VarConstraint,
    base,
    irdl_op_definition,
    operand_def,
    opt_prop_def,
    opt_result_def,
    prop_def,
    traits_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import Pure
from xdsl.utils.exceptions import VerifyException

VISIBILITIES = ("private", "public", "nested")


def _parse_to_types(parser: Parser) -> tuple[Attribute, Attribute]:
    """`: type to type`."""
    parser.parse_punctuation(":")
    source = parser.parse_type()
    parser.parse_keyword("to")
    return source, parser.parse_type()


class CastOp(x.CastOp):
    """`memref.cast %source attr-dict : type to type`."""

    @classmethod
    def parse(cls, parser: Parser) -> Self:
        source = parser.parse_unresolved_operand()
        attributes = parser.parse_optional_attr_dict()
        source_type, result_type = _parse_to_types(parser)
        op = cls.build(
            operands=[parser.resolve_operand(source, source_type)], result_types=[result_type]
        )
        op.attributes |= attributes
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.source)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.source.type)
        printer.print_string(" to ")
        printer.print_attribute(self.dest.type)


class CopyOp(x.CopyOp):
    """`memref.copy %source, %target attr-dict : type to type`."""

    @classmethod
    def parse(cls, parser: Parser) -> Self:
        source = parser.parse_unresolved_operand()
        parser.parse_punctuation(",")
        target = parser.parse_unresolved_operand()
        attributes = parser.parse_optional_attr_dict()
        source_type, target_type = _parse_to_types(parser)
        op = cls(
            parser.resolve_operand(source, source_type),
            parser.resolve_operand(target, target_type),
        )
        op.attributes |= attributes
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.source)
        printer.print_string(", ")
        printer.print_operand(self.destination)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.source.type)
        printer.print_string(" to ")
        printer.print_attribute(self.destination.type)


class RankOp(x.RankOp):
    """`memref.rank %source attr-dict : type`."""

    @classmethod
    def parse(cls, parser: Parser) -> Self:
        source = parser.parse_unresolved_operand()
        attributes = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        typ = parser.parse_type()
        op = cls.build(operands=[parser.resolve_operand(source, typ)], result_types=[IndexType()])
        op.attributes |= attributes
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.source)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.source.type)


@irdl_op_definition
class GlobalOp(x.GlobalOp):
    """`memref.global ["private"] [constant] @name : type [= uninitialized | = dense<...>]
    attr-dict`: without `=` it declares an external global (no initial value)."""

    sym_name = prop_def(SymbolNameConstraint())
    sym_visibility = opt_prop_def(StringAttr)  # type: ignore[assignment]
    type = prop_def(MemRefType)
    initial_value = opt_prop_def(UnitAttr | DenseIntOrFPElementsAttr)  # type: ignore[assignment, arg-type]
    constant = opt_prop_def(UnitAttr)
    alignment = opt_prop_def(IntegerAttr[I64])

    INHERENT: ClassVar[tuple[str, ...]] = ("alignment",)

    @classmethod
    def parse(cls, parser: Parser) -> Self:
        properties: dict[str, Attribute] = {}
        visibility = parser.parse_optional_str_literal()
        if visibility is not None:
            properties["sym_visibility"] = StringAttr(visibility)
        if parser.parse_optional_keyword("constant") is not None:
            properties["constant"] = UnitAttr()
        properties["sym_name"] = parser.parse_symbol_name()
        parser.parse_punctuation(":")
        typ = parser.parse_type()
        if not isinstance(typ, MemRefType):
            parser.raise_error(f"memref.global: expected a memref type, got {typ}")
        properties["type"] = typ
        if parser.parse_optional_punctuation("=") is not None:
            if parser.parse_optional_keyword("uninitialized") is not None:
                properties["initial_value"] = UnitAttr()
            else:
                parser.parse_keyword("dense")
                tensor = TensorType(typ.get_element_type(), typ.get_shape())
                properties["initial_value"] = parser.parse_dense_int_or_fp_elements_attr(tensor)
        attributes = parser.parse_optional_attr_dict()
        for name in cls.INHERENT:
            if name in attributes:
                properties[name] = attributes.pop(name)
        op = cls.build(properties=properties, attributes=attributes)
        return op

    def print(self, printer: Printer) -> None:
        if self.sym_visibility is not None:
            printer.print_string(" ")
            printer.print_string_literal(self.sym_visibility.data)
        if self.constant is not None:
            printer.print_string(" constant")
        printer.print_string(" ")
        printer.print_symbol_name(self.sym_name.data)
        printer.print_string(" : ")
        printer.print_attribute(self.type)
        init = self.initial_value
        if isinstance(init, UnitAttr):
            printer.print_string(" = uninitialized")
        elif isinstance(init, DenseIntOrFPElementsAttr):
            printer.print_string(" = ")
            init.print_without_type(printer)
        inherent = {n: self.properties[n] for n in self.INHERENT if n in self.properties}
        printer.print_op_attributes({**inherent, **self.attributes})

    def verify_(self) -> None:
        if self.alignment is not None:
            _check_alignment(self.alignment.value.data)
        visibility = self.sym_visibility
        if visibility is not None and visibility.data not in VISIBILITIES:
            raise VerifyException(f"memref.global: unknown visibility {visibility.data!r}")
        init = self.initial_value
        if isinstance(init, DenseIntOrFPElementsAttr):
            typ = self.type
            shape = tuple(typ.get_shape())
            if tuple(init.get_shape() or ()) != shape and len(init) != 1:
                raise VerifyException(
                    f"memref.global @{self.sym_name.data}: initial value of shape "
                    f"{init.get_shape()} for a memref of shape {shape}"
                )


def _check_alignment(alignment: int) -> None:
    if alignment <= 0 or alignment & (alignment - 1):
        raise VerifyException(f"alignment must be a power of two, got {alignment}")


def _binds_result(parser: Parser, op_name: str) -> bool:
    """Whether the op being parsed (its name just read) is bound to a result (`%r = ...`).

    xDSL's parser reads the result list before calling the op's `parse` and does not pass
    it on; the source text before the op name tells."""
    text = parser.lexer.input.content
    end = parser.pos
    start = text.rfind(op_name, 0, end)
    before = text[:start].rstrip() if start >= 0 else ""
    return before.endswith("=")


@irdl_op_definition
class AssumeAlignmentOp(IRDLOperation):
    """`[%r =] memref.assume_alignment %memref, alignment attr-dict : type`: the view has
    the given byte alignment (MLIR <= 20: no result; MLIR >= 21: returns the view)."""

    name = "memref.assume_alignment"

    T: ClassVar = VarConstraint("T", base(MemRefType))

    memref = operand_def(T)
    alignment = prop_def(IntegerAttr[I32])
    result = opt_result_def(T)

    traits = traits_def(Pure())

    def __init__(
        self, memref: SSAValue | Operation, alignment: int | IntegerAttr, with_result: bool
    ) -> None:
        value = SSAValue.get(memref)
        if isinstance(alignment, int):
            alignment = IntegerAttr(alignment, i32)
        super().__init__(
            operands=[value],
            result_types=[[value.type] if with_result else []],
            properties={"alignment": alignment},
        )

    @classmethod
    def parse(cls, parser: Parser) -> Self:
        with_result = _binds_result(parser, cls.name)
        memref = parser.parse_unresolved_operand()
        parser.parse_punctuation(",")
        alignment = parser.parse_integer(allow_boolean=False, allow_negative=False)
        attributes = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        typ = parser.parse_type()
        op = cls(parser.resolve_operand(memref, typ), alignment, with_result)
        op.attributes |= attributes
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.memref)
        printer.print_string(f", {self.alignment.value.data}")
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.memref.type)

    def verify_(self) -> None:
        _check_alignment(self.alignment.value.data)


_REPLACED: tuple[type[Operation], ...] = (CastOp, CopyOp, RankOp, GlobalOp, AssumeAlignmentOp)
_REPLACED_NAMES = {op.name for op in _REPLACED}

MemRef = Dialect(
    "memref",
    [op for op in x.MemRef.operations if op.name not in _REPLACED_NAMES] + list(_REPLACED),
    list(x.MemRef.attributes),
)
