"""One refinement query for every width of a width-generic pair (width-parametric encoding).

A width-generic pair (`irproof.verifier.generic`) is normally checked once per width (and
width assignment). When both functions are straight-line code over integer ops that
`irproof.semantics.parametric` models, `parametric_attempt` builds ONE query in which each
width variable is a symbolic width `w` ranging over the widths asked for (and obeying the
pair's width constraints), every value lives in a container as wide as the widest width
(`irproof.semantics.parametric`), and refinement is violated in Alive2's order (ub,
poison, value) exactly as in `irproof.verifier.refinement`. Unsat proves the pair at every width assignment at once
(including, with several width variables, the assignments the per-width loop samples
away). Anything else (sat, timeout, an op or type without a parametric rule) returns no
proof, and `irproof.verifier.verify` checks width by width as before, so failing widths,
the smallest counterexample and its replay come from the per-width semantics: this module
can only save time, never decide a verdict other than `correct`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import z3
from xdsl.dialects import func
from xdsl.dialects.builtin import IntegerType
from xdsl.ir import Attribute, Operation, SSAValue

from irproof.semantics.parametric import (
    PARAMETRIC_RULES,
    NotParametric,
    ParametricContext,
    ParametricRule,
    PValue,
    all_of,
    any_of,
    check_attributes,
    clean,
    mask,
)
from irproof.semantics.parametric_aligned import ALIGNED_RULES, place
from irproof.verifier.generic import WidthVariables, width_variables
from irproof.verifier.refinement import NOT_POISON_ATTR
from irproof.verifier.solver import BITWUZLA, DIVISION, QFBV, check

PARAMETRIC_NOTE = "width-parametric: one query proves every width"
"""The note (`reason`) of a pair proved this way."""

SMALL_WIDTHS_FIRST = 4
"""`verify` settles the width assignments up to this width first, and only then, if none
failed, tries the one query for every width: most wrong rewrites fail at a small width,
and a 64-bit container makes finding their counterexample slower (up to 0.4 s for a
division on the canonicalization corpus) than small widths. It checks the smallest
assignment on its own, then the rest of them with one query over just those widths
(`SMALL_QUERY_BUDGET_S`; on the Alive suite a median of 12 ms, where checking them one by
one took 16 ms per rewrite), and where that is no proof, one by one (the failing widths and
the smallest counterexample come from there)."""

SMALL_QUERY_BUDGET_S = 0.5
"""Budget of the one query for the widths up to `SMALL_WIDTHS_FIRST` (`verify` asks it once
the smallest assignment passed; its container is 4 bits wide unless the pair has a wider
fixed type, and it answers in milliseconds)."""

FIRST_BUDGET_S = 4.0
"""The least solver budget of the first attempt (`ParametricSchedule`); Z3's QF_BV solver
gets three quarters of it (`QFBV_SHARE`). On the Alive suite 307 of the 324 parametric
proofs take under 0.5 s; the 1-2.5 s ones (AddSub:1126, Shift:497, AndOrXor:298) save
5-20 s of per-width solving each. AndOrXor:298's one query takes Z3 1.2-2.5 s (in a fresh
context, from run to run and with the machine's speed): with 2 s (a 1.5 s slice) it was
proved in one run and fell to its widths one by one (35-48 s) in others, so a proof
within reach gets a slice of 3 s. A pair the query cannot prove (Alive's 266-2) costs that
much more, once: there is no second attempt. (There was one, with half the projected cost
of the widths left, once those proved slow, for queries that need seconds of Bitwuzla; since
the first budget is 4 s it proved nothing on the Alive suite or the canonicalization corpus,
and cost 266-2 2.4-2.9 s.)"""


class ParametricSchedule:
    """When `verify` tries the one query for a pair, and with which solver budget: once the
    width assignments up to `SMALL_WIDTHS_FIRST` pass, with what checking the rest would
    cost at their pace (at least `FIRST_BUDGET_S`, at most the timeout), and only once. At
    worst (no proof) a pair costs that much more; a proof saves the rest. (Alive's
    AndOrXor:298: one query 1.5-4 s, its 64 widths 20-24 s; Alive's 266-2: 2.8 s for 64
    widths, no proof in 10 s.)"""

    def __init__(self, timeout_s: float, widest: Sequence[int]) -> None:
        self.timeout_s = timeout_s
        self.widest = list(widest)  # of each width assignment, in order
        self.loop_start = time.perf_counter()
        self.done = False

    def budget(self, position: int) -> float | None:
        """The budget of the attempt, if it is due before the width assignment at
        `position`, else None."""
        if self.done or self.widest[position] <= SMALL_WIDTHS_FIRST:
            return None
        pace = (time.perf_counter() - self.loop_start) / max(position, 1)
        left = len(self.widest) - position
        return min(self.timeout_s, max(FIRST_BUDGET_S, pace * left))

    def tried(self) -> None:
        """The attempt did not prove the pair."""
        self.done = True


def opening(budget_s: float) -> list[tuple[int, float]]:
    """The first slices of the first attempt (`irproof.verifier.solver.check`'s `opening`):
    Bitwuzla briefly, the division rewriting where it applies for `DIVISION_SLICE_S`, then
    Z3's QF_BV solver for `QFBV_SHARE` of the budget; the usual rotation after that."""
    return [
        (BITWUZLA, BITWUZLA_PROBE_S),
        (DIVISION, DIVISION_SLICE_S),
        (QFBV, QFBV_SHARE * budget_s),
    ]


BITWUZLA_PROBE_S = 0.05
DIVISION_SLICE_S = 0.5
QFBV_SHARE = 0.75
"""On the 310 width-parametric queries of the Alive suite (each strategy timed alone):
Bitwuzla answers 181 first (a median of 5 ms), cofactoring 60 and Z3's QF_BV solver 33, but
by small margins; where Bitwuzla takes more than 50 ms the QF_BV solver is usually as fast
as anything, and it needs up to 1.6 s (AddSub:1126 and Shift:497 0.8-1.8 s). The division
rewriting alone proves 265, 265-2 and 266 (0.02-0.06 s since Bitwuzla solves the rewritten
query, 0.22-0.7 s with Z3; every other strategy more than 3 s), and 1045 in 0.34 s (Z3's
QF_BV solver 0.9 s): 0.5 s leaves a margin for the load of two jobs (with 0.25 s, 1045
took 1.2 s instead of 0.5 s). With Z3 it needed a quarter of the first attempt's 4 s, and
1062, 1333 and 876, where it does not answer, paid that second before the QF_BV solver's
0.2-1.2 s.
Simulated on those times, each slowed by a random factor of 1-1.7 (the load), Bitwuzla's
probe of 0.05 s costs 42 s in all where probes of 0.1 s and 0.2 s cost 42.4 s and 44.9 s.
The QF_BV solver gets three quarters of the budget: AddSub:1126 and Shift:497 with a first
attempt of 2 s, half was not enough."""


_COMPARE = {
    "<": z3.ULT,
    "<=": z3.ULE,
    ">": z3.UGT,
    ">=": z3.UGE,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


@dataclass
class ParametricOutcome:
    """What the one query said: `proved` (unsat), else `reason` (why no proof)."""

    proved: bool
    reason: str
    encode_s: float = 0.0
    solver_s: float = 0.0


@dataclass
class WidthTerms:
    """The width term of every integer type of a pair: a variable's, or a constant."""

    container: int
    variables: dict[int, z3.BitVecRef]
    widths: tuple[int, ...] = ()
    """The widths every variable ranges over (before the pair's width constraints)."""

    def values(self, w: z3.BitVecRef) -> Sequence[int]:
        """The widths the width term `w` may take (`ParametricContext.width_values`)."""
        if any(w.eq(term) for term in self.variables.values()):
            return self.widths
        return ()

    narrowed: dict[int, int] = field(default_factory=dict)
    """Fixed widths held at a narrower width (`_narrowed_widths`)."""

    def of(self, typ: Attribute) -> z3.BitVecRef:
        if not isinstance(typ, IntegerType):
            raise NotParametric(f"type {typ}")
        declared = typ.width.data
        if declared in self.variables:
            return self.variables[declared]
        return z3.BitVecVal(self.narrowed.get(declared, declared), self.container)


def _fixed_widths(*functions: func.FuncOp) -> set[int]:
    found: set[int] = set()
    for function in functions:
        for arg in function.body.blocks[0].args if function.body.blocks else ():
            if isinstance(arg.type, IntegerType):
                found.add(arg.type.width.data)
        for op in function.walk():
            for value in (*op.operands, *op.results):
                if isinstance(value.type, IntegerType):
                    found.add(value.type.width.data)
    return found


_EXTENSIONS = ("arith.extui", "arith.extsi")
_EXTENSION_READERS = ("arith.trunci", "arith.cmpi")


def _narrowed_widths(
    functions: Sequence[func.FuncOp], widest: int, variables: Sequence[int]
) -> dict[int, int]:
    """Fixed widths above `widest` (the widest width asked for) that only ever hold an
    extension (`extui`/`extsi`) of a value at most `widest` bits wide,
    read only by `trunci` and `cmpi`: each such width is held at `widest + 1` bits. The
    integers such a value stands for (below 2^widest, or a sign-extended `widest`-bit
    number) are the same at both widths, and so are their low bits and every comparison
    of two of them (signed or unsigned), so the container need not be twice as wide: the
    Alive importer converts between two widths of unknown order, and compares `zext`s in
    preconditions, through `i129` (`irproof.verifier.importers.alive_types.WIDE`), which
    made the container 129 bits wide (Shift:574: 2 s without a proof)."""
    candidates: set[int] = set()
    for function in functions:
        for arg in function.body.blocks[0].args if function.body.blocks else ():
            if isinstance(arg.type, IntegerType) and arg.type.width.data > widest:
                return {}  # an input that wide: no narrowing at all
        for op in function.walk():
            for value in op.results:
                typ = value.type
                if not isinstance(typ, IntegerType) or typ.width.data <= widest:
                    continue
                if typ.width.data in variables or not _extension_only(op, value, widest):
                    return {}
                candidates.add(typ.width.data)
    return {w: widest + 1 for w in candidates}


def _extension_only(op: Operation, value: SSAValue, widest: int) -> bool:
    """`value` is an extension of a value at most `widest` bits wide, read only by `trunci`
    and `cmpi`."""
    if op.name not in _EXTENSIONS:
        return False
    source = op.operands[0].type
    if not isinstance(source, IntegerType) or source.width.data > widest:
        return False
    return all(use.operation.name in _EXTENSION_READERS for use in value.uses)


def _widths(
    variables: WidthVariables,
    widths: Sequence[int],
    fixed: set[int],
    narrowed: dict[int, int] | None = None,
) -> tuple[WidthTerms, z3.BoolRef]:
    """The width terms, in a container as wide as the widest width (after `narrowed`);
    and their domain."""
    narrowed = narrowed or {}
    held = {narrowed.get(w, w) for w in fixed - set(variables.declared)}
    container = max([*widths, *held])
    terms = {d: z3.BitVec(f"width!i{d}", container) for d in variables.declared}
    domain = [_one_of(term, sorted(set(widths))) for term in terms.values()]
    for a, op, b in variables.constraints:
        lhs = terms.get(a, z3.BitVecVal(a, container))
        rhs = terms.get(b, z3.BitVecVal(b, container))
        domain.append(_COMPARE[op](lhs, rhs))
    return WidthTerms(container, terms, tuple(sorted(set(widths))), narrowed), all_of(domain)


def _one_of(term: z3.BitVecRef, widths: Sequence[int]) -> z3.BoolRef:
    """`term` is one of `widths` (sorted): a range when they are contiguous (the usual
    1-64), else a disjunction. On the Alive suite's parametric queries the range saves 5%
    of the solving time (two comparisons instead of 64 equalities; Select:576 0.42 s ->
    0.1 s, AddSub:1265 0.42 s -> 0.13 s) and 3 ms of building per query."""
    if widths == list(range(widths[0], widths[-1] + 1)):
        return z3.And(z3.UGE(term, widths[0]), z3.ULE(term, widths[-1]))
    return any_of([term == w for w in widths])


@dataclass(frozen=True)
class Layout:
    """Where a w-bit value sits in the container, and the rules that keep it there."""

    name: str
    rules: Mapping[str, ParametricRule]
    place: Callable[[ParametricContext, z3.BitVecRef, z3.BitVecRef], z3.BitVecRef]
    """An input's value, from a free container term and the input's width."""
    compared: Callable[[ParametricContext, PValue], z3.BitVecRef]
    """The container term that two values of one width are equal by."""
    top: bool
    """The value is in the top w bits (else the low w bits)."""


LOW = Layout("low", PARAMETRIC_RULES, lambda ctx, raw, w: raw & mask(ctx, w), clean, top=False)
"""`irproof.semantics.parametric`: every op of the fragment."""
ALIGNED = Layout("aligned", ALIGNED_RULES, place, lambda _ctx, v: v.value, top=True)
"""`irproof.semantics.parametric_aligned`: sums, bitwise ops, comparisons and selects."""


def choose_layout(*functions: func.FuncOp) -> Layout:
    """The aligned layout when it has a rule for every op of the pair (its queries need no
    width beyond constants and inputs), else the low one."""
    ops = {op.name for f in functions for op in _body(f) if not isinstance(op, func.ReturnOp)}
    return ALIGNED if ops <= set(ALIGNED_RULES) else LOW


def _body(function: func.FuncOp) -> list[Operation]:
    if len(function.body.blocks) != 1:
        raise NotParametric(f"@{function.sym_name.data} has several blocks")
    return list(function.body.blocks[0].ops)


def lower_parametric(
    function: func.FuncOp, inputs: Sequence[PValue], ctx: ParametricContext, layout: Layout = LOW
) -> list[PValue]:
    """The results of one function over `inputs`; its UB goes to `ctx.ub`. Raises
    `NotParametric` for an op, attribute or type without a rule."""
    values: dict[SSAValue, PValue] = dict(zip(function.body.blocks[0].args, inputs, strict=True))
    for op in _body(function):
        if isinstance(op, func.ReturnOp):
            return [values[v] for v in op.operands]
        rule = layout.rules.get(op.name)
        if rule is None or op.regions or op.successors:
            raise NotParametric(op.name)
        check_attributes(op)
        for value in (*op.operands, *op.results):
            ctx.type_width(value.type)  # integer types only
        _require_well_formed(op, ctx)
        results = rule(op, [values[v] for v in op.operands], ctx)
        values.update(zip(op.results, results, strict=True))
    raise NotParametric(f"@{function.sym_name.data} has no return")


_WIDENING = {"arith.extui": True, "arith.extsi": True, "arith.trunci": False}


def _require_well_formed(op: Operation, ctx: ParametricContext) -> None:
    """A cast must widen (ext) or narrow (trunc) at every width assignment; the per-width
    semantics has no meaning for the others (`parametric_attempt` checks the domain
    implies these)."""
    widening = _WIDENING.get(op.name)
    if widening is None:
        return
    source, result = (ctx.type_width(v.type) for v in (op.operands[0], op.results[0]))
    ctx.requires.append(z3.ULT(source, result) if widening else z3.ULT(result, source))


def parametric_inputs(
    function: func.FuncOp, ctx: ParametricContext, poison_inputs: bool, layout: Layout = LOW
) -> list[PValue]:
    """A free value (and, unless `irproof.not_poison` or not `poison_inputs`, a free poison
    flag) per argument."""
    inputs: list[PValue] = []
    attrs = function.arg_attrs.data if function.arg_attrs is not None else ()
    for position, arg in enumerate(function.body.blocks[0].args):
        w = ctx.type_width(arg.type)
        name = arg.name_hint or f"arg{position}"
        raw = z3.BitVec(f"{name}!{position}", ctx.container)  # `!`: in no MLIR name
        never = position < len(attrs) and NOT_POISON_ATTR in getattr(attrs[position], "data", {})
        may_be_poison = poison_inputs and not never
        poison = z3.Bool(f"{name}!{position}!poison") if may_be_poison else z3.BoolVal(False)
        inputs.append(PValue(layout.place(ctx, raw, w), poison, w, clean=not layout.top))
    return inputs


def _violations(
    ctx: ParametricContext,
    layout: Layout,
    src: list[PValue],
    tgt: list[PValue],
    src_ub: z3.BoolRef,
    tgt_ub: z3.BoolRef,
) -> list[list[z3.BoolRef]]:
    """The ways refinement fails (`irproof.verifier.refinement`), each as the conjuncts of a
    query of its own: the target has UB where the source has none; or, with neither having
    UB, result i of the source is not poison and that of the target is, or differs. Apart,
    what each needs is a top-level fact the solver simplifies the rest with: the source's
    assumptions (an Alive `Pre:`) and, for a result, the source's poison flags (`exact`:
    the remainder is 0; Alive's 265 and 266, (X /u exact Y) * Y == X, in 0.1 s where the
    one disjunction did not answer in 10 s)."""
    src_ok, tgt_ok = z3.Not(src_ub), z3.Not(tgt_ub)
    found = [[src_ok, tgt_ub]]
    for s, t in zip(src, tgt, strict=True):
        differs = layout.compared(ctx, s) != layout.compared(ctx, t)
        found.append([src_ok, tgt_ok, z3.Not(s.poison), z3.Or(t.poison, differs)])
    return found


def build_parametric_query(
    source: func.FuncOp,
    target: func.FuncOp,
    widths: Sequence[int],
    poison_inputs: bool,
) -> tuple[list[z3.BoolRef], z3.BoolRef | None]:
    """(violations, well-formedness) over symbolic widths: the pair fails at some width
    assignment of the domain iff one of the `violations` queries is satisfiable, provided
    `well-formedness` (None: nothing to require) is valid. Raises `NotParametric` when the
    pair is outside the fragment."""
    variables = width_variables(source)
    if variables is None:
        raise NotParametric("not a width-generic pair")
    if any(isinstance(op, func.CallOp) for f in (source, target) for op in f.walk()):
        raise NotParametric("func.call")
    if source.function_type != target.function_type:
        raise NotParametric("source and target signatures differ")
    fixed = _fixed_widths(source, target)
    narrowed = _narrowed_widths((source, target), max(widths), variables.declared)
    term_widths, domain = _widths(variables, widths, fixed, narrowed)
    ctx = ParametricContext(term_widths.container, term_widths.of, width_values=term_widths.values)
    layout = choose_layout(source, target)
    inputs = parametric_inputs(source, ctx, poison_inputs, layout)
    src = lower_parametric(source, inputs, ctx, layout)
    src_ub, ctx.ub = any_of(ctx.ub), []
    tgt = lower_parametric(target, inputs, ctx, layout)
    tgt_ub = any_of(ctx.ub)
    queries = [
        all_of([domain, *ctx.facts, *conjuncts])
        for conjuncts in _violations(ctx, layout, src, tgt, src_ub, tgt_ub)
    ]
    well_formed = z3.Implies(domain, all_of(ctx.requires)) if ctx.requires else None
    return queries, well_formed


def parametric_attempt(
    source: func.FuncOp,
    target: func.FuncOp,
    widths: Sequence[int],
    poison_inputs: bool,
    budget_s: float,
) -> ParametricOutcome:
    """Try to prove the pair at every width assignment with one query per kind of violation,
    in `budget_s` of solver time in all: when they do not all answer unsat in time,
    `verify` goes on width by width as if it had not been tried."""
    start = time.perf_counter()
    try:
        queries, well_formed = build_parametric_query(source, target, widths, poison_inputs)
    except NotParametric as error:
        return ParametricOutcome(False, f"outside the parametric fragment: {error}")
    encoded = time.perf_counter()
    outcome = ParametricOutcome(False, "", encode_s=encoded - start)
    deadline = encoded + budget_s
    if well_formed is not None and not _valid(well_formed):
        outcome.reason = "a cast does not widen/narrow at some width assignment"
    else:
        outcome.proved = True
        for query in queries:
            left = deadline - time.perf_counter()
            if z3.is_false(z3.simplify(query)):
                continue  # e.g. a target without UB
            if left <= 0.001:
                result, why = z3.unknown, "timeout"
            else:
                result, _, why = check([query], "QF_BV", left, opening=opening(left))
            if result != z3.unsat:
                outcome.proved = False
                outcome.reason = why or "a width fails"
                break
    outcome.solver_s = time.perf_counter() - encoded
    return outcome


def _valid(condition: z3.BoolRef) -> bool:
    solver = z3.SolverFor("QF_BV", ctx=condition.ctx)
    solver.set("timeout", 1000)
    solver.add(z3.Not(condition))
    return solver.check() == z3.unsat
