"""`irproof tv BEFORE AFTER`: functions paired by name, each pair a refinement check; every
`correct` case has an `incorrect` twin."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from tests.test_cli import CLI, _one_line_error

Write = Callable[[str], str]

BEFORE = """
func.func @f(%x: i8, %y: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %a = arith.addi %x, %c0 : i8
  %r = arith.subi %a, %y : i8
  return %r : i8
}
func.func @g(%x: i8) -> i8 {
  %c2 = arith.constant 2 : i8
  %r = arith.muli %x, %c2 : i8
  return %r : i8
}
"""
AFTER = """
func.func @g(%x: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %r = arith.shli %x, %c1 : i8
  return %r : i8
}
func.func @f(%x: i8, %y: i8) -> i8 {
  %r = arith.subi %x, %y : i8
  return %r : i8
}
"""
AFTER_WRONG = AFTER.replace("arith.subi %x, %y", "arith.subi %y, %x")


def _verdicts(out: str) -> dict[str, str]:
    return {r["name"]: r["verdict"] for r in json.loads(out)["results"]}


def test_pairs_by_name_correct(run_cli: CLI, mlir_file: Write) -> None:
    code, out, _ = run_cli("tv", mlir_file(BEFORE), mlir_file(AFTER), "--json")
    assert code == 0
    assert _verdicts(out) == {"f": "correct", "g": "correct"}


def test_pairs_by_name_incorrect(run_cli: CLI, mlir_file: Write) -> None:
    code, out, _ = run_cli("tv", mlir_file(BEFORE), mlir_file(AFTER_WRONG), "--json")
    assert code == 1
    assert _verdicts(out) == {"f": "incorrect", "g": "correct"}
    cex = json.loads(out)["results"][0]["counterexample"]
    assert cex["failed"] == "value" and set(cex["inputs"]) == {"%x", "%y"}


def test_human_report_and_jobs(run_cli: CLI, mlir_file: Write) -> None:
    before, after = mlir_file(BEFORE), mlir_file(AFTER_WRONG)
    code, out, _ = run_cli("tv", before, after, "--jobs", "2")
    assert code == 1
    assert "f (" in out and "ERROR: Value mismatch in result #0" in out
    assert "Summary: 2 pairs: 1 correct, 1 incorrect, 0 unknown" in out


CALLER = """
func.func private @helper(%x: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %r = arith.addi %x, %c1 : i8
  return %r : i8
}
func.func @f(%x: i8) -> i8 {
  %r = func.call @helper(%x) : (i8) -> i8
  return %r : i8
}
"""


def test_unchanged_caller_of_changed_callee_is_checked(run_cli: CLI, mlir_file: Write) -> None:
    """@f prints the same on both sides, but its callee changed: no identical-IR shortcut."""
    wrong = CALLER.replace("arith.constant 1", "arith.constant 2")
    code, out, _ = run_cli("tv", mlir_file(CALLER), mlir_file(wrong), "--json")
    assert code == 1 and _verdicts(out) == {"f": "incorrect"}
    # twin: the callee changes but means the same
    same = CALLER.replace("arith.addi %x, %c1", "arith.addi %c1, %x")
    code, out, _ = run_cli("tv", mlir_file(CALLER), mlir_file(same), "--json")
    assert code == 0 and _verdicts(out) == {"f": "correct"}
    assert "identical" not in json.loads(out)["results"][0]["reason"]


def test_identical_function_is_correct_without_solving(run_cli: CLI, mlir_file: Write) -> None:
    """A call to a body-less function has no semantics; unchanged, it needs none."""
    unsupported = """
    func.func private @ext(i8) -> i8
    func.func @h(%x: i8) -> i8 {
      %r = func.call @ext(%x) : (i8) -> i8
      return %r : i8
    }
    """
    path = mlir_file(unsupported)
    code, out, _ = run_cli("tv", path, mlir_file(unsupported), "--json")
    assert code == 0
    assert "identical IR" in json.loads(out)["results"][0]["reason"]
    # twin: a change makes it a real check, which the missing body cannot settle
    changed = unsupported.replace("%r = func.call @ext(%x)", "%r = func.call @ext(%x) {k}")
    code, out, _ = run_cli("tv", path, mlir_file(changed), "--json")
    assert code == 3 and _verdicts(out) == {"h": "unknown"}
    assert "@ext" in json.loads(out)["results"][0]["reason"]


def test_private_functions_are_checked_through_their_callers(
    run_cli: CLI, mlir_file: Write
) -> None:
    """Like sccp, AFTER specialises the private @helper to its only call (helper(5) = 6): on
    its own @helper would be wrong, through @f it is right."""
    before = CALLER.replace("func.call @helper(%x)", "func.call @helper(%c5)").replace(
        "func.func @f(%x: i8) -> i8 {",
        "func.func @f(%x: i8) -> i8 {\n  %c5 = arith.constant 5 : i8",
    )
    specialised = before.replace(
        "%r = arith.addi %x, %c1 : i8\n  return %r", "%c6 = arith.constant 6 : i8\n  return %c6"
    )
    assert specialised != before
    code, out, _ = run_cli("tv", mlir_file(before), mlir_file(specialised), "--json")
    assert code == 0 and _verdicts(out) == {"f": "correct"}
    wrong = specialised.replace("arith.constant 6", "arith.constant 7")
    code, out, _ = run_cli("tv", mlir_file(before), mlir_file(wrong), "--json")
    assert code == 1 and _verdicts(out) == {"f": "incorrect"}


def test_missing_and_new_functions(run_cli: CLI, mlir_file: Write) -> None:
    after = AFTER.replace("@g(", "@g2(")
    code, out, err = run_cli("tv", mlir_file(BEFORE), mlir_file(after), "--json")
    assert code == 3
    results = {r["name"]: r for r in json.loads(out)["results"]}
    assert results["f"]["verdict"] == "correct"
    assert results["g"]["verdict"] == "unknown" and "missing" in results["g"]["reason"]
    assert "@g2 is only in" in err


def test_changed_signature_is_unknown(run_cli: CLI, mlir_file: Write) -> None:
    after = AFTER.replace("@g(%x: i8) -> i8", "@g(%x: i8, %z: i8) -> i8")
    code, out, _ = run_cli("tv", mlir_file(BEFORE), mlir_file(after), "--json")
    assert code == 3
    results = {r["name"]: r for r in json.loads(out)["results"]}
    assert results["g"]["verdict"] == "unknown" and "signature" in results["g"]["reason"]


def test_junit_report(run_cli: CLI, mlir_file: Write, tmp_path: Path) -> None:
    report = tmp_path / "out" / "tv.xml"
    after = mlir_file(AFTER_WRONG)
    code, _, _ = run_cli("tv", mlir_file(BEFORE), after, "--junit", str(report), "--quiet")
    assert code == 1
    suite = ET.parse(report).getroot().find("testsuite")
    assert suite is not None and suite.get("tests") == "2" and suite.get("failures") == "1"
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    failure = cases["f"].find("failure")
    assert failure is not None and "Example:" in (failure.text or "")
    assert cases["g"].find("failure") is None and cases["g"].get("classname") == after


def test_bad_input(run_cli: CLI, mlir_file: Write, tmp_path: Path) -> None:
    good = mlir_file(BEFORE)
    code, _, err = run_cli("tv", good, str(tmp_path / "missing.mlir"))
    assert code == 2 and "missing.mlir: no such file" in err
    _one_line_error(err)
    bad = mlir_file("func.func @f(%x: i8) -> i8 {\n  return %y : i8\n}\n")
    code, _, err = run_cli("tv", bad, good)
    assert code == 2 and bad in err
    _one_line_error(err)
    code, _, err = run_cli("tv", mlir_file("func.func private @d(i8) -> i8\n"), good)
    assert code == 2 and "no public function" in err
    _one_line_error(err)


def test_closure_follows_references_nested_in_attributes() -> None:
    """The identical-IR shortcut compares every symbol a function references, also those held
    inside array or dictionary attributes."""
    from irproof.loading import parse_module
    from irproof.verifier.tv import closure_text, validated_functions

    text = """
    func.func private @helper(%x: i8) -> i8 {
      return %x : i8
    }
    func.func @f(%x: i8) -> i8 attributes {refs = {all = [@helper]}} {
      return %x : i8
    }
    """
    module = parse_module("t.mlir", text)
    closure = closure_text(module, validated_functions(module)["f"])
    assert "@helper(" in closure
    changed = parse_module(
        "t.mlir",
        text.replace(
            "return %x : i8\n    }\n    func.func @f",
            "%c = arith.constant 1 : i8\n      return %c : i8\n    }\n    func.func @f",
        ),
    )
    assert closure != closure_text(changed, validated_functions(changed)["f"])
