"""Concrete semantics of `linalg` structured ops: their loop nest, run point by point.

Written from MLIR's linalg documentation ("the semantics of a structured op is the loop
nest it stands for") apart from the SMT rules. Every structured op (`linalg.generic` and
the named ops, which xDSL gives indexing maps, iterator types and a body region) runs the
same way:

1. Loop ranges: loop dimension `k` ranges over `[0, n)` where `n` is the size of the first
   operand dimension (operands in order, then dimensions in order) whose indexing-map
   result is `d_k` alone.
2. The points of the iteration space are visited in lexicographic order of the loop
   dimensions (the first dimension outermost). At each point, each input is read at its
   map's image of the point (a scalar input is passed as is), then each output likewise
   (its current value: what earlier points wrote), the body region runs on them, and the
   values it yields (`linalg.yield`) are written to the outputs at their images.
3. A memref output is written in memory, in that order; a tensor output starts as the
   `outs` tensor and the op returns its final value. Reading or writing outside an operand
   is UB (as `tensor.extract` / `memref.load` / `memref.store` are): for memrefs, the
   memory's checks (`irproof.semantics.concrete.memory.locate`) apply.

`linalg.index` is coordinate `dim` of the current point (of the innermost running op).
`linalg.broadcast` (`init[i] = input[i without the broadcast dimensions]`) and
`linalg.reduce` (`init[j] = body(input[i], init[j])` over `i` in order, `j` being `i`
without the reduced dimensions) have no indexing maps in xDSL; they run the same loop nest
over the maps that say so.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects.linalg.abstract_ops import LinalgStructuredOperation
from xdsl.dialects.linalg.ops import BroadcastOp, IndexOp, ReduceOp
from xdsl.ir import Operation
from xdsl.ir.affine import AffineDimExpr, AffineMap

from irproof.dialects.mlir.linalg import Linalg
from irproof.semantics.concrete.memory import ConcreteBlock, ConcreteMemory, locate
from irproof.semantics.concrete.registry import ConcreteEnv, UnsupportedOp, concrete_rule
from irproof.semantics.concrete.tensor import make_tensor
from irproof.semantics.concrete.tensor_value import ConcreteTensor
from irproof.semantics.concrete.values import (
    ConcreteScalar,
    ConcreteValue,
    ConcreteView,
    Poison,
    UndefinedBehavior,
    to_unsigned,
)

STRUCTURED_OPS: tuple[str, ...] = tuple(
    op.name for op in Linalg.operations if issubclass(op, LinalgStructuredOperation)
)
"""Every structured op xDSL defines (each runs by its indexing maps and body)."""


class _Operand:
    """One operand of a running structured op: a scalar, a memref view, or a tensor (its
    elements copied into a list that the op's writes update)."""

    def __init__(self, op: Operation, number: int, value: ConcreteValue, env: ConcreteEnv) -> None:
        self.op = op
        self.number = number
        self.value = value
        self.env = env
        self.elements: list[ConcreteScalar] | None = None
        if isinstance(value, ConcreteTensor):
            self.elements = list(value.values)
        elif isinstance(value, ConcreteView) and value.poison:
            raise UndefinedBehavior(f"{op.name}: operand {number} is a poison memref")

    @property
    def sizes(self) -> tuple[int, ...]:
        if isinstance(self.value, ConcreteTensor | ConcreteView):
            return self.value.sizes
        return ()

    def _memory(self) -> ConcreteMemory:
        if self.env.memory is None:
            raise UnsupportedOp(self.op.name, "no memory to run it on")
        return self.env.memory

    def _tensor_offset(self, tensor: ConcreteTensor, indices: Sequence[int]) -> int:
        for d, (index, size) in enumerate(zip(indices, tensor.sizes, strict=True)):
            if not 0 <= index < size:
                raise UndefinedBehavior(
                    f"{self.op.name}: index {index} into dimension {d} (size {size}) of "
                    f"operand {self.number}"
                )
        return tensor.offset(indices)

    def _locate(
        self, view: ConcreteView, indices: Sequence[int], writing: bool
    ) -> tuple[ConcreteBlock, int]:
        iw = self.env.index_width
        unsigned = [to_unsigned(i, iw) for i in indices]
        return locate(self.op.name, self._memory(), view, unsigned, iw, writing)

    def read(self, indices: Sequence[int]) -> ConcreteScalar:
        value = self.value
        if isinstance(value, ConcreteView):
            block, offset = self._locate(value, indices, writing=False)
            return block.values[offset]
        if isinstance(value, ConcreteTensor):
            assert self.elements is not None
            return self.elements[self._tensor_offset(value, indices)]
        assert isinstance(value, int | Poison)
        return value

    def write(self, indices: Sequence[int], scalar: ConcreteValue) -> None:
        if not isinstance(scalar, int | Poison):
            raise UnsupportedOp(self.op.name, f"the body yields {scalar!r}, not a scalar")
        value = self.value
        if isinstance(value, ConcreteView):
            block, offset = self._locate(value, indices, writing=True)
            block.values[offset] = scalar
            return
        if not isinstance(value, ConcreteTensor):
            raise UnsupportedOp(self.op.name, f"output {value!r} is not a memref or tensor")
        assert self.elements is not None
        self.elements[self._tensor_offset(value, indices)] = scalar

    def result(self) -> ConcreteTensor | None:
        """The final value of a tensor output (None for a memref)."""
        if not isinstance(self.value, ConcreteTensor):
            return None
        assert self.elements is not None
        t = self.value
        return make_tensor(t.element, t.width, t.sizes, self.elements)


def _loop_ranges(
    op: Operation, maps: Sequence[AffineMap], operands: Sequence[_Operand]
) -> list[int]:
    count = maps[0].num_dims if maps else 0
    ranges: list[int | None] = [None] * count
    for m, operand in zip(maps, operands, strict=True):
        if len(m.results) != len(operand.sizes):
            raise UnsupportedOp(
                op.name,
                f"a map of {len(m.results)} results for a rank-{len(operand.sizes)} operand",
            )
        for expr, size in zip(m.results, operand.sizes, strict=True):
            if isinstance(expr, AffineDimExpr) and ranges[expr.position] is None:
                ranges[expr.position] = size
    missing = [k for k, r in enumerate(ranges) if r is None]
    if missing:
        raise UnsupportedOp(op.name, f"no operand dimension gives the range of loop d{missing[0]}")
    return [r for r in ranges if r is not None]


def run_loop_nest(
    op: Operation,
    maps: Sequence[AffineMap],
    operands: Sequence[_Operand],
    n_inputs: int,
    env: ConcreteEnv,
) -> list[ConcreteValue]:
    """Run the loop nest of `op` (body: its first region); returns its tensor results."""
    if any(m.num_symbols for m in maps):
        raise UnsupportedOp(op.name, "symbols in an indexing map")
    if len(maps) != len(operands):
        raise UnsupportedOp(op.name, f"{len(maps)} indexing maps for {len(operands)} operands")
    ranges = _loop_ranges(op, maps, operands)
    region = op.regions[0]
    outputs = list(zip(maps[n_inputs:], operands[n_inputs:], strict=True))
    point = [0] * len(ranges)
    done = any(r == 0 for r in ranges)  # an empty iteration space
    while not done:
        at = tuple(point)
        args = [operand.read(m.eval(at, ())) for m, operand in zip(maps, operands, strict=True)]
        env.loop_points.append(at)
        try:
            yielded = env.run_region(region, args)
        finally:
            env.loop_points.pop()
        if len(yielded) != len(outputs):
            raise UnsupportedOp(
                op.name, f"the body yields {len(yielded)} values for {len(outputs)} outputs"
            )
        for (m, operand), value in zip(outputs, yielded, strict=True):
            operand.write(m.eval(at, ()), value)
        done = not _advance(point, ranges)
    results = [operand.result() for operand in operands[n_inputs:]]
    return [r for r in results if r is not None]


def _advance(point: list[int], ranges: Sequence[int]) -> bool:
    """Step `point` to the next one in lexicographic order; False after the last."""
    for k in reversed(range(len(point))):
        point[k] += 1
        if point[k] < ranges[k]:
            return True
        point[k] = 0
    return False


def _operands(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[_Operand]:
    return [_Operand(op, n, value, env) for n, value in enumerate(args)]


def structured(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> list[ConcreteValue]:
    if not isinstance(op, LinalgStructuredOperation):
        raise UnsupportedOp(op.name, "not a structured linalg op")
    maps = [m.data for m in op.get_indexing_maps()]
    return run_loop_nest(op, maps, _operands(op, args, env), len(op.inputs), env)


for _name in STRUCTURED_OPS:
    concrete_rule(_name)(structured)


@concrete_rule("linalg.yield")
def yield_(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[ConcreteValue]:
    """The body's exit: the values to write to the outputs."""
    return list(args)


@concrete_rule("linalg.index")
def index(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[ConcreteValue]:
    assert isinstance(op, IndexOp)
    if not env.loop_points:
        raise UnsupportedOp(op.name, "outside a running linalg op")
    point = env.loop_points[-1]
    d = op.dim.value.data
    if not 0 <= d < len(point):
        raise UnsupportedOp(op.name, f"dimension {d} of a {len(point)}-loop op")
    return [point[d]]


def _dimensions(op: BroadcastOp | ReduceOp) -> list[int]:
    return [int(d) for d in op.dimensions.get_values()]


def _projection(rank: int, dropped: Sequence[int]) -> AffineMap:
    """`(d0, ..., d_rank-1) -> (the d_k with k not in dropped)`."""
    kept = tuple(AffineDimExpr(k) for k in range(rank) if k not in dropped)
    return AffineMap(rank, 0, kept)


@concrete_rule("linalg.broadcast")
def broadcast(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> list[ConcreteValue]:
    """init[i] = input[i without `dimensions`]."""
    assert isinstance(op, BroadcastOp)
    operands = _operands(op, args, env)
    rank = len(operands[1].sizes)
    maps = [_projection(rank, _dimensions(op)), AffineMap.identity(rank)]
    return run_loop_nest(op, maps, operands, 1, env)


@concrete_rule("linalg.reduce")
def reduce(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[ConcreteValue]:
    """init[j] = body(input[i], init[j]) over every i in order, j = i without `dimensions`."""
    assert isinstance(op, ReduceOp)
    operands = _operands(op, args, env)
    rank = len(operands[0].sizes)
    maps = [AffineMap.identity(rank), _projection(rank, _dimensions(op))]
    return run_loop_nest(op, maps, operands, 1, env)
