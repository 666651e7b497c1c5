"""Lockstep validation: prove a loop nest correct one symbolic iteration at a time.

Unrolling a lowered `linalg.matmul` NxNxN costs N^3 iterations on each side. When source and
target are the same sequence of loop nests, run in the same order, one iteration of each
suffices, with its counters left symbolic. This module finds when that applies (`plan`) and
what the per-iteration queries are (`NestQuery`); `irproof.verifier.verify` tries them before
the unrolled check, and falls back to it when they do not all prove refinement.

**Shape.** Both functions have one block: ops without memory effects (`PURE_OPS`), loop
nests, and `func.return` without operands, and the same number of nests. A nest is a
structured linalg op on memrefs (static shapes, no results; its loop dimensions, in order,
are its levels) or a perfect nest of `scf.for` / `affine.for` without loop-carried values
and with constant bounds (each level's body is the next loop and the terminator only). Of
nest j, the first m_j levels are symbolized, where m_j is the longest common prefix of the
two sides' trip counts (m_j = 0: the nest runs in full, as one step). No nest may
deallocate, call, or name a global (`FORBIDDEN_IN_NESTS`): its state is the contents of the
argument blocks.

**Query of nest j.** Both sides run every pure op, skip the other nests, and run one
iteration of nest j at counters t_0..t_{m-1} (shared by both sides, t_d < trip_d), the
inner levels in full, from *arbitrary* memory: argument blocks with free contents and free
poison flags (whatever `--no-poison-inputs` says, since earlier iterations may have written
poison), under the aliasing configuration of the check. It asserts that the target's
iteration fails to refine the source's (UB, then final memory of every argument block).

**Why unsat for every nest proves refinement.** Both sides execute the same sequence of
iterations x_1, x_2, ... (nest by nest, counters in lexicographic order, which is the order
of `scf.for` nests and of linalg's loop-nest semantics). Let S_k and T_k be the memories
after k iterations; T_0 = S_0 (pure ops do not touch memory). Suppose T_k refines S_k. The
query gives iter_T(x)(T_k) refines iter_S(x)(T_k), for T_k is one of the arbitrary
memories, and iter_S(x)(T_k) refines iter_S(x)(S_k) because the source's iteration is
monotone: every semantics rule maps more-defined inputs to more-defined (or UB-free to
no-more-UB) outputs, which is what refinement of programs rests on. By transitivity T_{k+1}
refines S_{k+1}; UB of a pure op is in every query, so a target that adds it is caught (all
trip counts are at least 1). No ordering argument between *different* iterations is used, so
aliasing configurations are covered too; a target that reorders iterations (interchange,
tiling with other trip counts, reordered reductions) does not match and falls back to
unrolling.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.dialects import affine, arith, func, scf, smt
from xdsl.dialects.builtin import IntegerAttr, IntegerType, MemRefType, TensorType
from xdsl.dialects.linalg.abstract_ops import LinalgStructuredOperation
from xdsl.ir import Operation, Region, SSAValue
from xdsl.ir.affine import AffineBinaryOpExpr, AffineBinaryOpKind, AffineDimExpr, AffineExpr

from irproof.dialects.smt.bv import BVCmpPredicate as P
from irproof.semantics.builder import SMTBuilder, Term, width_of
from irproof.semantics.linalg import STRUCTURED_OPS
from irproof.semantics.symbolic_iteration import SymbolicIteration

PURE_DIALECTS = frozenset({"arith", "index", "math"})
PURE_OPS = frozenset(
    {
        "affine.apply",
        "memref.dim",
        "memref.subview",
        "memref.cast",
        "memref.collapse_shape",
        "memref.expand_shape",
        "memref.reinterpret_cast",
        "memref.extract_strided_metadata",
    }
)
"""Ops allowed outside the nests (besides those of `PURE_DIALECTS`): no memory effects."""

FORBIDDEN_IN_NESTS = frozenset({"memref.dealloc", "func.call", "memref.get_global"})
"""Ops that would make an iteration's state more than the argument blocks' contents."""

MAX_BOUND = 1 << 30
"""Constant loop bounds must lie in [0, MAX_BOUND): no induction variable wraps."""


@dataclass(frozen=True)
class Nest:
    """A loop nest: its levels' regions (a linalg op: its region, for every level) and trip
    counts, outermost first."""

    op: Operation
    regions: tuple[Region, ...]
    trips: tuple[int, ...]

    @property
    def linalg(self) -> bool:
        return isinstance(self.op, LinalgStructuredOperation)


@dataclass(frozen=True)
class Plan:
    """The nests of source and target, paired, and how many levels of each are symbolic."""

    nests: tuple[tuple[Nest, Nest, int], ...]

    def describe(self) -> str:
        levels = ", ".join(f"{m} of {len(s.trips)}" for s, _, m in self.nests)
        return f"{len(self.nests)} loop nest(s), symbolic levels: {levels}"


def _constant(value: SSAValue) -> int | None:
    owner = value.owner
    if isinstance(owner, arith.ConstantOp) and isinstance(owner.value, IntegerAttr):
        return owner.value.value.data
    return None


def _trip(lb: int | None, ub: int | None, step: int | None, width: int) -> int | None:
    if lb is None or ub is None or step is None or step < 1 or lb < 0:
        return None
    if ub >= min(MAX_BOUND, 1 << (width - 2)) - step:
        return None
    return max(0, -(-(ub - lb) // step))


def _level(op: Operation) -> int | None:
    """The trip count of a loop with constant bounds and no loop-carried values."""
    if isinstance(op, scf.ForOp) and not op.results:
        typ = op.lb.type
        width = typ.width.data if isinstance(typ, IntegerType) else 32
        return _trip(_constant(op.lb), _constant(op.ub), _constant(op.step), width)
    if isinstance(op, affine.ForOp) and not op.results:
        bounds = (op.lowerBoundMap.data, op.upperBoundMap.data)
        if op.lowerBoundOperands or op.upperBoundOperands:
            return None
        if any(len(m.results) != 1 or m.num_dims or m.num_symbols for m in bounds):
            return None
        values = [m.eval([], []) for m in bounds]
        return _trip(values[0][0], values[1][0], op.step.value.data, 32)
    return None


def _loop_nest(op: Operation) -> Nest | None:
    regions: list[Region] = []
    trips: list[int] = []
    current: Operation | None = op
    while current is not None:
        trip = _level(current)
        if trip is None:
            break
        body = current.regions[0]
        regions.append(body)
        trips.append(trip)
        ops = list(body.block.ops)
        inner = ops[0] if len(ops) == 2 and len(body.blocks) == 1 else None
        current = inner if inner is not None and _level(inner) is not None else None
    return Nest(op, tuple(regions), tuple(trips)) if trips else None


def _divides(expr: AffineExpr) -> bool:
    if isinstance(expr, AffineBinaryOpExpr):
        if expr.kind not in (AffineBinaryOpKind.Add, AffineBinaryOpKind.Mul):
            return True
        return _divides(expr.lhs) or _divides(expr.rhs)
    return False


def _linalg_nest(op: Operation) -> Nest | None:
    if not isinstance(op, LinalgStructuredOperation) or op.name not in STRUCTURED_OPS:
        return None
    if op.results or any(isinstance(o.type, TensorType) for o in op.operands):
        return None
    maps = [m.data for m in op.get_indexing_maps()]
    if len(maps) != len(op.operands) or any(m.num_symbols for m in maps):
        return None
    if any(_divides(e) for m in maps for e in m.results):
        return None
    trips: list[int | None] = [None] * maps[0].num_dims
    for m, operand in zip(maps, op.operands, strict=True):
        if not isinstance(operand.type, MemRefType):
            continue
        for expr, size in zip(m.results, operand.type.get_shape(), strict=False):
            if isinstance(expr, AffineDimExpr) and trips[expr.position] is None and size >= 0:
                trips[expr.position] = size
    if any(t is None for t in trips):
        return None
    return Nest(op, (op.regions[0],) * len(trips), tuple(t for t in trips if t is not None))


def _nests(function: func.FuncOp) -> list[Nest] | None:
    """The loop nests of a function of lockstep shape, in order; None if it is not one."""
    if len(function.body.blocks) != 1:
        return None
    if any(isinstance(a.type, TensorType) for a in function.body.blocks[0].args):
        return None
    nests: list[Nest] = []
    for op in function.body.block.ops:
        if isinstance(op, func.ReturnOp):
            if op.operands:
                return None
            continue
        if op.dialect_name() in PURE_DIALECTS or op.name in PURE_OPS:
            if op.regions:
                return None
            continue
        nest = _linalg_nest(op) or _loop_nest(op)
        if nest is None or any(o.name in FORBIDDEN_IN_NESTS for o in op.walk()):
            return None
        nests.append(nest)
    return nests


def _common_prefix(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    m = 0
    while m < min(len(a), len(b)) and a[m] == b[m]:
        m += 1
    return m


def plan(source: func.FuncOp, target: func.FuncOp) -> Plan | None:
    """How to validate `target` against `source` in lockstep; None when it does not apply
    (other shapes, a different number of nests, an empty loop, nothing to symbolize)."""
    if source.function_type != target.function_type:
        return None
    src, tgt = _nests(source), _nests(target)
    if src is None or tgt is None or len(src) != len(tgt) or not src:
        return None
    pairs = tuple((s, t, _common_prefix(s.trips, t.trips)) for s, t in zip(src, tgt, strict=True))
    if any(0 in s.trips or 0 in t.trips for s, t, _ in pairs):
        return None
    if not any(m for _, _, m in pairs):
        return None
    return Plan(pairs)


def safe_plan(source: func.FuncOp, target: func.FuncOp) -> Plan | None:
    """`plan`, or None when the IR is of a form it does not expect (the caller then
    unrolls, which reports what it cannot handle)."""
    try:
        return plan(source, target)
    except Exception:
        return None


@dataclass(frozen=True)
class NestQuery:
    """The per-iteration query of nest `index` of a plan (`build_refinement_query(nest=)`)."""

    plan: Plan
    index: int

    def counters(self, b: SMTBuilder, index_width: int) -> list[Term]:
        _, _, m = self.plan.nests[self.index]
        typ = smt.BitVectorType(index_width)
        return [b.declare(f"iteration{self.index}_{d}", typ) for d in range(m)]

    def ranges(self, b: SMTBuilder, counters: list[Term]) -> list[Term]:
        """t_d < trip_d for every symbolic counter."""
        source, _, _ = self.plan.nests[self.index]
        width = width_of(counters[0]) if counters else 0
        return [
            b.cmp(P.ULT, t, b.bv_const(trip, width))
            for t, trip in zip(counters, source.trips, strict=False)
        ]

    def iteration(self, side: str, counters: list[Term]) -> SymbolicIteration:
        """What the `side` ("source" or "target") function runs in this query."""
        plan = SymbolicIteration()
        for n, (s, t, _) in enumerate(self.plan.nests):
            nest = s if side == "source" else t
            if n != self.index:
                plan.skip(nest.regions[0])
            elif nest.linalg and counters:
                plan.add_linalg(nest.regions[0], counters)
            else:
                for region, counter in zip(nest.regions, counters, strict=False):
                    plan.add_loop(region, counter)
        return plan
