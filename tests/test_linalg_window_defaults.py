"""Convolution and pooling ops without `strides` / `dilations` (both default to 1, as
upstream prints them then), checked against the `linalg.generic` that upstream's
`linalg-generalize-named-ops` makes of them, with incorrect twins."""

from __future__ import annotations

from pathlib import Path

import pytest

from irproof.api import validate_pipeline, verify_file
from irproof.dialects.mlir.linalg import UNIT_WINDOW
from irproof.loading import parse_module
from irproof.verifier.verify import CORRECT, INCORRECT, PairResult, VerifyOptions

OPTIONS = VerifyOptions(timeout_s=30.0)

CONV = """
func.func @conv_src(%I: tensor<1x3x3x1xi8>, %F: tensor<2x2x1x1xi8>, %O: tensor<1x2x2x1xi8>) -> tensor<1x2x2x1xi8> {
  %r = linalg.conv_2d_nhwc_hwcf ins(%I, %F : tensor<1x3x3x1xi8>, tensor<2x2x1x1xi8>) outs(%O : tensor<1x2x2x1xi8>) -> tensor<1x2x2x1xi8>
  return %r : tensor<1x2x2x1xi8>
}
func.func @conv_tgt(%I: tensor<1x3x3x1xi8>, %F: tensor<2x2x1x1xi8>, %O: tensor<1x2x2x1xi8>) -> tensor<1x2x2x1xi8> {
  %r = linalg.generic {indexing_maps = [
        affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d4, d2 + d5, d6)>,
        affine_map<(d0, d1, d2, d3, d4, d5, d6) -> FILTER>,
        affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>],
      iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%I, %F : tensor<1x3x3x1xi8>, tensor<2x2x1x1xi8>) outs(%O : tensor<1x2x2x1xi8>) {
  ^bb0(%in: i8, %in_0: i8, %out: i8):
    %1 = arith.muli %in, %in_0 : i8
    %2 = arith.addi %out, %1 : i8
    linalg.yield %2 : i8
  } -> tensor<1x2x2x1xi8>
  return %r : tensor<1x2x2x1xi8>
}
"""
"""`FILTER`: upstream's filter map is `(d4, d5, d6, d3)` (kh, kw, c, f)."""

POOL = """
func.func @pool_src(%I: tensor<1x1x3x3xi8>, %W: tensor<2x2xi8>, %O: tensor<1x1x2x2xi8>) -> tensor<1x1x2x2xi8> {
  %r = linalg.pooling_nchw_max ins(%I, %W : tensor<1x1x3x3xi8>, tensor<2x2xi8>) outs(%O : tensor<1x1x2x2xi8>) -> tensor<1x1x2x2xi8>
  return %r : tensor<1x1x2x2xi8>
}
func.func @pool_tgt(%I: tensor<1x1x3x3xi8>, %W: tensor<2x2xi8>, %O: tensor<1x1x2x2xi8>) -> tensor<1x1x2x2xi8> {
  %r = linalg.generic {indexing_maps = [
        affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 + d4, d3 + d5)>,
        affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>,
        affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>],
      iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
      ins(%I, %W : tensor<1x1x3x3xi8>, tensor<2x2xi8>) outs(%O : tensor<1x1x2x2xi8>) {
  ^bb0(%in: i8, %in_0: i8, %out: i8):
    %1 = arith.maxsi BODY : i8
    linalg.yield %1 : i8
  } -> tensor<1x1x2x2xi8>
  return %r : tensor<1x1x2x2xi8>
}
"""
"""`BODY`: upstream's is `%out, %in` (xDSL's pooling_nchw_max had `%in, %in_0`)."""


def _verify(tmp_path: Path, text: str) -> PairResult:
    path = tmp_path / "pair.mlir"
    path.write_text(text)
    [result] = verify_file(str(path), OPTIONS)
    return result


def test_absent_strides_and_dilations_read_as_one() -> None:
    module = parse_module("conv.mlir", CONV.replace("FILTER", "(d4, d5, d6, d3)"))
    conv = next(op for op in module.walk() if op.name == "linalg.conv_2d_nhwc_hwcf")
    assert "strides" not in conv.properties and "dilations" not in conv.properties
    assert conv.strides == UNIT_WINDOW and conv.dilations == UNIT_WINDOW  # type: ignore[attr-defined]
    assert "linalg.conv_2d_nhwc_hwcf ins(" in str(module)  # printed as upstream does


STRIDED = """
func.func @f(%I: memref<1x1x4x4xi8>, %W: memref<2x2xi8>, %O: memref<1x1x2x2xi8>) {
  linalg.pooling_nchw_max {strides = dense<2> : tensor<2xi64>}
      ins(%I, %W : memref<1x1x4x4xi8>, memref<2x2xi8>) outs(%O : memref<1x1x2x2xi8>)
  return
}
"""


def test_explicit_strides_are_kept() -> None:
    module = parse_module("strided.mlir", STRIDED)
    pool = next(op for op in module.walk() if op.name == "linalg.pooling_nchw_max")
    assert pool.strides.get_values() == (2, 2)  # type: ignore[attr-defined]
    assert pool.dilations.get_values() == (1, 1)  # type: ignore[attr-defined]
    assert "{strides = dense<2> : tensor<2xi64>}" in str(module)


def test_conv_without_attributes_is_its_generalization(tmp_path: Path) -> None:
    result = _verify(tmp_path, CONV.replace("FILTER", "(d4, d5, d6, d3)"))
    assert result.verdict == CORRECT, result.reason


def test_conv_with_a_transposed_filter_is_incorrect(tmp_path: Path) -> None:
    result = _verify(tmp_path, CONV.replace("FILTER", "(d5, d4, d6, d3)"))
    assert result.verdict == INCORRECT, result.reason
    assert result.counterexample is not None
    assert result.counterexample.replay.startswith("confirmed")


def test_pooling_without_attributes_is_its_generalization(tmp_path: Path) -> None:
    result = _verify(tmp_path, POOL.replace("BODY", "%out, %in"))
    assert result.verdict == CORRECT, result.reason


def test_pooling_is_not_the_maximum_with_the_window_operand(tmp_path: Path) -> None:
    """The body xDSL's pooling_nchw_max had: max(input, window element)."""
    result = _verify(tmp_path, POOL.replace("BODY", "%in, %in_0"))
    assert result.verdict == INCORRECT, result.reason
    assert result.counterexample is not None
    assert result.counterexample.replay.startswith("confirmed")


NHWC_POOLS = """
func.func @sum_nhwc(%I: memref<1x3x3x1xi32>, %W: memref<2x2xi32>, %O: memref<1x2x2x1xi32>) {
  linalg.pooling_nhwc_sum ins(%I, %W : memref<1x3x3x1xi32>, memref<2x2xi32>) outs(%O : memref<1x2x2x1xi32>)
  return
}
func.func @max_nhwc(%I: memref<1x3x3x1xf32>, %W: memref<2x2xf32>, %O: memref<1x2x2x1xf32>) {
  linalg.pooling_nhwc_max ins(%I, %W : memref<1x3x3x1xf32>, memref<2x2xf32>) outs(%O : memref<1x2x2x1xf32>)
  return
}
"""


@pytest.mark.mlir
def test_upstream_generalization_without_attributes_is_correct(tmp_path: Path) -> None:
    """What the mlir driver's linalg-generalize-named-ops makes of the named ops."""
    pytest.importorskip("torch_mlir", reason="the mlir driver needs the torch-mlir wheel")
    program = tmp_path / "named.mlir"
    sources = [CONV.split("func.func @conv_tgt")[0], POOL.split("func.func @pool_tgt")[0]]
    program.write_text("".join(sources) + NHWC_POOLS)
    _, results = validate_pipeline(
        str(program), "builtin.module(func.func(linalg-generalize-named-ops))", "mlir", OPTIONS
    )
    verdicts = {r.result.name: r.result.verdict for r in results}
    assert verdicts == dict.fromkeys(["conv_src", "pool_src", "sum_nhwc", "max_nhwc"], CORRECT)
