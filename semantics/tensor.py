"""Semantics of the `tensor` dialect and of `bufferization`'s tensor/buffer conversions.

Value semantics (`irproof.semantics.tensor_value`): `tensor.empty` is all poison;
`extract`/`insert` out of bounds (or at a poison index) are UB, as the op docs say
("... the indices must be in bounds"); slices copy elements at `offset + i * stride`;
`collapse_shape`/`expand_shape` keep the row-major order of the elements (only the sizes
change). Copies element by element need static shapes (else `unknown`).

`bufferization.to_tensor` reads the current contents of a buffer into a tensor (a
snapshot); `bufferization.to_buffer` (LLVM 19: `to_memref`) makes a new buffer holding
a tensor's elements.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import smt, tensor
from xdsl.dialects.builtin import TensorType
from xdsl.ir import Attribute, Operation

from irproof.dialects.smt.bv import BVCmpPredicate as P
from irproof.semantics.builder import Pair, SMTBuilder, Term, width_of
from irproof.semantics.lowering import LoweringContext, UnsupportedOp, semantics_rule
from irproof.semantics.memory import (
    DYNAMIC,
    Contents,
    MemRef,
    contiguous_view,
    element_count,
    locate,
    new_block,
    read,
)
from irproof.semantics.memref import memory_of, mixed, shape_positions
from irproof.semantics.tensor_value import Tensor, fresh_tensor

MAX_ELEMENTWISE = 1 << 16
"""Copies between tensors (slices, conversions) unroll up to this many elements."""


def tensor_type(typ: Attribute, what: str) -> TensorType[Attribute]:
    if not isinstance(typ, TensorType):
        raise UnsupportedOp(f"{what}: type {typ} is not a ranked tensor")
    return typ


def _tensor(value: object, what: str) -> Tensor:
    if not isinstance(value, Tensor):
        raise UnsupportedOp(f"{what}: operand is not a tensor")
    return value


def _pairs(args: Sequence[object]) -> list[Pair]:
    return [a for a in args if isinstance(a, Pair)]


def _index(ctx: LoweringContext, value: int) -> Term:
    return ctx.smt.bv_const(value, ctx.index_width)


def result_sizes(
    ctx: LoweringContext, typ: TensorType[Attribute], dynamic: Sequence[Pair]
) -> list[Pair]:
    rest = iter(dynamic)
    sizes: list[Pair] = []
    for size in typ.get_shape():
        if size == DYNAMIC:
            sizes.append(next(rest))
        else:
            sizes.append(Pair(_index(ctx, size), ctx.smt.false()))
    return sizes


@semantics_rule("tensor.empty")
def empty(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[object]:
    typ = tensor_type(op.results[0].type, op.name)
    sizes = result_sizes(ctx, typ, _pairs(args))
    ctx.ub_if(ctx.smt.or_(*(s.poison for s in sizes)))
    element = typ.get_element_type()
    width = ctx.width(element)
    return [fresh_tensor(ctx.smt, element, width, [s.value for s in sizes], ctx.index_width)]


@semantics_rule("tensor.extract")
def extract(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[Pair]:
    t = _tensor(args[0], op.name)
    indices = _pairs(args[1:])
    ctx.ub_if(t.out_of_bounds(ctx.smt, indices))
    return [t.read(ctx.smt, [i.value for i in indices])]


@semantics_rule("tensor.insert")
def insert(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[object]:
    value = args[0]
    assert isinstance(value, Pair)
    t = _tensor(args[1], op.name)
    indices = _pairs(args[2:])
    ctx.ub_if(t.out_of_bounds(ctx.smt, indices))
    return [t.written(ctx.smt, [([i.value for i in indices], value)])]


@semantics_rule("tensor.dim")
def dim(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[Pair]:
    b = ctx.smt
    t = _tensor(args[0], op.name)
    index = args[1]
    assert isinstance(index, Pair)
    ctx.ub_if(b.or_(index.poison, b.not_(b.cmp(P.ULT, index.value, _index(ctx, t.rank)))))
    value = _index(ctx, 0)
    for d, size in enumerate(t.sizes):
        value = b.ite(b.eq(index.value, _index(ctx, d)), size, value)
    return [Pair(value, b.false())]


@semantics_rule("tensor.cast")
def cast(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[object]:
    """The same tensor; UB if its sizes are not what the result type fixes."""
    b = ctx.smt
    t = _tensor(args[0], op.name)
    typ = tensor_type(op.results[0].type, op.name)
    wrong = [
        b.ne(size, _index(ctx, static))
        for size, static in zip(t.sizes, typ.get_shape(), strict=True)
        if static != DYNAMIC
    ]
    ctx.ub_if(b.or_(*wrong))
    return [t]


def _slice_parameters(
    op: Operation, pairs: Sequence[Pair], ctx: LoweringContext
) -> tuple[list[Term], list[Term], list[Term], Term]:
    n_off, n_size = len(op.offsets), len(op.sizes)
    offsets, p1 = mixed(ctx, op.static_offsets, pairs[:n_off])
    sizes, p2 = mixed(ctx, op.static_sizes, pairs[n_off : n_off + n_size])
    strides, p3 = mixed(ctx, op.static_strides, pairs[n_off + n_size :])
    return offsets, sizes, strides, ctx.smt.or_(p1, p2, p3)


def _kept(sizes: Sequence[Term], result_shape: Sequence[int], b: SMTBuilder) -> list[int]:
    from irproof.semantics.memref import _kept_dimensions  # the same rule as memref.subview

    return _kept_dimensions(b, sizes, result_shape, "tensor slice")


def _source_index(
    b: SMTBuilder,
    position: Sequence[Term],
    kept: Sequence[int],
    offsets: Sequence[Term],
    strides: Sequence[Term],
    rank: int,
) -> list[Term]:
    """The index in the big tensor of `position` in the slice."""
    full: list[Term] = []
    it = iter(position)
    for d in range(rank):
        i = next(it) if d in kept else b.bv_const(0, width_of(offsets[d]))
        full.append(b.add(offsets[d], b.binary(smt.BVMulOp, i, strides[d])))
    return full


def _slice_in_bounds(
    b: SMTBuilder,
    t: Tensor,
    offsets: Sequence[Term],
    sizes: Sequence[Term],
    strides: Sequence[Term],
) -> Term:
    """UB condition: the slice reaches outside the tensor (MLIR: out-of-bounds slices are
    undefined)."""
    bad: list[Term] = []
    for off, size, stride, full in zip(offsets, sizes, strides, t.sizes, strict=True):
        iw = width_of(off)
        wide = 2 * iw + 2
        last = b.add(
            b.zext(off, wide),
            b.binary(
                smt.BVMulOp, b.sub(b.zext(size, wide), b.bv_const(1, wide)), b.zext(stride, wide)
            ),
        )
        nonempty = b.ne(size, b.bv_const(0, iw))
        bad.append(b.and_(nonempty, b.not_(b.cmp(P.ULT, last, b.zext(full, wide)))))
        # Even an empty slice may not start past the end (MLIR's runtime op verification).
        bad.append(b.and_(b.not_(nonempty), b.cmp(P.UGT, off, full)))
    return b.or_(*bad)


@semantics_rule("tensor.extract_slice")
def extract_slice(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[object]:
    assert isinstance(op, tensor.ExtractSliceOp)
    b = ctx.smt
    t = _tensor(args[0], op.name)
    offsets, sizes, strides, poison = _slice_parameters(op, _pairs(args[1:]), ctx)
    ctx.ub_if(b.or_(poison, _slice_in_bounds(b, t, offsets, sizes, strides)))
    typ = tensor_type(op.result.type, op.name)
    kept = _kept(sizes, list(typ.get_shape()), b)
    out_sizes = [sizes[d] for d in kept]
    result = fresh_tensor(b, t.element, t.width, out_sizes, ctx.index_width)
    writes = []
    for position in shape_positions(b, out_sizes, MAX_ELEMENTWISE, op.name):
        pos = [_index(ctx, i) for i in position]
        source = _source_index(b, pos, kept, offsets, strides, t.rank)
        writes.append((pos, t.read(b, source)))
    return [result.written(b, writes)]


@semantics_rule("tensor.insert_slice")
def insert_slice(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[object]:
    assert isinstance(op, tensor.InsertSliceOp)
    b = ctx.smt
    source = _tensor(args[0], op.name)
    dest = _tensor(args[1], op.name)
    offsets, sizes, strides, poison = _slice_parameters(op, _pairs(args[2:]), ctx)
    ctx.ub_if(b.or_(poison, _slice_in_bounds(b, dest, offsets, sizes, strides)))
    kept = _kept(sizes, list(tensor_type(op.source.type, op.name).get_shape()), b)
    # The source must have the slice's (kept) sizes; otherwise undefined.
    mismatch = [b.ne(sizes[d], s) for d, s in zip(kept, source.sizes, strict=True)]
    ctx.ub_if(b.or_(*mismatch))
    writes = []
    for position in shape_positions(b, source.sizes, MAX_ELEMENTWISE, op.name):
        pos = [_index(ctx, i) for i in position]
        target = _source_index(b, pos, kept, offsets, strides, dest.rank)
        writes.append((target, source.read(b, pos)))
    return [dest.written(b, writes)]


def _reassociation(op: Operation) -> list[list[int]]:
    groups = op.properties["reassociation"]
    return [[int(i.value.data) for i in group.data] for group in groups.data]  # type: ignore[attr-defined]


@semantics_rule("tensor.collapse_shape")
def collapse_shape(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[object]:
    """Row-major order is kept: the same elements, grouped sizes multiplied."""
    b = ctx.smt
    t = _tensor(args[0], op.name)
    sizes = [element_count(b, [t.sizes[d] for d in g], ctx.index_width) for g in _reassociation(op)]
    return [Tensor(t.element, t.width, tuple(sizes), t.values, t.poison)]


@semantics_rule("tensor.expand_shape")
def expand_shape(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[object]:
    assert isinstance(op, tensor.ExpandShapeOp)
    b = ctx.smt
    t = _tensor(args[0], op.name)
    sizes, poison = mixed(ctx, op.static_output_shape, _pairs(args[1:]))
    wrong = []
    for d, group in enumerate(_reassociation(op)):
        product = element_count(b, [sizes[e] for e in group], ctx.index_width)
        wrong.append(b.ne(product, t.sizes[d]))
    # MLIR: output sizes that do not multiply to the source size are undefined behavior.
    ctx.ub_if(b.or_(poison, *wrong))
    return [Tensor(t.element, t.width, tuple(sizes), t.values, t.poison)]


@semantics_rule("tensor.from_elements")
def from_elements(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[object]:
    b = ctx.smt
    typ = tensor_type(op.results[0].type, op.name)
    element = typ.get_element_type()
    sizes = [_index(ctx, s) for s in typ.get_shape()]
    t = fresh_tensor(b, element, ctx.width(element), sizes, ctx.index_width)
    positions = shape_positions(b, sizes, MAX_ELEMENTWISE, op.name)
    writes = [
        ([_index(ctx, i) for i in p], v) for p, v in zip(positions, _pairs(args), strict=True)
    ]
    return [t.written(b, writes)]


@semantics_rule("tensor.splat")
def splat(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[object]:
    b = ctx.smt
    value = args[0]
    assert isinstance(value, Pair)
    typ = tensor_type(op.results[0].type, op.name)
    sizes = result_sizes(ctx, typ, _pairs(args[1:]))
    ctx.ub_if(b.or_(*(s.poison for s in sizes)))
    iw = ctx.index_width
    element = typ.get_element_type()
    return [
        Tensor(
            element,
            ctx.width(element),
            tuple(s.value for s in sizes),
            Contents(b, b.const_array(iw, value.value), iw),
            Contents(b, b.const_array(iw, value.poison), iw),
        )
    ]


# --- bufferization ---------------------------------------------------------------------------


def view_to_tensor(ctx: LoweringContext, ref: MemRef, what: str) -> Tensor:
    """The current contents of a buffer view, as a tensor (UB if it cannot be read)."""
    b = ctx.smt
    memory = memory_of(ctx)
    width = ctx.width(ref.element)
    t = fresh_tensor(b, ref.element, width, ref.sizes, ctx.index_width)
    writes = []
    for position in shape_positions(b, ref.sizes, MAX_ELEMENTWISE, what):
        pos = [_index(ctx, i) for i in position]
        access = locate(b, memory, ref, [Pair(p, b.false()) for p in pos], writing=False)
        ctx.ub_if(access.ub)
        writes.append((pos, read(b, access)))
    return t.written(b, writes)


@semantics_rule("bufferization.to_tensor")
def to_tensor(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[object]:
    ref = args[0]
    if not isinstance(ref, MemRef):
        raise UnsupportedOp(f"{op.name}: operand is not a memref")
    return [view_to_tensor(ctx, ref, op.name)]


@semantics_rule("bufferization.to_buffer", "bufferization.to_memref")
def to_buffer(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[object]:
    """A new buffer holding the tensor's elements (row-major, contiguous)."""
    b = ctx.smt
    t = _tensor(args[0], op.name)
    memory = memory_of(ctx)
    count = element_count(b, t.sizes, ctx.index_width)
    block = new_block(
        b,
        memory,
        t.element,
        t.width,
        count,
        ctx.index_width,
        f"buffer of a tensor #{memory.next_id}",
        "heap",
        (t.values.copy(), t.poison.copy()),
    )
    return [contiguous_view(b, block, t.sizes)]
