"""Replay of counterexamples with memory: rebuild the caller's memory concretely, and
check refinement of final memory and returned memrefs on the interpreter's runs.

The same conditions as `irproof.verifier.memory_refinement`, on concrete values: every
element of an argument block (or mutable global) the source leaves defined, in a block it
leaves alive, the target leaves alive and equal; a returned view of the target has the
source's sizes and holds each element the source's holds.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Attribute

from irproof.semantics.concrete.memory import ConcreteBlock, ConcreteMemory, ConcreteView
from irproof.semantics.concrete.tensor_value import ConcreteTensor, row_major_positions
from irproof.semantics.concrete.values import POISON, ConcreteValue, Poison
from irproof.semantics.widths import TypeWidths
from irproof.verifier.memory_counterexample import MemoryImage, ViewImage
from irproof.verifier.nondet_replay import same_value


def rebuild(
    module: ModuleOp, image: MemoryImage, widths: TypeWidths
) -> tuple[
    ConcreteMemory, dict[int, ConcreteView], dict[int, ConcreteTensor], dict[int, ConcreteView]
]:
    """The initial memory of a counterexample; each memref argument's view, each tensor
    argument, and each buffer a bufferized target gets instead of a tensor, by position."""
    from irproof.semantics.concrete.memory import add_globals

    memory = ConcreteMemory({}, {})
    for block in image.blocks:
        values = [POISON if v is None else v for v in block.values]
        memory.blocks[block.id] = ConcreteBlock(
            block.id, block.name, block.element, block.width, block.size, values, kind=block.kind
        )
        memory.next_id = max(memory.next_id, block.id + 1)
    add_globals(module, memory, widths)
    views = {v.position: _view(image, v) for v in image.views}
    target_views = {v.position: _view(image, v) for v in image.target_views}
    tensors = {
        t.position: ConcreteTensor(
            t.element, t.width, t.sizes, tuple(POISON if v is None else v for v in t.values)
        )
        for t in image.tensors
    }
    return memory, views, tensors, target_views


def _view(image: MemoryImage, v: ViewImage) -> ConcreteView:
    return ConcreteView(_element(image, v.block), v.block, v.offset, v.sizes, v.strides)


def _element(image: MemoryImage, block_id: int) -> Attribute:
    return next(b.element for b in image.blocks if b.id == block_id)


def _element_at(
    memory: ConcreteMemory, view: ConcreteView, position: Sequence[int]
) -> ConcreteValue | None:
    """The element of `view` at `position`, or None if it cannot be read (dead block, out
    of the block)."""
    block = memory.blocks.get(view.block)
    if block is None or not block.alive or view.poison:
        return None
    offset = view.offset + sum(i * s for i, s in zip(position, view.strides, strict=True))
    if not 0 <= offset < block.size:
        return None
    return block.values[offset]


def view_fails(
    src: ConcreteView,
    tgt: object,
    src_memory: ConcreteMemory,
    tgt_memory: ConcreteMemory,
    element: Attribute,
) -> bool:
    """The target's returned view does not refine the source's."""
    if src.poison:
        return False
    if not isinstance(tgt, ConcreteView) or tgt.poison or tgt.sizes != src.sizes:
        return True
    for position in itertools.product(*(range(s) for s in src.sizes)):
        s = _element_at(src_memory, src, position)
        if s is None or isinstance(s, Poison):
            continue
        t = _element_at(tgt_memory, tgt, position)
        if t is None or isinstance(t, Poison) or not same_value(element, s, t):
            return True
    return False


def tensor_fails(src: ConcreteTensor, tgt: object, tgt_memory: ConcreteMemory | None) -> bool:
    """The target's tensor result (or, bufferized, its returned buffer) does not refine the
    source's tensor: other sizes, or an element the source defines that the target does
    not hold (`memory_refinement.tensor_differs`, `tensor_buffer_differs`)."""
    held: list[ConcreteValue | None]
    if isinstance(tgt, ConcreteTensor):
        held = list(tgt.values)
    elif isinstance(tgt, ConcreteView) and tgt_memory is not None and not tgt.poison:
        held = [_element_at(tgt_memory, tgt, p) for p in row_major_positions(tgt.sizes)]
    else:
        return True
    if tgt.sizes != src.sizes:
        return True
    for s, t in zip(src.values, held, strict=True):
        if isinstance(s, Poison):
            continue
        if t is None or isinstance(t, Poison) or not same_value(src.element, s, t):
            return True
    return False


def caller_block_ids(memory: ConcreteMemory) -> list[int]:
    return [
        k
        for k, block in memory.blocks.items()
        if block.kind == "argument" or (block.kind == "global" and block.writable)
    ]


def memory_fails(src_memory: ConcreteMemory, tgt_memory: ConcreteMemory) -> str | None:
    """The name of the first caller block whose final state in the target does not refine
    the source's, or None."""
    for k in caller_block_ids(src_memory):
        s, t = src_memory.blocks[k], tgt_memory.blocks[k]
        if not s.alive:
            continue
        if not t.alive:
            return s.name
        for sv, tv in zip(s.values, t.values, strict=True):
            if isinstance(sv, Poison):
                continue
            if isinstance(tv, Poison) or not same_value(s.element, sv, tv):
                return s.name
    return None
