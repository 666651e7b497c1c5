"""The `irproof synth` command line: reports, JSON, exit codes and bad input."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from irproof.api import verify_file
from irproof.verifier.verify import CORRECT
from tests.test_synth_search import ADD_XY, MUL8, NEG_NEG

CLI = Callable[..., tuple[int, str, str]]
Write = Callable[[str], str]


def _one_line_error(err: str) -> None:
    assert err.startswith("irproof: error: ") and err.count("\n") == 1, err


def test_json_report_per_function(run_cli: CLI, mlir_file: Write, tmp_path: Path) -> None:
    path = mlir_file(MUL8 + NEG_NEG + ADD_XY)
    code, out, _ = run_cli("synth", path, "--json", "--widths", "1-8")
    assert code == 0
    report = json.loads(out)
    assert report["schema"] == 1 and report["tool"] == "irproof"
    by_name = {r["name"]: r for r in report["results"]}
    assert by_name["mul8"]["source_cost"] == 1 and by_name["mul8"]["cost"] == 1
    assert by_name["mul8"]["cost_detail"] == {"ops": 1, "latency": 1}
    assert by_name["mul8"]["widths"] == [4, 5, 6, 7, 8]
    assert by_name["negneg"]["status"] == "found" and by_name["negneg"]["cost"] == 0
    assert by_name["add"]["status"] == "optimal" and by_name["add"]["verdict"] == "correct"
    assert all(r["time_s"] >= 0 for r in report["results"])
    assert report["summary"] == {
        "correct": 3,
        "incorrect": 0,
        "unknown": 0,
        "found": 2,
        "optimal": 1,
    }
    for result in report["results"]:  # every rewrite is verifiable by `irproof verify`
        rewrite = tmp_path / f"{result['name']}.mlir"
        rewrite.write_text(result["rewrite"])
        assert [r.verdict for r in verify_file(str(rewrite))] == [CORRECT]


def test_jobs_give_the_same_results(run_cli: CLI, mlir_file: Write) -> None:
    path = mlir_file(MUL8 + NEG_NEG + ADD_XY)
    reports = []
    for jobs in ("1", "2"):
        code, out, _ = run_cli("synth", path, "--json", "--jobs", jobs)
        assert code == 0
        reports.append([(r["name"], r["status"], r["target"]) for r in json.loads(out)["results"]])
    assert (
        reports[0]
        == reports[1]
        == [("mul8", "found", "shli(x, 3)"), ("negneg", "found", "x"), ("add", "optimal", "")]
    )


def test_human_report(run_cli: CLI, mlir_file: Write) -> None:
    code, out, _ = run_cli("synth", mlir_file(MUL8), "--widths", "1-64")
    assert code == 0
    assert "found: 1 ops (latency 3) -> 1 ops (latency 1)" in out
    assert "target: shli(x, 3)   (verified; widths i4-i64)" in out
    assert "fails at: i1-i3" in out
    assert out.rstrip().endswith("Summary: 1 function: 1 rewritten, 0 already optimal, 0 unknown")


def test_timeout_exits_3(run_cli: CLI, mlir_file: Write) -> None:
    code, out, _ = run_cli("synth", mlir_file(NEG_NEG), "--timeout", "0.000000001", "--quiet")
    assert code == 3 and "1 unknown" in out
    # Twin: with time, the same search succeeds.
    code, _, _ = run_cli("synth", mlir_file(NEG_NEG), "--quiet")
    assert code == 0


def test_bad_input_is_one_line_exit_2(run_cli: CLI, mlir_file: Write, tmp_path: Path) -> None:
    for argv in (
        ("synth", str(tmp_path / "missing.mlir")),
        ("synth", mlir_file("func.func @f(")),
        ("synth", mlir_file("func.func @f(%x: f32) -> f32 {\n  return %x : f32\n}")),
        ("synth", mlir_file(MUL8), "--ops", "arith.bogus"),
        ("synth", mlir_file(MUL8), "--cost", "cycles"),
        ("synth", mlir_file(MUL8), "--discover"),
        ("synth",),
        ("synth", "--discover", "--ops", "extui"),
        ("synth", "--discover", "--i1-args", "-1"),  # was read as 0
    ):
        code, out, err = run_cli(*argv)
        assert code == 2 and out == "", argv
        _one_line_error(err)


def test_an_option_of_the_other_mode_is_a_usage_error(
    run_cli: CLI, mlir_file: Write, tmp_path: Path
) -> None:
    """`--out` without `--discover` wrote nothing and said nothing; now each mode refuses
    the other's options. The twins: the same options in their own mode run."""
    path = mlir_file(NEG_NEG)
    for argv, flag in (
        (("synth", path, "--out", str(tmp_path / "o")), "--out applies to --discover only"),
        (("synth", path, "--args", "3"), "--args applies to --discover only"),
        (("synth", path, "--proposals"), "--proposals applies to --discover only"),
        (("synth", "--discover", "--no-cegis"), "--no-cegis applies to a FILE only"),
        (("synth", "--discover", "--index-width", "64"), "--index-width applies to a FILE"),
        (("synth", "--discover", "--driver", "mlir-opt"), "--driver applies to --proposals"),
    ):
        code, out, err = run_cli(*argv)
        assert code == 2 and out == "" and flag in err, argv
        _one_line_error(err)
    assert not (tmp_path / "o").exists()
    code, _, _ = run_cli("synth", path, "--index-width", "64", "--no-cegis", "--quiet")
    assert code == 0
    code, _, _ = run_cli(
        "synth", "--discover", "--ops", "addi,subi", "--max-ops", "1", "--args", "1",
        "--widths", "1-4", "--quiet", "--out", str(tmp_path / "o"),
    )  # fmt: skip
    assert code == 0 and (tmp_path / "o" / "rewrites.mlir").exists()


def test_discover_writes_pairs_and_pdl(run_cli: CLI, tmp_path: Path) -> None:
    out_dir = tmp_path / "found"
    code, out, _ = run_cli(
        "synth",
        "--discover",
        "--ops",
        "subi,xori",
        "--max-ops",
        "1",
        "--widths",
        "1-8",
        "--json",
        "--out",
        str(out_dir),
    )
    assert code == 0
    report = json.loads(out)
    shown = {f"{r['source']} -> {r['target']}" for r in report["results"]}
    assert {"subi(x, x) -> 0", "xori(x, x) -> 0", "subi(x, 0) -> x"} <= shown
    assert all(r["widths"] == list(range(1, 9)) and r["pdl"] for r in report["results"])
    assert report["summary"]["rewrites"] == len(report["results"])
    pairs = verify_file(str(out_dir / "rewrites.mlir"))
    patterns = verify_file(str(out_dir / "rewrites.pdl"))
    assert len(pairs) == len(patterns) == len(report["results"])
    assert all(r.verdict == CORRECT for r in [*pairs, *patterns])
