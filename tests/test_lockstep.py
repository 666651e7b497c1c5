"""Lockstep validation (`irproof.verifier.lockstep`): loop nests run in the same order are
proved one symbolic iteration at a time, and everything else falls back to unrolling.

Each correct pair proved in lockstep has twins that must be `incorrect` (a transposed
operand, a dropped store, an off-by-one bound, UB added outside the loops) and pairs that
lockstep must not prove but unrolling does (interchanged loops: the same result in another
order). The lowered IR is upstream's `convert-linalg-to-loops` output, as text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from irproof.cli import main
from irproof.loading import parse_module
from irproof.verifier import lockstep
from irproof.verifier.pairs import find_pairs
from irproof.verifier.verify import CORRECT, INCORRECT, PairResult, VerifyOptions, verify_pair

OPTIONS = VerifyOptions(timeout_s=30.0)
PROVED_IN_LOCKSTEP = "proved one symbolic iteration at a time"


def matmul_pair(n: int, element: str, body: str | None = None, bounds: str = "") -> str:
    """`linalg.matmul` on memrefs (source) and its lowering to `scf.for` (target); `body`
    replaces the innermost loop body, `bounds` the innermost upper bound."""
    t = f"memref<{n}x{n}x{element}>"
    add, mul = (
        ("arith.addf", "arith.mulf") if element.startswith("f") else ("arith.addi", "arith.muli")
    )
    body = body or (
        f"          %0 = memref.load %A[%i, %k] : {t}\n"
        f"          %1 = memref.load %B[%k, %j] : {t}\n"
        f"          %2 = memref.load %C[%i, %j] : {t}\n"
        f"          %3 = {mul} %0, %1 : {element}\n"
        f"          %4 = {add} %2, %3 : {element}\n"
        f"          memref.store %4, %C[%i, %j] : {t}\n"
    )
    return f"""
func.func @mm_src(%A: {t}, %B: {t}, %C: {t}) {{
  linalg.matmul ins(%A, %B : {t}, {t}) outs(%C : {t})
  return
}}
func.func @mm_tgt(%A: {t}, %B: {t}, %C: {t}) {{
  %c0 = arith.constant 0 : index
  %cn = arith.constant {n} : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %cn step %c1 {{
    scf.for %j = %c0 to %cn step %c1 {{
      scf.for %k = %c0 to {bounds or "%cn"} step %c1 {{
{body}      }}
    }}
  }}
  return
}}
"""


def _check(text: str, options: VerifyOptions = OPTIONS) -> PairResult:
    module = parse_module("lockstep.mlir", text)
    (pair,) = find_pairs(module, "lockstep")
    return verify_pair(module, pair, "lockstep.mlir", options)


def _plan(text: str) -> lockstep.Plan | None:
    module = parse_module("lockstep.mlir", text)
    (pair,) = find_pairs(module, "lockstep")
    return lockstep.plan(pair.source, pair.target)


@pytest.mark.parametrize("element", ["i32", "f32"])
def test_lowered_matmul_is_proved_per_iteration(element: str) -> None:
    result = _check(matmul_pair(4, element))
    assert result.verdict == CORRECT, result.reason
    assert PROVED_IN_LOCKSTEP in result.reason
    assert "10 of 10 checks" in result.reason  # 5 aliasing configurations x 2 index widths
    assert "symbolic levels: 3 of 3" in result.reason


def test_lockstep_agrees_with_unrolling() -> None:
    unrolled = _check(matmul_pair(3, "i32"), VerifyOptions(timeout_s=30.0, lockstep=False))
    assert unrolled.verdict == CORRECT
    assert PROVED_IN_LOCKSTEP not in unrolled.reason


def test_a_large_matmul_costs_one_iteration() -> None:
    """N=32 unrolled is 32768 iterations a side (minutes); in lockstep it is one."""
    result = _check(matmul_pair(32, "f32"))
    assert result.verdict == CORRECT and PROVED_IN_LOCKSTEP in result.reason


BROKEN_BODIES = {
    "transposed operand": ("%A[%i, %k]", "%A[%k, %i]"),
    "dropped store": ("          memref.store %4, %C[%i, %j] : memref<3x3xi32>\n", ""),
    "store to the wrong element": ("memref.store %4, %C[%i, %j]", "memref.store %4, %C[%j, %i]"),
    "wrong operand order in the reduction": ("arith.muli %0, %1", "arith.muli %0, %0"),
}


@pytest.mark.parametrize("mutation", sorted(BROKEN_BODIES))
def test_broken_lowerings_fall_back_and_are_incorrect(mutation: str) -> None:
    old, new = BROKEN_BODIES[mutation]
    text = matmul_pair(3, "i32")
    assert text.count(old) == 1
    result = _check(text.replace(old, new))
    assert result.verdict == INCORRECT, result.reason
    assert result.counterexample is not None
    assert result.counterexample.replay.startswith("confirmed")


def test_off_by_one_bound_is_incorrect() -> None:
    text = matmul_pair(3, "i32", bounds="%c2").replace(
        "  %c1 = arith.constant 1 : index\n",
        "  %c1 = arith.constant 1 : index\n  %c2 = arith.constant 2 : index\n",
    )
    plan = _plan(text)
    assert plan is not None and plan.nests[0][2] == 2  # the k loops differ: i, j symbolic
    result = _check(text)
    assert result.verdict == INCORRECT, result.reason


def test_interchanged_loops_are_proved_by_unrolling_not_lockstep() -> None:
    """i and j swapped: the same final memory, in another order. Lockstep pairs iterations
    by position, so it cannot prove this; unrolling does."""
    text = matmul_pair(3, "i32")
    tgt = text.index("@mm_tgt")
    swapped = (
        text[tgt:]
        .replace("scf.for %i =", "scf.for %TMP =")
        .replace("scf.for %j =", "scf.for %i =")
        .replace("scf.for %TMP =", "scf.for %j =")
    )
    result = _check(text[:tgt] + swapped)
    assert result.verdict == CORRECT, result.reason
    assert PROVED_IN_LOCKSTEP not in result.reason


UB_OUTSIDE_THE_LOOPS = """
func.func @fill_src(%C: memref<8xi32>) {
  %v = arith.constant 7 : i32
  linalg.fill ins(%v : i32) outs(%C : memref<8xi32>)
  return
}
func.func @fill_tgt(%C: memref<8xi32>) {
  %v = arith.constant 7 : i32
  %z = arith.constant 0 : i32
  %bad = arith.divui %v, %z : i32
  %c0 = arith.constant 0 : index
  %c8 = arith.constant 8 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c8 step %c1 {
    memref.store %v, %C[%i] : memref<8xi32>
  }
  return
}
"""


def test_ub_outside_the_loops_is_caught() -> None:
    assert _plan(UB_OUTSIDE_THE_LOOPS) is not None
    result = _check(UB_OUTSIDE_THE_LOOPS)
    assert result.verdict == INCORRECT, result.reason


def test_ub_twin_without_the_division_is_proved_in_lockstep() -> None:
    text = UB_OUTSIDE_THE_LOOPS.replace("  %bad = arith.divui %v, %z : i32\n", "")
    result = _check(text)
    assert result.verdict == CORRECT and PROVED_IN_LOCKSTEP in result.reason


MLP = """
#id = affine_map<(i, j) -> (i, j)>
#row = affine_map<(i, j) -> (j)>
func.func @mlp_src(%x: memref<2x3xi32>, %W: memref<3x2xi32>, %b: memref<2xi32>, %y: memref<2x2xi32>) {
  %zero = arith.constant 0 : i32
  linalg.fill ins(%zero : i32) outs(%y : memref<2x2xi32>)
  linalg.matmul ins(%x, %W : memref<2x3xi32>, memref<3x2xi32>) outs(%y : memref<2x2xi32>)
  linalg.generic {indexing_maps = [#row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%b : memref<2xi32>) outs(%y : memref<2x2xi32>) {
  ^bb0(%bias: i32, %v: i32):
    %s = arith.addi %v, %bias : i32
    %m = arith.maxsi %s, %zero : i32
    linalg.yield %m : i32
  }
  return
}
func.func @mlp_tgt(%x: memref<2x3xi32>, %W: memref<3x2xi32>, %b: memref<2xi32>, %y: memref<2x2xi32>) {
  %zero = arith.constant 0 : i32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  scf.for %i = %c0 to %c2 step %c1 {
    scf.for %j = %c0 to %c2 step %c1 {
      memref.store %zero, %y[%i, %j] : memref<2x2xi32>
    }
  }
  scf.for %i = %c0 to %c2 step %c1 {
    scf.for %j = %c0 to %c2 step %c1 {
      scf.for %k = %c0 to %c3 step %c1 {
        %0 = memref.load %x[%i, %k] : memref<2x3xi32>
        %1 = memref.load %W[%k, %j] : memref<3x2xi32>
        %2 = memref.load %y[%i, %j] : memref<2x2xi32>
        %3 = arith.muli %0, %1 : i32
        %4 = arith.addi %2, %3 : i32
        memref.store %4, %y[%i, %j] : memref<2x2xi32>
      }
    }
  }
  scf.for %i = %c0 to %c2 step %c1 {
    scf.for %j = %c0 to %c2 step %c1 {
      %0 = memref.load %b[%j] : memref<2xi32>
      %1 = memref.load %y[%i, %j] : memref<2x2xi32>
      %2 = arith.addi %1, %0 : i32
      %3 = arith.maxsi %2, %zero : i32
      memref.store %3, %y[%i, %j] : memref<2x2xi32>
    }
  }
  return
}
"""


def test_a_sequence_of_nests_is_proved_nest_by_nest() -> None:
    result = _check(MLP)
    assert result.verdict == CORRECT, result.reason
    assert PROVED_IN_LOCKSTEP in result.reason and "3 loop nest(s)" in result.reason


def test_nests_in_another_order_are_incorrect() -> None:
    """Bias and relu before the matmul: every nest matches one of the source's, but not in
    order (their trip counts differ), and the result differs."""
    tgt = MLP.index("@mlp_tgt")
    head, body = MLP[:tgt], MLP[tgt:]
    first = body.index(
        "  scf.for %i = %c0 to %c2 step %c1 {\n    scf.for %j = %c0 to %c2 step %c1 {\n      scf.for %k"
    )
    last = body.index(
        "  scf.for %i = %c0 to %c2 step %c1 {\n    scf.for %j = %c0 to %c2 step %c1 {\n      %0 = memref.load %b"
    )
    end = body.index("  return\n}", last)
    reordered = body[:first] + body[last:end] + body[first:last] + body[end:]
    result = _check(head + reordered)
    assert result.verdict == INCORRECT, result.reason


ALLOC_OUTSIDE = (
    "  return\n}\nfunc.func @mm_tgt",
    "  %d = memref.alloc() : memref<4xi32>\n  memref.dealloc %d : memref<4xi32>\n"
    "  return\n}\nfunc.func @mm_tgt",
)
DEALLOC_INSIDE = (
    "memref.store %4, %C[%i, %j] : memref<4x4xi32>\n",
    "memref.store %4, %C[%i, %j] : memref<4x4xi32>\n"
    "          %d = memref.alloc() : memref<2xi32>\n"
    "          memref.dealloc %d : memref<2xi32>\n",
)


@pytest.mark.parametrize("edit", [ALLOC_OUTSIDE, DEALLOC_INSIDE], ids=["alloc-outside", "dealloc"])
def test_shapes_outside_lockstep_have_no_plan(edit: tuple[str, str]) -> None:
    old, new = edit
    text = matmul_pair(4, "i32")
    assert text.count(old) == 1
    assert _plan(text) is not None
    assert _plan(text.replace(old, new)) is None


def _with_carried_k_loop(text: str) -> str:
    return text.replace(
        "scf.for %k = %c0 to %cn step %c1 {",
        "%r = scf.for %k = %c0 to %cn step %c1 iter_args(%a = %c0) -> (index) {",
    ).replace(
        "memref.store %4, %C[%i, %j] : memref<3x3xi32>\n",
        "memref.store %4, %C[%i, %j] : memref<3x3xi32>\n          scf.yield %a : index\n",
    )


def test_a_loop_with_carried_values_is_not_a_level() -> None:
    """The k loop carries a value: only i and j are symbolic, k runs in full. Its twin
    reads A transposed and must be incorrect."""
    text = _with_carried_k_loop(matmul_pair(3, "i32"))
    plan = _plan(text)
    assert plan is not None and plan.nests[0][2] == 2
    result = _check(text)
    assert result.verdict == CORRECT and PROVED_IN_LOCKSTEP in result.reason
    twin = text.replace("%A[%i, %k]", "%A[%k, %i]")
    assert twin != text
    assert _check(twin).verdict == INCORRECT


# --- lockstep and unrolling agree on upstream lowerings and their mutants ------------------

STATEMENTS = ("matmul", "fill", "copy", "transpose", "add")


def _statement(kind: str, n: int, m: int, names: list[str]) -> str:
    square, wide = f"memref<{n}x{n}xi8>", f"memref<{n}x{m}xi8>"
    a, b, c = names
    if kind == "matmul":
        return f"  linalg.matmul ins(%{a}, %{b} : {square}, {square}) outs(%{c} : {square})\n"
    if kind == "fill":
        return f"  linalg.fill ins(%v : i8) outs(%{c} : {square})\n"
    if kind == "copy":
        return f"  linalg.copy ins(%{a} : {square}) outs(%{c} : {square})\n"
    if kind == "transpose":
        return (
            f"  linalg.transpose ins(%{a} : {square}) outs(%{c} : {square}) permutation = [1, 0]\n"
        )
    assert kind == "add" and wide
    return f"  linalg.add ins(%{a}, %{b} : {square}, {square}) outs(%{c} : {square})\n"


MUTATIONS = (
    ("none", r"$^", ""),
    (
        "swap the indices of a load",
        r"memref\.load (%\w+)\[(%\w+), (%\w+)\]",
        r"memref.load \1[\3, \2]",
    ),
    ("store to another buffer", r"memref\.store (%\w+), %arg2\[", r"memref.store \1, %arg0["),
    ("drop a store", r"^\s*memref\.store .*\n", ""),
    ("subtract instead of add", r"arith\.addi", "arith.subi"),
)


@pytest.mark.mlir
@settings(max_examples=12, deadline=None, database=None)
@given(
    st.lists(st.sampled_from(STATEMENTS), min_size=1, max_size=2),
    st.integers(2, 3),
    st.lists(st.permutations(["A", "B", "C"]), min_size=2, max_size=2),
    st.sampled_from(range(len(MUTATIONS))),
)
def test_lockstep_and_unrolling_agree(
    kinds: list[str], n: int, orders: list[list[str]], mutation: int
) -> None:
    pytest.importorskip("torch_mlir", reason="the mlir driver needs the torch-mlir wheel")
    from irproof.verifier.drivers import make_driver
    from irproof.verifier.pass_pipeline import split_pipeline

    t = f"memref<{n}x{n}xi8>"
    body = "".join(_statement(k, n, n, order) for k, order in zip(kinds, orders, strict=False))
    before = (
        f"func.func @f(%A: {t}, %B: {t}, %C: {t}) {{\n  %v = arith.constant 3 : i8\n"
        f"{body}  return\n}}\n"
    )
    (step,) = split_pipeline("builtin.module(func.func(convert-linalg-to-loops))")
    after = make_driver("mlir").run(before, step)
    _, pattern, replacement = MUTATIONS[mutation]
    after = re.sub(pattern, replacement, after, count=1, flags=re.M)
    source = before.replace("@f(", "@f_src(")
    target = re.sub(r"func\.func @f\(", "func.func @f_tgt(", after)
    target = target.strip().removeprefix("module {").removesuffix("}")
    text = source + target
    with_lockstep = _check(text)
    unrolled = _check(text, VerifyOptions(timeout_s=30.0, lockstep=False))
    assert with_lockstep.verdict == unrolled.verdict, (text, with_lockstep.reason, unrolled.reason)


def test_cli_says_how_it_proved_and_can_turn_lockstep_off(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mm.mlir"
    path.write_text(matmul_pair(3, "i32"))
    assert main(["verify", "--verbose", str(path)]) == 0
    assert f"proof: {PROVED_IN_LOCKSTEP}" in capsys.readouterr().out
    assert main(["verify", "--verbose", "--no-lockstep", str(path)]) == 0
    out = capsys.readouterr().out
    assert "mm (" in out and ": correct" in out and PROVED_IN_LOCKSTEP not in out


CONV = """
func.func @conv(%I: memref<1x34x34x8xf32>, %F: memref<3x3x8x16xf32>, %O: memref<1x32x32x16xf32>) {
  linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
    ins(%I, %F : memref<1x34x34x8xf32>, memref<3x3x8x16xf32>) outs(%O : memref<1x32x32x16xf32>)
  return
}
"""


@pytest.mark.mlir
def test_a_convolution_too_big_to_unroll_is_proved_and_its_twin_is_not() -> None:
    """1.2 million iterations: beyond what unrolling takes (`unknown`), one for lockstep.
    The twin reads the filter transposed: lockstep cannot prove it, and unrolling cannot
    run it, so it is `unknown` (never `correct`)."""
    pytest.importorskip("torch_mlir", reason="the mlir driver needs the torch-mlir wheel")
    from irproof.verifier.drivers import make_driver
    from irproof.verifier.pass_pipeline import split_pipeline

    (step,) = split_pipeline("builtin.module(func.func(convert-linalg-to-loops))")
    after = make_driver("mlir").run(CONV, step)
    aliases = "".join(line + "\n" for line in after.splitlines() if line.startswith("#"))
    body = "\n".join(line for line in after.splitlines() if not line.startswith("#"))
    target = body.strip().removeprefix("module {").removesuffix("}")
    text = aliases + CONV.replace("@conv(", "@conv_src(") + target.replace("@conv(", "@conv_tgt(")
    result = _check(text)
    assert result.verdict == CORRECT and "symbolic levels: 7 of 7" in result.reason
    unrolled = _check(text, VerifyOptions(timeout_s=30.0, lockstep=False))
    assert unrolled.verdict == "unknown" and "iterations" in unrolled.reason
    broken, count = re.subn(
        r"memref\.load %arg1\[(%\w+), (%\w+),", r"memref.load %arg1[\2, \1,", text
    )
    assert count == 1
    assert _check(broken).verdict == "unknown"
