"""`irproof synth`: the cheapest verified target for each function of a file.

For one source function:

1. fingerprint the source: run it on the rows (`irproof.synth.evaluate.make_rows`: edge
   values, random values, poison inputs) with irproof's concrete interpreter;
2. enumerate expressions bottom-up over its arguments (`irproof.synth.enumerate`), cheaper
   than the source, with the constants 0, 1, -1 and the source's own; every expression that
   refines the source on all rows is a candidate;
3. verify the candidates in cost order with irproof's verifier (`irproof.synth.check`); a
   counterexample becomes a new row and the enumeration starts again (so classes merged on
   too few rows are split), up to `MAX_RESTARTS` times;
4. CEGIS (`irproof.synth.cegis`) for skeletons `op(e, ?c)` / `op(?c, e)` / `cmpi(e, ?c)`
   cheaper than the best target so far: constants that are not in the pool;
5. generalize the winner across `--widths` (`irproof.synth.check.generalize`).

The result is `found` (a cheaper target, verified), `optimal` (nothing cheaper within
`--max-ops` refines the source: the rewrite is the identity) or `unknown` (the search ran
out of time, or a cheaper candidate could not be decided, with the reason).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp

from irproof.errors import InputError
from irproof.loading import parse_module
from irproof.semantics.concrete.interpreter import run_function
from irproof.semantics.concrete.values import POISON
from irproof.semantics.lowering import UnsupportedOp, check_supported
from irproof.synth import cost as costs
from irproof.synth.cegis import solve
from irproof.synth.check import (
    Checked,
    constant_literals,
    generalize,
    source_text,
    verify_texts,
)
from irproof.synth.enumerate import Enumerator, Stats
from irproof.synth.evaluate import Rows, Vector, make_rows, refines
from irproof.synth.ops import DEFAULT_OPS, OPS, UB, Elem
from irproof.synth.program import Expr, Signature, arg, const, function_text, hole, signature_of
from irproof.verifier.verify import CORRECT, INCORRECT, UNKNOWN, VerifyOptions

FOUND, OPTIMAL = "found", "optimal"
UNSUPPORTED_SIGNATURE = (
    "synth handles functions with integer/index arguments and one integer/index result"
)
MAX_RESTARTS = 8
MAX_CEGIS_SKELETONS = 400
MAX_SOLVER_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class SynthOptions:
    max_ops: int = 3
    ops: tuple[str, ...] = DEFAULT_OPS
    cost: str = "ops"
    timeout_s: float = 60.0
    """Time limit of one function's search; solver queries get what is left (at most 10 s)."""
    widths: tuple[int, ...] | None = None
    """Widths to generalize a found rewrite to (None: only the source's own)."""
    index_widths: tuple[int, ...] = (32, 64)
    cegis: bool = True


@dataclass
class SynthResult:
    name: str
    file: str
    status: str
    """found | optimal | unknown"""
    source_cost: costs.Cost
    cost: costs.Cost
    target: str = ""
    """The target function's text (the source itself when nothing cheaper was found)."""
    rewrite: str = ""
    """A module holding `@NAME_src` / `@NAME_tgt`, verifiable by `irproof verify`."""
    generic_rewrite: str = ""
    """The rewrite marked width-generic, when it is proved at every width of --widths."""
    widths: list[int] = field(default_factory=list)
    """Widths the rewrite is proved at."""
    failed_widths: list[int] = field(default_factory=list)
    unknown_widths: list[int] = field(default_factory=list)
    """Widths of --widths where the generic rewrite was neither proved nor refuted."""
    reason: str = ""
    time_s: float = 0.0
    expression: str = ""
    candidates: int = 0
    verified: int = 0
    """Candidates handed to the verifier."""
    refuted: int = 0
    restarts: int = 0
    cegis: str = ""
    """How the constants were found, when by CEGIS (e.g. `2 rounds`)."""
    stats: Stats = field(default_factory=Stats)

    @property
    def verdict(self) -> str:
        return UNKNOWN if self.status == UNKNOWN else CORRECT


@dataclass
class _Search:
    module: ModuleOp
    function: func.FuncOp
    name: str
    file: str
    options: SynthOptions
    signature: Signature
    deadline: float
    rows: Rows = field(init=False)
    source_vector: Vector = ()
    refuted: set[Expr] = field(default_factory=set)
    unknown: list[tuple[costs.Cost, str]] = field(default_factory=list)
    verified: int = 0
    stats: Stats = field(default_factory=Stats)
    timed_out: bool = False
    counterexample: list[int | None] | None = None
    learned: list[tuple[tuple[int | None, ...], object]] = field(default_factory=list)
    """Counterexample rows found during CEGIS, shared by the skeletons."""

    # ---- the source ----------------------------------------------------------------------

    def run_source(self, inputs: Sequence[int | None]) -> Elem:
        args = [POISON if v is None else v for v in inputs]
        run = run_function(self.module, self.function.sym_name.data, args, self.rows.index_width)
        if run.ub is not None:
            return UB
        value = run.results[0]
        return None if value is POISON else int(value)  # type: ignore[arg-type]

    def add_row(self, inputs: Sequence[int | None]) -> None:
        self.rows.add(list(inputs))
        self.source_vector = (*self.source_vector, self.run_source(inputs))

    # ---- verification --------------------------------------------------------------------

    def verify_options(self) -> VerifyOptions:
        left = max(0.5, min(MAX_SOLVER_TIMEOUT_S, self.deadline - time.monotonic()))
        return VerifyOptions(
            timeout_s=left, index_widths=self.options.index_widths, poison_inputs=True
        )

    def source_text(self) -> str:
        return source_text(self.function, f"{self.name}_src")

    def target_text(self, expr: Expr) -> str:
        return function_text(f"{self.name}_tgt", self.signature, expr)

    def verify(self, expr: Expr) -> Checked:
        self.verified += 1
        return verify_texts(
            self.name, self.source_text(), self.target_text(expr), self.verify_options(), self.file
        )


def _types(function: func.FuncOp, signature: Signature, ops: Sequence[str]) -> list[str]:
    from irproof.synth.program import type_name

    found = {*signature.arg_types, signature.result_type}
    for op in function.walk():
        for value in (*op.results, *op.operands):
            name = type_name(value.type)
            if name is not None:
                found.add(name)
    if any(OPS[o].shape in ("cmp", "select") for o in ops):
        found.add("i1")
    return sorted(found, key=lambda t: (t == "index", int(t[1:]) if t != "index" else 0))


def _leaves(function: func.FuncOp, signature: Signature, types: Sequence[str]) -> list[Expr]:
    leaves = [arg(i, t) for i, t in enumerate(signature.arg_types)]
    pool: dict[str, list[int]] = {t: ([0, 1] if t == "i1" else [0, 1, -1]) for t in types}
    for value, type_ in constant_literals(function):
        if type_ in pool and type_ != "i1":
            pool[type_].append(value)
    for type_, values in pool.items():
        seen: set[int] = set()
        for value in values:
            bits = value if type_ == "index" else value & ((1 << int(type_[1:])) - 1)
            if bits not in seen:
                seen.add(bits)
                leaves.append(const(value, type_))
    return leaves


def source_cost(function: func.FuncOp, model: str) -> costs.Cost:
    return costs.cost_of_ops((op.name for op in function.walk() if op is not function), model)


def synthesize(
    module: ModuleOp, function: func.FuncOp, file: str, options: SynthOptions
) -> SynthResult:
    """The cheapest verified target of one function (see the module docstring)."""
    start = time.perf_counter()
    name = function.sym_name.data
    signature = signature_of(function)
    src_cost = source_cost(function, options.cost)
    if signature is None:
        return SynthResult(
            name,
            file,
            UNKNOWN,
            src_cost,
            src_cost,
            reason=UNSUPPORTED_SIGNATURE,
        )
    search = _Search(
        module,
        function,
        name,
        file,
        options,
        signature,
        time.monotonic() + options.timeout_s,
    )
    search.rows = make_rows(signature.arg_types)
    search.source_vector = tuple(search.run_source(row) for row in search.rows.inputs)
    result = _search(search, src_cost)
    result.time_s = time.perf_counter() - start
    return result


def _search(search: _Search, src_cost: costs.Cost) -> SynthResult:
    options = search.options
    types = _types(search.function, search.signature, options.ops)
    leaves = _leaves(search.function, search.signature, types)
    best: tuple[Expr, Checked] | None = None
    restarts = 0
    truncated = False
    while True:
        limit = costs.cost(best[0], options.cost) if best else src_cost
        enumerator = Enumerator(
            options.ops,
            types,
            leaves,
            search.rows,
            options.cost,
            cost_limit=limit,
            deadline=search.deadline,
        )
        pending: list[tuple[costs.Cost, int, Expr]] = []
        restart = False
        for level, entries in enumerate(enumerator.run(options.max_ops)):
            for entry in entries:
                if entry.expr.type == search.signature.result_type and refines(
                    entry.vector, search.source_vector
                ):
                    pending.append((entry.cost, level, entry.expr))
            last = level == options.max_ops or enumerator.stats.truncated
            bound = None if last else costs.lower_bound(level + 1, options.cost)
            outcome = _verify_pending(search, pending, bound)
            while outcome == "restart" and restarts >= MAX_RESTARTS:
                outcome = _verify_pending(search, pending, bound)  # no more restarts
            if outcome == "restart":
                assert search.counterexample is not None
                search.add_row(search.counterexample)  # the enumeration starts again
                restart = True
                break
            if isinstance(outcome, tuple):
                best = outcome
                limit = costs.cost(best[0], options.cost)
                enumerator.cost_limit = limit
                pending = [c for c in pending if c[0] < limit]  # only cheaper ones from now on
                if bound is not None and bound >= limit:
                    break  # no later level can be cheaper
        _merge_stats(search.stats, enumerator.stats)
        truncated = truncated or enumerator.stats.truncated
        if not restart:
            break
        restarts += 1
    cegis_note = ""
    if options.cegis and time.monotonic() < search.deadline:
        limit = costs.cost(best[0], options.cost) if best else src_cost
        found = _cegis(search, enumerator, types, limit)
        if found is not None:
            best, cegis_note = (found[0], found[1]), found[2]
    result = _result(search, src_cost, best, truncated or search.timed_out)
    result.candidates = search.stats.built
    result.stats = search.stats
    result.restarts = restarts
    result.cegis = cegis_note
    return result


def _verify_pending(
    search: _Search, pending: list[tuple[costs.Cost, int, Expr]], bound: costs.Cost | None
) -> tuple[Expr, Checked] | str | None:
    """Verify the pending candidates cheaper than `bound` (all when None) in cost order:
    the first correct one, `restart` after a counterexample (a new row), else None."""
    pending.sort(key=lambda c: (c[0], c[1], c[2].show()))
    while pending:
        cost_, _level, expr = pending[0]
        if bound is not None and cost_ >= bound:
            return None
        pending.pop(0)
        if expr in search.refuted:
            continue
        if time.monotonic() > search.deadline:
            search.timed_out = True
            return None
        checked = search.verify(expr)
        if checked.verdict == CORRECT:
            return expr, checked
        if checked.verdict == INCORRECT:
            search.refuted.add(expr)
            if checked.inputs is not None:
                search.counterexample = checked.inputs
                return "restart"
        else:
            search.unknown.append((cost_, checked.result.reason))
    return None


def _merge_stats(total: Stats, part: Stats) -> None:
    total.built += part.built
    total.evaluated += part.evaluated
    total.kept += part.kept
    total.seconds += part.seconds
    total.truncated = total.truncated or part.truncated


def _skeletons(
    enumerator: Enumerator,
    types: Sequence[str],
    result_type: str,
    ops: Sequence[str],
    model: str,
    limit: costs.Cost,
) -> list[tuple[costs.Cost, Expr]]:
    """`op(e, ?c)`, `op(?c, e)` (non-commutative ops) and `cmpi p(e, ?c)` producing the result
    type, with `e` a kept expression, cheaper than `limit`."""
    found: list[tuple[costs.Cost, Expr]] = []
    for name in ops:
        spec = OPS[name]
        for entry in enumerator.seen.values():
            e = entry.expr
            if e.op == "const":
                continue
            c = hole(0, e.type)
            shapes: list[Expr] = []
            if spec.shape in ("binary", "division") and e.type == result_type:
                shapes.append(Expr(name, e.type, (e, c)))
                if not spec.commutative:
                    shapes.append(Expr(name, e.type, (c, e)))
            elif spec.shape == "cmp" and result_type == "i1" and e.type != "i1":
                shapes += [
                    Expr(name, "i1", (e, c), p) for p in ("eq", "ne", "slt", "sgt", "ult", "ugt")
                ]
            for shape in shapes:
                shape_cost = costs.cost(shape, model)
                if shape_cost < limit:
                    found.append((shape_cost, shape))
    found.sort(key=lambda s: (s[0], s[1].show()))
    return found[:MAX_CEGIS_SKELETONS]


def _cegis(
    search: _Search, enumerator: Enumerator, types: Sequence[str], limit: costs.Cost
) -> tuple[Expr, Checked, str] | None:
    skeletons = _skeletons(
        enumerator,
        types,
        search.signature.result_type,
        search.options.ops,
        search.options.cost,
        limit,
    )
    for _cost, skeleton in skeletons:
        if time.monotonic() > search.deadline:
            return None
        outcome = solve(
            skeleton,
            search.signature,
            search.rows,
            search.source_vector,
            search.run_source,
            search.verify,
            timeout_s=min(2.0, search.verify_options().timeout_s),
            deadline=search.deadline,
            learned=search.learned,
        )
        if outcome.expr is not None and outcome.checked is not None:
            return outcome.expr, outcome.checked, f"{outcome.rounds} round(s)"
    return None


def _result(
    search: _Search, src_cost: costs.Cost, best: tuple[Expr, Checked] | None, truncated: bool
) -> SynthResult:
    options = search.options
    source = search.source_text()
    result = SynthResult(search.name, search.file, OPTIMAL, src_cost, src_cost)
    result.verified = search.verified
    result.refuted = len(search.refuted)
    if best is None:
        result.target = source.replace(f"@{search.name}_src(", f"@{search.name}_tgt(", 1)
        result.rewrite = f"{source}\n{result.target}\n"
        result.widths = source_widths(search.signature)
        if truncated or search.unknown:
            result.status = UNKNOWN
            result.reason = _unknown_reason(search, truncated)
        else:
            result.reason = f"no cheaper target with at most {options.max_ops} ops refines it"
        return result
    expr, _checked = best
    result.status = FOUND
    result.cost = costs.cost(expr, options.cost)
    result.expression = expr.show(search.signature.arg_names)
    result.target = search.target_text(expr)
    result.rewrite = f"{source}\n{result.target}\n"
    result.widths = source_widths(search.signature)
    cheaper_unknown = [r for c, r in search.unknown if c < result.cost]
    if cheaper_unknown:
        result.reason = f"a cheaper candidate was undecided: {cheaper_unknown[0]}"
    if options.widths:
        general = generalize(
            search.name, source, result.target, options.widths, search.verify_options()
        )
        if general.generic_source is not None and general.widths:
            result.widths = general.widths
            result.failed_widths = general.failed
            result.unknown_widths = general.unknown
            if not general.failed and not general.unknown:  # holds for all of --widths
                result.generic_rewrite = f"{general.generic_source}\n{result.target}\n"
    return result


def source_widths(signature: Signature) -> list[int]:
    """The widths a fixed-width rewrite is proved at: those of its integer types, `i1`
    only when it has no other (an `i1` condition does not make a rewrite "for i1")."""
    types = (*signature.arg_types, signature.result_type)
    widths = sorted({int(t[1:]) for t in types if t != "index"})
    return [w for w in widths if w > 1] or widths


def _unknown_reason(search: _Search, truncated: bool) -> str:
    if search.unknown:
        return f"a cheaper candidate was undecided: {search.unknown[0][1]}"
    return f"search timed out after {search.options.timeout_s:g} s"


# ---- files -------------------------------------------------------------------------------


def synthesize_module(
    path: str,
    module: ModuleOp,
    options: SynthOptions,
    on_result: Callable[[SynthResult], None] | None = None,
    jobs: int = 1,
) -> list[SynthResult]:
    """Synthesize every function with a body of a parsed module (`jobs` > 1: functions in
    parallel processes, results in order); an op without semantics in a source is an input
    error (before any search)."""
    functions = [op for op in module.ops if isinstance(op, func.FuncOp) and op.body.blocks]
    if not functions:
        raise InputError(f"{path}: no function with a body")
    for function in functions:
        try:
            check_supported(function)
        except UnsupportedOp as error:
            raise InputError(f"{path}: @{function.sym_name.data}: {error}") from None
        if signature_of(function) is None:
            raise InputError(f"{path}: @{function.sym_name.data}: {UNSUPPORTED_SIGNATURE}")
    results: list[SynthResult] = []
    outcomes: Iterator[SynthResult]
    pool = ProcessPoolExecutor(max_workers=jobs) if jobs > 1 and len(functions) > 1 else None
    try:
        if pool is not None:
            text = str(module)
            names = [f.sym_name.data for f in functions]
            outcomes = pool.map(_synthesize_named, [(path, text, n, options) for n in names])
        else:
            outcomes = (synthesize(module, f, path, options) for f in functions)
        for result in outcomes:
            results.append(result)
            if on_result is not None:
                on_result(result)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return results


def _synthesize_named(task: tuple[str, str, str, SynthOptions]) -> SynthResult:
    """One function of a module given as text (in a worker process)."""
    path, text, name, options = task
    module = parse_module(path, text)
    function = next(
        op for op in module.ops if isinstance(op, func.FuncOp) and op.sym_name.data == name
    )
    return synthesize(module, function, path, options)
