"""Concrete falsification after an undecided solver check (`irproof.verifier.falsify`).

The solver is replaced by one that always times out: a wrong rewrite must then be refuted by
a candidate input that the concrete interpreter replays (`incorrect`, the replay saying how
it was found), its correct twin must stay `unknown` (testing never proves), and
`--no-falsify` must leave the wrong one `unknown`. Candidates must respect what the query
declares: no poison where inputs may not be poison, the aliasing configuration checked,
valid views into big enough buffers, and the nondeterminism of the semantics (NaN bits,
`nsz`) through the replay.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable

import pytest

from irproof.api import verify_file
from irproof.verifier.verify import CORRECT, INCORRECT, UNKNOWN, PairResult, VerifyOptions

CLI = Callable[..., tuple[int, str, str]]
Write = Callable[[str], str]

TIMEOUT_REASON = "solver timeout after 10 s"


@pytest.fixture
def solver_times_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every solver call of `verify` ends in a timeout."""
    import irproof.verifier.verify as verify
    from irproof.verifier.solver import SolveOutcome

    def solve(query: object, timeout_s: float, memory: object = None) -> SolveOutcome:
        return SolveOutcome("unknown", reason=f"solver timeout after {timeout_s:g} s")

    monkeypatch.setattr(verify, "solve", solve)


def _pair(name: str, args: str, ret: str, src: str, tgt: str) -> str:
    return (
        f"func.func @{name}_src({args}) -> {ret} {{\n{src}\n}}\n"
        f"func.func @{name}_tgt({args}) -> {ret} {{\n{tgt}\n}}\n"
    )


def _only(path: str, options: VerifyOptions | None = None) -> PairResult:
    [result] = verify_file(path, options or VerifyOptions())
    return result


def assert_falsified(result: PairResult, failed: str) -> None:
    assert result.verdict == INCORRECT, result.reason
    cex = result.counterexample
    assert cex is not None and cex.failed == failed, result.reason
    assert cex.replay.startswith("confirmed"), cex.replay
    assert "found by random testing after a solver timeout" in cex.replay


# (x * y) / y is x only when the product does not wrap (and y != 0).
MUL_DIV = _pair(
    "mul_div",
    "%x: i8, %y: i8",
    "i8",
    "  %a = arith.muli %x, %y : i8\n  %b = arith.divui %a, %y : i8\n  return %b : i8",
    "  return %x : i8",
)

# Wrong / right twins: a correct rewrite must stay unknown, its broken twin be refuted.
TWINS = {
    "shift": (
        _pair(
            "shift",
            "%x: i16",
            "i16",
            "  %c = arith.constant 2 : i16\n  %r = arith.muli %x, %c : i16\n  return %r : i16",
            "  %c = arith.constant 1 : i16\n  %r = arith.shli %x, %c : i16\n  return %r : i16",
        ),
        (
            "%c = arith.constant 1 : i16\n  %r = arith.shli",
            "%c = arith.constant 2 : i16\n  %r = arith.shli",
        ),
        "value",
    ),
    # nsz lets the source return -0.0 for -0.0 + 0.0: only the replay's choices make it right.
    "add_zero": (
        _pair(
            "add_zero",
            "%x: f32",
            "f32",
            "  %c = arith.constant 0.0 : f32\n  %r = arith.addf %x, %c fastmath<nsz> : f32\n"
            "  return %r : f32",
            "  return %x : f32",
        ),
        (" fastmath<nsz>", ""),
        "value",
    ),
    # Commuted addition: equal up to the bits of a NaN, which the semantics leaves open.
    "commute": (
        _pair(
            "commute",
            "%x: f16, %y: f16",
            "f16",
            "  %r = arith.addf %x, %y : f16\n  return %r : f16",
            "  %r = arith.addf %y, %x : f16\n  return %r : f16",
        ),
        ("%r = arith.addf %y, %x : f16", "%r = arith.subf %y, %x : f16"),
        "value",
    ),
    # A tensor result against its buffer in a dynamic layout (bufferized signature).
    "bufferized": (
        "func.func @slice_src(%t: tensor<4x4xi32>) -> tensor<2x2xi32> {\n"
        "  %s = tensor.extract_slice %t[0, 1] [2, 2] [1, 1] : tensor<4x4xi32> to tensor<2x2xi32>\n"
        "  return %s : tensor<2x2xi32>\n}\n"
        "func.func @slice_tgt(%t: memref<4x4xi32, strided<[?, ?], offset: ?>>)"
        " -> memref<2x2xi32, strided<[?, ?], offset: ?>> {\n"
        "  %s = memref.subview %t[0, 1] [2, 2] [1, 1] : memref<4x4xi32, strided<[?, ?], "
        "offset: ?>> to memref<2x2xi32, strided<[?, ?], offset: ?>>\n"
        "  return %s : memref<2x2xi32, strided<[?, ?], offset: ?>>\n}\n",
        ("%t[0, 1] [2, 2] [1, 1] : memref", "%t[1, 1] [2, 2] [1, 1] : memref"),
        "value",
    ),
}


@pytest.mark.usefixtures("solver_times_out")
def test_a_wrong_rewrite_the_solver_gives_up_on_is_refuted(mlir_file: Write) -> None:
    from irproof.loading import parse_module
    from irproof.verifier.replay import replay

    path = mlir_file(MUL_DIV)
    result = _only(path)
    assert_falsified(result, "value")
    # The counterexample stands on its own: replayed again, it is confirmed.
    assert result.counterexample is not None
    confirmed, _ = replay(parse_module(path), "mul_div_src", "mul_div_tgt", result.counterexample)
    assert confirmed
    # Seeded: the same check finds the same counterexample.
    again = _only(path).counterexample
    assert again is not None
    assert [i.value for i in again.inputs] == [i.value for i in result.counterexample.inputs]


@pytest.mark.usefixtures("solver_times_out")
@pytest.mark.parametrize("name", TWINS)
def test_a_right_rewrite_stays_unknown_and_its_twin_is_refuted(mlir_file: Write, name: str) -> None:
    text, (old, new), failed = TWINS[name]
    right = _only(mlir_file(text))
    assert right.verdict == UNKNOWN and TIMEOUT_REASON in right.reason, right.reason
    assert right.counterexample is None
    broken = text.replace(old, new)
    assert broken != text
    assert_falsified(_only(mlir_file(broken)), failed)


def test_without_a_timeout_nothing_changes(mlir_file: Write) -> None:
    # The real solver decides both: testing is only asked when it does not.
    assert _only(mlir_file(TWINS["shift"][0])).verdict == CORRECT
    wrong = _only(mlir_file(MUL_DIV))
    assert wrong.verdict == INCORRECT
    assert wrong.counterexample is not None
    assert wrong.counterexample.replay == "confirmed by the concrete interpreter"


# andi with 0 is poison when %x is: wrong only for a poison input.
POISON_ONLY = _pair(
    "and_zero",
    "%x: i8",
    "i8",
    "  %c = arith.constant 0 : i8\n  return %c : i8",
    "  %c = arith.constant 0 : i8\n  %r = arith.andi %x, %c : i8\n  return %r : i8",
)


@pytest.mark.usefixtures("solver_times_out")
def test_poison_inputs_only_where_the_query_allows_them(mlir_file: Write) -> None:
    path = mlir_file(POISON_ONLY)
    assert_falsified(_only(path), "poison")
    never_poison = _only(path, VerifyOptions(poison_inputs=False))
    assert never_poison.verdict == UNKNOWN, never_poison.reason


# Wrong only when %a and %b are the same buffer.
ACROSS_ALIAS = _pair(
    "across_alias",
    "%a: memref<4xi32>, %b: memref<4xi32>, %v: i32",
    "i32",
    "  %c0 = arith.constant 0 : index\n  %c1 = arith.constant 1 : i32\n"
    "  memref.store %v, %a[%c0] : memref<4xi32>\n  memref.store %c1, %b[%c0] : memref<4xi32>\n"
    "  %x = memref.load %a[%c0] : memref<4xi32>\n  return %x : i32",
    "  %c0 = arith.constant 0 : index\n  %c1 = arith.constant 1 : i32\n"
    "  memref.store %v, %a[%c0] : memref<4xi32>\n  memref.store %c1, %b[%c0] : memref<4xi32>\n"
    "  return %v : i32",
)


@pytest.mark.usefixtures("solver_times_out")
def test_memory_candidates_follow_the_aliasing_configuration(mlir_file: Write) -> None:
    path = mlir_file(ACROSS_ALIAS)
    result = _only(path, VerifyOptions(index_widths=(64,)))
    assert_falsified(result, "value")
    assert result.counterexample is not None and result.counterexample.memory is not None
    assert result.counterexample.memory.aliasing == "%a and %b alias"
    apart = _only(path, VerifyOptions(index_widths=(64,), noalias=True))
    assert apart.verdict == UNKNOWN, apart.reason


def test_drawn_views_fit_their_blocks(mlir_file: Write) -> None:
    """Dynamic sizes, strides and offsets, aliasing: each view lies inside its block."""
    from irproof.loading import parse_module
    from irproof.semantics.widths import TypeWidths
    from irproof.verifier.falsify import Mix, draw_memory
    from irproof.verifier.memory_inputs import alias_configurations
    from irproof.verifier.pairs import find_pairs
    from irproof.verifier.refinement import build_refinement_query

    typ = "memref<?x3xi8, strided<[?, ?], offset: ?>>"
    body = "  %c = arith.constant 0 : i8\n  return %c : i8"
    text = _pair("views", f"%a: {typ}, %b: memref<2x?xi8>", "i8", body, body)
    path = mlir_file(text)
    module = parse_module(path)
    [pair] = find_pairs(module, "views")
    for aliasing in alias_configurations(pair.source, noalias=False):
        query = build_refinement_query(
            module, pair.source, pair.target, TypeWidths(64, {}), direct=True, aliasing=aliasing
        )
        assert query.memory is not None
        rng = random.Random(0)
        for _ in range(50):
            image = draw_memory(rng, query.memory, Mix(0.5, 0.1), True, False)
            assert image is not None
            sizes = {b.id: b.size for b in image.blocks}
            assert all(len(b.values) == b.size for b in image.blocks)
            for view in image.views:
                assert view.sizes[1] == 3 if view.name == "a" else view.sizes[0] == 2
                if 0 in view.sizes:
                    continue
                reach = [(s - 1) * st for s, st in zip(view.sizes, view.strides, strict=True)]
                low = view.offset + sum(min(r, 0) for r in reach)
                high = view.offset + sum(max(r, 0) for r in reach)
                assert low >= 0 and high < sizes[view.block]
            blocks = {v.name: v.block for v in image.views}
            assert (blocks["a"] == blocks["b"]) == (len(set(aliasing)) == 1)


@pytest.mark.usefixtures("solver_times_out")
def test_no_falsify_keeps_the_timeout(run_cli: CLI, mlir_file: Write) -> None:
    path = mlir_file(MUL_DIV)
    code, out, _ = run_cli("verify", path, "--json", "--no-falsify")
    [entry] = json.loads(out)["results"]
    assert code == 3 and entry["verdict"] == UNKNOWN and "timeout" in entry["reason"]
    # Twin: by default the same run refutes it, the replay saying how the input was found.
    code, out, _ = run_cli("verify", path)
    assert code == 1
    assert "Replay: confirmed by the concrete interpreter (found by random testing" in out


def test_how_a_counterexample_was_found() -> None:
    from irproof.verifier.falsify import origin
    from irproof.verifier.float_policy import RECHECK_FAILED

    assert origin("solver timeout after 1 s").endswith("after a solver timeout")
    assert "abstract counterexample" in origin(f"{RECHECK_FAILED} (solver timeout after 1 s)")
    assert origin("solver gave up: incomplete").endswith("after the solver gave up")
