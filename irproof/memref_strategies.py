"""Hypothesis strategies for MLIR programs over memory: the `memref` program kind.

`memref_functions()` draws a `func.func @f` (a `strategies.GeneratedFunction`) taking small
statically shaped memrefs (`memref<2x3xi8>`, `memref<4xi32>`, ...) and scalars, whose body
mixes

- `memref.load` / `memref.store` at indices that are in-bounds constants, the size itself
  (out of bounds), `index` arguments (any position: often out of bounds, UB) or arguments
  clamped into the dimension (`arith.minui`, `arith.remui`), or a loop's induction variable;
- `memref.alloc` / `memref.alloca` of a buffer shaped like one in scope, filled by
  `memref.copy` (or left uninitialized: poison), `memref.copy` between buffers, and
  `memref.dealloc` of an allocation;
- `memref.subview` with static offsets, sizes and strides (strided layouts),
  `memref.collapse_shape` / `memref.expand_shape` (of strided views too, merging only
  dimensions contiguous in the layout), and `memref.cast`
  to dynamic sizes (then `memref.dim`);
- integer ops (`control_flow_strategies.PLAIN_OPS` without `index`) on loaded values;
- `scf.for` loops with small static bounds (and sometimes a carried value) over loads and
  stores.

The results are scalars; what the program leaves in its memref arguments is the other half
of its outcome. `memory_arguments(function, index_width)` draws inputs: per scalar argument
a value (an `index` used as a position is mostly small), per memref or tensor argument its
row-major contents (`None` = poison). `MemoryProgram` and `Shaped` are shared with the
linalg kind (`irproof.linalg_strategies`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

from hypothesis import strategies as st

from irproof.control_flow_strategies import PLAIN_OPS
from irproof.strategies import (
    INDEX,
    SHIFT_AMOUNT,
    VALUE,
    GeneratedFunction,
    OpInstance,
    int_values,
    maybe_poison,
    op_instances,
    repetitions,
    shift_amounts,
    type_width,
)

T = TypeVar("T")

POSITION = "position"
"""The role of an `index` argument used as a memref position: drawn mostly small."""

SCALAR_OPS = tuple(
    op
    for op in PLAIN_OPS
    if op.startswith("arith.") and op not in ("arith.divsi", "arith.index_cast")
)
"""Integer ops on loaded values (a cheap subset of `strategies.OP_NAMES`, no `index`)."""

ELEMENT_WIDTHS = (8, 16, 32)
MAX_ELEMENTS = 12
"""Elements of a generated buffer or tensor at most (so that loops unroll quickly)."""


@dataclass(frozen=True)
class Shaped:
    """A memref (`strides` None: identity layout) or tensor value in scope."""

    name: str
    shape: tuple[int, ...]
    element: str
    tensor: bool = False
    strides: tuple[int, ...] | None = None
    offset: int = 0
    allocated: bool = False
    """Made by `memref.alloc` (so `memref.dealloc` may free it)."""
    dynamic: tuple[bool, ...] = ()
    """Per dimension, whether its type says `?` (after a `memref.cast`; empty: none)."""

    @property
    def static(self) -> bool:
        return not any(self.dynamic)

    @property
    def type(self) -> str:
        dims = [
            "?" if self.dynamic and self.dynamic[d] else str(size)
            for d, size in enumerate(self.shape)
        ]
        body = "x".join([*dims, self.element])
        if self.tensor:
            return f"tensor<{body}>"
        if self.strides is None:
            return f"memref<{body}>"
        strides = ", ".join(map(str, self.strides))
        return f"memref<{body}, strided<[{strides}], offset: {self.offset}>>"

    @property
    def identity_map(self) -> bool:
        """Whether the layout's affine map is the identity (upstream then gives reshapes
        the identity layout): no layout, or `strided<[1]>` at offset 0 in one dimension."""
        return self.strides is None or (self.strides == (1,) and self.offset == 0)

    @property
    def layout_strides(self) -> tuple[int, ...]:
        """The strides of the view (row-major ones for the identity layout)."""
        if self.strides is not None:
            return self.strides
        strides: list[int] = []
        running = 1
        for size in reversed(self.shape):
            strides.append(running)
            running *= size
        return tuple(reversed(strides))

    def like(self, name: str, **changes: object) -> Shaped:
        return replace(self, name=name, **changes)  # type: ignore[arg-type]


def shaped_type(text: str) -> tuple[str, tuple[int, ...], str] | None:
    """(`memref` or `tensor`, static shape, element type) of a type spelled as `Shaped.type`
    spells it; None for a scalar type."""
    found = re.fullmatch(r"(memref|tensor)<((?:\d+x)*)(i\d+)(?:, .*)?>", text)
    if found is None:
        return None
    dims = tuple(int(d) for d in found[2].split("x") if d)
    return found[1], dims, found[3]


def element_count(shape: tuple[int, ...]) -> int:
    total = 1
    for size in shape:
        total *= size
    return total


Scope = list[tuple[str, str]]
"""Scalar SSA values in scope: (name, type)."""


@dataclass
class MemoryProgram:
    """What one drawn function accumulates: arguments, constants, ops and shaped values."""

    draw: st.DrawFn
    widths: tuple[int, ...]
    """The integer widths of its scalars and elements (two of them, for ext/trunc)."""
    arg_types: list[str] = field(default_factory=list)
    arg_roles: list[str] = field(default_factory=list)
    op_names: list[str] = field(default_factory=list)
    constants: dict[tuple[int, str], str] = field(default_factory=dict)
    prologue: list[str] = field(default_factory=list)
    shaped: list[Shaped] = field(default_factory=list)
    counter: int = 0

    def fresh(self, prefix: str = "v") -> str:
        self.counter += 1
        return f"%{prefix}{self.counter}"

    def flag(self, p: float) -> bool:
        """True about `p` of the time; shrinks to False."""
        slots = round(p * 20)
        flag: bool = self.draw(st.sampled_from([False] * (20 - slots) + [True] * slots))
        return flag

    def integer(self, low: int, high: int) -> int:
        value: int = self.draw(st.integers(low, high))
        return value

    def pick(self, options: Sequence[T]) -> T:
        chosen: T = self.draw(st.sampled_from(options))
        return chosen

    def argument(self, typ: str, role: str = VALUE) -> str:
        self.arg_types.append(typ)
        self.arg_roles.append(role)
        return f"%arg{len(self.arg_types) - 1}"

    def constant(self, value: int, typ: str = INDEX) -> str:
        """A constant defined once, at the top of the function."""
        key = (value, typ)
        if key not in self.constants:
            name = f"%c{value}" if typ == INDEX else f"%c{value}_{typ}"
            self.constants[key] = name.replace("-", "m")
            self.prologue.append(f"{self.constants[key]} = arith.constant {value} : {typ}")
            self.op_names.append("arith.constant")
        return self.constants[key]

    def element_type(self) -> str:
        return f"i{self.pick(self.widths)}"

    def value(self, scope: Scope, typ: str) -> str:
        """A scalar of type `typ`: mostly one in scope, else a new argument."""
        candidates = [name for name, t in reversed(scope) if t == typ]
        if candidates and self.flag(0.85):
            chosen: str = self.draw(st.sampled_from(candidates))
            return chosen
        return self.argument(typ)

    def shape(self, max_rank: int = 2, max_size: int = 4) -> tuple[int, ...]:
        rank = self.integer(1, max_rank)
        shape = tuple(self.integer(1, max_size) for _ in range(rank))
        while element_count(shape) > MAX_ELEMENTS:
            shape = (*shape[:-1], max(1, shape[-1] // 2))
        return shape

    def new_memref(
        self, shape: tuple[int, ...] | None = None, element: str | None = None
    ) -> Shaped:
        """A new memref argument (identity layout)."""
        buffer = Shaped("", shape or self.shape(), element or self.element_type())
        buffer = buffer.like(self.argument(buffer.type))
        self.shaped.append(buffer)
        return buffer

    def memrefs(self, usable: Callable[[Shaped], bool] = lambda s: True) -> list[Shaped]:
        return [s for s in self.shaped if not s.tensor and usable(s)]

    def memref(self, usable: Callable[[Shaped], bool] = lambda s: True) -> Shaped:
        """A memref in scope that is `usable` (mostly), else a new argument."""
        candidates = self.memrefs(usable)
        if candidates and self.flag(0.85):
            return self.draw(st.sampled_from(candidates[::-1]))
        return self.new_memref()

    def plain_op(self, scope: Scope, lines: list[str], ops: tuple[str, ...]) -> None:
        """One integer op of `ops` on scalars in scope (or new arguments), mostly of a
        width some value in scope has."""
        palette = st.sampled_from(self.widths)
        held = sorted(
            {int(t[1:]) for _, t in scope if t[1:].isdigit() and int(t[1:]) in self.widths}
        )
        widths = st.one_of(st.sampled_from(held), palette) if held else palette
        op: OpInstance = self.draw(op_instances(ops, widths, False))
        operands = [self.value(scope, t) for t in op.operand_types]
        results = [self.fresh() for _ in op.result_types]
        text = op.render(operands)
        lines.append(f"{', '.join(results)} = {text}" if results else text)
        self.op_names.append(op.name)
        scope.extend(zip(results, op.result_types, strict=True))

    def function(self, lines: list[str], results: Scope) -> GeneratedFunction:
        return GeneratedFunction(
            body=tuple(self.prologue + lines),
            op_names=tuple(self.op_names),
            arg_types=tuple(self.arg_types),
            result_types=tuple(t for _, t in results),
            result_names=tuple(n for n, _ in results),
            arg_roles=tuple(self.arg_roles),
        )


@dataclass(frozen=True)
class Loop:
    """An enclosing `scf.for`: its induction variable runs over `[0, bound)`."""

    iv: str
    bound: int


POSITION_KINDS = ("constant",) * 4 + ("loop",) * 3 + ("clamped",) * 2 + ("argument", "edge")
"""How an index is made, weighted (a `loop` index outside loops is a constant)."""


def position(p: MemoryProgram, size: int, loops: list[Loop], lines: list[str]) -> str:
    """An `index` for a dimension of `size`: an in-bounds constant (most often), a loop's
    induction variable, an argument clamped into the dimension, an argument as is, or the
    size itself (out of bounds)."""
    kind = p.draw(st.sampled_from(POSITION_KINDS))
    if kind == "loop" and loops:
        loop: Loop = p.draw(st.sampled_from(loops))
        return loop.iv
    if kind == "clamped":
        arg = p.argument(INDEX, POSITION)
        op = p.pick(("arith.minui", "arith.remui"))
        bound = p.constant(size - 1 if op == "arith.minui" else size)
        name = p.fresh("i")
        lines.append(f"{name} = {op} {arg}, {bound} : index")
        p.op_names.append(op)
        return name
    if kind == "argument":
        return p.argument(INDEX, POSITION)
    if kind == "edge":
        return p.constant(size)
    return p.constant(p.integer(0, size - 1))


def _indices(p: MemoryProgram, buffer: Shaped, loops: list[Loop], lines: list[str]) -> str:
    return ", ".join(position(p, size, loops, lines) for size in buffer.shape)


Statement = Callable[[MemoryProgram, Scope, list[str], list[Loop]], None]
"""Appends a statement's lines (the loops around it given), adding what it defines to scope."""


def _load(p: MemoryProgram, scope: Scope, lines: list[str], loops: list[Loop]) -> None:
    buffer = p.memref()
    indices = _indices(p, buffer, loops, lines)
    name = p.fresh()
    lines.append(f"{name} = memref.load {buffer.name}[{indices}] : {buffer.type}")
    p.op_names.append("memref.load")
    scope.append((name, buffer.element))


def _store(p: MemoryProgram, scope: Scope, lines: list[str], loops: list[Loop]) -> None:
    buffer = p.memref()
    value = p.value(scope, buffer.element)
    indices = _indices(p, buffer, loops, lines)
    lines.append(f"memref.store {value}, {buffer.name}[{indices}] : {buffer.type}")
    p.op_names.append("memref.store")


def _plain(p: MemoryProgram, scope: Scope, lines: list[str], loops: list[Loop]) -> None:
    p.plain_op(scope, lines, SCALAR_OPS)


def _alloc(p: MemoryProgram, scope: Scope, lines: list[str], loops: list[Loop]) -> None:
    """A new buffer shaped like one in scope, filled from it by `memref.copy` (mostly)."""
    source = p.memref(lambda s: s.static)
    op = p.pick(("memref.alloc", "memref.alloca"))
    buffer = Shaped(p.fresh("m"), source.shape, source.element, allocated=op == "memref.alloc")
    lines.append(f"{buffer.name} = {op}() : {buffer.type}")
    p.op_names.append(op)
    if p.flag(0.75):
        lines.append(f"memref.copy {source.name}, {buffer.name} : {source.type} to {buffer.type}")
        p.op_names.append("memref.copy")
    p.shaped.append(buffer)


def _copy(p: MemoryProgram, scope: Scope, lines: list[str], loops: list[Loop]) -> None:
    """`memref.copy` between two buffers of the same shape and element type."""
    target = p.memref(lambda s: s.static)
    sources = p.memrefs(
        lambda s: (
            s.shape == target.shape and s.static and s.element == target.element and s is not target
        )
    )
    source = (
        p.draw(st.sampled_from(sources)) if sources else p.new_memref(target.shape, target.element)
    )
    lines.append(f"memref.copy {source.name}, {target.name} : {source.type} to {target.type}")
    p.op_names.append("memref.copy")


def _dealloc(p: MemoryProgram, scope: Scope, lines: list[str], loops: list[Loop]) -> None:
    """Frees an allocation (mostly no longer used after: it leaves the scope)."""
    allocated = p.memrefs(lambda s: s.allocated)
    if not allocated:
        return _alloc(p, scope, lines, loops)
    buffer: Shaped = p.draw(st.sampled_from(allocated))
    lines.append(f"memref.dealloc {buffer.name} : {buffer.type}")
    p.op_names.append("memref.dealloc")
    if p.flag(0.8):
        p.shaped.remove(buffer)
    return None


def subview(
    p: MemoryProgram, source: Shaped, lines: list[str], sizes: tuple[int, ...] | None = None
) -> Shaped:
    """A static in-bounds subview of `source` (of `sizes`, or sizes drawn; offsets and
    strides 1 or 2 drawn per dimension), added to scope."""
    offsets, lengths, steps = [], [], []
    for d, size in enumerate(source.shape):
        length = sizes[d] if sizes else None
        most = 2 if length is None or length == 1 or (length - 1) * 2 < size else 1
        step = p.integer(1, most)
        if length is None:
            length = p.integer(1, (size - 1) // step + 1)
        offsets.append(p.integer(0, size - 1 - (length - 1) * step))
        lengths.append(length)
        steps.append(step)
    strides = tuple(s * k for s, k in zip(source.layout_strides, steps, strict=True))
    offset = source.offset + sum(o * s for o, s in zip(offsets, source.layout_strides, strict=True))
    view = source.like(p.fresh("s"), shape=tuple(lengths), strides=strides, offset=offset)
    view = replace(view, allocated=False)
    triple = " ".join(f"[{', '.join(map(str, xs))}]" for xs in (offsets, lengths, steps))
    lines.append(
        f"{view.name} = memref.subview {source.name}{triple} : {source.type} to {view.type}"
    )
    p.op_names.append("memref.subview")
    p.shaped.append(view)
    return view


def _subview(p: MemoryProgram, scope: Scope, lines: list[str], loops: list[Loop]) -> None:
    subview(p, p.memref(lambda s: s.static), lines)


def _groups(p: MemoryProgram, source: Shaped) -> list[list[int]]:
    """A partition of the dimensions of `source` into runs of adjacent ones, each run
    contiguous in its layout (every stride the next one's times the next size)."""
    strides = source.layout_strides
    groups: list[list[int]] = [[0]]
    for d in range(1, len(source.shape)):
        contiguous = strides[d - 1] == strides[d] * source.shape[d]
        if contiguous and p.flag(0.6):
            groups[-1].append(d)
        else:
            groups.append([d])
    return groups


def _reassociation(groups: list[list[int]]) -> str:
    return "[" + ", ".join("[" + ", ".join(map(str, g)) + "]" for g in groups) + "]"


def _collapse(p: MemoryProgram, scope: Scope, lines: list[str], loops: list[Loop]) -> None:
    """`memref.collapse_shape` of a buffer of rank >= 2 (else an expand), merging runs of
    dimensions that are contiguous in its layout (a strided one included)."""
    sources = p.memrefs(lambda s: s.static and len(s.shape) >= 2)
    if not sources:
        return _expand(p, scope, lines, loops)
    source: Shaped = p.draw(st.sampled_from(sources[::-1]))
    groups = _groups(p, source)
    shape = tuple(element_count(tuple(source.shape[d] for d in g)) for g in groups)
    strides = None
    if source.strides is not None:
        strides = tuple(source.strides[g[-1]] for g in groups)
    result = source.like(p.fresh("r"), shape=shape, strides=strides, allocated=False)
    lines.append(
        f"{result.name} = memref.collapse_shape {source.name} {_reassociation(groups)} "
        f": {source.type} into {result.type}"
    )
    p.op_names.append("memref.collapse_shape")
    p.shaped.append(result)
    return None


def _expand(p: MemoryProgram, scope: Scope, lines: list[str], loops: list[Loop]) -> None:
    """`memref.expand_shape` of a buffer (a strided one included): one dimension split
    into two factors."""
    source = p.memref(lambda s: s.static and len(s.shape) <= 2)
    if not source.static or len(source.shape) > 2:
        source = p.new_memref()
    split = p.integer(0, len(source.shape) - 1)
    size = source.shape[split]
    factor = p.draw(st.sampled_from([f for f in range(1, size + 1) if size % f == 0]))
    groups: list[list[int]] = []
    shape: list[int] = []
    strides: list[int] = []
    for d, (extent, stride) in enumerate(zip(source.shape, source.layout_strides, strict=True)):
        start = len(shape)
        if d == split:
            shape += [factor, extent // factor]
            strides += [stride * (extent // factor), stride]
            groups.append([start, start + 1])
        else:
            shape.append(extent)
            strides.append(stride)
            groups.append([start])
    layout = None if source.identity_map else tuple(strides)
    result = source.like(p.fresh("r"), shape=tuple(shape), strides=layout, allocated=False)
    lines.append(
        f"{result.name} = memref.expand_shape {source.name} {_reassociation(groups)} "
        f"output_shape [{', '.join(map(str, shape))}] : {source.type} into {result.type}"
    )
    p.op_names.append("memref.expand_shape")
    p.shaped.append(result)


def _cast(p: MemoryProgram, scope: Scope, lines: list[str], loops: list[Loop]) -> None:
    """`memref.cast` of a static buffer to a type with some dimensions `?`, and sometimes a
    `memref.dim` of it (at a position that may be out of range: UB)."""
    source = p.memref(lambda s: s.static)
    dynamic = tuple(p.flag(0.6) for _ in source.shape)
    if not any(dynamic):
        dynamic = (True, *dynamic[1:])
    result = source.like(p.fresh("d"), dynamic=dynamic, allocated=False)
    lines.append(f"{result.name} = memref.cast {source.name} : {source.type} to {result.type}")
    p.op_names.append("memref.cast")
    p.shaped.append(result)
    if p.flag(0.6):
        size = p.fresh("n")
        dim = position(p, len(source.shape), loops, lines)
        lines.append(f"{size} = memref.dim {result.name}, {dim} : {result.type}")
        p.op_names.append("memref.dim")
        scope.append((size, INDEX))


LOOP_BODY: tuple[Statement, ...] = (_load, _store, _store, _plain)


def _for(p: MemoryProgram, scope: Scope, lines: list[str], loops: list[Loop]) -> None:
    """`scf.for %k = 0 to N step 1 or 2` over a body of loads, stores and integer ops, N a
    dimension size of a buffer in scope (mostly), sometimes carrying a value."""
    sizes = sorted({size for s in p.memrefs() for size in s.shape}) or [2]
    bound = p.pick(sizes) if p.flag(0.8) else p.integer(0, 4)
    step = p.integer(1, 2)
    loop = Loop(p.fresh("k"), bound)
    carried_type = p.element_type() if p.flag(0.5) else None
    inner = list(scope)
    carried = ""
    if carried_type is not None:
        init = p.value(scope, carried_type)
        acc = p.fresh("acc")
        inner.append((acc, carried_type))
        carried = f" iter_args({acc} = {init}) -> ({carried_type})"
    body: list[str] = []
    for _ in repetitions(p.draw, 1, 3, 0.6):
        statement: Statement = p.draw(st.sampled_from(LOOP_BODY))
        statement(p, inner, body, [*loops, loop])
    head = f"scf.for {loop.iv} = {p.constant(0)} to {p.constant(bound)} step {p.constant(step)}"
    if carried_type is not None:
        result = p.fresh()
        # The latest value of the carried type the body defines (the carried one if none).
        yielded = [n for n, t in inner[len(scope) :] if t == carried_type][-1]
        body.append(f"scf.yield {yielded} : {carried_type}")
        lines.append(f"{result} = {head}{carried} {{")
        scope.append((result, carried_type))
    else:
        lines.append(f"{head} {{")
    lines += [f"  {line}" for line in body]
    lines.append("}")
    p.op_names.append("scf.for")


STATEMENTS: tuple[Statement, ...] = (
    _load,
    _load,
    _store,
    _store,
    _plain,
    _alloc,
    _copy,
    _dealloc,
    _subview,
    _collapse,
    _expand,
    _cast,
    _for,
)

MEMREF_OP_NAMES: tuple[str, ...] = (
    "arith.minui",
    "arith.remui",
    "memref.alloc",
    "memref.alloca",
    "memref.cast",
    "memref.collapse_shape",
    "memref.copy",
    "memref.dealloc",
    "memref.dim",
    "memref.expand_shape",
    "memref.load",
    "memref.store",
    "memref.subview",
    "scf.for",
    "scf.yield",
)
"""The ops memref programs contain besides `SCALAR_OPS` and constants."""


def widths_palette(widths: tuple[int, ...] | None) -> st.SearchStrategy[tuple[int, ...]]:
    """Two distinct element widths (from `widths` when given)."""
    choices = sorted(set(widths)) if widths else list(ELEMENT_WIDTHS)
    return st.lists(st.sampled_from(choices), min_size=2, max_size=2, unique=True).map(
        lambda ws: tuple(sorted(ws))
    )


def top_results(p: MemoryProgram, scope: Scope, limit: int = 4) -> Scope:
    return [(n, t) for n, t in scope if not n.startswith("%arg")][-limit:]


def memref_functions(
    min_statements: int = 1, max_statements: int = 4, widths: tuple[int, ...] | None = None
) -> st.SearchStrategy[GeneratedFunction]:
    """Functions of `min_statements`..`max_statements` top-level statements (see the module
    docstring) over memref arguments; `widths` restricts the element widths."""

    @st.composite
    def make(draw: st.DrawFn) -> GeneratedFunction:
        p = MemoryProgram(draw, draw(widths_palette(widths)))
        scope: Scope = []
        lines: list[str] = []
        for _ in repetitions(draw, min_statements, max_statements):
            statement: Statement = draw(st.sampled_from(STATEMENTS))
            statement(p, scope, lines, [])
        if not any(t.startswith("memref<") for t in p.arg_types):
            _load(p, scope, lines, [])  # a program over memory, however small
        return p.function(lines, top_results(p, scope))

    return make()


# --- inputs ------------------------------------------------------------------------------


def positions(width: int) -> st.SearchStrategy[int]:
    """`index` values used as positions: mostly 0..4, sometimes any `int_values`."""
    return st.one_of(st.integers(0, 4), st.integers(0, 4), int_values(width))


def memory_arguments(
    function: GeneratedFunction, index_width: int, poison_probability: float = 0.1
) -> st.SearchStrategy[list[object]]:
    """Inputs for `function`: per scalar argument a value (`positions` for an `index`
    position), per memref or tensor argument a tuple of its row-major contents; each value
    or element poison (None) about `poison_probability` of the time."""
    roles = function.arg_roles or (VALUE,) * len(function.arg_types)
    parts: list[st.SearchStrategy[object]] = []
    for typ, role in zip(function.arg_types, roles, strict=True):
        shaped = shaped_type(typ)
        if shaped is not None:
            _, shape, element = shaped
            values = maybe_poison(int_values(type_width(element, index_width)), poison_probability)
            count = element_count(shape)
            parts.append(st.lists(values, min_size=count, max_size=count).map(tuple))
            continue
        width = type_width(typ, index_width)
        strategy = {POSITION: positions, SHIFT_AMOUNT: shift_amounts}.get(role, int_values)(width)
        parts.append(maybe_poison(strategy, poison_probability))
    return st.tuples(*parts).map(list)
