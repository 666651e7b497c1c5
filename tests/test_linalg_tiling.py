"""Tiling through the transform dialect (`transform-interpreter` running
`transform.structured.tile_using_for`), validated with real upstream passes.

`corpus/pipelines/linalg_tile_matmul.mlir` carries its transform script in a nested
`module attributes {transform.with_named_sequence}`: irproof parses it (xDSL's `transform`
dialect) and validates only the module's own functions, so `irproof pipeline` checks the
tiling directly (the pipeline corpus runs it too). A twin with swapped tile offsets in
upstream's output must be `incorrect`, and a function inside a nested module is no pair.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from irproof.api import translation_validate, validate_pipeline
from irproof.verifier.drivers import make_driver
from irproof.verifier.pass_pipeline import split_pipeline
from irproof.verifier.verify import CORRECT, INCORRECT, PairResult, VerifyOptions

pytest.importorskip("torch_mlir", reason="the mlir driver needs the torch-mlir wheel")

pytestmark = pytest.mark.mlir

PROGRAM = (
    Path(__file__).resolve().parent.parent / "corpus" / "pipelines" / "linalg_tile_matmul.mlir"
)
PASSES = "builtin.module(transform-interpreter)"
OPTIONS = VerifyOptions(timeout_s=30.0)
FUNCTIONS = {"matmul_tiled", "matmul_partial_tiles"}


@pytest.fixture(scope="module")
def tiled() -> str:
    """Upstream's output of the transform interpreter, transform module included."""
    text = PROGRAM.read_text()
    driver = make_driver("mlir")
    for step in split_pipeline(PASSES):
        text = driver.run(text, step)
    assert "scf.for" in text, text
    assert "transform.named_sequence" in text, text
    return text


def validate(tmp_path: Path, before: str, after: str) -> dict[str, PairResult]:
    before_path, after_path = tmp_path / "before.mlir", tmp_path / "after.mlir"
    before_path.write_text(before)
    after_path.write_text(after)
    results = translation_validate(str(before_path), str(after_path), OPTIONS)
    return {r.name: r for r in results}


def test_irproof_pipeline_reads_the_transform_script() -> None:
    _, results = validate_pipeline(str(PROGRAM), PASSES, "mlir", OPTIONS)
    assert {r.result.name for r in results} == FUNCTIONS
    for r in results:
        assert r.result.verdict == CORRECT, f"{r.result.name}: {r.result.reason}"


def _swap_first_offsets(pattern: str, text: str) -> str:
    """Swap the two offsets of the one access matching `pattern` (groups 1, 2)."""
    new, count = re.subn(
        pattern, lambda m: m[0].replace(f"{m[1]}, {m[2]}", f"{m[2]}, {m[1]}"), text
    )
    assert count == 1, f"{pattern!r} matched {count} times in:\n{text}"
    return new


def test_swapped_tile_offsets_are_incorrect(tiled: str, tmp_path: Path) -> None:
    """The output tile written at (j, i) instead of (i, j), in both functions."""
    broken = _swap_first_offsets(r"memref\.subview %arg2\[(%\w+), (%\w+)\]", tiled)
    broken = _swap_first_offsets(r"tensor\.insert_slice %\w+ into %\w+\[(%\w+), (%\w+)\]", broken)
    results = validate(tmp_path, PROGRAM.read_text(), broken)
    assert set(results) == FUNCTIONS
    for result in results.values():
        assert result.verdict == INCORRECT, f"{result.name}: {result.reason}"
        assert result.counterexample is not None
        assert result.counterexample.replay.startswith("confirmed")


NESTED = """
func.func @f(%x: i8) -> i8 {{
  return %x : i8
}}
module attributes {{transform.with_named_sequence}} {{
  func.func @g() -> i8 {{
    %c = arith.constant {value} : i8
    return %c : i8
  }}
}}
"""


def test_functions_in_nested_modules_are_not_pairs(tmp_path: Path) -> None:
    """@g changes its result inside the nested module: not validated, only @f is."""
    results = validate(tmp_path, NESTED.format(value=1), NESTED.format(value=2))
    assert set(results) == {"f"}
    assert results["f"].verdict == CORRECT
