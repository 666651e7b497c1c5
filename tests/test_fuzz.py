"""`irproof fuzz`: short seeded runs of every mode (they must find nothing), and planted bugs
(a broken interpreter rule, a broken pass, a wrong corpus expectation, a lying solver) that
each mode must find and shrink to a small MLIR reproducer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import find, given, settings

from irproof import strategies as gen
from irproof.loading import parse_module
from irproof.semantics.concrete.interpreter import CONCRETE_RULES
from irproof.verifier import solvers
from irproof.verifier.drivers.xdsl_passes import register_pass, unregister_pass
from irproof.verifier.fuzz.findings import DISAGREEMENT, INCORRECT, Finding, KnownFindings
from irproof.verifier.fuzz.runner import FuzzConfig, run_fuzz
from irproof.verifier.fuzz.search import Budget
from tests.test_cli import CLI, _one_line_error
from tests.xdsl_test_passes import TEST_PASSES

SMALL = gen.ProgramOptions(max_ops=4)


def _json(out: str) -> dict:  # type: ignore[type-arg]
    return json.loads(out)


# --- The strategy library ------------------------------------------------------------------


RESTRICTED = gen.ProgramOptions(
    max_ops=3, ops=("arith.addi", "arith.extui"), widths=(8, 16), kinds=("straight-line",)
)


@settings(max_examples=30, deadline=None, database=None)
@given(gen.programs(RESTRICTED))
def test_programs_respect_the_op_mix_and_widths(function: gen.GeneratedFunction) -> None:
    assert set(function.op_names) <= {"arith.addi", "arith.extui"}
    assert set(function.arg_types) | set(function.result_types) <= {"i8", "i16", "index"}
    parse_module("generated.mlir", function.text)


MIX = ("arith.addi", "arith.xori", "arith.constant", "arith.divsi", "arith.trunci", "scf.if")


@pytest.mark.parametrize(
    ("kind", "ops", "at_most"),
    [
        pytest.param(
            "straight-line", {"arith.divsi", "arith.trunci"}, 2, marks=pytest.mark.slow
        ),  # 25 s
        ("control-flow", {"arith.divsi", "scf.if"}, 6),  # scf.yield terminators included
    ],
)
def test_programs_shrink_to_a_handful_of_ops(kind: str, ops: set[str], at_most: int) -> None:
    """The smallest program with the given ops that Hypothesis finds is a few lines long."""
    options = gen.ProgramOptions(max_ops=8, ops=MIX[:-1], kinds=(kind,))
    found = find(
        gen.programs(options),
        lambda f: ops <= set(f.op_names),
        settings=settings(max_examples=500, database=None, derandomize=True),
    )
    assert len(found.op_names) <= at_most, found.text


def test_unknown_program_kind_is_rejected() -> None:
    with pytest.raises(ValueError, match="sparse"):
        gen.programs(gen.ProgramOptions(kinds=("sparse",)))


# --- Self-check ------------------------------------------------------------------------------


def test_self_check_seeded_run_agrees(run_cli: CLI) -> None:
    code, out, _ = run_cli("fuzz", "--self-check", "--max-examples", "80", "--seed", "7", "--json")
    report = _json(out)
    assert code == 0, report["results"]
    assert report["fuzz"]["examples"] == 80
    assert report["summary"]["incorrect"] == 0


def test_time_budget_ends_the_run(run_cli: CLI) -> None:
    argv = ["fuzz", "--self-check", "--time-budget", "1", "--max-examples", "1000000", "--json"]
    code, out, _ = run_cli(*argv, "--seed", "4", "--no-jit")
    report = _json(out)
    assert code == 0 and 0 < report["fuzz"]["examples"] < 1_000_000
    assert report["fuzz"]["time_budget_s"] == 1.0


@pytest.fixture
def broken_xori(monkeypatch: pytest.MonkeyPatch) -> None:
    """The concrete `arith.xori` of x and 1 forgets to flip the low bit."""
    rule = CONCRETE_RULES["arith.xori"]

    def broken(op, operands, env):  # type: ignore[no-untyped-def]
        if operands[1] == 1:
            return [operands[0]]
        return rule(op, operands, env)

    monkeypatch.setitem(CONCRETE_RULES, "arith.xori", broken)


@pytest.mark.usefixtures("broken_xori")
def test_self_check_finds_and_shrinks_a_planted_disagreement() -> None:
    program = gen.ProgramOptions(max_ops=5, ops=("arith.xori", "arith.addi", "arith.constant"))
    config = FuzzConfig("self-check", Budget(150, seed=1), program, use_jit=False)
    run = run_fuzz(config)
    assert run.findings, "the planted bug was not found"
    finding = min(run.findings, key=lambda f: len(f.ops))
    assert finding.kind == DISAGREEMENT
    assert "arith.xori" in finding.ops and len(finding.ops) <= 3, finding.reproducer
    assert "inputs at index width" in finding.reproducer
    parse_module("reproducer.mlir", finding.reproducer)  # printed as MLIR


# --- Passes ----------------------------------------------------------------------------------


@pytest.fixture
def test_passes() -> Iterator[None]:
    for pass_type in TEST_PASSES:
        register_pass(pass_type)
    yield
    for pass_type in TEST_PASSES:
        unregister_pass(pass_type.name)


@pytest.mark.usefixtures("test_passes")
def test_pass_fuzz_finds_a_broken_pass(run_cli: CLI, tmp_path: Path) -> None:
    findings = tmp_path / "findings"
    argv = ["fuzz", "--passes", "builtin.module(test-add-nsw)", "--driver", "xdsl"]
    argv += ["--max-examples", "30", "--seed", "0", "--findings", str(findings), "--json"]
    code, out, _ = run_cli(*argv)
    assert code == 1
    report = _json(out)
    (result,) = report["results"]
    assert result["kind"] == INCORRECT and result["pass"] == "test-add-nsw"
    assert result["counterexample"]["failed"] == "poison"
    assert "arith.addi" in result["reproducer"] and result["reproducer"].count("\n") <= 5
    (file,) = findings.glob("*.mlir")
    assert result["file"] == str(file)
    text = file.read_text()
    assert "MLIR version: xdsl" in text and "irproof pipeline THIS_FILE" in text
    parse_module(str(file), text)
    # A second run knows the bug from the findings folder and reports nothing new.
    code, out, _ = run_cli(*argv)
    assert code == 0 and _json(out)["fuzz"]["known_skipped"] > 0
    assert len(list(findings.glob("*.mlir"))) == 1


@pytest.mark.usefixtures("test_passes")
def test_pass_fuzz_of_a_correct_twin_finds_nothing(run_cli: CLI) -> None:
    argv = ["fuzz", "--passes", "builtin.module(test-swap-addi-operands,canonicalize)"]
    code, out, _ = run_cli(*argv, "--driver", "xdsl", "--max-examples", "25", "--seed", "3")
    assert code in (0, 3), out
    assert "0 finding(s)" in out


def test_pass_fuzz_unknown_pass_is_bad_input(run_cli: CLI) -> None:
    code, out, err = run_cli("fuzz", "--passes", "builtin.module(no-such-pass)", "--driver", "xdsl")
    assert code == 2 and out == ""
    _one_line_error(err)


# --- Metamorphic -----------------------------------------------------------------------------


def test_metamorphic_seeded_run_verifies(run_cli: CLI) -> None:
    code, out, _ = run_cli("fuzz", "--metamorphic", "--max-examples", "30", "--seed", "5")
    assert code in (0, 3), out
    assert "0 finding(s)" in out


WRONG_CORPUS = """
// EXPECT add_one: correct
func.func @add_one_src(%x: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %r = arith.addi %x, %c1 overflow<nsw> : i8
  return %r : i8
}
func.func @add_one_tgt(%x: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %r = arith.addi %x, %c1 overflow<nuw> : i8
  return %r : i8
}
"""


def test_metamorphic_finds_a_wrong_corpus_expectation(tmp_path: Path) -> None:
    (tmp_path / "arith").mkdir()
    (tmp_path / "arith" / "wrong.mlir").write_text(WRONG_CORPUS)
    config = FuzzConfig(
        "metamorphic", Budget(40, seed=2), SMALL, relations=("corpus-rewrite",), corpus=tmp_path
    )
    run = run_fuzz(config)
    assert [f.kind for f in run.findings] == [INCORRECT]
    (finding,) = run.findings
    assert "add_one" in finding.where and finding.failed == "poison"
    assert finding.ops == ("func.call",), finding.reproducer  # shrunk to the call alone


# --- Solver cross-check ----------------------------------------------------------------------


def test_metamorphic_with_every_solver_agrees(run_cli: CLI) -> None:
    pytest.importorskip("cvc5")
    pytest.importorskip("bitwuzla")
    argv = ["fuzz", "--metamorphic", "--solver", "all", "--max-examples", "15", "--seed", "1"]
    code, out, _ = run_cli(*argv, "--json")
    assert code in (0, 3) and _json(out)["fuzz"]["solvers"] == ["z3", "cvc5", "bitwuzla"]


def test_a_solver_disagreement_is_an_inconsistency(monkeypatch: pytest.MonkeyPatch) -> None:
    """A solver answering sat on queries irproof proves unsat is reported, never resolved."""
    lying = solvers.Solver("z3", "z3", lambda text, timeout: solvers.SAT)
    monkeypatch.setitem(solvers.SOLVERS, "z3", lying)
    program = gen.ProgramOptions(max_ops=2, ops=("arith.addi",), kinds=("straight-line",))
    config = FuzzConfig(
        "metamorphic", Budget(10, seed=0), program, relations=("identity",), solvers=("z3",)
    )
    run = run_fuzz(config)
    assert run.findings and {f.kind for f in run.findings} == {"inconsistency"}
    finding = min(run.findings, key=lambda f: len(f.ops))
    assert "z3: sat" in finding.detail and "unsat" in finding.detail
    assert len(finding.ops) <= 2, finding.reproducer


def test_missing_solver_is_a_usage_error(run_cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    real = solvers.importlib.util.find_spec
    monkeypatch.setattr(
        solvers.importlib.util,
        "find_spec",
        lambda name, *a: None if name == "bitwuzla" else real(name, *a),
    )
    code, out, err = run_cli("fuzz", "--metamorphic", "--solver", "all", "--max-examples", "2")
    assert code == 2 and out == ""
    _one_line_error(err)
    assert "bitwuzla" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["--self-check", "--driver", "mlir-opt"],
        ["--self-check", "--ops", "arith.nope"],
        ["--self-check", "--solver", "z3"],
        ["--metamorphic", "--widths", "8"],
        ["--metamorphic", "--no-jit"],  # only --self-check runs the JIT
    ],
)
def test_bad_fuzz_arguments(run_cli: CLI, argv: list[str]) -> None:
    code, out, err = run_cli("fuzz", *argv)
    assert code == 2 and out == ""
    _one_line_error(err)


def test_known_findings_cover_bigger_programs_of_the_same_bug() -> None:
    def finding(ops: tuple[str, ...], where: str = "p") -> Finding:
        return Finding(INCORRECT, "passes", where, "value", ops, "", "")

    known = KnownFindings()
    known.add(finding(("arith.ceildivsi",)))
    assert known.covers(finding(("arith.addi", "arith.ceildivsi")))
    assert not known.covers(finding(("arith.addi",)))
    assert not known.covers(finding(("arith.ceildivsi",), where="q"))


# --- Upstream MLIR ---------------------------------------------------------------------------


@pytest.mark.mlir
def test_self_check_with_upstream_jit(run_cli: CLI) -> None:
    pytest.importorskip("torch_mlir")
    argv = ["fuzz", "--self-check", "--max-examples", "60", "--seed", "11", "--json"]
    code, out, _ = run_cli(*argv, "--index-width", "64")
    report = _json(out)
    assert code == 0, report["results"]
    assert report["fuzz"]["upstream_jit"] is True
    assert report["fuzz"]["outcomes"].get("jit-compared", 0) > 0


@pytest.mark.mlir
def test_pass_fuzz_through_mlir_bindings(run_cli: CLI) -> None:
    pytest.importorskip("torch_mlir")
    argv = ["fuzz", "--passes", "builtin.module(canonicalize)", "--max-examples", "15"]
    code, out, _ = run_cli(*argv, "--seed", "2", "--max-ops", "3")
    assert code in (0, 3), out


MLIR_OPT = Path("/usr/lib/llvm-19/bin/mlir-opt")


@pytest.mark.slow
@pytest.mark.skipif(not MLIR_OPT.exists(), reason="needs mlir-opt 19")
def test_pass_fuzz_rediscovers_arith_expand_ceildivsi_llvm19(tmp_path: Path) -> None:
    """corpus/findings/arith_expand_ceildivsi_llvm19.md, found again by fuzzing."""
    program = gen.ProgramOptions(
        max_ops=3, ops=("arith.ceildivsi", "arith.addi", "arith.constant"), kinds=("straight-line",)
    )
    config = FuzzConfig(
        "passes",
        Budget(200, seed=0, time_budget_s=90),
        program,
        passes="builtin.module(func.func(arith-expand))",
        driver="mlir-opt",
    )
    run = run_fuzz(config)
    assert any("arith.ceildivsi" in f.ops for f in run.findings)


AFFINE_FOR_YIELDS_IV = """
func.func @f(%x: index) -> index {
  %r = affine.for %i = 2 to 3 step 2 iter_args(%a = %x) -> (index) {
    affine.yield %i : index
  }
  return %r : index
}
"""


@pytest.mark.skipif(not MLIR_OPT.exists(), reason="needs mlir-opt 19")
def test_a_compiler_crash_is_a_finding() -> None:
    """corpus/findings/affine_for_yield_iv_crash_llvm19.md: mlir-opt 19 segfaults."""
    from irproof.errors import InputError
    from irproof.verifier.fuzz.findings import CRASH
    from irproof.verifier.fuzz.pass_fuzz import PassFuzz, PassFuzzOptions
    from irproof.verifier.fuzz.search import FindingFound

    check = PassFuzz(PassFuzzOptions("builtin.module(canonicalize)", driver="mlir-opt"))
    try:
        with pytest.raises(InputError) as error:
            check._validate(AFFINE_FOR_YIELDS_IV)
        with pytest.raises(FindingFound) as found:
            check._pass_error(str(error.value), AFFINE_FOR_YIELDS_IV, ("affine.for",))
    finally:
        check.close()
    assert found.value.finding.kind == CRASH
    assert found.value.finding.where == "mlir-opt/canonicalize"
