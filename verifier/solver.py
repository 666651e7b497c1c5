"""Runs a refinement query on Z3 (via the direct Z3 back end) and extracts a model.

`solve` answers unsat (refinement holds), sat (with the first violated condition in
ub → poison → value order and a model that prefers non-poison, small inputs), or unknown
(timeout or solver give-up, with Z3's reason).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import z3
from irproof.dialects.smt.array import ArrayType
from irproof.dialects.smt.z3_backend import Z3Translator, translate_module
from irproof.verifier.refinement import RefinementQuery, Violation

SMALL_INPUT_BOUND = 16


@dataclass
class SolveOutcome:
    """What the solver said about one query, and where the time went."""

    status: str  # "unsat" | "sat" | "unknown"
    reason: str = ""
    violation: Violation | None = None
    model: z3.ModelRef | None = None
    translator: Z3Translator | None = None
    encode_s: float = 0.0
    solver_s: float = 0.0


def _small_inputs(query: RefinementQuery, t: Z3Translator) -> list[z3.BoolRef]:
    """Prefer inputs that are not poison and within [-16, 16] when read as signed."""
    prefs: list[z3.BoolRef] = []
    for inp in query.inputs:
        value = t.term(inp.pair.value)
        poison = t.term(inp.pair.poison)
        if z3.is_const(poison) and not z3.is_true(poison) and not z3.is_false(poison):
            prefs.append(z3.Not(poison))
        if inp.width > 5:
            bound = z3.BitVecVal(SMALL_INPUT_BOUND, inp.width)
            prefs.append(z3.And(value >= -bound, value <= bound))
    return prefs


REFINE_TIMEOUT_S = 1.0
"""Budget of each follow-up query (more severe violation kind, smaller inputs)."""


def _check(solver: z3.Solver, timeout_s: float, *extra: z3.BoolRef) -> z3.CheckSatResult:
    solver.set("timeout", max(1, int(timeout_s * 1000)))
    return solver.check(*extra)


def _first_violated(
    query: RefinementQuery, t: Z3Translator, model: z3.ModelRef
) -> tuple[int, Violation]:
    for position, violation in enumerate(query.violations):
        if z3.is_true(model.eval(t.term(violation.condition), model_completion=True)):
            return position, violation
    raise AssertionError("a model of the query violates no condition")


def solve(query: RefinementQuery, timeout_s: float) -> SolveOutcome:
    """Is refinement violated? On sat: the most severe violation (ub, poison, value) the
    solver can show within a short extra budget, on the smallest inputs it finds cheaply."""
    start = time.perf_counter()
    t = translate_module(query.module)
    solver = z3.SolverFor(_logic(query))
    for assertion in t.assertions:
        solver.add(assertion)
    encoded = time.perf_counter()
    outcome = SolveOutcome("unsat", translator=t, encode_s=encoded - start)
    result = _check(solver, timeout_s)
    if result != z3.sat:
        outcome.solver_s = time.perf_counter() - encoded
        if result == z3.unknown:
            outcome.status = "unknown"
            outcome.reason = _unknown_reason(solver, timeout_s)
        return outcome
    outcome.status = "sat"
    model = solver.model()
    position, violation = _first_violated(query, t, model)
    budget = min(timeout_s, REFINE_TIMEOUT_S)
    for earlier in query.violations[:position]:  # a more severe kind, if one is possible
        condition = t.term(earlier.condition)
        if not z3.is_false(z3.simplify(condition)) and _check(solver, budget, condition) == z3.sat:
            violation, model = earlier, solver.model()
            break
    preferred = _small_inputs(query, t)
    condition = t.term(violation.condition)
    if preferred and _check(solver, budget, condition, *preferred) == z3.sat:
        model = solver.model()
    outcome.violation, outcome.model = violation, model
    outcome.solver_s = time.perf_counter() - encoded
    return outcome


def _logic(query: RefinementQuery) -> str:
    """QF_BV unless the query uses arrays (memory), then QF_ABV."""
    for op in query.module.ops:
        if any(isinstance(r.type, ArrayType) for r in op.results):
            return "QF_ABV"
    return "QF_BV"


def _unknown_reason(solver: z3.Solver, timeout_s: float) -> str:
    reason = solver.reason_unknown()
    if reason in ("timeout", "canceled"):
        return f"solver timeout after {timeout_s:g} s"
    return f"solver gave up: {reason}"
