"""`irproof fuzz` on programs over memory (`--kinds memref,linalg`): generated programs parse
and their inputs fit; seeded self-check and pass-fuzz runs find nothing; a planted bug in the
SMT semantics of `memref.store` and a broken xDSL pass dropping stores are found and shrunk to
small MLIR reproducers (each with a correct twin)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from xdsl.context import Context
from xdsl.dialects import memref
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass
from xdsl.rewriter import InsertPoint, Rewriter

from irproof import strategies as gen
from irproof.linalg_strategies import BODY_OPS, LINALG_OP_NAMES
from irproof.loading import parse_module
from irproof.memref_strategies import MEMREF_OP_NAMES, SCALAR_OPS, element_count, shaped_type
from irproof.semantics.builder import Pair
from irproof.semantics.concrete.interpreter import CONCRETE_RULES
from irproof.semantics.lowering import SEMANTICS_RULES, LoweringContext
from irproof.verifier.drivers.xdsl_passes import register_pass, unregister_pass
from irproof.verifier.fuzz import memory_runs, search
from irproof.verifier.fuzz.findings import DISAGREEMENT, INCORRECT
from irproof.verifier.fuzz.runner import FuzzConfig, run_fuzz
from irproof.verifier.fuzz.search import Budget, FindingFound
from irproof.verifier.fuzz.self_check import (
    JIT_RUN,
    JIT_VS_CONCRETE,
    SelfCheck,
    SelfCheckOptions,
)
from tests.test_cli import CLI

KNOWN_OPS = {
    *MEMREF_OP_NAMES,
    *SCALAR_OPS,
    *LINALG_OP_NAMES,
    *BODY_OPS,
    "arith.constant",
    "arith.index_cast",
}


@settings(max_examples=40, deadline=None, database=None)
@given(st.data())
@pytest.mark.parametrize("kind", ["memref", "linalg"])
def test_memory_programs_are_well_typed(kind: str, data: st.DataObject) -> None:
    function = data.draw(gen.programs(gen.ProgramOptions(kinds=(kind,))))
    parse_module("generated.mlir", function.text)  # parsed and verified by xDSL
    assert set(function.op_names) <= KNOWN_OPS, function.op_names
    assert any(t.startswith(("memref<", "tensor<")) for t in function.arg_types)
    inputs = data.draw(gen.arguments(function, 64))
    for typ, value in zip(function.arg_types, inputs, strict=True):
        shaped = shaped_type(typ)
        if shaped is None:
            assert value is None or isinstance(value, int)
        else:
            assert isinstance(value, tuple) and len(value) == element_count(shaped[1])


def test_default_kinds_leave_memory_out() -> None:
    assert gen.ProgramOptions().kinds == gen.DEFAULT_KINDS == ("straight-line", "control-flow")
    assert {"memref", "linalg"} <= set(gen.PROGRAM_KINDS)


# --- Self-check --------------------------------------------------------------------------


def test_memory_self_check_agrees(run_cli: CLI) -> None:
    argv = ["fuzz", "--self-check", "--kinds", "memref,linalg", "--max-examples", "60"]
    code, out, _ = run_cli(*argv, "--seed", "5", "--quiet")
    assert code == 0, out
    assert "60 programs" in out and "0 finding(s)" in out


MEMORY_PROGRAM = """
func.func @f(%arg0: memref<2x3xi8>, %arg1: index, %arg2: i8, %arg3: tensor<2xi8>)
    -> (i8, tensor<2xi8>) {
  %c1 = arith.constant 1 : index
  memref.store %arg2, %arg0[%c1, %arg1] : memref<2x3xi8>
  %v = memref.load %arg0[%c1, %c1] : memref<2x3xi8>
  %r = linalg.add ins(%arg3, %arg3 : tensor<2xi8>, tensor<2xi8>) outs(%arg3 : tensor<2xi8>)
      -> tensor<2xi8>
  return %v, %r : i8, tensor<2xi8>
}"""


@pytest.mark.parametrize("index_width", [32, 64])
def test_memory_runs_agree_on_results_and_final_memory(index_width: int) -> None:
    module = parse_module("memory.mlir", MEMORY_PROGRAM)
    args: list[memory_runs.Input] = [(1, 2, 3, 4, 5, None), 2, 9, (100, 200)]
    expected = memory_runs.MemoryOutcome((5, (200, 144)), ((0, (1, 2, 3, 4, 5, 9)),))
    assert memory_runs.concrete_run(module, "f", args, index_width) == expected
    assert memory_runs.smt_run(module, "f", args, index_width) == expected
    args[1] = 3  # out of bounds: UB
    assert memory_runs.concrete_run(module, "f", args, index_width) == memory_runs.UB
    assert memory_runs.smt_run(module, "f", args, index_width) == memory_runs.UB


@pytest.fixture
def store_to_first_column(monkeypatch: pytest.MonkeyPatch) -> None:
    """The SMT `memref.store` (only) writes to index 0 of the last dimension."""
    rule = SEMANTICS_RULES["memref.store"]

    def broken(op, args: Sequence[object], ctx: LoweringContext):  # type: ignore[no-untyped-def]
        if len(args) > 2:
            last = args[-1]
            assert isinstance(last, Pair)
            zero = ctx.smt.bv_const(0, ctx.widths.index_width)
            args = [*args[:-1], Pair(zero, last.poison)]
        return rule(op, args, ctx)

    monkeypatch.setitem(SEMANTICS_RULES, "memref.store", broken)


@pytest.mark.usefixtures("store_to_first_column")
def test_self_check_finds_a_broken_store_semantics(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "SHRINK_CALLS", 150)  # enough to shrink this one
    program = gen.ProgramOptions(kinds=("memref",))
    run = run_fuzz(FuzzConfig("self-check", Budget(30, seed=1), program, use_jit=False))
    assert run.findings, "the planted bug was not found"
    finding = min(run.findings, key=lambda f: len(f.ops))
    assert finding.kind == DISAGREEMENT and "memref.store" in finding.ops
    assert len(finding.ops) <= 4, finding.reproducer
    assert "inputs at index width" in finding.reproducer
    assert "SMT semantics (Z3)" in finding.detail and "memory" in finding.detail
    parse_module("reproducer.mlir", finding.reproducer)  # printed as MLIR


BOTH_WRONG = gen.GeneratedFunction(
    body=(
        "%c1 = arith.constant 1 : index",
        "memref.store %arg1, %arg0[%c1] : memref<2xi8>",
        "%v = memref.load %arg0[%c1] : memref<2xi8>",
    ),
    op_names=("arith.constant", "memref.store", "memref.load"),
    arg_types=("memref<2xi8>", "i8"),
    result_types=("i8",),
    result_names=("%v",),
)


@pytest.fixture
def concrete_store_to_first_column(monkeypatch: pytest.MonkeyPatch) -> None:
    """The concrete `memref.store` makes the same mistake as `store_to_first_column`."""
    rule = CONCRETE_RULES["memref.store"]

    def broken(op, args, env):  # type: ignore[no-untyped-def]
        return rule(op, [*args[:-1], 0] if len(args) > 2 else args, env)

    monkeypatch.setitem(CONCRETE_RULES, "memref.store", broken)


def _check_with_jit(function: gen.GeneratedFunction, args: list[memory_runs.Input]) -> str:
    check = SelfCheck(SelfCheckOptions(gen.ProgramOptions(kinds=("memref",))))
    assert check.use_jit
    module = parse_module("generated.mlir", function.text)
    return check.check_over_memory(function, module, args, 64)


@pytest.mark.mlir
@pytest.mark.usefixtures("store_to_first_column", "concrete_store_to_first_column")
def test_upstream_jit_finds_a_bug_both_semantics_share() -> None:
    with pytest.raises(FindingFound) as found:
        _check_with_jit(BOTH_WRONG, [(7, None), 5])  # a poison element: run with 1 upstream
    finding = found.value.finding
    assert finding.where == JIT_VS_CONCRETE and finding.failed == "memory", finding.detail
    assert "memory %arg0 [7 (0x7), 5 (0x5)]" in finding.detail  # upstream's


@pytest.mark.mlir
def test_upstream_jit_agrees_on_memory() -> None:
    assert _check_with_jit(BOTH_WRONG, [(7, None), 5]) == JIT_RUN


# --- Passes ------------------------------------------------------------------------------


def _stores(module: ModuleOp) -> list[memref.StoreOp]:
    return [op for op in module.walk() if isinstance(op, memref.StoreOp)]


@dataclass(frozen=True)
class DropStores(ModulePass):
    """Broken: every `memref.store` is erased."""

    name = "test-drop-stores"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for store in _stores(op):
            Rewriter.erase_op(store)


@dataclass(frozen=True)
class DuplicateStores(ModulePass):
    """Correct twin: every `memref.store` is done twice."""

    name = "test-duplicate-stores"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for store in _stores(op):
            Rewriter.insert_op(store.clone(), InsertPoint.after(store))


@pytest.fixture
def store_passes() -> Iterator[None]:
    for pass_type in (DropStores, DuplicateStores):
        register_pass(pass_type)
    yield
    for pass_type in (DropStores, DuplicateStores):
        unregister_pass(pass_type.name)


@pytest.mark.usefixtures("store_passes")
def test_pass_fuzz_finds_a_pass_dropping_stores(
    run_cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "SHRINK_CALLS", 60)  # enough to shrink this one
    findings = tmp_path / "findings"
    argv = ["fuzz", "--passes", "builtin.module(test-drop-stores)", "--driver", "xdsl"]
    argv += ["--kinds", "memref", "--max-examples", "6", "--seed", "0"]
    code, out, _ = run_cli(*argv, "--findings", str(findings), "--json")
    assert code == 1
    report = json.loads(out)
    result = min(report["results"], key=lambda r: r["reproducer"].count("\n"))
    assert result["kind"] == INCORRECT and result["pass"] == "test-drop-stores"
    assert result["counterexample"]["failed"] == "memory"
    assert "memref.store" in result["reproducer"] and result["reproducer"].count("\n") <= 6
    (file,) = findings.glob("*.mlir")
    parse_module(str(file), file.read_text())


@pytest.mark.usefixtures("store_passes")
def test_pass_fuzz_of_the_twin_finds_nothing(run_cli: CLI) -> None:
    argv = ["fuzz", "--passes", "builtin.module(test-duplicate-stores)", "--driver", "xdsl"]
    code, out, _ = run_cli(*argv, "--kinds", "memref", "--max-examples", "15", "--seed", "0")
    assert code in (0, 3), out
    assert "0 finding(s)" in out
