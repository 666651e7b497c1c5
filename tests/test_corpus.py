"""Every corpus pair gets the verdict written next to it, correct pairs pass the identity
checks, and the SMT-LIB text of every query gets the same answer from the `z3` binary.

PDL / PDLL files are imported first; their pairs are width-generic and are checked at
`GENERIC_WIDTHS` in the default run (stopping an incorrect pattern at its first failing
width), at every width from 1 to 64 in the slow run; their identity checks run at widths
1, 8 and 64. The `z3` binary check is limited to
`.mlir` files: a generic pattern is one query per width (hundreds of z3 processes), and the
nonlinear ones (MulIMulIConstant) take the binary to its time limit at 64 bits, while the
in-process verdicts at those widths are already checked here from the same SMT terms."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from xdsl.dialects import func

from irproof.api import smtlib_queries
from irproof.loading import parse_module
from irproof.verifier.generic import CONSTRAINTS_ATTR, GENERIC_ATTR, parse_widths
from irproof.verifier.importers import importer_for
from irproof.verifier.importers.pdl import find_mlir_pdll
from irproof.verifier.pairs import FunctionPair, find_pairs
from irproof.verifier.verify import UNKNOWN, PairResult, VerifyOptions, verify_pair
from tests.corpus_expectations import (
    Expectation,
    all_expectations,
    corpus_files,
    expectations,
    is_imported,
)

EXPECTATIONS = all_expectations()
OPTIONS = VerifyOptions(timeout_s=30.0)
GENERIC_WIDTHS = parse_widths("1-8,16,32,64")
GENERIC_OPTIONS = VerifyOptions(timeout_s=30.0, widths=GENERIC_WIDTHS, first_failure=True)
ALL_WIDTHS_OPTIONS = VerifyOptions(timeout_s=30.0, widths=parse_widths("1-64"), first_failure=True)
IDENTITY_OPTIONS = VerifyOptions(timeout_s=30.0, widths=(1, 8, 64))


@dataclass(frozen=True)
class _Loaded:
    module: object
    pairs: dict[str, FunctionPair]
    unsupported: dict[str, str]


@cache
def _load(path: Path) -> _Loaded:
    """The pairs of a corpus file (through its importer for PDL / PDLL)."""
    text, unsupported = path.read_text(), []
    if path.suffix == ".pdll" and find_mlir_pdll() is None:
        pytest.skip("no mlir-pdll (apt-get install mlir-19-tools)")
    importer = importer_for(str(path))
    if importer is not None:
        imported = importer(str(path), text)
        text, unsupported = imported.mlir, imported.unsupported
    module = parse_module(str(path), text)
    pairs = find_pairs(module, path.stem, allow_none=bool(unsupported))
    return _Loaded(module, {p.name: p for p in pairs}, dict(unsupported))


def _pairs(path: Path) -> tuple[object, dict[str, FunctionPair]]:
    loaded = _load(path)
    return loaded.module, loaded.pairs


def _options(path: Path) -> VerifyOptions:
    return GENERIC_OPTIONS if is_imported(path) else OPTIONS


@cache
def _verdict(path: Path, name: str, options: VerifyOptions | None = None) -> PairResult:
    loaded = _load(path)
    if name in loaded.unsupported:
        return PairResult(name, str(path), UNKNOWN, f"unsupported: {loaded.unsupported[name]}")
    pair = loaded.pairs[name]
    return verify_pair(loaded.module, pair, str(path), options or _options(path))  # type: ignore[arg-type]


def test_corpus_is_big_enough_and_balanced() -> None:
    assert len(EXPECTATIONS) >= 60
    incorrect = [e for e in EXPECTATIONS if e.verdict == "incorrect"]
    assert len(incorrect) * 3 >= len(EXPECTATIONS)
    assert len({e.id for e in EXPECTATIONS}) == len(EXPECTATIONS)


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_every_pair_has_an_expectation(path: Path) -> None:
    loaded = _load(path)
    annotated = {e.name for e in expectations(path)}
    assert set(loaded.pairs) | set(loaded.unsupported) == annotated


@pytest.mark.parametrize("expected", EXPECTATIONS, ids=lambda e: e.id)
def test_expected_verdict(expected: Expectation) -> None:
    _check_verdict(expected, _verdict(expected.file, expected.name))


GENERIC = [e for e in EXPECTATIONS if is_imported(e.file)]


@pytest.mark.slow
@pytest.mark.parametrize("expected", GENERIC, ids=lambda e: e.id)
def test_expected_verdict_at_every_width(expected: Expectation) -> None:
    """The verdicts of PDL / PDLL patterns hold at every width from 1 to 64."""
    _check_verdict(expected, _verdict(expected.file, expected.name, ALL_WIDTHS_OPTIONS))


def _check_verdict(expected: Expectation, result: PairResult) -> None:
    assert result.verdict == expected.verdict, result.reason
    if expected.verdict == "correct":  # `correct bounded` iff proved only within the bound
        assert result.bounded == expected.bounded, result.reason
    if expected.verdict == "incorrect":
        assert result.counterexample is not None
        assert result.counterexample.failed == expected.failed, result.reason
        # Under load the solver may time out and random testing find it (its replay says so).
        assert result.counterexample.replay.startswith("confirmed by the concrete interpreter")


CORRECT = [e for e in EXPECTATIONS if e.verdict == "correct"]


@pytest.mark.parametrize("expected", CORRECT, ids=lambda e: e.id)
def test_identity(expected: Expectation) -> None:
    module, pairs = _pairs(expected.file)
    pair = pairs[expected.name]
    options = IDENTITY_OPTIONS if is_imported(expected.file) else OPTIONS
    for function in (pair.source, _with_width_variables(pair.target, pair.source)):
        same = FunctionPair(expected.name, function, function)
        result = verify_pair(module, same, str(expected.file), options)  # type: ignore[arg-type]
        assert result.verdict == "correct", result.reason


def _with_width_variables(target: func.FuncOp, source: func.FuncOp) -> func.FuncOp:
    """The target with the source's width variables (a generic pair declares them on the
    source only), so that it can be checked against itself."""
    if GENERIC_ATTR not in source.attributes:
        return target
    copy = target.clone()
    for name in (GENERIC_ATTR, CONSTRAINTS_ATTR):
        if name in source.attributes:
            copy.attributes[name] = source.attributes[name]
    return copy


def _z3_binary() -> str | None:
    local = Path(sys.executable).parent / "z3"
    return str(local) if local.exists() else shutil.which("z3")


@pytest.mark.skipif(_z3_binary() is None, reason="no z3 binary")
@pytest.mark.parametrize(
    "path", [p for p in corpus_files() if not is_imported(p)], ids=lambda p: p.name
)
def test_smtlib_text_gives_the_same_verdict_in_the_z3_binary(path: Path) -> None:
    expected = {e.name: e.verdict for e in expectations(path)}
    answers: dict[str, set[str]] = {}
    for name, _, text in smtlib_queries(str(path), OPTIONS):
        if text.startswith("; unknown"):
            answers.setdefault(name, set()).add("unsupported")
            continue
        run = subprocess.run(
            [str(_z3_binary()), "-in", "-T:60"], input=text, capture_output=True, text=True
        )
        answers.setdefault(name, set()).add(run.stdout.strip())
    for name, verdict in expected.items():
        if verdict == "correct":
            assert answers[name] == {"unsat"}, name
        elif verdict == "incorrect":
            assert "sat" in answers[name], name
