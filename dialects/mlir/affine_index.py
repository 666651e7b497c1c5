"""`affine.delinearize_index` and `affine.linearize_index`, which xDSL lacks, as upstream
MLIR prints them:

    %r:2 = affine.delinearize_index %i into (%b0, %b1) : index, index       (MLIR 19)
    %r:2 = affine.delinearize_index %i into (2, 3) : index, index           (MLIR >= 20)
    %l = affine.linearize_index disjoint [%i, %j] by (3, 2) : index          (MLIR >= 20)

The basis is a list of constants and `index` values (MLIR 19 has only values); a constant
is kept in the `static_basis` property (`DYNAMIC_INDEX` marks a value's place), as
upstream does. The basis has one element per index, or one fewer: a full basis gives the
op an outer bound (see MLIR's affine dialect docs; the meaning is in
`irproof.semantics.affine_index`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Self

from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    DenseArrayBase,
    IndexType,
    IntegerAttr,
    IntegerType,
    UnitAttr,
    i64,
)
from xdsl.dialects.utils import (
    parse_dynamic_index_list_without_types,
    print_dynamic_index_list,
)
from xdsl.ir import Attribute, SSAValue
from xdsl.irdl import (
    AttrSizedOperandSegments,
    IRDLOperation,
    base,
    irdl_op_definition,
    operand_def,
    opt_prop_def,
    result_def,
    traits_def,
    var_operand_def,
    var_result_def,
)
from xdsl.parser import Parser, UnresolvedOperand
from xdsl.printer import Printer
from xdsl.traits import Pure
from xdsl.utils.exceptions import VerifyException

BasisElement = int | SSAValue
"""A basis element: a constant, or an `index` value."""


def _parse_basis(parser: Parser) -> tuple[list[SSAValue], DenseArrayBase[IntegerType]]:
    """`(2, %b, 3)`: the values (resolved as `index`) and the static list with markers."""
    dynamic, static = parse_dynamic_index_list_without_types(
        parser, DYNAMIC_INDEX, delimiter=Parser.Delimiter.PAREN
    )
    values: list[SSAValue] = [parser.resolve_operand(v, IndexType()) for v in dynamic]
    return values, DenseArrayBase.from_list(i64, static)


def _print_basis(printer: Printer, op: _BasisOp) -> None:
    static = op.static_list()
    print_dynamic_index_list(
        printer, DYNAMIC_INDEX, op.basis_values(), static, delimiter=Parser.Delimiter.PAREN
    )


class _BasisOp(IRDLOperation):
    """What both ops share: the basis (mixed constants and values) and its checks. Each op
    defines its own operands, in upstream's order, and says which are the basis values."""

    static_basis = opt_prop_def(DenseArrayBase.constr(i64))
    """Absent in MLIR 19's generic form, where every basis element is an operand."""

    traits = traits_def(Pure())

    def basis_values(self) -> Sequence[SSAValue]:
        """The operands that are basis elements."""
        raise NotImplementedError

    def static_list(self) -> tuple[int, ...]:
        if self.static_basis is None:
            return (DYNAMIC_INDEX,) * len(self.basis_values())
        return tuple(self.static_basis.get_values())  # type: ignore[arg-type]

    @property
    def basis(self) -> list[BasisElement]:
        """The basis in order, constants as `int`s."""
        values = iter(self.basis_values())
        return [next(values) if s == DYNAMIC_INDEX else s for s in self.static_list()]

    def index_count(self) -> int:
        raise NotImplementedError

    def has_outer_bound(self) -> bool:
        """A full basis: its first element bounds the outermost index."""
        return len(self.basis) == self.index_count()

    def verify_(self) -> None:
        static = self.static_list()
        if static.count(DYNAMIC_INDEX) != len(self.basis_values()):
            raise VerifyException(
                f"{self.name}: {len(self.basis_values())} basis values for "
                f"{static.count(DYNAMIC_INDEX)} dynamic basis elements"
            )
        if len(static) not in (self.index_count(), self.index_count() - 1):
            raise VerifyException(
                f"{self.name}: a basis of {len(static)} elements for {self.index_count()} "
                "indices (one per index, or one fewer)"
            )


@irdl_op_definition
class DelinearizeIndexOp(_BasisOp):
    """`affine.delinearize_index %i into (basis) : index, ...`: the multi-index of `%i`."""

    name = "affine.delinearize_index"
    linear_index = operand_def(IndexType())
    dynamic_basis = var_operand_def(IndexType())
    multi_index = var_result_def(IndexType())

    def basis_values(self) -> Sequence[SSAValue]:
        return self.dynamic_basis

    def index_count(self) -> int:
        return len(self.multi_index)

    def verify_(self) -> None:
        super().verify_()
        if any(s != DYNAMIC_INDEX and s <= 0 for s in self.static_list()):
            raise VerifyException(f"{self.name}: no basis element may be statically non-positive")

    @classmethod
    def parse(cls, parser: Parser) -> Self:
        linear_index = parser.resolve_operand(parser.parse_unresolved_operand(), IndexType())
        parser.parse_keyword("into")
        dynamic, static = _parse_basis(parser)
        attributes = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        types = parser.parse_comma_separated_list(parser.Delimiter.NONE, parser.parse_type)
        op = cls.build(
            operands=[linear_index, dynamic],
            properties={"static_basis": static},
            result_types=[types],
        )
        op.attributes |= attributes
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_operand(self.linear_index)
        printer.print_string(" into ")
        _print_basis(printer, self)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_list(self.multi_index.types, printer.print_attribute)


@irdl_op_definition
class LinearizeIndexOp(_BasisOp):
    """`affine.linearize_index [disjoint] [indices] by (basis) : index`: the linear index."""

    name = "affine.linearize_index"
    multi_index = var_operand_def(IndexType())
    dynamic_basis = var_operand_def(IndexType())
    disjoint = opt_prop_def(base(UnitAttr) | base(IntegerAttr))
    """A unit attribute in custom syntax; upstream's generic form may print `false`."""
    linear_index = result_def(IndexType())

    irdl_options = (AttrSizedOperandSegments(as_property=True),)

    def basis_values(self) -> Sequence[SSAValue]:
        return self.dynamic_basis

    def index_count(self) -> int:
        return len(self.multi_index)

    def is_disjoint(self) -> bool:
        flag: Attribute | None = self.disjoint
        if isinstance(flag, IntegerAttr):
            return bool(flag.value.data)
        return flag is not None

    @classmethod
    def parse(cls, parser: Parser) -> Self:
        properties: dict[str, Attribute] = {}
        if parser.parse_optional_keyword("disjoint"):
            properties["disjoint"] = UnitAttr()
        indices: list[UnresolvedOperand] = parser.parse_comma_separated_list(
            parser.Delimiter.SQUARE, parser.parse_unresolved_operand
        )
        parser.parse_keyword("by")
        dynamic, properties["static_basis"] = _parse_basis(parser)
        attributes = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        result_type = parser.parse_type()
        op = cls.build(
            operands=[[parser.resolve_operand(i, result_type) for i in indices], dynamic],
            properties=properties,
            result_types=[result_type],
        )
        op.attributes |= attributes
        return op

    def print(self, printer: Printer) -> None:
        if self.is_disjoint():
            printer.print_string(" disjoint")
        printer.print_string(" [")
        printer.print_list(self.multi_index, printer.print_operand)
        printer.print_string("] by ")
        _print_basis(printer, self)
        printer.print_op_attributes(self.attributes)
        printer.print_string(" : ")
        printer.print_attribute(self.linear_index.type)


ADDED = (DelinearizeIndexOp, LinearizeIndexOp)
