"""The upstream MLIR `index` dialect, which xDSL lacks.

Every op and its custom syntax as upstream MLIR prints it (`index.add %a, %b`,
`index.cmp slt(%a, %b)`, `index.constant 42`, `index.bool.constant true`,
`index.casts %x : i32 to index`, `index.sizeof`). Results of arithmetic ops are `index`.
"""

from __future__ import annotations

from enum import auto

from xdsl.dialects.builtin import (
    BoolAttr,
    IndexType,
    IntegerAttr,
    IntegerType,
    i1,
)
from xdsl.dialects.utils import EnumAttribute
from xdsl.ir import Attribute, Dialect, SpacedOpaqueSyntaxAttribute, SSAValue
from xdsl.irdl import (
    IRDLOperation,
    base,
    irdl_attr_definition,
    irdl_op_definition,
    operand_def,
    prop_def,
    result_def,
    traits_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import ConstantLike, Pure
from xdsl.utils.exceptions import VerifyException
from xdsl.utils.str_enum import StrEnum


class CmpPredicate(StrEnum):
    """The ten integer comparison predicates of `index.cmp`."""

    EQ = auto()
    NE = auto()
    SLT = auto()
    SLE = auto()
    SGT = auto()
    SGE = auto()
    ULT = auto()
    ULE = auto()
    UGT = auto()
    UGE = auto()


@irdl_attr_definition
class CmpPredicateAttr(EnumAttribute[CmpPredicate], SpacedOpaqueSyntaxAttribute):
    """`#index<cmp_predicate slt>`."""

    name = "index.cmp_predicate"


class BinaryIndexOp(IRDLOperation):
    """An `index` op of two `index` operands and an `index` result."""

    lhs = operand_def(IndexType)
    rhs = operand_def(IndexType)
    result = result_def(IndexType)

    assembly_format = "$lhs `,` $rhs attr-dict"
    traits = traits_def(Pure())

    def __init__(self, lhs: SSAValue, rhs: SSAValue):
        super().__init__(operands=[lhs, rhs], result_types=[IndexType()])


@irdl_op_definition
class AddOp(BinaryIndexOp):
    """Wrapping addition."""

    name = "index.add"


@irdl_op_definition
class SubOp(BinaryIndexOp):
    """Wrapping subtraction."""

    name = "index.sub"


@irdl_op_definition
class MulOp(BinaryIndexOp):
    """Wrapping multiplication."""

    name = "index.mul"


@irdl_op_definition
class DivSOp(BinaryIndexOp):
    """Signed division rounding towards zero; UB on zero divisor and on overflow."""

    name = "index.divs"
    traits = traits_def()


@irdl_op_definition
class DivUOp(BinaryIndexOp):
    """Unsigned division; UB on zero divisor."""

    name = "index.divu"
    traits = traits_def()


@irdl_op_definition
class CeilDivSOp(BinaryIndexOp):
    """Signed division rounding towards positive infinity."""

    name = "index.ceildivs"
    traits = traits_def()


@irdl_op_definition
class CeilDivUOp(BinaryIndexOp):
    """Unsigned division rounding towards positive infinity."""

    name = "index.ceildivu"
    traits = traits_def()


@irdl_op_definition
class FloorDivSOp(BinaryIndexOp):
    """Signed division rounding towards negative infinity."""

    name = "index.floordivs"
    traits = traits_def()


@irdl_op_definition
class RemSOp(BinaryIndexOp):
    """Signed remainder (sign of the dividend)."""

    name = "index.rems"
    traits = traits_def()


@irdl_op_definition
class RemUOp(BinaryIndexOp):
    """Unsigned remainder."""

    name = "index.remu"
    traits = traits_def()


@irdl_op_definition
class MaxSOp(BinaryIndexOp):
    """Signed maximum."""

    name = "index.maxs"


@irdl_op_definition
class MaxUOp(BinaryIndexOp):
    """Unsigned maximum."""

    name = "index.maxu"


@irdl_op_definition
class MinSOp(BinaryIndexOp):
    """Signed minimum."""

    name = "index.mins"


@irdl_op_definition
class MinUOp(BinaryIndexOp):
    """Unsigned minimum."""

    name = "index.minu"


@irdl_op_definition
class ShlOp(BinaryIndexOp):
    """Left shift; poison when the amount is >= the index width."""

    name = "index.shl"


@irdl_op_definition
class ShrSOp(BinaryIndexOp):
    """Arithmetic right shift; poison when the amount is >= the index width."""

    name = "index.shrs"


@irdl_op_definition
class ShrUOp(BinaryIndexOp):
    """Logical right shift; poison when the amount is >= the index width."""

    name = "index.shru"


@irdl_op_definition
class AndOp(BinaryIndexOp):
    """Bitwise and."""

    name = "index.and"


@irdl_op_definition
class OrOp(BinaryIndexOp):
    """Bitwise or."""

    name = "index.or"


@irdl_op_definition
class XOrOp(BinaryIndexOp):
    """Bitwise xor."""

    name = "index.xor"


@irdl_op_definition
class CmpOp(IRDLOperation):
    """`index.cmp pred(%lhs, %rhs)`: an `i1` comparison result."""

    name = "index.cmp"

    pred = prop_def(CmpPredicateAttr)
    lhs = operand_def(IndexType)
    rhs = operand_def(IndexType)
    result = result_def(i1)

    assembly_format = "$pred `` `(` $lhs `,` $rhs `)` attr-dict"
    traits = traits_def(Pure())

    def __init__(self, pred: CmpPredicate, lhs: SSAValue, rhs: SSAValue):
        super().__init__(
            operands=[lhs, rhs], properties={"pred": CmpPredicateAttr(pred)}, result_types=[i1]
        )


class _CastOp(IRDLOperation):
    input = operand_def(base(IntegerType) | base(IndexType))
    output = result_def(base(IntegerType) | base(IndexType))
    assembly_format = "$input attr-dict `:` type($input) `to` type($output)"
    traits = traits_def(Pure())

    def __init__(self, value: SSAValue, target: Attribute):
        super().__init__(operands=[value], result_types=[target])

    def verify_(self) -> None:
        if not isinstance(self.input.type, IndexType) ^ isinstance(self.output.type, IndexType):
            raise VerifyException(f"'{self.name}' casts between index and an integer type")


@irdl_op_definition
class CastSOp(_CastOp):
    """Sign-extends or truncates between `index` and an integer type."""

    name = "index.casts"


@irdl_op_definition
class CastUOp(_CastOp):
    """Zero-extends or truncates between `index` and an integer type."""

    name = "index.castu"


@irdl_op_definition
class ConstantOp(IRDLOperation):
    """`index.constant 42`."""

    name = "index.constant"

    value = prop_def(IntegerAttr[IndexType])
    result = result_def(IndexType)
    traits = traits_def(Pure(), ConstantLike())

    def __init__(self, value: int):
        super().__init__(
            properties={"value": IntegerAttr(value, IndexType())}, result_types=[IndexType()]
        )

    @classmethod
    def parse(cls, parser: Parser) -> ConstantOp:
        value = parser.parse_integer(allow_boolean=False)
        attrs = parser.parse_optional_attr_dict()
        op = cls(value)
        op.attributes.update(attrs)
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(f" {self.value.value.data}")
        printer.print_op_attributes(self.attributes)


@irdl_op_definition
class BoolConstantOp(IRDLOperation):
    """`index.bool.constant true`."""

    name = "index.bool.constant"

    value = prop_def(BoolAttr)
    result = result_def(i1)
    traits = traits_def(Pure(), ConstantLike())

    def __init__(self, value: bool):
        super().__init__(properties={"value": BoolAttr.from_bool(value)}, result_types=[i1])

    @classmethod
    def parse(cls, parser: Parser) -> BoolConstantOp:
        value = parser.parse_boolean()
        attrs = parser.parse_optional_attr_dict()
        op = cls(value)
        op.attributes.update(attrs)
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(" true" if self.value.value.data else " false")
        printer.print_op_attributes(self.attributes)


@irdl_op_definition
class SizeOfOp(IRDLOperation):
    """`index.sizeof`: the bit width of `index`."""

    name = "index.sizeof"

    result = result_def(IndexType)
    assembly_format = "attr-dict"
    traits = traits_def(Pure())

    def __init__(self) -> None:
        super().__init__(result_types=[IndexType()])


Index = Dialect(
    "index",
    [
        AddOp,
        SubOp,
        MulOp,
        DivSOp,
        DivUOp,
        CeilDivSOp,
        CeilDivUOp,
        FloorDivSOp,
        RemSOp,
        RemUOp,
        MaxSOp,
        MaxUOp,
        MinSOp,
        MinUOp,
        ShlOp,
        ShrSOp,
        ShrUOp,
        AndOp,
        OrOp,
        XOrOp,
        CmpOp,
        CastSOp,
        CastUOp,
        ConstantOp,
        BoolConstantOp,
        SizeOfOp,
    ],
    [CmpPredicateAttr],
)
