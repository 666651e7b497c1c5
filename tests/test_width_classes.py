"""Width classes (`irproof.verifier.width_classes`): one query proves every width.

- differential: for every class member of the canonicalization corpus and the Alive suite,
  the verdict (and failing widths) with the shortcut equals the per-width loop's
  (`--no-width-classes`); the default run takes every third member at widths 1-6, the
  `slow` one every member at 1-8 and 16;
- each class has a correct pair (proved by its one query) and an incorrect twin whose
  failing widths are reported exactly;
- near misses (a flag, a precondition, the constant 1, an `i1`) are kept out of the class
  whose theorem they break: misapplied, the shortcut would call them `correct`.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from xdsl.dialects.builtin import ModuleOp

from irproof.loading import parse_module, read_text
from irproof.verifier.importers import importer_for
from irproof.verifier.pairs import FunctionPair, find_pairs
from irproof.verifier.verify import PairResult, VerifyOptions, verify_pair
from irproof.verifier.width_classes import BIT_PARALLEL, TRUNCATION_HOMOMORPHIC, classify

CLI = Callable[..., tuple[int, str, str]]
REPO = Path(__file__).resolve().parent.parent
ALIVE = REPO.parent / "shared/data/alive-instcombine"
CANONICALIZE = REPO / "corpus/mlir-arith-canonicalize"
MEMBER_FILES = (
    *(ALIVE / name for name in ("addsub.opt", "andorxor.opt", "muldivrem.opt")),
    *(
        CANONICALIZE / name
        for name in (
            "constant_chains.pdll",
            "constant_folding.pdll",
            "folders_arith.pdll",
            "folders_bitwise.pdll",
        )
    ),
)
"""The files with class members (the others have none: shifts, selects, casts, ...)."""

ONE_PASS = BIT_PARALLEL.note(1)


@functools.cache
def _members(path: Path) -> tuple[ModuleOp, tuple[tuple[FunctionPair, str], ...]]:
    text = read_text(str(path))
    importer = importer_for(str(path))
    if importer is not None:
        text = importer(str(path), text).mlir
    module = parse_module(str(path), text)
    found = []
    for pair in find_pairs(module, path.stem, allow_none=True):
        width_class = classify(module, pair.source, pair.target)
        if width_class is not None:
            found.append((pair, width_class.name))
    return module, tuple(found)


def _all_members() -> list[tuple[Path, str]]:
    """(file, pair name) of every class member; loaded when a test runs, not at collection."""
    if not ALIVE.is_dir():
        pytest.skip("the Alive suite is not in ../shared/data")
    return [(path, pair.name) for path in MEMBER_FILES for pair, _ in _members(path)[1]]


def _differential(path: Path, name: str, widths: tuple[int, ...]) -> None:
    module, members = _members(path)
    pair, class_name = next((p, c) for p, c in members if p.name == name)
    once = verify_pair(module, pair, str(path), VerifyOptions(widths=widths))
    per_width = VerifyOptions(widths=widths, width_classes=False, parametric=False)
    every = verify_pair(module, pair, str(path), per_width)
    assert once.width_class == every.width_class == class_name
    assert (once.verdict, once.failed_widths) == (every.verdict, every.failed_widths), name
    assert once.widths == every.widths
    if once.verdict == "incorrect":
        assert once.reason == every.reason  # the same smallest counterexample
    if every.verdict == "correct":  # then the one width is correct too: one query proves it
        assert once.reason.startswith(f"{class_name}: proved once at i"), (name, once.reason)


def test_the_corpora_have_members_of_both_classes() -> None:
    _all_members()  # (skips without the Alive suite)
    classes = [c for path in MEMBER_FILES for _, c in _members(path)[1]]
    # counted 2026-12: Alive 36 bit-parallel + 25 truncation, canonicalization 25 + 37
    assert classes.count(BIT_PARALLEL.name) >= 50
    assert classes.count(TRUNCATION_HOMOMORPHIC.name) >= 50


def test_shortcut_agrees_with_every_width() -> None:
    members = _all_members()
    for path, name in members[::3]:
        _differential(path, name, tuple(range(1, 7)))


@pytest.mark.slow
def test_shortcut_agrees_with_every_width_slow() -> None:
    for path, name in _all_members():
        _differential(path, name, (*range(1, 9), 16))


def _generic(name: str, args: str, body: str, target: str) -> str:
    """A pair over the width variable i32 (`args` like `%x: i32`)."""
    return f"""
    func.func @{name}_src({args}) -> i32 attributes {{irproof.generic = [i32]}} {{
      {body}
    }}
    func.func @{name}_tgt({args}) -> i32 {{
      {target}
    }}
    """


def _report(run_cli: CLI, text_path: str, *flags: str) -> tuple[int, dict[str, dict]]:  # type: ignore[type-arg]
    code, out, _ = run_cli("verify", text_path, "--json", *flags)
    return code, {r["name"]: r for r in json.loads(out)["results"]}


# folders_bitwise.pdll: FoldXOrIXOrI (x ^ (x ^ y) -> y) and FoldXOrIXOrI_ToA (-> x)
XOR_XOR = _generic(
    "xorxor",
    "%x: i32, %y: i32",
    "%a = arith.xori %x, %y : i32\n  %r = arith.xori %x, %a : i32\n  return %r : i32",
    "return %y : i32",
)
XOR_XOR_TO_X = XOR_XOR.replace("return %y : i32\n", "return %x : i32\n").replace(
    "xorxor", "xorxor_to_x"
)
ALL_ONES = _generic(
    "orallones",
    "%x: i32",
    "%m = arith.constant -1 : i32\n  %r = arith.ori %x, %m : i32\n  return %r : i32",
    "%m = arith.constant -1 : i32\n  return %m : i32",
)


def test_bit_parallel_is_proved_at_width_1(run_cli: CLI, mlir_file: Callable[[str], str]) -> None:
    path = mlir_file(XOR_XOR + ALL_ONES)
    code, results = _report(run_cli, path, "--widths", "1-64")
    assert code == 0
    for name in ("xorxor", "orallones"):
        assert results[name]["verdict"] == "correct"
        assert results[name]["reason"] == ONE_PASS
        assert results[name]["widths"] == list(range(1, 65))
    # width 1 need not be among the widths asked for: it proves them all
    code, results = _report(run_cli, path, "--widths", "8,16")
    assert code == 0 and results["xorxor"]["reason"] == ONE_PASS
    assert results["xorxor"]["widths"] == [8, 16]
    # --no-width-classes --no-parametric: the same verdict, width by width
    flags = ("--no-width-classes", "--no-parametric")
    code, results = _report(run_cli, path, "--widths", "1-8", *flags)
    assert code == 0 and results["xorxor"]["reason"] == ""


def test_bit_parallel_twin_fails_at_every_width(
    run_cli: CLI, mlir_file: Callable[[str], str]
) -> None:
    code, results = _report(run_cli, mlir_file(XOR_XOR_TO_X), "--widths", "1-8")
    wrong = results["xorxor_to_x"]
    assert code == 1 and wrong["verdict"] == "incorrect"
    assert wrong["failed_widths"] == [f"i{w}" for w in range(1, 9)]
    assert wrong["counterexample"]["failed"] == "value"
    assert wrong["counterexample"]["inputs"]["%x"].startswith("i1 ")


# constant_chains.pdll style: (x + 5) - 3 -> x + 2 (literals reduced mod 2^w at each width)
CONSTANTS = _generic(
    "addsub",
    "%x: i32",
    "%c5 = arith.constant 5 : i32\n  %c3 = arith.constant 3 : i32\n"
    "  %a = arith.addi %x, %c5 : i32\n  %r = arith.subi %a, %c3 : i32\n  return %r : i32",
    "%c2 = arith.constant 2 : i32\n  %r = arith.addi %x, %c2 : i32\n  return %r : i32",
)
DISTRIBUTE = _generic(
    "distribute",
    "%x: i32, %y: i32, %z: i32",
    "%s = arith.addi %x, %y : i32\n  %r = arith.muli %s, %z : i32\n  return %r : i32",
    "%a = arith.muli %x, %z : i32\n  %b = arith.muli %y, %z : i32\n"
    "  %r = arith.addi %a, %b : i32\n  return %r : i32",
)
SQUARE = _generic(
    "square", "%x: i32", "%r = arith.muli %x, %x : i32\n  return %r : i32", "return %x : i32"
)
TIMES_256 = _generic(
    "times256",
    "%x: i32",
    "%c = arith.constant 256 : i32\n  %r = arith.muli %x, %c : i32\n  return %r : i32",
    "%c0 = arith.constant 0 : i32\n  return %c0 : i32",
)


def test_truncation_homomorphic_is_proved_at_the_largest_width(
    run_cli: CLI, mlir_file: Callable[[str], str]
) -> None:
    code, results = _report(run_cli, mlir_file(CONSTANTS + DISTRIBUTE), "--widths", "1-64")
    assert code == 0
    for name in ("addsub", "distribute"):
        assert results[name]["verdict"] == "correct"
        assert results[name]["reason"] == TRUNCATION_HOMOMORPHIC.note(64)


def test_truncation_twin_x_times_x_is_x_only_at_width_1(
    run_cli: CLI, mlir_file: Callable[[str], str]
) -> None:
    code, results = _report(run_cli, mlir_file(SQUARE), "--widths", "1-8")
    square = results["square"]
    assert code == 1 and square["verdict"] == "incorrect"
    assert square["failed_widths"] == [f"i{w}" for w in range(2, 9)]
    assert square["counterexample"]["inputs"]["%x"].startswith("i2 ")


def test_truncation_proves_only_the_widths_below(
    run_cli: CLI, mlir_file: Callable[[str], str]
) -> None:
    # x * 256 is 0 up to 8 bits: proved at i8 for 1-8, but wrong from i9 on (theorem 2 goes
    # downwards only, so the one width must be the largest one checked).
    path = mlir_file(TIMES_256)
    code, results = _report(run_cli, path, "--widths", "1-8")
    assert code == 0 and results["times256"]["reason"] == TRUNCATION_HOMOMORPHIC.note(8)
    code, results = _report(run_cli, path, "--widths", "4-12")
    assert code == 1
    assert results["times256"]["failed_widths"] == ["i9", "i10", "i11", "i12"]


# Near misses: each is correct at the width its class would prove it at, and wrong elsewhere.
AND_ONE = _generic(  # folders_bitwise.pdll: FoldAndIOne_Broken; right at width 1 only
    "andone",
    "%x: i32",
    "%c = arith.constant 1 : i32\n  %r = arith.andi %x, %c : i32\n  return %r : i32",
    "return %x : i32",
)
PRECONDITION = _generic(  # x != 0 makes x all ones at width 1 only
    "nonzero",
    "%x: i32",
    "%c0 = arith.constant 0 : i32\n  %ne = arith.cmpi ne, %x, %c0 : i32\n"
    "  irproof.assume %ne\n  return %x : i32",
    "%m = arith.constant -1 : i32\n  return %m : i32",
)
NSW = _generic(  # (x & 1) + 1 overflows (signed) only below 3 bits
    "nsw",
    "%x: i32",
    "%c1 = arith.constant 1 : i32\n  %a = arith.andi %x, %c1 : i32\n"
    "  %r = arith.addi %a, %c1 : i32\n  return %r : i32",
    "%c1 = arith.constant 1 : i32\n  %a = arith.andi %x, %c1 : i32\n"
    "  %r = arith.addi %a, %c1 overflow<nsw> : i32\n  return %r : i32",
)
DISJOINT = _generic(  # a flag-like attribute on ori keeps it out, whatever it means
    "flagged",
    "%x: i32",
    '%m = arith.constant -1 : i32\n  %r = "arith.ori"(%x, %m) {disjoint} : (i32, i32) -> i32\n'
    "  return %r : i32",
    "%m = arith.constant -1 : i32\n  return %m : i32",
)
TWO_TYPES = """
func.func @mixed_src(%x: i32, %b: i1) -> i32 attributes {irproof.generic = [i32]} {
  return %x : i32
}
func.func @mixed_tgt(%x: i32, %b: i1) -> i32 {
  return %x : i32
}
"""


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        (XOR_XOR, "xorxor", BIT_PARALLEL.name),
        (AND_ONE, "andone", TRUNCATION_HOMOMORPHIC.name),
        (SQUARE, "square", TRUNCATION_HOMOMORPHIC.name),
        (PRECONDITION, "nonzero", None),
        (NSW, "nsw", None),
        (DISJOINT, "flagged", None),
        (TWO_TYPES, "mixed", None),
        (
            XOR_XOR.replace("%x: i32, %y: i32", "%x: i32 {irproof.not_poison}, %y: i32"),
            "xorxor",
            BIT_PARALLEL.name,
        ),
        (XOR_XOR.replace("%x: i32, %y: i32", "%x: i32 {foo.bar}, %y: i32"), "xorxor", None),
        (
            XOR_XOR.replace(
                "irproof.generic = [i32]",
                'irproof.generic = [i32], irproof.width_constraints = ["i32 >= i2"]',
            ),
            "xorxor",
            TRUNCATION_HOMOMORPHIC.name,
        ),
        (XOR_XOR.replace("irproof.generic = [i32]", "irproof.generic = [i32, i8]"), "xorxor", None),
        (XOR_XOR.replace(" attributes {irproof.generic = [i32]}", ""), "xorxor", None),
    ],
    ids=[
        "bitwise",
        "and-1",
        "square",
        "assume",
        "nsw",
        "attribute",
        "i1-arg",
        "not-poison",
        "other-arg-attr",
        "constraint",
        "two-variables",
        "fixed-width",
    ],
)
def test_classify(text: str, name: str, expected: str | None) -> None:
    module = parse_module("<test>", text)
    [pair] = [p for p in find_pairs(module, "x") if p.name == name]
    found = classify(module, pair.source, pair.target)
    assert (found.name if found is not None else None) == expected


@pytest.mark.parametrize(
    ("text", "name", "failed"),
    [
        (AND_ONE, "andone", [f"i{w}" for w in range(2, 9)]),
        (PRECONDITION, "nonzero", [f"i{w}" for w in range(2, 9)]),
        (NSW, "nsw", ["i1", "i2"]),
    ],
    ids=["and-1", "assume", "nsw"],
)
def test_near_misses_are_still_incorrect(
    run_cli: CLI, mlir_file: Callable[[str], str], text: str, name: str, failed: list[str]
) -> None:
    # Each is right at the one width a misapplied class would prove it at (width 1 for
    # and-1 and assume, the largest width 8 for nsw).
    code, results = _report(run_cli, mlir_file(text), "--widths", "1-8")
    assert code == 1 and results[name]["verdict"] == "incorrect"
    assert results[name]["failed_widths"] == failed
    assert results[name]["reason"] != ONE_PASS


def test_result_notes_the_class_without_the_shortcut() -> None:
    module = parse_module("<test>", SQUARE)
    [pair] = find_pairs(module, "x")
    result: PairResult = verify_pair(
        module, pair, "<test>", VerifyOptions(widths=(1, 2), width_classes=False)
    )
    assert result.width_class == TRUNCATION_HOMOMORPHIC.name
    assert result.verdict == "incorrect" and result.failed_widths == ["i2"]
