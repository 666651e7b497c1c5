"""`irproof pipeline` with upstream MLIR passes on straight-line arith programs, through the
MLIR Python bindings (`--driver mlir`) and a native `mlir-opt` (`--driver mlir-opt`)."""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from irproof.verifier.drivers import DriverUnavailable, make_driver
from irproof.verifier.drivers.mlir_opt import find_mlir_opt
from tests.test_cli import CLI, _one_line_error

pytestmark = pytest.mark.mlir

Write = Callable[[str], str]

PROGRAM = """
func.func @fold(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %c3 = arith.constant 3 : i8
  %c4 = arith.constant 4 : i8
  %a = arith.addi %x, %c0 : i8
  %b = arith.addi %c3, %c4 : i8
  %r = arith.muli %a, %b : i8
  return %r : i8
}
func.func @common(%x: i8, %y: i8) -> i8 {
  %a = arith.xori %x, %y : i8
  %b = arith.xori %x, %y : i8
  %r = arith.subi %a, %b : i8
  return %r : i8
}
func.func @floor(%x: i8, %y: i8) -> i8 {
  %r = arith.floordivsi %x, %y : i8
  return %r : i8
}
func.func @ranges(%x: i8, %y: i8) -> i1 {
  %c15 = arith.constant 15 : i8
  %c16 = arith.constant 16 : i8
  %c1 = arith.constant 1 : i8
  %a = arith.andi %x, %c15 : i8
  %b = arith.andi %y, %c15 : i8
  %d = arith.ori %b, %c1 : i8
  %q = arith.divsi %a, %d : i8
  %m = arith.maxsi %q, %a : i8
  %r = arith.cmpi slt, %m, %c16 : i8
  return %r : i1
}
func.func @index_ops(%x: index) -> i1 {
  %c1 = index.constant 1
  %a = index.add %x, %c1
  %r = index.cmp ugt(%a, %x)
  return %r : i1
}
"""

PASSES = (
    "builtin.module(canonicalize,cse,sccp,arith-expand,int-range-optimizations,"
    "arith-unsigned-when-equivalent,func.func(canonicalize{max-iterations=1 test-convergence=false}))"
)
PASS_LABELS = [
    "canonicalize",
    "cse",
    "sccp",
    "arith-expand",
    "int-range-optimizations",
    "arith-unsigned-when-equivalent",
    "func.func(canonicalize{max-iterations=1 test-convergence=false})",
]
FUNCTIONS = ["fold", "common", "floor", "ranges", "index_ops"]


def _driver_or_skip(name: str) -> str:
    try:
        make_driver(name)
    except DriverUnavailable as error:
        pytest.skip(str(error))
    return name


@pytest.fixture(params=["mlir", "mlir-opt"])
def driver(request: pytest.FixtureRequest) -> str:
    return _driver_or_skip(request.param)


def _pipeline(
    run_cli: CLI, driver: str, path: str, passes: str, *extra: str
) -> tuple[int, Any, str]:
    code, out, err = run_cli("pipeline", path, "--driver", driver, "--passes", passes, *extra)
    return code, json.loads(out) if "--json" in extra else out, err


def test_upstream_passes_on_straight_line_arith(
    run_cli: CLI, mlir_file: Write, driver: str, tmp_path: Path
) -> None:
    junit, keep = tmp_path / "report.xml", tmp_path / "ir"
    code, report, _ = _pipeline(
        run_cli,
        driver,
        mlir_file(PROGRAM),
        PASSES,
        "--json",
        "--junit",
        str(junit),
        "--keep-ir",
        str(keep),
        "--index-width",
        "32",
        "--jobs",
        "2",
    )
    verdicts = {(r["pass"], r["name"]): r["verdict"] for r in report["results"]}
    assert list(dict.fromkeys(p for p, _ in verdicts)) == PASS_LABELS
    assert len(verdicts) == len(PASS_LABELS) * len(FUNCTIONS)
    wrong = {k: v for k, v in verdicts.items() if v != "correct"}
    assert code == (1 if wrong else 0)
    assert wrong == {}
    kept = sorted(p.name for p in keep.iterdir())
    assert kept[0] == "00-input.mlir" and kept[4] == "04-arith-expand.mlir" and len(kept) == 8
    assert "arith.floordivsi" not in (keep / "04-arith-expand.mlir").read_text()
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None and suite.get("tests") == str(len(verdicts))
    assert {c.get("classname") for c in suite.iter("testcase")} == set(PASS_LABELS)
    assert not any(c.find("failure") is not None for c in suite.iter("testcase"))


def _mlir_opt_is_llvm_19() -> bool:
    tool = find_mlir_opt()
    if tool is None:
        return False
    version = subprocess.run([tool, "--version"], capture_output=True, text=True).stdout
    return "version 19." in version


CEILDIV = """
func.func @ceil(%x: i8, %y: i8) -> i8 {
  %r = arith.ceildivsi %x, %y : i8
  return %r : i8
}
"""


def test_arith_expand_ceildivsi(run_cli: CLI, mlir_file: Write, driver: str) -> None:
    """LLVM 19's arith-expand computes ceildivsi(x, y) with a `divsi (x + 1), y` that
    overflows to INT_MIN / -1 (UB) for x = INT_MAX, y = -1; current MLIR does not."""
    if driver == "mlir-opt" and not _mlir_opt_is_llvm_19():
        pytest.skip("the known bug is in LLVM 19's mlir-opt")
    code, report, _ = _pipeline(run_cli, driver, mlir_file(CEILDIV), "arith-expand", "--json")
    result = report["results"][0]
    if driver == "mlir":
        assert code == 0 and result["verdict"] == "correct"
        return
    assert code == 1 and result["verdict"] == "incorrect"
    assert result["pass"] == "arith-expand" and result["counterexample"]["failed"] == "ub"
    assert result["counterexample"]["replay"].startswith("confirmed by the concrete interpreter")


IDENTITY_TRANSPOSE = """
func.func @copy_by_transpose(%in: memref<2x2xi8>, %out: memref<2x2xi8>) {
  linalg.transpose ins(%in : memref<2x2xi8>) outs(%out : memref<2x2xi8>) permutation = [0, 1]
  return
}
"""


def test_identity_transpose_on_memrefs(run_cli: CLI, mlir_file: Write, driver: str) -> None:
    """LLVM 19 folds an identity `linalg.transpose` away also on memrefs, where it is a copy
    into `outs` (corpus/findings/linalg_transpose_memref_fold_llvm19.md); current MLIR
    folds it on tensors only, so the bindings' canonicalize is the correct twin."""
    if driver == "mlir-opt" and not _mlir_opt_is_llvm_19():
        pytest.skip("the known bug is in LLVM 19's mlir-opt")
    path = mlir_file(IDENTITY_TRANSPOSE)
    code, report, _ = _pipeline(run_cli, driver, path, "canonicalize", "--json")
    result = report["results"][0]
    if driver == "mlir":
        assert code == 0 and result["verdict"] == "correct"
        return
    assert code == 1 and result["verdict"] == "incorrect"
    assert result["counterexample"]["failed"] == "memory"
    assert result["counterexample"]["replay"].startswith("confirmed")


def test_llvm_dialect_output_is_unknown_naming_pass_and_op(
    run_cli: CLI, mlir_file: Write, driver: str
) -> None:
    passes = "builtin.module(canonicalize,convert-arith-to-llvm,cse)"
    code, report, err = _pipeline(run_cli, driver, mlir_file(PROGRAM), passes, "--json")
    assert code == 3
    assert {r["step"] for r in report["results"]} == {1, 2}
    step2 = [r for r in report["results"] if r["step"] == 2]
    assert step2 and all(r["verdict"] == "unknown" for r in step2)
    assert all("convert-arith-to-llvm" in r["reason"] and "llvm." in r["reason"] for r in step2)
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("passes", "message"),
    [
        ("builtin.module(no-such-pass)", "pass 1 'no-such-pass'"),
        ("builtin.module(cse,canonicalize{bogus=1})", "pass 2 'canonicalize{bogus=1}'"),
        ("builtin.module(func.func(cse)", "malformed --passes"),
        # mlir-opt prints `<unknown>:0: error:` and the message on the next line
        ("builtin.module(canonicalize{max-iterations=x})", "with options `max-iterations=x`"),
        # the pass itself fails: `fold` does not converge in one iteration
        (
            "builtin.module(cse,canonicalize{max-iterations=1 test-convergence})",
            "pass 2 'canonicalize{max-iterations=1 test-convergence}'",
        ),
    ],
)
def test_bad_passes_exit_2(
    run_cli: CLI, mlir_file: Write, driver: str, passes: str, message: str
) -> None:
    code, _, err = _pipeline(run_cli, driver, mlir_file(PROGRAM), passes)
    assert code == 2 and message in err
    assert f"({driver} driver)" in err or "malformed" in err
    _one_line_error(err)


def test_mlir_opt_path_option(run_cli: CLI, mlir_file: Write, tmp_path: Path) -> None:
    _driver_or_skip("mlir-opt")
    tool = find_mlir_opt()
    assert tool is not None
    code, _, _ = run_cli(
        "pipeline",
        mlir_file(PROGRAM),
        "--driver",
        "mlir-opt",
        "--mlir-opt",
        tool,
        "--passes",
        "cse",
        "--quiet",
    )
    assert code == 0
    missing = str(tmp_path / "no-mlir-opt")
    code, _, err = run_cli(
        "pipeline",
        mlir_file(PROGRAM),
        "--driver",
        "mlir-opt",
        "--mlir-opt",
        missing,
        "--passes",
        "cse",
    )
    assert code == 2 and "not found" in err
    _one_line_error(err)
