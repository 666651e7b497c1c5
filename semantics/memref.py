"""Semantics of the `memref` dialect, over the memory model of `irproof.semantics.memory`.

One rule per op. Views (`subview`, `cast`, `reinterpret_cast`, `collapse_shape`,
`expand_shape`, `extract_strided_metadata`) compute offsets, sizes and strides as MLIR's
strided layout defines them and never touch memory; `load`/`store`/`copy` access it and
check bounds and liveness (UB otherwise); `alloc`/`alloca`/`dealloc` create and kill
blocks. Where MLIR's docs call a mismatch undefined (`memref.cast` to a static size,
offset or stride the runtime descriptor does not have; `memref.dim` of a non-existent
dimension; `memref.copy` between different shapes), it is UB here. A view made from a
poison operand is a poison view: accessing it is UB.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from xdsl.dialects import memref, smt
from xdsl.dialects.builtin import DenseArrayBase, MemRefType
from xdsl.ir import Attribute, Operation

from irproof.dialects.smt.bv import BVCmpPredicate as P
from irproof.semantics.builder import Pair, SMTBuilder, Term
from irproof.semantics.lowering import LoweringContext, UnsupportedOp, semantics_rule
from irproof.semantics.memory import (
    DYNAMIC,
    MemRef,
    UnsupportedShape,
    block_ids,
    contiguous_view,
    element_count,
    identity_strides,
    layout_of,
    locate,
    new_block,
    read,
    static_positions,
    static_sizes,
    write,
)

MAX_COPY_ELEMENTS = 1 << 16
"""`memref.copy` is unrolled element by element up to this many elements (static shapes)."""


def shape_positions(
    b: SMTBuilder, sizes: Sequence[Term], limit: int, what: str
) -> list[tuple[int, ...]]:
    """`static_positions`, a shape it cannot take being an unsupported op."""
    try:
        return static_positions(b, sizes, limit, what)
    except UnsupportedShape as error:
        raise UnsupportedOp(str(error)) from None


def memory_of(ctx: LoweringContext):
    if ctx.memory is None:
        raise UnsupportedOp("memref ops need a memory (the function has none)")
    return ctx.memory


def memref_type(typ: Attribute, what: str) -> MemRefType:
    if not isinstance(typ, MemRefType):
        raise UnsupportedOp(f"{what}: type {typ} is not a ranked memref")
    return typ


def _view(value: object, what: str) -> MemRef:
    if not isinstance(value, MemRef):
        raise UnsupportedOp(f"{what}: operand is not a memref view")
    return value


def _index(ctx: LoweringContext, value: int) -> Term:
    return ctx.smt.bv_const(value, ctx.index_width)


def mixed(
    ctx: LoweringContext, static: DenseArrayBase, dynamic: Sequence[Pair]
) -> tuple[list[Term], Term]:
    """Static values with `?` entries taken, in order, from `dynamic`; and whether any
    dynamic one is poison."""
    b = ctx.smt
    values: list[Term] = []
    rest = iter(dynamic)
    poison: list[Term] = []
    for entry in static.get_values():
        if entry == DYNAMIC:
            pair = next(rest)
            values.append(pair.value)
            poison.append(pair.poison)
        else:
            values.append(_index(ctx, int(entry)))
    return values, b.or_(*poison)


def shape_sizes(ctx: LoweringContext, typ: MemRefType, dynamic: Sequence[Pair]) -> list[Pair]:
    """The sizes of a shaped type, `?` ones from `dynamic` in order."""
    b = ctx.smt
    rest = iter(dynamic)
    sizes: list[Pair] = []
    for size in static_sizes(typ):
        sizes.append(next(rest) if size is None else Pair(_index(ctx, size), b.false()))
    return sizes


# --- allocation --------------------------------------------------------------------------


def _allocate(op: Operation, args: Sequence[Pair], ctx: LoweringContext, kind: str) -> MemRef:
    typ = memref_type(op.results[0].type, op.name)
    if not layout_of(typ).identity:
        raise UnsupportedOp(f"{op.name} with layout {typ.layout}")
    b = ctx.smt
    dynamic = list(args)[: len(op.dynamic_sizes)]
    sizes = shape_sizes(ctx, typ, dynamic)
    ctx.ub_if(b.or_(*(s.poison for s in sizes)))
    element = typ.get_element_type()
    width = ctx.width(element)
    memory = memory_of(ctx)
    count = element_count(b, [s.value for s in sizes], ctx.index_width)
    name = f"{op.name.removeprefix('memref.')} #{memory.next_id}"
    block = new_block(b, memory, element, width, count, ctx.index_width, name, kind)
    return contiguous_view(b, block, [s.value for s in sizes])


@semantics_rule("memref.alloc")
def alloc(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[object]:
    return [_allocate(op, args, ctx, "heap")]


@semantics_rule("memref.alloca")
def alloca(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[object]:
    return [_allocate(op, args, ctx, "stack")]


@semantics_rule("memref.dealloc")
def dealloc(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[object]:
    """Kills the block; UB if it is dead already, or not from `alloc` (or the caller)."""
    b = ctx.smt
    ref = _view(args[0], op.name)
    memory = memory_of(ctx)
    bad = [ref.poison]
    for k, cond in block_ids(b, ref):
        block = memory.blocks[k]
        freeable = block.kind in ("heap", "argument")
        bad.append(b.and_(cond, b.or_(b.not_(block.alive), b.bool_const(not freeable))))
    ctx.ub_if(b.or_(*bad))
    for k, cond in block_ids(b, ref):
        block = memory.blocks[k]
        block.alive = b.and_(block.alive, b.not_(b.and_(ctx.path, cond)))
    return []


# --- access ------------------------------------------------------------------------------


def load_at(ctx: LoweringContext, ref: MemRef, indices: Sequence[Pair]) -> Pair:
    """The element `ref[indices]` (UB if the access is invalid)."""
    access = locate(ctx.smt, memory_of(ctx), ref, indices, writing=False)
    ctx.ub_if(access.ub)
    return read(ctx.smt, access)


def store_at(ctx: LoweringContext, ref: MemRef, indices: Sequence[Pair], value: Pair) -> None:
    """Write `ref[indices] = value` on the current path (UB if the access is invalid)."""
    access = locate(ctx.smt, memory_of(ctx), ref, indices, writing=True)
    ctx.ub_if(access.ub)
    write(ctx.smt, access, value, ctx.path)


def _scalar(value: object) -> Pair:
    assert isinstance(value, Pair)
    return value


@semantics_rule("memref.load")
def load(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[Pair]:
    indices = [_scalar(a) for a in args[1:]]
    return [load_at(ctx, _view(args[0], op.name), indices)]


@semantics_rule("memref.store")
def store(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[object]:
    indices = [_scalar(a) for a in args[2:]]
    store_at(ctx, _view(args[1], op.name), indices, _scalar(args[0]))
    return []


@semantics_rule("memref.copy")
def copy(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[object]:
    """Reads every element of the source, then writes them to the target (UB if the
    shapes differ or an access is out of bounds)."""
    b = ctx.smt
    source, target = _view(args[0], op.name), _view(args[1], op.name)
    ctx.ub_if(b.or_(*(b.ne(x, y) for x, y in zip(source.sizes, target.sizes, strict=True))))
    memory = memory_of(ctx)
    elements = shape_positions(b, source.sizes, MAX_COPY_ELEMENTS, op.name)
    values: list[Pair] = []
    for position in elements:
        indices = [Pair(_index(ctx, i), b.false()) for i in position]
        access = locate(b, memory, source, indices, writing=False)
        ctx.ub_if(access.ub)
        values.append(read(b, access))
    for position, value in zip(elements, values, strict=True):
        indices = [Pair(_index(ctx, i), b.false()) for i in position]
        access = locate(b, memory, target, indices, writing=True)
        ctx.ub_if(access.ub)
        write(b, access, value, ctx.path)
    return []


# --- views -------------------------------------------------------------------------------


@semantics_rule("memref.dim")
def dim(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[Pair]:
    """The size of a dimension; UB if the index is not less than the rank (or poison)."""
    b = ctx.smt
    ref = _view(args[0], op.name)
    index = args[1]
    assert isinstance(index, Pair)
    rank = _index(ctx, ref.rank)
    ctx.ub_if(b.or_(index.poison, b.not_(b.cmp(P.ULT, index.value, rank))))
    value = _index(ctx, 0)
    for d, size in enumerate(ref.sizes):
        value = b.ite(b.eq(index.value, _index(ctx, d)), size, value)
    return [Pair(value, ref.poison)]


@semantics_rule("memref.rank")
def rank(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[Pair]:
    ref = _view(args[0], op.name)
    return [Pair(_index(ctx, ref.rank), ctx.smt.false())]


def _check_layout(ctx: LoweringContext, ref: MemRef, typ: MemRefType) -> Term:
    """The condition under which the runtime view `ref` does not have the sizes, strides
    and offset `typ` fixes statically."""
    b = ctx.smt
    layout = layout_of(typ)
    wrong: list[Term] = []
    for size, static in zip(ref.sizes, static_sizes(typ), strict=True):
        if static is not None:
            wrong.append(b.ne(size, _index(ctx, static)))
    if layout.identity:
        expected = identity_strides(b, ref.sizes)
        wrong += [b.ne(x, y) for x, y in zip(ref.strides, expected, strict=True)]
        wrong.append(b.ne(ref.offset, _index(ctx, 0)))
    else:
        for stride, static in zip(ref.strides, layout.strides, strict=True):
            if static is not None:
                wrong.append(b.ne(stride, _index(ctx, static)))
        if layout.offset is not None:
            wrong.append(b.ne(ref.offset, _index(ctx, layout.offset)))
    return b.or_(*wrong)


@semantics_rule("memref.cast")
def cast(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[object]:
    """The same view; UB if it does not match what the result type fixes statically."""
    ref = _view(args[0], op.name)
    typ = memref_type(op.results[0].type, op.name)
    ctx.ub_if(ctx.smt.and_(ctx.smt.not_(ref.poison), _check_layout(ctx, ref, typ)))
    return [ref]


@semantics_rule("memref.assume_alignment")
def assume_alignment(
    op: Operation, args: Sequence[object], ctx: LoweringContext
) -> Sequence[object]:
    """Alignment is not modelled (elements are the unit of memory): the same view."""
    return [_view(args[0], op.name)] if op.results else []


@semantics_rule("memref.subview")
def subview(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[object]:
    """offset' = offset + sum(o_d * stride_d), stride'_d = stride_d * s_d; dimensions of
    static size 1 the result type drops are left out (rank-reducing)."""
    assert isinstance(op, memref.SubviewOp)
    b = ctx.smt
    ref = _view(args[0], op.name)
    pairs = [a for a in args[1:] if isinstance(a, Pair)]
    n_off, n_size = len(op.offsets), len(op.sizes)
    offsets, p1 = mixed(ctx, op.static_offsets, pairs[:n_off])
    sizes, p2 = mixed(ctx, op.static_sizes, pairs[n_off : n_off + n_size])
    steps, p3 = mixed(ctx, op.static_strides, pairs[n_off + n_size :])
    offset = ref.offset
    for o, stride in zip(offsets, ref.strides, strict=True):
        offset = b.add(offset, b.binary(smt.BVMulOp, o, stride))
    strides = [b.binary(smt.BVMulOp, s, st) for s, st in zip(ref.strides, steps, strict=True)]
    typ = memref_type(op.result.type, op.name)
    kept = _kept_dimensions(b, sizes, list(typ.get_shape()), op.name)
    return [
        MemRef(
            ref.element,
            ref.block,
            ref.candidates,
            offset,
            tuple(sizes[d] for d in kept),
            tuple(strides[d] for d in kept),
            b.or_(ref.poison, p1, p2, p3),
        )
    ]


def _kept_dimensions(
    b: SMTBuilder, sizes: Sequence[Term], result_shape: Sequence[int], what: str
) -> list[int]:
    """Which source dimensions a (possibly rank-reducing) subview keeps: dropped ones have
    static size 1, matched from the left like MLIR's `computeRankReductionMask`."""
    if len(result_shape) == len(sizes):
        return list(range(len(sizes)))
    kept: list[int] = []
    r = 0
    for d, size in enumerate(sizes):
        known = b.known_bv(size)
        wanted = result_shape[r] if r < len(result_shape) else None
        if wanted is not None and (wanted == DYNAMIC or known is None or known == wanted):
            kept.append(d)
            r += 1
        elif known != 1:
            raise UnsupportedOp(f"{what}: cannot tell which dimensions are dropped")
    if len(kept) != len(result_shape):
        raise UnsupportedOp(f"{what}: cannot tell which dimensions are dropped")
    return kept


@semantics_rule("memref.reinterpret_cast")
def reinterpret_cast(
    op: Operation, args: Sequence[object], ctx: LoweringContext
) -> Sequence[object]:
    """A new view of the same block: the offset counts from the block's start."""
    assert isinstance(op, memref.ReinterpretCastOp)
    b = ctx.smt
    ref = _view(args[0], op.name)
    pairs = [a for a in args[1:] if isinstance(a, Pair)]
    n_off, n_size = len(op.offsets), len(op.sizes)
    offsets, p1 = mixed(ctx, op.static_offsets, pairs[:n_off])
    sizes, p2 = mixed(ctx, op.static_sizes, pairs[n_off : n_off + n_size])
    strides, p3 = mixed(ctx, op.static_strides, pairs[n_off + n_size :])
    return [
        MemRef(
            ref.element,
            ref.block,
            ref.candidates,
            offsets[0],
            tuple(sizes),
            tuple(strides),
            b.or_(ref.poison, p1, p2, p3),
        )
    ]


def _reassociation(op: Operation) -> list[list[int]]:
    groups = op.properties["reassociation"]
    return [[int(i.value.data) for i in group.data] for group in groups.data]  # type: ignore[attr-defined]


@semantics_rule("memref.collapse_shape")
def collapse_shape(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[object]:
    """Each group of dimensions becomes one: size the product, stride that of the innermost
    dimension not of size 1. Collapsing dimensions that are not contiguous is UB (MLIR:
    "Collapsing non-contiguous dimensions is undefined behavior"); dimensions of static
    size 1 may have any stride."""
    b = ctx.smt
    ref = _view(args[0], op.name)
    sizes: list[Term] = []
    strides: list[Term] = []
    gaps: list[Term] = []
    for group in _reassociation(op):
        size = _index(ctx, 1)
        for d in group:
            size = b.binary(smt.BVMulOp, size, ref.sizes[d])
        sizes.append(size)
        real = [d for d in group if b.known_bv(ref.sizes[d]) != 1]
        inner = real[-1] if real else (group[-1] if group else None)
        strides.append(ref.strides[inner] if inner is not None else _index(ctx, 1))
        for outer, nxt in itertools.pairwise(real):
            expected = b.binary(smt.BVMulOp, ref.strides[nxt], ref.sizes[nxt])
            gaps.append(b.ne(ref.strides[outer], expected))
    ctx.ub_if(b.and_(b.not_(ref.poison), b.or_(*gaps)))
    return [replace_shape(ref, sizes, strides)]


@semantics_rule("memref.expand_shape")
def expand_shape(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[object]:
    """Each dimension splits into a group: strides are the source stride times the sizes
    of the later dimensions of the group; UB if a group's sizes do not multiply to the
    dimension's size."""
    assert isinstance(op, memref.ExpandShapeOp)
    b = ctx.smt
    ref = _view(args[0], op.name)
    pairs = [a for a in args[1:] if isinstance(a, Pair)]
    out_sizes, poison = mixed(ctx, op.static_output_shape, pairs)
    sizes: list[Term] = list(out_sizes)  # a rank-0 source: every dimension has size 1
    strides: list[Term] = [_index(ctx, 1)] * len(out_sizes)
    wrong: list[Term] = []
    for d, group in enumerate(_reassociation(op)):
        running = ref.strides[d]
        product = _index(ctx, 1)
        for e in reversed(group):
            strides[e] = running
            running = b.binary(smt.BVMulOp, running, out_sizes[e])
            product = b.binary(smt.BVMulOp, product, out_sizes[e])
        wrong.append(b.ne(product, ref.sizes[d]))
    # MLIR: output sizes that do not multiply to the source size are undefined behavior.
    ctx.ub_if(b.and_(b.not_(b.or_(ref.poison, poison)), b.or_(*wrong)))
    return [replace_shape(ref, sizes, strides, b.or_(ref.poison, poison))]


def replace_shape(
    ref: MemRef, sizes: Sequence[Term], strides: Sequence[Term], poison: Term | None = None
) -> MemRef:
    """`ref` with new sizes and strides (and poison flag)."""
    return MemRef(
        ref.element,
        ref.block,
        ref.candidates,
        ref.offset,
        tuple(sizes),
        tuple(strides),
        ref.poison if poison is None else poison,
    )


@semantics_rule("memref.extract_strided_metadata")
def extract_strided_metadata(
    op: Operation, args: Sequence[object], ctx: LoweringContext
) -> Sequence[object]:
    """The base buffer (a rank-0 view at offset 0 of the block), offset, sizes, strides."""
    ref = _view(args[0], op.name)
    zero = _index(ctx, 0)
    base = MemRef(ref.element, ref.block, ref.candidates, zero, (), (), ref.poison)
    scalars = [ref.offset, *ref.sizes, *ref.strides]
    return [base, *(Pair(v, ref.poison) for v in scalars)]


@semantics_rule("memref.get_global")
def get_global(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[object]:
    assert isinstance(op, memref.GetGlobalOp)
    name = op.name_.root_reference.data
    memory = memory_of(ctx)
    if name not in memory.globals:
        raise UnsupportedOp(f"memref.get_global @{name}: no such memref.global in the module")
    block = memory.blocks[memory.globals[name]]
    typ = memref_type(op.memref.type, op.name)
    sizes = [_index(ctx, s) for s in static_sizes(typ) if s is not None]
    return [contiguous_view(ctx.smt, block, sizes)]


# --- affine.load / affine.store: memref accesses at an affine map of the indices ----------


def _affine_indices(op: Operation, operands: Sequence[Pair], ctx: LoweringContext) -> list[Pair]:
    from irproof.semantics.affine import map_results

    attr = op.properties.get("map") or op.attributes.get("map")
    if attr is None:  # no map: the indices themselves
        return list(operands)
    return map_results(ctx, attr.data, operands)  # type: ignore[attr-defined]


@semantics_rule("affine.load")
def affine_load(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[Pair]:
    """`memref.load` at the map's results (a poison index, e.g. an overflowing map, is UB)."""
    indices = _affine_indices(op, [_scalar(a) for a in args[1:]], ctx)
    return [load_at(ctx, _view(args[0], op.name), indices)]


@semantics_rule("affine.store")
def affine_store(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[object]:
    indices = _affine_indices(op, [_scalar(a) for a in args[2:]], ctx)
    store_at(ctx, _view(args[1], op.name), indices, _scalar(args[0]))
    return []
