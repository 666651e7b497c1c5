"""Verifies every source/target pair of a module: one refinement query per index width,
then counterexample read-back and replay. Produces `PairResult`s (DESIGN.md verdicts)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from xdsl.dialects import func
from xdsl.dialects.builtin import IndexType, IntegerType, MemRefType, ModuleOp, TensorType

from irproof.semantics.lowering import DEFAULT_UNROLL, UnsupportedOp, find_function
from irproof.semantics.memory import encoding_of
from irproof.semantics.widths import TypeWidths
from irproof.verifier import float_policy
from irproof.verifier.counterexample import Counterexample, read_counterexample
from irproof.verifier.generic import describe, width_variables
from irproof.verifier.memory_inputs import Aliasing, alias_configurations, memref_arguments
from irproof.verifier.pairs import FunctionPair
from irproof.verifier.refinement import RefinementQuery, build_refinement_query
from irproof.verifier.replay import replay
from irproof.verifier.solver import solve

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


def _callees(module: ModuleOp, function: func.FuncOp, seen: set[str]) -> list[func.FuncOp]:
    found = [function]
    for op in function.walk():
        if isinstance(op, func.CallOp):
            name = op.callee.root_reference.data
            callee = find_function(module, name)
            if callee is not None and name not in seen:
                seen.add(name)
                found += _callees(module, callee, seen)
    return found


def _uses_index(module: ModuleOp, pair: FunctionPair) -> bool:
    functions = _callees(module, pair.source, set()) + _callees(module, pair.target, set())
    for function in functions:
        for op in function.walk():
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
    encodings: set[str] = set()
    for widths, aliasing in checks_with_aliasing:
        where = _where(widths, generic, several_index_widths)

        def build(
            mode: str, widths: TypeWidths = widths, aliasing: Aliasing = aliasing
        ) -> RefinementQuery:
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
            )

        try:
            query = build(fp_mode)
        except UnsupportedOp as error:
            unknown_reasons.append(f"unsupported: {error}")
            break
        bounded = bounded or query.bounded
        encodings.add(memory_encoding(query))
        outcome = solve(query, options.timeout_s)
        if outcome.status == "sat" and query.uses_functions:  # abstract floats: re-check
            query, outcome = float_policy.recheck_exactly(build, query, outcome, options.timeout_s)
        result.encode_s += outcome.encode_s
        result.solver_s += outcome.solver_s
        if outcome.status == "unsat":
            continue
        if outcome.status == "unknown":
            unknown_reasons.append(f"{outcome.reason}{where}")
            if generic and result.verdict != INCORRECT:
                # Larger widths are rarely easier: the verdict is unknown from here on
                # (short of a counterexample), so do not spend a timeout on each of them.
                unchecked = checks[checks.index(widths) + 1 :]  # generic pairs have no memrefs
                if unchecked:
                    unknown_reasons.append(_not_checked(unchecked))
                break
            continue
        assert outcome.violation is not None
        assert outcome.model is not None and outcome.translator is not None
        cex = read_counterexample(
            query, outcome.violation, outcome.model, outcome.translator, pair.source, pair.target
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
    encodings.discard("")
    if encodings:
        kind = "arrays" if "arrays" in encodings else "element-wise"
        result.memory = f"{kind} encoding, {len(configurations)} aliasing configuration(s)"
    result.time_s = time.perf_counter() - start
    return result


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
