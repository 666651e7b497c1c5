"""`irproof fuzz --passes PIPELINE`: random programs through a real pass pipeline, every pass
validated as `irproof pipeline` does (`prepare_pipeline` + `validate_plan`).

Every `incorrect` verdict is a finding (the pass, the minimized input module, the
counterexample and the IR after the pass); so is a compiler crash on a valid program. A pass
that rejects a program with an ordinary error is counted (`pass-error`), not reported. Before
fuzzing, the pipeline runs once on a trivial program: an unknown pass or driver is bad input
(`InputError`, exit 2). For drivers whose MLIR is older than the syntax irproof generates
(mlir-opt of LLVM 19 has no `exact`, `nneg` or `trunci` overflow flags), those flags are
left out of the programs.
"""

from __future__ import annotations

import importlib.metadata
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

from irproof.errors import InputError
from irproof.strategies import ProgramOptions, programs
from irproof.verifier.drivers import DriverError, DriverUnavailable, make_driver
from irproof.verifier.fuzz.cross_check import SolverCheck
from irproof.verifier.fuzz.findings import CRASH, INCORRECT, Finding
from irproof.verifier.fuzz.search import FindingFound, FuzzCheck, raise_internal_error
from irproof.verifier.pass_pipeline import PassStep, PipelineSyntaxError, split_pipeline
from irproof.verifier.pipeline import PipelineOptions, prepare_pipeline, validate_plan
from irproof.verifier.report import human_result, result_json
from irproof.verifier.tv import TvTask
from irproof.verifier.verify import INCORRECT as INCORRECT_VERDICT
from irproof.verifier.verify import UNKNOWN, VerifyOptions

MODE = "passes"
TRIVIAL = "func.func @f(%a: i8) -> i8 {\n  return %a : i8\n}\n"
CRASH_MARKERS = ("PLEASE submit a bug report", "Stack dump", "LLVM ERROR", "Assertion")
PASS_ERROR, CORRECT = "pass-error", "correct"
NORMALIZING_DRIVERS = ("mlir", "mlir-opt")
"""Drivers whose parser canonicalizes: programs go through it once before the pipeline."""
_FAILED_PASS = re.compile(r"^pass \d+ '(?P<label>.*)' \(")


@dataclass(frozen=True)
class PassFuzzOptions:
    passes: str
    driver: str = "mlir"
    mlir_opt: str | None = None
    program: ProgramOptions = field(default_factory=ProgramOptions)
    verify: VerifyOptions = field(default_factory=lambda: VerifyOptions(timeout_s=5.0))
    solvers: tuple[str, ...] = ()


def driver_version(driver: str, mlir_opt: str | None = None) -> str:
    """The compiler a driver runs, with its version (for findings)."""
    if driver == "mlir-opt":
        from irproof.verifier.drivers.mlir_opt import find_mlir_opt

        tool = (shutil.which(mlir_opt) if mlir_opt else None) or find_mlir_opt() or "mlir-opt"
        try:
            out = subprocess.run([tool, "--version"], capture_output=True, text=True, timeout=30)
        except OSError:
            return f"mlir-opt ({tool})"
        found = re.search(r"LLVM version ([\w.]+)", out.stdout)
        return f"mlir-opt, LLVM {found[1] if found else 'unknown version'} ({tool})"
    package = {"mlir": "torch-mlir", "xdsl": "xdsl"}.get(driver, driver)
    try:
        return f"{package} {importlib.metadata.version(package)} ({driver} driver)"
    except importlib.metadata.PackageNotFoundError:
        return f"{driver} driver"


def _legacy_syntax(version: str) -> bool:
    found = re.search(r"LLVM (\d+)", version)
    return found is not None and int(found[1]) < 20


def strip_new_flags(text: str) -> str:
    """`text` without the flags LLVM 19's parser lacks: `exact`, `nneg`, trunci overflow."""
    text = re.sub(r" (?:exact|nneg)(?= :)", "", text)
    return re.sub(r"(arith\.trunci %[\w.$-]+) overflow<[^>]*>", r"\1", text)


@dataclass
class PassFuzz(FuzzCheck):
    """The check of `--passes`: draws a program, runs and validates the pipeline on it."""

    options: PassFuzzOptions
    pass_errors: Counter[str] = field(default_factory=Counter)
    mode = MODE

    def __post_init__(self) -> None:
        super().__init__()
        try:
            split_pipeline(self.options.passes)
            self.driver = make_driver(self.options.driver, self.options.mlir_opt)
        except (PipelineSyntaxError, DriverUnavailable) as error:
            raise InputError(str(error)) from None
        self.version = driver_version(self.options.driver, self.options.mlir_opt)
        self.legacy = _legacy_syntax(self.version)
        self.programs = programs(self.options.program)
        self.folder = Path(tempfile.mkdtemp(prefix="irproof-fuzz-"))
        self.solver_check = SolverCheck(self.options.solvers, self.options.verify)
        self._validate(TRIVIAL)  # an unknown pass or bad options: InputError now

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def _validate(self, text: str):  # type: ignore[no-untyped-def]
        path = self.folder / "reproducer.mlir"
        path.write_text(text)
        pipeline = PipelineOptions(self.options.driver, self.options.mlir_opt)
        plan = prepare_pipeline(str(path), self.options.passes, pipeline, self.options.verify)
        return plan, validate_plan(plan)

    def _as_compiler_reads_it(self, text: str) -> str:
        """`text` parsed and printed by the compiler, no pass run: what its parser already
        changes (e.g. upstream simplifies affine expressions as it builds them, turning
        `d0 + (d0 + d1)` into `d0 + d0 + d1`) is then not blamed on the first pass."""
        if self.options.driver not in NORMALIZING_DRIVERS:
            return text
        try:
            return self.driver.run(text, PassStep(0, "", ""))
        except DriverError as error:
            raise InputError(f"pass 0 'parse' ({self.options.driver} driver): {error}") from None

    def run(self, data: st.DataObject) -> str:
        function = data.draw(self.programs, label="program")
        text = function.text + "\n"
        if self.legacy:
            text = strip_new_flags(text)
        self.program(function, text)
        try:
            text = self._as_compiler_reads_it(text)
            self.program(function, text)
            plan, results = self._validate(text)
        except InputError as error:
            return self._pass_error(str(error), text, function.op_names)
        after = {
            (c.step.number, c.check.name): c.check.after
            for c in plan.checks
            if isinstance(c.check, TvTask)
        }
        outcome = CORRECT
        for item in results:
            result = item.result
            raise_internal_error(result.reason)
            if result.verdict == INCORRECT_VERDICT:
                result.file = "reproducer.mlir"  # not the temporary file
                where = f"{self.options.driver}/{item.step.label}"
                cex = result.counterexample
                failed = cex.failed if cex is not None else "value"
                output = after.get((item.step.number, result.name), "")
                detail = (
                    f"pass {item.step.number} '{item.step.label}' ({self.version}) is incorrect\n"
                    f"{human_result(result)}\n\nIR after the pass:\n{output.rstrip()}"
                )
                entry = {**result_json(result), "pass": item.step.label, "step": item.step.number}
                raise FindingFound(
                    Finding(INCORRECT, MODE, where, failed, function.op_names, text, detail, entry)
                )
            if result.verdict == UNKNOWN:
                outcome = UNKNOWN
        verdicts = {(r.step.number, r.result.name): r.result for r in results}
        for planned in plan.checks:
            if isinstance(planned.check, TvTask) and self.solver_check.solvers:
                result = verdicts[(planned.step.number, planned.check.name)]
                where = f"{self.options.driver}/{planned.step.label}"
                self.solver_check.check_task(planned.check, result, where, function.op_names, text)
        return outcome

    def _pass_error(self, message: str, text: str, ops: tuple[str, ...]) -> str:
        if not any(marker in message for marker in CRASH_MARKERS):
            self.pass_errors[message.split(": ", 1)[-1][:200]] += 1
            return PASS_ERROR
        found = _FAILED_PASS.match(message)
        where = f"{self.options.driver}/{found['label'] if found else 'pipeline'}"
        detail = f"the compiler crashed ({self.version}):\n{message}"
        raise FindingFound(Finding(CRASH, MODE, where, "crash", ops, text, detail))
