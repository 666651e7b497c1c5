"""The width-parametric query (`irproof.verifier.width_parametric`) in `verify`: it proves
what the per-width loop proves, at every width at once, and never anything else.

Each `correct` case has an `incorrect` twin, checked with the query on and off: the
verdict and the failing widths must be the same, because a pair the query does not prove
is checked width by width as before.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from irproof.api import verify_file
from irproof.verifier.verify import VerifyOptions
from irproof.verifier.width_parametric import PARAMETRIC_NOTE, parametric_attempt

CLI = Callable[..., tuple[int, str, str]]
WIDTHS = tuple(range(1, 65))
ON = VerifyOptions(widths=WIDTHS)
OFF = VerifyOptions(widths=WIDTHS, parametric=False)


def _pair(name: str, args: str, src: str, tgt: str, attrs: str = "generic = [i32]") -> str:
    return (
        f"func.func @{name}_src({args}) -> i32 attributes {{irproof.{attrs}}} {{\n  {src}\n}}\n"
        f"func.func @{name}_tgt({args}) -> i32 {{\n  {tgt}\n}}\n"
    )


# (x << c) >>u c == x & (-1 >>u c): shifts and a shift amount, in no width class
MASK_HIGH_BITS = _pair(
    "maskhigh",
    "%x: i32, %c: i32",
    "%s = arith.shli %x, %c : i32\n  %r = arith.shrui %s, %c : i32\n  return %r : i32",
    "%m = arith.constant -1 : i32\n  %h = arith.shrui %m, %c : i32\n"
    "  %r = arith.andi %x, %h : i32\n  return %r : i32",
)
# twin: an arithmetic shift back smears the sign bit
MASK_HIGH_BITS_SIGNED = MASK_HIGH_BITS.replace("%r = arith.shrui %s", "%r = arith.shrsi %s")

# x +nsw 1 >s x holds (from i2 on: 1 is -1 in i1), x + 1 >s x fails at INT_MAX
ADD_ONE_GREATER = _pair(
    "addone",
    "%x: i32",
    "%one = arith.constant 1 : i32\n  %zero = arith.constant 0 : i32\n"
    "  %y = arith.addi %x, %one overflow<nsw> : i32\n  %c = arith.cmpi sgt, %y, %x : i32\n"
    "  %r = arith.select %c, %one, %zero : i32\n  return %r : i32",
    "%one = arith.constant 1 : i32\n  %y = arith.addi %x, %one overflow<nsw> : i32\n"
    "  %z = arith.subi %y, %y : i32\n  %r = arith.addi %z, %one : i32\n  return %r : i32",
    'generic = [i32], irproof.width_constraints = ["i32 >= i2"]',
)
ADD_ONE_GREATER_WRAPS = ADD_ONE_GREATER.replace(" overflow<nsw>", "")

# trunc(zext x) == x with two width variables; twin zext(trunc y) == y loses high bits
TWO_WIDTHS = """
func.func @tz_src(%x: i8) -> i8 attributes {irproof.generic = [i8, i16],
    irproof.width_constraints = ["i8 < i16"]} {
  %w = arith.extui %x : i8 to i16
  %r = arith.trunci %w : i16 to i8
  return %r : i8
}
func.func @tz_tgt(%x: i8) -> i8 {
  return %x : i8
}
func.func @zt_src(%y: i16) -> i16 attributes {irproof.generic = [i8, i16],
    irproof.width_constraints = ["i8 < i16"]} {
  %t = arith.trunci %y : i16 to i8
  %r = arith.extui %t : i8 to i16
  return %r : i16
}
func.func @zt_tgt(%y: i16) -> i16 {
  return %y : i16
}
"""


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        (MASK_HIGH_BITS, "correct"),
        (MASK_HIGH_BITS_SIGNED, "incorrect"),
        (ADD_ONE_GREATER, "correct"),
        (ADD_ONE_GREATER_WRAPS, "incorrect"),
    ],
)
def test_query_proves_what_the_loop_proves(
    text: str, verdict: str, mlir_file: Callable[[str], str]
) -> None:
    path = mlir_file(text)
    [on] = verify_file(path, ON)
    [off] = verify_file(path, OFF)
    assert on.verdict == off.verdict == verdict, (on.reason, off.reason)
    assert on.failed_widths == off.failed_widths
    assert on.widths == off.widths and on.widths[-1] == 64
    if verdict == "correct":
        assert on.reason == PARAMETRIC_NOTE and off.reason == ""
    else:
        assert on.reason == off.reason and on.failed_widths


# ((x & 16) != 0 ? 1 : 0) -> 0: correct at i1-i4 (16 wraps to 0), wrong from i5: the one
# query runs (the small widths pass), is sat, and the per-width loop finds the failures
BIT_FOUR = _pair(
    "bit4",
    "%x: i32",
    "%c16 = arith.constant 16 : i32\n  %zero = arith.constant 0 : i32\n"
    "  %one = arith.constant 1 : i32\n  %a = arith.andi %x, %c16 : i32\n"
    "  %set = arith.cmpi ne, %a, %zero : i32\n"
    "  %r = arith.select %set, %one, %zero : i32\n  return %r : i32",
    "%r = arith.constant 0 : i32\n  return %r : i32",
)
# twin: the same bit tested with ugt 0 instead of ne 0 holds at every width
BIT_FOUR_UGT = BIT_FOUR.replace(
    "%r = arith.constant 0 : i32\n  return %r : i32\n}\n",
    "%c16 = arith.constant 16 : i32\n  %zero = arith.constant 0 : i32\n"
    "  %one = arith.constant 1 : i32\n  %a = arith.andi %x, %c16 : i32\n"
    "  %set = arith.cmpi ugt, %a, %zero : i32\n"
    "  %r = arith.select %set, %one, %zero : i32\n  return %r : i32\n}\n",
)


def test_a_failure_above_the_small_widths_falls_back(
    mlir_file: Callable[[str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from irproof.verifier import width_parametric

    answers: list[str] = []

    def spy(*args: object) -> width_parametric.ParametricOutcome:
        outcome = parametric_attempt(*args)  # type: ignore[arg-type]
        answers.append(outcome.reason)
        return outcome

    monkeypatch.setattr(width_parametric, "parametric_attempt", spy)
    path = mlir_file(BIT_FOUR)
    [on] = verify_file(path, ON)
    assert answers == ["a width fails"]  # the query ran, after i1-i4, and was sat
    [off] = verify_file(path, OFF)
    assert len(answers) == 1
    assert on.verdict == off.verdict == "incorrect"
    assert on.failed_widths == off.failed_widths == [f"i{w}" for w in range(5, 65)]
    assert on.reason == off.reason and on.reason.endswith("(i5)")
    [proved] = verify_file(mlir_file(BIT_FOUR_UGT), ON)  # the twin
    assert proved.verdict == "correct" and proved.reason == PARAMETRIC_NOTE


def test_two_width_variables(mlir_file: Callable[[str], str]) -> None:
    results = {r.name: r for r in verify_file(mlir_file(TWO_WIDTHS), ON)}
    assert results["tz"].verdict == "correct" and results["tz"].reason == PARAMETRIC_NOTE
    assert results["zt"].verdict == "incorrect"  # the twin
    assert results["zt"].reason.endswith("(i8=1, i16=2)")  # the smallest failing assignment


EXTEND_FIXED = _pair(
    "ext",
    "%x: i8",
    "%r = arith.extsi %x : i8 to i32\n  return %r : i32",
    "%r = arith.extsi %x : i8 to i32\n  return %r : i32",
    "generic = [i8]",
)


def test_a_cast_that_does_not_widen_at_some_width_is_not_proved(
    mlir_file: Callable[[str], str],
) -> None:
    """`extsi` from the variable i8 to a fixed i32 is no extension at widths 32-64: the
    per-width semantics has no meaning there, so the query must not prove the pair."""
    from irproof.api import _load_pairs

    path = mlir_file(EXTEND_FIXED)
    _, [pair] = _load_pairs(path, Path(path).read_text())
    outcome = parametric_attempt(pair.source, pair.target, WIDTHS, True, 10.0)
    assert not outcome.proved and "widen" in outcome.reason
    narrow = parametric_attempt(pair.source, pair.target, tuple(range(1, 32)), True, 10.0)
    assert narrow.proved  # twin: below 32 every width is an extension
    [result] = verify_file(path, ON)  # nor does the per-width loop: no meaning at i32
    assert result.verdict == "unknown"
    assert result.reason == "unsupported: arith.extsi from i32 to i32 does not widen"


INDEX_PAIR = _pair(
    "idx",
    "%x: i32",
    "%i = arith.index_cast %x : i32 to index\n  %r = arith.index_cast %i : index to i32\n"
    "  return %r : i32",
    "return %x : i32",
)


def test_ops_outside_the_fragment_go_width_by_width(mlir_file: Callable[[str], str]) -> None:
    """`index` has no parametric rule: the per-width loop decides (and proves this one)."""
    from irproof.api import _load_pairs

    path = mlir_file(INDEX_PAIR)
    _, [pair] = _load_pairs(path, Path(path).read_text())
    outcome = parametric_attempt(pair.source, pair.target, WIDTHS, True, 10.0)
    assert not outcome.proved and "outside the parametric fragment" in outcome.reason
    [result] = verify_file(path, VerifyOptions(widths=(8, 16, 32)))
    assert result.verdict == "correct" and result.reason != PARAMETRIC_NOTE
    twin = INDEX_PAIR.replace(
        "%r = arith.index_cast %i : index",
        "%one = arith.constant 1 : index\n  %j = arith.addi %i, %one : index\n"
        "  %r = arith.index_cast %j : index",
    )
    [wrong] = verify_file(mlir_file(twin), VerifyOptions(widths=(8, 16, 32)))
    assert wrong.verdict == "incorrect"


def test_one_width(mlir_file: Callable[[str], str]) -> None:
    """`--widths 8` alone: a container of 8 bits (and no other width to cover)."""
    [result] = verify_file(mlir_file(MASK_HIGH_BITS), VerifyOptions(widths=(8,)))
    assert result.verdict == "correct" and result.reason == PARAMETRIC_NOTE
    assert result.widths == [8]
    [twin] = verify_file(mlir_file(MASK_HIGH_BITS_SIGNED), VerifyOptions(widths=(8,)))
    assert twin.verdict == "incorrect" and twin.failed_widths == ["i8"]


def test_cli_no_parametric(run_cli: CLI, mlir_file: Callable[[str], str]) -> None:
    path = mlir_file(MASK_HIGH_BITS)
    code, out, _ = run_cli("verify", path, "--json", "--widths", "1-16")
    [result] = json.loads(out)["results"]
    assert code == 0 and result["reason"] == PARAMETRIC_NOTE
    code, out, _ = run_cli("verify", path, "--json", "--widths", "1-16", "--no-parametric")
    [result] = json.loads(out)["results"]
    assert code == 0 and result["verdict"] == "correct" and result["reason"] == ""
    # twin: the wrong rewrite is incorrect (exit code 1) with the query on and off alike
    wrong = mlir_file(MASK_HIGH_BITS_SIGNED)
    for flags in ((), ("--no-parametric",)):
        code, out, _ = run_cli("verify", wrong, "--json", "--widths", "1-16", *flags)
        [result] = json.loads(out)["results"]
        assert code == 1 and result["verdict"] == "incorrect"
