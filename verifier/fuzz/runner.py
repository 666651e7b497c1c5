"""One fuzz run from start to end: the mode's check, the search, the findings folder.

`FuzzConfig` says what to run (`self-check`, `passes` or `metamorphic`) and within which
budget; `run_fuzz` builds the check, skips the bugs already in the findings folder, writes
a reproducer file for every new one as soon as it is found, and returns a `FuzzRun`.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from irproof import __version__
from irproof.strategies import ProgramOptions
from irproof.verifier.fuzz.corpus_rewrites import DEFAULT_CORPUS
from irproof.verifier.fuzz.findings import Finding, FindingsDir, KnownFindings
from irproof.verifier.fuzz.metamorphic import RELATIONS, Metamorphic, MetamorphicOptions
from irproof.verifier.fuzz.pass_fuzz import PassFuzz, PassFuzzOptions
from irproof.verifier.fuzz.report import FuzzRun
from irproof.verifier.fuzz.search import Budget, FuzzCheck, search
from irproof.verifier.fuzz.self_check import SelfCheck, SelfCheckOptions
from irproof.verifier.verify import VerifyOptions

SELF_CHECK, PASSES, METAMORPHIC = "self-check", "passes", "metamorphic"
MODES = (SELF_CHECK, PASSES, METAMORPHIC)


@dataclass(frozen=True)
class FuzzConfig:
    mode: str
    budget: Budget = field(default_factory=Budget)
    program: ProgramOptions = field(default_factory=ProgramOptions)
    verify: VerifyOptions = field(default_factory=lambda: VerifyOptions(timeout_s=5.0))
    passes: str = ""
    driver: str = "mlir"
    mlir_opt: str | None = None
    solvers: tuple[str, ...] = ()
    use_jit: bool = True
    relations: tuple[str, ...] = RELATIONS
    corpus: Path | None = None
    findings: str | None = None
    command: str = ""
    """The command line, recorded in reproducer files."""


def _check(config: FuzzConfig) -> FuzzCheck:
    if config.mode == SELF_CHECK:
        poison = 0.1 if config.verify.poison_inputs else 0.0
        options = SelfCheckOptions(
            config.program, config.verify.index_widths, poison, config.use_jit
        )
        return SelfCheck(options)
    if config.mode == PASSES:
        return PassFuzz(
            PassFuzzOptions(
                config.passes,
                config.driver,
                config.mlir_opt,
                config.program,
                config.verify,
                config.solvers,
            )
        )
    if config.mode == METAMORPHIC:
        corpus = config.corpus or DEFAULT_CORPUS
        meta = MetamorphicOptions(
            config.program, config.relations, corpus, config.verify, config.solvers
        )
        return Metamorphic(meta)
    raise ValueError(f"unknown fuzz mode {config.mode}")


def _settings(config: FuzzConfig, check: FuzzCheck) -> dict[str, Any]:
    settings: dict[str, Any] = {
        "max_examples": config.budget.max_examples,
        "time_budget_s": config.budget.time_budget_s,
        "solvers": list(config.solvers),
    }
    if isinstance(check, PassFuzz):
        settings.update(passes=config.passes, driver=config.driver, compiler=check.version)
    if isinstance(check, SelfCheck):
        settings["upstream_jit"] = check.use_jit
    return settings


def _header(config: FuzzConfig, settings: dict[str, Any], finding: Finding) -> dict[str, str]:
    header = {"found by": config.command or f"irproof fuzz --{config.mode}"}
    header["irproof"] = __version__
    if "compiler" in settings:
        header["MLIR version"] = settings["compiler"]
        passes = shlex.quote(config.passes)
        header["reproduce"] = (
            f"irproof pipeline THIS_FILE --passes {passes} --driver {config.driver}"
        )
    elif finding.mode == SELF_CHECK and settings.get("upstream_jit"):
        header["MLIR version"] = "torch-mlir (upstream JIT), see `pip show torch-mlir`"
    return header


def run_fuzz(
    config: FuzzConfig, on_finding: Callable[[Finding, str | None], None] | None = None
) -> FuzzRun:
    """Run `config`; `on_finding(finding, file written)` hears of each new bug when found.
    Bad input (unknown pass or driver, missing compiler) raises `InputError` first."""
    check = _check(config)
    folder = FindingsDir(config.findings) if config.findings else None
    known = KnownFindings(folder.known_keys() if folder else [])
    settings = _settings(config, check)
    files: dict[str, str] = {}

    def found(finding: Finding) -> None:
        file = None
        if folder is not None:
            file = str(folder.write(finding, _header(config, settings, finding)))
            files[finding.key] = file
        if on_finding is not None:
            on_finding(finding, file)

    def superseded(finding: Finding) -> None:
        files.pop(finding.key, None)
        if folder is not None:
            folder.remove(finding)

    try:
        findings, stats = search(check, config.budget, known, found, superseded)
    finally:
        close = getattr(check, "close", None)
        if close is not None:
            close()
    notes: dict[str, int] = {}
    if isinstance(check, PassFuzz):
        notes = {f"pass error: {m}": n for m, n in check.pass_errors.most_common(10)}
    return FuzzRun(config.mode, config.budget.seed, stats, findings, settings, notes, files)
