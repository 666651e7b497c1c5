"""The `linalg` dialect: xDSL's ops, plus named ops xDSL lacks, in their generic form.

Each added op is a named op as upstream MLIR prints it (`linalg.NAME ins(...) outs(...)`),
defined by its indexing maps, iterator types and body (OpDSL's definition in
`LinalgNamedStructuredOps.yaml`): `batch_matmul`, `matvec`, `vecmat`, `dot`, and
`pooling_nhwc_max` / `pooling_nhwc_min` / `pooling_nhwc_sum`, and `pooling_nchw_max`, which
replaces xDSL's (whose body takes the maximum of the input and the window operand, not of
the output and the input). The semantics and the interpreter treat every
`LinalgStructuredOperation` alike, through these.

The convolution and pooling ops take optional `strides` and `dilations`, 1 in every
spatial dimension when absent (OpDSL's `default=[1, 1]`; upstream prints neither then):
xDSL requires both, so its conv/pooling ops are replaced by subclasses with that default.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import ClassVar, Self, cast

from xdsl.builder import Builder
from xdsl.dialects import arith
from xdsl.dialects.builtin import (
    AffineMapAttr,
    AnyFloat,
    AnyTensorType,
    ArrayAttr,
    DenseArrayBase,
    DenseIntElementsAttr,
    DenseIntOrFPElementsAttr,
    ShapedType,
    TensorType,
    i64,
)
from xdsl.dialects.linalg import Linalg as XLinalg
from xdsl.dialects.linalg.abstract_ops import ConvOperation, NamedOperation, PoolingOperation
from xdsl.dialects.linalg.attrs import IteratorTypeAttr
from xdsl.dialects.linalg.ops import ReduceOp as XReduceOp
from xdsl.dialects.linalg.ops import YieldOp
from xdsl.ir import Attribute, Block, BlockArgument, Dialect, Operation, Region, SSAValue
from xdsl.ir.affine import AffineDimExpr, AffineExpr, AffineMap
from xdsl.irdl import IRDLOperation, OptPropertyDef, irdl_op_definition, opt_prop_def, prop_def
from xdsl.irdl.operations import OptionalPropertyAccessor
from xdsl.parser import Parser

Combine = Callable[[tuple[BlockArgument, ...], bool], Operation]
"""Builds the body's value from the block arguments (in0, in1, out); bool: float type."""


def _multiply_accumulate(args: tuple[BlockArgument, ...], is_float: bool) -> Operation:
    mul, add = (arith.MulfOp, arith.AddfOp) if is_float else (arith.MuliOp, arith.AddiOp)
    product = mul(args[0], args[1])
    return add(args[2], product)  # out + in0 * in1, as OpDSL's `+=`


def _maps(*results: Callable[..., tuple[int, ...]]) -> list[AffineMapAttr]:
    return [AffineMapAttr(AffineMap.from_callable(f)) for f in results]


class _ContractionOp(NamedOperation):
    """A named contraction: fixed indexing maps, `out += in0 * in1`."""

    PRINT_ATTRS_IN_FRONT: ClassVar[bool] = True
    ITERATORS: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        inputs: Sequence[SSAValue],
        outputs: Sequence[SSAValue] = (),
        res: Sequence[Attribute] | None = None,
        attributes: dict[str, Attribute] | None = None,
    ):
        if res is None:
            res = tuple(
                cast(AnyTensorType, o.type) for o in outputs if isinstance(o.type, TensorType)
            )
        super().__init__(
            ins=inputs,
            outs=outputs,
            result_types=res,
            attributes=attributes,
            hidden_region=self.get_hidden_region(inputs, outputs),
        )

    @classmethod
    def get_hidden_region(cls, inputs: Sequence[SSAValue], outputs: Sequence[SSAValue]) -> Region:
        arg_types = cls.body_arg_types((*inputs, *outputs))
        is_float = isinstance(arg_types[-1], AnyFloat)

        @Builder.implicit_region(arg_types)
        def hidden_region(args: tuple[BlockArgument, ...]) -> None:
            YieldOp(_multiply_accumulate(args, is_float))

        return hidden_region

    def get_default_indexing_maps(self) -> Sequence[AffineMap]:
        return tuple(m.data for m in self.get_indexing_maps().data)

    def get_indexing_maps(self) -> ArrayAttr[AffineMapAttr]:
        return cast(ArrayAttr[AffineMapAttr], self.properties["indexing_maps"])

    def get_iterator_types(self) -> ArrayAttr[IteratorTypeAttr]:
        kinds = {"p": IteratorTypeAttr.parallel(), "r": IteratorTypeAttr.reduction()}
        return ArrayAttr([kinds[k] for k in self.ITERATORS])


@irdl_op_definition
class BatchMatmulOp(_ContractionOp):
    """`C[b, m, n] += A[b, m, k] * B[b, k, n]`."""

    name = "linalg.batch_matmul"
    ITERATORS: ClassVar[tuple[str, ...]] = ("p", "p", "p", "r")
    indexing_maps = prop_def(
        ArrayAttr[AffineMapAttr],
        default_value=ArrayAttr(
            _maps(
                lambda b, m, n, k: (b, m, k),
                lambda b, m, n, k: (b, k, n),
                lambda b, m, n, k: (b, m, n),
            )
        ),
    )


@irdl_op_definition
class MatvecOp(_ContractionOp):
    """`y[m] += A[m, k] * x[k]`."""

    name = "linalg.matvec"
    ITERATORS: ClassVar[tuple[str, ...]] = ("p", "r")
    indexing_maps = prop_def(
        ArrayAttr[AffineMapAttr],
        default_value=ArrayAttr(_maps(lambda m, k: (m, k), lambda m, k: (k,), lambda m, k: (m,))),
    )


@irdl_op_definition
class VecmatOp(_ContractionOp):
    """`y[n] += x[k] * A[k, n]`."""

    name = "linalg.vecmat"
    ITERATORS: ClassVar[tuple[str, ...]] = ("p", "r")
    indexing_maps = prop_def(
        ArrayAttr[AffineMapAttr],
        default_value=ArrayAttr(_maps(lambda n, k: (k,), lambda n, k: (k, n), lambda n, k: (n,))),
    )


@irdl_op_definition
class DotOp(_ContractionOp):
    """`c[] += a[k] * b[k]`."""

    name = "linalg.dot"
    ITERATORS: ClassVar[tuple[str, ...]] = ("r",)
    indexing_maps = prop_def(
        ArrayAttr[AffineMapAttr],
        default_value=ArrayAttr(
            [
                AffineMapAttr(AffineMap(1, 0, (AffineDimExpr(0),))),
                AffineMapAttr(AffineMap(1, 0, (AffineDimExpr(0),))),
                AffineMapAttr(AffineMap(1, 0, ())),
            ]
        ),
    )


UNIT_WINDOW = DenseIntOrFPElementsAttr.from_list(TensorType(i64, [2]), [1, 1])
"""`dense<1> : tensor<2xi64>`: the default strides and dilations of the 2-D window ops."""

WINDOW_PROPERTIES = ("strides", "dilations")


def _with_default_window(op: type[IRDLOperation]) -> type[IRDLOperation]:
    """xDSL's conv/pooling op `op` with optional `strides` and `dilations` (default 1).

    A Python subclass (so `isinstance` checks against xDSL's op hold) whose definition is
    xDSL's with the two properties optional, read through accessors with the default and
    verified against that definition (a decorated xDSL op verifies against its own)."""
    definition = op.get_irdl_definition()
    properties = dict(definition.properties)
    for name in WINDOW_PROPERTIES:
        properties[name] = OptPropertyDef(properties[name].constr, UNIT_WINDOW)
    optional = dataclasses.replace(definition, properties=properties)
    fields: dict[str, object] = {
        name: OptionalPropertyAccessor(name, UNIT_WINDOW) for name in WINDOW_PROPERTIES
    }

    def verify_(self: IRDLOperation) -> None:
        optional.verify(self)
        super(op, self).verify_()  # the checks xDSL's op adds to its definition's

    fields["get_irdl_definition"] = classmethod(lambda cls: optional)
    fields["verify_"] = verify_
    return type(op.__name__, (op,), {"__doc__": op.__doc__, **fields})


class _PoolingOp(PoolingOperation):
    """`out = combine(out, in)` over the window, `in` read at `o*s+k*d` in each spatial
    dimension (the second input only gives the window's shape)."""

    strides = opt_prop_def(DenseIntElementsAttr, default_value=UNIT_WINDOW)  # type: ignore[assignment]
    dilations = opt_prop_def(DenseIntElementsAttr, default_value=UNIT_WINDOW)  # type: ignore[assignment]

    @classmethod
    def combine(cls, is_float: bool) -> type[Operation]:
        raise NotImplementedError

    @classmethod
    def get_hidden_region(cls, inputs: Sequence[SSAValue], outputs: Sequence[SSAValue]) -> Region:
        arg_types = cls.body_arg_types((*inputs, *outputs))
        op = cls.combine(isinstance(arg_types[-1], AnyFloat))

        @Builder.implicit_region(arg_types)
        def hidden_region(args: tuple[BlockArgument, ...]) -> None:
            YieldOp(op(args[2], args[0]))  # type: ignore[call-arg, arg-type]

        return hidden_region

    def window(
        self, oh: AffineExpr, ow: AffineExpr, kh: AffineExpr, kw: AffineExpr
    ) -> tuple[AffineExpr, AffineExpr]:
        """The input's two spatial coordinates at output point (oh, ow), window point (kh, kw)."""
        stride_h, stride_w = self.strides.get_values()
        dilation_h, dilation_w = self.dilations.get_values()
        return oh * stride_h + kh * dilation_h, ow * stride_w + kw * dilation_w


class _PoolingNhwcOp(_PoolingOp):
    """`out[n, oh, ow, c] = combine(out, in[n, oh*s+kh*d, ow*s+kw*d, c])`."""

    def get_default_indexing_maps(self) -> Sequence[AffineMap]:
        n, oh, ow, c, kh, kw = (AffineDimExpr(d) for d in range(6))
        return (
            AffineMap(6, 0, (n, *self.window(oh, ow, kh, kw), c)),
            AffineMap(6, 0, (kh, kw)),
            AffineMap(6, 0, (n, oh, ow, c)),
        )


@irdl_op_definition
class PoolingNchwMaxOp(_PoolingOp):
    """`out[n, c, oh, ow] = max(out, in[n, c, oh*s+kh*d, ow*s+kw*d])`. Replaces xDSL's,
    whose body takes the maximum of the input and the (shape-only) window element."""

    name = "linalg.pooling_nchw_max"

    @classmethod
    def combine(cls, is_float: bool) -> type[Operation]:
        return arith.MaximumfOp if is_float else arith.MaxSIOp

    def get_default_indexing_maps(self) -> Sequence[AffineMap]:
        n, c, oh, ow, kh, kw = (AffineDimExpr(d) for d in range(6))
        return (
            AffineMap(6, 0, (n, c, *self.window(oh, ow, kh, kw))),
            AffineMap(6, 0, (kh, kw)),
            AffineMap(6, 0, (n, c, oh, ow)),
        )


@irdl_op_definition
class PoolingNhwcMaxOp(_PoolingNhwcOp):
    name = "linalg.pooling_nhwc_max"

    @classmethod
    def combine(cls, is_float: bool) -> type[Operation]:
        return arith.MaximumfOp if is_float else arith.MaxSIOp


@irdl_op_definition
class PoolingNhwcMinOp(_PoolingNhwcOp):
    name = "linalg.pooling_nhwc_min"

    @classmethod
    def combine(cls, is_float: bool) -> type[Operation]:
        return arith.MinimumfOp if is_float else arith.MinSIOp


@irdl_op_definition
class PoolingNhwcSumOp(_PoolingNhwcOp):
    name = "linalg.pooling_nhwc_sum"

    @classmethod
    def combine(cls, is_float: bool) -> type[Operation]:
        return arith.AddfOp if is_float else arith.AddiOp


class ReduceOp(XReduceOp):
    """`linalg.reduce` in both printed forms: the long one (a region with its block
    arguments, which xDSL parses) and upstream's short one for a body of a single op on the
    init and input elements, `linalg.reduce { arith.subi {attrs} } ins(...) outs(...)
    dimensions = [...]`, which means the region `^bb0(%in, %init): %r = arith.subi %init,
    %in {attrs}; linalg.yield %r` (upstream prints the short form when the body op takes
    the block arguments init first: `findPayloadOp(body, /*initFirst=*/true)`; checked
    with mlir-opt 19's generic printer). A Python subclass of xDSL's op (its definition;
    `isinstance` checks hold)."""

    @classmethod
    def parse(cls, parser: Parser) -> Self:
        if parser.parse_optional_punctuation("{") is None:
            return super().parse(parser)  # the long form (it builds a `cls`)
        body_name = parser.parse_identifier()
        attrs = parser.parse_optional_attr_dict()
        parser.parse_punctuation("}")
        body_op = parser.ctx.get_optional_op(body_name)
        if body_op is None:
            parser.raise_error(f"unknown operation {body_name} in linalg.reduce's body")
        parser.parse_characters("ins")
        parser.parse_punctuation("(")
        unresolved_input = parser.parse_unresolved_operand()
        parser.parse_punctuation(":")
        input = parser.resolve_operand(unresolved_input, parser.parse_type())
        parser.parse_punctuation(")")
        parser.parse_characters("outs")
        parser.parse_punctuation("(")
        unresolved_init = parser.parse_unresolved_operand()
        parser.parse_punctuation(":")
        init = parser.resolve_operand(unresolved_init, parser.parse_type())
        parser.parse_punctuation(")")
        parser.parse_keyword("dimensions")
        parser.parse_punctuation("=")
        dimensions = parser.parse_comma_separated_list(
            parser.Delimiter.SQUARE, parser.parse_integer
        )
        element = cast(ShapedType, init.type).get_element_type()
        block = Block(arg_types=[cast(ShapedType, input.type).get_element_type(), element])
        defined = body_op.get_irdl_definition().properties
        combine = body_op.create(
            operands=[block.args[1], block.args[0]],  # init first
            result_types=[element],
            properties={k: v for k, v in attrs.items() if k in defined},
            attributes={k: v for k, v in attrs.items() if k not in defined},
        )
        block.add_ops([combine, YieldOp(combine.results[0])])
        return cls(input, init, DenseArrayBase.from_list(i64, dimensions), Region(block))


ADDED = (
    ReduceOp,
    PoolingNchwMaxOp,
    BatchMatmulOp,
    MatvecOp,
    VecmatOp,
    DotOp,
    PoolingNhwcMaxOp,
    PoolingNhwcMinOp,
    PoolingNhwcSumOp,
)

ADDED_NAMES = {op.name for op in ADDED}

WINDOW_OPS = tuple(
    _with_default_window(op)
    for op in XLinalg.operations
    if issubclass(op, (ConvOperation, PoolingOperation)) and op.name not in ADDED_NAMES
)
"""xDSL's convolution and pooling ops, `strides` and `dilations` made optional."""

_REPLACED = {op.name for op in WINDOW_OPS} | ADDED_NAMES

Linalg = Dialect(
    "linalg",
    [*(op for op in XLinalg.operations if op.name not in _REPLACED), *WINDOW_OPS, *ADDED],
    list(XLinalg.attributes),
)
