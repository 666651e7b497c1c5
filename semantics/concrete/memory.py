"""The concrete interpreter's memory: blocks of elements, and memref values as views into them.

Written from the MLIR `memref` documentation (a memref is a descriptor: a buffer, an offset,
and per dimension a size and a stride, all counted in elements) apart from the SMT memory
model. A *block* (`ConcreteBlock`) is one buffer: a function argument's, a `memref.global`'s,
or what `memref.alloc` (`heap`) / `memref.alloca` (`stack`) returns; it holds one value per
element, an unsigned int masked to the element's bit width (a float is its IEEE-754 bit
pattern) or `POISON`. A memref value is a `ConcreteView` (defined in `values`, re-exported
here): which block, the offset, sizes and strides. Element `(i0, ..., in)` of a view is at
element `offset + sum(i_d * stride_d)` of its block, computed on unbounded Python ints with
the offset and the indices read as signed index-width integers and the strides signed, as
LLVM's `getelementptr` reads its indices: an access outside `[0, block size)` is UB, never
wrapped back into the block. `locate` checks an access; the `memref` rules
(`irproof.semantics.concrete.memref`) use it.

A run has one `ConcreteMemory` (`ConcreteEnv.memory`), shared by the functions it calls and
mutated in place; `add_globals` gives each `memref.global` of the module its block.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

from xdsl.dialects import memref
from xdsl.dialects.builtin import DenseIntOrFPElementsAttr, MemRefType, ModuleOp
from xdsl.ir import Attribute

from irproof.semantics.concrete import ieee
from irproof.semantics.concrete.registry import UnsupportedOp
from irproof.semantics.concrete.values import (
    POISON,
    ConcreteScalar,
    ConcreteView,
    Poison,
    UndefinedBehavior,
    to_signed,
    to_unsigned,
)
from irproof.semantics.float_types import float_format, nan_from_double
from irproof.semantics.widths import TypeWidths

__all__ = [
    "BLOCK_KINDS",
    "MAX_BLOCK_ELEMENTS",
    "ConcreteBlock",
    "ConcreteMemory",
    "ConcreteView",
    "add_globals",
    "contiguous_strides",
    "contiguous_view",
    "element_offset",
    "locate",
]

BLOCK_KINDS = ("argument", "global", "heap", "stack")
"""What a block is: a function argument's buffer, a `memref.global`, `memref.alloc`'s,
`memref.alloca`'s."""

MAX_BLOCK_ELEMENTS = 1 << 20
"""The largest block the interpreter makes (its elements are a Python list); a larger one is
given up (`UnsupportedOp`), so a replay needing it is unconfirmed rather than slow."""


@dataclass
class ConcreteBlock:
    """One buffer: `size` elements of type `element` (`width` bits each)."""

    id: int
    name: str
    """How reports name it: `%a` (an argument), `@g` (a global), `alloc #3`."""
    element: Attribute
    width: int
    size: int
    values: list[ConcreteScalar]
    """One per element (`len(values) == size`): unsigned, masked to `width`, or `POISON`."""
    alive: bool = True
    """False once deallocated (or, for a stack block, once its function returned)."""
    kind: str = "argument"
    """One of `BLOCK_KINDS`."""
    writable: bool = True
    """False for a constant `memref.global`."""

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_KINDS:
            raise ValueError(f"block kind {self.kind!r} is not one of {BLOCK_KINDS}")
        if len(self.values) != self.size:
            raise ValueError(f"block {self.name}: {len(self.values)} values for size {self.size}")

    def copy(self) -> ConcreteBlock:
        return ConcreteBlock(
            self.id,
            self.name,
            self.element,
            self.width,
            self.size,
            list(self.values),
            self.alive,
            self.kind,
            self.writable,
        )


@dataclass
class ConcreteMemory:
    """The blocks of one run, by id, and the block of each `memref.global` by symbol name."""

    blocks: dict[int, ConcreteBlock] = field(default_factory=dict)
    globals: dict[str, int] = field(default_factory=dict)
    next_id: int = 1
    """The id the next allocated block gets."""

    def copy(self) -> ConcreteMemory:
        """A deep copy: writes to one do not show in the other."""
        blocks = {k: block.copy() for k, block in self.blocks.items()}
        return ConcreteMemory(blocks, dict(self.globals), self.next_id)

    def add(self, block: ConcreteBlock) -> ConcreteBlock:
        """Put `block` (with the id it has) into the memory."""
        if block.id in self.blocks:
            raise ValueError(f"two blocks with id {block.id}")
        self.blocks[block.id] = block
        self.next_id = max(self.next_id, block.id + 1)
        return block

    def allocate(
        self,
        element: Attribute,
        width: int,
        size: int,
        kind: str,
        name: str | None = None,
        values: Sequence[ConcreteScalar] | None = None,
        writable: bool = True,
    ) -> ConcreteBlock:
        """A new block with the next id, holding `values` (default: all `POISON`, what a fresh
        allocation holds). Raises `UnsupportedOp` past `MAX_BLOCK_ELEMENTS` elements."""
        if size > MAX_BLOCK_ELEMENTS:
            raise UnsupportedOp(
                f"memref.{kind}",
                f"a block of {size} elements (the interpreter makes at most {MAX_BLOCK_ELEMENTS})",
            )
        block_id = self.next_id
        contents = [POISON] * size if values is None else list(values)
        block = ConcreteBlock(
            block_id,
            name if name is not None else f"{kind} #{block_id}",
            element,
            width,
            size,
            contents,
            kind=kind,
            writable=writable,
        )
        return self.add(block)

    def block(self, view: ConcreteView) -> ConcreteBlock:
        """The block `view` points into."""
        try:
            return self.blocks[view.block]
        except KeyError:
            raise ValueError(f"a memref view into block {view.block}, not in memory") from None


# --- views -------------------------------------------------------------------------------


def contiguous_strides(sizes: Sequence[int], index_width: int) -> tuple[int, ...]:
    """Row-major strides of a contiguous (identity-layout) view of `sizes`: the innermost
    stride is 1, each other the product of the sizes inside it (index-width arithmetic)."""
    strides: list[int] = []
    running = 1
    for size in reversed(sizes):
        strides.append(to_signed(running, index_width))
        running *= size
    return tuple(reversed(strides))


def contiguous_view(block: ConcreteBlock, sizes: Sequence[int], index_width: int) -> ConcreteView:
    """The identity-layout view of `sizes` starting at element 0 of `block`."""
    return ConcreteView(
        block.element, block.id, 0, tuple(sizes), contiguous_strides(sizes, index_width)
    )


def element_offset(view: ConcreteView, indices: Sequence[int], index_width: int) -> int:
    """The element of the block `view[indices]` is at (unbounded: may be outside the block)."""
    total = to_signed(view.offset, index_width)
    for index, stride in zip(indices, view.strides, strict=True):
        total += to_signed(index, index_width) * stride
    return total


def locate(
    op_name: str,
    memory: ConcreteMemory,
    view: ConcreteView,
    indices: Sequence[int | Poison],
    index_width: int,
    writing: bool,
) -> tuple[ConcreteBlock, int]:
    """The block and element an access `view[indices]` reaches; raises `UndefinedBehavior`
    for a poison view or index, an index outside `[0, size_d)` (unsigned), a dead block, an
    element outside the block, or (`writing`) a constant global."""
    if view.poison:
        raise UndefinedBehavior(f"{op_name}: the memref is poison")
    if len(indices) != view.rank:
        raise ValueError(f"{op_name}: {len(indices)} indices for a rank-{view.rank} memref")
    checked: list[int] = []
    for d, (index, size) in enumerate(zip(indices, view.sizes, strict=True)):
        if isinstance(index, Poison):
            raise UndefinedBehavior(f"{op_name}: index {d} is poison")
        if not index < size:
            raise UndefinedBehavior(
                f"{op_name}: index {d} is {index}, out of bounds of dimension size {size}"
            )
        checked.append(index)
    block = memory.block(view)
    if not block.alive:
        raise UndefinedBehavior(f"{op_name}: {block.name} is deallocated")
    offset = element_offset(view, checked, index_width)
    if not 0 <= offset < block.size:
        raise UndefinedBehavior(
            f"{op_name}: element {offset} is outside {block.name} ({block.size} elements)"
        )
    if writing and not block.writable:
        raise UndefinedBehavior(f"{op_name}: {block.name} is a constant global")
    return block, offset


# --- globals -------------------------------------------------------------------------------


def add_globals(module: ModuleOp, memory: ConcreteMemory, widths: TypeWidths) -> None:
    """A block for each `memref.global` of `module` (in order), holding its initial value;
    a `constant` one is not writable. Raises `UnsupportedOp` for a global without a dense
    initial value (`uninitialized`, or an external declaration) or of a dynamic shape."""
    for op in module.ops:
        if not isinstance(op, memref.GlobalOp):
            continue
        name = op.sym_name.data
        typ = op.type
        what = f"memref.global @{name}"
        if not isinstance(typ, MemRefType):
            raise UnsupportedOp(op.name, f"@{name} of type {typ}")
        init = op.initial_value
        if not isinstance(init, DenseIntOrFPElementsAttr):
            raise UnsupportedOp(op.name, f"@{name} has no initial value")
        shape = list(typ.get_shape())
        if any(size < 0 for size in shape):
            raise UnsupportedOp(op.name, f"@{name} has a dynamic shape")
        element = typ.get_element_type()
        width = widths.width(element)
        if width is None:
            raise UnsupportedOp(op.name, f"@{name} has elements of type {element}")
        count = 1
        for size in shape:
            count *= size
        values = _initial_values(init, element, width, count, what)
        block = memory.allocate(
            element,
            width,
            count,
            "global",
            name=f"@{name}",
            values=values,
            writable=op.constant is None,
        )
        memory.globals[name] = block.id


def _initial_values(
    init: DenseIntOrFPElementsAttr, element: Attribute, width: int, count: int, what: str
) -> list[ConcreteScalar]:
    """The element encodings of a dense initializer (a single value is a splat)."""
    raw = cast(list[int | float], list(init.get_values()))
    if len(raw) == 1 and count != 1:
        raw = raw * count
    if len(raw) != count:
        raise UnsupportedOp("memref.global", f"{what}: {len(raw)} initial values for {count}")
    fmt = float_format(element)
    if fmt is None:
        return [to_unsigned(int(v), width) for v in raw]
    encoded: list[ConcreteScalar] = []
    for v in raw:
        bits = ieee.encode(float(v), fmt)
        encoded.append(nan_from_double(float(v), fmt) if bits is None else bits)
    return encoded
