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
    # the small query proved i1-i4 (bit 4 is beyond them), the one for all widths was sat
    assert answers == ["", "a width fails"]
    [off] = verify_file(path, OFF)
    assert len(answers) == 2
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


# x + (width == 12 ? 1 : 0) -> x: wrong at i12 alone
WRONG_AT_12 = _pair(
    "at12",
    "%x: i32",
    "%c12 = arith.constant 12 : i32\n  %one = arith.constant 1 : i32\n"
    "  %zero = arith.constant 0 : i32\n  %w = irproof.width : i32\n"
    "  %is12 = arith.cmpi eq, %w, %c12 : i32\n  %d = arith.select %is12, %one, %zero : i32\n"
    "  %r = arith.addi %x, %d : i32\n  return %r : i32",
    "return %x : i32",
)


@pytest.mark.parametrize(
    ("widths", "proved"),
    [
        ((8, 16), True),  # not contiguous: the disjunction of the two
        ((8, 12, 16), False),
        (tuple(range(13, 65)), True),  # contiguous: a range, 12 just below it
        (tuple(range(12, 65)), False),  # its lower bound is in it
        (tuple(range(1, 12)), True),  # 12 just above
        (tuple(range(1, 13)), False),  # its upper bound is in it
    ],
)
def test_the_width_domain_is_exactly_the_widths_asked_for(
    widths: tuple[int, ...], proved: bool, mlir_file: Callable[[str], str]
) -> None:
    from irproof.api import _load_pairs

    path = mlir_file(WRONG_AT_12)
    _, [pair] = _load_pairs(path, Path(path).read_text())
    outcome = parametric_attempt(pair.source, pair.target, widths, True, 10.0)
    assert outcome.proved == proved, outcome.reason


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


# --- width arithmetic, folded (`irproof.semantics.parametric`) -------------------------

# Alive's 1062: sdiv -> udiv when both operands have a clear sign bit, the precondition in
# Alive's form `x & (1 << (width - 1)) == 0` (the importer's total shift: a select on
# `width - 1 <u width`). Unfolded, the query did not answer in 20 s.
SDIV_NONNEGATIVE = """
func.func @sd_src(%x: i32, %y: i32) -> i32 attributes {irproof.generic = [i32],
    irproof.width_constraints = ["i32 >= i2"]} {
  %r = arith.divsi %x, %y : i32
  %c1 = arith.constant 1 : i32
  %c0 = arith.constant 0 : i32
  %w = irproof.width : i32
  %top = arith.subi %w, %c1 : i32
  %in = arith.cmpi ult, %top, %w : i32
  %amount = arith.select %in, %top, %c0 : i32
  %shifted = arith.shli %c1, %amount : i32
  %sign = arith.select %in, %shifted, %c0 : i32
  %xs = arith.andi %x, %sign : i32
  %ys = arith.andi %y, %sign : i32
  %xok = arith.cmpi eq, %xs, %c0 : i32
  %yok = arith.cmpi eq, %ys, %c0 : i32
  %ok = arith.andi %xok, %yok : i1
  irproof.assume %ok
  return %r : i32
}
func.func @sd_tgt(%x: i32, %y: i32) -> i32 {
  %r = arith.divui %x, %y : i32
  return %r : i32
}
"""
# twin: the divisor's sign bit is left open (x / -1 differs)
SDIV_NEGATIVE_DIVISOR = SDIV_NONNEGATIVE.replace(
    "%ok = arith.andi %xok, %yok : i1", "%ok = arith.andi %xok, %xok : i1"
)

# 1 << (width - 1) is the sign bit -1 ^ (-1 >>u 1) (from i2 on: a shift by 1 is poison at
# i1); twin: 1 << (width - 2) is half of it
SIGN_BIT = _pair(
    "sign",
    "%x: i32",
    "%c1 = arith.constant 1 : i32\n  %w = irproof.width : i32\n"
    "  %top = arith.subi %w, %c1 : i32\n  %r = arith.shli %c1, %top : i32\n  return %r : i32",
    "%m = arith.constant -1 : i32\n  %c1 = arith.constant 1 : i32\n"
    "  %h = arith.shrui %m, %c1 : i32\n  %r = arith.xori %m, %h : i32\n  return %r : i32",
    'generic = [i32], irproof.width_constraints = ["i32 >= i2"]',
)
SIGN_BIT_HALF = SIGN_BIT.replace(
    "%c1 = arith.constant 1 : i32\n  %w = irproof.width : i32\n  %top = arith.subi %w, %c1",
    "%c1 = arith.constant 1 : i32\n  %c2 = arith.constant 2 : i32\n  %w = irproof.width : i32\n"
    "  %top = arith.subi %w, %c2",
)

# width - 1 <u width at every width (a comparison the fold decides); twin: width - 1 <u 1
# holds at i1 only
BELOW_WIDTH = _pair(
    "below",
    "%x: i32",
    "%c1 = arith.constant 1 : i32\n  %c0 = arith.constant 0 : i32\n  %w = irproof.width : i32\n"
    "  %top = arith.subi %w, %c1 : i32\n  %in = arith.cmpi ult, %top, %w : i32\n"
    "  %r = arith.select %in, %x, %c0 : i32\n  return %r : i32",
    "return %x : i32",
)
BELOW_ONE = BELOW_WIDTH.replace("%in = arith.cmpi ult, %top, %w", "%in = arith.cmpi ult, %top, %c1")


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        (SDIV_NONNEGATIVE, "correct"),
        (SDIV_NEGATIVE_DIVISOR, "incorrect"),
        (SIGN_BIT, "correct"),
        (SIGN_BIT_HALF, "incorrect"),
        (BELOW_WIDTH, "correct"),
        (BELOW_ONE, "incorrect"),
    ],
)
def test_width_arithmetic_folds(text: str, verdict: str, mlir_file: Callable[[str], str]) -> None:
    """The folds decide the same as the per-width loop; the correct ones are proved by the
    one query, the incorrect ones fail at the same widths either way."""
    path = mlir_file(text)
    [on] = verify_file(path, ON)
    [off] = verify_file(path, OFF)
    assert on.verdict == off.verdict == verdict, (on.reason, off.reason)
    assert on.failed_widths == off.failed_widths
    if verdict == "correct":
        assert on.reason == PARAMETRIC_NOTE
    else:
        assert on.reason == off.reason


def test_folded_width_arithmetic_leaves_no_shift_by_the_width(
    mlir_file: Callable[[str], str],
) -> None:
    """`1 << (width - 1)` becomes the sign-bit term of the mask: no shift in the query."""
    import z3

    from irproof.api import _load_pairs
    from irproof.verifier.width_parametric import build_parametric_query

    path = mlir_file(SDIV_NONNEGATIVE)
    _, [pair] = _load_pairs(path, Path(path).read_text())
    queries, _ = build_parametric_query(pair.source, pair.target, WIDTHS, True)
    assert not any("bvshl" in q.sexpr() for q in queries)
    assert parametric_attempt(pair.source, pair.target, WIDTHS, True, 10.0).proved
    # twin: a shift the fold cannot place (width - 2 is not a number at i1, and the domain
    # it reads is every width asked for)
    path = mlir_file(SIGN_BIT_HALF)
    _, [pair] = _load_pairs(path, Path(path).read_text())
    queries, _ = build_parametric_query(pair.source, pair.target, WIDTHS, True)
    assert any("bvshl" in q.sexpr() for q in queries)
    assert all(z3.is_bool(q) for q in queries)


def test_the_query_is_smtlib_for_bitwuzla(mlir_file: Callable[[str], str]) -> None:
    """No `(or)`/`(or x)` (Z3's printing of an empty or single disjunction of UB): a pair
    without UB is a query Bitwuzla reads."""
    from irproof.api import _load_pairs
    from irproof.verifier import bitwuzla_strategy
    from irproof.verifier.width_parametric import build_parametric_query

    if not bitwuzla_strategy.AVAILABLE:
        pytest.skip("bitwuzla is not installed")
    path = mlir_file(MASK_HIGH_BITS)
    _, [pair] = _load_pairs(path, Path(path).read_text())
    queries, _ = build_parametric_query(pair.source, pair.target, WIDTHS, True)
    assert all(bitwuzla_strategy.prepare([q]) is not None for q in queries)


def test_signed_folds_read_the_sign_bit() -> None:
    """width <s 0 at i1 and i2 (1 and 2 have their sign bit set there): folded to true; with
    i3 too it is no constant (3 >=s 0 in i3), so not folded."""
    import z3

    from irproof.semantics.parametric import (
        ParametricContext,
        _constant_compare,
        affine_value,
    )

    w = z3.BitVec("w", 8)
    for widths, expected in (((1, 2), (1, 0)), ((1, 2, 3), None)):
        ctx = ParametricContext(8, lambda _t: w, width_values=lambda _t, ws=widths: ws)
        width, zero = affine_value(ctx, (0, 1), w), affine_value(ctx, (0, 0), w)
        folded = _constant_compare(ctx, "slt", width, zero)
        assert (folded.affine if folded is not None else None) == expected, widths


def test_folded_comparisons_agree_with_the_per_width_ones() -> None:
    """Every `cmpi` predicate on w-bit numbers (as the folds compute it) against Z3's, on
    every pair of numbers up to 5 bits."""
    import z3

    from irproof.semantics.arith import CMPI_PREDICATES
    from irproof.semantics.parametric import COMPARE, compare_numbers

    assert set(COMPARE) == set(CMPI_PREDICATES)
    signed = {"slt": "__lt__", "sle": "__le__", "sgt": "__gt__", "sge": "__ge__"}
    unsigned = {"ult": z3.ULT, "ule": z3.ULE, "ugt": z3.UGT, "uge": z3.UGE}
    for w in range(1, 6):
        for a in range(1 << w):
            for b in range(1 << w):
                x, y = z3.BitVecVal(a, w), z3.BitVecVal(b, w)
                for name in COMPARE:
                    if name in signed:
                        term = getattr(x, signed[name])(y)
                    elif name in unsigned:
                        term = unsigned[name](x, y)
                    else:
                        term = (x == y) if name == "eq" else (x != y)
                    expected = z3.is_true(z3.simplify(term))
                    assert compare_numbers(name, a, b, w) == expected, (name, a, b, w)


# --- when the query runs (`ParametricSchedule`) -----------------------------------------------


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_schedule_first_attempt_after_the_small_widths(monkeypatch: pytest.MonkeyPatch) -> None:
    from irproof.verifier import width_parametric as wp

    clock = _Clock()
    monkeypatch.setattr(wp.time, "perf_counter", clock)
    schedule = wp.ParametricSchedule(10.0, list(range(1, 65)))
    assert [schedule.budget(p) for p in range(4)] == [None] * 4  # i1-i4 first
    clock.now = 0.04  # 10 ms a width: 60 more would be 0.6 s, below the least budget
    assert schedule.budget(4) == wp.FIRST_BUDGET_S
    slow = wp.ParametricSchedule(10.0, list(range(1, 65)))
    clock.now += 4.0  # 1 s a width: the budget is what the rest would cost, capped
    assert slow.budget(4) == 10.0


def test_schedule_tries_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """After an attempt without a proof, no other: not even when the widths prove slow."""
    from irproof.verifier import width_parametric as wp

    clock = _Clock()
    monkeypatch.setattr(wp.time, "perf_counter", clock)
    schedule = wp.ParametricSchedule(10.0, list(range(1, 65)))
    assert schedule.budget(4) is not None
    assert schedule.budget(5) is not None  # (not tried yet: still due)
    schedule.tried()
    clock.now += 100.0  # the widths after it took 100 s
    assert [schedule.budget(p) for p in range(5, 64)] == [None] * 59


# (x /u exact y) * y == x (Alive's 265): the value query states the source's poison flags at
# the top (`exact`: the remainder is 0), and the division rewriting answers it; twin: without
# `exact` the product rounds down
EXACT_DIVISION = _pair(
    "exact",
    "%x: i32, %y: i32",
    "%q = arith.divui %x, %y exact : i32\n  %r = arith.muli %q, %y : i32\n  return %r : i32",
    "return %x : i32",
)
INEXACT_DIVISION = EXACT_DIVISION.replace(" exact :", " :")


def test_one_query_per_kind_of_violation(mlir_file: Callable[[str], str]) -> None:
    from irproof.api import _load_pairs
    from irproof.verifier.width_parametric import build_parametric_query

    path = mlir_file(EXACT_DIVISION)
    _, [pair] = _load_pairs(path, Path(path).read_text())
    queries, _ = build_parametric_query(pair.source, pair.target, WIDTHS, True)
    assert len(queries) == 2  # target UB; result 0 poison or different
    [on] = verify_file(path, ON)
    [off] = verify_file(path, OFF)
    assert on.verdict == off.verdict == "correct" and on.reason == PARAMETRIC_NOTE
    [wrong] = verify_file(mlir_file(INEXACT_DIVISION), ON)
    assert wrong.verdict == "incorrect" and wrong.failed_widths[0] == "i2"


# two results: the first always equal, the second wrong only from i5 (BIT_FOUR): the query
# of the second result must be the one that is sat
TWO_RESULTS = """
func.func @tworesults_src(%x: i32) -> (i32, i32) attributes {irproof.generic = [i32]} {
  %c16 = arith.constant 16 : i32
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %a = arith.andi %x, %c16 : i32
  %set = arith.cmpi ne, %a, %zero : i32
  %r = arith.select %set, %one, %zero : i32
  return %x, %r : i32, i32
}
func.func @tworesults_tgt(%x: i32) -> (i32, i32) {
  %zero = arith.constant 0 : i32
  return %x, %zero : i32, i32
}
"""
# twin: the second result tested with ult 0 (never true), which holds
TWO_RESULTS_UGT = TWO_RESULTS.replace("%set = arith.cmpi ne", "%set = arith.cmpi ult")


def test_every_result_has_its_query(mlir_file: Callable[[str], str]) -> None:
    path = mlir_file(TWO_RESULTS)
    [on] = verify_file(path, ON)
    [off] = verify_file(path, OFF)
    assert on.verdict == off.verdict == "incorrect"
    assert on.failed_widths == off.failed_widths == [f"i{w}" for w in range(5, 65)]
    assert "result #1" in on.reason
    [proved] = verify_file(mlir_file(TWO_RESULTS_UGT), ON)
    assert proved.verdict == "correct" and proved.reason == PARAMETRIC_NOTE


# --- wide extensions held narrow (`_narrowed_widths`) ------------------------------------

EXTENSIONS = {"s": "arith.extsi", "u": "arith.extui"}
WIDTHS_16 = VerifyOptions(widths=tuple(range(1, 17)))
WIDTHS_16_OFF = VerifyOptions(widths=tuple(range(1, 17)), parametric=False)


def _wide_compare(predicate: str, ext_x: str, ext_y: str, wide: str = "i129") -> str:
    """cmpi at `wide` of two extensions (Alive's `zext(a) >= b` in a precondition) against
    the same predicate at the width itself: correct exactly where the extensions preserve
    the predicate (sext/sext always; zext/zext for unsigned ones; ...)."""
    return _pair(
        f"wide_{predicate}_{ext_x}{ext_y}",
        "%x: i32, %y: i32",
        f"%a = {EXTENSIONS[ext_x]} %x : i32 to {wide}\n"
        f"  %b = {EXTENSIONS[ext_y]} %y : i32 to {wide}\n"
        f"  %c = arith.cmpi {predicate}, %a, %b : {wide}\n"
        "  %one = arith.constant 1 : i32\n  %zero = arith.constant 0 : i32\n"
        "  %r = arith.select %c, %one, %zero : i32\n  return %r : i32",
        f"%c = arith.cmpi {predicate}, %x, %y : i32\n"
        "  %one = arith.constant 1 : i32\n  %zero = arith.constant 0 : i32\n"
        "  %r = arith.select %c, %one, %zero : i32\n  return %r : i32",
    )


@pytest.mark.parametrize("extensions", ["ss", "uu", "su", "us"])
@pytest.mark.parametrize(
    "predicate", ["eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge"]
)
def test_wide_extensions_decide_as_the_loop(
    predicate: str, extensions: str, mlir_file: Callable[[str], str]
) -> None:
    """An `i129` that only holds extensions is held at 17 bits for widths 1-16: the one query
    proves exactly what the per-width loop (at i129) proves; the rest are incorrect either
    way, at the same widths (every combination of predicate and extensions, so both the
    correct ones and their incorrect twins are here)."""
    path = mlir_file(_wide_compare(predicate, extensions[0], extensions[1]))
    [on] = verify_file(path, WIDTHS_16)
    [off] = verify_file(path, WIDTHS_16_OFF)
    assert on.verdict == off.verdict != "unknown", (on.reason, off.reason)
    assert on.failed_widths == off.failed_widths
    if on.verdict == "correct":
        assert on.reason == PARAMETRIC_NOTE
    expected = extensions == "ss" or (extensions == "uu" and predicate[0] != "s")
    assert (on.verdict == "correct") == expected


def _declared_sizes(queries: list[object]) -> set[int]:
    import z3

    solver = z3.Solver()
    solver.add(*queries)  # type: ignore[arg-type]
    return {int(n) for n in __import__("re").findall(r"\(_ BitVec (\d+)\)", solver.sexpr())}


def test_wide_extensions_make_no_wide_container(mlir_file: Callable[[str], str]) -> None:
    from irproof.api import _load_pairs
    from irproof.verifier.width_parametric import build_parametric_query

    path = mlir_file(_wide_compare("uge", "u", "u"))
    _, [pair] = _load_pairs(path, Path(path).read_text())
    queries, _ = build_parametric_query(pair.source, pair.target, WIDTHS, True)
    assert _declared_sizes(queries) == {65}  # not 129
    # twin: an i129 sum is no extension (it may need 65 bits): the container stays 129
    summed = _wide_compare("uge", "u", "u").replace(
        "%c = arith.cmpi uge, %a, %b : i129",
        "%s = arith.addi %a, %b : i129\n  %c = arith.cmpi uge, %s, %b : i129",
    )
    _, [pair] = _load_pairs(mlir_file(summed), summed)
    queries, _ = build_parametric_query(pair.source, pair.target, WIDTHS, True)
    assert _declared_sizes(queries) == {129}
    [result] = verify_file(mlir_file(summed), WIDTHS_16)
    assert result.verdict == "incorrect"  # x + y >= y does not hold at the width itself


# (x /s exact y) * y == x (Alive's 265-2); twin without `exact` (7 /s 2 * 2 = 6)
EXACT_SIGNED_DIVISION = EXACT_DIVISION.replace("@exact_", "@sdivexact_").replace("divui", "divsi")
INEXACT_SIGNED_DIVISION = EXACT_SIGNED_DIVISION.replace(" exact :", " :")


def test_exact_signed_division_multiplied_back(mlir_file: Callable[[str], str]) -> None:
    """The exact quotient is multiplied by the divisor its definition uses (`PValue.sext`):
    the division rewriting proves the one query in 0.2 s (with the magnitudes alone it
    did not answer in 30 s, nor any other strategy in 5 s)."""
    import z3

    from irproof.api import _load_pairs
    from irproof.verifier.solver import check, own_context
    from irproof.verifier.width_parametric import build_parametric_query, opening

    path = mlir_file(EXACT_SIGNED_DIVISION)
    _, [pair] = _load_pairs(path, Path(path).read_text())
    # built and solved in a context of its own, as `verify` does: in the test process's
    # shared context its time depends on the tests that ran before (it missed 30 s once)
    with own_context():
        queries, _ = build_parametric_query(pair.source, pair.target, WIDTHS, True)
        for query in queries:
            answer, _, _ = check([query], "QF_BV", 30.0, opening=opening(30.0))
            assert answer == z3.unsat
    [wrong] = verify_file(mlir_file(INEXACT_SIGNED_DIVISION), ON)
    assert wrong.verdict == "incorrect" and wrong.failed_widths[0] == "i2"


# --- the aligned layout: sums and comparisons with no width in the query ---------------------

# C1 <=s x <s C2 as one unsigned comparison (Alive's AndOrXor:280, with C1 <=s C2 assumed)
RANGE_CHECK = _pair(
    "range",
    "%x: i32, %c1: i32, %c2: i32",
    "%p = arith.cmpi sle, %c1, %c2 : i32\n  irproof.assume %p\n"
    "  %a = arith.cmpi sge, %x, %c1 : i32\n  %b = arith.cmpi slt, %x, %c2 : i32\n"
    "  %i = arith.andi %a, %b : i1\n  %one = arith.constant 1 : i32\n"
    "  %zero = arith.constant 0 : i32\n  %r = arith.select %i, %one, %zero : i32\n"
    "  return %r : i32",
    "%d = arith.subi %x, %c1 : i32\n  %n = arith.subi %c2, %c1 : i32\n"
    "  %i = arith.cmpi ult, %d, %n : i32\n  %one = arith.constant 1 : i32\n"
    "  %zero = arith.constant 0 : i32\n  %r = arith.select %i, %one, %zero : i32\n"
    "  return %r : i32",
)
# twin: `ule` also takes x == C2
RANGE_CHECK_INCLUSIVE = RANGE_CHECK.replace("cmpi ult, %d", "cmpi ule, %d")


def test_sums_and_comparisons_use_the_aligned_layout(mlir_file: Callable[[str], str]) -> None:
    """A pair of sums, comparisons and selects gets the aligned layout (no mask, no sign-bit
    term in its query); one with a product, the low layout."""
    from irproof.api import _load_pairs
    from irproof.verifier.width_parametric import (
        ALIGNED,
        LOW,
        build_parametric_query,
        choose_layout,
    )

    path = mlir_file(RANGE_CHECK)
    _, [pair] = _load_pairs(path, Path(path).read_text())
    assert choose_layout(pair.source, pair.target) is ALIGNED
    queries, _ = build_parametric_query(pair.source, pair.target, WIDTHS, True)
    assert not any("mask!" in q.sexpr() for q in queries)
    assert any("high!" in q.sexpr() for q in queries)
    path = mlir_file(RANGE_CHECK.replace("arith.subi %c2, %c1", "arith.muli %c2, %c1"))
    _, [pair] = _load_pairs(path, Path(path).read_text())
    assert choose_layout(pair.source, pair.target) is LOW


@pytest.mark.parametrize(
    ("text", "verdict"), [(RANGE_CHECK, "correct"), (RANGE_CHECK_INCLUSIVE, "incorrect")]
)
def test_a_range_check_in_the_aligned_layout(
    mlir_file: Callable[[str], str], text: str, verdict: str
) -> None:
    """The range check is proved by the one query; its twin is not, and the per-width loop
    finds it wrong at every width from i1 on, exactly as without the query."""
    from irproof.api import _load_pairs

    path = mlir_file(text)
    _, [pair] = _load_pairs(path, Path(path).read_text())
    assert parametric_attempt(pair.source, pair.target, WIDTHS, True, 30.0).proved == (
        verdict == "correct"
    )
    widths = tuple(range(1, 17))
    on = verify_file(path, VerifyOptions(widths=widths))[0]
    off = verify_file(path, VerifyOptions(widths=widths, parametric=False))[0]
    assert on.verdict == off.verdict == verdict
    assert on.failed_widths == off.failed_widths
    if verdict == "correct":
        assert on.reason == PARAMETRIC_NOTE
