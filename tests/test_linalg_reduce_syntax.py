"""`linalg.reduce` in upstream's short form (`linalg.reduce { arith.subi } ins(..) outs(..)`):
it means the body `^bb0(%in, %init): %r = arith.subi %init, %in; linalg.yield %r` (init
first: mlir-opt 19 prints that body in the short form, and its generic printer gives it
back), and must verify like that long form; a different body op, or the operands in the
other order for a non-commutative op, must not."""

from __future__ import annotations

from pathlib import Path

import pytest

from irproof.api import translation_validate
from irproof.verifier.verify import CORRECT, INCORRECT, VerifyOptions

OPTIONS = VerifyOptions(timeout_s=20.0)

LONG = """
func.func @sum(%in: tensor<2x3xi8>, %out: tensor<2xi8>) -> tensor<2xi8> {
  %r = linalg.reduce ins(%in : tensor<2x3xi8>) outs(%out : tensor<2xi8>) dimensions = [1]
    (%a: i8, %b: i8) {
      %s = arith.BODY %OPERANDS : i8
      linalg.yield %s : i8
    }
  return %r : tensor<2xi8>
}
"""

SHORT = """
func.func @sum(%in: tensor<2x3xi8>, %out: tensor<2xi8>) -> tensor<2xi8> {
  %r = linalg.reduce { arith.BODY {overflowFlags = #arith.overflow<none>} }
    ins(%in : tensor<2x3xi8>) outs(%out : tensor<2xi8>) dimensions = [1]
  return %r : tensor<2xi8>
}
"""


def _verdict(tmp_path: Path, before: str, after: str) -> str:
    (tmp_path / "before.mlir").write_text(before)
    (tmp_path / "after.mlir").write_text(after)
    (result,) = translation_validate(
        str(tmp_path / "before.mlir"), str(tmp_path / "after.mlir"), OPTIONS
    )
    if result.verdict == INCORRECT:
        assert result.counterexample is not None
        assert result.counterexample.replay.startswith("confirmed")
    return result.verdict


@pytest.mark.parametrize(
    ("long_body", "short_body", "expected"),
    [
        (("addi", "%b, %a"), "addi", CORRECT),
        (("subi", "%b, %a"), "subi", CORRECT),  # init - in: init first
        (("subi", "%a, %b"), "subi", INCORRECT),  # in - init is another reduction
        (("addi", "%b, %a"), "muli", INCORRECT),
    ],
)
def test_short_form_means_the_body_on_the_block_arguments(
    tmp_path: Path, long_body: tuple[str, str], short_body: str, expected: str
) -> None:
    long = LONG.replace("BODY", long_body[0]).replace("%OPERANDS", long_body[1])
    short = SHORT.replace("BODY", short_body)
    assert _verdict(tmp_path, long, short) == expected


def test_upstream_prints_the_short_form_and_it_validates(tmp_path: Path) -> None:
    """What the MLIR bindings print after a pass that leaves the reduce alone."""
    pytest.importorskip("torch_mlir", reason="the mlir driver needs the torch-mlir wheel")
    from irproof.verifier.drivers import make_driver
    from irproof.verifier.pass_pipeline import split_pipeline

    before = LONG.replace("BODY", "subi").replace("%OPERANDS", "%b, %a")
    (step,) = split_pipeline("builtin.module(cse)")
    after = make_driver("mlir").run(before, step)
    assert "linalg.reduce {" in after, after  # the short form
    assert _verdict(tmp_path, before, after) == CORRECT
    broken = after.replace("arith.subi", "arith.addi")
    assert broken != after
    assert _verdict(tmp_path, before, broken) == INCORRECT
