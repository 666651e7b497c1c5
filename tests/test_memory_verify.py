"""The memory side of `irproof verify`: aliasing configurations and `--noalias`, the memory
encoding report, counterexamples with memory, and bufferized signatures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from irproof.cli import main
from irproof.loading import parse_module
from irproof.verifier.memory_inputs import MAX_CONFIGURATIONS, alias_configurations
from irproof.verifier.pairs import find_pairs
from irproof.verifier.verify import VerifyOptions, verify_pair
from tests.conftest import CORPUS

LOAD_STORE = CORPUS / "memref" / "load_store.mlir"


def _verdict(path: Path, name: str, options: VerifyOptions) -> object:
    module = parse_module(str(path))
    pair = next(p for p in find_pairs(module, path.stem) if p.name == name)
    return verify_pair(module, pair, str(path), options)


def test_aliasing_arguments_break_forwarding_unless_noalias() -> None:
    aliased = _verdict(LOAD_STORE, "store_forward_across_alias", VerifyOptions())
    assert aliased.verdict == "incorrect"  # type: ignore[attr-defined]
    assert "%a and %b alias" in aliased.reason  # type: ignore[attr-defined]
    apart = _verdict(LOAD_STORE, "store_forward_across_alias", VerifyOptions(noalias=True))
    assert apart.verdict == "correct"  # type: ignore[attr-defined]


def test_swapping_stores_to_two_arguments_needs_noalias() -> None:
    swapped = _verdict(LOAD_STORE, "swap_stores_two_arguments", VerifyOptions())
    assert swapped.verdict == "incorrect"  # type: ignore[attr-defined]
    apart = _verdict(LOAD_STORE, "swap_stores_two_arguments", VerifyOptions(noalias=True))
    assert apart.verdict == "correct"  # type: ignore[attr-defined]


def _function(arg_types: list[str]) -> object:
    args = ", ".join(f"%a{i}: {t}" for i, t in enumerate(arg_types))
    text = f"func.func @src({args}) {{\n  return\n}}\nfunc.func @tgt({args}) {{\n  return\n}}\n"
    module = parse_module("f.mlir", text)
    return next(iter(find_pairs(module, "f"))).source


@pytest.mark.parametrize(("count", "expected"), [(1, 1), (2, 2), (3, 5), (4, 15), (5, 52)])
def test_every_partition_of_same_typed_arguments_is_a_configuration(
    count: int, expected: int
) -> None:
    configurations = alias_configurations(_function(["memref<4xi32>"] * count), False)  # type: ignore[arg-type]
    assert len(configurations) == expected
    assert len(set(configurations)) == expected
    assert configurations[0] == tuple(range(count))  # all apart first
    assert len(alias_configurations(_function(["memref<4xi32>"] * count), True)) == 1  # type: ignore[arg-type]


def test_arguments_of_other_element_types_never_share() -> None:
    configurations = alias_configurations(
        _function(["memref<4xi32>", "memref<4xi64>", "memref<4xi32>"]),  # type: ignore[arg-type]
        False,
    )
    assert len(configurations) == 2
    assert all(c[1] not in (c[0], c[2]) for c in configurations)


def test_too_many_configurations_is_unknown_with_a_hint() -> None:
    text = "\n".join(
        f"func.func @{side}({', '.join(f'%a{i}: memref<2xi8>' for i in range(6))}) {{\n  return\n}}"
        for side in ("src", "tgt")
    )
    module = parse_module("many.mlir", text)
    pair = next(iter(find_pairs(module, "many")))
    result = verify_pair(module, pair, "many.mlir", VerifyOptions())
    assert result.verdict == "unknown"
    assert str(MAX_CONFIGURATIONS) in result.reason and "--noalias" in result.reason
    assert verify_pair(module, pair, "many.mlir", VerifyOptions(noalias=True)).verdict == "correct"


def test_json_reports_the_encoding_and_the_memory_of_a_counterexample(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["verify", str(LOAD_STORE), "--json", "--index-width", "32"])
    assert code == 1
    report = json.loads(capsys.readouterr().out)
    by_name = {r["name"]: r for r in report["results"]}
    # constant offsets only: element-wise; a store at %a[%i]: the array theory
    assert by_name["swap_stores_same_buffer"]["memory"].startswith("element-wise encoding")
    assert by_name["store_load_forward"]["memory"].startswith("arrays encoding")
    dropped = by_name["dropped_store"]
    assert dropped["verdict"] == "incorrect"
    cex = dropped["counterexample"]
    assert cex["failed"] == "memory" and cex["block"] == "%a"
    assert cex["memory"]["arguments"]["%a"].startswith("memref<4xi32>")
    assert cex["replay"].startswith("confirmed by the concrete interpreter")


def test_verbose_names_the_encoding(capsys: pytest.CaptureFixture[str]) -> None:
    path = CORPUS / "tensor" / "bufferize.mlir"
    main(["verify", str(path), "--verbose", "--index-width", "64"])
    out = capsys.readouterr().out
    assert "memory: arrays encoding" in out  # dynamic layouts: symbolic offsets
    main(["verify", str(LOAD_STORE), "--verbose", "--index-width", "64"])
    assert "memory: element-wise encoding" in capsys.readouterr().out


def test_a_buffer_of_another_shape_is_not_a_bufferized_tensor() -> None:
    text = """
func.func @f_src(%x: tensor<4xi8>) -> i8 {
  %c0 = arith.constant 0 : index
  %v = tensor.extract %x[%c0] : tensor<4xi8>
  return %v : i8
}
func.func @f_tgt(%x: memref<8xi8>) -> i8 {
  %c0 = arith.constant 0 : index
  %v = memref.load %x[%c0] : memref<8xi8>
  return %v : i8
}
"""
    module = parse_module("shape.mlir", text)
    pair = next(iter(find_pairs(module, "shape")))
    result = verify_pair(module, pair, "shape.mlir", VerifyOptions())
    assert result.verdict == "unknown" and "has type" in result.reason
