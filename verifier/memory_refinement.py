"""Refinement of memory: final memory of the caller's blocks, and returned memrefs.

DESIGN.md: "final memory refines likewise". For every block the caller can reach (the
argument blocks and mutable globals), at every offset inside it: where the source leaves
an element that is not poison, the target must leave the same value, not poison; a block
the source leaves alive must not be dead after the target. A memref *result* refines when
the views have the same sizes and each element of the source's view that is defined (the
block alive and the element not poison) is, in the target's view, the same value.

Offsets compared: when every write of both sides was at a constant offset (the
element-wise encoding), exactly the offsets written by either side (elsewhere both hold
the initial contents); otherwise one symbolic offset over the whole arrays.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import smt
from xdsl.ir import Attribute

from irproof.dialects.smt.bv import BVCmpPredicate as P
from irproof.semantics.builder import Pair, SMTBuilder, Term
from irproof.semantics.memory import (
    Block,
    Memory,
    MemRef,
    UnsupportedShape,
    locate,
    read,
    static_positions,
)
from irproof.semantics.tensor_value import Tensor
from irproof.verifier import float_refinement

MAX_ELEMENTWISE = 4096
"""A returned view with at most this many (static) elements is compared element by
element; a bigger or dynamic one at symbolic indices."""


def _differs(b: SMTBuilder, element: Attribute, s: Pair, t: Pair) -> Term:
    """`t` fails to refine `s` (one element)."""
    differ = float_refinement.values_differ(b, element, s.value, t.value)
    return b.and_(b.not_(s.poison), b.or_(t.poison, differ))


def _offsets_written(block: Block) -> set[int]:
    return set(block.values.writes) | set(block.poison.writes)


def _symbolic(block: Block) -> bool:
    return bool(block.values.symbolic_writes or block.poison.symbolic_writes)


def block_differs(b: SMTBuilder, src: Block, tgt: Block, index_width: int) -> Term:
    """The target's final contents or liveness of one caller block fail to refine the
    source's."""
    conditions = [b.and_(src.alive, b.not_(tgt.alive))]
    if _symbolic(src) or _symbolic(tgt):
        q = b.declare(f"offset_in_block{src.id}", smt.BitVectorType(index_width))
        offsets = [q]
    else:
        known = sorted(_offsets_written(src) | _offsets_written(tgt))
        offsets = [b.bv_const(k, index_width) for k in known]
    for offset in offsets:
        inside = b.cmp(P.ULT, offset, src.size)
        s = Pair(src.values.read(offset), src.poison.read(offset))
        t = Pair(tgt.values.read(offset), tgt.poison.read(offset))
        conditions.append(b.and_(inside, src.alive, _differs(b, src.element, s, t)))
    return b.or_(*conditions)


def caller_blocks(memory: Memory) -> list[Block]:
    """The blocks the caller sees after the call: arguments and mutable globals."""
    return [
        block
        for block in memory.blocks.values()
        if block.kind == "argument" or (block.kind == "global" and block.writable)
    ]


def view_differs(
    b: SMTBuilder,
    src: MemRef,
    tgt: MemRef,
    src_memory: Memory,
    tgt_memory: Memory,
    element: Attribute,
    index_width: int,
) -> Term:
    """The target's returned view fails to refine the source's: other sizes, or an element
    defined in the source's that the target's does not hold."""
    sizes_differ = b.or_(*(b.ne(s, t) for s, t in zip(src.sizes, tgt.sizes, strict=True)))
    positions = _positions(b, src.sizes, index_width, "result_index")
    differ: list[Term] = [sizes_differ]
    for position in positions:
        indices = [Pair(i, b.false()) for i in position]
        s_access = locate(b, src_memory, src, indices, writing=False)
        t_access = locate(b, tgt_memory, tgt, indices, writing=False)
        s_ok = b.not_(s_access.ub)
        s_value = read(b, s_access)
        t_value = read(b, t_access)
        failed = b.or_(t_access.ub, _differs(b, element, s_value, t_value))
        differ.append(b.and_(s_ok, b.not_(s_value.poison), failed))
    return b.and_(b.not_(src.poison), b.or_(tgt.poison, *differ))


def _positions(
    b: SMTBuilder, sizes: Sequence[Term], index_width: int, name: str
) -> list[list[Term]]:
    """Every index tuple of a small static shape, else one tuple of fresh symbols."""
    try:
        found = static_positions(b, sizes, MAX_ELEMENTWISE, name)
    except UnsupportedShape:
        return [
            [b.declare(f"{name}{d}", smt.BitVectorType(index_width)) for d in range(len(sizes))]
        ]
    return [[b.bv_const(i, index_width) for i in position] for position in found]


def tensor_differs(b: SMTBuilder, src: Tensor, tgt: Tensor, index_width: int) -> Term:
    """The target's tensor result fails to refine the source's: other sizes, or an element
    the source defines that the target does not hold."""
    differ: list[Term] = [b.or_(*(b.ne(s, t) for s, t in zip(src.sizes, tgt.sizes, strict=True)))]
    for position in _positions(b, src.sizes, index_width, "tensor_index"):
        inside = b.and_(*(b.cmp(P.ULT, i, s) for i, s in zip(position, src.sizes, strict=True)))
        failed = _differs(b, src.element, src.read(b, position), tgt.read(b, position))
        differ.append(b.and_(inside, failed))
    return b.or_(*differ)


def tensor_buffer_differs(
    b: SMTBuilder, src: Tensor, tgt: MemRef, tgt_memory: Memory, index_width: int
) -> Term:
    """A bufferized target's returned buffer fails to refine the source's tensor: other
    sizes, or an element the tensor defines that the buffer (alive, in bounds) does not
    hold."""
    if tgt.rank != src.rank:
        return b.true()
    differ: list[Term] = [
        tgt.poison,
        b.or_(*(b.ne(s, t) for s, t in zip(src.sizes, tgt.sizes, strict=True))),
    ]
    for position in _positions(b, src.sizes, index_width, "tensor_index"):
        inside = b.and_(*(b.cmp(P.ULT, i, s) for i, s in zip(position, src.sizes, strict=True)))
        access = locate(b, tgt_memory, tgt, [Pair(i, b.false()) for i in position], False)
        held = read(b, access)
        s_value = src.read(b, position)
        failed = b.or_(access.ub, _differs(b, src.element, s_value, held))
        differ.append(b.and_(inside, b.not_(s_value.poison), failed))
    return b.or_(*differ)
