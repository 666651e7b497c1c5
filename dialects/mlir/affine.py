"""The `affine` dialect as current upstream MLIR prints it.

Starts from xDSL's `affine`, gives `affine.if` the custom syntax upstream prints (xDSL has
only the generic form):

    %r = affine.if #set(%d0, ...)[%s0, ...] -> (index) { ... } else { ... }

with the `affine.yield` terminator implicit when the op has no results, like upstream, and
adds `affine.max` (which xDSL lacks), the twin of `affine.min`, and
`affine.delinearize_index` / `affine.linearize_index` (`irproof.dialects.mlir.affine_index`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Self

from xdsl.dialects import affine as x
from xdsl.dialects.builtin import AffineMapAttr, AffineSetAttr, IndexType
from xdsl.ir import Block, Dialect, Operation, Region, SSAValue
from xdsl.irdl import IRDLOperation, irdl_op_definition, prop_def, result_def, var_operand_def
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import IsTerminator
from xdsl.utils.exceptions import VerifyException

from irproof.dialects.mlir import affine_index
from irproof.dialects.mlir.scf import arrow_types


def _region_with_yield(parser: Parser) -> Region:
    """A region whose single block gets the implicit `affine.yield` if it has no terminator."""
    region = parser.parse_region()
    if not region.blocks:
        region.add_block(Block())
    block = region.blocks.last
    assert block is not None
    last = block.last_op
    if last is None or not last.has_trait(IsTerminator):
        block.add_op(x.YieldOp.get())
    return region


def _parse_map_operands(parser: Parser) -> list[SSAValue]:
    """`(%d0, ...)[%s0, ...]`: the dims then the symbols of an affine map or set, each optional."""
    dims = parser.parse_optional_comma_separated_list(
        parser.Delimiter.PAREN, lambda: parser.parse_operand(IndexType())
    )
    syms = parser.parse_optional_comma_separated_list(
        parser.Delimiter.SQUARE, lambda: parser.parse_operand(IndexType())
    )
    return [*(dims or []), *(syms or [])]


class IfOp(x.IfOp):
    """`affine.if #set(dims)[symbols]`: the then region runs when every constraint holds.

    A Python subclass of xDSL's op (same op definition) with upstream's custom syntax."""

    def verify_(self) -> None:
        condition = self.condition.data
        if len(self.args) != condition.num_dims + condition.num_symbols:
            raise VerifyException(
                f"affine.if: {len(self.args)} operands for a set of {condition.num_dims} "
                f"dims and {condition.num_symbols} symbols"
            )

    @classmethod
    def parse(cls, parser: Parser) -> Self:
        pos = parser.pos
        condition = parser.parse_attribute()
        if not isinstance(condition, AffineSetAttr):
            parser.raise_error("expected an integer set (affine_set<...>)", pos)
        map_operands = _parse_map_operands(parser)
        result_types = arrow_types(parser) if parser.parse_optional_punctuation("->") else []
        then_region = _region_with_yield(parser)
        else_region = (
            _region_with_yield(parser) if parser.parse_optional_keyword("else") else Region()
        )
        attributes = parser.parse_optional_attr_dict()
        op = cls.build(
            operands=[map_operands],
            result_types=[result_types],
            properties={"condition": condition},
            regions=[then_region, else_region],
        )
        op.attributes |= attributes
        return op

    def print(self, printer: Printer) -> None:
        condition = self.condition.data
        args = tuple(self.args)
        printer.print_string(" ")
        printer.print_attribute(self.condition)
        with printer.in_parens():
            printer.print_list(args[: condition.num_dims], printer.print_operand)
        if condition.num_symbols:
            with printer.in_square_brackets():
                printer.print_list(args[condition.num_dims :], printer.print_operand)
        has_results = bool(self.res)
        if has_results:
            printer.print_string(" -> (")
            printer.print_list(self.res.types, printer.print_attribute)
            printer.print_string(")")
        printer.print_string(" ")
        printer.print_region(
            self.then_region, print_entry_block_args=False, print_block_terminators=has_results
        )
        if self.else_region.blocks:
            printer.print_string(" else ")
            printer.print_region(
                self.else_region,
                print_entry_block_args=False,
                print_block_terminators=has_results,
            )
        printer.print_op_attributes(self.attributes)


@irdl_op_definition
class MaxOp(IRDLOperation):
    """`affine.max #map(dims)[symbols]`: the largest (signed) result of the map."""

    name = "affine.max"
    arguments = var_operand_def(IndexType())
    result = result_def(IndexType())
    map = prop_def(AffineMapAttr)

    def __init__(self, map_operands: Sequence[SSAValue | Operation], affine_map: AffineMapAttr):
        super().__init__(
            operands=[map_operands], properties={"map": affine_map}, result_types=[IndexType()]
        )

    def verify_(self) -> None:
        m = self.map.data
        if len(self.arguments) != m.num_dims + m.num_symbols:
            raise VerifyException(
                f"affine.max: {len(self.arguments)} operands for a map of {m.num_dims} dims "
                f"and {m.num_symbols} symbols"
            )

    @classmethod
    def parse(cls, parser: Parser) -> Self:
        pos = parser.pos
        m = parser.parse_attribute()
        if not isinstance(m, AffineMapAttr):
            parser.raise_error("expected an affine map", pos)
        map_operands = _parse_map_operands(parser)
        op = cls(map_operands, m)
        op.attributes |= parser.parse_optional_attr_dict()
        return op

    def print(self, printer: Printer) -> None:
        m = self.map.data
        operands = tuple(self.arguments)
        printer.print_string(" ")
        printer.print_attribute(self.map)
        with printer.in_parens():
            printer.print_list(operands[: m.num_dims], printer.print_operand)
        if m.num_symbols:
            with printer.in_square_brackets():
                printer.print_list(operands[m.num_dims :], printer.print_operand)
        printer.print_op_attributes(self.attributes)


_REPLACED: tuple[type[Operation], ...] = (IfOp,)
_REPLACED_NAMES = {op.name for op in _REPLACED}

Affine = Dialect(
    "affine",
    [
        *(op for op in x.Affine.operations if op.name not in _REPLACED_NAMES),
        *_REPLACED,
        MaxOp,
        *affine_index.ADDED,
    ],
    list(x.Affine.attributes),
)
