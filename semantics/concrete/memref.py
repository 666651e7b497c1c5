"""Concrete semantics of the `memref` dialect, over `irproof.semantics.concrete.memory`.

Written from the `memref` op documentation apart from the SMT rules. A memref value is a
`ConcreteView` (block, offset, sizes, strides, in elements); view arithmetic is the
descriptor's, index-width (offsets and sizes kept unsigned, strides signed).

- `alloc`/`alloca` make a fresh block, all poison (a new allocation's contents are
  undefined); a poison dynamic size is UB. `dealloc` kills a block: UB for a poison view, a
  dead block, or one that `alloc` (or the caller: an argument) did not allocate.
- `load`/`store` (and every element `copy` reads or writes) are UB for a poison view or
  index, an index outside `[0, size_d)`, an element outside the block, a dead block, and a
  store into a constant global. `copy` is UB if the shapes differ; it reads every source
  element, then writes them all.
- Views are never UB to make (`subview`, `reinterpret_cast`, `extract_strided_metadata`,
  `assume_alignment`), except where the docs call a runtime mismatch undefined: `cast` to
  a static size, stride or offset the view does not have; `collapse_shape` of a group that
  is not contiguous (dimensions of size 1 aside); `expand_shape` whose output sizes do not
  multiply to the source size. A view made from a poison operand is poison.
- `dim` is UB for a poison index or one not below the rank.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TypeAlias, cast

from xdsl.dialects import memref
from xdsl.dialects.builtin import DenseArrayBase, MemRefType, NoneAttr, StridedLayoutAttr
from xdsl.ir import Attribute, Operation

from irproof.semantics.concrete.memory import (
    ConcreteMemory,
    contiguous_strides,
    contiguous_view,
    locate,
)
from irproof.semantics.concrete.registry import ConcreteEnv, UnsupportedOp, concrete_rule
from irproof.semantics.concrete.values import (
    POISON,
    ConcreteScalar,
    ConcreteValue,
    ConcreteView,
    Poison,
    UndefinedBehavior,
    to_signed,
    to_unsigned,
)

DYNAMIC = -(1 << 63)
"""How xDSL (like MLIR) spells `?` in static offset/size/stride lists and shapes."""

MAX_COPY_ELEMENTS = 1 << 20
"""`memref.copy` of more elements is given up (`UnsupportedOp`)."""

MixedValue: TypeAlias = int | Poison
"""A static value, or a dynamic operand (maybe poison)."""


# --- helpers -----------------------------------------------------------------------------


def memory_of(op: Operation, env: ConcreteEnv) -> ConcreteMemory:
    if env.memory is None:
        raise UnsupportedOp(op.name, "no memory to run it on")
    return env.memory


def view_of(op: Operation, value: ConcreteValue) -> ConcreteView:
    if not isinstance(value, ConcreteView):
        raise UnsupportedOp(op.name, f"operand {value!r} is not a memref view")
    return value


def scalar(op: Operation, value: ConcreteValue) -> int | Poison:
    if isinstance(value, ConcreteView):
        raise UnsupportedOp(op.name, "a memref where an index was expected")
    return value


def result_type(op: Operation, n: int = 0) -> MemRefType:
    typ = op.results[n].type
    if not isinstance(typ, MemRefType):
        raise UnsupportedOp(op.name, f"result of type {typ}")
    return typ


def make_view(
    element: Attribute,
    block: int,
    offset: int,
    sizes: Sequence[int],
    strides: Sequence[int],
    env: ConcreteEnv,
    poison: bool = False,
) -> ConcreteView:
    """A view, its fields brought into index-width range (descriptor arithmetic wraps)."""
    iw = env.index_width
    if poison:
        return ConcreteView(element, block, 0, (0,) * len(sizes), (0,) * len(sizes), True)
    return ConcreteView(
        element,
        block,
        to_unsigned(offset, iw),
        tuple(to_unsigned(s, iw) for s in sizes),
        tuple(to_signed(s, iw) for s in strides),
    )


def mixed(
    op: Operation, static: DenseArrayBase, dynamic: Sequence[ConcreteValue]
) -> list[MixedValue]:
    """The entries of a static list, each `?` taken in order from `dynamic`."""
    rest = iter(dynamic)
    values: list[MixedValue] = []
    for entry in cast(tuple[int, ...], static.get_values()):  # type: ignore[misc]
        values.append(scalar(op, next(rest)) if entry == DYNAMIC else int(entry))
    if next(rest, None) is not None:
        raise UnsupportedOp(op.name, "more dynamic operands than `?` entries")
    return values


def known(values: Sequence[MixedValue]) -> list[int] | None:
    """The values as ints, or None if any is poison."""
    if any(isinstance(v, Poison) for v in values):
        return None
    return [v for v in values if isinstance(v, int)]


def shape(op: Operation, typ: MemRefType, dynamic: Sequence[ConcreteValue]) -> list[MixedValue]:
    """The sizes of `typ`, each `?` taken in order from `dynamic`."""
    rest = iter(dynamic)
    return [scalar(op, next(rest)) if d == DYNAMIC else d for d in typ.get_shape()]


# --- allocation --------------------------------------------------------------------------


def _allocate(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv, kind: str
) -> list[ConcreteValue]:
    assert isinstance(op, memref.AllocOp | memref.AllocaOp)
    typ = result_type(op)
    if not isinstance(typ.layout, NoneAttr):
        raise UnsupportedOp(op.name, f"allocating layout {typ.layout}")
    if op.symbol_operands:
        raise UnsupportedOp(op.name, "symbol operands")
    sizes = known(shape(op, typ, args[: len(op.dynamic_sizes)]))
    if sizes is None:
        raise UndefinedBehavior(f"{op.name}: a size is poison")
    count = 1
    for size in sizes:
        count *= size
    element = typ.get_element_type()
    memory = memory_of(op, env)
    block = memory.allocate(
        element,
        env.width(element),
        count,
        kind,
        name=f"{op.name.removeprefix('memref.')} #{memory.next_id}",
    )
    return [contiguous_view(block, sizes, env.index_width)]


@concrete_rule("memref.alloc")
def alloc(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[ConcreteValue]:
    return _allocate(op, args, env, "heap")


@concrete_rule("memref.alloca")
def alloca(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[ConcreteValue]:
    return _allocate(op, args, env, "stack")


@concrete_rule("memref.dealloc")
def dealloc(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[ConcreteValue]:
    view = view_of(op, args[0])
    if view.poison:
        raise UndefinedBehavior(f"{op.name}: the memref is poison")
    block = memory_of(op, env).block(view)
    if not block.alive:
        raise UndefinedBehavior(f"{op.name}: {block.name} is deallocated already")
    if block.kind not in ("heap", "argument"):
        raise UndefinedBehavior(f"{op.name}: {block.name} was not allocated by memref.alloc")
    block.alive = False
    return []


# --- access ------------------------------------------------------------------------------


def _indices(op: Operation, args: Sequence[ConcreteValue]) -> list[int | Poison]:
    return [scalar(op, a) for a in args]


@concrete_rule("memref.load")
def load(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[ConcreteValue]:
    view = view_of(op, args[0])
    indices = _indices(op, args[1:])
    block, offset = locate(op.name, memory_of(op, env), view, indices, env.index_width, False)
    return [block.values[offset]]


@concrete_rule("memref.store")
def store(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[ConcreteValue]:
    value = scalar(op, args[0])
    view = view_of(op, args[1])
    indices = _indices(op, args[2:])
    block, offset = locate(op.name, memory_of(op, env), view, indices, env.index_width, True)
    block.values[offset] = value
    return []


@concrete_rule("memref.copy")
def copy(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[ConcreteValue]:
    source, target = view_of(op, args[0]), view_of(op, args[1])
    if source.poison or target.poison:
        raise UndefinedBehavior(f"{op.name}: a memref is poison")
    if source.sizes != target.sizes:
        raise UndefinedBehavior(
            f"{op.name}: source shape {list(source.sizes)} differs from target shape "
            f"{list(target.sizes)}"
        )
    count = 1
    for size in source.sizes:
        count *= size
    if count > MAX_COPY_ELEMENTS:
        raise UnsupportedOp(op.name, f"a copy of {count} elements")
    memory = memory_of(op, env)
    iw = env.index_width
    positions = list(itertools.product(*(range(s) for s in source.sizes)))
    values: list[ConcreteScalar] = []
    for position in positions:
        block, offset = locate(op.name, memory, source, position, iw, False)
        values.append(block.values[offset])
    for position, value in zip(positions, values, strict=True):
        block, offset = locate(op.name, memory, target, position, iw, True)
        block.values[offset] = value
    return []


# --- metadata ----------------------------------------------------------------------------


@concrete_rule("memref.dim")
def dim(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[ConcreteValue]:
    view = view_of(op, args[0])
    index = scalar(op, args[1])
    if isinstance(index, Poison):
        raise UndefinedBehavior(f"{op.name}: the index is poison")
    if index >= view.rank:
        raise UndefinedBehavior(f"{op.name}: dimension {index} of a rank-{view.rank} memref")
    return [POISON if view.poison else view.sizes[index]]


@concrete_rule("memref.rank")
def rank(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[ConcreteValue]:
    return [view_of(op, args[0]).rank]


@concrete_rule("memref.extract_strided_metadata")
def extract_strided_metadata(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> list[ConcreteValue]:
    """The base buffer (a rank-0 view of the block's first element), offset, sizes, strides."""
    view = view_of(op, args[0])
    base = ConcreteView(view.element, view.block, 0, (), (), view.poison)
    if view.poison:
        return [base, *([POISON] * (1 + 2 * view.rank))]
    strides = [to_unsigned(s, env.index_width) for s in view.strides]
    return [base, view.offset, *view.sizes, *strides]


@concrete_rule("memref.get_global")
def get_global(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> list[ConcreteValue]:
    assert isinstance(op, memref.GetGlobalOp)
    name = op.name_.root_reference.data
    memory = memory_of(op, env)
    if op.name_.nested_references.data or name not in memory.globals:
        raise UnsupportedOp(op.name, f"no memref.global @{name} in the module")
    block = memory.blocks[memory.globals[name]]
    sizes = list(result_type(op).get_shape())
    return [contiguous_view(block, sizes, env.index_width)]


# --- views -------------------------------------------------------------------------------


def _layout_mismatch(view: ConcreteView, typ: MemRefType, env: ConcreteEnv) -> str | None:
    """What of the sizes, strides and offset `typ` fixes statically the view does not have."""
    iw = env.index_width
    for d, (static, size) in enumerate(zip(typ.get_shape(), view.sizes, strict=True)):
        if static != DYNAMIC and static != size:
            return f"size {size} of dimension {d} is not {static}"
    layout = typ.layout
    if isinstance(layout, NoneAttr):
        if view.strides != contiguous_strides(view.sizes, iw) or view.offset != 0:
            return "the view is not contiguous from offset 0 (identity layout)"
        return None
    if not isinstance(layout, StridedLayoutAttr):
        raise UnsupportedOp("memref.cast", f"layout {layout}")
    for d, (fixed, stride) in enumerate(zip(layout.get_strides(), view.strides, strict=True)):
        if fixed is not None and to_signed(fixed, iw) != stride:
            return f"stride {stride} of dimension {d} is not {fixed}"
    fixed_offset = layout.get_offset()
    if fixed_offset is not None and to_unsigned(fixed_offset, iw) != view.offset:
        return f"offset {view.offset} is not {fixed_offset}"
    return None


@concrete_rule("memref.cast")
def cast_(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[ConcreteValue]:
    """The same view; UB if it lacks a size, stride or offset the result type fixes."""
    view = view_of(op, args[0])
    if not view.poison:
        mismatch = _layout_mismatch(view, result_type(op), env)
        if mismatch is not None:
            raise UndefinedBehavior(f"{op.name}: {mismatch}")
    return [view]


@concrete_rule("memref.assume_alignment")
def assume_alignment(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> list[ConcreteValue]:
    """Addresses are not modelled (elements are the unit of memory): the same view."""
    view = view_of(op, args[0])
    return [view] if op.results else []


def dropped_dimensions(sizes: Sequence[int], result_shape: Sequence[int]) -> set[int]:
    """The dimensions a rank-reducing subview drops: static size-1 dimensions, matched
    against the result shape from the left (a `?` matches a `?`)."""
    if len(sizes) == len(result_shape):
        return set()
    dropped: set[int] = set()
    r = 0
    for d, size in enumerate(sizes):
        if r < len(result_shape) and size == result_shape[r]:
            r += 1
            continue
        if size != 1:
            raise UnsupportedOp("memref.subview", "cannot tell which dimensions are dropped")
        dropped.add(d)
    if r != len(result_shape):
        raise UnsupportedOp("memref.subview", "cannot tell which dimensions are dropped")
    return dropped


def _offsets_sizes_strides(
    op: memref.SubviewOp | memref.ReinterpretCastOp, args: Sequence[ConcreteValue]
) -> tuple[list[MixedValue], list[MixedValue], list[MixedValue]]:
    n_off, n_size = len(op.offsets), len(op.sizes)
    dynamic = args[1:]
    return (
        mixed(op, op.static_offsets, dynamic[:n_off]),
        mixed(op, op.static_sizes, dynamic[n_off : n_off + n_size]),
        mixed(op, op.static_strides, dynamic[n_off + n_size :]),
    )


@concrete_rule("memref.subview")
def subview(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[ConcreteValue]:
    """offset' = offset + sum(o_d * stride_d), size'_d = s_d, stride'_d = stride_d * t_d;
    the static size-1 dimensions the result type drops are left out."""
    assert isinstance(op, memref.SubviewOp)
    view = view_of(op, args[0])
    offsets, sizes, steps = _offsets_sizes_strides(op, args)
    static_sizes = cast(tuple[int, ...], op.static_sizes.get_values())  # type: ignore[misc]
    dropped = dropped_dimensions(static_sizes, result_type(op).get_shape())
    rank = len(sizes) - len(dropped)
    o, s, t = known(offsets), known(sizes), known(steps)
    if view.poison or o is None or s is None or t is None:
        return [make_view(view.element, view.block, 0, [0] * rank, [0] * rank, env, True)]
    iw = env.index_width
    offset = view.offset + sum(x * stride for x, stride in zip(o, view.strides, strict=True))
    strides = [stride * to_signed(step, iw) for stride, step in zip(view.strides, t, strict=True)]
    kept = [d for d in range(len(s)) if d not in dropped]
    return [
        make_view(
            view.element,
            view.block,
            offset,
            [s[d] for d in kept],
            [strides[d] for d in kept],
            env,
        )
    ]


@concrete_rule("memref.reinterpret_cast")
def reinterpret_cast(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> list[ConcreteValue]:
    """A view of the same block with the given offset (from the block's start), sizes and
    strides."""
    assert isinstance(op, memref.ReinterpretCastOp)
    view = view_of(op, args[0])
    offsets, sizes, strides = _offsets_sizes_strides(op, args)
    o, s, t = known(offsets), known(sizes), known(strides)
    if view.poison or o is None or s is None or t is None:
        rank = len(sizes)
        return [make_view(view.element, view.block, 0, [0] * rank, [0] * rank, env, True)]
    iw = env.index_width
    return [make_view(view.element, view.block, o[0], s, [to_signed(x, iw) for x in t], env)]


def reassociation(op: memref.CollapseShapeOp | memref.ExpandShapeOp) -> list[list[int]]:
    return [[int(i.value.data) for i in group.data] for group in op.reassociation.data]


def _product(values: Sequence[int]) -> int:
    total = 1
    for v in values:
        total *= v
    return total


@concrete_rule("memref.collapse_shape")
def collapse_shape(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> list[ConcreteValue]:
    """Each group of dimensions becomes one: its size the product, its stride that of the
    group's innermost dimension of size other than 1 (else of its innermost); UB if the
    group's elements are not contiguous (ignoring dimensions of size 1)."""
    assert isinstance(op, memref.CollapseShapeOp)
    view = view_of(op, args[0])
    groups = reassociation(op)
    if view.poison:
        rank = len(groups)
        return [make_view(view.element, view.block, 0, [0] * rank, [0] * rank, env, True)]
    iw = env.index_width
    sizes: list[int] = []
    strides: list[int] = []
    for group in groups:
        size = _product([view.sizes[d] for d in group])
        wide = [d for d in group if view.sizes[d] != 1]
        if size != 0:
            for outer, inner in itertools.pairwise(wide):
                want = to_signed(view.strides[inner] * view.sizes[inner], iw)
                if view.strides[outer] != want:
                    raise UndefinedBehavior(
                        f"{op.name}: dimensions {group} are not contiguous (stride "
                        f"{view.strides[outer]} of dimension {outer}, expected {want})"
                    )
        sizes.append(size)
        strides.append(view.strides[wide[-1] if wide else group[-1]])
    return [make_view(view.element, view.block, view.offset, sizes, strides, env)]


@concrete_rule("memref.expand_shape")
def expand_shape(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> list[ConcreteValue]:
    """Each dimension splits into its group: a new dimension's stride is the source stride
    times the sizes of the later dimensions of the group; UB if a group's sizes do not
    multiply to the source size."""
    assert isinstance(op, memref.ExpandShapeOp)
    view = view_of(op, args[0])
    out = known(mixed(op, op.static_output_shape, args[1:]))
    rank = len(op.static_output_shape)
    if view.poison or out is None:
        return [make_view(view.element, view.block, 0, [0] * rank, [0] * rank, env, True)]
    strides = [1] * rank
    for d, group in enumerate(reassociation(op)):
        if _product([out[e] for e in group]) != view.sizes[d]:
            raise UndefinedBehavior(
                f"{op.name}: sizes {[out[e] for e in group]} do not multiply to the source "
                f"size {view.sizes[d]} of dimension {d}"
            )
        running = view.strides[d]
        for e in reversed(group):
            strides[e] = running
            running *= out[e]
    return [make_view(view.element, view.block, view.offset, out, strides, env)]


# --- affine.load / affine.store --------------------------------------------------------------


def _affine_indices(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> list[int | Poison]:
    """The access indices: the op's map (if any) applied to its index operands."""
    from irproof.semantics.concrete.affine import map_results

    operands = _indices(op, args)
    attr = op.properties.get("map") or op.attributes.get("map")
    if attr is None:
        return operands
    return [scalar(op, v) for v in map_results(attr.data, operands, env)]  # type: ignore[attr-defined]


@concrete_rule("affine.load")
def affine_load(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> list[ConcreteValue]:
    view = view_of(op, args[0])
    indices = _affine_indices(op, args[1:], env)
    block, offset = locate(op.name, memory_of(op, env), view, indices, env.index_width, False)
    return [block.values[offset]]


@concrete_rule("affine.store")
def affine_store(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> list[ConcreteValue]:
    value = scalar(op, args[0])
    view = view_of(op, args[1])
    indices = _affine_indices(op, args[2:], env)
    block, offset = locate(op.name, memory_of(op, env), view, indices, env.index_width, True)
    block.values[offset] = value
    return []
