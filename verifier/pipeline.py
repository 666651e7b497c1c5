"""Validation of a real pass pipeline (`irproof pipeline`): runs its passes one at a time in
a driver, then validates every step (the module before the pass against the module after
it) for every function, with the translation validation of `tv.py`.

Decisions (README "irproof pipeline"):
- A pass that fails to run (unknown pass, bad options, the pass reports an error) is bad
  input: `InputError` naming the pass, exit 2, before any solving.
- A pass whose output irproof cannot parse (e.g. it produces the `llvm` dialect) ends the
  pipeline there: each function of that step is `unknown`, the reason naming the pass and
  the op; the steps before it keep their verdicts.
- `stop_at_first`: no pass after the first one with an `incorrect` verdict is reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from irproof.errors import InputError
from irproof.loading import parse_module, read_text
from irproof.verifier.drivers import Driver, DriverError, DriverUnavailable, make_driver
from irproof.verifier.ordered import run_ordered
from irproof.verifier.pass_pipeline import PassStep, PipelineSyntaxError, split_pipeline
from irproof.verifier.tv import Check, new_functions, parsed, plan_checks, validated_functions
from irproof.verifier.verify import INCORRECT, UNKNOWN, PairResult, VerifyOptions
from irproof.writing import write_atomic


@dataclass(frozen=True)
class PipelineOptions:
    driver: str = "mlir"
    mlir_opt: str | None = None
    """Path of the `mlir-opt` binary (driver `mlir-opt`)."""
    keep_ir: str | None = None
    """Folder for the IR after each pass: `00-input.mlir`, `01-canonicalize.mlir`, ..."""
    stop_at_first: bool = False


@dataclass
class PassResult:
    """The verdict on one function across one pass."""

    step: PassStep
    result: PairResult


@dataclass
class PlannedCheck:
    step: PassStep
    check: Check


@dataclass
class PipelinePlan:
    """The pipeline run through the driver, and the checks its steps need."""

    input: str
    driver: str
    steps: list[PassStep]
    checks: list[PlannedCheck] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    stopped: str | None = None
    """Why the pipeline ended early: a pass whose output irproof cannot read, or
    `--stop-at-first` after an incorrect pass."""


def kept_ir_path(folder: str, step: PassStep | None) -> Path:
    if step is None:
        return Path(folder) / "00-input.mlir"
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", step.name).strip("-") or "pass"
    return Path(folder) / f"{step.number:02d}-{slug}.mlir"


def _driver(options: PipelineOptions) -> Driver:
    try:
        return make_driver(options.driver, options.mlir_opt)
    except DriverUnavailable as error:
        raise InputError(str(error)) from None


def _run_step(driver: Driver, text: str, step: PassStep) -> str:
    try:
        return driver.run(text, step)
    except DriverError as error:
        raise InputError(
            f"pass {step.number} '{step.label}' ({driver.name} driver): {error}"
        ) from None


def prepare_pipeline(
    path: str, passes: str, options: PipelineOptions, verify_options: VerifyOptions
) -> PipelinePlan:
    """Run every pass (bad input and driver failures raise `InputError` here, before any
    solving) and plan the checks of every step."""
    text = read_text(path)
    if not validated_functions(parse_module(path, text)):  # malformed: irproof's own error
        raise InputError(f"{path}: no public function with a body to validate")
    try:
        steps = split_pipeline(passes)
    except PipelineSyntaxError as error:
        raise InputError(str(error)) from None
    driver = _driver(options)
    plan = PipelinePlan(path, driver.name, steps)
    if options.keep_ir:
        write_atomic(kept_ir_path(options.keep_ir, None), text)
    labels = {text: path}
    for step in steps:
        after = _run_step(driver, text, step)
        where = f"<output of pass {step.number} '{step.label}'>"
        if options.keep_ir:
            where = str(kept_ir_path(options.keep_ir, step))
            write_atomic(where, after)
        try:
            parsed(after, where)
        except InputError as error:
            plan.stopped = (
                f"pass {step.number} '{step.label}' produced IR irproof cannot read: {error}"
            )
            _unreadable_step(plan, step, text, path)
            break
        checks = plan_checks(text, after, path, verify_options, (labels[text], where))
        plan.checks += [PlannedCheck(step, c) for c in checks]
        added = new_functions(text, after)
        if added:
            names = ", ".join(f"@{n}" for n in added)
            plan.notes.append(f"pass {step.number} '{step.label}' adds {names} (not compared)")
        labels[after] = where
        text = after
    return plan


def _unreadable_step(plan: PipelinePlan, step: PassStep, before: str, file: str) -> None:
    assert plan.stopped is not None
    for name in validated_functions(parsed(before, file)):
        result = PairResult(name, file, UNKNOWN, plan.stopped)
        plan.checks.append(PlannedCheck(step, result))


def validate_plan(
    plan: PipelinePlan,
    jobs: int = 1,
    stop_at_first: bool = False,
    on_result: Callable[[PassResult], None] | None = None,
) -> list[PassResult]:
    """The result of every planned check, in pipeline order."""
    last_of_step = {c.step.number: i for i, c in enumerate(plan.checks)}
    results: list[PassResult] = []
    failed_step = False
    with closing(run_ordered([c.check for c in plan.checks], jobs)) as outcomes:
        for index, outcome in enumerate(outcomes):
            step = plan.checks[index].step
            results.append(PassResult(step, outcome))
            if on_result is not None:
                on_result(results[-1])
            failed_step = failed_step or outcome.verdict == INCORRECT
            if stop_at_first and failed_step and last_of_step[step.number] == index:
                if index + 1 < len(plan.checks):
                    plan.stopped = f"stopped after pass {step.number} '{step.label}' (incorrect)"
                break
    return results
