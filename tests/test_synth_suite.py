"""The synthesis suite (`corpus/synth/`, also the benchmark's): every program reaches the
optimal cost written in its header, and the reported rewrite verifies."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from irproof.api import verify_file
from irproof.loading import parse_module
from irproof.synth.search import SynthOptions, synthesize_module
from irproof.verifier.verify import CORRECT, UNKNOWN
from tests.conftest import CORPUS

SUITE = sorted((CORPUS / "synth").glob("*.mlir"))
OPTIMAL_COST = re.compile(r"^// OPTIMAL-COST: (\d+)$", re.M)


def test_the_suite_has_at_least_30_programs() -> None:
    assert len(SUITE) >= 30
    assert all(OPTIMAL_COST.search(p.read_text()) for p in SUITE)


@pytest.mark.parametrize("path", SUITE, ids=lambda p: p.stem)
def test_suite_program_reaches_its_optimal_cost(path: Path, tmp_path: Path) -> None:
    match = OPTIMAL_COST.search(path.read_text())
    assert match is not None
    [result] = synthesize_module(str(path), parse_module(str(path)), SynthOptions())
    assert result.status != UNKNOWN, result.reason
    assert result.cost[0] == int(match[1]), result.expression
    rewrite = tmp_path / "rewrite.mlir"
    rewrite.write_text(result.rewrite)
    assert [r.verdict for r in verify_file(str(rewrite))] == [CORRECT]
