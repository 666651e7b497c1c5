"""Verifying float rewrites end to end: `--fp` modes, the abstract mode's exact re-check,
float counterexamples and their replay (nondeterministic choices, NaN bits), fast-math
approximation flags. The verdicts of the float corpus are in tests/test_corpus.py."""

from __future__ import annotations

import json
from collections.abc import Callable

from irproof.api import verify_file
from irproof.loading import parse_module
from irproof.verifier import float_policy
from irproof.verifier.pairs import find_pairs
from irproof.verifier.verify import VerifyOptions

CLI = Callable[..., tuple[int, str, str]]
Write = Callable[[str], str]

MUL_TWO = """
func.func @src(%x: f32) -> f32 {
  %c = arith.constant 2.0 : f32
  %r = arith.mulf %x, %c : f32
  return %r : f32
}
func.func @tgt(%x: f32) -> f32 {
  %r = arith.addf %x, %x : f32
  return %r : f32
}
"""

ADD_ZERO = """
func.func @src(%x: f32) -> f32 {
  %c = arith.constant 0.0 : f32
  %r = arith.addf %x, %c : f32
  return %r : f32
}
func.func @tgt(%x: f32) -> f32 {
  return %x : f32
}
"""


def _verdicts(out: str) -> dict[str, str]:
    return {r["name"]: r["verdict"] for r in json.loads(out)["results"]}


def test_fp_option(run_cli: CLI, mlir_file: Write) -> None:
    path = mlir_file(MUL_TWO)
    for mode in ("exact", "abstract", "auto"):
        code, out, _ = run_cli("verify", path, "--fp", mode, "--json")
        assert code == 0 and set(_verdicts(out).values()) == {"correct"}, mode
    code, _, err = run_cli("verify", path, "--fp", "approximate")
    assert code == 2 and "--fp" in err


def test_abstract_mode_rechecks_exactly(mlir_file: Write) -> None:
    """x * 2 = x + x is beyond uninterpreted functions: the abstract counterexamples are
    spurious, the exact re-check proves it; x + 0.0 = x fails abstractly and exactly."""
    abstract = VerifyOptions(fp="abstract")
    (proved,) = verify_file(mlir_file(MUL_TWO), abstract)
    assert proved.verdict == "correct", proved.reason
    (refuted,) = verify_file(mlir_file(ADD_ZERO), abstract)
    assert refuted.verdict == "incorrect", refuted.reason
    assert refuted.counterexample is not None
    assert refuted.counterexample.inputs[0].text == "f32 0x80000000 (-0.0)"


def test_auto_mode_threshold(mlir_file: Write) -> None:
    ops = "\n".join(f"  %a{i} = arith.addf %a{i - 1}, %x : f32" for i in range(1, 14))
    text = f"""
    func.func @big_src(%x: f32) -> f32 {{
      %a0 = arith.addf %x, %x : f32
    {ops}
      return %a13 : f32
    }}
    func.func @big_tgt(%x: f32) -> f32 {{
      %a0 = arith.addf %x, %x : f32
    {ops}
      return %a13 : f32
    }}
    """
    module = parse_module("big.mlir", text)
    (pair,) = find_pairs(module, "big")
    assert float_policy.abstracted_op_count(module, pair.source, pair.target) == 28
    assert float_policy.choose_mode(module, pair.source, pair.target, "auto") == "abstract"
    assert float_policy.choose_mode(module, pair.source, pair.target, "exact") == "exact"
    small_module = parse_module("small.mlir", MUL_TWO)
    (small,) = find_pairs(small_module, "small")
    assert float_policy.choose_mode(small_module, small.source, small.target, "auto") == "exact"


def test_float_counterexample_text(run_cli: CLI, mlir_file: Write) -> None:
    code, out, _ = run_cli("verify", mlir_file(ADD_ZERO))
    assert code == 1
    assert "%x = f32 0x80000000 (-0.0)" in out
    assert "return #0 = f32 0x00000000 (0.0)" in out
    assert "confirmed by the concrete interpreter" in out


def test_nsz_choice_of_the_target_is_replayed(mlir_file: Write) -> None:
    """The target may flip the sign of a zero (nsz); the replay runs it as the model chose."""
    text = """
    func.func @src(%x: f32) -> f32 {
      return %x : f32
    }
    func.func @tgt(%x: f32) -> f32 {
      %c = arith.constant -0.0 : f32
      %r = arith.addf %x, %c fastmath<nsz> : f32
      return %r : f32
    }
    """
    (result,) = verify_file(mlir_file(text))
    assert result.verdict == "incorrect", result.reason
    cex = result.counterexample
    assert cex is not None and [c.kind for c in cex.target_choices] == ["zero_sign"]
    assert cex.target_choices[0].value == 1  # the flip is what makes it fail


def test_source_nan_bits_are_not_a_counterexample(mlir_file: Write) -> None:
    """The bits of a NaN an op returns are unspecified: a failure that reads them from the
    source through a bitcast is not confirmed."""
    text = """
    func.func @src(%x: f32) -> i32 {
      %z = arith.constant 0.0 : f32
      %q = arith.divf %z, %z : f32
      %r = arith.bitcast %q : f32 to i32
      return %r : i32
    }
    func.func @tgt(%x: f32) -> i32 {
      %r = arith.constant -4194304 : i32
      return %r : i32
    }
    """
    (result,) = verify_file(mlir_file(text))
    assert result.verdict == "unknown", result.reason
    assert "bitcasts a NaN" in result.reason
    # twin: the target's NaN bits are free, so a fixed pattern in the source is not refined
    swapped = text.replace("@src", "@tmp").replace("@tgt", "@src").replace("@tmp", "@tgt")
    (result,) = verify_file(mlir_file(swapped))
    assert result.verdict == "incorrect", result.reason


def test_approximation_flags(mlir_file: Write) -> None:
    base = """
    func.func @src(%x: f16, %y: f16) -> f16 {
      %r = arith.addf %x, %y SRC : f16
      return %r : f16
    }
    func.func @tgt(%x: f16, %y: f16) -> f16 {
      %r = arith.addf %y, %x TGT : f16
      return %r : f16
    }
    """
    cases = {
        ("", ""): "correct",
        ("fastmath<afn>", ""): "correct",  # the target is one behaviour of the source
        ("", "fastmath<arcp>"): "unknown",  # the target may compute something else
        ("fastmath<fast>", "fastmath<fast>"): "unknown",
    }
    for (src, tgt), verdict in cases.items():
        (result,) = verify_file(mlir_file(base.replace("SRC", src).replace("TGT", tgt)))
        assert result.verdict == verdict, (src, tgt, result.reason)
