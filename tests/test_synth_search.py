"""`irproof synth` on single functions: known optimal forms are found, every result is
re-verified by the verifier, and wrong candidates never come out."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from irproof.api import verify_file
from irproof.errors import InputError
from irproof.loading import parse_module
from irproof.synth import search
from irproof.synth.cegis import solve
from irproof.synth.check import verify_texts
from irproof.synth.evaluate import make_rows
from irproof.synth.program import Expr, Signature, arg, hole
from irproof.synth.search import FOUND, OPTIMAL, SynthOptions, SynthResult, synthesize_module
from irproof.verifier.verify import CORRECT, INCORRECT, UNKNOWN, VerifyOptions

Write = Callable[[str], str]

MUL8 = """
func.func @mul8(%x: i32) -> i32 {
  %c8 = arith.constant 8 : i32
  %r = arith.muli %x, %c8 : i32
  return %r : i32
}"""
AND_OR_NOT = """
func.func @and_or_not(%x: i32, %y: i32) -> i32 {
  %m = arith.constant -1 : i32
  %ny = arith.xori %y, %m : i32
  %a = arith.andi %x, %y : i32
  %b = arith.andi %x, %ny : i32
  %r = arith.ori %a, %b : i32
  return %r : i32
}"""
SELECT_ONE_ZERO = """
func.func @sel(%c: i1) -> i32 {
  %one = arith.constant 1 : i32
  %zero = arith.constant 0 : i32
  %r = arith.select %c, %one, %zero : i32
  return %r : i32
}"""
NEG_NEG = """
func.func @negneg(%x: i8) -> i8 {
  %z = arith.constant 0 : i8
  %a = arith.subi %z, %x : i8
  %r = arith.subi %z, %a : i8
  return %r : i8
}"""
ADD_XY = """
func.func @add(%x: i32, %y: i32) -> i32 {
  %r = arith.addi %x, %y : i32
  return %r : i32
}"""
SELECT_ZERO_ONE = """
func.func @sel01(%c: i1) -> i32 {
  %one = arith.constant 1 : i32
  %zero = arith.constant 0 : i32
  %r = arith.select %c, %zero, %one : i32
  return %r : i32
}"""
ADD_NSW = """
func.func @add_nsw(%x: i8, %y: i8) -> i8 {
  %r = arith.addi %x, %y overflow<nsw> : i8
  return %r : i8
}"""


def _synth(write: Write, text: str, **options: object) -> SynthResult:
    path = write(text)
    [result] = synthesize_module(path, parse_module(path), SynthOptions(**options))  # type: ignore[arg-type]
    return result


def _reverified(result: SynthResult, tmp_path: Path, generic: bool = False) -> str:
    """The verdict of `irproof verify` on the reported rewrite (as a file)."""
    path = tmp_path / f"{result.name}_rewrite.mlir"
    path.write_text(result.generic_rewrite if generic else result.rewrite)
    [pair] = verify_file(str(path))
    return pair.verdict


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (MUL8, "shli(x, 3)"),
        (AND_OR_NOT, "x"),
        (SELECT_ONE_ZERO, "extui(c)"),
        (NEG_NEG, "x"),
    ],
)
def test_known_optimal_forms_are_found_and_reverify(
    mlir_file: Write, tmp_path: Path, text: str, expected: str
) -> None:
    result = _synth(mlir_file, text)
    assert result.status == FOUND and result.expression == expected
    assert result.cost < result.source_cost
    assert _reverified(result, tmp_path) == CORRECT


@pytest.mark.parametrize("text", [ADD_XY, SELECT_ZERO_ONE])
def test_a_source_without_a_cheaper_equivalent_is_itself(
    mlir_file: Write, tmp_path: Path, text: str
) -> None:
    """Twin of the `found` tests: nothing cheaper exists, the rewrite is the identity."""
    result = _synth(mlir_file, text)
    assert result.status == OPTIMAL and result.cost == result.source_cost
    assert result.expression == "" and "max" not in result.reason
    assert _reverified(result, tmp_path) == CORRECT


def test_flags_are_dropped_only_where_that_refines(mlir_file: Write, tmp_path: Path) -> None:
    """A target may be less poisonous than the source: `addi nsw` is refined by `addi`, but
    nothing cheaper than one op computes it."""
    result = _synth(mlir_file, ADD_NSW)
    assert result.status == OPTIMAL


def test_wrong_candidates_are_rejected_by_the_verifier(
    mlir_file: Write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the fingerprint filter switched off every expression is a candidate: the
    verifier must reject the wrong ones (x, 0, x + x, ...), whatever comes out is proved."""
    monkeypatch.setattr(search, "refines", lambda target, source: True)
    result = _synth(mlir_file, MUL8, max_ops=1, cegis=False)
    assert result.refuted > 0
    assert result.status in (FOUND, OPTIMAL)
    assert _reverified(result, tmp_path) == CORRECT
    if result.status == FOUND:
        assert result.expression in ("shli(x, 3)", "muli(x, 8)")


def test_a_wrong_target_is_refuted_with_a_counterexample(mlir_file: Write) -> None:
    module = parse_module(mlir_file(MUL8))
    function = next(iter(module.ops))
    signature = Signature(("x",), ("i32",), "i32")
    x = arg(0, "i32")
    from irproof.synth.check import source_text
    from irproof.synth.program import const, function_text

    source = source_text(function, "mul8_src")  # type: ignore[arg-type]
    wrong = function_text("mul8_tgt", signature, Expr("arith.shli", "i32", (x, const(2, "i32"))))
    checked = verify_texts("mul8", source, wrong, VerifyOptions())
    assert checked.verdict == INCORRECT and checked.inputs is not None
    right = function_text("mul8_tgt", signature, Expr("arith.shli", "i32", (x, const(3, "i32"))))
    assert verify_texts("mul8", source, right, VerifyOptions()).verdict == CORRECT


def test_constants_come_from_cegis(mlir_file: Write) -> None:
    """(x + 3) + 5: 8 is not in the constant pool (0, 1, -1, 3, 5): CEGIS finds it."""
    text = """
func.func @addadd(%x: i16) -> i16 {
  %c3 = arith.constant 3 : i16
  %c5 = arith.constant 5 : i16
  %a = arith.addi %x, %c3 : i16
  %r = arith.addi %a, %c5 : i16
  return %r : i16
}"""
    result = _synth(mlir_file, text)
    assert result.expression == "addi(x, 8)" and result.cegis


def _cegis(write: Write, text: str, skeleton: Expr) -> Expr | None:
    path = write(text)
    module = parse_module(path)
    function = next(iter(module.ops))
    sig = Signature(("x",), ("i16",), "i16")
    s = search._Search(module, function, function.sym_name.data, path, SynthOptions(), sig, 1e18)  # type: ignore[arg-type]
    s.rows = make_rows(sig.arg_types)
    s.source_vector = tuple(s.run_source(r) for r in s.rows.inputs)
    outcome = solve(skeleton, sig, s.rows, s.source_vector, s.run_source, s.verify)
    return outcome.expr


ADD_ONE = """
func.func @inc(%x: i16) -> i16 {
  %c = arith.constant 1000 : i16
  %r = arith.addi %x, %c : i16
  return %r : i16
}"""


def test_cegis_solves_a_skeleton_and_twin_has_no_solution(mlir_file: Write) -> None:
    x, c = arg(0, "i16"), hole(0, "i16")
    found = _cegis(mlir_file, ADD_ONE, Expr("arith.subi", "i16", (x, c)))
    assert found is not None and found.args[1].attr == -1000
    # Twin: no constant c makes x * c equal x + 1000.
    assert _cegis(mlir_file, ADD_ONE, Expr("arith.muli", "i16", (x, c))) is None


def test_rewrites_generalize_to_the_widths_they_hold_at(mlir_file: Write, tmp_path: Path) -> None:
    # x * 8 -> x << 3 is poison at i1-i3, where 8 wraps to 0: proved at i4-i16 only, so no
    # width-generic rewrite is claimed.
    result = _synth(mlir_file, MUL8, widths=tuple(range(1, 17)))
    assert result.widths == list(range(4, 17)) and result.failed_widths == [1, 2, 3]
    assert result.generic_rewrite == ""
    # Twin: 0 - (0 - x) -> x holds at every width, and the generic pair verifies.
    general = _synth(mlir_file, NEG_NEG, widths=tuple(range(1, 17)))
    assert general.widths == list(range(1, 17)) and general.failed_widths == []
    assert "irproof.generic = [i8]" in general.generic_rewrite
    assert _reverified(general, tmp_path, generic=True) == CORRECT


def test_latency_cost_model(mlir_file: Write) -> None:
    text = """
func.func @mul3(%x: i32) -> i32 {
  %c = arith.constant 3 : i32
  %r = arith.muli %x, %c : i32
  return %r : i32
}"""
    by_ops = _synth(mlir_file, text, cost="ops")
    assert by_ops.status == OPTIMAL  # one op already
    by_latency = _synth(mlir_file, text, cost="latency")
    assert by_latency.status == FOUND and by_latency.cost == (2, 2)  # (x << 1) + x


def test_a_search_out_of_time_is_unknown(mlir_file: Write) -> None:
    result = _synth(mlir_file, AND_OR_NOT, timeout_s=1e-9)
    assert result.status == UNKNOWN and "timed out" in result.reason


def test_unsupported_signatures_are_input_errors(mlir_file: Write) -> None:
    text = """
func.func @f(%x: f32) -> f32 {
  %r = arith.addf %x, %x : f32
  return %r : f32
}"""
    path = mlir_file(text)
    with pytest.raises(InputError, match="@f: synth handles"):
        synthesize_module(path, parse_module(path), SynthOptions())


def test_counterexamples_become_rows_and_the_search_restarts(
    mlir_file: Write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With one fingerprint row (x = 0), almost every expression looks equal to the
    source; the verifier refutes them, their counterexamples become rows, and the search
    still ends at the verified optimum."""
    real = search.make_rows

    def one_row(arg_types):  # type: ignore[no-untyped-def]
        rows = real(arg_types)
        rows.inputs, rows.variables = rows.inputs[:1], rows.variables[:1]
        return rows

    monkeypatch.setattr(search, "make_rows", one_row)
    result = _synth(mlir_file, NEG_NEG.replace("%r = arith.subi %z, %a", "%r = arith.addi %x, %a"))
    assert result.refuted >= 1 and result.restarts >= 1
    assert result.status == FOUND and result.expression == "0"
    assert _reverified(result, tmp_path) == CORRECT
