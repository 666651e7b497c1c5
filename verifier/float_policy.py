"""How a pair with floats is verified: the floating-point mode, and what fast-math flags that
irproof does not model do to a verdict.

Modes (`--fp`): `exact` (IEEE-754 in SMT FP), `abstract` (float arithmetic as uninterpreted
functions, see `irproof.semantics.arith_float`), `auto` (the default: exact unless the pair
has more than `FP_ABSTRACT_THRESHOLD` ops that the abstract mode leaves uninterpreted). An
abstract proof holds for IEEE; an abstract counterexample is re-checked in exact mode before
anything is reported: first with the inputs pinned to the abstract counterexample's
(`pinned_inputs`: cheap, and a real counterexample when it holds exactly), then for all
inputs; `RECHECK_FAILED` when that does not settle it.

Approximation flags (`reassoc`, `contract`, `arcp`, `afn`) allow results other than the IEEE
one. The semantics computes the IEEE result, which is one of the allowed behaviours, so:
with such flags in the *source* only, `correct` stands (the target matches a behaviour the
source allows) but a counterexample may be a behaviour the flags allow, so `incorrect`
becomes `unknown`; with such flags in the *target*, the target may compute something else
at run time, so `correct` becomes `unknown` while `incorrect` stands (the IEEE behaviour the
counterexample shows is one the target may take). Identical bodies are exempt.
"""

from __future__ import annotations

from collections.abc import Callable

import z3
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp

from irproof.semantics.arith_float import ABSTRACTED_OPS
from irproof.semantics.float_bits import APPROXIMATION_FLAGS, fastmath_flags
from irproof.semantics.lowering import find_function
from irproof.verifier.refinement import RefinementQuery
from irproof.verifier.solver import SolveOutcome, solve

EXACT, ABSTRACT, AUTO = "exact", "abstract", "auto"
FP_MODES = (EXACT, ABSTRACT, AUTO)

FP_ABSTRACT_THRESHOLD = 24
"""`auto` abstracts a pair with more float arithmetic ops than this (source and target)."""

RECHECK_FAILED = "abstract counterexample not confirmed in exact mode"


def _functions(module: ModuleOp, function: func.FuncOp) -> list[func.FuncOp]:
    """`function` and every function it calls, transitively."""
    found, pending, seen = [], [function], {function.sym_name.data}
    while pending:
        current = pending.pop()
        found.append(current)
        for op in current.walk():
            if isinstance(op, func.CallOp):
                callee = find_function(module, op.callee.root_reference.data)
                if callee is not None and callee.sym_name.data not in seen:
                    seen.add(callee.sym_name.data)
                    pending.append(callee)
    return found


def abstracted_op_count(module: ModuleOp, *functions: func.FuncOp) -> int:
    return sum(
        1
        for function in functions
        for f in _functions(module, function)
        for op in f.walk()
        if op.name in ABSTRACTED_OPS
    )


def choose_mode(module: ModuleOp, source: func.FuncOp, target: func.FuncOp, requested: str) -> str:
    """The mode a pair is verified in: `requested`, or for `auto` by the pair's size."""
    if requested != AUTO:
        return requested
    large = abstracted_op_count(module, source, target) > FP_ABSTRACT_THRESHOLD
    return ABSTRACT if large else EXACT


def approximations(module: ModuleOp, function: func.FuncOp) -> list[str]:
    """`flag (op)` for every approximation flag on an op of `function` or its callees."""
    found: list[str] = []
    for f in _functions(module, function):
        for op in f.walk():
            for flag in sorted(fastmath_flags(op) & APPROXIMATION_FLAGS):
                found.append(f"{flag} ({op.name})")
    return list(dict.fromkeys(found))


def approximation_caveat(
    module: ModuleOp, source: func.FuncOp, target: func.FuncOp, verdict: str
) -> str | None:
    """The reason a verdict (`correct` / `incorrect`) becomes `unknown`, None if it stands.
    (A function refines itself whatever its flags: same body, same behaviours.)"""
    if source is target or str(source.body) == str(target.body):
        return None
    if verdict == "correct":
        flags = approximations(module, target)
        if flags:
            return (
                f"correct for IEEE arithmetic, but the target's fast-math flags "
                f"{', '.join(flags)} allow approximations irproof does not model"
            )
    elif verdict == "incorrect":
        flags = approximations(module, source)
        if flags:
            return (
                f"counterexample for IEEE arithmetic, but the source's fast-math flags "
                f"{', '.join(flags)} allow approximations irproof does not model"
            )
    return None


def pinned_inputs(
    abstract: RefinementQuery, model: z3.ModelRef, exact: RefinementQuery
) -> list[z3.BoolRef]:
    """Constraints fixing the inputs (values and poison) of the `exact` query to those of an
    abstract counterexample: the exact query then only evaluates it (cheap), and a model of
    it is a counterexample under IEEE semantics."""
    assert abstract.terms is not None and exact.terms is not None
    pins: list[z3.BoolRef] = []
    for a, e in zip(abstract.inputs, exact.inputs, strict=True):
        for term, target in ((a.pair.value, e.pair.value), (a.pair.poison, e.pair.poison)):
            pins.append(target == model.eval(abstract.terms.term(term), model_completion=True))
    return pins


MAX_PINNED_RECHECKS = 4
"""Abstract counterexamples tried one by one (pinned) before the exact query is solved for
all inputs."""


def recheck_exactly(
    build: Callable[[str], RefinementQuery],
    abstract: RefinementQuery,
    outcome: SolveOutcome,
    timeout_s: float,
) -> tuple[RefinementQuery, SolveOutcome]:
    """Settle an abstract counterexample (`outcome` is sat) under IEEE semantics: pin the
    exact query's inputs to it; if it is spurious, exclude those inputs from the abstract
    query and look for another (unsat then proves refinement: the excluded inputs were
    checked exactly); after `MAX_PINNED_RECHECKS`, solve the exact query for all inputs."""
    spent = [0.0, 0.0]

    def timed(query: RefinementQuery) -> SolveOutcome:
        result = solve(query, timeout_s)
        spent[0] += result.encode_s
        spent[1] += result.solver_s
        result.encode_s, result.solver_s = spent
        return result

    spent = [outcome.encode_s, outcome.solver_s]
    assert abstract.terms is not None
    for _ in range(MAX_PINNED_RECHECKS):
        assert outcome.model is not None
        exact = build(EXACT)
        assert exact.terms is not None
        exact.terms.assertions.extend(pinned_inputs(abstract, outcome.model, exact))
        pinned = timed(exact)
        if pinned.status == "sat":
            return exact, pinned
        if pinned.status == "unknown":
            break
        seen = pinned_inputs(abstract, outcome.model, abstract)
        abstract.terms.assertions.append(z3.Not(z3.And(*seen)))
        outcome = timed(abstract)
        if outcome.status != "sat":
            return abstract, outcome
    exact = build(EXACT)
    result = timed(exact)
    if result.status == "unknown":
        result.reason = f"{RECHECK_FAILED} ({result.reason})"
    return exact, result
