"""Hypothesis strategies for MLIR programs of `linalg` ops: the `linalg` program kind.

`linalg_functions()` draws a `func.func @f` (a `strategies.GeneratedFunction`) whose body
chains structured ops over small static shapes, each on tensors (the results are new
tensors, returned) or on memrefs (they write their output buffers; what the program leaves
in its memref arguments is part of its outcome):

- `linalg.generic` with a random iteration space (one to three loops of one to three
  iterations, `parallel` or `reduction`), random valid indexing maps (each loop appears
  alone in some map; input maps pick dimensions, `d + 1` shifts or the constant 0, output
  maps permute the parallel loops), scalar inputs now and then, and a body of integer ops
  (`memref_strategies.SCALAR_OPS`, constants, `linalg.index`);
- an elementwise `linalg.generic` (identity maps, all parallel, one op);
- the named ops `linalg.matmul`, `fill`, `copy`, `transpose`, `broadcast`, `reduce` (with
  a random body) and the elementwise `linalg.add` / `sub` / `mul`.

Operands are values in scope of the right shape (so ops chain) or new arguments (a buffer
now and then a strided `memref.subview` of a bigger argument); tensor outputs may also be
`tensor.empty()` (poison elements) or a `linalg.fill`, buffer outputs a `memref.alloc`. Inputs come from `memref_strategies.memory_arguments`.
"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import strategies as st

from irproof.memref_strategies import (
    MAX_ELEMENTS,
    SCALAR_OPS,
    MemoryProgram,
    Scope,
    Shaped,
    element_count,
    subview,
    top_results,
    widths_palette,
)
from irproof.strategies import GeneratedFunction, repetitions

BODY_OPS = (*SCALAR_OPS, "arith.constant")
"""The integer ops of structured op bodies."""

LINALG_OP_NAMES: tuple[str, ...] = (
    "linalg.add",
    "linalg.broadcast",
    "linalg.copy",
    "linalg.fill",
    "linalg.generic",
    "linalg.index",
    "linalg.matmul",
    "linalg.mul",
    "linalg.reduce",
    "linalg.sub",
    "linalg.transpose",
    "linalg.yield",
    "memref.alloc",
    "tensor.empty",
)
"""The ops linalg programs contain besides `BODY_OPS` and `arith.index_cast`."""


def _loop_shape(p: MemoryProgram, loops: int) -> tuple[int, ...]:
    shape = tuple(p.integer(1, 3) for _ in range(loops))
    while element_count(shape) > MAX_ELEMENTS:
        shape = (*shape[:-1], 1)
    return shape


class _Ops:
    """Chooses operands for one function: tensors or memrefs, reused or new."""

    def __init__(self, p: MemoryProgram, lines: list[str]) -> None:
        self.p = p
        self.lines = lines

    def input(self, tensor: bool, shape: tuple[int, ...], element: str) -> Shaped:
        """A value of this kind, shape and element type in scope (mostly), else a new
        argument."""
        p = self.p
        candidates = [
            s for s in p.shaped if s.tensor == tensor and s.shape == shape and s.element == element
        ]
        if candidates and p.flag(0.8):
            return p.draw(st.sampled_from(candidates[::-1]))
        return self.argument(tensor, shape, element)

    def argument(self, tensor: bool, shape: tuple[int, ...], element: str) -> Shaped:
        """A new argument of this shape, or (a memref, now and then) a strided subview of
        a bigger one: the op must leave the rest of its buffer alone."""
        p = self.p
        if not tensor and p.flag(0.25):
            bigger = tuple(size + p.integer(0, 2) for size in shape)
            base = p.new_memref(bigger, element)
            p.shaped.remove(base)  # never an operand next to its view (no aliasing)
            return subview(p, base, self.lines, shape)
        value = Shaped("", shape, element, tensor)
        value = value.like(p.argument(value.type))
        p.shaped.append(value)
        return value

    def output(
        self, tensor: bool, shape: tuple[int, ...], element: str, avoid: list[Shaped]
    ) -> Shaped:
        """An init tensor or output buffer: in scope, new, `tensor.empty()`, a fill, or an
        allocation. A buffer read by the op (`avoid`) is not written by it."""
        p = self.p
        how = p.pick(("reuse", "reuse", "argument", "fresh", "fill"))
        if how == "reuse":
            candidates = [
                s
                for s in p.shaped
                if s.tensor == tensor
                and s.shape == shape
                and s.element == element
                and all(s.name != a.name for a in avoid)
            ]
            if candidates:
                return p.draw(st.sampled_from(candidates[::-1]))
        if how in ("reuse", "argument"):
            return self.argument(tensor, shape, element)
        value = Shaped(p.fresh("t" if tensor else "m"), shape, element, tensor)
        if tensor:
            self.lines.append(f"{value.name} = tensor.empty() : {value.type}")
            p.op_names.append("tensor.empty")
        else:
            self.lines.append(f"{value.name} = memref.alloc() : {value.type}")
            p.op_names.append("memref.alloc")
            value = value.like(value.name, allocated=True)
        p.shaped.append(value)
        if how == "fill":
            return self.fill_into(value, [])
        return value

    def fill_into(self, target: Shaped, scope: Scope) -> Shaped:
        p = self.p
        scalar = p.value(scope, target.element)
        ins = f"ins({scalar} : {target.element}) outs({target.name} : {target.type})"
        p.op_names.append("linalg.fill")
        return self.emit("linalg.fill", ins, target, arrow=True)

    def emit(self, op: str, operands: str, output: Shaped, arrow: bool, tail: str = "") -> Shaped:
        """Append `op operands tail` (a tensor op gets a result, added to scope)."""
        if not output.tensor:
            self.lines += f"{op} {operands}{tail}".split("\n")
            return output
        result = output.like(self.p.fresh("r"))
        suffix = f" -> {output.type}" if arrow else ""
        self.lines += f"{result.name} = {op} {operands}{tail}{suffix}".split("\n")
        self.p.shaped.append(result)
        return result


def _operands(values: list[Shaped]) -> str:
    return f"{', '.join(v.name for v in values)} : {', '.join(v.type for v in values)}"


def _ins_outs(inputs: list[Shaped], output: Shaped) -> str:
    ins = f"ins({_operands(inputs)}) " if inputs else ""
    return f"{ins}outs({_operands([output])})"


def _body(
    p: MemoryProgram, block_args: Scope, yields: str, loops: int, ops: int, lines: list[str]
) -> None:
    """Body lines: `ops` integer ops (and now and then a `linalg.index`) on the block
    arguments, then `linalg.yield` of the latest value of type `yields`."""
    scope = list(block_args)
    for _ in repetitions(p.draw, 1, ops, 0.6):
        if loops and p.flag(0.15):
            index, cast = p.fresh("i"), p.fresh("x")
            typ = p.element_type()
            lines.append(f"{index} = linalg.index {p.integer(0, loops - 1)} : index")
            lines.append(f"{cast} = arith.index_cast {index} : index to {typ}")
            p.op_names += ["linalg.index", "arith.index_cast"]
            scope.append((cast, typ))
        p.plain_op(scope, lines, BODY_OPS)
    candidates = [n for n, t in scope if t == yields]
    lines.append(f"linalg.yield {candidates[-1]} : {yields}")
    p.op_names.append("linalg.yield")


def _region(block_args: Scope, body: list[str], head: str = "^bb0") -> list[str]:
    params = ", ".join(f"{n}: {t}" for n, t in block_args)
    return [f"{head}({params}):", *(f"  {line}" for line in body)]


def _map(loops: int, results: list[str]) -> str:
    dims = ", ".join(f"d{i}" for i in range(loops))
    return f"affine_map<({dims}) -> ({', '.join(results)})>"


Statement = Callable[[MemoryProgram, _Ops, bool], None]
"""Appends one structured op on tensors (True) or memrefs (False)."""


def _input_map(
    p: MemoryProgram, sizes: tuple[int, ...], required: list[int]
) -> tuple[list[str], tuple[int, ...]]:
    """The results of an input's indexing map (the loops in `required` alone, others alone
    or shifted by one, sometimes a constant 0) and the input's shape."""
    loops = len(sizes)
    dims = list(p.draw(st.permutations([d for d in range(loops) if d in required or p.flag(0.5)])))
    results: list[str] = []
    shape: list[int] = []
    for d in dims:
        if d not in required and p.flag(0.25):
            results.append(f"d{d} + 1")
            shape.append(sizes[d] + 1)
        else:
            results.append(f"d{d}")
            shape.append(sizes[d])
    if p.flag(0.1):
        results.append("0")
        shape.append(p.integer(1, 2))
    if not results:
        results, shape = [f"d{loops - 1}"], [sizes[-1]]
    return results, tuple(shape)


def _generic(p: MemoryProgram, o: _Ops, tensor: bool) -> None:
    """A `linalg.generic` over a random iteration space: see the module docstring."""
    loops = p.integer(1, 3)
    sizes = _loop_shape(p, loops)
    kinds = ["reduction" if d > 0 and p.flag(0.3) else "parallel" for d in range(loops)]
    reduction = [d for d in range(loops) if kinds[d] == "reduction"]
    out_dims = list(p.draw(st.permutations([d for d in range(loops) if d not in reduction])))
    maps: list[str] = []
    inputs: list[Shaped] = []
    block_args: Scope = []
    for n in range(p.integer(1, 2)):
        # The first input holds every reduction loop alone: each loop is then alone in a map.
        results, shape = _input_map(p, sizes, reduction if n == 0 else [])
        element = p.element_type()
        inputs.append(o.input(tensor, shape, element))
        maps.append(_map(loops, results))
        block_args.append((p.fresh("in"), element))
    scalars: Scope = []
    if p.flag(0.15):  # a scalar input: the same value at every point
        element = p.element_type()
        scalars.append((p.value([], element), element))
        maps.append(_map(loops, []))
        block_args.append((p.fresh("in"), element))
    out_element = p.element_type()
    output = o.output(tensor, tuple(sizes[d] for d in out_dims), out_element, inputs)
    maps.append(_map(loops, [f"d{d}" for d in out_dims]))
    block_args.append((p.fresh("out"), out_element))
    body: list[str] = []
    _body(p, block_args, out_element, loops, 3, body)
    names = [v.name for v in inputs] + [n for n, _ in scalars]
    types = [v.type for v in inputs] + [t for _, t in scalars]
    iterators = ", ".join(f'"{k}"' for k in kinds)
    attrs = f"{{indexing_maps = [{', '.join(maps)}], iterator_types = [{iterators}]}}"
    operands = f"{attrs} ins({', '.join(names)} : {', '.join(types)}) outs({_operands([output])})"
    region = " {\n" + "\n".join(_region(block_args, body)) + "\n}"
    p.op_names.append("linalg.generic")
    o.emit("linalg.generic", operands, output, arrow=True, tail=region)


def _elementwise_generic(p: MemoryProgram, o: _Ops, tensor: bool) -> None:
    shape = p.shape(max_rank=2, max_size=3)
    element = p.element_type()
    inputs = [o.input(tensor, shape, element) for _ in range(p.integer(1, 2))]
    output = o.output(tensor, shape, element, inputs)
    identity = _map(len(shape), [f"d{d}" for d in range(len(shape))])
    block_args = [(p.fresh("in"), element) for _ in inputs] + [(p.fresh("out"), element)]
    body: list[str] = []
    _body(p, block_args, element, 0, 1, body)
    iterators = ", ".join(['"parallel"'] * len(shape))
    attrs = f"{{indexing_maps = [{', '.join([identity] * (len(inputs) + 1))}], iterator_types = [{iterators}]}}"
    region = " {\n" + "\n".join(_region(block_args, body)) + "\n}"
    p.op_names.append("linalg.generic")
    o.emit("linalg.generic", f"{attrs} {_ins_outs(inputs, output)}", output, True, region)


def _matmul(p: MemoryProgram, o: _Ops, tensor: bool) -> None:
    m, k, n = (p.integer(1, 3) for _ in range(3))
    element = p.element_type()
    lhs = o.input(tensor, (m, k), element)
    rhs = o.input(tensor, (k, n), element)
    output = o.output(tensor, (m, n), element, [lhs, rhs])
    p.op_names.append("linalg.matmul")
    o.emit("linalg.matmul", _ins_outs([lhs, rhs], output), output, arrow=True)


def _fill(p: MemoryProgram, o: _Ops, tensor: bool) -> None:
    target = o.input(tensor, p.shape(max_rank=2, max_size=3), p.element_type())
    o.fill_into(target, [])


def _copy(p: MemoryProgram, o: _Ops, tensor: bool) -> None:
    shape, element = p.shape(max_rank=2, max_size=3), p.element_type()
    source = o.input(tensor, shape, element)
    output = o.output(tensor, shape, element, [source])
    p.op_names.append("linalg.copy")
    o.emit("linalg.copy", _ins_outs([source], output), output, arrow=True)


def _elementwise(p: MemoryProgram, o: _Ops, tensor: bool) -> None:
    op = p.pick(("linalg.add", "linalg.sub", "linalg.mul"))
    shape, element = p.shape(max_rank=2, max_size=3), p.element_type()
    inputs = [o.input(tensor, shape, element) for _ in range(2)]
    output = o.output(tensor, shape, element, inputs)
    p.op_names.append(op)
    o.emit(op, _ins_outs(inputs, output), output, arrow=True)


def _transpose(p: MemoryProgram, o: _Ops, tensor: bool) -> None:
    rank = p.integer(2, 3)
    shape = _loop_shape(p, rank)
    element = p.element_type()
    permutation = list(p.draw(st.permutations(range(rank))))
    source = o.input(tensor, shape, element)
    output = o.output(tensor, tuple(shape[d] for d in permutation), element, [source])
    p.op_names.append("linalg.transpose")
    tail = f" permutation = [{', '.join(map(str, permutation))}]"
    o.emit("linalg.transpose", _ins_outs([source], output), output, False, tail)


def _broadcast(p: MemoryProgram, o: _Ops, tensor: bool) -> None:
    shape = p.shape(max_rank=2, max_size=3)
    element = p.element_type()
    added = p.integer(0, len(shape))
    out_shape = (*shape[:added], p.integer(1, 3), *shape[added:])
    source = o.input(tensor, shape, element)
    output = o.output(tensor, out_shape, element, [source])
    p.op_names.append("linalg.broadcast")
    o.emit(
        "linalg.broadcast", _ins_outs([source], output), output, False, f" dimensions = [{added}]"
    )


def _reduce(p: MemoryProgram, o: _Ops, tensor: bool) -> None:
    rank = p.integer(2, 3)
    shape = _loop_shape(p, rank)
    element = p.element_type()
    dims = sorted(
        p.draw(st.lists(st.integers(0, rank - 1), min_size=1, max_size=rank - 1, unique=True))
    )
    source = o.input(tensor, shape, element)
    kept = tuple(s for d, s in enumerate(shape) if d not in dims)
    output = o.output(tensor, kept, element, [source])
    block_args = [(p.fresh("in"), element), (p.fresh("acc"), element)]
    body: list[str] = []
    _body(p, block_args, element, 0, 2, body)
    params = ", ".join(f"{n}: {t}" for n, t in block_args)
    region = "\n".join(f"  {line}" for line in body)
    tail = f" dimensions = [{', '.join(map(str, dims))}] ({params}) {{\n{region}\n}}"
    p.op_names.append("linalg.reduce")
    o.emit("linalg.reduce", _ins_outs([source], output), output, False, tail)


STATEMENTS: tuple[Statement, ...] = (
    _generic,
    _generic,
    _generic,
    _elementwise_generic,
    _matmul,
    _fill,
    _copy,
    _elementwise,
    _transpose,
    _broadcast,
    _reduce,
)


def linalg_functions(
    min_statements: int = 1, max_statements: int = 3, widths: tuple[int, ...] | None = None
) -> st.SearchStrategy[GeneratedFunction]:
    """Functions of `min_statements`..`max_statements` structured ops (see the module
    docstring); `widths` restricts the element widths."""

    @st.composite
    def make(draw: st.DrawFn) -> GeneratedFunction:
        p = MemoryProgram(draw, draw(widths_palette(widths)))
        lines: list[str] = []
        ops = _Ops(p, lines)
        for _ in repetitions(draw, min_statements, max_statements):
            statement: Statement = draw(st.sampled_from(STATEMENTS))
            statement(p, ops, p.flag(0.5))
        made = [(s.name, s.type) for s in p.shaped if s.tensor and not s.name.startswith("%arg")]
        return p.function(lines, top_results(p, made, 3))

    return make()
