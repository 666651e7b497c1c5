"""Every program of `corpus/pipelines/` through every pipeline written next to it, with real
upstream MLIR passes (the in-process `mlir` driver), each function getting the verdict
recorded there (grammar: tests/pipeline_expectations.py)."""

from __future__ import annotations

import pytest

from irproof.api import validate_pipeline
from irproof.verifier.verify import VerifyOptions
from tests.pipeline_expectations import PipelineCase, combined_verdicts, pipeline_cases

pytest.importorskip("torch_mlir", reason="the mlir driver needs the torch-mlir wheel")

pytestmark = pytest.mark.mlir

OPTIONS = VerifyOptions(timeout_s=30.0)
CASES = pipeline_cases()


def _param(case: PipelineCase) -> object:
    marks = [pytest.mark.slow] if case.slow else []
    return pytest.param(case, id=case.id, marks=marks)


def test_the_corpus_is_big_enough() -> None:
    programs = {case.path for case in CASES}
    assert len(programs) >= 30
    assert len(CASES) >= 60


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_pipeline_verdicts(case: PipelineCase) -> None:
    _, results = validate_pipeline(str(case.path), case.passes, "mlir", OPTIONS)
    assert results, f"{case.id}: nothing was validated"
    got = combined_verdicts([(r.result.name, r.result.verdict, r.result.bounded) for r in results])
    wrong = {
        name: (verdict, case.expectation(name))
        for name, verdict in got.items()
        if verdict != case.expectation(name)
    }
    reasons = {
        f"{r.step.label}::{r.result.name}": r.result.reason
        for r in results
        if r.result.name in wrong and r.result.verdict != "correct"
    }
    assert not wrong, f"{case.id}: (got, expected) {wrong}; reasons {reasons}"
