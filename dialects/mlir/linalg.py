"""The `linalg` dialect: xDSL's ops, plus named ops xDSL lacks, in their generic form.

Each added op is a named op as upstream MLIR prints it (`linalg.NAME ins(...) outs(...)`),
defined by its indexing maps, iterator types and body (OpDSL's definition in
`LinalgNamedStructuredOps.yaml`): `batch_matmul`, `matvec`, `vecmat`, `dot`, and
`pooling_nhwc_max` / `pooling_nhwc_min` / `pooling_nhwc_sum`. The semantics and the
interpreter treat every `LinalgStructuredOperation` alike, through these.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar, cast

from xdsl.builder import Builder
from xdsl.dialects import arith
from xdsl.dialects.builtin import (
    AffineMapAttr,
    AnyFloat,
    AnyTensorType,
    ArrayAttr,
    TensorType,
)
from xdsl.dialects.linalg import Linalg as XLinalg
from xdsl.dialects.linalg.abstract_ops import NamedOperation, PoolingOperation
from xdsl.dialects.linalg.attrs import IteratorTypeAttr
from xdsl.dialects.linalg.ops import YieldOp
from xdsl.ir import Attribute, BlockArgument, Dialect, Operation, Region, SSAValue
from xdsl.ir.affine import AffineDimExpr, AffineMap
from xdsl.irdl import irdl_op_definition, prop_def

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


class _PoolingNhwcOp(PoolingOperation):
    """`out[n, oh, ow, c] = combine(out, in[n, oh*s+kh*d, ow*s+kw*d, c])` over the window
    (the second input only gives the window's shape)."""

    @classmethod
    def combine(cls, is_float: bool) -> type[Operation]:
        raise NotImplementedError

    @classmethod
    def get_hidden_region(cls, inputs: Sequence[SSAValue], outputs: Sequence[SSAValue]) -> Region:
        arg_types = cls.body_arg_types((*inputs, *outputs))
        op = cls.combine(isinstance(arg_types[-1], AnyFloat))

        @Builder.implicit_region(arg_types)
        def hidden_region(args: tuple[BlockArgument, ...]) -> None:
            YieldOp(op(args[2], args[0]))  # type: ignore[call-arg]

        return hidden_region

    def get_default_indexing_maps(self) -> Sequence[AffineMap]:
        n, oh, ow, c, kh, kw = (AffineDimExpr(d) for d in range(6))
        stride_h, stride_w = self.strides.get_values()
        dilation_h, dilation_w = self.dilations.get_values()
        return (
            AffineMap(
                6, 0, (n, oh * stride_h + kh * dilation_h, ow * stride_w + kw * dilation_w, c)
            ),
            AffineMap(6, 0, (kh, kw)),
            AffineMap(6, 0, (n, oh, ow, c)),
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


ADDED = (
    BatchMatmulOp,
    MatvecOp,
    VecmatOp,
    DotOp,
    PoolingNhwcMaxOp,
    PoolingNhwcMinOp,
    PoolingNhwcSumOp,
)

Linalg = Dialect("linalg", [*XLinalg.operations, *ADDED], list(XLinalg.attributes))
