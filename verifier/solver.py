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


def _check(solver: z3.Solver, *extra: z3.BoolRef) -> z3.CheckSatResult:
    return solver.check(*extra)


def solve(query: RefinementQuery, timeout_s: float) -> SolveOutcome:
    start = time.perf_counter()
    t = translate_module(query.module)
    solver = z3.SolverFor(_logic(query))
    solver.set("timeout", max(1, int(timeout_s * 1000)))
    for assertion in t.assertions:
        solver.add(assertion)
    encoded = time.perf_counter()
    outcome = SolveOutcome("unsat", translator=t, encode_s=encoded - start)
    result = _check(solver)
    if result == z3.unsat:
        outcome.solver_s = time.perf_counter() - encoded
        return outcome
    if result == z3.unknown:
        outcome.solver_s = time.perf_counter() - encoded
        return SolveOutcome(
            "unknown",
            reason=_unknown_reason(solver, timeout_s),
            translator=t,
            encode_s=outcome.encode_s,
            solver_s=outcome.solver_s,
        )
    outcome.status = "sat"
    for violation in query.violations:
        condition = t.term(violation.condition)
        if z3.is_false(z3.simplify(condition)):
            continue
        if _check(solver, condition) != z3.sat:
            continue
        outcome.violation = violation
        outcome.model = solver.model()
        preferred = _small_inputs(query, t)
        if preferred and _check(solver, condition, *preferred) == z3.sat:
            outcome.model = solver.model()
        break
    if outcome.model is None:  # only timeouts on the ordered checks: keep the plain model
        _check(solver)
        outcome.model = solver.model()
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
