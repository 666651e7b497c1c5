"""Hypothesis strategies for MLIR programs with control flow: `scf`, `cf` and `affine`.

`control_flow_functions()` draws a `func.func @f` (a `strategies.GeneratedFunction`, so
`strategies.arguments` gives its inputs) whose body mixes the integer ops of
`strategies.op_instances` with

- `scf.if` (with results, and without `else`), `scf.index_switch`, `scf.execute_region`
  (sometimes holding a `cf` diamond), `scf.for` (index or integer induction variable,
  loop-carried values), `scf.while` (a counter and a carried value);
- `cf.cond_br` diamonds, `cf.switch` and `cf.br` loops (back edges) in the function body;
- `affine.apply` / `min` / `max` over random affine maps (`+`, `*`, `floordiv`, `ceildiv`,
  `mod` by constants), `affine.for` with constant or map bounds, `affine.if`.

Loop bounds are small constants, so trip counts are static (both semantics run them
exactly), except with probability `dynamic` where a bound is a function argument: then the
SMT side unrolls up to its bound and may report the bound exceeded. Statements nest up to
two levels; every value defined at the top level is returned. `CONTROL_FLOW_OP_NAMES` lists
the ops these programs can contain besides `strategies.OP_NAMES`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from hypothesis import strategies as st

from irproof.strategies import INDEX, VALUE, GeneratedFunction, op_instances, repetitions

CONTROL_FLOW_OP_NAMES: tuple[str, ...] = (
    "affine.apply",
    "affine.for",
    "affine.if",
    "affine.max",
    "affine.min",
    "affine.yield",
    "cf.br",
    "cf.cond_br",
    "cf.switch",
    "scf.condition",
    "scf.execute_region",
    "scf.for",
    "scf.if",
    "scf.index_switch",
    "scf.while",
    "scf.yield",
)
"""The control-flow ops `control_flow_functions` produces."""

PLAIN_OPS = (
    "arith.addi",
    "arith.subi",
    "arith.muli",
    "arith.divui",
    "arith.divsi",
    "arith.remsi",
    "arith.andi",
    "arith.xori",
    "arith.shli",
    "arith.maxsi",
    "arith.cmpi",
    "arith.select",
    "arith.extui",
    "arith.trunci",
    "arith.index_cast",
    "index.add",
    "index.mul",
)
"""The straight-line ops mixed in (a cheap, representative subset of `OP_NAMES`)."""

LOOP_TYPES = (INDEX, "i8", "i32")
"""Induction variable types (wide enough for the small constant bounds)."""


def _indent(lines: list[str], by: str = "  ") -> list[str]:
    return [line if line.startswith("^") else by + line for line in lines]


@dataclass
class _Program:
    """What one drawn function accumulates: its arguments, ops, fresh names and labels."""

    draw: st.DrawFn
    palette: list[int]
    dynamic: float
    plain_ops: tuple[str, ...] = PLAIN_OPS
    """The straight-line ops statements draw from."""
    arg_types: list[str] = field(default_factory=list)
    op_names: list[str] = field(default_factory=list)
    counter: int = 0

    def fresh(self, prefix: str = "v") -> str:
        self.counter += 1
        return f"%{prefix}{self.counter}"

    def label(self) -> str:
        self.counter += 1
        return f"^bb{self.counter}"

    def flag(self, p: float) -> bool:
        """True about `p` of the time; shrinks to False."""
        slots = round(p * 20)
        flag: bool = self.draw(st.sampled_from([False] * (20 - slots) + [True] * slots))
        return flag

    def argument(self, typ: str) -> str:
        self.arg_types.append(typ)
        return f"%arg{len(self.arg_types) - 1}"

    def value(self, scope: list[tuple[str, str]], typ: str) -> str:
        """A value of type `typ`: mostly one in scope, else a new argument."""
        candidates = [name for name, t in reversed(scope) if t == typ]
        if candidates and self.flag(0.85):
            chosen: str = self.draw(st.sampled_from(candidates))
            return chosen
        return self.argument(typ)

    def constant(self, lines: list[str], value: int, typ: str) -> str:
        name = self.fresh("c")
        lines.append(f"{name} = arith.constant {value} : {typ}")
        self.op_names.append("arith.constant")
        return name

    def scalar_type(self) -> str:
        widths = [f"i{w}" for w in self.palette]
        typ: str = self.draw(st.sampled_from([*widths, *widths, INDEX]))
        return typ


Statement = Callable[[_Program, list[tuple[str, str]], list[str], int], None]
"""Appends a statement's lines, and adds the values it defines to the scope."""


def _plain(p: _Program, scope: list[tuple[str, str]], lines: list[str], depth: int) -> None:
    widths = st.sampled_from(p.palette)
    op = p.draw(op_instances(p.plain_ops, widths))
    operands = [p.value(scope, t) for t in op.operand_types]
    results = [p.fresh() for _ in op.result_types]
    text = op.render(operands)
    lines.append(f"{', '.join(results)} = {text}" if results else text)
    p.op_names.append(op.name)
    scope.extend(zip(results, op.result_types, strict=True))


def _block(
    p: _Program, scope: list[tuple[str, str]], depth: int, yields: list[str], terminator: str
) -> list[str]:
    """A region body: a few statements in a copy of `scope`, then `terminator` yielding a
    value of each type of `yields`."""
    inner = list(scope)
    lines: list[str] = []
    for _ in repetitions(p.draw, 0, 2, 0.6):
        _statement(p, inner, lines, depth + 1, nested=True)
    values = [p.value(inner, t) for t in yields]
    p.op_names.append(terminator)
    suffix = f" {', '.join(values)} : {', '.join(yields)}" if yields else ""
    lines.append(f"{terminator}{suffix}")
    return lines


def _results(p: _Program, scope: list[tuple[str, str]], types: list[str]) -> list[str]:
    names = [p.fresh() for _ in types]
    scope.extend(zip(names, types, strict=True))
    return names


def _assign(names: list[str]) -> str:
    return f"{', '.join(names)} = " if names else ""


def _arrow(types: list[str]) -> str:
    return f" -> ({', '.join(types)})" if types else ""


def _if(p: _Program, scope: list[tuple[str, str]], lines: list[str], depth: int) -> None:
    cond = p.value(scope, "i1")
    types = [p.scalar_type() for _ in range(p.draw(st.integers(0, 2)))]
    then = _block(p, scope, depth, types, "scf.yield")
    other = _block(p, scope, depth, types, "scf.yield") if types or p.flag(0.5) else None
    names = _results(p, scope, types)
    lines.append(f"{_assign(names)}scf.if {cond}{_arrow(types)} {{")
    lines += _indent(then)
    if other is not None:
        lines.append("} else {")
        lines += _indent(other)
    lines.append("}")
    p.op_names.append("scf.if")


def _index_switch(p: _Program, scope: list[tuple[str, str]], lines: list[str], depth: int) -> None:
    selector = p.value(scope, INDEX)
    cases = p.draw(st.lists(st.integers(-2, 4), min_size=1, max_size=3, unique=True))
    types = [p.scalar_type() for _ in range(p.draw(st.integers(1, 2)))]
    bodies = [_block(p, scope, depth, types, "scf.yield") for _ in cases]
    default = _block(p, scope, depth, types, "scf.yield")
    names = _results(p, scope, types)
    lines.append(f"{_assign(names)}scf.index_switch {selector} -> {', '.join(types)}")
    for case, body in zip(cases, bodies, strict=True):
        lines.append(f"case {case} {{")
        lines += _indent(body)
        lines.append("}")
    lines.append("default {")
    lines += _indent(default)
    lines.append("}")
    p.op_names.append("scf.index_switch")


def _execute_region(
    p: _Program, scope: list[tuple[str, str]], lines: list[str], depth: int
) -> None:
    types = [p.scalar_type()]
    if p.flag(0.5):  # a cf diamond inside the region
        inner = list(scope)
        body: list[str] = []
        _diamond(p, inner, body, depth + 1)
        value = p.value(inner, types[0])
        body.append(f"scf.yield {value} : {types[0]}")
        p.op_names.append("scf.yield")
    else:
        body = _block(p, scope, depth, types, "scf.yield")
    names = _results(p, scope, types)
    lines.append(f"{_assign(names)}scf.execute_region{_arrow(types)} {{")
    lines += _indent(body)
    lines.append("}")
    p.op_names.append("scf.execute_region")


def _loop_bounds(
    p: _Program, lines: list[str], scope: list[tuple[str, str]], typ: str
) -> list[str]:
    """Constant lb, constant or (probability `dynamic`) argument ub and step. With a dynamic
    ub a constant step is sometimes a quarter of the type's range or more, so that the
    induction variable wraps around within a few iterations."""
    lb = p.constant(lines, p.draw(st.integers(-3, 3)), typ)
    step_value = p.draw(st.integers(1, 3))
    if p.flag(p.dynamic):
        ub = p.value(scope, typ)
        if p.flag(0.5):
            width = 32 if typ == INDEX else int(typ[1:])
            step_value = p.draw(st.integers(1 << (width - 2), (1 << (width - 1)) - 1))
    else:
        ub = p.constant(lines, p.draw(st.integers(-3, 6)), typ)
    if p.flag(p.dynamic):  # any step, zero, negative or poison included
        return [lb, ub, p.value(scope, typ)]
    step = p.constant(lines, step_value, typ)
    return [lb, ub, step]


def _for(p: _Program, scope: list[tuple[str, str]], lines: list[str], depth: int) -> None:
    iv_type: str = p.draw(st.sampled_from(LOOP_TYPES))
    lb, ub, step = _loop_bounds(p, lines, scope, iv_type)
    types = [p.scalar_type() for _ in range(p.draw(st.integers(1, 2)))]
    inits = [p.value(scope, t) for t in types]
    iv, carried = p.fresh("i"), [p.fresh("a") for _ in types]
    body = _block(
        p, [*scope, (iv, iv_type), *zip(carried, types, strict=True)], depth, types, "scf.yield"
    )
    names = _results(p, scope, types)
    args = ", ".join(f"{c} = {i}" for c, i in zip(carried, inits, strict=True))
    suffix = "" if iv_type == INDEX else f" : {iv_type}"
    lines.append(
        f"{_assign(names)}scf.for {iv} = {lb} to {ub} step {step} iter_args({args})"
        f"{_arrow(types)}{suffix} {{"
    )
    lines += _indent(body)
    lines.append("}")
    p.op_names.append("scf.for")


def _while(p: _Program, scope: list[tuple[str, str]], lines: list[str], depth: int) -> None:
    """`while (counter < limit) { counter += 1; value = body(value) }` on an i8 counter."""
    typ = p.scalar_type()
    start = p.constant(lines, p.draw(st.integers(-2, 2)), "i8")
    limit = (
        p.value(scope, "i8")
        if p.flag(p.dynamic)
        else p.constant(lines, p.draw(st.integers(-2, 4)), "i8")
    )
    one = p.constant(lines, 1, "i8")
    init = p.value(scope, typ)
    n, x, cond = p.fresh("n"), p.fresh("x"), p.fresh("b")
    m, y = p.fresh("m"), p.fresh("y")
    after = _block(p, [*scope, (m, "i8"), (y, typ)], depth, [typ], "scf.yield")
    value_line = after.pop()  # `scf.yield %v : typ`: prepend the counter
    next_n = p.fresh("n")
    after += [
        f"{next_n} = arith.addi {m}, {one} : i8",
        f"scf.yield {next_n}, {value_line.split()[1]} : i8, {typ}",
    ]
    names = _results(p, scope, ["i8", typ])
    lines.append(
        f"{_assign(names)}scf.while ({n} = {start}, {x} = {init}) : (i8, {typ}) -> (i8, {typ}) {{"
    )
    lines.append(f"  {cond} = arith.cmpi slt, {n}, {limit} : i8")
    lines.append(f"  scf.condition({cond}) {n}, {x} : i8, {typ}")
    lines.append("} do {")
    lines.append(f"^bb0({m}: i8, {y}: {typ}):")
    lines += _indent(after)
    lines.append("}")
    p.op_names += ["arith.cmpi", "scf.condition", "arith.addi", "scf.while"]


def _diamond(p: _Program, scope: list[tuple[str, str]], lines: list[str], depth: int) -> None:
    """`cf.cond_br` (or `cf.switch`) to two or three blocks merging into one with an
    argument; the rest of the region continues in the merge block."""
    typ = p.scalar_type()
    merge, arg = p.label(), p.fresh("m")
    arms = [p.label() for _ in range(p.draw(st.integers(2, 3)))]
    if len(arms) == 2 and p.flag(0.6):
        cond = p.value(scope, "i1")
        lines.append(f"cf.cond_br {cond}, {arms[0]}, {arms[1]}")
        p.op_names.append("cf.cond_br")
    else:
        flag_type: str = p.draw(st.sampled_from(["i8", "i32"]))  # upstream: integers only
        flag = p.value(scope, flag_type)
        cases = p.draw(
            st.lists(
                st.integers(-2, 3), min_size=len(arms) - 1, max_size=len(arms) - 1, unique=True
            )
        )
        entries = [f"default: {arms[0]}"] + [
            f"{c}: {a}" for c, a in zip(cases, arms[1:], strict=True)
        ]
        lines.append(f"cf.switch {flag} : {flag_type}, [{', '.join(entries)}]")
        p.op_names.append("cf.switch")
    for label in arms:
        body = _block(p, scope, depth, [typ], "cf.br")
        value = body.pop().split()[1]
        p.op_names.pop()
        lines.append(f"{label}:")
        lines += body
        lines.append(f"cf.br {merge}({value} : {typ})")
        p.op_names.append("cf.br")
    lines.append(f"{merge}({arg}: {typ}):")
    scope.append((arg, typ))


def _cf_loop(p: _Program, scope: list[tuple[str, str]], lines: list[str], depth: int) -> None:
    """A loop as `convert-scf-to-cf` writes it: header, body with a back edge, exit."""
    iv_type: str = p.draw(st.sampled_from(LOOP_TYPES))
    lb, ub, step = _loop_bounds(p, lines, scope, iv_type)
    typ = p.scalar_type()
    init = p.value(scope, typ)
    header, body_label, exit_label = p.label(), p.label(), p.label()
    iv, acc, cond = p.fresh("i"), p.fresh("a"), p.fresh("b")
    lines.append(f"cf.br {header}({lb}, {init} : {iv_type}, {typ})")
    lines.append(f"{header}({iv}: {iv_type}, {acc}: {typ}):")
    lines.append(f"{cond} = arith.cmpi slt, {iv}, {ub} : {iv_type}")
    lines.append(f"cf.cond_br {cond}, {body_label}, {exit_label}")
    lines.append(f"{body_label}:")
    body = _block(p, [*scope, (iv, iv_type), (acc, typ)], depth, [typ], "cf.br")
    value = body.pop().split()[1]
    p.op_names.pop()
    next_iv = p.fresh("i")
    lines += body
    lines.append(f"{next_iv} = arith.addi {iv}, {step} : {iv_type}")
    lines.append(f"cf.br {header}({next_iv}, {value} : {iv_type}, {typ})")
    lines.append(f"{exit_label}:")
    scope.extend([(iv, iv_type), (acc, typ)])
    p.op_names += ["cf.br", "arith.cmpi", "cf.cond_br", "arith.addi", "cf.br"]


# --- affine --------------------------------------------------------------------------------


def affine_exprs(dims: int, syms: int) -> st.SearchStrategy[str]:
    """Affine expressions over `d0..`, `s0..` and small constants: `+`, `-`, `* c`, and
    `floordiv` / `ceildiv` / `mod` by a positive constant, up to four leaves."""
    names = [f"d{i}" for i in range(dims)] + [f"s{i}" for i in range(syms)]
    constants = st.integers(-3, 5).map(str)
    leaves = st.one_of(st.sampled_from(names), constants) if names else constants

    def compound(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(inner, st.sampled_from(["+", "-"]), inner).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"
            ),
            st.tuples(inner, st.integers(-3, 5)).map(lambda t: f"({t[0]} * {t[1]})"),
            st.tuples(
                inner, st.sampled_from(["floordiv", "ceildiv", "mod"]), st.integers(1, 5)
            ).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        )

    return st.recursive(leaves, compound, max_leaves=4)


def _affine_expr(p: _Program, dims: int, syms: int) -> str:
    expr: str = p.draw(affine_exprs(dims, syms))
    return expr


def _affine_map(
    p: _Program, scope: list[tuple[str, str]], results: int, min_dims: int = 0
) -> tuple[str, str]:
    """(`affine_map<...>`, its operand list `(dims)[syms]`)."""
    dims, syms = p.draw(st.integers(min_dims, 2)), p.draw(st.integers(0, 1))
    exprs = [_affine_expr(p, dims, syms) for _ in range(results)]
    dim_names = ", ".join(f"d{i}" for i in range(dims))
    sym_names = f"[{', '.join(f's{i}' for i in range(syms))}]" if syms else ""
    operands = [p.value(scope, INDEX) for _ in range(dims + syms)]
    use = f"({', '.join(operands[:dims])})" + (f"[{', '.join(operands[dims:])}]" if syms else "")
    return f"affine_map<({dim_names}){sym_names} -> ({', '.join(exprs)})>", use


def _affine_value(
    p: _Program, scope: list[tuple[str, str]], lines: list[str], depth: int, min_dims: int = 0
) -> None:
    op: str = p.draw(st.sampled_from(["affine.apply", "affine.min", "affine.max"]))
    results = 1 if op == "affine.apply" else p.draw(st.integers(1, 3))
    m, use = _affine_map(p, scope, results, min_dims)
    names = _results(p, scope, [INDEX])
    lines.append(f"{names[0]} = {op} {m}{use}")
    p.op_names.append(op)


def _affine_for(p: _Program, scope: list[tuple[str, str]], lines: list[str], depth: int) -> None:
    lb = str(p.draw(st.integers(-3, 3)))
    if p.flag(p.dynamic):
        m, use = _affine_map(p, scope, p.draw(st.integers(1, 2)))
        lb = f"max {m}{use}"
    ub = str(p.draw(st.integers(-3, 6)))
    if p.flag(p.dynamic):
        m, use = _affine_map(p, scope, p.draw(st.integers(1, 2)))
        ub = f"min {m}{use}"
    step = p.draw(st.integers(1, 3))
    types = [p.scalar_type() for _ in range(p.draw(st.integers(1, 2)))]
    inits = [p.value(scope, t) for t in types]
    iv, carried = p.fresh("k"), [p.fresh("a") for _ in types]
    body = _block(
        p, [*scope, (iv, INDEX), *zip(carried, types, strict=True)], depth, types, "affine.yield"
    )
    names = _results(p, scope, types)
    args = ", ".join(f"{c} = {i}" for c, i in zip(carried, inits, strict=True))
    lines.append(
        f"{_assign(names)}affine.for {iv} = {lb} to {ub} step {step} iter_args({args})"
        f"{_arrow(types)} {{"
    )
    lines += _indent(body)
    lines.append("}")
    p.op_names.append("affine.for")


def _affine_if(p: _Program, scope: list[tuple[str, str]], lines: list[str], depth: int) -> None:
    dims = p.draw(st.integers(1, 2))
    constraints = [
        f"{_affine_expr(p, dims, 0)} {p.draw(st.sampled_from(['>=', '==']))} 0"
        for _ in range(p.draw(st.integers(1, 2)))
    ]
    operands = [p.value(scope, INDEX) for _ in range(dims)]
    dim_names = ", ".join(f"d{i}" for i in range(dims))
    condition = f"affine_set<({dim_names}) : ({', '.join(constraints)})>({', '.join(operands)})"
    types = [p.scalar_type() for _ in range(p.draw(st.integers(0, 1)))]
    then = _block(p, scope, depth, types, "affine.yield")
    other = _block(p, scope, depth, types, "affine.yield") if types or p.flag(0.5) else None
    names = _results(p, scope, types)
    lines.append(f"{_assign(names)}affine.if {condition}{_arrow(types)} {{")
    lines += _indent(then)
    if other is not None:
        lines.append("} else {")
        lines += _indent(other)
    lines.append("}")
    p.op_names.append("affine.if")


NESTED: tuple[Statement, ...] = (
    _plain,
    _plain,
    _if,
    _index_switch,
    _execute_region,
    _for,
    _while,
    _affine_value,
    _affine_for,
    _affine_if,
)
"""Statements allowed anywhere (single-block regions)."""

TOP_LEVEL: tuple[Statement, ...] = (*NESTED, _diamond, _cf_loop)
"""Statements that add blocks: only in the function body."""


def _statement(
    p: _Program, scope: list[tuple[str, str]], lines: list[str], depth: int, nested: bool
) -> None:
    choices = NESTED if nested or depth > 0 else TOP_LEVEL
    if depth >= 2:
        choices = (_plain, _affine_value)
    statement: Statement = p.draw(st.sampled_from(choices))
    statement(p, scope, lines, depth)


def affine_map_functions() -> st.SearchStrategy[GeneratedFunction]:
    """One `affine.apply`, `affine.min` or `affine.max` over a random map of `index`
    arguments: affine arithmetic on its own."""

    @st.composite
    def make(draw: st.DrawFn) -> GeneratedFunction:
        p = _Program(draw, [8, 32], 0.0)
        scope: list[tuple[str, str]] = []
        lines: list[str] = []
        _affine_value(p, scope, lines, 0, min_dims=1)
        return GeneratedFunction(
            body=tuple(lines),
            op_names=tuple(p.op_names),
            arg_types=tuple(p.arg_types),
            result_types=(INDEX,),
            result_names=(scope[-1][0],),
            arg_roles=(VALUE,) * len(p.arg_types),
        )

    return make()


def control_flow_functions(
    min_statements: int = 1,
    max_statements: int = 3,
    dynamic: float = 0.0,
    ops: Collection[str] | None = None,
) -> st.SearchStrategy[GeneratedFunction]:
    """Functions of `min_statements`..`max_statements` top-level statements (see the module
    docstring); `dynamic` is the probability that a loop bound is an argument; `ops` the
    straight-line ops mixed in (default `PLAIN_OPS`)."""
    plain_ops = PLAIN_OPS if ops is None else tuple(sorted(ops))

    @st.composite
    def make(draw: st.DrawFn) -> GeneratedFunction:
        palette = draw(
            st.lists(st.sampled_from([1, 8, 16, 32]), min_size=2, max_size=2, unique=True)
        )
        p = _Program(draw, sorted(palette), dynamic, plain_ops)
        scope: list[tuple[str, str]] = []
        lines: list[str] = []
        for _ in repetitions(draw, min_statements, max_statements):
            _statement(p, scope, lines, 0, nested=False)
        top = [(name, t) for name, t in scope if not name.startswith("%arg")][-6:]
        if not top:  # nothing defined: return an argument
            top = [(p.argument("i8"), "i8")]
        return GeneratedFunction(
            body=tuple(lines),
            op_names=tuple(p.op_names),
            arg_types=tuple(p.arg_types),
            result_types=tuple(t for _, t in top),
            result_names=tuple(n for n, _ in top),
            arg_roles=(VALUE,) * len(p.arg_types),
        )

    return make()
