"""The memory a refinement query starts from: argument blocks, aliasing, globals.

Each memref argument is a view into a block of the caller's memory. Arguments of the same
element type may alias (DESIGN.md): which of them share a block is an *aliasing
configuration*, a partition of those arguments. `alias_configurations` lists every one
(with `--noalias`, only "all apart"), and the verifier checks each separately: within one
configuration block ids are constants, so accesses fold as in a program without aliasing.
Arguments sharing a block all start at its beginning when their layout fixes offset 0
(identity layouts: an identity-layout memref starts at its buffer's aligned pointer) and
at a symbolic offset otherwise, so partial overlap is covered by strided layouts with a
dynamic offset.

A block's size is symbolic, at least the extent of every view into it (the caller's buffer
may be larger), below 2^(index width - 2); its contents and poison flags are fresh arrays,
shared by source and target. Views' dynamic sizes, strides and offsets are fresh symbols
(sizes and offsets non-negative). Constant `memref.global`s start with their initializer.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from xdsl.dialects import func, smt
from xdsl.dialects.builtin import (
    MemRefType,
    ModuleOp,
    TensorType,
)
from xdsl.ir import Attribute

from irproof.dialects.smt.bv import BVCmpPredicate as P
from irproof.semantics.builder import SMTBuilder, Term, width_of
from irproof.semantics.globals import declare_globals
from irproof.semantics.lowering import UnsupportedOp
from irproof.semantics.memory import (
    BLOCK_ID_WIDTH,
    DYNAMIC,
    Block,
    Contents,
    Memory,
    MemRef,
    identity_strides,
    layout_of,
    linear_offset,
    static_sizes,
)
from irproof.semantics.memref import shape_positions
from irproof.semantics.tensor_value import Tensor
from irproof.semantics.widths import TypeWidths

MAX_CONFIGURATIONS = 52
"""Aliasing configurations checked at most (all partitions of 5 same-typed arguments)."""

Aliasing = tuple[int, ...]
"""Per memref argument (in order), the number of the block it is in."""


@dataclass
class MemRefInput:
    """One memref argument of a query: its view and the symbols describing it."""

    position: int
    name: str
    type: MemRefType
    view: MemRef
    block: Block


@dataclass
class TensorInput:
    """One tensor argument of a query."""

    position: int
    name: str
    type: TensorType[Attribute]
    tensor: Tensor


@dataclass
class MemoryInputs:
    """What the memory side of a query starts from."""

    views: dict[int, MemRefInput] = field(default_factory=dict)
    """The memref arguments, by position."""
    initial: Memory = field(default_factory=Memory)
    assumptions: list[Term] = field(default_factory=list)
    """Facts about the inputs (sizes, extents) the query assumes."""
    argument_blocks: list[Block] = field(default_factory=list)
    aliasing: Aliasing = ()
    tensors: dict[int, TensorInput] = field(default_factory=dict)
    """The tensor arguments, by position."""
    target_views: dict[int, MemRefInput] = field(default_factory=dict)
    """Buffers the target gets for the source's tensor arguments, by position (a signature
    bufferized at the function boundary: `bufferize-function-boundaries`)."""

    def describe_aliasing(self) -> str:
        """e.g. `%a and %b alias`, empty when every argument has its own block."""
        groups: dict[int, list[str]] = {}
        for inp in self.views.values():
            groups.setdefault(inp.block.id, []).append(f"%{inp.name}")
        shared = [" and ".join(names) for names in groups.values() if len(names) > 1]
        return "; ".join(f"{s} alias" for s in shared)


def memref_arguments(function: func.FuncOp) -> list[tuple[int, MemRefType]]:
    return [
        (i, a.type)
        for i, a in enumerate(function.body.blocks[0].args)
        if isinstance(a.type, MemRefType)
    ]


def _partitions(items: Sequence[int]) -> Iterator[list[list[int]]]:
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for partition in _partitions(rest):
        yield [[first], *partition]
        for i in range(len(partition)):
            yield [*partition[:i], [first, *partition[i]], *partition[i + 1 :]]


def alias_configurations(function: func.FuncOp, noalias: bool) -> list[Aliasing]:
    """Every way the memref arguments may share blocks (same element type only), the
    configuration where none do first."""
    args = memref_arguments(function)
    if not args:
        return [()]
    by_element: dict[Attribute, list[int]] = {}
    for n, (_, typ) in enumerate(args):
        by_element.setdefault(typ.get_element_type(), []).append(n)
    if noalias:
        return [tuple(range(len(args)))]
    choices: list[list[list[list[int]]]] = [list(_partitions(g)) for g in by_element.values()]
    total = 1
    for c in choices:
        total *= len(c)
    if total > MAX_CONFIGURATIONS:
        raise UnsupportedOp(
            f"{total} ways for the memref arguments to alias (more than {MAX_CONFIGURATIONS}); "
            "use --noalias to assume they do not"
        )
    configurations: list[Aliasing] = []

    def combine(i: int, assignment: dict[int, int], next_block: int) -> None:
        if i == len(choices):
            configurations.append(tuple(assignment[n] for n in range(len(args))))
            return
        for partition in choices[i]:
            chosen = dict(assignment)
            for k, group in enumerate(partition):
                for n in group:
                    chosen[n] = next_block + k
            combine(i + 1, chosen, next_block + len(partition))

    combine(0, {}, 0)
    configurations.sort(key=lambda c: -len(set(c)))  # all apart first
    return configurations


def element_width(widths: TypeWidths, element: Attribute) -> int:
    width = widths.width(element)
    if width is None:
        raise UnsupportedOp(f"memref element type {element} has no semantics")
    return width


def _wide(b: SMTBuilder, x: Term, wide: int) -> Term:
    return b.sext(x, wide)


def declare_memory(
    b: SMTBuilder,
    module: ModuleOp,
    function: func.FuncOp,
    widths: TypeWidths,
    poison_inputs: bool,
    aliasing: Aliasing,
    reaches_beyond_views: bool = True,
) -> MemoryInputs:
    """Declare the argument blocks and views of `function` under `aliasing`, and the
    globals of `module`. Unless `reaches_beyond_views` (the functions may access elements
    outside their argument views: `memref.reinterpret_cast`), a block holding only
    statically shaped views is exactly as big as they need: more is never observed."""
    iw = widths.index_width
    inputs = MemoryInputs(aliasing=aliasing)
    memory = inputs.initial
    args = memref_arguments(function)
    blocks: dict[int, Block] = {}
    for n, (position, typ) in enumerate(args):
        group = aliasing[n] if aliasing else n
        element = typ.get_element_type()
        if group not in blocks:
            blocks[group] = _argument_block(b, memory, element, widths, poison_inputs)
            inputs.argument_blocks.append(blocks[group])
        block = blocks[group]
        arg = function.body.blocks[0].args[position]
        name = arg.name_hint or f"arg{position}"
        block.name = f"%{name}" if block.name == "" else f"{block.name}, %{name}"
        view, facts = _argument_view(b, typ, block, name, iw)
        inputs.assumptions += facts
        inputs.views[position] = MemRefInput(position, name, typ, view, block)
    for block in blocks.values():
        inputs.assumptions.append(b.cmp(P.ULE, block.size, b.bv_const(1 << (iw - 2), iw)))
        extent = _static_extent(b, [i.view for i in inputs.views.values() if i.block is block])
        if extent is not None and not reaches_beyond_views:
            inputs.assumptions.append(b.eq(block.size, b.bv_const(extent, iw)))
    declare_globals(b, module, memory, widths)
    for position, arg in enumerate(function.body.blocks[0].args):
        if isinstance(arg.type, TensorType):
            name = arg.name_hint or f"arg{position}"
            tensor, facts = _argument_tensor(b, arg.type, name, widths, poison_inputs)
            inputs.assumptions += facts
            inputs.tensors[position] = TensorInput(position, name, arg.type, tensor)
    return inputs


def _argument_tensor(
    b: SMTBuilder,
    typ: TensorType[Attribute],
    name: str,
    widths: TypeWidths,
    poison_inputs: bool,
) -> tuple[Tensor, list[Term]]:
    """A tensor argument: fresh element arrays, static or symbolic sizes (whose product
    stays below 2^(index width - 2))."""
    iw = widths.index_width
    element = typ.get_element_type()
    width = element_width(widths, element)
    facts: list[Term] = []
    sizes: list[Term] = []
    wide = 4 * iw
    product = b.bv_const(1, wide)
    for d, size in enumerate(typ.get_shape()):
        if size == DYNAMIC:
            term = b.declare(f"{name}_size{d}", smt.BitVectorType(iw))
            facts.append(b.cmp(P.ULE, term, b.bv_const(1 << (iw - 2), iw)))
        else:
            term = b.bv_const(size, iw)
        sizes.append(term)
        product = b.binary(smt.BVMulOp, product, b.zext(term, wide))
    facts.append(b.cmp(P.ULE, product, b.bv_const(1 << (iw - 2), wide)))
    values = b.declare_array(f"{name}_elements", iw, width)
    poison = (
        b.declare_array(f"{name}_poison", iw, None)
        if poison_inputs
        else b.const_array(iw, b.false())
    )
    tensor = Tensor(element, width, tuple(sizes), Contents(b, values, iw), Contents(b, poison, iw))
    return tensor, facts


def _static_extent(b: SMTBuilder, views: Sequence[MemRef]) -> int | None:
    """The elements a block needs for `views` (offset + the farthest element + 1), when
    they are all static."""
    extent = 0
    for view in views:
        known = [b.known_bv(t) for t in (view.offset, *view.sizes, *view.strides)]
        if any(k is None for k in known):
            return None
        iw = width_of(view.offset)
        offset, sizes, strides = known[0], known[1 : view.rank + 1], known[view.rank + 1 :]
        if any(s == 0 for s in sizes):
            continue
        last = offset + sum(  # type: ignore[operator]
            (s - 1) * _signed(st, iw)  # type: ignore[operator, arg-type]
            for s, st in zip(sizes, strides, strict=True)
        )
        extent = max(extent, last + 1)
    return extent


def _signed(value: int, width: int) -> int:
    return value - (1 << width) if value >> (width - 1) & 1 else value


def _argument_block(
    b: SMTBuilder, memory: Memory, element: Attribute, widths: TypeWidths, poison_inputs: bool
) -> Block:
    iw = widths.index_width
    width = element_width(widths, element)
    k = memory.fresh_id()
    values = b.declare_array(f"mem{k}", iw, width)
    poison = b.declare_array(f"mem{k}_poison", iw, None) if poison_inputs else None
    if poison is None:
        poison = b.const_array(iw, b.false())
    size = b.declare(f"mem{k}_size", smt.BitVectorType(iw))
    block = Block(
        k,
        "",
        element,
        width,
        size,
        b.true(),
        Contents(b, values, iw),
        Contents(b, poison, iw),
        "argument",
    )
    return memory.add(block)


def _argument_view(
    b: SMTBuilder, typ: MemRefType, block: Block, name: str, iw: int
) -> tuple[MemRef, list[Term]]:
    """The view of one argument, and the facts that make it a valid view into `block`."""
    try:
        layout = layout_of(typ)
    except ValueError as error:
        raise UnsupportedOp(f"argument %{name}: {error}") from None
    facts: list[Term] = []
    half = b.bv_const(1 << (iw - 2), iw)
    sizes: list[Term] = []
    for d, size in enumerate(static_sizes(typ)):
        if size is None:
            term = b.declare(f"{name}_size{d}", smt.BitVectorType(iw))
            facts.append(b.cmp(P.ULE, term, half))
            sizes.append(term)
        else:
            sizes.append(b.bv_const(size, iw))
    if layout.identity:
        strides = list(identity_strides(b, sizes))
        offset = b.bv_const(0, iw)
    else:
        strides = []
        for d, stride in enumerate(layout.strides):
            if stride is None:
                term = b.declare(f"{name}_stride{d}", smt.BitVectorType(iw))
                strides.append(term)
            else:
                strides.append(b.bv_const(stride, iw))
        if layout.offset is None:
            offset = b.declare(f"{name}_offset", smt.BitVectorType(iw))
            facts.append(b.cmp(P.ULE, offset, half))
        else:
            offset = b.bv_const(layout.offset, iw)
    view = MemRef(
        typ.get_element_type(),
        b.bv_const(block.id, BLOCK_ID_WIDTH),
        (block.id,),
        offset,
        tuple(sizes),
        tuple(strides),
        b.false(),
    )
    facts.append(_fits(b, view, block.size, iw))
    return view, facts


def _fits(b: SMTBuilder, view: MemRef, block_size: Term, iw: int) -> Term:
    """The view is empty, or its elements lie within [0, block_size) (computed wide)."""
    wide = 2 * iw + 4
    low = _wide(b, view.offset, wide)
    high = low
    zero = b.bv_const(0, wide)
    empty: list[Term] = []
    for size, stride in zip(view.sizes, view.strides, strict=True):
        empty.append(b.eq(size, b.bv_const(0, iw)))
        last = b.sub(b.zext(size, wide), b.bv_const(1, wide))
        reach = b.binary(smt.BVMulOp, last, _wide(b, stride, wide))
        negative = b.cmp(P.SLT, reach, zero)
        low = b.add(low, b.ite(negative, reach, zero))
        high = b.add(high, b.ite(negative, zero, reach))
    inside = b.and_(b.cmp(P.SLE, zero, low), b.cmp(P.SLT, high, b.zext(block_size, wide)))
    return b.or_(*empty, inside)


def bufferized_argument(
    b: SMTBuilder,
    memory: Memory,
    tensor: TensorInput,
    typ: MemRefType,
    widths: TypeWidths,
) -> tuple[MemRefInput, list[Term]]:
    """The buffer a bufferized target receives for a tensor argument: a block of its own
    (the caller's tensors are values: their buffers never overlap) holding the tensor's
    elements in the layout `typ` gives, a dynamic layout being any valid one (symbolic
    offset and strides under which distinct elements are distinct)."""
    iw = widths.index_width
    t = tensor.tensor
    k = memory.fresh_id()
    size = b.declare(f"mem{k}_size", smt.BitVectorType(iw))
    values = Contents(b, b.declare_array(f"mem{k}", iw, t.width), iw)
    poison = Contents(b, b.declare_array(f"mem{k}_poison", iw, None), iw)
    block = Block(
        k,
        f"buffer of %{tensor.name}",
        t.element,
        t.width,
        size,
        b.true(),
        values,
        poison,
        "boundary",
    )
    memory.add(block)
    view, facts = _argument_view(b, typ, block, tensor.name, iw)
    view = MemRef(
        view.element, view.block, view.candidates, view.offset, t.sizes, view.strides, view.poison
    )
    facts.append(b.cmp(P.ULE, size, b.bv_const(1 << (iw - 2), iw)))
    positions = shape_positions(b, t.sizes, MAX_BUFFERIZED_ELEMENTS, f"bufferized %{tensor.name}")
    offsets: list[Term] = []
    for position in positions:
        indices = [b.bv_const(i, iw) for i in position]
        at, outside = linear_offset(b, view, indices)
        # The element is in the buffer: the same terms `locate` builds for an access.
        facts += [b.not_(outside), b.cmp(P.ULT, at, size)]
        offsets.append(at)
        element = t.read(b, indices)
        values.write(at, element.value, b.true())
        poison.write(at, element.poison, b.true())
    if not all(b.known_bv(o) is not None for o in offsets):  # a dynamic layout: no overlap
        facts += [b.ne(x, y) for n, x in enumerate(offsets) for y in offsets[n + 1 :]]
        values.assume_distinct(offsets)
        poison.assume_distinct(offsets)
    return MemRefInput(tensor.position, tensor.name, typ, view, block), facts


MAX_BUFFERIZED_ELEMENTS = 256
"""A tensor argument bufferized to a dynamic layout is laid out element by element (with
pairwise distinct offsets) up to this many elements."""
