"""The solver cross-check inside a fuzz run (`--solver`): every refinement query a fuzz check
solves is also printed as SMT-LIB and answered by the chosen solvers
(`irproof.verifier.solvers`); where two of them, or one and irproof's own verdict, give
opposite definite answers, the program is an `inconsistency` finding."""

from __future__ import annotations

from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp

from irproof.verifier.fuzz.findings import INCONSISTENCY, Finding
from irproof.verifier.fuzz.search import FindingFound
from irproof.verifier.pairs import FunctionPair
from irproof.verifier.solvers import (
    SAT,
    UNKNOWN,
    UNSAT,
    InstanceQuery,
    cross_check,
    pair_smtlib_queries,
)
from irproof.verifier.tv import (
    AFTER,
    AFTER_LABEL,
    BEFORE,
    BEFORE_LABEL,
    TvTask,
    merge_modules,
    parsed,
)
from irproof.verifier.verify import CORRECT, INCORRECT, PairResult, VerifyOptions


def expected_answer(result: PairResult, query: InstanceQuery) -> str:
    """What irproof's verdict says the query's answer is: unsat for every query of a
    `correct` pair, sat for the refuted instance of an `incorrect` one, else unknown."""
    if result.verdict == CORRECT:
        return UNSAT
    cex = result.counterexample
    fixed_widths = "," not in query.label  # a width-generic instance is labelled "N=8, ..."
    if result.verdict == INCORRECT and cex is not None and fixed_widths:
        return SAT if query.index_width == cex.index_width else UNKNOWN
    return UNKNOWN


class SolverCheck:
    """Cross-checks queries on `solvers` (none: does nothing)."""

    def __init__(self, solvers: tuple[str, ...], options: VerifyOptions) -> None:
        self.solvers = solvers
        self.options = options
        self.queries = 0

    def check_pair(
        self,
        module: ModuleOp,
        pair: FunctionPair,
        result: PairResult,
        where: str,
        ops: tuple[str, ...],
        reproducer: str,
        mode: str,
    ) -> None:
        if not self.solvers:
            return
        queries = list(pair_smtlib_queries(module, pair, self.options))
        self.queries += len(queries)
        found = cross_check(
            queries,
            self.solvers,
            self.options.timeout_s,
            expected=lambda query: expected_answer(result, query),
        )
        if not found:
            return
        first = found[0]
        detail = (
            f"{first.describe()}\nirproof's verdict: {result.verdict}"
            f"\n\nSMT-LIB query:\n{first.query.rstrip()}"
        )
        failed = "-".join(sorted(n for n, a in first.answers.items() if a == SAT)) or UNKNOWN
        raise FindingFound(Finding(INCONSISTENCY, mode, where, failed, ops, reproducer, detail))

    def check_task(
        self, task: TvTask, result: PairResult, where: str, ops: tuple[str, ...], text: str
    ) -> None:
        """Cross-check one translation-validation task of a pipeline step."""
        before, after = parsed(task.before, BEFORE_LABEL), parsed(task.after, AFTER_LABEL)
        module = merge_modules(before, after)
        functions = {op.sym_name.data: op for op in module.ops if isinstance(op, func.FuncOp)}
        source, target = functions[BEFORE + task.name], functions[AFTER + task.name]
        self.check_pair(
            module, FunctionPair(task.name, source, target), result, where, ops, text, "passes"
        )
