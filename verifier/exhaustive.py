"""Exhaustive evaluation: decides a small bit-vector query by trying every input.

A query whose free constants (bit-vectors and Booleans) have few bits in all (Alive's
fixed-width division rewrites: two or three `i7`-`i11` values, 14-22 bits with their poison
flags) is decided by evaluating it on all 2^bits assignments at once, vectorized with numpy
in chunks, in the SMT-LIB meaning of every operator (the operator tables below; division by zero included).
Unsat when no assignment satisfies it; sat with the first assignment that does (smallest
first: the poison flags are the highest bits of the enumeration, so a counterexample without
poison inputs comes before any with). A SAT solver has to prove the same thing about divider
circuits, which can take it a second or more at 9 bits (Alive's 820: Bitwuzla 0.6 s,
Z3 0.8 s).

`compile_query` compiles a plain query (`irproof.verifier.plain_query`: no functions,
arrays, floats or Z3-internal divisions) into a list of numpy steps, or gives None when it
does not apply: more than `MAX_BITS` input bits, an operator outside the tables below, a
bit-vector wider than 64 bits, or an expected time above `MAX_ESTIMATE_S`.
`Exhaustive.check` runs in time slices and resumes where its last slice stopped; `prepare`
gives the strategy the solver runs, which compiles only when its turn comes.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import z3

from irproof.verifier.plain_query import PlainQuery
from irproof.verifier.term_walk import bottom_up

MAX_BITS = 26
"""The most input bits a query may have (2^26 assignments)."""

STEP_CALL_S = 3e-6
"""The fixed cost of one step on one chunk (Python and numpy's call overhead)."""

MAX_ESTIMATE_S = 2.0
"""The longest expected evaluation (`Exhaustive.estimate_s`) worth starting."""

CHUNK_BITS = 16
"""Assignments evaluated per numpy step (2^16: 512 KiB per 64-bit intermediate)."""

NS_PER_STEP = 1.0
"""Cost of one step on one assignment, in nanoseconds (for `Exhaustive.estimate_s`): on
the fixed-width division queries of the Alive suite 0.5-1.3 ns (820 at i9, 20 bits and 39
steps: 0.05 s; 1321 at i11, 23 bits and 42 steps: 0.32 s)."""

Array = np.ndarray
Step = Callable[[list[Array], "Chunk"], Array]
"""One operator: (its operands' values, the chunk of the grid) -> its values."""

SIGNED = {np.dtype(np.uint32): np.int32, np.dtype(np.uint64): np.int64}
"""A query is evaluated in 32-bit lanes when none of its terms is wider (integer division
takes 2 ns there, 3.4 ns in 64-bit ones), else in 64-bit lanes. Masks and shift amounts are
Python ints, which numpy reads at the lanes' width."""


def _mask(width: int) -> int:
    return (1 << width) - 1


def _signed(x: Array, width: int) -> Array:
    """The two's-complement values of `width`-bit `x`, in signed lanes."""
    signed = SIGNED[x.dtype]
    if width == x.dtype.itemsize * 8:
        return x.view(signed)
    sign = 1 << (width - 1)
    return (x.astype(signed) ^ sign) - sign


def _neg(x: Array, width: int) -> Array:
    return (0 - x) & _mask(width)


def _udiv(x: Array, y: Array, width: int) -> Array:
    zero = y == 0
    return np.where(zero, _mask(width), x // np.where(zero, 1, y))


def _urem(x: Array, y: Array, width: int) -> Array:
    zero = y == 0
    return np.where(zero, x, x % np.where(zero, 1, y))


def _msb(x: Array, width: int) -> Array:
    return (x >> (width - 1)) & 1 == 1


def _abs(x: Array, width: int) -> Array:
    return np.where(_msb(x, width), _neg(x, width), x)


def _sdiv(x: Array, y: Array, width: int) -> Array:
    """SMT-LIB's `bvsdiv`: the unsigned quotient of the magnitudes, negated when the signs
    differ (at divisor 0: -1 for x >= 0, 1 for x < 0)."""
    q = _udiv(_abs(x, width), _abs(y, width), width)
    return np.where(_msb(x, width) != _msb(y, width), _neg(q, width), q)


def _srem(x: Array, y: Array, width: int) -> Array:
    """SMT-LIB's `bvsrem`: the sign of the dividend."""
    r = _urem(_abs(x, width), _abs(y, width), width)
    return np.where(_msb(x, width), _neg(r, width), r)


def _smod(x: Array, y: Array, width: int) -> Array:
    """SMT-LIB's `bvsmod`: the sign of the divisor."""
    u = _urem(_abs(x, width), _abs(y, width), width)
    sx, sy = _msb(x, width), _msb(y, width)
    adjusted = np.where(sx & ~sy, (_neg(u, width) + y) & _mask(width), u)
    adjusted = np.where(~sx & sy, (u + y) & _mask(width), adjusted)
    adjusted = np.where(sx & sy, _neg(u, width), adjusted)
    return np.where(u == 0, u, adjusted)


def _shl(x: Array, s: Array, width: int) -> Array:
    return np.where(s >= width, 0, (x << np.minimum(s, width - 1)) & _mask(width))


def _lshr(x: Array, s: Array, width: int) -> Array:
    return np.where(s >= width, 0, x >> np.minimum(s, width - 1))


def _ashr(x: Array, s: Array, width: int) -> Array:
    shift = np.minimum(s, width - 1).astype(SIGNED[x.dtype])
    return (_signed(x, width) >> shift).astype(x.dtype) & _mask(width)


def _rotate_left(x: Array, amount: Array, width: int) -> Array:
    """Rotation by `amount` modulo the width (both shifts stay below the width)."""
    amount = amount % width
    return ((x << amount) | (x >> ((width - amount) % width))) & _mask(width)


def _rotate_right(x: Array, amount: Array, width: int) -> Array:
    return _rotate_left(x, (width - amount % width) % width, width)


def _fold(op: Callable[[Array, Array], Array], width: int | None) -> Step:
    """An n-ary operator applied left to right (masked to `width` for bit-vectors)."""

    def step(args: list[Array], _chunk: Chunk) -> Array:
        out = args[0]
        for arg in args[1:]:
            out = op(out, arg)
        return out & _mask(width) if width is not None else out

    return step


def _binary(op: Callable[[Array, Array, int], Array]) -> Callable[[int], Step]:
    return lambda width: lambda args, _chunk: op(args[0], args[1], width)


def _compare(op: Callable[[Array, Array], Array], signed: bool) -> Callable[[int], Step]:
    def make(width: int) -> Step:
        if signed:
            return lambda args, _chunk: op(_signed(args[0], width), _signed(args[1], width))
        return lambda args, _chunk: op(args[0], args[1])

    return make


def _distinct(args: list[Array], _chunk: Chunk) -> Array:
    out = np.asarray(True)
    for i, a in enumerate(args):
        for b in args[i + 1 :]:
            out = out & (a != b)
    return out


def _bool_xor(args: list[Array], _chunk: Chunk) -> Array:
    out = args[0]
    for arg in args[1:]:
        out = out ^ arg
    return out


BITVECTOR_OPS: dict[int, Callable[[int], Step]] = {
    z3.Z3_OP_BADD: lambda w: _fold(np.add, w),
    z3.Z3_OP_BMUL: lambda w: _fold(np.multiply, w),
    z3.Z3_OP_BSUB: lambda w: _fold(np.subtract, w),
    z3.Z3_OP_BAND: lambda w: _fold(np.bitwise_and, w),
    z3.Z3_OP_BOR: lambda w: _fold(np.bitwise_or, w),
    z3.Z3_OP_BXOR: lambda w: _fold(np.bitwise_xor, w),
    z3.Z3_OP_BNOT: lambda w: lambda args, _chunk: ~args[0] & _mask(w),
    z3.Z3_OP_BNEG: lambda w: lambda args, _chunk: _neg(args[0], w),
    z3.Z3_OP_BNAND: lambda w: lambda args, _chunk: ~(args[0] & args[1]) & _mask(w),
    z3.Z3_OP_BNOR: lambda w: lambda args, _chunk: ~(args[0] | args[1]) & _mask(w),
    z3.Z3_OP_BXNOR: lambda w: lambda args, _chunk: ~(args[0] ^ args[1]) & _mask(w),
    z3.Z3_OP_BUDIV: _binary(_udiv),
    z3.Z3_OP_BUREM: _binary(_urem),
    z3.Z3_OP_BSDIV: _binary(_sdiv),
    z3.Z3_OP_BSREM: _binary(_srem),
    z3.Z3_OP_BSMOD: _binary(_smod),
    z3.Z3_OP_BSHL: _binary(_shl),
    z3.Z3_OP_BLSHR: _binary(_lshr),
    z3.Z3_OP_BASHR: _binary(_ashr),
    z3.Z3_OP_EXT_ROTATE_LEFT: _binary(_rotate_left),
    z3.Z3_OP_EXT_ROTATE_RIGHT: _binary(_rotate_right),
    z3.Z3_OP_BCOMP: lambda w: lambda args, _chunk: (args[0] == args[1]).astype(args[0].dtype),
    z3.Z3_OP_BREDOR: lambda w: lambda args, _chunk: (args[0] != 0).astype(args[0].dtype),
    z3.Z3_OP_BREDAND: lambda w: lambda args, _chunk: (args[0] == _mask(w)).astype(args[0].dtype),
}
"""Operators whose width is that of their (first) operand, by Z3 kind."""

COMPARISONS: dict[int, Callable[[int], Step]] = {
    z3.Z3_OP_ULEQ: _compare(np.less_equal, False),
    z3.Z3_OP_ULT: _compare(np.less, False),
    z3.Z3_OP_UGEQ: _compare(np.greater_equal, False),
    z3.Z3_OP_UGT: _compare(np.greater, False),
    z3.Z3_OP_SLEQ: _compare(np.less_equal, True),
    z3.Z3_OP_SLT: _compare(np.less, True),
    z3.Z3_OP_SGEQ: _compare(np.greater_equal, True),
    z3.Z3_OP_SGT: _compare(np.greater, True),
}

BOOLEAN_OPS: dict[int, Step] = {
    z3.Z3_OP_AND: _fold(np.logical_and, None),
    z3.Z3_OP_OR: _fold(np.logical_or, None),
    z3.Z3_OP_XOR: _bool_xor,
    z3.Z3_OP_NOT: lambda args, _chunk: ~args[0],
    z3.Z3_OP_IMPLIES: lambda args, _chunk: ~args[0] | args[1],
    z3.Z3_OP_EQ: lambda args, _chunk: args[0] == args[1],
    z3.Z3_OP_IFF: lambda args, _chunk: args[0] == args[1],
    z3.Z3_OP_DISTINCT: _distinct,
    z3.Z3_OP_ITE: lambda args, _chunk: np.where(args[0], args[1], args[2]),
}


def _structural(e: z3.ExprRef, kind: int, width: int) -> Step | None:
    """Extraction, extension, concatenation, repetition, rotation (parameters in the decl)."""
    params = e.params()
    if kind == z3.Z3_OP_EXTRACT:
        high, low = params
        return lambda args, _chunk: (args[0] >> low) & _mask(high - low + 1)
    if kind == z3.Z3_OP_ZERO_EXT:
        return lambda args, _chunk: args[0]
    if kind == z3.Z3_OP_SIGN_EXT:
        inner = e.arg(0).size()
        return lambda args, chunk: _signed(args[0], inner).astype(chunk.lanes) & _mask(width)
    if kind == z3.Z3_OP_CONCAT:
        sizes = [e.arg(i).size() for i in range(e.num_args())]

        def concat(args: list[Array], _chunk: Chunk) -> Array:
            out = args[0]
            for arg, size in zip(args[1:], sizes[1:], strict=True):
                out = (out << size) | arg
            return out

        return concat
    if kind == z3.Z3_OP_REPEAT:
        inner = e.arg(0).size()
        (count,) = params

        def repeat(args: list[Array], _chunk: Chunk) -> Array:
            out = args[0]
            for _ in range(count - 1):
                out = (out << inner) | args[0]
            return out

        return repeat
    if kind in (z3.Z3_OP_ROTATE_LEFT, z3.Z3_OP_ROTATE_RIGHT):
        (amount,) = params
        rotate = _rotate_left if kind == z3.Z3_OP_ROTATE_LEFT else _rotate_right
        return lambda args, _chunk: rotate(args[0], amount, width)
    return None


class NotExhaustive(Exception):
    """The query is outside what exhaustive evaluation decides."""


@dataclass(frozen=True)
class Variable:
    """A free constant: its term and its width (0: a Boolean). Each has an axis of its own
    in the grid of assignments."""

    term: z3.ExprRef
    width: int

    @property
    def size(self) -> int:
        return 1 << max(self.width, 1)


@dataclass
class Chunk:
    """A block of the grid: the leading axes fixed to one value each, a range of the next
    one, and every value of the rest; `values[i]` is variable i's array over it, shaped to
    broadcast along its own axis only."""

    lanes: type
    values: list[Array]
    shape: tuple[int, ...]


class Exhaustive:
    """A query compiled to numpy steps over the grid of all assignments of its free
    constants, one axis per constant: numpy's broadcasting evaluates each term only over the
    constants it depends on (an Alive precondition on `C1` and `C2` over 2^14 values, not
    the 2^21 of the whole grid)."""

    def __init__(self, assertions: Sequence[z3.BoolRef]) -> None:
        self.assertions = list(assertions)
        self.steps: list[tuple[Step, list[int]]] = []  # (step, argument slots)
        self.depends: list[int] = []  # per step: the variables it depends on, as a bit set
        self._slots: dict[int, int] = {}
        # Booleans (poison flags) lead: the enumeration meets assignments without poison first.
        free = sorted(_free_constants(self.assertions), key=lambda t: (not z3.is_bool(t), str(t)))
        self.variables = [Variable(t, 0 if z3.is_bool(t) else t.size()) for t in free]
        self._position = {v.term.get_id(): i for i, v in enumerate(self.variables)}
        self.bits = sum(max(v.width, 1) for v in self.variables)
        if self.bits > MAX_BITS:
            raise NotExhaustive(f"{self.bits} input bits")
        self.widest = 0
        self.roots = [self._compile(a) for a in self.assertions]
        self.lanes = np.uint32 if self.widest <= 32 else np.uint64
        self.last_use = [-1] * len(self.steps)
        for position, (_, args) in enumerate(self.steps):
            for slot in args:
                self.last_use[slot] = position
        self.sizes = [v.size for v in self.variables]
        self.split, self.run = _chunking(self.sizes)
        self.next_chunk = 0

    @property
    def chunks(self) -> int:
        return (1 << self.bits) // self._chunk_size

    @property
    def _chunk_size(self) -> int:
        return self.run * math.prod(self.sizes[self.split + 1 :])

    def estimate_s(self) -> float:
        """The expected time to evaluate every assignment: per chunk, each step over the
        chunk's values of the constants it depends on, plus a fixed cost per numpy call."""
        per_chunk = 0
        for depends in self.depends:
            size = 1
            for i in range(self.split, len(self.variables)):
                if depends >> i & 1:
                    size *= self.run if i == self.split else self.sizes[i]
            per_chunk += size
        return self.chunks * (per_chunk * NS_PER_STEP * 1e-9 + len(self.steps) * STEP_CALL_S)

    def _compile(self, root: z3.ExprRef) -> int:
        """The slot of `root`'s value (`irproof.verifier.term_walk`)."""
        return bottom_up(root, self._slots, self._add)

    def _add(self, e: z3.ExprRef) -> int:
        step = self._step(e)
        args = [self._slots[e.arg(i).get_id()] for i in range(e.num_args())]
        depends = 0
        for a in args:
            depends |= self.depends[a]
        if e.get_id() in self._position:
            depends = 1 << self._position[e.get_id()]
        self.steps.append((step, args))
        self.depends.append(depends)
        return len(self.steps) - 1

    def _step(self, e: z3.ExprRef) -> Step:
        if z3.is_bv(e):
            width = e.size()
            if width > 64:
                raise NotExhaustive(f"a {width}-bit term")
            self.widest = max(self.widest, width)
        elif z3.is_bool(e):
            width = 0
        else:
            raise NotExhaustive(f"a term of sort {e.sort()}")
        kind = e.decl().kind()
        if z3.is_bv_value(e):  # a scalar: numpy broadcasts it
            value = e.as_long()
            return lambda _args, chunk: np.asarray(value, dtype=chunk.lanes)
        if z3.is_true(e) or z3.is_false(e):
            truth = np.asarray(z3.is_true(e))
            return lambda _args, _chunk: truth
        if e.get_id() in self._position:
            position = self._position[e.get_id()]
            return lambda _args, chunk: chunk.values[position]
        if kind in BOOLEAN_OPS:
            return BOOLEAN_OPS[kind]
        operand_width = e.arg(0).size() if e.num_args() and z3.is_bv(e.arg(0)) else width
        if kind in COMPARISONS:
            return COMPARISONS[kind](operand_width)
        if kind in BITVECTOR_OPS:
            return BITVECTOR_OPS[kind](width if kind not in _TO_BIT else operand_width)
        structural = _structural(e, kind, width)
        if structural is None:
            raise NotExhaustive(f"operator {e.decl().name()}")
        return structural

    def _chunk(self, number: int) -> Chunk:
        """Chunk `number` of the grid, in row-major order of its axes."""
        first = np.unravel_index(number * self._chunk_size, self.sizes) if self.sizes else ()
        values: list[Array] = []
        rank = len(self.variables) - self.split
        for i, variable in enumerate(self.variables):
            if i < self.split:
                value = np.asarray(first[i], dtype=self.lanes)
            else:
                start, count = (int(first[i]), self.run) if i == self.split else (0, self.sizes[i])
                axes = [1] * rank
                axes[i - self.split] = count
                value = np.arange(start, start + count, dtype=self.lanes).reshape(axes)
            values.append(value == 1 if variable.width == 0 else value)
        shape = (self.run, *self.sizes[self.split + 1 :]) if self.sizes else ()
        return Chunk(self.lanes, values, shape)

    def _evaluate(self, chunk: Chunk) -> Array:
        """Which assignments of the chunk satisfy the query (flat, in row-major order)."""
        values: list[Array | None] = [None] * len(self.steps)
        for position, (step, args) in enumerate(self.steps):
            values[position] = step([values[a] for a in args], chunk)  # type: ignore[misc]
            for a in args:
                if self.last_use[a] == position and a not in self.roots:
                    values[a] = None
        out = np.ones(chunk.shape, dtype=bool)
        for root in self.roots:
            out &= values[root]  # type: ignore[arg-type]
        return out.ravel()

    def check(
        self, budget_s: float, _seed: int = 0
    ) -> tuple[z3.CheckSatResult, z3.ModelRef | None, str]:
        """sat (with a Z3 model), unsat, or unknown ("timeout") when `budget_s` ran out first;
        the next call resumes with the next chunk."""
        deadline = time.perf_counter() + budget_s
        while self.next_chunk < self.chunks:
            with np.errstate(all="ignore"):  # wrapping is the semantics
                satisfied = self._evaluate(self._chunk(self.next_chunk))
            hits = np.flatnonzero(satisfied)
            if hits.size:
                return self._model(self.next_chunk * self._chunk_size + int(hits[0]))
            self.next_chunk += 1
            if self.next_chunk < self.chunks and time.perf_counter() > deadline:
                return z3.unknown, None, "timeout"
        return z3.unsat, None, ""

    def values(self, assignment: int) -> list[tuple[z3.ExprRef, int]]:
        """Each free constant's value in assignment number `assignment` (row-major)."""
        index = np.unravel_index(assignment, self.sizes) if self.sizes else ()
        return [(v.term, int(i)) for v, i in zip(self.variables, index, strict=True)]

    def _model(self, assignment: int) -> tuple[z3.CheckSatResult, z3.ModelRef | None, str]:
        """A Z3 model of the assignment (Z3 evaluates the query on it: a check on this
        module's arithmetic)."""
        ctx = self.assertions[0].ctx
        solver = z3.Solver(ctx=ctx)
        solver.add(*self.assertions)
        for term, value in self.values(assignment):
            fixed = (
                z3.BoolVal(bool(value), ctx)
                if z3.is_bool(term)
                else z3.BitVecVal(value, term.size(), ctx)
            )
            solver.add(term == fixed)
        if solver.check() != z3.sat:
            raise AssertionError("exhaustive evaluation disagrees with Z3 on an assignment")
        return z3.sat, solver.model(), ""


_TO_BIT = frozenset({z3.Z3_OP_BCOMP, z3.Z3_OP_BREDOR, z3.Z3_OP_BREDAND})
"""Operators with a 1-bit result computed at their operand's width."""


def _chunking(sizes: Sequence[int]) -> tuple[int, int]:
    """(split, run): chunks fix the axes before `split`, take `run` values of axis `split`
    and all values of the later ones, about `1 << CHUNK_BITS` assignments in all."""
    inner = 1
    for split in range(len(sizes) - 1, -1, -1):
        if inner * sizes[split] > 1 << CHUNK_BITS:
            return split, max(1, (1 << CHUNK_BITS) // inner)
        inner *= sizes[split]
    return 0, sizes[0] if sizes else 1


def _free_constants(assertions: Sequence[z3.ExprRef]) -> list[z3.ExprRef]:
    seen: set[int] = set()
    found: dict[int, z3.ExprRef] = {}
    stack = list(assertions)
    while stack:
        e = stack.pop()
        key = e.get_id()
        if key in seen:
            continue
        seen.add(key)
        if z3.is_const(e) and e.decl().kind() == z3.Z3_OP_UNINTERPRETED:
            found[key] = e
        stack.extend(e.children())
    return list(found.values())


NOT_APPLICABLE = "not applicable"
"""`Evaluation.check`'s reason when the query turned out to be beyond exhaustive evaluation."""


def compile_query(plain: PlainQuery) -> Exhaustive | None:
    """The query compiled for exhaustive evaluation, or None where it does not apply or
    would take longer than `MAX_ESTIMATE_S`."""
    if plain.input_bits > MAX_BITS or not plain.assertions:
        return None
    try:
        compiled = Exhaustive(plain.assertions)
    except NotExhaustive:
        return None
    return compiled if compiled.estimate_s() <= MAX_ESTIMATE_S else None


class Evaluation:
    """Exhaustive evaluation as a strategy of `irproof.verifier.solver.check`: compiled at
    its first slice (1-10 ms, which most queries, answered by a solver first, never pay);
    when it does not apply, every slice answers unknown with `NOT_APPLICABLE`."""

    def __init__(self, plain: PlainQuery) -> None:
        self.plain = plain
        self.compiled: Exhaustive | None = None
        self.applies = True

    def check(
        self, budget_s: float, seed: int = 0
    ) -> tuple[z3.CheckSatResult, z3.ModelRef | None, str]:
        if self.compiled is None and self.applies:
            self.compiled = compile_query(self.plain)
            self.applies = self.compiled is not None
        if self.compiled is None:
            return z3.unknown, None, NOT_APPLICABLE
        return self.compiled.check(budget_s, seed)


def prepare(plain: PlainQuery) -> Evaluation | None:
    """The strategy for a query with at most `MAX_BITS` input bits (compiled when first
    run), else None."""
    return Evaluation(plain) if plain.input_bits <= MAX_BITS and plain.assertions else None
