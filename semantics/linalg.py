"""Semantics of `linalg` structured ops: the sequential loop nest over the iteration space.

Every structured op (`linalg.generic` and the named ops, which xDSL gives their generic form:
indexing maps, iterator types and a body region) means the same thing (MLIR's linalg
rationale, "the semantics of a linalg op is the loop nest"): for each point of the iteration
space, in lexicographic order of the loop dimensions (outermost first, as
`convert-linalg-to-loops` emits them), read each input element at its indexing map's image
of the point (a scalar input is passed as is), read each output element likewise, run the
body on them and write what it yields to the outputs. On memrefs the writes go to memory
in that order; on tensors they build new tensors, which are the op's results. `linalg.index`
is the point's coordinate. Loop ranges come from the operand dimensions whose map result is
that loop's dimension alone (the linalg "shapes to loops" map); they must be static here.
Reading or writing outside an operand is UB (as for `memref.load`/`tensor.extract`).
`linalg.broadcast` and `linalg.reduce`, which have no indexing maps in xDSL, get their own
loop nests with the same reading. In a lockstep query (`LoweringContext.iteration`) the
leading loop dimensions may be symbolic counters (`irproof.semantics.symbolic_iteration`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from xdsl.dialects.linalg.abstract_ops import LinalgStructuredOperation
from xdsl.ir import Operation
from xdsl.ir.affine import AffineDimExpr, AffineMap

from irproof.dialects.mlir.linalg import Linalg
from irproof.semantics.affine import map_results
from irproof.semantics.builder import Pair, SMTBuilder, Term
from irproof.semantics.lowering import LoweringContext, UnsupportedOp, semantics_rule
from irproof.semantics.memory import MemRef, locate, read, write
from irproof.semantics.memref import memory_of
from irproof.semantics.tensor_value import Tensor

MAX_ITERATIONS = 1 << 17
"""Iteration points a structured op may have (each is lowered once)."""

STRUCTURED_OPS = tuple(
    sorted(
        op.name
        for op in Linalg.operations
        if isinstance(op, type) and issubclass(op, LinalgStructuredOperation)
    )
)
"""Ops lowered through their indexing maps and body (as xDSL defines them)."""


class _Operand:
    """One operand of a structured op while its loop nest runs: a scalar, a memref view,
    or a tensor being built (its contents copied once, then written in place)."""

    def __init__(self, value: object) -> None:
        self.value = value
        self.tensor: Tensor | None = None
        if isinstance(value, Tensor):
            self.tensor = Tensor(
                value.element, value.width, value.sizes, value.values.copy(), value.poison.copy()
            )

    @property
    def sizes(self) -> tuple[Term, ...]:
        if isinstance(self.value, (MemRef, Tensor)):
            return self.value.sizes
        return ()

    def read(self, ctx: LoweringContext, indices: Sequence[Term]) -> Pair:
        b = ctx.smt
        if isinstance(self.value, Pair):
            return self.value
        if isinstance(self.value, MemRef):
            pairs = [Pair(i, b.false()) for i in indices]
            access = locate(b, memory_of(ctx), self.value, pairs, writing=False)
            ctx.ub_if(access.ub)
            return read(b, access)
        assert self.tensor is not None
        ctx.ub_if(self.tensor.out_of_bounds(b, [Pair(i, b.false()) for i in indices]))
        return self.tensor.read(b, indices)

    def write(self, ctx: LoweringContext, indices: Sequence[Term], pair: Pair) -> None:
        b = ctx.smt
        if isinstance(self.value, MemRef):
            pairs = [Pair(i, b.false()) for i in indices]
            access = locate(b, memory_of(ctx), self.value, pairs, writing=True)
            ctx.ub_if(access.ub)
            write(b, access, pair, ctx.path)
            return
        if self.tensor is None:
            raise UnsupportedOp("a linalg output that is neither a memref nor a tensor")
        ctx.ub_if(self.tensor.out_of_bounds(b, [Pair(i, b.false()) for i in indices]))
        at = self.tensor.offset(b, indices)
        self.tensor.values.write(at, pair.value, b.true())
        self.tensor.poison.write(at, pair.poison, b.true())


def loop_ranges(
    b: SMTBuilder, maps: Sequence[AffineMap], operands: Sequence[_Operand]
) -> list[int]:
    """The static trip count of each loop dimension."""
    count = maps[0].num_dims
    ranges: list[int | None] = [None] * count
    for m, operand in zip(maps, operands, strict=True):
        for expr, size in zip(m.results, operand.sizes, strict=False):
            if isinstance(expr, AffineDimExpr) and ranges[expr.position] is None:
                known = b.known_bv(size)
                if known is None:
                    raise UnsupportedOp("linalg op with a dynamic loop range")
                ranges[expr.position] = known
    if any(r is None for r in ranges):
        raise UnsupportedOp("linalg op with a loop dimension no operand dimension gives")
    return ranges  # type: ignore[return-value]


def _points(ranges: Sequence[int]) -> Iterator[tuple[int, ...]]:
    total = 1
    for r in ranges:
        total *= r
    if total > MAX_ITERATIONS:
        raise UnsupportedOp(f"linalg op with {total} iterations (more than {MAX_ITERATIONS})")
    return itertools.product(*(range(r) for r in ranges))


@contextmanager
def _at_point(ctx: LoweringContext, point: Sequence[Term]) -> Iterator[None]:
    ctx.loop_indices.append(list(point))
    try:
        yield
    finally:
        ctx.loop_indices.pop()


def run_loop_nest(
    ctx: LoweringContext,
    op: Operation,
    maps: Sequence[AffineMap],
    operands: Sequence[_Operand],
    n_inputs: int,
) -> None:
    """The loop nest of a structured op: body region `op.regions[0]`."""
    b = ctx.smt
    if any(m.num_symbols for m in maps):
        raise UnsupportedOp(f"{op.name} with symbols in its indexing maps")
    region = op.regions[0]
    leading: list[Term] = []
    if ctx.iteration is not None:  # `irproof.semantics.symbolic_iteration`
        if ctx.iteration.skips(region):
            return
        leading = ctx.iteration.leading(region)
    ranges = loop_ranges(b, maps, operands)
    with ctx.not_recording():
        for rest in _points(ranges[len(leading) :]):
            point = [*leading, *(b.bv_const(i, ctx.index_width) for i in rest)]
            args: list[Pair] = []
            for m, operand in zip(maps, operands, strict=True):
                args.append(operand.read(ctx, _image(ctx, m, point)))
            with _at_point(ctx, point):
                yielded = ctx.lower_region(region, args[: len(region.block.args)])
            for m, operand, pair in zip(maps[n_inputs:], operands[n_inputs:], yielded, strict=True):
                operand.write(ctx, _image(ctx, m, point), pair)


def _image(ctx: LoweringContext, m: AffineMap, point: Sequence[Term]) -> list[Term]:
    """The indices an indexing map gives a point: folded to constants for a constant point;
    for a symbolic one, wrapped `+`/`*` (exactly the integer image modulo 2^width, which is
    what a constant point gets; the verifier symbolizes only maps without division)."""
    b = ctx.smt
    known = [b.known_bv(t) for t in point]
    if all(k is not None for k in known):
        position = m.eval([k for k in known if k is not None], ())
        return [b.bv_const(i, ctx.index_width) for i in position]
    pairs = [Pair(t, b.false()) for t in point]
    return [result.value for result in map_results(ctx, m, pairs)]


def _results(operands: Sequence[_Operand]) -> list[object]:
    return [o.tensor for o in operands if o.tensor is not None]


@semantics_rule(*STRUCTURED_OPS)
def structured(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[object]:
    if not isinstance(op, LinalgStructuredOperation):
        raise UnsupportedOp(f"{op.name}: not a structured linalg op")
    n_inputs = len(op.inputs)
    maps = [m.data for m in op.get_indexing_maps()]
    operands = [_Operand(a) for a in args]
    if len(maps) != len(operands):
        raise UnsupportedOp(f"{op.name}: {len(maps)} indexing maps for {len(operands)} operands")
    run_loop_nest(ctx, op, maps, operands, n_inputs)
    return _results(operands[n_inputs:])


@semantics_rule("linalg.index")
def index(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[Pair]:
    if not ctx.loop_indices:
        raise UnsupportedOp("linalg.index outside a linalg op")
    dim = op.properties["dim"]
    d = int(dim.value.data)  # type: ignore[attr-defined]
    return [Pair(ctx.loop_indices[-1][d], ctx.smt.false())]


def _identity(rank: int) -> AffineMap:
    return AffineMap.identity(rank)


@semantics_rule("linalg.broadcast")
def broadcast(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[object]:
    """init[i] = input[i with the broadcast `dimensions` left out]."""
    dims = [int(d) for d in op.properties["dimensions"].get_values()]  # type: ignore[attr-defined]
    operands = [_Operand(a) for a in args]
    rank = len(operands[1].sizes)
    kept = [d for d in range(rank) if d not in dims]
    maps = [AffineMap(rank, 0, tuple(AffineDimExpr(d) for d in kept)), _identity(rank)]
    run_loop_nest(ctx, op, maps, operands, 1)
    return _results(operands[1:])


@semantics_rule("linalg.reduce")
def reduce(op: Operation, args: Sequence[object], ctx: LoweringContext) -> Sequence[object]:
    """init[j] = body(input[i], init[j]) over i in order, j = i without `dimensions`."""
    dims = [int(d) for d in op.properties["dimensions"].get_values()]  # type: ignore[attr-defined]
    operands = [_Operand(a) for a in args]
    rank = len(operands[0].sizes)
    kept = [d for d in range(rank) if d not in dims]
    maps = [_identity(rank), AffineMap(rank, 0, tuple(AffineDimExpr(d) for d in kept))]
    run_loop_nest(ctx, op, maps, operands, 1)
    return _results(operands[1:])
