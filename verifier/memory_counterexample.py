"""Reads the memory of a counterexample from a solver model, and shows it.

`MemoryImage` is what replay needs to rebuild the caller's memory concretely: each argument
block's size and initial elements (None = poison), and each memref argument's view. It also
holds, for display, the final contents of the blocks on each side where they matter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import z3
from xdsl.ir import Attribute

from irproof.semantics.builder import Term
from irproof.semantics.memory import Block, Memory, MemRef
from irproof.verifier.memory_inputs import MemoryInputs, MemRefInput, TensorInput
from irproof.verifier.values import format_value

MAX_REPLAY_ELEMENTS = 1 << 16
"""A block bigger than this (in the model) is not rebuilt: the replay is impossible."""

SHOWN_ELEMENTS = 16
"""Elements of a block shown in a report (the rest elided)."""


@dataclass
class BlockImage:
    id: int
    name: str
    element: Attribute
    width: int
    size: int
    values: list[int | None]
    """The first elements (all of them unless the block is too big or only shown), None =
    poison."""
    kind: str = "argument"
    """`argument`, or `heap` for the buffer a bufferized target gets for a tensor."""


@dataclass
class ViewImage:
    position: int
    name: str
    type: Attribute
    block: int
    offset: int
    sizes: tuple[int, ...]
    strides: tuple[int, ...]


@dataclass
class TensorImage:
    """A tensor argument: its sizes and row-major elements (None = poison)."""

    position: int
    name: str
    type: Attribute
    element: Attribute
    width: int
    sizes: tuple[int, ...]
    values: list[int | None]


@dataclass
class MemoryImage:
    blocks: list[BlockImage] = field(default_factory=list)
    views: list[ViewImage] = field(default_factory=list)
    tensors: list[TensorImage] = field(default_factory=list)
    target_views: list[ViewImage] = field(default_factory=list)
    """Views the target gets instead of the source's tensors (bufferized signatures)."""
    aliasing: str = ""
    source_final: list[BlockImage] = field(default_factory=list)
    target_final: list[BlockImage] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Whether every argument block and tensor was read whole (replay can rebuild it)."""
        tensors_whole = all(len(t.values) == _count(t.sizes) for t in self.tensors)
        return tensors_whole and all(len(b.values) == b.size for b in self.blocks)


def _count(sizes: tuple[int, ...]) -> int:
    total = 1
    for s in sizes:
        total *= s
    return total


def _int(model: z3.ModelRef, term: Term) -> int:
    value: Any = model.eval(term, model_completion=True)
    return int(value.as_long())


def _true(model: z3.ModelRef, term: Term) -> bool:
    return bool(z3.is_true(model.eval(term, model_completion=True)))


def _signed(value: int, width: int) -> int:
    return value - (1 << width) if value >> (width - 1) & 1 else value


def _block_image(model: z3.ModelRef, block: Block, limit: int, index_width: int) -> BlockImage:
    size = _int(model, block.size)
    values: list[int | None] = []
    if size <= MAX_REPLAY_ELEMENTS:
        for k in range(min(size, limit)):
            offset = z3.BitVecVal(k, index_width)
            if _true(model, block.poison.read(offset)):
                values.append(None)
            else:
                values.append(_int(model, block.values.read(offset)))
    return BlockImage(block.id, block.name, block.element, block.width, size, values)


def _view_image(model: z3.ModelRef, inp: MemRefInput, index_width: int) -> ViewImage:
    view = inp.view
    return ViewImage(
        inp.position,
        inp.name,
        inp.type,
        inp.block.id,
        _int(model, view.offset),
        tuple(_int(model, s) for s in view.sizes),
        tuple(_signed(_int(model, s), index_width) for s in view.strides),
    )


def _tensor_image(model: z3.ModelRef, inp: TensorInput, index_width: int) -> TensorImage:
    t = inp.tensor
    sizes = tuple(_int(model, s) for s in t.sizes)
    values: list[int | None] = []
    count = _count(sizes)
    if count <= MAX_REPLAY_ELEMENTS:
        for k in range(count):
            at = z3.BitVecVal(k, index_width)
            poison = _true(model, t.poison.read(at))
            values.append(None if poison else _int(model, t.values.read(at)))
    return TensorImage(inp.position, inp.name, inp.type, t.element, t.width, sizes, values)


def read_memory(
    model: z3.ModelRef,
    inputs: MemoryInputs,
    source: Memory | None,
    target: Memory | None,
    index_width: int,
) -> MemoryImage:
    """The initial memory of the counterexample (and the final one of each side, for
    display)."""
    image = MemoryImage(aliasing=inputs.describe_aliasing())
    for block in inputs.argument_blocks:
        image.blocks.append(_block_image(model, block, MAX_REPLAY_ELEMENTS, index_width))
    for inp in inputs.views.values():
        image.views.append(_view_image(model, inp, index_width))
    for inp in inputs.tensors.values():
        image.tensors.append(_tensor_image(model, inp, index_width))
    for view_input in inputs.target_views.values():
        image.target_views.append(_view_image(model, view_input, index_width))
        buffer = _block_image(model, view_input.block, MAX_REPLAY_ELEMENTS, index_width)
        buffer.kind = "heap"  # not the caller's memory: its final contents are not compared
        image.blocks.append(buffer)
    for memory, finals in ((source, image.source_final), (target, image.target_final)):
        if memory is None:
            continue
        for block in inputs.argument_blocks:
            final = memory.blocks[block.id]
            finals.append(_block_image(model, final, SHOWN_ELEMENTS, index_width))
    return image


def block_text(block: BlockImage) -> str:
    """e.g. `i32 x 4: [1, 2, poison, 4]` (elements as unsigned decimals or floats' text)."""
    shown = block.values[:SHOWN_ELEMENTS]
    parts = [_element_text(block, v) for v in shown]
    if block.size > len(shown):
        parts.append(f"... ({block.size - len(shown)} more)")
    return f"{block.element} x {block.size}: [{', '.join(parts)}]"


def _element_text(block: BlockImage, value: int | None) -> str:
    if value is None:
        return "poison"
    text = format_value(block.element, block.width, value)
    return text.split(" ", 1)[1]  # without the type, shown once for the block


def view_text(view: ViewImage) -> str:
    return (
        f"{view.type} in block #{view.block}, offset {view.offset}, sizes "
        f"{list(view.sizes)}, strides {list(view.strides)}"
    )


def view_contents(
    model: z3.ModelRef, memory: Memory, view: MemRef, element: Attribute, index_width: int
) -> str:
    """The elements of a (returned) view in the model, row-major, the first few."""
    b_sizes = [_int(model, s) for s in view.sizes]
    count = 1
    for s in b_sizes:
        count *= s
    shown: list[str] = []
    for flat in range(min(count, SHOWN_ELEMENTS)):
        position, rest = [], flat
        for s in reversed(b_sizes):
            position.append(rest % s)
            rest //= s
        position.reverse()
        offset = _int(model, view.offset) + sum(
            i * _signed(_int(model, st), index_width)
            for i, st in zip(position, view.strides, strict=True)
        )
        block_id = _int(model, view.block)
        block = memory.blocks.get(block_id)
        if block is None or not 0 <= offset < (1 << index_width):
            shown.append("?")
            continue
        at = z3.BitVecVal(offset, index_width)
        if _true(model, block.poison.read(at)):
            shown.append("poison")
        else:
            text = format_value(element, block.width, _int(model, block.values.read(at)))
            shown.append(text.split(" ", 1)[1])
    if count > len(shown):
        shown.append(f"... ({count - len(shown)} more)")
    return f"memref {'x'.join(map(str, b_sizes)) or 'scalar'} [{', '.join(shown)}]"


def tensor_text(t: TensorImage) -> str:
    shown = [_element_text_of(t.element, t.width, v) for v in t.values[:SHOWN_ELEMENTS]]
    if len(t.values) > len(shown):
        shown.append(f"... ({len(t.values) - len(shown)} more)")
    return f"{t.type}: [{', '.join(shown)}]"


def _element_text_of(element: Attribute, width: int, value: int | None) -> str:
    if value is None:
        return "poison"
    return format_value(element, width, value).split(" ", 1)[1]
