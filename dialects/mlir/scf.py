"""The `scf` dialect as current upstream MLIR prints it.

Starts from xDSL's `scf` and extends the syntax of two ops: `scf.for unsigned` (upstream's
`unsignedCmp`: the loop compares its induction variable unsigned; kept here as the unit
attribute `unsignedCmp`) and results written as a bare type (`-> i32`, which MLIR's parser
accepts besides `-> (i32)`) on `scf.for` and `scf.if`. The extended ops are Python
subclasses of xDSL's, with the same op definition, so `scf.yield`'s parent checks hold.
"""

from __future__ import annotations

from typing import Self

from xdsl.dialects import scf as x
from xdsl.dialects.builtin import IndexType, UnitAttr, i1
from xdsl.dialects.utils import parse_assignment
from xdsl.ir import Attribute, Dialect, Operation, Region
from xdsl.parser import Parser, UnresolvedOperand
from xdsl.printer import Printer
from xdsl.traits import SingleBlockImplicitTerminator, ensure_terminator

UNSIGNED_CMP = "unsignedCmp"
"""The unit attribute of an `scf.for` that compares its induction variable unsigned."""


def arrow_types(parser: Parser) -> list[Attribute]:
    """The types after `->`: `(t1, t2)` or a single bare type, as MLIR's parser accepts."""
    parsed = parser.parse_optional_comma_separated_list(parser.Delimiter.PAREN, parser.parse_type)
    return list(parsed) if parsed is not None else [parser.parse_type()]


class ForOp(x.ForOp):
    """`scf.for [unsigned] %iv = %lb to %ub step %step ...`."""

    @property
    def is_unsigned(self) -> bool:
        return UNSIGNED_CMP in self.attributes or UNSIGNED_CMP in self.properties

    @classmethod
    def parse(cls, parser: Parser) -> Self:
        unsigned = parser.parse_optional_keyword("unsigned") is not None
        indvar = parser.parse_argument(expect_type=False)
        parser.parse_punctuation("=")
        bounds = [parser.parse_unresolved_operand()]
        for keyword in ("to", "step"):
            parser.parse_keyword(keyword)
            bounds.append(parser.parse_unresolved_operand())
        pos = parser.pos
        assignments: list[tuple[Parser.UnresolvedArgument, UnresolvedOperand]] = []
        types: list[Attribute] = []
        if parser.parse_optional_keyword("iter_args"):
            assignments = parser.parse_comma_separated_list(
                Parser.Delimiter.PAREN, lambda: parse_assignment(parser)
            )
            parser.parse_punctuation("->")
            types = arrow_types(parser)
        inits = parser.resolve_operands([a[1] for a in assignments], types, pos)
        indvar_type = parser.parse_type() if parser.parse_optional_punctuation(":") else IndexType()
        lb, ub, step = (parser.resolve_operand(b, indvar_type) for b in bounds)
        block_args = [a[0].resolve(t) for a, t in zip(assignments, types, strict=True)]
        body = parser.parse_region((indvar.resolve(indvar_type), *block_args))
        op = cls(lb, ub, step, inits, body)
        op.attributes |= parser.parse_optional_attr_dict()
        if unsigned:
            op.attributes[UNSIGNED_CMP] = UnitAttr()
        if not inits:
            for trait in op.get_traits_of_type(SingleBlockImplicitTerminator):
                ensure_terminator(op, trait)
        return op

    def print(self, printer: Printer) -> None:
        unsigned = self.attributes.pop(UNSIGNED_CMP, None)
        if unsigned is not None:
            printer.print_string(" unsigned")
        try:
            super().print(printer)
        finally:
            if unsigned is not None:
                self.attributes[UNSIGNED_CMP] = unsigned


class IfOp(x.IfOp):
    """`scf.if %cond [-> (types) | -> type] {...} [else {...}]`."""

    @classmethod
    def parse(cls, parser: Parser) -> Self:
        cond = parser.parse_operand(i1)
        return_types = arrow_types(parser) if parser.parse_optional_punctuation("->") else []
        then_region = cls.parse_region_with_yield(parser)
        else_region = (
            cls.parse_region_with_yield(parser)
            if parser.parse_optional_keyword("else")
            else Region()
        )
        attr_dict = parser.parse_optional_attr_dict()
        return cls(cond, return_types, then_region, else_region, attr_dict)


_REPLACED: tuple[type[Operation], ...] = (ForOp, IfOp)
_REPLACED_NAMES = {op.name for op in _REPLACED}

Scf = Dialect(
    "scf",
    [op for op in x.Scf.operations if op.name not in _REPLACED_NAMES] + list(_REPLACED),
    list(x.Scf.attributes),
)
