"""The memory model: blocks of elements, and memref values as strided views into them.

A *block* is one allocation: a function argument's buffer, a `memref.global`, or what
`memref.alloc`/`memref.alloca` returns. It has an element type, a size (in elements), a
liveness flag and, per element, a value and a poison flag (two SMT arrays indexed by the
element offset, index width wide). Blocks of different element types never overlap.

A memref value (`MemRef`) is a view: which block (a constant id, or an if-then-else over a
few candidate blocks after control flow merged two views), an offset, and per dimension a
size and a stride, all in elements, as MLIR's strided layout says. Element `(i0, ..., in)`
of a view is at `offset + sum(i_d * stride_d)` of its block.

Undefined behaviour (DESIGN.md): a `load`/`store` whose index is poison or outside
`[0, size_d)` of the view (MLIR: out-of-bounds accesses are UB; the LLVM lowering is an
inbounds GEP), or whose element lies outside its block, or in a dead block (deallocated),
and a store into a constant global. Creating a view (subview, cast, ...) is never UB by
itself: only accessing it is checked, against the block. Fresh allocations hold poison
(MLIR: the contents of a new allocation are undefined; LLVM reads uninitialized memory as
undef/poison): whatever a program reads before writing may be refined to anything.

Encoding: each array keeps the writes at *constant* offsets apart, per offset (an
element-wise encoding: reads at constant offsets fold to the stored term), and only writes
at symbolic offsets go into the SMT array (array theory, `select`/`store`). Statically
shaped programs whose loops unroll therefore never build array terms beyond the initial
contents; see `encoding_of` for what a query used.

Writes under a path condition are guarded (`ite(path, new, old)`), like UB: the arms of a
branch write one after the other into the same memory.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from xdsl.dialects import smt
from xdsl.dialects.builtin import MemRefType, NoneAttr
from xdsl.ir import Attribute

from irproof.dialects.smt.bv import BVCmpPredicate as P
from irproof.semantics.builder import Pair, SMTBuilder, Term, width_of

BLOCK_ID_WIDTH = 16
"""Width of the bit-vector naming a block (a view merged over paths picks one by id)."""


class Contents:
    """One array of a block (element values, or poison flags), with the writes at
    constant offsets kept apart: `writes[k]` is the current content at offset k.

    Writes at symbolic offsets go into the array, and are also logged: a read at an offset
    that is the same term as a logged write's, with only writes known to be elsewhere after
    it (`distinct`: pairs of offsets the query assumes different), folds to the written
    value instead of a `select` over the stores."""

    def __init__(self, b: SMTBuilder, base: Term, index_width: int) -> None:
        self.b = b
        self.base = base
        self.index_width = index_width
        self.writes: dict[int, Term] = {}
        self.symbolic_writes = 0
        self._array: Term | None = base
        self.log: list[tuple[Term, Term]] = []
        self.log_base: Term = base
        self.distinct: set[tuple[int, int]] = set()

    def copy(self) -> Contents:
        other = Contents(self.b, self.base, self.index_width)
        other.writes = dict(self.writes)
        other.symbolic_writes = self.symbolic_writes
        other._array = self._array
        other.log = list(self.log)
        other.log_base = self.log_base
        other.distinct = self.distinct  # facts of the query: shared
        return other

    def assume_distinct(self, offsets: Sequence[Term]) -> None:
        """Record that the query assumes `offsets` pairwise different."""
        keys = [self.b.key(o) for o in offsets]
        for n, x in enumerate(keys):
            for y in keys[n + 1 :]:
                self.distinct.add((x, y))
                self.distinct.add((y, x))

    def read(self, offset: Term) -> Term:
        known = self.b.known_bv(offset)
        if known is not None:
            if known in self.writes:
                return self.writes[known]
            return self.b.select(self.base, offset)
        if not self.writes:
            key = self.b.key(offset)
            for written, value in reversed(self.log):
                if self.b.same(written, offset):
                    return value
                if (self.b.key(written), key) not in self.distinct:
                    break
            else:
                return self.b.select(self.log_base, offset)
        return self.b.select(self.array(), offset)

    def write(self, offset: Term, value: Term, guard: Term) -> None:
        b = self.b
        known = b.known_bv(offset)
        if known is not None:
            self.writes[known] = b.ite(guard, value, self.read(offset))
            self._array = None
            return
        new = b.ite(guard, value, self.read(offset))
        array = self.array()
        if self.writes:  # constant writes before: the log restarts after them
            self.log, self.log_base = [], array
        self.base = b.store(array, offset, new)
        self.writes = {}
        self.symbolic_writes += 1
        self._array = self.base
        self.log.append((offset, new))

    def array(self) -> Term:
        """The whole contents as one SMT array term."""
        if self._array is None:
            array = self.base
            for k in sorted(self.writes):
                array = self.b.store(array, self.b.bv_const(k, self.index_width), self.writes[k])
            self._array = array
        return self._array


@dataclass
class Block:
    """One allocation."""

    id: int
    name: str
    """How reports name it: the argument(s) it backs (`%a`), `@global`, `alloc #3`."""
    element: Attribute
    width: int
    """Bit width of the element encoding."""
    size: Term
    alive: Term
    values: Contents
    poison: Contents
    kind: str
    """`argument`, `global`, `heap` (memref.alloc) or `stack` (memref.alloca)."""
    writable: bool = True

    def copy(self) -> Block:
        return replace(self, values=self.values.copy(), poison=self.poison.copy())


@dataclass
class Memory:
    """The blocks of one execution (source or target), by id."""

    blocks: dict[int, Block] = field(default_factory=dict)
    next_id: int = 1
    globals: dict[str, int] = field(default_factory=dict)
    """The block of each `memref.global`, by symbol name."""

    def copy(self) -> Memory:
        blocks = {k: blk.copy() for k, blk in self.blocks.items()}
        return Memory(blocks, self.next_id, dict(self.globals))

    def add(self, block: Block) -> Block:
        self.blocks[block.id] = block
        self.next_id = max(self.next_id, block.id + 1)
        return block

    def fresh_id(self) -> int:
        if self.next_id >= 1 << BLOCK_ID_WIDTH:
            raise OverflowError(f"more than {(1 << BLOCK_ID_WIDTH) - 1} allocations")
        return self.next_id


@dataclass(frozen=True)
class MemRef:
    """The meaning of a memref value: a strided view into a block."""

    element: Attribute
    block: Term
    """The block's id (a `BLOCK_ID_WIDTH` bit-vector; constant unless views were merged)."""
    candidates: tuple[int, ...]
    """The ids the block may be."""
    offset: Term
    sizes: tuple[Term, ...]
    strides: tuple[Term, ...]
    poison: Term
    """Whether the view was made from a poison offset, size or stride: accessing it is UB,
    and its sizes read as poison."""

    @property
    def rank(self) -> int:
        return len(self.sizes)

    def merge(self, b: SMTBuilder, cond: Term, other: object) -> MemRef:
        """This view where `cond` holds, else `other` (control flow joining)."""
        if not isinstance(other, MemRef):
            raise TypeError("a memref merged with a value of another kind")
        return merge_memrefs(b, cond, self, other)


def merge_memrefs(b: SMTBuilder, cond: Term, then: MemRef, other: MemRef) -> MemRef:
    """`then` where `cond` holds, else `other`."""
    if then.rank != other.rank:
        raise ValueError("merging memrefs of different ranks")
    candidates = tuple(sorted(set(then.candidates) | set(other.candidates)))
    return MemRef(
        then.element,
        b.ite(cond, then.block, other.block),
        candidates,
        b.ite(cond, then.offset, other.offset),
        tuple(b.ite(cond, x, y) for x, y in zip(then.sizes, other.sizes, strict=True)),
        tuple(b.ite(cond, x, y) for x, y in zip(then.strides, other.strides, strict=True)),
        b.ite(cond, then.poison, other.poison),
    )


# --- strided layouts -------------------------------------------------------------------


def identity_strides(b: SMTBuilder, sizes: Sequence[Term]) -> tuple[Term, ...]:
    """Row-major strides of a contiguous view of `sizes`."""
    strides: list[Term] = []
    running: Term | None = None
    for size in reversed(sizes):
        width = width_of(size)
        stride = b.bv_const(1, width) if running is None else running
        strides.append(stride)
        running = size if running is None else b.binary(smt.BVMulOp, running, size)
    return tuple(reversed(strides))


@dataclass(frozen=True)
class Layout:
    """What a memref type says of its layout: identity (contiguous row-major, offset 0),
    or strides and offset, each None where dynamic (`?`)."""

    identity: bool
    strides: tuple[int | None, ...]
    offset: int | None


def layout_of(typ: MemRefType) -> Layout:
    """The layout of `typ`; an affine-map layout other than the identity is unsupported."""
    if isinstance(typ.layout, NoneAttr):
        return Layout(True, (), 0)
    strides = typ.get_strides()
    if strides is None:
        raise ValueError(f"layout {typ.layout} is not strided")
    return Layout(False, tuple(strides), typ.get_offset())


def static_sizes(typ: MemRefType) -> list[int | None]:
    """The sizes a shaped type fixes, None where dynamic."""
    return [None if d == DYNAMIC else d for d in typ.get_shape()]


DYNAMIC = -(1 << 63)
"""How MLIR (and xDSL) spell a dynamic size (`?`)."""


# --- addresses and accesses --------------------------------------------------------------

WIDE_EXTRA = 2
"""Linear offsets are computed on `2 * index width + WIDE_EXTRA` bits (sign-extended), so
that an offset outside the block is never mistaken, by wrapping, for one inside it."""


def linear_offset(b: SMTBuilder, ref: MemRef, indices: Sequence[Term]) -> tuple[Term, Term]:
    """The element offset of `ref[indices]` in its block (index width) and the condition
    that it does not fit the index width as a non-negative number (then it is outside
    every block)."""
    iw = width_of(ref.offset)
    wide = 2 * iw + WIDE_EXTRA
    total = b.sext(ref.offset, wide)
    for index, stride in zip(indices, ref.strides, strict=True):
        term = b.binary(smt.BVMulOp, b.sext(index, wide), b.sext(stride, wide))
        total = b.binary(smt.BVAddOp, total, term)
    outside = b.not_(b.cmp(P.ULT, total, b.bv_const(1 << (iw - 1), wide)))
    return element_offset(b, ref.offset, indices, ref.strides), outside


def element_offset(
    b: SMTBuilder, offset: Term, indices: Sequence[Term], strides: Sequence[Term]
) -> Term:
    """`offset + sum(i_d * stride_d)` at index width: the one way an element's offset is
    built, so that equal offsets are equal terms."""
    total = offset
    for index, stride in zip(indices, strides, strict=True):
        total = b.add(total, b.binary(smt.BVMulOp, index, stride))
    return total


def block_ids(b: SMTBuilder, ref: MemRef) -> list[tuple[int, Term]]:
    """(candidate block id, condition that the view is in it) pairs, impossible ones left out."""
    found: list[tuple[int, Term]] = []
    for k in ref.candidates:
        cond = b.eq(ref.block, b.bv_const(k, BLOCK_ID_WIDTH))
        if b.known_bool(cond) is not False:
            found.append((k, cond))
    return found


@dataclass
class Access:
    """Where `ref[indices]` is: per candidate block, when it is that block, and the offset;
    `ub` the condition under which the access is undefined."""

    places: list[tuple[Block, Term]]
    offset: Term
    ub: Term


def locate(
    b: SMTBuilder, memory: Memory, ref: MemRef, indices: Sequence[Pair], writing: bool
) -> Access:
    """Resolve an access: bounds per dimension, then the block, its liveness and size."""
    if len(indices) != ref.rank:
        raise ValueError(f"{len(indices)} indices for a rank-{ref.rank} memref")
    folded = _constant_access(b, ref, indices)
    if folded is not None:  # the common case of unrolled loops: plain integer arithmetic
        offset, bad = folded
    else:
        bad = [ref.poison]
        for index, size in zip(indices, ref.sizes, strict=True):
            bad.append(index.poison)
            bad.append(b.not_(b.cmp(P.ULT, index.value, size)))
        offset, outside = linear_offset(b, ref, [i.value for i in indices])
        bad.append(outside)
    places: list[tuple[Block, Term]] = []
    for k, cond in block_ids(b, ref):
        block = memory.blocks[k]
        invalid = [b.not_(block.alive), b.not_(b.cmp(P.ULT, offset, block.size))]
        if writing and not block.writable:
            invalid.append(b.true())
        bad.append(b.and_(cond, b.or_(*invalid)))
        places.append((block, cond))
    return Access(places, offset, b.or_(*bad))


def _constant_access(
    b: SMTBuilder, ref: MemRef, indices: Sequence[Pair]
) -> tuple[Term, list[Term]] | None:
    """`locate`'s offset and out-of-bounds condition when every index, size, stride and the
    offset are constants (and no index is poison): computed on Python integers."""
    if b.known_bool(ref.poison) is not False:
        return None
    if any(b.known_bool(i.poison) is not False for i in indices):
        return None
    known = [b.known_bv(t) for t in (ref.offset, *ref.sizes, *ref.strides)]
    values = [b.known_bv(i.value) for i in indices]
    if any(k is None for k in known) or any(v is None for v in values):
        return None
    iw = width_of(ref.offset)
    rank = ref.rank
    offset, sizes, strides = known[0], known[1 : rank + 1], known[rank + 1 :]
    in_bounds = all(v < s for v, s in zip(values, sizes, strict=True))  # type: ignore[operator]
    linear = offset + sum(  # type: ignore[operator]
        v * _signed(s, iw)  # type: ignore[operator, arg-type]
        for v, s in zip(values, strides, strict=True)
    )
    inside = 0 <= linear < 1 << (iw - 1)
    bad = [] if in_bounds and inside else [b.true()]
    return b.bv_const(linear % (1 << iw), iw), bad


def _signed(value: int, width: int) -> int:
    return value - (1 << width) if value >> (width - 1) & 1 else value


def read(b: SMTBuilder, access: Access) -> Pair:
    """The element at `access` (its value and poison flag), merged over candidate blocks."""
    value: Term | None = None
    poison: Term | None = None
    for block, cond in reversed(access.places):
        v = block.values.read(access.offset)
        p = block.poison.read(access.offset)
        value = v if value is None else b.ite(cond, v, value)
        poison = p if poison is None else b.ite(cond, p, poison)
    assert value is not None and poison is not None
    return Pair(value, poison)


def write(b: SMTBuilder, access: Access, pair: Pair, path: Term) -> None:
    """Store `pair` at `access` on the paths where `path` holds."""
    for block, cond in access.places:
        guard = b.and_(path, cond)
        if b.known_bool(guard) is False:
            continue
        block.values.write(access.offset, pair.value, guard)
        block.poison.write(access.offset, pair.poison, guard)


# --- blocks --------------------------------------------------------------------------------


def new_block(
    b: SMTBuilder,
    memory: Memory,
    element: Attribute,
    width: int,
    size: Term,
    index_width: int,
    name: str,
    kind: str,
    initial: tuple[Contents, Contents] | None = None,
) -> Block:
    """A block of `size` elements. `initial` is the (values, poison) contents it starts
    with; none: a fresh allocation, all poison."""
    if initial is None:
        values = Contents(b, b.const_array(index_width, b.bv_const(0, width)), index_width)
        poison = Contents(b, b.const_array(index_width, b.true()), index_width)
    else:
        values, poison = initial
    block = Block(memory.fresh_id(), name, element, width, size, b.true(), values, poison, kind)
    return memory.add(block)


def contiguous_view(b: SMTBuilder, block: Block, sizes: Sequence[Term]) -> MemRef:
    """The identity-layout view of a whole block."""
    iw = width_of(block.size)
    return MemRef(
        block.element,
        b.bv_const(block.id, BLOCK_ID_WIDTH),
        (block.id,),
        b.bv_const(0, iw),
        tuple(sizes),
        identity_strides(b, sizes),
        b.false(),
    )


def element_count(b: SMTBuilder, sizes: Sequence[Term], index_width: int) -> Term:
    total = b.bv_const(1, index_width)
    for size in sizes:
        total = b.binary(smt.BVMulOp, total, size)
    return total


def static_positions(
    b: SMTBuilder, sizes: Sequence[Term], limit: int, what: str
) -> list[tuple[int, ...]]:
    """Every index tuple (row-major order) of a shape whose sizes are constants; raises
    `UnsupportedShape` for a dynamic size or more than `limit` elements."""
    known = [b.known_bv(s) for s in sizes]
    if any(k is None for k in known):
        raise UnsupportedShape(f"{what} with a dynamic size")
    total = 1
    for k in known:
        total *= k  # type: ignore[operator]
    if total > limit:
        raise UnsupportedShape(f"{what} of more than {limit} elements")
    return list(itertools.product(*(range(k) for k in known)))  # type: ignore[arg-type]


class UnsupportedShape(Exception):
    """A shape an element-by-element encoding cannot take (dynamic or too big)."""


def encoding_of(memory: Memory) -> str:
    """`element-wise` when no access needed the array theory, else `arrays`."""
    symbolic = any(
        blk.values.symbolic_writes or blk.poison.symbolic_writes for blk in memory.blocks.values()
    )
    return "arrays" if symbolic else "element-wise"
