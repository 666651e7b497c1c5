"""`affine.delinearize_index` / `affine.linearize_index`: parsing both upstream syntaxes,
outcomes worked out by hand from MLIR's affine docs, the SMT semantics against the
concrete interpreter on generated functions, and verdicts on what upstream passes emit
(with incorrect twins whose counterexamples replay)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

from irproof.api import translation_validate, verify_file
from irproof.dialects.mlir.affine_index import DelinearizeIndexOp, LinearizeIndexOp
from irproof.errors import InputError
from irproof.loading import parse_module
from irproof.verifier.verify import CORRECT, INCORRECT, PairResult, VerifyOptions
from tests.test_semantics_differential import (
    INDEX_WIDTHS,
    UB,
    Outcome,
    assert_agree,
    describe,
    differential,
)

MLIR_OPT_19 = "/usr/lib/llvm-19/bin/mlir-opt"
CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "pipelines"
OPTIONS = VerifyOptions(timeout_s=30.0)


def _ops(text: str) -> list[object]:
    function = parse_module("t.mlir", text).body.block.ops.first
    return list(function.body.block.ops)  # type: ignore[union-attr]


# --- Parsing ------------------------------------------------------------------------------

MIXED = """
func.func @f(%x: index, %n: index) -> (index, index, index) {
  %0:2 = affine.delinearize_index %x into (%n, 4) : index, index
  %1 = affine.linearize_index disjoint [%0#0, %0#1] by (3, %n) : index
  return %0#0, %0#1, %1 : index, index, index
}
"""


def test_parses_the_mixed_basis_and_prints_it_back() -> None:
    delinearize, linearize = _ops(MIXED)[:2]
    assert isinstance(delinearize, DelinearizeIndexOp)
    assert isinstance(linearize, LinearizeIndexOp)
    assert delinearize.basis[1] == 4 and delinearize.has_outer_bound()
    assert linearize.basis[0] == 3 and linearize.is_disjoint()
    printed = str(parse_module("t.mlir", MIXED))
    assert "affine.delinearize_index %x into (%n, 4) : index, index" in printed
    assert "affine.linearize_index disjoint [%0, %1] by (3, %n) : index" in printed
    assert str(parse_module("printed.mlir", printed)) == printed


@pytest.mark.skipif(not Path(MLIR_OPT_19).exists(), reason="needs mlir-opt 19")
def test_parses_what_mlir_opt_19_prints() -> None:
    """MLIR 19: the basis is only values, one per result (always an outer bound)."""
    source = """func.func @f(%x: index, %a: index, %b: index) -> (index, index) {
      %0:2 = affine.delinearize_index %x into (%a, %b) : index, index
      return %0#0, %0#1 : index, index
    }"""
    printed = subprocess.run(
        [MLIR_OPT_19], input=source, capture_output=True, text=True, check=True
    ).stdout
    assert "affine.delinearize_index %arg0 into (%arg1, %arg2)" in printed
    op = _ops(printed)[0]
    assert isinstance(op, DelinearizeIndexOp) and len(op.dynamic_basis) == 2


def test_parses_what_the_torch_mlir_bindings_print() -> None:
    ir = pytest.importorskip("torch_mlir.ir", reason="needs the torch-mlir wheel")
    with ir.Context():
        printed = str(ir.Module.parse(MIXED))
    assert "into (%arg1, 4)" in printed and "disjoint [%0#0, %0#1] by (3, %arg1)" in printed
    assert [type(op) for op in _ops(printed)[:2]] == [DelinearizeIndexOp, LinearizeIndexOp]


@pytest.mark.parametrize(
    ("op", "message"),
    [
        ("%r:2 = affine.delinearize_index %x into (0, 3) : index, index", "non-positive"),
        ("%r:2 = affine.delinearize_index %x into (2, 3, 4) : index, index", "one fewer"),
        ("%r = affine.linearize_index [%x, %x] by (2, 3, 4) : index", "one fewer"),
    ],
)
def test_rejects_what_upstream_rejects(op: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_module("bad.mlir", f"func.func @f(%x: index) {{\n  {op}\n  return\n}}")


# --- Outcomes from the docs, by hand --------------------------------------------------------


def _function(op: str, args: int, results: int) -> str:
    params = ", ".join(f"%a{i}: index" for i in range(args))
    types = ", ".join(["index"] * results)
    if results == 1:
        return f"func.func @f({params}) -> index {{\n  %r = {op} : index\n  return %r : index\n}}"
    names = ", ".join(f"%r#{i}" for i in range(results))
    body = f"  %r:{results} = {op} : {types}\n  return {names} : {types}"
    return f"func.func @f({params}) -> ({types}) {{\n{body}\n}}"


def _u(value: int, width: int = 64) -> int:
    return value % (1 << width)


@dataclass(frozen=True)
class Case:
    id: str
    op: str
    args: tuple[int | None, ...]
    results: int
    expected: Outcome
    index_width: int = 64

    @property
    def text(self) -> str:
        return _function(self.op, len(self.args), self.results)


DELIN = "affine.delinearize_index %a0 into"
LIN = "affine.linearize_index"
CASES = [
    Case("delinearize", f"{DELIN} (2, 3)", (5,), 2, (1, 2)),
    Case("delinearize floors", f"{DELIN} (3)", (_u(-1),), 2, (_u(-1), 2)),
    Case("outer bound: above is poison", f"{DELIN} (2, 3)", (6,), 2, (None, None)),
    Case("outer bound: negative is poison", f"{DELIN} (2, 3)", (_u(-1),), 2, (None, None)),
    Case("basis 0 is UB", f"{DELIN} (%a1, 3)", (1, 0), 2, UB),
    Case("negative basis is UB", f"{DELIN} (%a1)", (1, _u(-2)), 2, UB),
    Case("poison basis is UB", f"{DELIN} (%a1)", (1, None), 2, UB),
    Case("poison index", f"{DELIN} (4)", (None,), 2, (None, None)),
    Case("product overflows", f"{DELIN} (%a1, 65536)", (1, 65536), 2, UB, 32),
    Case("product fits at 64", f"{DELIN} (%a1, 65536)", (65537, 65536), 2, (1, 1)),
    Case("linearize", f"{LIN} [%a0, %a1] by (3)", (1, 2), 1, (5,)),
    Case("no promise, no bound", f"{LIN} [%a0, %a1] by (3)", (1, 3), 1, (6,)),
    Case("disjoint broken", f"{LIN} disjoint [%a0, %a1] by (3)", (1, 3), 1, (None,)),
    Case("disjoint: idx_0 < 0", f"{LIN} disjoint [%a0, %a1] by (3)", (_u(-1), 2), 1, (_u(-1),)),
    Case("disjoint outer bound", f"{LIN} disjoint [%a0, %a1] by (3, 3)", (3, 0), 1, (None,)),
    Case("outer bound unused", f"{LIN} [%a0, %a1] by (3, 3)", (3, 0), 1, (9,)),
    Case("negative basis", f"{LIN} [%a0, %a1] by (%a2)", (1, 1, _u(-2)), 1, (_u(-1),)),
    Case(
        "disjoint: negative basis",
        f"{LIN} disjoint [%a0, %a1] by (%a2)",
        (0, 0, _u(-2)),
        1,
        (None,),
    ),
    Case("term overflows", f"{LIN} [%a0, %a1] by (4)", (1 << 30, 0), 1, UB, 32),
    Case("term fits at 64", f"{LIN} [%a0, %a1] by (4)", (1 << 30, 0), 1, (1 << 32,)),
    Case("poison index, no UB", f"{LIN} [%a0, %a1] by (4)", (None, 1 << 62), 1, (None,)),
    Case("partial sum overflows", f"{LIN} [%a0, %a1] by (1)", (1 << 62, 1 << 62), 1, UB),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_documented_outcome(case: Case) -> None:
    """Both semantics give the outcome worked out from the affine docs."""
    got = assert_agree(case.text, case.args, case.index_width, [case.index_width] * case.results)
    assert got == case.expected, describe(case.text, case.args, case.index_width)


# --- Generated functions: SMT semantics vs concrete interpreter -----------------------------


def _values(width: int) -> st.SearchStrategy[int]:
    """Small values (most in range of a small basis), edges and anything, as unsigned."""
    edges = [0, 1, 2, 3, -1, -2, 1 << 16, (1 << 31) - 1, 1 << 31, (1 << 62) + 1, -(1 << 63)]
    small = st.integers(-13, 13)
    value = st.one_of(small, small, st.sampled_from(edges), st.integers(-(1 << 63), 1 << 63))
    return value.map(lambda v: _u(v, width))


@st.composite
def index_functions(draw: st.DrawFn) -> tuple[str, int, int]:
    """(function text, argument count, result count): one delinearize or linearize op with
    a basis of constants and arguments, with or without an outer bound (and `disjoint`)."""
    count = draw(st.integers(1, 3))
    linearize = draw(st.booleans())
    size = count - draw(st.integers(0, 1))
    constants = st.integers(-3, 7) if linearize else st.integers(1, 7)
    large = st.sampled_from([1 << 16, (1 << 31) + 1, 1 << 40])
    args = 1 if not linearize else count
    basis: list[str] = []
    for _ in range(size):
        if draw(st.booleans()):
            basis.append(f"%a{args}")
            args += 1
        else:
            basis.append(str(draw(st.one_of(constants, constants, large))))
    basis_text = ", ".join(basis)
    if linearize:
        flag = "disjoint " if draw(st.booleans()) else ""
        indices = ", ".join(f"%a{i}" for i in range(count))
        return _function(f"{LIN} {flag}[{indices}] by ({basis_text})", args, 1), args, 1
    return _function(f"{DELIN} ({basis_text})", args, count), args, count


@pytest.mark.parametrize("index_width", INDEX_WIDTHS)
@settings(differential, max_examples=60)
@given(data=st.data())
def test_generated_functions_agree(index_width: int, data: st.DataObject) -> None:
    text, args, results = data.draw(index_functions(), label="function")
    values = st.one_of(_values(index_width), _values(index_width), st.none())
    inputs = data.draw(st.lists(values, min_size=args, max_size=args), label="args")
    note(describe(text, inputs, index_width))
    assert_agree(text, inputs, index_width, [index_width] * results)


# --- Verdicts ---------------------------------------------------------------------------------

UNIT_OUTER_BOUND = """
func.func @unit_outer_bound_src(%x: index) -> (index, index) {{
  %0:2 = affine.delinearize_index %x into ({basis}) : index, index
  return %0#0, %0#1 : index, index
}}
func.func @unit_outer_bound_tgt(%x: index) -> (index, index) {{
  %c0 = arith.constant 0 : index
  return %c0, %x : index, index
}}
"""


def _verify(tmp_path: Path, text: str) -> PairResult:
    path = tmp_path / "pair.mlir"
    path.write_text(text)
    [result] = verify_file(str(path), OPTIONS)
    return result


def test_unit_outer_bound_folds_to_zero(tmp_path: Path) -> None:
    """Upstream's canonicalizer: `into (1, 4)` gives (0, x). Correct because x outside
    [0, 4) makes the results poison (the outer bound bounds the linear index)."""
    result = _verify(tmp_path, UNIT_OUTER_BOUND.format(basis="1, 4"))
    assert result.verdict == CORRECT, result.reason


def test_without_the_outer_bound_the_fold_is_incorrect(tmp_path: Path) -> None:
    """`into (4)`: no outer bound, x = 4 gives (1, 0), not (0, 4)."""
    result = _verify(tmp_path, UNIT_OUTER_BOUND.format(basis="4"))
    assert result.verdict == INCORRECT, result.reason
    assert result.counterexample is not None
    assert result.counterexample.replay.startswith("confirmed")


@pytest.fixture(scope="module")
def folded() -> str:
    """Upstream's fold-memref-alias-ops on corpus/pipelines/memref_reshape.mlir (the
    torch-mlir bindings; MLIR 19's mlir-opt emits affine.apply instead)."""
    pytest.importorskip("torch_mlir", reason="the mlir driver needs the torch-mlir wheel")
    from irproof.verifier.drivers import make_driver
    from irproof.verifier.pass_pipeline import split_pipeline

    text = (CORPUS / "memref_reshape.mlir").read_text()
    driver = make_driver("mlir")
    for step in split_pipeline("builtin.module(fold-memref-alias-ops)"):
        text = driver.run(text, step)
    return text


def _tv(tmp_path: Path, after: str) -> dict[str, PairResult]:
    before_path, after_path = tmp_path / "before.mlir", tmp_path / "after.mlir"
    before_path.write_text((CORPUS / "memref_reshape.mlir").read_text())
    after_path.write_text(after)
    return {r.name: r for r in translation_validate(str(before_path), str(after_path), OPTIONS)}


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} in:\n{text}"
    return text.replace(old, new)


@pytest.mark.mlir
def test_fold_memref_alias_ops_is_correct(folded: str, tmp_path: Path) -> None:
    assert "affine.delinearize_index" in folded and "affine.linearize_index" in folded
    results = _tv(tmp_path, folded)
    assert set(results) == {"collapse_expand", "expand_store"}
    for result in results.values():
        assert result.verdict == CORRECT, f"{result.name}: {result.reason}"


@pytest.mark.mlir
def test_swapped_basis_is_incorrect(folded: str, tmp_path: Path) -> None:
    """The basis of each op reversed: (3, 2) for the 2x3 memref, (2, 3) for the 3x2 view."""
    broken = _replace_once(folded, "into (2, 3)", "into (3, 2)")
    broken = _replace_once(broken, "by (3, 2)", "by (2, 3)")
    for result in _tv(tmp_path, broken).values():
        assert result.verdict == INCORRECT, f"{result.name}: {result.reason}"
        assert result.counterexample is not None
        assert result.counterexample.replay.startswith("confirmed")
