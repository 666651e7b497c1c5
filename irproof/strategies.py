"""Hypothesis strategies for MLIR integer programs and their inputs.

The building blocks of irproof's differential tests (SMT semantics against the concrete
interpreter, and both against upstream MLIR execution), and later of its fuzzer:

- `widths()`: integer bit widths 1..64, biased to 1, 8, 32 and 64;
- `int_values(width)`: unsigned `width`-bit values, biased to edge values;
- `shift_amounts(width)`: shift amounts, half of the time below the width;
- `maybe_poison(strategy, p)`: values of `strategy`, or `None` (poison) about `p` of the time;
- `op_instances(...)`: one `arith`/`index`/`math` integer op (or irproof's own) with its types
  and flags (`OpInstance`);
- `single_op_functions(...)`: a `func.func @f` whose body is one such op (`GeneratedFunction`);
- `straight_line_functions(...)`: a `func.func @f` of a few chained ops (`GeneratedFunction`);
- `arguments(function, index_width)`: inputs for a generated function;
- `programs(ProgramOptions(...))`: the fuzzer's programs (`irproof fuzz`): straight-line,
  control-flow, memref or linalg functions, size, op mix and types set by `ProgramOptions`;
  new kinds of program plug in with `register_program_kind`.

Programs with control flow (`scf`, `cf`, `affine`) come from
`irproof.control_flow_strategies` (`control_flow_functions`, `affine_map_functions`), programs
over memory from `irproof.memref_strategies` and `irproof.linalg_strategies`, built
on the same `GeneratedFunction` and `op_instances`.

Values follow the conventions of `irproof.semantics`: an integer of width `w` is an unsigned
Python `int` in `[0, 2**w)`, and `None` stands for poison. `OP_NAMES` lists every op the
generators can produce; the tests check that it covers every op irproof has semantics for.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from hypothesis import strategies as st

__all__ = [
    "ARITH_OP_NAMES",
    "CMP_PREDICATES",
    "DEFAULT_KINDS",
    "INDEX_OP_NAMES",
    "OP_NAMES",
    "SHIFT_AMOUNT",
    "UPSTREAM_OP_NAMES",
    "VALUE",
    "GeneratedFunction",
    "OpInstance",
    "ProgramOptions",
    "arguments",
    "edge_values",
    "int_values",
    "maybe_poison",
    "op_instances",
    "programs",
    "register_program_kind",
    "repetitions",
    "shift_amounts",
    "single_op_functions",
    "straight_line_functions",
    "type_width",
    "widths",
]

T = TypeVar("T")

INDEX = "index"
"""The MLIR `index` type, whose width is a parameter of every run (32 or 64 here)."""

MAX_WIDTH = 64
CMP_PREDICATES = ("eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge")
"""The ten integer comparison predicates of `arith.cmpi` and `index.cmp`."""

OVERFLOW_FLAGS = ("", " overflow<nsw>", " overflow<nuw>", " overflow<nsw, nuw>")
"""Every spelling of the `overflowFlags` of addi/subi/muli/shli/trunci."""

VALUE = "value"
"""The role of an ordinary operand: `int_values` of its width."""
SHIFT_AMOUNT = "shift amount"
"""The role of a shift amount: `shift_amounts` of its width."""

SHIFT_OPS = frozenset(
    {"arith.shli", "arith.shrui", "arith.shrsi", "index.shl", "index.shrs", "index.shru"}
)

INDEX_CONSTANT_BOUNDS = (-(1 << 63), (1 << 63) - 1)
"""`index` constants are stored as signed 64-bit integers (upstream rejects others)."""


# --- Widths and values --------------------------------------------------------------------


def widths(min_width: int = 1, max_width: int = MAX_WIDTH) -> st.SearchStrategy[int]:
    """Bit widths in `[min_width, max_width]`, about half of the time 1, 8, 32 or 64."""
    favourites = [w for w in (1, 8, 32, 64) if min_width <= w <= max_width]
    uniform = st.integers(min_width, max_width)
    return st.one_of(st.sampled_from(favourites), uniform) if favourites else uniform


@functools.cache
def edge_values(width: int) -> tuple[int, ...]:
    """The interesting unsigned `width`-bit values, each once, smallest first.

    0, 1, -1 (all ones), INT_MIN, INT_MAX, every power of two, the shift amounts `width - 1`,
    `width` and `width + 1` (when they fit), and the neighbours of INT_MIN and INT_MAX.
    """
    top = (1 << width) - 1
    int_min = 1 << (width - 1)
    candidates = {0, 1, 2, top, top - 1, int_min, int_min - 1, int_min + 1, int_min - 2}
    candidates.update(1 << k for k in range(width))
    candidates.update({width - 1, width, width + 1})
    return tuple(sorted(v for v in candidates if 0 <= v <= top))


def int_values(width: int) -> st.SearchStrategy[int]:
    """Unsigned `width`-bit values: edge values, small values (shift amounts) and any value."""
    if width < 1:
        raise ValueError(f"width must be positive, not {width}")
    top = (1 << width) - 1
    return st.one_of(
        st.sampled_from(edge_values(width)),
        st.integers(0, min(top, 2 * width + 2)),
        st.integers(0, top),
    )


def shift_amounts(width: int) -> st.SearchStrategy[int]:
    """Shift amounts for `width`-bit values: below the width half of the time (a real
    shift), else `int_values(width)` (mostly out of range: poison)."""
    return st.one_of(st.integers(0, width - 1), int_values(width))


def _weighted_boolean(p: float, shrink_to: bool = False) -> st.SearchStrategy[bool]:
    """True about `p` of the time (Hypothesis also tries the simplest choice, `shrink_to`,
    more often than that); shrinks to `shrink_to`."""
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"probability must be in [0, 1], not {p}")
    slots = 100
    trues = round(p * slots)
    choices = [False] * (slots - trues) + [True] * trues
    return st.sampled_from(choices[::-1] if shrink_to else choices)


def maybe_poison(strategy: st.SearchStrategy[T], p: float = 0.1) -> st.SearchStrategy[T | None]:
    """Values of `strategy`, or `None` (poison) about `p` of the time; shrinks to non-poison."""
    poison = _weighted_boolean(p)
    return poison.flatmap(lambda is_poison: st.none() if is_poison else strategy)


def type_width(typ: str, index_width: int) -> int:
    """The bit width of an integer type spelled `iN`, or of `index` at `index_width`."""
    if typ == INDEX:
        return index_width
    if not typ.startswith("i") or not typ[1:].isdigit():
        raise ValueError(f"not an integer type: {typ}")
    return int(typ[1:])


# --- Ops ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpInstance:
    """One op with its types and flags; `template` is its text with `{0}`, `{1}`... operands.

    `render(["%a", "%b"])` gives e.g. `arith.addi %a, %b overflow<nsw> : i8` (without the
    `%r = ` part, which depends on the names chosen for the results).
    """

    name: str
    template: str
    operand_types: tuple[str, ...]
    result_types: tuple[str, ...]
    operand_roles: tuple[str, ...] = ()
    """Per operand, `VALUE` or `SHIFT_AMOUNT` (drawn mostly below the width); empty = all
    `VALUE`."""

    def role(self, index: int) -> str:
        return self.operand_roles[index] if self.operand_roles else VALUE

    def render(self, operands: Sequence[str]) -> str:
        if len(operands) != len(self.operand_types):
            raise ValueError(f"{self.name} takes {len(self.operand_types)} operands")
        return self.template.format(*operands)


WidthStrategy = st.SearchStrategy[int]


@dataclass(frozen=True)
class _Types:
    """Where an op maker draws its types from: `widths` for `iN`-only positions and
    `scalars` (type names, `index` included when allowed) where `index` is allowed too."""

    widths: WidthStrategy
    scalars: st.SearchStrategy[str]

    @staticmethod
    def of(ws: WidthStrategy, allow_index: bool) -> _Types:
        """`iN` for N in `ws`, or `index` about a third of the time (when allowed)."""
        ints = _integer_types(ws)
        return _Types(ws, st.one_of(ints, ints, st.just(INDEX)) if allow_index else ints)

    def favouring(self, typ: str) -> _Types:
        """The same choices, but `typ` at least two thirds of the time."""
        if typ == INDEX:
            return _Types(self.widths, st.one_of(st.just(typ), st.just(typ), self.scalars))
        ws = st.one_of(st.just(type_width(typ, MAX_WIDTH)), self.widths)
        return _Types(ws, st.one_of(st.just(typ), st.just(typ), self.scalars))


OpMaker = Callable[[_Types], st.SearchStrategy[OpInstance]]

_OP_MAKERS: dict[str, OpMaker] = {}


def _maker(*names: str) -> Callable[[Callable[..., st.SearchStrategy[OpInstance]]], None]:
    """Register a maker `(name, types) -> strategy` for each op in `names`."""

    def register(fn: Callable[..., st.SearchStrategy[OpInstance]]) -> None:
        for name in names:
            _OP_MAKERS[name] = functools.partial(fn, name)

    return register


def _integer_types(ws: WidthStrategy) -> st.SearchStrategy[str]:
    return ws.map(lambda w: f"i{w}")


def _distinct_widths(ws: WidthStrategy) -> st.SearchStrategy[tuple[int, int]]:
    """(narrow, wide) with narrow < wide, both from `ws` (which must offer two widths)."""

    @st.composite
    def draw_pair(draw: st.DrawFn) -> tuple[int, int]:
        first = draw(ws)
        second = draw(ws.filter(lambda w: w != first))
        narrow, wide = sorted((first, second))
        return narrow, wide

    return draw_pair()


def _binary(name: str, typ: str, flag: str = "") -> OpInstance:
    roles = (VALUE, SHIFT_AMOUNT) if name in SHIFT_OPS else ()
    if name.startswith("index."):
        return OpInstance(name, f"{name} {{0}}, {{1}}", (INDEX, INDEX), (INDEX,), roles)
    return OpInstance(name, f"{name} {{0}}, {{1}}{flag} : {typ}", (typ, typ), (typ,), roles)


@_maker("arith.addi", "arith.subi", "arith.muli", "arith.shli")
def _overflow_binary(name: str, types: _Types) -> st.SearchStrategy:
    return st.builds(
        lambda t, f: _binary(name, t, f),
        types.scalars,
        st.sampled_from(OVERFLOW_FLAGS),
    )


@_maker("arith.divui", "arith.divsi", "arith.shrui", "arith.shrsi")
def _exact_binary(name: str, types: _Types) -> st.SearchStrategy:
    return st.builds(
        lambda t, f: _binary(name, t, f),
        types.scalars,
        st.sampled_from(("", " exact")),
    )


ARITH_PLAIN_BINARY = (
    "arith.remui",
    "arith.remsi",
    "arith.ceildivui",
    "arith.ceildivsi",
    "arith.floordivsi",
    "arith.andi",
    "arith.ori",
    "arith.xori",
    "arith.maxsi",
    "arith.maxui",
    "arith.minsi",
    "arith.minui",
)


@_maker(*ARITH_PLAIN_BINARY)
def _plain_binary(name: str, types: _Types) -> st.SearchStrategy:
    return types.scalars.map(lambda t: _binary(name, t))


@_maker("arith.cmpi")
def _cmpi(name: str, types: _Types) -> st.SearchStrategy:
    def make(typ: str, predicate: str) -> OpInstance:
        template = f"arith.cmpi {predicate}, {{0}}, {{1}} : {typ}"
        return OpInstance(name, template, (typ, typ), ("i1",))

    return st.builds(make, types.scalars, st.sampled_from(CMP_PREDICATES))


@_maker("arith.select")
def _select(name: str, types: _Types) -> st.SearchStrategy:
    def make(typ: str) -> OpInstance:
        template = f"arith.select {{0}}, {{1}}, {{2}} : {typ}"
        return OpInstance(name, template, ("i1", typ, typ), (typ,))

    return types.scalars.map(make)


@_maker("arith.extsi", "arith.extui", "arith.trunci")
def _resize(name: str, types: _Types) -> st.SearchStrategy:
    flags = {
        "arith.extsi": ("",),
        "arith.extui": ("", " nneg"),
        "arith.trunci": OVERFLOW_FLAGS,
    }[name]

    def make(pair: tuple[int, int], flag: str) -> OpInstance:
        narrow, wide = (f"i{w}" for w in pair)
        source, target = (wide, narrow) if name == "arith.trunci" else (narrow, wide)
        template = f"{name} {{0}}{flag} : {source} to {target}"
        return OpInstance(name, template, (source,), (target,))

    return st.builds(make, _distinct_widths(types.widths), st.sampled_from(flags))


def _index_cast(name: str, ws: WidthStrategy, flags: Sequence[str]) -> st.SearchStrategy:
    """A cast between `iN` and `index`, in either direction; `name` may be `index.casts`."""

    def make(width: int, to_index: bool, flag: str) -> OpInstance:
        source, target = (f"i{width}", INDEX) if to_index else (INDEX, f"i{width}")
        template = f"{name} {{0}}{flag} : {source} to {target}"
        return OpInstance(name, template, (source,), (target,))

    return st.builds(make, ws, st.booleans(), st.sampled_from(flags))


@_maker("arith.index_cast", "index.casts", "index.castu")
def _index_cast_plain(name: str, types: _Types) -> st.SearchStrategy:
    return _index_cast(name, types.widths, ("",))


@_maker("arith.index_castui")
def _index_castui(name: str, types: _Types) -> st.SearchStrategy:
    return _index_cast(name, types.widths, ("", " nneg"))


@_maker("arith.bitcast")
def _bitcast(name: str, types: _Types) -> st.SearchStrategy:
    def make(typ: str) -> OpInstance:
        return OpInstance(name, f"arith.bitcast {{0}} : {typ} to {typ}", (typ,), (typ,))

    return _integer_types(types.widths).map(make)


@_maker("arith.mulsi_extended", "arith.mului_extended")
def _mul_extended(name: str, types: _Types) -> st.SearchStrategy:
    def make(typ: str) -> OpInstance:
        return OpInstance(name, f"{name} {{0}}, {{1}} : {typ}", (typ, typ), (typ, typ))

    return types.scalars.map(make)


@_maker("arith.addui_extended")
def _addui_extended(name: str, types: _Types) -> st.SearchStrategy:
    # Upstream also allows `index`, but xDSL's addui_extended does not parse it.
    def make(typ: str) -> OpInstance:
        template = f"arith.addui_extended {{0}}, {{1}} : {typ}, i1"
        return OpInstance(name, template, (typ, typ), (typ, "i1"))

    return _integer_types(types.widths).map(make)


def _signed_constants(width: int) -> st.SearchStrategy[int]:
    """Constants as MLIR prints them: signed, from edge values or anywhere in range."""
    unsigned = st.one_of(st.sampled_from(edge_values(width)), st.integers(0, (1 << width) - 1))
    return unsigned.map(lambda v: v - (1 << width) if v >> (width - 1) else v)


@_maker("arith.constant")
def _arith_constant(name: str, types: _Types) -> st.SearchStrategy:
    @st.composite
    def make(draw: st.DrawFn) -> OpInstance:
        typ = draw(types.scalars)
        if typ == "i1" and draw(st.booleans()):
            text = draw(st.sampled_from(("true", "false")))
            return OpInstance(name, f"arith.constant {text}", (), (typ,))
        width = MAX_WIDTH if typ == INDEX else type_width(typ, MAX_WIDTH)
        value = draw(_signed_constants(width))
        return OpInstance(name, f"arith.constant {value} : {typ}", (), (typ,))

    return make()


INDEX_BINARY = tuple(
    f"index.{op}"
    for op in [
        "add",
        "sub",
        "mul",
        "divs",
        "divu",
        "ceildivs",
        "ceildivu",
        "floordivs",
        "rems",
        "remu",
        "maxs",
        "maxu",
        "mins",
        "minu",
        "shl",
        "shrs",
        "shru",
        "and",
        "or",
        "xor",
    ]
)


@_maker(*INDEX_BINARY)
def _index_binary(name: str, types: _Types) -> st.SearchStrategy:
    return st.just(_binary(name, INDEX))


@_maker("index.cmp")
def _index_cmp(name: str, types: _Types) -> st.SearchStrategy:
    def make(predicate: str) -> OpInstance:
        return OpInstance(name, f"index.cmp {predicate}({{0}}, {{1}})", (INDEX, INDEX), ("i1",))

    return st.sampled_from(CMP_PREDICATES).map(make)


@_maker("index.constant")
def _index_constant(name: str, types: _Types) -> st.SearchStrategy:
    values = st.one_of(_signed_constants(64), st.integers(*INDEX_CONSTANT_BOUNDS))
    return values.map(lambda v: OpInstance(name, f"index.constant {v}", (), (INDEX,)))


@_maker("index.bool.constant")
def _index_bool_constant(name: str, types: _Types) -> st.SearchStrategy:
    return st.sampled_from(("true", "false")).map(
        lambda v: OpInstance(name, f"index.bool.constant {v}", (), ("i1",))
    )


@_maker("index.sizeof")
def _index_sizeof(name: str, types: _Types) -> st.SearchStrategy:
    return st.just(OpInstance(name, "index.sizeof", (), (INDEX,)))


MATH_UNARY = ("math.absi", "math.ctlz", "math.ctpop", "math.cttz")


@_maker(*MATH_UNARY)
def _math_unary(name: str, types: _Types) -> st.SearchStrategy:
    return types.scalars.map(lambda t: OpInstance(name, f"{name} {{0}} : {t}", (t,), (t,)))


@_maker("irproof.assume")
def _assume(name: str, types: _Types) -> st.SearchStrategy:
    return st.just(OpInstance(name, "irproof.assume {0}", ("i1",), ()))


@_maker("irproof.width")
def _width(name: str, types: _Types) -> st.SearchStrategy:
    return _integer_types(types.widths).map(lambda t: OpInstance(name, f"{name} : {t}", (), (t,)))


OP_NAMES: tuple[str, ...] = tuple(sorted(_OP_MAKERS))
"""Every op the generators can produce."""

UPSTREAM_OP_NAMES: tuple[str, ...] = tuple(n for n in OP_NAMES if not n.startswith("irproof."))
"""The ops upstream MLIR knows (irproof's own `irproof.assume` left out)."""

ARITH_OP_NAMES: tuple[str, ...] = tuple(n for n in OP_NAMES if n.startswith("arith."))
INDEX_OP_NAMES: tuple[str, ...] = tuple(n for n in OP_NAMES if n.startswith("index."))

_NEEDS_INDEX = frozenset({*INDEX_OP_NAMES, "arith.index_cast", "arith.index_castui"})
"""Ops whose every instance has an `index` operand or result."""


def op_instances(
    ops: Collection[str] | None = None,
    width_strategy: WidthStrategy | None = None,
    allow_index: bool = True,
) -> st.SearchStrategy[OpInstance]:
    """One op of `ops` (default: all of `OP_NAMES`), each op equally likely.

    Integer types are `iN` with N from `width_strategy` (default `widths()`; it must offer
    at least two widths for extsi/extui/trunci), and `index` where the op allows it and
    `allow_index` is set (ops that always involve `index` are left out when it is not).
    Flags, predicates and cast directions are drawn too.
    """
    ws = widths() if width_strategy is None else width_strategy
    return _op_instances(_op_names(ops, allow_index), _Types.of(ws, allow_index))


def _op_names(ops: Collection[str] | None, allow_index: bool) -> list[str]:
    names = sorted(OP_NAMES if ops is None else ops)
    unknown = [n for n in names if n not in _OP_MAKERS]
    if unknown:
        raise ValueError(f"no generator for {', '.join(unknown)}")
    if not allow_index:
        names = [n for n in names if n not in _NEEDS_INDEX]
    if not names:
        raise ValueError("no op to generate")
    return names


def _op_instances(names: Sequence[str], types: _Types) -> st.SearchStrategy[OpInstance]:
    return st.sampled_from(names).flatmap(lambda n: _OP_MAKERS[n](types))


# --- Functions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class GeneratedFunction:
    """A generated `func.func @f`: its body lines, signature and the ops in it.

    `text` is the module text to parse; `function_text(...)` renders it under another
    name or with attributes (e.g. `{llvm.emit_c_interface}` for upstream's JIT).
    """

    body: tuple[str, ...]
    op_names: tuple[str, ...]
    arg_types: tuple[str, ...]
    result_types: tuple[str, ...]
    result_names: tuple[str, ...]
    arg_roles: tuple[str, ...] = ()
    """Per argument, the role (`VALUE`, `SHIFT_AMOUNT`) of the operand it first feeds."""

    @property
    def op_name(self) -> str:
        """The op of a single-op function (the first op of a longer one)."""
        return self.op_names[0]

    @property
    def text(self) -> str:
        return self.function_text()

    def function_text(self, name: str = "f", attributes: str = "") -> str:
        params = ", ".join(f"%arg{i}: {t}" for i, t in enumerate(self.arg_types))
        results = ", ".join(self.result_types)
        attrs = f" attributes {{{attributes}}}" if attributes else ""
        lines = [f"func.func @{name}({params}) -> ({results}){attrs} {{"]
        lines += [f"  {line}" for line in self.body]
        returned = f" {', '.join(self.result_names)} : {results}" if self.result_names else ""
        lines.append(f"  func.return{returned}")
        lines.append("}")
        return "\n".join(lines)

    def arg_widths(self, index_width: int) -> tuple[int, ...]:
        return tuple(type_width(t, index_width) for t in self.arg_types)

    def result_widths(self, index_width: int) -> tuple[int, ...]:
        return tuple(type_width(t, index_width) for t in self.result_types)


def _op_line(op: OpInstance, operands: Sequence[str], results: Sequence[str]) -> str:
    if not results:
        return op.render(operands)
    return f"{', '.join(results)} = {op.render(operands)}"


def single_op_function(op: OpInstance) -> GeneratedFunction:
    """`func.func @f` taking the operands of `op` as arguments and returning its results."""
    operands = [f"%arg{i}" for i in range(len(op.operand_types))]
    results = tuple(f"%r{i}" for i in range(len(op.result_types)))
    return GeneratedFunction(
        body=(_op_line(op, operands, results),),
        op_names=(op.name,),
        arg_types=op.operand_types,
        result_types=op.result_types,
        result_names=results,
        arg_roles=tuple(op.role(i) for i in range(len(op.operand_types))),
    )


def single_op_functions(
    ops: Collection[str] | None = None,
    width_strategy: WidthStrategy | None = None,
    allow_index: bool = True,
) -> st.SearchStrategy[GeneratedFunction]:
    """One-op functions `func.func @f(%arg0, ...)` over `op_instances(...)` (same arguments)."""
    return op_instances(ops, width_strategy, allow_index).map(single_op_function)


def straight_line_functions(
    min_ops: int = 2,
    max_ops: int = 4,
    ops: Collection[str] | None = None,
    allow_index: bool = True,
    width_strategy: WidthStrategy | None = None,
) -> st.SearchStrategy[GeneratedFunction]:
    """Functions of `min_ops`..`max_ops` ops in sequence, returning every op's results.

    `ops`, `allow_index` and `width_strategy` (default `widths()`, which must offer at
    least two widths) restrict the ops and types as in `op_instances`.

    So that operands are mostly earlier results rather than new arguments, the integer
    widths of one function come from a palette of two or three; most ops after the first
    favour the type of an earlier result; and an operand reuses a value of its type, when
    there is one, most of the time.
    """
    if not 1 <= min_ops <= max_ops:
        raise ValueError("need 1 <= min_ops <= max_ops")
    allowed_ops = _op_names(ops, allow_index)
    ws = widths() if width_strategy is None else width_strategy

    @st.composite
    def make(draw: st.DrawFn) -> GeneratedFunction:
        palette = draw(st.lists(ws, min_size=2, max_size=3, unique=True))
        types = _Types.of(st.sampled_from(sorted(palette)), allow_index)
        arg_types: list[str] = []
        arg_roles: list[str] = []
        available: list[tuple[str, str]] = []  # (SSA name, type) of args and results so far
        body: list[str] = []
        names: list[str] = []
        result_names: list[str] = []
        result_types: list[str] = []
        for step in repetitions(draw, min_ops, max_ops):
            # Every step draws the same choices whatever came before (a flag and a position
            # even where there is nothing to pick from), so that deleting a step leaves the
            # next ones as they were: Hypothesis then shrinks by deleting ops.
            favour, pick = _draw_flag(draw, 0.7), draw(st.integers(0, 7))
            favourite: str = draw(types.scalars)
            if favour and result_types:
                favourite = result_types[-1 - pick % len(result_types)]
            op = draw(_op_instances(allowed_ops, types.favouring(favourite)))
            operands = []
            for position, typ in enumerate(op.operand_types):
                # Latest values first: what Hypothesis tries most (and shrinks to) is a chain.
                candidates = [name for name, t in reversed(available) if t == typ]
                reuse, pick = _draw_flag(draw, 0.8), draw(st.integers(0, 7))
                if candidates and reuse:
                    operands.append(candidates[pick % len(candidates)])
                else:
                    arg = f"%arg{len(arg_types)}"
                    arg_types.append(typ)
                    arg_roles.append(op.role(position))
                    available.append((arg, typ))
                    operands.append(arg)
            results = [f"%v{step}_{i}" for i in range(len(op.result_types))]
            body.append(_op_line(op, operands, results))
            names.append(op.name)
            available.extend(zip(results, op.result_types, strict=True))
            result_names.extend(results)
            result_types.extend(op.result_types)
        return GeneratedFunction(
            body=tuple(body),
            op_names=tuple(names),
            arg_types=tuple(arg_types),
            result_types=tuple(result_types),
            result_names=tuple(result_names),
            arg_roles=tuple(arg_roles),
        )

    return make()


def repetitions(draw: st.DrawFn, min_count: int, max_count: int, p: float = 0.75) -> Iterator[int]:
    """0, 1, ... for a drawn number of repetitions in `[min_count, max_count]`: past the
    minimum, a flag drawn before each one (True about `p` of the time) says whether to go on.
    So a repetition is one span of choices, which Hypothesis deletes whole: shrinking removes
    ops (statements) one at a time, from anywhere, instead of only from the end."""
    for index in range(max_count):
        if index >= min_count and not draw(_weighted_boolean(p)):
            return
        yield index


def _draw_flag(draw: st.DrawFn, p: float) -> bool:
    """True about `p` of the time, and what Hypothesis tries first and shrinks to."""
    flag: bool = draw(_weighted_boolean(p, shrink_to=True))
    return flag


def arguments(
    function: GeneratedFunction, index_width: int, poison_probability: float = 0.1
) -> st.SearchStrategy[list[int | None]]:
    """Inputs for `function` at `index_width`: per argument `int_values` of its width (or
    `shift_amounts` for a shift amount), poison (`None`) about `poison_probability` of the time.
    A function with memref or tensor arguments gets `memref_strategies.memory_arguments`
    (their contents as tuples).
    """
    if any(t.startswith(("memref<", "tensor<")) for t in function.arg_types):
        from irproof.memref_strategies import memory_arguments

        return memory_arguments(function, index_width, poison_probability)  # type: ignore[return-value]
    roles = function.arg_roles or (VALUE,) * len(function.arg_types)
    values = [
        shift_amounts(w) if role == SHIFT_AMOUNT else int_values(w)
        for w, role in zip(function.arg_widths(index_width), roles, strict=True)
    ]
    return st.tuples(*(maybe_poison(v, poison_probability) for v in values)).map(list)


# --- Programs for the fuzzer ------------------------------------------------------------------

STRAIGHT_LINE = "straight-line"
CONTROL_FLOW = "control-flow"
MEMREF = "memref"
LINALG = "linalg"
DEFAULT_KINDS = (STRAIGHT_LINE, CONTROL_FLOW)
"""What `irproof fuzz` draws without `--kinds`: the memory kinds (`memref`, `linalg`:
`irproof.memref_strategies`, `irproof.linalg_strategies`) are asked for by name."""


@dataclass(frozen=True)
class ProgramOptions:
    """What `programs()` draws: the kinds of program, their size, op mix and types.

    `ops` restricts the straight-line ops (default: every op of `OP_NAMES`; control-flow
    programs mix in the ones of `control_flow_strategies.PLAIN_OPS` that `ops` allows);
    `widths` the integer bit widths (default `widths()`; give at least two for ext/trunc);
    `dynamic` is the probability that a loop bound is an argument (0: static trip counts).
    """

    min_ops: int = 1
    max_ops: int = 5
    ops: tuple[str, ...] | None = None
    widths: tuple[int, ...] | None = None
    allow_index: bool = True
    kinds: tuple[str, ...] = DEFAULT_KINDS
    dynamic: float = 0.0

    def width_strategy(self) -> WidthStrategy:
        return widths() if self.widths is None else st.sampled_from(sorted(self.widths))


ProgramKind = Callable[[ProgramOptions], st.SearchStrategy[GeneratedFunction]]

PROGRAM_KINDS: dict[str, ProgramKind] = {}
"""Kinds of program `programs()` draws from, by name (see `register_program_kind`)."""


def register_program_kind(name: str, kind: ProgramKind) -> None:
    """Make `name` a kind of program `ProgramOptions.kinds` can ask for (as the `memref` and
    `linalg` kinds are). `kind(options)` must give
    `GeneratedFunction`s named `@f` whose `arguments(...)` draw valid inputs."""
    PROGRAM_KINDS[name] = kind


def _straight_line(options: ProgramOptions) -> st.SearchStrategy[GeneratedFunction]:
    return straight_line_functions(
        options.min_ops, options.max_ops, options.ops, options.allow_index, options.width_strategy()
    )


def _control_flow(options: ProgramOptions) -> st.SearchStrategy[GeneratedFunction]:
    from irproof.control_flow_strategies import PLAIN_OPS, control_flow_functions

    plain = PLAIN_OPS if options.ops is None else tuple(o for o in PLAIN_OPS if o in options.ops)
    if not options.allow_index:
        plain = tuple(o for o in plain if o not in _NEEDS_INDEX)
    statements = max(1, options.max_ops // 2)
    return control_flow_functions(
        min(options.min_ops, statements), statements, options.dynamic, plain or None
    )


def _memref(options: ProgramOptions) -> st.SearchStrategy[GeneratedFunction]:
    from irproof.memref_strategies import memref_functions

    statements = max(1, options.max_ops - 1)
    return memref_functions(min(options.min_ops, statements), statements, options.widths)


def _linalg(options: ProgramOptions) -> st.SearchStrategy[GeneratedFunction]:
    from irproof.linalg_strategies import linalg_functions

    statements = max(1, options.max_ops // 2)
    return linalg_functions(min(options.min_ops, statements), statements, options.widths)


register_program_kind(STRAIGHT_LINE, _straight_line)
register_program_kind(CONTROL_FLOW, _control_flow)
register_program_kind(MEMREF, _memref)
register_program_kind(LINALG, _linalg)


def programs(options: ProgramOptions | None = None) -> st.SearchStrategy[GeneratedFunction]:
    """Random well-typed functions `@f` for the fuzzer, of the kinds in `options.kinds`
    (shrinking towards the first kind, fewer ops, narrower widths and constants near 0)."""
    options = ProgramOptions() if options is None else options
    unknown = [k for k in options.kinds if k not in PROGRAM_KINDS]
    if unknown or not options.kinds:
        raise ValueError(f"unknown program kind(s): {', '.join(unknown) or 'none given'}")
    return st.sampled_from(options.kinds).flatmap(lambda kind: PROGRAM_KINDS[kind](options))
