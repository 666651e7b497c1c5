"""Runs a refinement query on Z3 (via the direct Z3 back end) and extracts a model.

`solve` answers unsat (refinement holds), sat (with the first violated condition in
ub → poison → value order and a model that prefers non-poison, small inputs), or unknown
(timeout or solver give-up, with Z3's reason).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import z3

from irproof.dialects.smt.array import ArrayType
from irproof.dialects.smt.z3_backend import Z3Translator, translate_module
from irproof.semantics.builder import Z3Builder
from irproof.verifier import bitwuzla_strategy, exhaustive
from irproof.verifier.division_abstraction import abstract_divisions, mentions_division
from irproof.verifier.float_refinement import simple_float
from irproof.verifier.plain_query import plain_query, smt2_text
from irproof.verifier.refinement import RefinementQuery, Violation

TermReader = Z3Translator | Z3Builder
"""Gives the Z3 term of every term of a query (`.term(v)`) and its `.assertions`."""

SMALL_INPUT_BOUND = 16
SMALL_BLOCK_SIZE = 64


@dataclass
class SolveOutcome:
    """What the solver said about one query, and where the time went."""

    status: str  # "unsat" | "sat" | "unknown"
    reason: str = ""
    violation: Violation | None = None
    model: z3.ModelRef | None = None
    translator: TermReader | None = None
    encode_s: float = 0.0
    solver_s: float = 0.0


def _small_inputs(query: RefinementQuery, t: TermReader) -> list[z3.BoolRef]:
    """Prefer inputs that are not poison and within [-16, 16] when read as signed."""
    prefs: list[z3.BoolRef] = []
    for inp in query.inputs:
        value = t.term(inp.pair.value)
        poison = t.term(inp.pair.poison)
        if z3.is_const(poison) and not z3.is_true(poison) and not z3.is_false(poison):
            prefs.append(z3.Not(poison))
        simple = simple_float(value, inp.type)  # a float: a short decimal, or special
        if simple is not None:
            prefs.append(simple)
        elif inp.width > 5:
            bound = z3.BitVecVal(SMALL_INPUT_BOUND, inp.width)
            prefs.append(z3.And(value >= -bound, value <= bound))
    return prefs


def _small_buffers(query: RefinementQuery, t: TermReader) -> list[z3.BoolRef]:
    """Prefer argument buffers of at most `SMALL_BLOCK_SIZE` elements (replay rebuilds
    them element by element)."""
    if query.memory is None:
        return []
    prefs = []
    blocks = [*query.memory.argument_blocks, *(v.block for v in query.memory.target_views.values())]
    for block in blocks:
        size = t.term(block.size)
        prefs.append(z3.ULE(size, z3.BitVecVal(SMALL_BLOCK_SIZE, size.size())))
    return prefs


REFINE_TIMEOUT_S = 1.0
"""Budget of each follow-up query (more severe violation kind, smaller inputs)."""

FIRST_SLICE_S = 0.25
SLICE_GROWTH = 4.0
"""Bit-vector solving times are heavy-tailed, and which of two strategies wins varies by
query: on the slowest queries of the Alive suite and the canonicalization corpus, Z3's
QF_BV solver answers some instantly where a tactic that case-splits on if-then-else terms
first (`cofactor-term-ite`) times out, and the other way round (e.g. a division hoisted
out of a select). `check` therefore rotates the strategies (Bitwuzla first where it
applies, `irproof.verifier.bitwuzla_strategy`), in time slices of 0.25 s, then 1 s, then
4 s, ... each until the query's budget is spent: a query easy for any strategy is answered
within a second. Z3's strategies start over in each slice (with a fresh random seed), so one
of medium difficulty (about 1 s) is restarted at most twice (slices that double instead of
growing 4x restarted medium queries four times and doubled their cost); Bitwuzla resumes
where its previous slice stopped."""

BITWUZLA_FIRST_SLICE_S = 1.0
"""Bitwuzla's first slice on a query with no remembered strategy (a pair's first, a
fixed-width rewrite's only query); its later slices grow from it (1 s, 4 s, 16 s) while
the others' grow from `FIRST_SLICE_S`. The slow fixed-width queries of the Alive suite take
Bitwuzla 0.25-1.4 s (Shift:628 and 661, 735, 820, 1321, simplifyValueKnownNonZero 4,
AndOrXor:1628) and Z3 as long or up to 15x longer: when Bitwuzla restarted in every
slice, 0.25 s slices cost each 1-1.5 s of restarts, these 0.3-1 s (AndOrXor:1628 3-4.4 s ->
2.9-3.2 s). Now that it resumes, the 1 s is a head start for the strategy that is usually
fastest (AndOrXor:1628: 1 s, Z3's two 0.25 s slices, 0.25 s more: 1.8 s)."""


def _qfbv_solver(ctx: z3.Context) -> z3.Solver:
    return z3.SolverFor("QF_BV", ctx=ctx)


def _cofactor_solver(ctx: z3.Context) -> z3.Solver:
    tactic = z3.Then(
        "simplify",
        "propagate-values",
        "cofactor-term-ite",
        "simplify",
        "solve-eqs",
        "bit-blast",
        "sat",
        ctx=ctx,
    )
    return tactic.solver()


@dataclass
class StrategyMemory:
    """What answered the last query of a series (the widths of one generic rewrite, the
    instances of one pair): which strategy slot answered and how long it took. The next
    query of the series, typically a little harder, starts with that strategy and a first
    slice of `HINT_FACTOR` times that long, instead of restarting in 0.25 s slices: on the
    Alive suite about 40% of the solving time of medium queries went into restarts."""

    winner: int | None = None
    seconds: float = 0.0
    probed_at: float = 0.0
    """The winner's time when the other strategies last probed (0: not yet)."""


HINT_FACTOR = 3.0

PROBE_FROM_S = 0.02
PROBE_SHARE = 0.5
PROBE_GROWTH = 1.5
"""A remembered strategy stays the winner as long as it answers, but the queries of a
series grow and another strategy may overtake it (Alive's Select 747: Z3's QF_BV solver
0.5 s at 64 bits, `cofactor-term-ite` 10 ms). When the winner took at least
`PROBE_FROM_S`, and `PROBE_GROWTH` times as long as when the others last probed, every
other strategy first gets `PROBE_SHARE` of that time, which also catches a strategy only
2x faster (AndOrXor:298 at 64 bits: Z3 0.6 s, Bitwuzla 1.5 s). The first strategy to
answer takes over. Queries grow with the width, and the probes with them: a winner whose
time grows geometrically over a series pays about 3x its last time for all its probes
(0.5 + 0.5/1.5 + ...), where probing on every query (a tenth each, half on every fourth)
cost 40% of the series (Alive's 266-2 width by width: the division rewriting answers each
width in 7-120 ms, and the probes never won). The probes go in the rotation's order,
Bitwuzla first (it answers the small queries fastest), then the division rewriting: at
266-2's sixth width Bitwuzla answered in half the division rewriting's time and took
over, then doubled its time with every width and ran out of 10 s at i13, where the
division rewriting takes 0.1 s at i64."""

DIVISION_PROBE_S = 0.25
"""Budget of the division rewriting (`irproof.verifier.division_abstraction`) on a query
of a series it has not answered yet. Once it answers one, it is the remembered strategy;
until then it is not in the rotation: a third strategy in every round cut the others'
share, and on the Alive suite that turned rewrites Z3 proves in a few seconds into
timeouts (SimplifyDivRemOfSelect, 805, 809, 1298). The probe comes first in the first
query of a series (its smallest width: cheap, and where it answers it is the winner for
every later width: Alive's 265, udiv exact, times out at large widths otherwise), but on a
lone query (no `StrategyMemory`) after the first strategy's first slice: on the 41
fixed-width division queries of the Alive suite it answered first twice (820-2, 1065:
0.07 s), and in front it cost 0.25 s on the many that Bitwuzla answers in 0.2-0.8 s (735,
968, 1321, simplifyValueKnownNonZero)."""


Runner = Callable[[float, int], tuple[z3.CheckSatResult, z3.ModelRef | None, str]]
"""One strategy on one query: (slice in seconds, seed) -> (answer, model when sat, reason
when unknown)."""

QFBV, COFACTOR, DIVISION, BITWUZLA, EXHAUSTIVE = 0, 1, 2, 3, 4
"""Strategy slots; `StrategyMemory.winner` is one of these (a strategy that does not apply
to a query leaves its slot empty, so a series keeps its numbering)."""


@contextmanager
def own_context() -> Iterator[None]:
    """Build and solve every Z3 term of the block in a Z3 context of its own (`verify`
    opens one per pair): Z3's main context (`z3.main_ctx()`, which every constructor uses
    unless given another) is a fresh one inside the block, made at its first term (about
    4 ms), and the process's own again after it.

    Z3's solving time depends on the ids of the terms and on what the context already
    holds, i.e. on everything built in it before. In the process's one context the same
    query took 0.2 s in one run and more than 2 s in another (Alive's 265-2 as one
    width-parametric query: its rewrite took 0.5-9.5 s depending on the rewrites of its
    file checked before it). Solving a translated copy in a context of the pair's own, of
    terms built and simplified in the process's context, was not enough (265-2: 0.45 s in
    one process, 6-11 s in the benchmark's, whose contexts held other rewrites' queries;
    built in its own context, 0.2 s in every run). A pair's solving then depends on the
    pair alone, up to the clock: a slice that runs out of time stops at a point that varies
    from run to run, and leaves its terms in the context. A context per query instead
    would cost 5 ms per Z3 call (setting up its solver)."""
    saved = z3.z3._main_ctx
    z3.z3._main_ctx = None  # `z3.main_ctx()` makes the next one when first asked
    try:
        yield
    finally:
        z3.z3._main_ctx = saved


def _z3_runner(make: Callable[[z3.Context], z3.Solver], formula: list[z3.BoolRef]) -> Runner:
    """Each slice solves `formula` in the context it was built in (a model of it, in it)."""

    def run(slice_s: float, seed: int) -> tuple[z3.CheckSatResult, z3.ModelRef | None, str]:
        solver = make(formula[0].ctx if formula else z3.main_ctx())
        solver.set("timeout", max(1, int(slice_s * 1000)))
        solver.set("random_seed", seed)
        solver.add(*formula)
        result = solver.check()
        if result == z3.sat:
            return result, solver.model(), ""
        return result, None, "" if result == z3.unsat else solver.reason_unknown()

    return run


EXHAUSTIVE_AFTER_S = 0.05
"""On a lone query that exhaustive evaluation (`irproof.verifier.exhaustive`) can decide
within its estimate, the first strategy gets this long before it, and it then gets the
rest of the budget (it finishes within its estimate; a SAT solver's time is heavy-tailed).
Most lone queries a solver answers at all quickly, it answers within this (a counterexample
in 10-30 ms); the Alive suite's fixed-width division rewrites, which took Bitwuzla or Z3
0.5-1.9 s, take 0.07-0.2 s with it, the first slice included (820: 0.79 s -> 0.09 s;
1321: 1.9 s -> 0.19 s; 756: 0.71 s -> 0.14 s, measured side by side)."""


def _division_runner(assertions: list[z3.BoolRef]) -> Runner:
    """The division rewriting (`irproof.verifier.division_abstraction`) as a strategy: the
    query is rewritten when its first slice comes (a walk in Python, 1-40 ms, which the many
    queries another strategy answers first never pay: on the canonicalization corpus's
    division rewrites it was half their time); `exhaustive.NOT_APPLICABLE` where there is
    nothing to rewrite (only constant divisors). Bitwuzla solves the rewritten query where
    it can read it (`irproof.verifier.plain_query`), else Z3's QF_BV solver: on every
    rewritten query of the Alive suite that either answered, Bitwuzla was as fast or
    up to 24x faster (266-2 width by width: 0.5 s in all against 2.7 s)."""
    rewritten: list[Runner | None] = []  # once tried: the runner, or None

    def run(slice_s: float, seed: int) -> tuple[z3.CheckSatResult, z3.ModelRef | None, str]:
        if not rewritten:
            defined = abstract_divisions(assertions)
            rewritten.append(None if defined is None else _rewritten_runner(defined))
        runner = rewritten[0]
        if runner is None:
            return z3.unknown, None, exhaustive.NOT_APPLICABLE
        return runner(slice_s, seed)

    return run


def _rewritten_runner(defined: list[z3.BoolRef]) -> Runner:
    """Bitwuzla on the division rewriting's query where it reads it, else Z3's QF_BV."""
    plain = plain_query(defined)
    prepared = bitwuzla_strategy.prepare(plain) if plain is not None else None
    return prepared.check if prepared is not None else _z3_runner(_qfbv_solver, defined)


def _strategies(
    logic: str,
    assertions: list[z3.BoolRef],
    unsimplified: list[z3.BoolRef] | None,
    lone: bool = False,
) -> dict[int, Runner]:
    """The strategies that apply to the query, by slot. The division rewriting's runner is
    checked against the original assertions by `check` (its models may not be models).
    Bitwuzla and exhaustive evaluation read `unsimplified` where given (see `check`);
    exhaustive evaluation is for a `lone` query only (a series' queries grow past its reach
    within a few widths)."""
    if logic != "QF_BV":
        return {QFBV: _z3_runner(lambda ctx: z3.SolverFor(logic, ctx=ctx), assertions)}
    found = {
        QFBV: _z3_runner(_qfbv_solver, assertions),
        COFACTOR: _z3_runner(_cofactor_solver, assertions),
    }
    text = smt2_text(assertions)  # printed once, for the division test and Bitwuzla
    if mentions_division(assertions, text):  # division by a defined quotient: exact, often
        found[DIVISION] = _division_runner(assertions)  # instant
    plain = plain_query(assertions, text)
    if plain is None and unsimplified is not None:
        plain = plain_query(unsimplified)
    if plain is None:
        return found
    prepared = bitwuzla_strategy.prepare(plain)
    if prepared is not None:
        found[BITWUZLA] = prepared.check
    evaluation = exhaustive.prepare(plain) if lone else None
    if evaluation is not None:
        found[EXHAUSTIVE] = evaluation.check
    return found


def check(
    assertions: list[z3.BoolRef],
    logic: str,
    budget_s: float,
    memory: StrategyMemory | None = None,
    first_slice_s: float = FIRST_SLICE_S,
    unsimplified: list[z3.BoolRef] | None = None,
    opening: Sequence[tuple[int, float]] | None = None,
) -> tuple[z3.CheckSatResult, z3.ModelRef | None, str]:
    """sat/unsat/unknown of the conjunction, the model when sat, the reason when unknown.
    `memory`: start with the strategy that answered the previous query of a series (and
    record which answered this one). `first_slice_s`: the rotation's first time slice.
    `unsimplified`: the same query before `z3.simplify`, for Bitwuzla: where a divisor
    cannot be 0, Z3's rewriter leaves its own division functions, which are not SMT-LIB
    (Alive's simplifyValueKnownNonZero 1 and 4 at i33: Bitwuzla 0.2-0.3 s on the query as
    built, Z3 2-4.6 s). `opening`: the first slices, as (strategy slot, seconds), for a
    query whose caller knows better than the defaults (a width-parametric one,
    `irproof.verifier.width_parametric`); a strategy the query does not have is skipped,
    and the rotation follows."""
    deadline = time.perf_counter() + budget_s
    lone = memory is None and opening is None
    strategies = _strategies(logic, assertions, unsimplified, lone=lone)
    # Bitwuzla first where it applies: on typical queries it is the fastest.
    rotation = [n for n in (BITWUZLA, QFBV, COFACTOR) if n in strategies]
    winner = memory.winner if memory is not None else None
    plan: list[tuple[int, float, int]] = []  # (strategy, slice, seed)
    if opening is not None:
        plan = [(n, seconds, 0) for n, seconds in opening if n in strategies]
    elif EXHAUSTIVE in strategies:  # a lone query it decides within its estimate
        plan = [(rotation[0], EXHAUSTIVE_AFTER_S, 0), (EXHAUSTIVE, budget_s, 0)]
    if memory is not None and winner is not None and winner in strategies:
        grown = memory.seconds >= PROBE_GROWTH * memory.probed_at
        if memory.seconds >= PROBE_FROM_S and grown:  # is another strategy now faster?
            memory.probed_at = memory.seconds
            # in the rotation's order, Bitwuzla first, and the division rewriting too: it
            # is the one whose time stays flat as divisions widen
            others = [n for n in (*rotation, DIVISION) if n != winner and n in strategies]
            plan += [(n, PROBE_SHARE * memory.seconds, 0) for n in others]
        plan.append((winner, max(FIRST_SLICE_S, HINT_FACTOR * memory.seconds), 0))
    # The division rewriting, unless it is the remembered strategy, gets one short probe:
    # instant where it helps, and it must not dilute the others.
    division_probe: tuple[int, float, int] | None = None  # for a fresh query (see below)
    if DIVISION in strategies:
        if winner == DIVISION:
            rotation.append(DIVISION)
        elif opening is not None:
            pass  # where the opening put it, if anywhere
        elif plan or memory is not None:  # after the remembered strategy's slice; first
            plan.append((DIVISION, DIVISION_PROBE_S, 0))  # in a series' first query
        else:  # a lone query
            division_probe = (DIVISION, DIVISION_PROBE_S, 0)
    slice_s, seed, reason = first_slice_s, 0, ""
    while True:
        round_ = [(n, _slice(n, slice_s, seed, winner), seed) for n in rotation]
        if division_probe is not None:  # after the first strategy's first slice
            round_.insert(1, division_probe)
            division_probe = None
        plan += round_
        for n, this_slice, this_seed in plan:
            left = deadline - time.perf_counter()
            if left <= 0.001:
                return z3.unknown, None, reason or "timeout"
            started = time.perf_counter()
            result, model, why = strategies[n](min(this_slice, left), this_seed)
            if result == z3.sat and n == DIVISION and not _satisfies(model, assertions):
                continue  # a model of the rewritten query only: not an answer
            if result in (z3.sat, z3.unsat):
                if memory is not None:
                    if n != memory.winner:  # probed as it took over
                        memory.probed_at = time.perf_counter() - started
                    memory.winner, memory.seconds = n, time.perf_counter() - started
                return result, model, ""
            if why == exhaustive.NOT_APPLICABLE:
                continue  # a strategy that turned out not to apply when its turn came
            reason = why
            if reason not in ("timeout", "canceled"):
                return result, None, reason
        plan = []
        slice_s, seed = slice_s * SLICE_GROWTH, seed + 1


def _slice(strategy: int, slice_s: float, seed: int, winner: int | None) -> float:
    """The rotation's slice for `strategy` (see `BITWUZLA_FIRST_SLICE_S`)."""
    if strategy == BITWUZLA and winner is None:
        return slice_s * BITWUZLA_FIRST_SLICE_S / FIRST_SLICE_S
    return slice_s


def _satisfies(model: z3.ModelRef | None, assertions: list[z3.BoolRef]) -> bool:
    return model is not None and all(
        z3.is_true(model.eval(a, model_completion=True)) for a in assertions
    )


def _first_violated(
    query: RefinementQuery, t: TermReader, model: z3.ModelRef
) -> tuple[int, Violation]:
    for position, violation in enumerate(query.violations):
        if z3.is_true(model.eval(t.term(violation.condition), model_completion=True)):
            return position, violation
    raise AssertionError("a model of the query violates no condition")


def solve(
    query: RefinementQuery, timeout_s: float, memory: StrategyMemory | None = None
) -> SolveOutcome:
    """Is refinement violated? On sat: the most severe violation (ub, poison, value) the
    solver can show within a short extra budget, on the smallest inputs it finds cheaply."""
    start = time.perf_counter()
    t: TermReader = query.terms if query.terms is not None else _translate(query)
    logic = _logic(query)
    encoded = time.perf_counter()
    outcome = SolveOutcome("unsat", translator=t, encode_s=encoded - start)
    simplified = z3.simplify(z3.And(*t.assertions))
    if z3.is_false(simplified):  # settled by rewriting alone (often, for small rewrites)
        outcome.solver_s = time.perf_counter() - encoded
        return outcome
    result, model, reason = check(
        [simplified], logic, timeout_s, memory, unsimplified=list(t.assertions)
    )
    if result != z3.sat or model is None:
        outcome.solver_s = time.perf_counter() - encoded
        if result == z3.unknown:
            outcome.status = "unknown"
            outcome.reason = _unknown_reason(reason, timeout_s)
        return outcome
    outcome.status = "sat"
    position, violation = _first_violated(query, t, model)
    budget = min(timeout_s, REFINE_TIMEOUT_S)
    for earlier in query.violations[:position]:  # a more severe kind, if one is possible
        condition = t.term(earlier.condition)
        if z3.is_false(z3.simplify(condition)):
            continue
        found, earlier_model, _ = check([*t.assertions, condition], logic, budget)
        if found == z3.sat and earlier_model is not None:
            violation, model = earlier, earlier_model
            break
    scalars, buffers = _small_inputs(query, t), _small_buffers(query, t)
    condition = t.term(violation.condition)
    for preferred in (scalars + buffers, buffers):  # small buffers matter most: replay
        if not preferred:
            continue
        found, small_model, _ = check([*t.assertions, condition, *preferred], logic, budget)
        if found == z3.sat and small_model is not None:
            model = small_model
            break
    outcome.violation, outcome.model = violation, model
    outcome.solver_s = time.perf_counter() - encoded
    return outcome


def _translate(query: RefinementQuery) -> Z3Translator:
    assert query.module is not None
    return translate_module(query.module)


def _logic(query: RefinementQuery) -> str:
    """QF_BV unless the query uses arrays (memory), then QF_ABV. Floats need QF_FPBV (Z3's QF_BV
    solver would take FP operations for uninterpreted ones), abstract floats QF_UFBV."""
    if query.uses_arrays:
        return "ALL" if query.uses_fp or query.uses_functions else "QF_ABV"
    if query.uses_fp:
        return "ALL" if query.uses_functions else "QF_FPBV"
    if query.uses_functions:
        return "QF_UFBV"
    if query.module is None:
        return "QF_BV"
    for op in query.module.ops:
        if any(isinstance(r.type, ArrayType) for r in op.results):
            return "QF_ABV"
    return "QF_BV"


def _unknown_reason(reason: str, timeout_s: float) -> str:
    if reason in ("timeout", "canceled"):
        return f"solver timeout after {timeout_s:g} s"
    return f"solver gave up: {reason}"
