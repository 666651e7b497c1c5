"""Verifies every source/target pair of a module: one refinement query per index width,
then counterexample read-back and replay. Produces `PairResult`s (DESIGN.md verdicts)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from xdsl.dialects.builtin import IndexType, IntegerType, MemRefType, ModuleOp, TensorType

from irproof.semantics.lowering import DEFAULT_UNROLL, UnsupportedOp
from irproof.semantics.memory import encoding_of
from irproof.semantics.widths import TypeWidths
from irproof.verifier import float_policy, lockstep, width_parametric
from irproof.verifier.counterexample import Counterexample, read_counterexample
from irproof.verifier.generic import describe, width_variables
from irproof.verifier.memory_inputs import Aliasing, alias_configurations, memref_arguments
from irproof.verifier.pair_scope import reachable_ops
from irproof.verifier.pairs import FunctionPair
from irproof.verifier.refinement import RefinementQuery, build_refinement_query
from irproof.verifier.replay import replay
from irproof.verifier.solver import SolveOutcome, StrategyMemory, own_context, solve
from irproof.verifier.width_classes import classify
from irproof.verifier.width_parametric import (
    PARAMETRIC_NOTE,
    SMALL_QUERY_BUDGET_S,
    SMALL_WIDTHS_FIRST,
    ParametricSchedule,
)

CORRECT, INCORRECT, UNKNOWN = "correct", "incorrect", "unknown"


DEFAULT_WIDTHS = tuple(range(1, 65))
"""Widths a width-generic pair ranges over when --widths is not given."""


@dataclass(frozen=True)
class VerifyOptions:
    timeout_s: float = 10.0
    index_widths: tuple[int, ...] = (32, 64)
    poison_inputs: bool = True
    widths: tuple[int, ...] | None = None
    first_failure: bool = False
    unroll: int = DEFAULT_UNROLL
    """Iterations a loop with an unknown trip count is unrolled to (`--unroll`)."""
    fp: str = float_policy.AUTO
    """Floating-point mode: exact, abstract or auto (`irproof.verifier.float_policy`)."""
    noalias: bool = False
    """Assume memref arguments never share a block (`--noalias`)."""
    width_classes: bool = True
    """Prove a generic pair of a width class (`irproof.verifier.width_classes`) with one
    query for all its widths; False (`--no-width-classes`) checks every width."""
    falsify: bool = True
    """When the solver does not decide a check, look for a counterexample among random and
    edge-value inputs (`irproof.verifier.falsify`); False: `--no-falsify`."""
    parametric: bool = True
    """Once the widths up to `SMALL_WIDTHS_FIRST` pass, try to prove a width-generic pair at
    every width with one width-parametric query (`irproof.verifier.width_parametric`)
    before checking the other widths one by one (`ParametricSchedule`); False:
    `--no-parametric`."""
    lockstep: bool = True
    """Prove loop nests that source and target run in the same order one symbolic iteration
    at a time (`irproof.verifier.lockstep`) before unrolling them; False: `--no-lockstep`."""


@dataclass
class PairResult:
    """The verdict on one pair, as reported (human text and JSON)."""

    name: str
    file: str
    verdict: str
    reason: str = ""
    widths: list[int] = field(default_factory=list)
    index_width: list[int] = field(default_factory=list)
    bounded: bool = False
    time_s: float = 0.0
    counterexample: Counterexample | None = None
    failed_widths: list[str] = field(default_factory=list)
    encode_s: float = 0.0
    memory: str = ""
    """How memory was encoded (`element-wise` or `arrays`) and how many aliasing
    configurations were checked; empty without memory (`--verbose`, JSON)."""
    solver_s: float = 0.0
    width_class: str = ""
    """The width class of a generic pair (`irproof.verifier.width_classes`), empty if none;
    set whether or not the one-query proof was used or succeeded (not in the JSON)."""


@dataclass
class _Attempt:
    """The one query of a width class (`_width_class_attempt`): when it is not unsat, the
    per-width loop reuses it at its width instead of solving that width again."""

    widths: TypeWidths
    query: RefinementQuery
    outcome: SolveOutcome

    @property
    def proved(self) -> bool:
        return self.outcome.status == "unsat" and not self.query.bounded


def _uses_index(module: ModuleOp, pair: FunctionPair) -> bool:
    for op in reachable_ops(module, pair.source, pair.target):
        values = [*op.results, *op.operands]
        if any(isinstance(v.type, IndexType | MemRefType | TensorType) for v in values):
            return True  # shapes and offsets are index values
    return False


def _integer_widths(pair: FunctionPair) -> list[int]:
    widths: set[int] = set()
    for op in pair.source.walk():
        for value in [*op.results, *op.operands]:
            if isinstance(value.type, IntegerType):
                widths.add(value.type.width.data)
    return sorted(widths)


def verify_pair(
    module: ModuleOp, pair: FunctionPair, file: str, options: VerifyOptions
) -> PairResult:
    """The verdict on one pair; an internal failure is `unknown` with its reason, never a crash."""
    start = time.perf_counter()
    try:
        with own_context():  # its solving times depend on the pair alone
            return _verify_pair(module, pair, file, options)
    except Exception as error:  # a bug in irproof must not pass for a verdict
        reason = f"internal error: {type(error).__name__}: {error}"
        return PairResult(pair.name, file, UNKNOWN, reason, time_s=time.perf_counter() - start)


def instances(module: ModuleOp, pair: FunctionPair, options: VerifyOptions) -> list[TypeWidths]:
    """Every (width assignment, index width) the pair is checked at, smallest widths first."""
    variables = width_variables(pair.source)
    assignments: list[dict[int, int]] = [{}]
    if variables is not None:
        assignments = variables.assignments(options.widths or DEFAULT_WIDTHS)
    uses_index = _uses_index(module, pair) or bool(memref_arguments(pair.source))
    index_widths = options.index_widths if uses_index else options.index_widths[:1]
    return [TypeWidths(iw, a) for a in assignments for iw in index_widths]


def _verify_pair(
    module: ModuleOp, pair: FunctionPair, file: str, options: VerifyOptions
) -> PairResult:
    start = time.perf_counter()
    checks = instances(module, pair, options)
    generic = bool(checks and checks[0].variables)
    result = PairResult(pair.name, file, CORRECT, index_width=list(options.index_widths))
    result.widths = _checked_widths(pair, checks)
    if not checks:
        result.verdict, result.reason = UNKNOWN, "no width assignment satisfies the constraints"
    several_index_widths = len({c.index_width for c in checks}) > 1
    unknown_reasons: list[str] = []
    bounded = False
    fp_mode = float_policy.choose_mode(module, pair.source, pair.target, options.fp)
    try:
        configurations = alias_configurations(pair.source, options.noalias)
    except UnsupportedOp as error:
        configurations = []
        unknown_reasons.append(f"unsupported: {error}")
    checks_with_aliasing = [(w, a) for w in checks for a in configurations]
    nests = lockstep.safe_plan(pair.source, pair.target) if options.lockstep else None
    plan_used, in_lockstep = nests, 0
    # the instances of a pair are solved alike (a lone instance is no series)
    strategies = StrategyMemory() if len(checks_with_aliasing) > 1 else None
    attempt = _width_class_attempt(module, pair, options, checks, fp_mode, result)
    if attempt is not None and attempt.proved:  # every width at once
        result.time_s = time.perf_counter() - start
        return result
    encodings: set[str] = set()
    schedule = (  # all widths at once? (unless the width classes tried already)
        ParametricSchedule(
            options.timeout_s, [max(w.variables.values()) for w, _ in checks_with_aliasing]
        )
        if attempt is None and generic and options.parametric
        else None
    )
    small_pending, small_proved = schedule is not None, False
    for position, (widths, aliasing) in enumerate(checks_with_aliasing):
        if small_pending and position > 0:  # the smallest assignment passed (or failed)
            small_pending = False
            if result.verdict == CORRECT and not unknown_reasons:
                small_proved = _small_widths_proved(pair, options)
        if small_proved and max(widths.variables.values()) <= SMALL_WIDTHS_FIRST:
            continue  # proved by the small query
        where = _where(widths, generic, several_index_widths)
        if schedule is not None and result.verdict == CORRECT and not unknown_reasons:
            seconds = schedule.budget(position)
            if seconds is not None:
                if _parametric_proves(pair, options, result, seconds):
                    break
                schedule.tried()
        if nests is not None:
            if _lockstep_proves(module, pair, options, widths, aliasing, fp_mode, nests, result):
                in_lockstep += 1
                encodings.add("arrays")
                continue
            nests = None  # not provable this way: unroll this and every other instance
        if attempt is not None and attempt.widths == widths:  # solved already
            query, outcome, attempt = attempt.query, attempt.outcome, None
        else:
            try:
                build = _builder(module, pair, options, widths, aliasing)
                query, outcome = _solve(build, fp_mode, options.timeout_s, strategies)
            except UnsupportedOp as error:
                unknown_reasons.append(f"unsupported: {error}")
                break
            result.encode_s += outcome.encode_s
            result.solver_s += outcome.solver_s
        bounded = bounded or query.bounded
        encodings.add(memory_encoding(query))
        if outcome.status == "unsat":
            continue
        falsified = _falsified(module, pair, query, outcome, options)
        if outcome.status == "unknown" and falsified is None:
            unknown_reasons.append(f"{outcome.reason}{where}")
            if generic and result.verdict != INCORRECT:
                # Larger widths are rarely easier: the verdict is unknown from here on
                # (short of a counterexample), so do not spend a timeout on each of them.
                unchecked = checks[checks.index(widths) + 1 :]  # generic pairs have no memrefs
                if unchecked:
                    unknown_reasons.append(_not_checked(unchecked))
                break
            continue
        if falsified is not None:  # found by testing after the solver did not decide
            cex, confirmed, explanation = falsified, True, falsified.replay
        else:
            assert outcome.violation is not None
            assert outcome.model is not None and outcome.translator is not None
            model, reader = outcome.model, outcome.translator
            cex = read_counterexample(
                query, outcome.violation, model, reader, pair.source, pair.target
            )
            confirmed, explanation = replay(
                module, pair.source.sym_name.data, pair.target.sym_name.data, cex
            )
        cex.replay = explanation
        cex.index_matters = several_index_widths
        if not confirmed:
            unknown_reasons.append(f"{explanation}{where}")
            result.counterexample = result.counterexample or cex
            continue
        result.failed_widths.append(where.strip(" ()") or "all")
        if result.verdict != INCORRECT:  # keep the smallest failing instance
            result.verdict = INCORRECT
            result.reason = _failure_text(cex) + where
            result.counterexample = cex
        if options.first_failure or not generic:
            break
    caveat = float_policy.approximation_caveat(module, pair.source, pair.target, result.verdict)
    if caveat is not None:
        if result.verdict == INCORRECT:
            result.verdict, caveat = UNKNOWN, f"{caveat} ({result.reason})"
        unknown_reasons.append(caveat)
    if result.verdict != INCORRECT and unknown_reasons:
        result.verdict = UNKNOWN
        result.reason = "; ".join(dict.fromkeys(unknown_reasons))
    elif result.verdict == CORRECT:
        result.counterexample = None
        result.bounded = bounded  # proved only for inputs that finish within the bound
        if bounded:
            result.reason = f"loops unrolled up to {options.unroll} iterations"
        elif in_lockstep and plan_used is not None:
            result.reason = (
                f"proved one symbolic iteration at a time in {in_lockstep} of "
                f"{len(checks_with_aliasing)} checks ({plan_used.describe()})"
            )
    encodings.discard("")
    if encodings:
        kind = "arrays" if "arrays" in encodings else "element-wise"
        result.memory = f"{kind} encoding, {len(configurations)} aliasing configuration(s)"
    result.time_s = time.perf_counter() - start
    return result


def _builder(
    module: ModuleOp,
    pair: FunctionPair,
    options: VerifyOptions,
    widths: TypeWidths,
    aliasing: Aliasing,
    nest: lockstep.NestQuery | None = None,
) -> Callable[[str], RefinementQuery]:
    """The refinement query of one instance (or of one iteration of one of its loop nests),
    for a floating-point mode."""

    def build(mode: str) -> RefinementQuery:
        return build_refinement_query(
            module,
            pair.source,
            pair.target,
            widths,
            options.poison_inputs,
            direct=True,
            unroll=options.unroll,
            fp_mode=mode,
            aliasing=aliasing,
            nest=nest,
        )

    return build


LOCKSTEP_BUDGET_S = 3.0
"""Solver budget of each per-iteration query. The queries lockstep proves are settled by
rewriting or quickly (the two sides compute the same terms); a slow one is most often a
failure that only the unrolled check can confirm or refute, so it falls back early."""


def _lockstep_proves(
    module: ModuleOp,
    pair: FunctionPair,
    options: VerifyOptions,
    widths: TypeWidths,
    aliasing: Aliasing,
    fp_mode: str,
    nests: lockstep.Plan,
    result: PairResult,
) -> bool:
    """Whether every loop nest's per-iteration query is unsat (`irproof.verifier.lockstep`);
    False on anything else: the caller then checks the instance unrolled."""
    for index in range(len(nests.nests)):
        nest = lockstep.NestQuery(nests, index)
        try:
            query = _builder(module, pair, options, widths, aliasing, nest)(fp_mode)
            outcome = solve(query, min(options.timeout_s, LOCKSTEP_BUDGET_S))
        except Exception:  # lockstep is only a shortcut: the unrolled check decides
            return False
        result.encode_s += outcome.encode_s
        result.solver_s += outcome.solver_s
        if outcome.status != "unsat" or query.bounded:
            return False
    return True


def _solve(
    build: Callable[[str], RefinementQuery],
    fp_mode: str,
    timeout_s: float,
    memory: StrategyMemory | None = None,
) -> tuple[RefinementQuery, SolveOutcome]:
    """Build and solve one instance (raises `UnsupportedOp`); a model found with abstract
    floats is re-checked exactly."""
    query = build(fp_mode)
    outcome = solve(query, timeout_s, memory)
    if outcome.status == "sat" and query.uses_functions:
        query, outcome = float_policy.recheck_exactly(build, query, outcome, timeout_s)
    return query, outcome


def _width_class_attempt(
    module: ModuleOp,
    pair: FunctionPair,
    options: VerifyOptions,
    checks: list[TypeWidths],
    fp_mode: str,
    result: PairResult,
) -> _Attempt | None:
    """For a generic pair of a width class (`irproof.verifier.width_classes`): solve it once,
    at the width its class says proves every width of `checks`. Notes the class (and, when
    proved, the proof) in `result`. None: no class, shortcut off, or no query."""
    width_class = (
        classify(module, pair.source, pair.target) if checks and checks[0].variables else None
    )
    if width_class is None:
        return None
    result.width_class = width_class.name
    if not options.width_classes:
        return None
    (variable,) = checks[0].variables
    width = width_class.proof_width([c.variables[variable] for c in checks])
    widths = TypeWidths(checks[0].index_width, {variable: width})
    try:
        query, outcome = _solve(
            _builder(module, pair, options, widths, ()), fp_mode, options.timeout_s
        )
    except UnsupportedOp:
        return None  # the per-width loop reports it
    result.encode_s += outcome.encode_s
    result.solver_s += outcome.solver_s
    attempt = _Attempt(widths, query, outcome)
    if attempt.proved:
        result.reason = width_class.note(width)
    return attempt


def _parametric_proves(
    pair: FunctionPair, options: VerifyOptions, result: PairResult, budget_s: float
) -> bool:
    """Whether one width-parametric query proves the pair at every width assignment
    (`irproof.verifier.width_parametric`) within `budget_s`; notes the proof in `result`."""
    widths = options.widths or DEFAULT_WIDTHS
    outcome = width_parametric.parametric_attempt(
        pair.source, pair.target, widths, options.poison_inputs, budget_s
    )
    result.encode_s += outcome.encode_s
    result.solver_s += outcome.solver_s
    if outcome.proved:
        result.reason = PARAMETRIC_NOTE
    return outcome.proved


def _small_widths_proved(pair: FunctionPair, options: VerifyOptions) -> bool:
    """Whether one width-parametric query over the widths up to `SMALL_WIDTHS_FIRST` proves
    the pair at all of them (a container of 4 bits: a few milliseconds, where checking
    them one by one builds and solves a query each). Asked once the smallest assignment
    passed, which is where most wrong rewrites fail (on the canonicalization corpus, asking
    before it cost its 120 wrong rewrites 1.2 s). Anything else (a failure, an op outside
    the fragment) leaves them to the per-width loop, which finds the failing widths and the
    smallest counterexample as before."""
    small = [w for w in options.widths or DEFAULT_WIDTHS if w <= SMALL_WIDTHS_FIRST]
    if not small:
        return False
    outcome = width_parametric.parametric_attempt(
        pair.source, pair.target, small, options.poison_inputs, SMALL_QUERY_BUDGET_S
    )
    return outcome.proved


def memory_encoding(query: RefinementQuery) -> str:
    """`arrays` if either side wrote memory at a symbolic offset (SMT array theory), else
    `element-wise`; empty without memory."""
    if query.memory is None:
        return ""
    sides = [m for m in (query.source.memory, query.target.memory) if m is not None]
    return "arrays" if any(encoding_of(m) == "arrays" for m in sides) else "element-wise"


def _not_checked(unchecked: list[TypeWidths]) -> str:
    labels = list(dict.fromkeys(describe(w.variables) for w in unchecked))
    span = labels[0] if len(labels) == 1 else f"{labels[0]} ... {labels[-1]}"
    return f"{len(labels)} larger width assignment(s) not checked ({span})"


def _where(widths: TypeWidths, generic: bool, several_index_widths: bool) -> str:
    parts = [describe(widths.variables)] if generic else []
    if several_index_widths:
        parts.append(f"index width {widths.index_width}")
    return f" ({', '.join(parts)})" if parts else ""


def _checked_widths(pair: FunctionPair, checks: list[TypeWidths]) -> list[int]:
    if checks and checks[0].variables:
        return sorted({w for c in checks for w in c.variables.values()})
    return _integer_widths(pair)


FAILURE_TEXT = {
    "ub": "Source is more defined than target (target has undefined behavior)",
    "poison": "Target is more poisonous than source",
    "value": "Value mismatch",
    "memory": "Mismatch in memory",
}


def _failure_text(cex: Counterexample) -> str:
    where = "" if cex.result is None else f" in result #{cex.result}"
    if cex.block:
        where = f" of {cex.block}"
    if cex.memory is not None and cex.memory.aliasing:
        where += f" ({cex.memory.aliasing})"
    return f"{FAILURE_TEXT[cex.failed]}{where}"


def _falsified(
    module: ModuleOp,
    pair: FunctionPair,
    query: RefinementQuery,
    outcome: SolveOutcome,
    options: VerifyOptions,
) -> Counterexample | None:
    """For a check the solver did not decide: a replayed counterexample found by testing
    (`irproof.verifier.falsify`). None when the solver decided, with `--no-falsify`, or when
    no candidate fails (testing never makes a verdict `correct`)."""
    if outcome.status != "unknown" or not options.falsify:
        return None
    from irproof.verifier.falsify import falsify  # draws on Hypothesis' edge values

    return falsify(
        module,
        pair.source,
        pair.target,
        query,
        outcome.reason,
        options.timeout_s,
        options.poison_inputs,
    )
