"""Every corpus pair gets the verdict written next to it, correct pairs pass the identity
checks, and the SMT-LIB text of every query gets the same answer from the `z3` binary."""

from __future__ import annotations

import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from irproof.api import smtlib_queries
from irproof.loading import parse_module
from irproof.verifier.pairs import FunctionPair, find_pairs
from irproof.verifier.verify import PairResult, VerifyOptions, verify_pair
from tests.corpus_expectations import Expectation, all_expectations, corpus_files, expectations

EXPECTATIONS = all_expectations()
OPTIONS = VerifyOptions(timeout_s=30.0)


@cache
def _pairs(path: Path) -> tuple[object, dict[str, FunctionPair]]:
    module = parse_module(str(path))
    return module, {p.name: p for p in find_pairs(module, path.stem)}


@cache
def _verdict(path: Path, name: str) -> PairResult:
    module, pairs = _pairs(path)
    return verify_pair(module, pairs[name], str(path), OPTIONS)  # type: ignore[arg-type]


def test_corpus_is_big_enough_and_balanced() -> None:
    assert len(EXPECTATIONS) >= 60
    incorrect = [e for e in EXPECTATIONS if e.verdict == "incorrect"]
    assert len(incorrect) * 3 >= len(EXPECTATIONS)
    assert len({e.id for e in EXPECTATIONS}) == len(EXPECTATIONS)


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_every_pair_has_an_expectation(path: Path) -> None:
    _, pairs = _pairs(path)
    annotated = {e.name for e in expectations(path)}
    assert set(pairs) == annotated


@pytest.mark.parametrize("expected", EXPECTATIONS, ids=lambda e: e.id)
def test_expected_verdict(expected: Expectation) -> None:
    result = _verdict(expected.file, expected.name)
    assert result.verdict == expected.verdict, result.reason
    if expected.verdict == "incorrect":
        assert result.counterexample is not None
        assert result.counterexample.failed == expected.failed, result.reason
        assert result.counterexample.replay == "confirmed by the concrete interpreter"


CORRECT = [e for e in EXPECTATIONS if e.verdict == "correct"]


@pytest.mark.parametrize("expected", CORRECT, ids=lambda e: e.id)
def test_identity(expected: Expectation) -> None:
    module, pairs = _pairs(expected.file)
    pair = pairs[expected.name]
    for function in (pair.source, pair.target):
        same = FunctionPair(expected.name, function, function)
        result = verify_pair(module, same, str(expected.file), OPTIONS)  # type: ignore[arg-type]
        assert result.verdict == "correct", result.reason


def _z3_binary() -> str | None:
    local = Path(sys.executable).parent / "z3"
    return str(local) if local.exists() else shutil.which("z3")


@pytest.mark.skipif(_z3_binary() is None, reason="no z3 binary")
@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
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
