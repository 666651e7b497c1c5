"""`irproof pipeline --driver xdsl`: each pass validated for each function, deliberately
broken test passes caught and named, reports (JSON, JUnit, --keep-ir), exit codes, bad input."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from irproof.verifier.drivers.xdsl_passes import register_pass, unregister_pass
from tests.test_cli import CLI, _one_line_error
from tests.xdsl_test_passes import TEST_PASSES

Write = Callable[[str], str]

PROGRAM = """
func.func @sub(%x: i8, %y: i8) -> i8 {
  %r = arith.subi %x, %y : i8
  return %r : i8
}
func.func @add(%x: i8, %y: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %a = arith.addi %x, %c0 : i8
  %r = arith.addi %a, %y : i8
  return %r : i8
}
func.func @mul(%x: i8) -> i8 {
  %r = arith.muli %x, %x : i8
  return %r : i8
}
"""


@pytest.fixture(autouse=True)
def registered_test_passes() -> Iterator[None]:
    """The deliberately broken passes (and their twins) exist only during these tests."""
    for pass_type in TEST_PASSES:
        register_pass(pass_type)
    yield
    for pass_type in TEST_PASSES:
        unregister_pass(pass_type.name)


def _pipeline(run_cli: CLI, path: str, passes: str, *extra: str) -> tuple[int, Any, str]:
    code, out, err = run_cli("pipeline", path, "--driver", "xdsl", "--passes", passes, *extra)
    return code, json.loads(out) if "--json" in extra else out, err


def _verdicts(report: Any) -> dict[tuple[str, str], str]:
    return {(r["pass"], r["name"]): r["verdict"] for r in report["results"]}


def test_real_xdsl_passes_are_correct(run_cli: CLI, mlir_file: Write) -> None:
    code, report, _ = _pipeline(run_cli, mlir_file(PROGRAM), "canonicalize,cse,dce", "--json")
    assert code == 0
    assert report["summary"] == {"correct": 9, "incorrect": 0, "unknown": 0}
    assert report["pipeline"]["passes"] == ["canonicalize", "cse", "dce"]
    assert [r["step"] for r in report["results"]] == [1, 1, 1, 2, 2, 2, 3, 3, 3]


def test_swapped_subtraction_is_caught_and_named(run_cli: CLI, mlir_file: Write) -> None:
    passes = "builtin.module(canonicalize,test-swap-subi-operands,cse)"
    code, report, _ = _pipeline(run_cli, mlir_file(PROGRAM), passes, "--json")
    assert code == 1
    verdicts = _verdicts(report)
    assert verdicts[("test-swap-subi-operands", "sub")] == "incorrect"
    assert [k for k, v in verdicts.items() if v != "correct"] == [
        ("test-swap-subi-operands", "sub")
    ]
    wrong = next(r for r in report["results"] if r["verdict"] == "incorrect")
    assert wrong["step"] == 2 and wrong["counterexample"]["failed"] == "value"


def test_swapped_addition_is_correct(run_cli: CLI, mlir_file: Write) -> None:
    """Twin of the swapped subtraction: the same change on a commutative op."""
    code, report, _ = _pipeline(run_cli, mlir_file(PROGRAM), "test-swap-addi-operands", "--json")
    assert code == 0
    assert _verdicts(report)[("test-swap-addi-operands", "add")] == "correct"


def test_added_nsw_flag_is_caught_as_poison(run_cli: CLI, mlir_file: Write) -> None:
    code, report, _ = _pipeline(run_cli, mlir_file(PROGRAM), "test-add-nsw", "--json")
    assert code == 1
    wrong = [r for r in report["results"] if r["verdict"] == "incorrect"]
    assert [(r["pass"], r["name"]) for r in wrong] == [("test-add-nsw", "add")]
    assert wrong[0]["counterexample"]["failed"] == "poison"


def test_dropped_overflow_flags_are_correct(run_cli: CLI, mlir_file: Write) -> None:
    """Twin: removing `nsw` only removes poison."""
    program = PROGRAM.replace("arith.addi %a, %y : i8", "arith.addi %a, %y overflow<nsw> : i8")
    code, report, _ = _pipeline(run_cli, mlir_file(program), "test-drop-overflow-flags", "--json")
    assert code == 0
    assert _verdicts(report)[("test-drop-overflow-flags", "add")] == "correct"


def test_human_report_names_the_pass(run_cli: CLI, mlir_file: Write) -> None:
    code, out, _ = _pipeline(run_cli, mlir_file(PROGRAM), "cse,test-swap-subi-operands")
    assert code == 1
    assert "== pass 2/2: test-swap-subi-operands" in out
    after_heading = out.split("== pass 2/2: test-swap-subi-operands", 1)[1]
    assert "sub (" in after_heading and "ERROR: Value mismatch" in after_heading
    assert "Summary: 6 checks over 2 passes: 5 correct, 1 incorrect, 0 unknown" in out


def test_stop_at_first(run_cli: CLI, mlir_file: Write) -> None:
    path = mlir_file(PROGRAM)
    passes = "cse,test-swap-subi-operands,test-add-nsw"
    code, report, err = _pipeline(run_cli, path, passes, "--json", "--stop-at-first")
    assert code == 1
    assert {r["step"] for r in report["results"]} == {1, 2}
    assert "stopped after pass 2" in report["pipeline"]["stopped"]
    assert "stopped after pass 2" in err
    code, report, _ = _pipeline(run_cli, path, passes, "--json")
    assert code == 1 and {r["step"] for r in report["results"]} == {1, 2, 3}
    assert report["pipeline"]["stopped"] is None


def test_jobs_give_the_same_results(run_cli: CLI, mlir_file: Write) -> None:
    path = mlir_file(PROGRAM)
    passes = "canonicalize,test-swap-subi-operands,test-add-nsw"
    _, one, _ = _pipeline(run_cli, path, passes, "--json")
    code, two, _ = _pipeline(run_cli, path, passes, "--json", "--jobs", "2")
    assert code == 1 and _verdicts(one) == _verdicts(two)
    _, stopped, _ = _pipeline(run_cli, path, passes, "--json", "--jobs", "2", "--stop-at-first")
    assert {r["step"] for r in stopped["results"]} == {1, 2}


def test_keep_ir_and_junit(run_cli: CLI, mlir_file: Write, tmp_path: Path) -> None:
    keep, junit = tmp_path / "ir", tmp_path / "reports" / "report.xml"
    passes = "canonicalize,test-swap-subi-operands,test-muli-to-test-op"
    code, _, _ = _pipeline(
        run_cli, mlir_file(PROGRAM), passes, "--keep-ir", str(keep), "--junit", str(junit)
    )
    assert code == 1
    names = sorted(p.name for p in keep.iterdir())
    assert names == [
        "00-input.mlir",
        "01-canonicalize.mlir",
        "02-test-swap-subi-operands.mlir",
        "03-test-muli-to-test-op.mlir",
    ]
    assert "arith.subi %y, %x" in (keep / "02-test-swap-subi-operands.mlir").read_text()
    assert "test.op" in (keep / "03-test-muli-to-test-op.mlir").read_text()
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("9", "1", "3")
    cases = {(c.get("classname"), c.get("name")): c for c in suite.iter("testcase")}
    assert len(cases) == 9
    failure = cases[("test-swap-subi-operands", "sub")].find("failure")
    assert failure is not None and "Example:" in (failure.text or "")
    skipped = cases[("test-muli-to-test-op", "mul")].find("skipped")
    assert skipped is not None and "test.op" in skipped.get("message", "")
    assert cases[("canonicalize", "add")].find("failure") is None
    assert not list(junit.parent.glob(".*"))  # no temporary file left behind


def test_unreadable_output_is_unknown_naming_pass_and_op(run_cli: CLI, mlir_file: Write) -> None:
    passes = "cse,test-muli-to-test-op,dce"
    code, report, err = _pipeline(run_cli, mlir_file(PROGRAM), passes, "--json")
    assert code == 3
    assert {r["step"] for r in report["results"]} == {1, 2}
    step2 = [r for r in report["results"] if r["step"] == 2]
    assert all(r["verdict"] == "unknown" for r in step2)
    assert all("test-muli-to-test-op" in r["reason"] and "test.op" in r["reason"] for r in step2)
    assert "Traceback" not in err and err.count("\n") == 1 and "test.op" in err


def test_identical_ir_is_correct_without_solving(run_cli: CLI, mlir_file: Write) -> None:
    code, report, _ = _pipeline(run_cli, mlir_file(PROGRAM), "test-swap-subi-operands", "--json")
    assert code == 1
    reasons = {r["name"]: r["reason"] for r in report["results"]}
    assert "identical IR" in reasons["add"] and "identical IR" not in reasons["sub"]


@pytest.mark.parametrize(
    ("passes", "message"),
    [
        ("no-such-pass", "pass 1 'no-such-pass' (xdsl driver): Unrecognized passes"),
        ("cse,test-crash", "pass 2 'test-crash' (xdsl driver): RuntimeError: this pass always"),
        ("builtin.module(func.func(cse))", "'func.func(cse)' is nested"),
        ("canonicalize{bogus=1}", "pass 1 'canonicalize{bogus=1}'"),
        ("builtin.module(cse", "malformed --passes"),
        ("cse,,dce", "malformed --passes"),
    ],
)
def test_bad_passes_exit_2(run_cli: CLI, mlir_file: Write, passes: str, message: str) -> None:
    code, _, err = _pipeline(run_cli, mlir_file(PROGRAM), passes)
    assert code == 2 and message in err
    _one_line_error(err)


def test_bad_input_exit_2(run_cli: CLI, mlir_file: Write, tmp_path: Path) -> None:
    code, _, err = _pipeline(run_cli, str(tmp_path / "missing.mlir"), "cse")
    assert code == 2 and "no such file" in err
    _one_line_error(err)
    bad = mlir_file(
        "func.func @f(%x: i8) -> i8 {\n  %r = arith.addi %x : i8\n  return %r : i8\n}\n"
    )
    code, _, err = _pipeline(run_cli, bad, "cse")
    assert code == 2 and f"{bad}:2:" in err
    _one_line_error(err)
    code, _, err = run_cli("pipeline", mlir_file(PROGRAM), "--passes", "cse", "--mlir-opt", "x")
    assert code == 2 and "--driver mlir-opt" in err
    _one_line_error(err)
    code, _, err = run_cli("pipeline", mlir_file(PROGRAM), "--passes", "cse", "--driver", "gcc")
    assert code == 2
    _one_line_error(err)
    code, _, err = run_cli("pipeline", mlir_file(PROGRAM))
    assert code == 2 and "--passes" in err


def test_api(mlir_file: Write, tmp_path: Path) -> None:
    from irproof.api import translation_validate, validate_pipeline
    from irproof.errors import InputError

    path = mlir_file(PROGRAM)
    seen: list[str] = []
    plan, results = validate_pipeline(
        path, "cse,test-swap-subi-operands", "xdsl", on_result=lambda r: seen.append(r.step.label)
    )
    assert [s.label for s in plan.steps] == ["cse", "test-swap-subi-operands"]
    wrong = [(r.step.label, r.result.name) for r in results if r.result.verdict == "incorrect"]
    assert wrong == [("test-swap-subi-operands", "sub")]
    assert seen == [r.step.label for r in results]
    swapped = mlir_file(PROGRAM.replace("arith.subi %x, %y", "arith.subi %y, %x"))
    verdicts = {r.name: r.verdict for r in translation_validate(path, swapped)}
    assert verdicts == {"sub": "incorrect", "add": "correct", "mul": "correct"}
    with pytest.raises(InputError, match="no-such-pass"):
        validate_pipeline(path, "no-such-pass", "xdsl")


def test_junit_marks_bounded_verdicts() -> None:
    from irproof.verifier.junit import junit_xml
    from irproof.verifier.verify import PairResult

    bounded = PairResult("f", "x.mlir", "correct", "loops unrolled up to 4 times", bounded=True)
    exact = PairResult("g", "x.mlir", "correct")
    suite = ET.fromstring(junit_xml("s", [("p", bounded), ("p", exact)])).find("testsuite")
    assert suite is not None and suite.get("failures") == "0" and suite.get("skipped") == "0"
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    out = cases["f"].find("system-out")
    assert out is not None and "bounded" in (out.text or "")
    assert cases["g"].find("system-out") is None
