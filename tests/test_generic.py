"""Width-generic pairs (`irproof.generic`), `--widths`, `--first-failure`, `irproof.assume`."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from irproof.verifier.generic import WidthVariables, parse_widths

CLI = Callable[..., tuple[int, str, str]]

MUL8 = """
func.func @mul8_src(%x: i32) -> i32 attributes {irproof.generic = [i32]} {
  %c8 = arith.constant 8 : i32
  %r = arith.muli %x, %c8 : i32
  return %r : i32
}
func.func @mul8_tgt(%x: i32) -> i32 {
  %c3 = arith.constant 3 : i32
  %r = arith.shli %x, %c3 : i32
  return %r : i32
}
"""

NOT_NOT = """
func.func @notnot_src(%x: i32) -> i32 attributes {irproof.generic = [i32]} {
  %m = arith.constant -1 : i32
  %a = arith.xori %x, %m : i32
  %b = arith.xori %a, %m : i32
  return %b : i32
}
func.func @notnot_tgt(%x: i32) -> i32 {
  return %x : i32
}
"""


def _report(run_cli: CLI, path: str, *flags: str) -> tuple[int, dict[str, dict]]:  # type: ignore[type-arg]
    code, out, _ = run_cli("verify", path, "--json", *flags)
    return code, {r["name"]: r for r in json.loads(out)["results"]}


def test_literals_scale_with_the_width(run_cli: CLI, mlir_file: Callable[[str], str]) -> None:
    code, results = _report(run_cli, mlir_file(NOT_NOT), "--widths", "1-64")
    assert code == 0
    assert results["notnot"]["widths"] == list(range(1, 65))


def test_one_not_is_not_the_identity_at_any_width(
    run_cli: CLI, mlir_file: Callable[[str], str]
) -> None:
    # Twin of the test above: with a single xor the all-ones literal flips every bit.
    one_not = NOT_NOT.replace("  %b = arith.xori %a, %m : i32\n  return %b", "  return %a")
    code, results = _report(run_cli, mlir_file(one_not), "--widths", "1-8")
    assert code == 1
    assert results["notnot"]["failed_widths"] == [f"i{w}" for w in range(1, 9)]
    assert results["notnot"]["counterexample"]["failed"] == "value"


def test_x_times_8_is_not_x_shl_3_below_4_bits(
    run_cli: CLI, mlir_file: Callable[[str], str]
) -> None:
    code, results = _report(run_cli, mlir_file(MUL8), "--widths", "1-16")
    mul8 = results["mul8"]
    assert code == 1 and mul8["verdict"] == "incorrect"
    # shifting by 3 is poison when the width is 3 or less; from 4 bits on it is right
    assert mul8["failed_widths"] == ["i1", "i2", "i3"]
    assert mul8["counterexample"]["failed"] == "poison"
    assert mul8["counterexample"]["inputs"]["%x"].startswith("i1 ")


def test_the_same_rewrite_holds_from_4_bits(run_cli: CLI, mlir_file: Callable[[str], str]) -> None:
    code, results = _report(run_cli, mlir_file(MUL8), "--widths", "4-64")
    assert code == 0 and results["mul8"]["verdict"] == "correct"


def test_first_failure_stops_early(run_cli: CLI, mlir_file: Callable[[str], str]) -> None:
    _, results = _report(run_cli, mlir_file(MUL8), "--widths", "1-16", "--first-failure")
    assert results["mul8"]["failed_widths"] == ["i1"]


def test_two_width_variables_with_a_constraint(
    run_cli: CLI, mlir_file: Callable[[str], str]
) -> None:
    text = """
    func.func @ext_src(%x: i1000) -> i1001 attributes {irproof.generic = [i1000, i1001],
        irproof.width_constraints = ["i1000 < i1001"]} {
      %a = arith.extui %x : i1000 to i1001
      return %a : i1001
    }
    func.func @ext_tgt(%x: i1000) -> i1001 {
      %a = arith.extui %x nneg : i1000 to i1001
      return %a : i1001
    }
    func.func @trunc_src(%x: i1001) -> i1000 attributes {irproof.generic = [i1000, i1001],
        irproof.width_constraints = ["i1000 < i1001"]} {
      %a = arith.trunci %x overflow<nuw> : i1001 to i1000
      return %a : i1000
    }
    func.func @trunc_tgt(%x: i1001) -> i1000 {
      %a = arith.trunci %x : i1001 to i1000
      return %a : i1000
    }
    """
    code, results = _report(run_cli, mlir_file(text), "--widths", "1-8")
    assert code == 1
    assert results["ext"]["verdict"] == "incorrect"  # nneg adds poison for negative x
    assert results["ext"]["counterexample"]["failed"] == "poison"
    assert results["trunc"]["verdict"] == "correct"  # dropping a flag is always fine


def test_assume_restricts_the_inputs(run_cli: CLI, mlir_file: Callable[[str], str]) -> None:
    # x udiv 2 == x lshr 1 always; x sdiv 2 == x ashr 1 only when x >= 0.
    text = """
    func.func @sdiv2_src(%x: i8) -> i8 {
      %c0 = arith.constant 0 : i8
      %nonneg = arith.cmpi sge, %x, %c0 : i8
      irproof.assume %nonneg
      %c2 = arith.constant 2 : i8
      %r = arith.divsi %x, %c2 : i8
      return %r : i8
    }
    func.func @sdiv2_tgt(%x: i8) -> i8 {
      %c1 = arith.constant 1 : i8
      %r = arith.shrsi %x, %c1 : i8
      return %r : i8
    }
    func.func @sdiv2_unguarded_src(%x: i8) -> i8 {
      %c2 = arith.constant 2 : i8
      %r = arith.divsi %x, %c2 : i8
      return %r : i8
    }
    func.func @sdiv2_unguarded_tgt(%x: i8) -> i8 {
      %c1 = arith.constant 1 : i8
      %r = arith.shrsi %x, %c1 : i8
      return %r : i8
    }
    """
    code, results = _report(run_cli, mlir_file(text))
    assert results["sdiv2"]["verdict"] == "correct"
    assert results["sdiv2_unguarded"]["verdict"] == "incorrect"
    assert code == 1


def test_assume_in_the_target_adds_ub(run_cli: CLI, mlir_file: Callable[[str], str]) -> None:
    text = """
    func.func @src(%x: i8) -> i8 {
      return %x : i8
    }
    func.func @tgt(%x: i8) -> i8 {
      %c0 = arith.constant 0 : i8
      %ne = arith.cmpi ne, %x, %c0 : i8
      irproof.assume %ne
      return %x : i8
    }
    """
    code, results = _report(run_cli, mlir_file(text))
    assert code == 1
    (only,) = results.values()
    assert only["counterexample"]["failed"] == "ub"


def test_not_poison_argument_attribute(run_cli: CLI, mlir_file: Callable[[str], str]) -> None:
    # A target that uses an input the source ignores is wrong only if that input may be poison.
    template = """
    func.func @src(%c: i8 ARG, %x: i8) -> i8 {
      return %x : i8
    }
    func.func @tgt(%c: i8 ARG, %x: i8) -> i8 {
      %z = arith.subi %c, %c : i8
      %r = arith.addi %x, %z : i8
      return %r : i8
    }
    """
    code, _, _ = run_cli("verify", mlir_file(template.replace("ARG", "")))
    assert code == 1
    code, _, _ = run_cli("verify", mlir_file(template.replace("ARG", "{irproof.not_poison}")))
    assert code == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1-4", (1, 2, 3, 4)), ("8,16,32", (8, 16, 32)), ("1-2,64", (1, 2, 64))],
)
def test_parse_widths(text: str, expected: tuple[int, ...]) -> None:
    assert parse_widths(text) == expected


@pytest.mark.parametrize("text", ["0-4", "4-1", "x", "1-200", "1-2-3"])
def test_parse_widths_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_widths(text)


def test_bad_widths_option_is_a_usage_error(run_cli: CLI, mlir_file: Callable[[str], str]) -> None:
    code, _, err = run_cli("verify", mlir_file(NOT_NOT), "--widths", "0-300")
    assert code == 2 and err.startswith("irproof: error:")


def test_bad_generic_attribute_is_an_input_error(
    run_cli: CLI, mlir_file: Callable[[str], str]
) -> None:
    text = NOT_NOT.replace("irproof.generic = [i32]", 'irproof.generic = ["i32"]')
    code, _, err = run_cli("verify", mlir_file(text))
    assert code == 2 and "irproof.generic" in err


def test_assignments_respect_constraints_and_order() -> None:
    variables = WidthVariables((1000, 1001), ((1000, "<", 1001),))
    found = variables.assignments([1, 2, 3])
    assert found == [{1000: 1, 1001: 2}, {1000: 1, 1001: 3}, {1000: 2, 1001: 3}]


def _timeout_from_call(monkeypatch: pytest.MonkeyPatch, nth: int) -> list[int]:
    """Make the `nth` solver call of verify time out; returns the running call count."""
    import irproof.verifier.verify as verify
    from irproof.verifier.solver import SolveOutcome

    calls = [0]
    real_solve = verify.solve

    def solve(query, timeout_s, memory=None):  # type: ignore[no-untyped-def]
        calls[0] += 1
        if calls[0] == nth:
            return SolveOutcome("unknown", reason=f"solver timeout after {timeout_s:g} s")
        return real_solve(query, timeout_s, memory)

    monkeypatch.setattr(verify, "solve", solve)
    return calls


def test_a_timeout_ends_a_generic_pair(
    monkeypatch: pytest.MonkeyPatch, mlir_file: Callable[[str], str]
) -> None:
    from irproof.api import verify_file
    from irproof.verifier.verify import VerifyOptions

    calls = _timeout_from_call(monkeypatch, 3)
    # the per-width loop: with width classes or the parametric query on, NOT_NOT is one query
    every_width = VerifyOptions(widths=tuple(range(1, 65)), width_classes=False, parametric=False)
    [result] = verify_file(mlir_file(NOT_NOT), every_width)
    assert result.verdict == "unknown"
    assert calls[0] == 3  # i4..i64 cost no solver call
    assert "solver timeout after 10 s (i3)" in result.reason
    assert "61 larger width assignment(s) not checked (i4 ... i64)" in result.reason


def test_a_failure_before_the_timeout_is_still_reported(
    monkeypatch: pytest.MonkeyPatch, mlir_file: Callable[[str], str]
) -> None:
    # Twin: the counterexample at i1..i2 wins over the timeout at i3.
    from irproof.api import verify_file
    from irproof.verifier.verify import VerifyOptions

    one_not = NOT_NOT.replace("  %b = arith.xori %a, %m : i32\n  return %b", "  return %a")
    _timeout_from_call(monkeypatch, 3)
    every_width = VerifyOptions(widths=tuple(range(1, 65)), width_classes=False, parametric=False)
    [result] = verify_file(mlir_file(one_not), every_width)
    assert result.verdict == "incorrect"
    assert result.failed_widths[:2] == ["i1", "i2"]
