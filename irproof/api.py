"""Public API: verify rewrite files and print their SMT-LIB queries."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from xdsl.dialects.builtin import ModuleOp

from irproof.errors import InputError
from irproof.loading import parse_module, read_text
from irproof.verifier.generic import GenericError, width_variables
from irproof.verifier.importers import ImportError_, importer_for
from irproof.verifier.ordered import run_ordered
from irproof.verifier.pairs import FunctionPair, PairingError, find_pairs
from irproof.verifier.pipeline import (
    PassResult,
    PipelineOptions,
    PipelinePlan,
    prepare_pipeline,
    validate_plan,
)
from irproof.verifier.refinement import SignatureMismatch, check_signatures
from irproof.verifier.solvers import pair_smtlib_queries
from irproof.verifier.solving_cost import expected_cost
from irproof.verifier.tv import new_functions, plan_checks
from irproof.verifier.verify import UNKNOWN, PairResult, VerifyOptions, verify_pair

__all__ = [
    "PairResult",
    "PassResult",
    "PipelineOptions",
    "PipelinePlan",
    "VerifyOptions",
    "iter_smtlib_queries",
    "smtlib_queries",
    "translation_validate",
    "validate_pipeline",
    "verify_file",
    "verify_files",
]


DEFAULT_OPTIONS = VerifyOptions()


@dataclass(frozen=True)
class _Task:
    path: str
    text: str
    pair: str
    options: VerifyOptions
    unsupported: str | None = None
    """Set for a rewrite an importer could not express: the task's result is `unknown`."""


@dataclass(frozen=True)
class _LoadedFile:
    module: ModuleOp
    pairs: list[FunctionPair]
    unsupported: list[tuple[str, str]]


@lru_cache(maxsize=8)
def _load(path: str, text: str) -> _LoadedFile:
    """Parse once per file (and process): pairs of one file share the module.
    Files in other formats go through their importer first."""
    unsupported: list[tuple[str, str]] = []
    parsed: ModuleOp | None = None
    importer = importer_for(path, text)
    if importer is not None:
        try:
            imported = importer(path, text)
        except ImportError_ as error:
            raise InputError(f"{path}: {error}") from None
        text, unsupported = imported.mlir, imported.unsupported
        parsed = imported.module
    module = parsed if parsed is not None else parse_module(path, text)
    try:
        pairs = find_pairs(module, Path(path).stem, allow_none=bool(unsupported))
        for pair in pairs:
            check_signatures(pair.source, pair.target)
            width_variables(pair.source)
    except (PairingError, SignatureMismatch, GenericError) as error:
        raise InputError(f"{path}: {error}") from None
    return _LoadedFile(module, pairs, unsupported)


def _load_pairs(path: str, text: str) -> tuple[ModuleOp, list[FunctionPair]]:
    loaded = _load(path, text)
    return loaded.module, loaded.pairs


def _run_task(task: _Task) -> PairResult:
    if task.unsupported is not None:
        return PairResult(task.pair, task.path, UNKNOWN, f"unsupported: {task.unsupported}")
    module, pairs = _load_pairs(task.path, task.text)
    pair = next(p for p in pairs if p.name == task.pair)
    return verify_pair(module, pair, task.path, task.options)


def _expected_cost(task: _Task) -> int:
    """A guess at how long a task's pair takes to verify, to schedule it (not a verdict)."""
    if task.unsupported is not None:
        return 0
    _, pairs = _load_pairs(task.path, task.text)
    return expected_cost(next(p for p in pairs if p.name == task.pair))


def _tasks(paths: Sequence[str], options: VerifyOptions) -> list[_Task]:
    """Read and check every file first, so bad input fails before any solving."""
    tasks: list[_Task] = []
    for path in paths:
        text = read_text(path)
        loaded = _load(path, text)
        tasks += [_Task(path, text, p.name, options) for p in loaded.pairs]
        tasks += [_Task(path, text, name, options, why) for name, why in loaded.unsupported]
    return tasks


def verify_files(
    paths: Sequence[str],
    options: VerifyOptions = DEFAULT_OPTIONS,
    jobs: int = 1,
    on_result: Callable[[PairResult], None] | None = None,
    names: Collection[str] | None = None,
) -> list[PairResult]:
    """Verify every pair of every file (`jobs` > 1: in parallel processes, results in order);
    only the pairs in `names` when given."""
    tasks = [t for t in _tasks(paths, options) if names is None or t.pair in names]
    results: list[PairResult] = []
    if jobs > 1 and len(tasks) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            # Likely-slow pairs start first (no long one left alone at the end); results
            # still come in file order.
            started = sorted(range(len(tasks)), key=lambda n: -_expected_cost(tasks[n]))
            futures = {n: pool.submit(_run_task, tasks[n]) for n in started}
            for n in range(len(tasks)):
                result = futures[n].result()
                results.append(result)
                if on_result:
                    on_result(result)
        return results
    for task in tasks:
        result = _run_task(task)
        results.append(result)
        if on_result:
            on_result(result)
    return results


def verify_file(path: str, options: VerifyOptions = DEFAULT_OPTIONS) -> list[PairResult]:
    return verify_files([path], options)


def smtlib_queries(
    path: str, options: VerifyOptions = DEFAULT_OPTIONS, ir: bool = False
) -> list[tuple[str, str, str]]:
    """(pair name, instance label, SMT-LIB script or semantics IR) for every pair and
    every instance (width assignment and index width) it is checked at."""
    return list(iter_smtlib_queries(path, options, ir))


def iter_smtlib_queries(
    path: str,
    options: VerifyOptions = DEFAULT_OPTIONS,
    ir: bool = False,
    names: Collection[str] | None = None,
) -> Iterator[tuple[str, str, str]]:
    """`smtlib_queries`, built lazily one instance at a time, for the pairs in `names` (all
    pairs when None)."""
    module, pairs = _load_pairs(path, read_text(path))
    for pair in pairs:
        if names is not None and pair.name not in names:
            continue
        for query in pair_smtlib_queries(module, pair, options, ir):
            text = query.text if query.text is not None else f"; unknown: {query.unsupported}\n"
            yield pair.name, query.label, text


def translation_validate(
    before: str,
    after: str,
    options: VerifyOptions = DEFAULT_OPTIONS,
    jobs: int = 1,
    on_result: Callable[[PairResult], None] | None = None,
    on_note: Callable[[str], None] | None = None,
) -> list[PairResult]:
    """Validate the module in file `after` against the one in `before`, function by function
    (paired by name; see `irproof.verifier.tv`). `on_note` hears of functions new in AFTER."""
    before_text, after_text = read_text(before), read_text(after)
    checks = plan_checks(before_text, after_text, after, options, (before, after))
    if not checks:
        raise InputError(f"{before}: no public function with a body to validate")
    for name in new_functions(before_text, after_text):
        if on_note is not None:
            on_note(f"@{name} is only in {after} (nothing to compare it with)")
    results: list[PairResult] = []
    with closing(run_ordered(checks, jobs)) as outcomes:
        for result in outcomes:
            results.append(result)
            if on_result is not None:
                on_result(result)
    return results


def validate_pipeline(
    path: str,
    passes: str,
    driver: str = "mlir",
    options: VerifyOptions = DEFAULT_OPTIONS,
    *,
    mlir_opt: str | None = None,
    keep_ir: str | None = None,
    stop_at_first: bool = False,
    jobs: int = 1,
    on_result: Callable[[PassResult], None] | None = None,
) -> tuple[PipelinePlan, list[PassResult]]:
    """Run the pipeline `passes` on the module in `path` one pass at a time with `driver`
    (`mlir`, `mlir-opt`, `xdsl`) and validate every pass for every function (see
    `irproof.verifier.pipeline`). Bad input and passes that fail to run raise `InputError`."""
    pipeline_options = PipelineOptions(driver, mlir_opt, keep_ir, stop_at_first)
    plan = prepare_pipeline(path, passes, pipeline_options, options)
    return plan, validate_plan(plan, jobs, stop_at_first, on_result)
