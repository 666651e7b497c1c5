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
from collections.abc import Sequence
from dataclasses import dataclass

import z3
from xdsl.dialects import func
from xdsl.dialects.builtin import IntegerType
from xdsl.ir import Attribute, Operation, SSAValue

from irproof.semantics.parametric import (
    PARAMETRIC_RULES,
    NotParametric,
    ParametricContext,
    PValue,
    check_attributes,
    clean,
    mask,
)
from irproof.verifier.generic import WidthVariables, width_variables
from irproof.verifier.refinement import NOT_POISON_ATTR
from irproof.verifier.solver import HINT_FACTOR, QFBV, StrategyMemory, check

PARAMETRIC_NOTE = "width-parametric: one query proves every width"
"""The note (`reason`) of a pair proved this way."""

SMALL_WIDTHS_FIRST = 4
"""`verify` checks the width assignments up to this width one by one first (a few
milliseconds each), and only then, if none failed, tries the one query: most wrong rewrites
fail at a small width, and a 64-bit container makes finding their counterexample slower
(up to 0.4 s for a division on the canonicalization corpus) than the small widths' queries."""

MIN_BUDGET_S = 4.0
"""The least solver budget of the one query (`budget`). On the Alive suite, the queries
that answer at all answer within 4 s (318 of 328 proved alone; 280, 298, 497-2/-4, 574,
805, 1126 need 1-4 s, and save 10-20 s of per-width solving each); the few that do not
are rewrites whose per-width loop takes 10-30 s anyway (divisions: 201, 265-2, 266-2,
1062, 1333)."""


def budget(spent_s: float, checked: int, left: int, timeout_s: float) -> float:
    """Solver budget of the one query, given that `checked` width assignments took
    `spent_s` and `left` remain: what checking them one by one would cost at the same pace
    (a lower bound: larger widths are slower), at least `MIN_BUDGET_S`, at most the
    pair's timeout. Spending it is then worth the risk: at worst (no proof) the pair costs
    that much more, and a proof saves the rest. (On the Alive suite, AndOrXor:298: one
    query 1.3-3 s, 64 widths 20-24 s; most queries that answer take below 0.1 s.)"""
    pace = spent_s / max(checked, 1)
    return min(timeout_s, max(MIN_BUDGET_S, pace * left))


def _qfbv_first(budget_s: float) -> StrategyMemory:
    """Solve with Z3's QF_BV solver for half the budget, after brief probes of the other
    strategies (`irproof.verifier.solver.check` with a remembered winner), then rotate as
    usual. On the parametric queries of the Alive suite with a 4 s budget: 320 of 328
    proved, 80 s in all; the default rotation (0.25 s slices, Bitwuzla first) proves 318
    in 91 s, because a hard parametric query needs 1-3 s of one strategy, which slices
    of 0.25 s then 1 s only reach in the third round."""
    return StrategyMemory(QFBV, budget_s / (2 * HINT_FACTOR), answered=1)


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

    def of(self, typ: Attribute) -> z3.BitVecRef:
        if not isinstance(typ, IntegerType):
            raise NotParametric(f"type {typ}")
        declared = typ.width.data
        if declared in self.variables:
            return self.variables[declared]
        return z3.BitVecVal(declared, self.container)


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


def _widths(
    variables: WidthVariables, widths: Sequence[int], fixed: set[int]
) -> tuple[WidthTerms, z3.BoolRef]:
    """The width terms, in a container as wide as the widest width; and their domain."""
    container = max([*widths, *(fixed - set(variables.declared))])
    terms = {d: z3.BitVec(f"width!i{d}", container) for d in variables.declared}
    domain: list[z3.BoolRef] = []
    for term in terms.values():
        domain.append(z3.Or(*(term == w for w in sorted(set(widths)))))
    for a, op, b in variables.constraints:
        lhs = terms.get(a, z3.BitVecVal(a, container))
        rhs = terms.get(b, z3.BitVecVal(b, container))
        domain.append(_COMPARE[op](lhs, rhs))
    return WidthTerms(container, terms), z3.And(*domain)


def _body(function: func.FuncOp) -> list[Operation]:
    if len(function.body.blocks) != 1:
        raise NotParametric(f"@{function.sym_name.data} has several blocks")
    return list(function.body.blocks[0].ops)


def lower_parametric(
    function: func.FuncOp, inputs: Sequence[PValue], ctx: ParametricContext
) -> list[PValue]:
    """The results of one function over `inputs`; its UB goes to `ctx.ub`. Raises
    `NotParametric` for an op, attribute or type without a rule."""
    values: dict[SSAValue, PValue] = dict(zip(function.body.blocks[0].args, inputs, strict=True))
    for op in _body(function):
        if isinstance(op, func.ReturnOp):
            return [values[v] for v in op.operands]
        rule = PARAMETRIC_RULES.get(op.name)
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
    function: func.FuncOp, ctx: ParametricContext, poison_inputs: bool
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
        inputs.append(PValue(raw & mask(ctx, w), poison, w, clean=True))
    return inputs


def _violations(
    ctx: ParametricContext,
    src: list[PValue],
    tgt: list[PValue],
    src_ub: z3.BoolRef,
    tgt_ub: z3.BoolRef,
) -> z3.BoolRef:
    """ub, poison or value mismatch of some result (`irproof.verifier.refinement`)."""
    src_ok = z3.Not(src_ub)
    both_ok = z3.And(src_ok, z3.Not(tgt_ub))
    found = [z3.And(src_ok, tgt_ub)]
    for s, t in zip(src, tgt, strict=True):
        found.append(z3.And(both_ok, z3.Not(s.poison), t.poison))
        found.append(
            z3.And(both_ok, z3.Not(s.poison), z3.Not(t.poison), clean(ctx, s) != clean(ctx, t))
        )
    return z3.Or(*found)


def build_parametric_query(
    source: func.FuncOp,
    target: func.FuncOp,
    widths: Sequence[int],
    poison_inputs: bool,
) -> tuple[z3.BoolRef, z3.BoolRef | None]:
    """(violation, well-formedness) over symbolic widths: the pair fails at some width
    assignment of the domain iff `violation` is satisfiable, provided `well-formedness`
    (None: nothing to require) is valid. Raises `NotParametric` when the pair is outside the fragment."""
    variables = width_variables(source)
    if variables is None:
        raise NotParametric("not a width-generic pair")
    if any(isinstance(op, func.CallOp) for f in (source, target) for op in f.walk()):
        raise NotParametric("func.call")
    if source.function_type != target.function_type:
        raise NotParametric("source and target signatures differ")
    term_widths, domain = _widths(variables, widths, _fixed_widths(source, target))
    ctx = ParametricContext(term_widths.container, term_widths.of)
    inputs = parametric_inputs(source, ctx, poison_inputs)
    src = lower_parametric(source, inputs, ctx)
    src_ub, ctx.ub = z3.Or(*ctx.ub), []
    tgt = lower_parametric(target, inputs, ctx)
    tgt_ub = z3.Or(*ctx.ub)
    violations = _violations(ctx, src, tgt, src_ub, tgt_ub)
    violation = z3.And(domain, *ctx.facts, violations)
    well_formed = z3.Implies(domain, z3.And(*ctx.requires)) if ctx.requires else None
    return violation, well_formed


def parametric_attempt(
    source: func.FuncOp,
    target: func.FuncOp,
    widths: Sequence[int],
    poison_inputs: bool,
    budget_s: float,
) -> ParametricOutcome:
    """Try to prove the pair at every width assignment with one query, in `budget_s` of
    solver time: when it does not answer in time, `verify` goes on width by width as if it
    had not been tried."""
    start = time.perf_counter()
    try:
        violation, well_formed = build_parametric_query(source, target, widths, poison_inputs)
    except NotParametric as error:
        return ParametricOutcome(False, f"outside the parametric fragment: {error}")
    encoded = time.perf_counter()
    outcome = ParametricOutcome(False, "", encode_s=encoded - start)
    if well_formed is not None and not _valid(well_formed):
        outcome.reason = "a cast does not widen/narrow at some width assignment"
    else:
        result, _, why = check([violation], "QF_BV", budget_s, _qfbv_first(budget_s))
        outcome.proved = result == z3.unsat
        outcome.reason = "" if outcome.proved else (why or "a width fails")
    outcome.solver_s = time.perf_counter() - encoded
    return outcome


def _valid(condition: z3.BoolRef) -> bool:
    solver = z3.SolverFor("QF_BV")
    solver.set("timeout", 1000)
    solver.add(z3.Not(condition))
    return solver.check() == z3.unsat
