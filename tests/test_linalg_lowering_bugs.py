"""Hand-broken lowerings must be found `incorrect` (issue 5, part B).

The real output of upstream passes (the in-process `mlir` driver) is taken, then broken by
a text edit the way a buggy pass would break it: a wrong index map, a transposed operand,
a dropped store, an off-by-one loop bound, a store to the wrong element. `irproof tv
BEFORE AFTER` must call each mutant `incorrect` with a counterexample that the concrete
interpreter confirmed, and the unedited output (the correct twin) `correct`.

Mutants are made from whatever upstream prints, by patterns on the loads, stores and loop
headers, so they survive small changes of upstream's printing; a pattern that no longer
matches exactly once fails the test (rather than silently testing the unedited output).

Lowerings: `convert-linalg-to-loops` (scf) and `convert-linalg-to-affine-loops` (affine) of
`linalg.matmul` on memrefs, i32 (and a few in f32, exact IEEE); then twins of the other
passes of `corpus/pipelines/linalg_*.mlir` / `memref_*.mlir`: a generalized matmul with a
wrong indexing map, fused element-wise bodies with a dropped op, subview folding with a
wrong offset, expanded strided metadata with a wrong stride.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from irproof.api import translation_validate
from irproof.verifier.drivers import make_driver
from irproof.verifier.pass_pipeline import split_pipeline
from irproof.verifier.verify import CORRECT, INCORRECT, PairResult, VerifyOptions

pytest.importorskip("torch_mlir", reason="the mlir driver needs the torch-mlir wheel")

pytestmark = pytest.mark.mlir

OPTIONS = VerifyOptions(timeout_s=30.0)

TO_LOOPS = "builtin.module(func.func(convert-linalg-to-loops))"
TO_AFFINE = "builtin.module(func.func(convert-linalg-to-affine-loops))"


def matmul(element: str, n: int = 3) -> str:
    t = f"memref<{n}x{n}x{element}>"
    return (
        f"func.func @matmul(%A: {t}, %B: {t}, %C: {t}) {{\n"
        f"  linalg.matmul ins(%A, %B : {t}, {t}) outs(%C : {t})\n"
        "  return\n}\n"
    )


def run_upstream(text: str, passes: str) -> str:
    """`text` after every pass of `passes`, through the MLIR Python bindings."""
    driver = make_driver("mlir")
    for step in split_pipeline(passes):
        text = driver.run(text, step)
    return text


# --- text edits ----------------------------------------------------------------------------


class UpstreamChanged(AssertionError):
    """A mutation's pattern no longer matches upstream's output exactly once."""


def edit(text: str, pattern: str, replacement: str | Callable[[re.Match[str]], str]) -> str:
    new, count = re.subn(pattern, replacement, text, flags=re.M)
    if count != 1:
        raise UpstreamChanged(f"pattern {pattern!r} matched {count} times in:\n{text}")
    return new


def arguments(text: str, function: str = "matmul") -> list[str]:
    """The argument names of `@function` as upstream printed them (`%arg0`, ...)."""
    match = re.search(rf"func\.func @{function}\((.*?)\)\s*(?:->|\{{)", text)
    if match is None:
        raise UpstreamChanged(f"no @{function} in:\n{text}")
    return re.findall(r"(%[\w.$-]+)\s*:", match[1])


_ACCESS = r"(?:memref|affine)\.{kind} (?:%[\w.$-]+, )?{operand}\[(%[\w.$-]+), (%[\w.$-]+)\]"


def swap_indices(kind: str, operand: int) -> Callable[[str], str]:
    """The load (or store) of the `operand`-th argument indexes it transposed."""

    def mutate(text: str) -> str:
        name = re.escape(arguments(text)[operand])
        pattern = _ACCESS.format(kind=kind, operand=name)
        return edit(text, pattern, lambda m: m[0].replace(f"[{m[1]}, {m[2]}]", f"[{m[2]}, {m[1]}]"))

    return mutate


def drop_store(text: str) -> str:
    return edit(text, r"^\s*(?:memref|affine)\.store .*\n", "")


def loop_bound(which: int, delta: int) -> Callable[[str], str]:
    """The `which`-th loop (0 outermost, -1 innermost) runs `delta` more iterations."""

    def mutate(text: str) -> str:
        affine = list(re.finditer(r"affine\.for (%[\w.$-]+) = 0 to (\d+)", text))
        if affine:
            loop = affine[which]
            header = f"affine.for {loop[1]} = 0 to {int(loop[2]) + delta}"
            return text[: loop.start()] + header + text[loop.end() :]
        loops = list(re.finditer(r"scf\.for (%[\w.$-]+) = (%[\w.$-]+) to (%[\w.$-]+) ", text))
        if not loops:
            raise UpstreamChanged(f"no loop in:\n{text}")
        loop = loops[which]
        bound = re.search(rf"{re.escape(loop[3])} = arith\.constant (\d+) : index", text)
        if bound is None:
            raise UpstreamChanged(f"the bound {loop[3]} is not a constant in:\n{text}")
        header = f"scf.for {loop[1]} = {loop[2]} to %broken_bound "
        text = text[: loop.start()] + header + text[loop.end() :]
        constant = f"%broken_bound = arith.constant {int(bound[1]) + delta} : index"
        return edit(text, r"(func\.func @matmul\(.*\{\n)", lambda m: f"{m[1]}    {constant}\n")

    return mutate


@dataclass(frozen=True)
class Mutant:
    name: str
    mutate: Callable[[str], str]
    failed: str
    """The refinement condition the counterexample breaks (ub / poison / value / memory)."""


MATMUL_MUTANTS = [
    # A read at (k, i) instead of (i, k): linalg.matmul's first indexing map transposed.
    Mutant("wrong_index_map", swap_indices("load", 0), "memory"),
    # B read at (j, k): the second operand used transposed.
    Mutant("transposed_operand", swap_indices("load", 1), "memory"),
    # The accumulator is computed but never written back.
    Mutant("dropped_store", drop_store, "memory"),
    # The reduction loop stops one iteration early.
    Mutant("off_by_one_reduction", loop_bound(-1, -1), "memory"),
    # The outer loop runs one iteration too many: reads and writes out of bounds.
    Mutant("off_by_one_outer", loop_bound(0, +1), "ub"),
    # The sum stored into C[j, i].
    Mutant("wrong_output_element", swap_indices("store", 2), "memory"),
]


def validate(tmp_path: Path, before: str, after: str) -> PairResult:
    (tmp_path / "before.mlir").write_text(before)
    (tmp_path / "after.mlir").write_text(after)
    results = translation_validate(
        str(tmp_path / "before.mlir"), str(tmp_path / "after.mlir"), OPTIONS
    )
    assert len(results) == 1
    return results[0]


def assert_refuted(result: PairResult, failed: str | tuple[str, ...]) -> None:
    """Incorrect, with a replayed counterexample failing `failed` (one of them)."""
    assert result.verdict == INCORRECT, f"{result.verdict}: {result.reason}"
    cex = result.counterexample
    assert cex is not None
    assert cex.replay.startswith("confirmed"), cex.replay
    assert cex.failed in ((failed,) if isinstance(failed, str) else failed), result.reason


@pytest.fixture(scope="module")
def lowered() -> Callable[[str, str], str]:
    """Upstream's output for the 3x3 matmul of an element type through a pipeline (cached)."""
    cache: dict[tuple[str, str], str] = {}

    def get(element: str, passes: str) -> str:
        if (element, passes) not in cache:
            cache[element, passes] = run_upstream(matmul(element), passes)
        return cache[element, passes]

    return get


LOWERINGS = [pytest.param(TO_LOOPS, id="scf"), pytest.param(TO_AFFINE, id="affine")]


@pytest.mark.parametrize("passes", LOWERINGS)
@pytest.mark.parametrize("element", ["i8", "i32", "f32"])
def test_unedited_lowering_is_correct(
    lowered: Callable[[str, str], str], tmp_path: Path, element: str, passes: str
) -> None:
    """The twin of every mutant: upstream's own output refines the linalg op."""
    result = validate(tmp_path, matmul(element), lowered(element, passes))
    assert result.verdict == CORRECT, result.reason


# i8 keeps the default run fast (the solver bit-blasts every multiplication: a 3x3x3 i32
# mutant takes 3-12 s to refute, an i8 one 0.1-0.4 s); the lowering does not depend on it.
ELEMENTS = ["i8", pytest.param("i32", marks=pytest.mark.slow)]


@pytest.mark.parametrize("mutant", MATMUL_MUTANTS, ids=lambda m: m.name)
@pytest.mark.parametrize("passes", LOWERINGS)
@pytest.mark.parametrize("element", ELEMENTS)
def test_broken_matmul_lowering_is_incorrect(
    lowered: Callable[[str, str], str], tmp_path: Path, element: str, passes: str, mutant: Mutant
) -> None:
    after = mutant.mutate(lowered(element, passes))
    assert after != lowered(element, passes)
    assert_refuted(validate(tmp_path, matmul(element), after), mutant.failed)


@pytest.mark.parametrize(
    "timeout_s", [pytest.param(1.0, id="1s"), pytest.param(10.0, id="10s", marks=pytest.mark.slow)]
)
@pytest.mark.parametrize(
    "mutant",
    [m for m in MATMUL_MUTANTS if m.name in ("transposed_operand", "off_by_one_reduction")],
    ids=lambda m: m.name,
)
def test_broken_f32_lowering_is_incorrect(tmp_path: Path, mutant: Mutant, timeout_s: float) -> None:
    """Exact IEEE floats: the counterexample is replayed with the interpreter's own rounding.
    Z3 finds no exact-FP counterexample for these mutants even in 10 s (even at 2x2x2
    without aliasing; the abstract mode's is not confirmed exactly): the random inputs tried
    after the timeout (`irproof.verifier.falsify`) are what refutes them."""
    after = mutant.mutate(run_upstream(matmul("f32", 2), TO_LOOPS))
    (tmp_path / "before.mlir").write_text(matmul("f32", 2))
    (tmp_path / "after.mlir").write_text(after)
    options = VerifyOptions(timeout_s=timeout_s, index_widths=(64,), noalias=True)
    paths = str(tmp_path / "before.mlir"), str(tmp_path / "after.mlir")
    (result,) = translation_validate(*paths, options)
    assert_refuted(result, mutant.failed)


def test_cli_reports_a_replayed_counterexample(
    lowered: Callable[[str, str], str],
    tmp_path: Path,
    run_cli: Callable[..., tuple[int, str, str]],
) -> None:
    """`irproof tv BEFORE AFTER` itself: exit code 1, the failure and the replay shown."""
    before, after = tmp_path / "before.mlir", tmp_path / "after.mlir"
    before.write_text(matmul("i8"))
    after.write_text(drop_store(lowered("i8", TO_LOOPS)))
    code, out, _ = run_cli("tv", str(before), str(after))
    assert code == 1, out
    assert "matmul" in out and "incorrect" in out
    assert "Mismatch in memory" in out
    assert "Replay: confirmed by the concrete interpreter" in out


# --- twins of the other passes of the linalg / memref pipeline corpus ------------------------

ELEMENTWISE = """
#id = affine_map<(i, j) -> (i, j)>
func.func @add_relu(%a: tensor<2x3xi32>, %b: tensor<2x3xi32>) -> tensor<2x3xi32> {
  %zero = arith.constant 0 : i32
  %e = tensor.empty() : tensor<2x3xi32>
  %sum = linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%a, %b : tensor<2x3xi32>, tensor<2x3xi32>) outs(%e : tensor<2x3xi32>) {
  ^bb0(%x: i32, %y: i32, %o: i32):
    %s = arith.addi %x, %y : i32
    linalg.yield %s : i32
  } -> tensor<2x3xi32>
  %relu = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%sum : tensor<2x3xi32>) outs(%e : tensor<2x3xi32>) {
  ^bb0(%x: i32, %o: i32):
    %m = arith.maxsi %x, %zero : i32
    linalg.yield %m : i32
  } -> tensor<2x3xi32>
  return %relu : tensor<2x3xi32>
}
"""

SUBVIEWS = """
func.func @subview_load(%m: memref<4x4xi32>, %i: index, %j: index) -> i32 {
  %sv = memref.subview %m[1, 1] [2, 2] [1, 1] : memref<4x4xi32> to memref<2x2xi32, strided<[4, 1], offset: 5>>
  %v = memref.load %sv[%i, %j] : memref<2x2xi32, strided<[4, 1], offset: 5>>
  return %v : i32
}
"""

STRIDED_STORE = """
func.func @strided_store(%m: memref<4x6xf32>, %v: f32, %i: index) {
  %sv = memref.subview %m[0, 1] [2, 3] [2, 2] : memref<4x6xf32> to memref<2x3xf32, strided<[12, 2], offset: 1>>
  memref.store %v, %sv[%i, %i] : memref<2x3xf32, strided<[12, 2], offset: 1>>
  return
}
"""


def _generic_map_swapped(text: str) -> str:
    """The generalized matmul reads A through (d2, d0) instead of (d0, d2)."""
    match = re.search(r"(#map\w*) = affine_map<\(d0, d1, d2\) -> \(d0, d2\)>", text)
    if match is None:
        raise UpstreamChanged(f"no (d0, d2) map in:\n{text}")
    return edit(
        text,
        rf"^{match[1]} = affine_map<.*>$",
        f"{match[1]} = affine_map<(d0, d1, d2) -> (d2, d0)>",
    )


@dataclass(frozen=True)
class PassTwin:
    name: str
    program: str
    passes: str
    mutate: Callable[[str], str]
    failed: tuple[str, ...]
    """The conditions a counterexample may break (memory contents may be poison: a wrong
    element read may be a poison one)."""


PASS_TWINS = [
    PassTwin(
        "generalize_wrong_map",
        matmul("i8"),
        "builtin.module(func.func(linalg-generalize-named-ops))",
        _generic_map_swapped,
        ("memory",),
    ),
    # The fused body forgets the relu: max(x + y, 0) becomes x + y.
    PassTwin(
        "fusion_dropped_op",
        ELEMENTWISE,
        "builtin.module(func.func(linalg-fuse-elementwise-ops))",
        lambda t: edit(
            t,
            r"(%\w+) = arith\.maxsi (%\w+), %\w+ : i32\n\s*linalg\.yield \1\b",
            lambda m: f"linalg.yield {m[2]}",
        ),
        ("value", "poison"),
    ),
    # The folded index is i + 2 instead of i + 1 (the subview's row offset).
    PassTwin(
        "fold_alias_wrong_offset",
        SUBVIEWS,
        "builtin.module(fold-memref-alias-ops)",
        lambda t: edit(
            t, r"affine_map<\(\)\[s0\] -> \(s0 \+ 1\)>", "affine_map<()[s0] -> (s0 + 2)>"
        ),
        ("value", "poison"),
    ),
    # The reinterpreted view's row stride is 6 (the row length) instead of 12.
    PassTwin(
        "expand_metadata_wrong_stride",
        STRIDED_STORE,
        "builtin.module(expand-strided-metadata)",
        lambda t: edit(t, r"strides: \[12, 2\]", "strides: [6, 2]").replace(
            "strided<[12, 2], offset: 1>", "strided<[6, 2], offset: 1>"
        ),
        ("memory",),
    ),
]


@pytest.mark.parametrize("twin", PASS_TWINS, ids=lambda t: t.name)
def test_pass_output_and_its_broken_twin(tmp_path: Path, twin: PassTwin) -> None:
    after = run_upstream(twin.program, twin.passes)
    assert validate(tmp_path, twin.program, after).verdict == CORRECT
    broken = twin.mutate(after)
    assert broken != after
    assert_refuted(validate(tmp_path, twin.program, broken), twin.failed)
