"""Semantics of the upstream `index` dialect: integers of the (unknown) index width.

The index width is a parameter of the lowering (`LoweringContext.index_width`); the verifier
checks every query at 32 and 64 bits. Shared encodings come from `integer.py`.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import smt
from xdsl.dialects.builtin import IntegerAttr
from xdsl.ir import Operation

from irproof.dialects.mlir.index import CmpPredicateAttr
from irproof.dialects.smt.bv import BVCmpPredicate as P
from irproof.semantics import integer
from irproof.semantics.builder import Pair
from irproof.semantics.lowering import LoweringContext, semantics_rule

_WRAPPING = {"index.add": "add", "index.sub": "sub", "index.mul": "mul"}
for _name, _kind in _WRAPPING.items():
    semantics_rule(_name)(
        lambda _op, args, ctx, kind=_kind: [integer.wrapping(ctx, kind, args, False, False)]
    )

_POINTWISE: dict[str, integer.ValueFn] = {
    "index.and": lambda b, x, y: b.binary(smt.BVAndOp, x, y),
    "index.or": lambda b, x, y: b.binary(smt.BVOrOp, x, y),
    "index.xor": lambda b, x, y: b.binary(smt.BVXOrOp, x, y),
    "index.maxs": integer.select_by(P.SGT),
    "index.maxu": integer.select_by(P.UGT),
    "index.mins": integer.select_by(P.SLT),
    "index.minu": integer.select_by(P.ULT),
}
for _name, _fn in _POINTWISE.items():
    _lower = integer.pointwise(_fn)
    semantics_rule(_name)(lambda _op, args, ctx, lower=_lower: [lower(ctx, args)])

semantics_rule("index.divu")(lambda _op, args, ctx: [integer.divu(ctx, args)])
semantics_rule("index.divs")(lambda _op, args, ctx: [integer.divs(ctx, args)])
semantics_rule("index.remu")(lambda _op, args, ctx: [integer.remu(ctx, args)])
semantics_rule("index.rems")(lambda _op, args, ctx: [integer.rems(ctx, args)])
semantics_rule("index.ceildivu")(lambda _op, args, ctx: [integer.ceildivu(ctx, args)])
semantics_rule("index.ceildivs")(lambda _op, args, ctx: [integer.ceildivs(ctx, args)])
semantics_rule("index.floordivs")(lambda _op, args, ctx: [integer.floordivs(ctx, args)])
semantics_rule("index.shl")(lambda _op, args, ctx: [integer.shift_left(ctx, args, False, False)])
semantics_rule("index.shrs")(lambda _op, args, ctx: [integer.shift_right(ctx, args, True, False)])
semantics_rule("index.shru")(lambda _op, args, ctx: [integer.shift_right(ctx, args, False, False)])


@semantics_rule("index.cmp")
def cmp(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    predicate = op.properties["pred"]
    assert isinstance(predicate, CmpPredicateAttr)
    return [integer.compare(ctx, predicate.data.value, args)]


@semantics_rule("index.casts")
def casts(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    return [Pair(integer.resize(ctx, args[0], ctx.result_width(op), signed=True), args[0].poison)]


@semantics_rule("index.castu")
def castu(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    return [Pair(integer.resize(ctx, args[0], ctx.result_width(op), signed=False), args[0].poison)]


@semantics_rule("index.constant")
def constant(op: Operation, _args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    attr = op.properties["value"]
    assert isinstance(attr, IntegerAttr)
    return [Pair(ctx.smt.bv_const(attr.value.data, ctx.index_width), ctx.smt.false())]


@semantics_rule("index.bool.constant")
def bool_constant(op: Operation, _args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    attr = op.properties["value"]
    assert isinstance(attr, IntegerAttr)  # a BoolAttr is an i1 IntegerAttr
    return [Pair(ctx.smt.bv_const(attr.value.data, 1), ctx.smt.false())]


@semantics_rule("index.sizeof")
def sizeof(_op: Operation, _args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    return [Pair(ctx.smt.bv_const(ctx.index_width, ctx.index_width), ctx.smt.false())]
