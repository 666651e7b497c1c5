"""The Alive InstCombine suite (433 transformations, `../shared/data/alive-instcombine`).

Every transformation is imported (`verifier/importers/alive.py`) and verified. The figures
asserted: at least 85% `correct`, every `unknown` with its reason (an unsupported feature or
a solver timeout), and no `incorrect` verdict but those of `KNOWN_INCORRECT`, whose
counterexamples are replayed on the concrete interpreter here. The default run checks
widths 1-8 and 24 (`FAST_WIDTHS`: 24 is wider than the fixed types the suite truncates
to); the `slow` test checks every width from 1 to 64.

None of the `incorrect` verdicts comes from a difference between LLVM and MLIR's `arith`:
- five of muldivrem.opt are wrong under LLVM semantics as well, with inputs that are not
  poison: the target divides by a constant expression that can be -1 (`C2/C1`,
  `C2/(1<<C1)`, `-C`), which is UB for X = INT_MIN, where the source divides a poison
  value (its `mul nsw`/`shl nsw`/`sub nsw` overflowed) by a constant that is not -1;
- eight of select.opt turn a `select` of i1 values into `and`/`or`. `select` does not
  propagate the poison of the operand it does not choose (LLVM LangRef, MLIR's
  `arith.select`), `and`/`or` do: with that operand poison the target is poison where the
  source is not.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from xdsl.dialects import func
from xdsl.dialects.builtin import IntegerType, ModuleOp

from irproof.api import VerifyOptions, verify_files
from irproof.loading import parse_module
from irproof.semantics.concrete.interpreter import run_function
from irproof.semantics.concrete.values import POISON, ConcreteValue
from irproof.verifier.importers.alive import import_alive
from irproof.verifier.verify import PairResult

REPO = Path(__file__).resolve().parent.parent
SUITE = REPO.parent / "shared/data/alive-instcombine"
TRANSFORMATIONS = 433
FAST_WIDTHS = (*range(1, 9), 24)
TIMEOUT_S = 10.0


@dataclass(frozen=True)
class Known:
    """A transformation that is `incorrect`, why, and a counterexample: its inputs in
    argument order (signed; None is poison) and what each side then gives."""

    file: str
    why: str
    inputs: tuple[int | None, ...]
    source: str
    target: str


_DIV_BY_MINUS_ONE = "the target divides by a constant expression that is -1 (UB for INT_MIN)"
_SELECT_POISON = "and/or propagate the poison of the operand select did not choose"
KNOWN_INCORRECT: dict[str, Known] = {
    # sdiv (mul nsw X, C1), C2 -> sdiv X, C2/C1 (and exact): C2/C1 = -1
    "_748": Known("muldivrem.opt", _DIV_BY_MINUS_ONE, (-64, -1, 1), "poison", "UB"),
    "_748_2": Known("muldivrem.opt", _DIV_BY_MINUS_ONE, (-64, 17, -17), "poison", "UB"),
    # sdiv (shl nsw X, C1), C2 -> sdiv X, C2/(1<<C1) (and exact): C2/(1<<C1) = -1
    "_764": Known("muldivrem.opt", _DIV_BY_MINUS_ONE, (-256, 6, -64), "poison", "UB"),
    "_764_2": Known("muldivrem.opt", _DIV_BY_MINUS_ONE, (-64, 4, -16), "poison", "UB"),
    # sdiv (sub nsw 0, X), C -> sdiv X, -C: C = 1
    "_1049": Known("muldivrem.opt", _DIV_BY_MINUS_ONE, (-1024, 1), "poison", "UB"),
    # select B, true, C -> or B, C; select B, false, C -> and ~B, C; ...
    "Select_846": Known("select.opt", _SELECT_POISON, (1, None), "1", "poison"),
    "Select_850": Known("select.opt", _SELECT_POISON, (1, None), "0", "poison"),
    "Select_855": Known("select.opt", _SELECT_POISON, (0, None), "0", "poison"),
    "Select_859": Known("select.opt", _SELECT_POISON, (0, None), "1", "poison"),
    "Select_851": Known("select.opt", _SELECT_POISON, (0, None), "0", "poison"),
    "Select_852": Known("select.opt", _SELECT_POISON, (1, None), "1", "poison"),
    "Select_858": Known("select.opt", _SELECT_POISON, (1, None), "0", "poison"),
    "Select_859_2": Known("select.opt", _SELECT_POISON, (0, None), "1", "poison"),
}
"""Every `incorrect` verdict of the suite. None is an LLVM-vs-arith difference (see above);
the muldivrem ones fail without poison inputs too, the select ones only with a poison
input (as in LLVM today)."""

UNKNOWN_REASONS = (
    "memory",
    "pointers",
    "LLVM's known-bits analysis",
    "LLVM's sign-bits analysis",
    "solver timeout",
)
"""What an `unknown` may be: an unsupported feature (memory, an analysis) or a timeout."""


def _run(widths: tuple[int, ...]) -> list[PairResult]:
    if not SUITE.is_dir():
        pytest.skip(f"the Alive suite is not at {SUITE}")
    paths = sorted(str(p) for p in SUITE.glob("*.opt"))
    return verify_files(paths, VerifyOptions(widths=widths, timeout_s=TIMEOUT_S), jobs=2)


def _check_figures(results: list[PairResult]) -> None:
    counts = Counter(r.verdict for r in results)
    assert len(results) == TRANSFORMATIONS
    assert counts["correct"] >= 0.85 * TRANSFORMATIONS, counts
    incorrect = {r.name: r for r in results if r.verdict == "incorrect"}
    unexplained = sorted(set(incorrect) - set(KNOWN_INCORRECT))
    assert not unexplained, [f"{n}: {incorrect[n].reason}" for n in unexplained]
    for result in incorrect.values():
        assert result.counterexample is not None
        assert result.counterexample.replay.startswith("confirmed"), result.counterexample.replay
    for result in results:
        if result.verdict == "unknown":
            assert any(why in result.reason for why in UNKNOWN_REASONS), (
                f"{result.name}: {result.reason}"
            )


@functools.cache
def _module(file: str) -> ModuleOp:
    return parse_module(file, import_alive(file, (SUITE / file).read_text()).mlir)


def _outcome(name: str, side: str, file: str, inputs: tuple[int | None, ...]) -> str:
    module = _module(file)
    function = next(
        f for f in module.ops if isinstance(f, func.FuncOp) and f.sym_name.data == f"{name}_{side}"
    )
    widths = [t.width.data for t in function.function_type.inputs if isinstance(t, IntegerType)]
    args: list[ConcreteValue] = [
        POISON if v is None else v % (1 << w) for v, w in zip(inputs, widths, strict=True)
    ]
    run = run_function(module, function.sym_name.data, args, 64)
    if run.ub is not None:
        return "UB"
    (result,) = run.results
    return "poison" if result is POISON else str(result)


@pytest.mark.parametrize("name", sorted(KNOWN_INCORRECT))
def test_known_incorrect_counterexample(name: str) -> None:
    """The documented counterexample, replayed on the concrete interpreter."""
    if not SUITE.is_dir():
        pytest.skip(f"the Alive suite is not at {SUITE}")
    known = KNOWN_INCORRECT[name]
    assert _outcome(name, "src", known.file, known.inputs) == known.source
    assert _outcome(name, "tgt", known.file, known.inputs) == known.target


def test_suite_at_a_few_widths() -> None:
    results = _run(FAST_WIDTHS)
    _check_figures(results)
    incorrect = {r.name for r in results if r.verdict == "incorrect"}
    assert incorrect == set(KNOWN_INCORRECT)  # they fail at widths in FAST_WIDTHS too


@pytest.mark.slow
def test_suite_at_every_width_up_to_64() -> None:
    results = _run(tuple(range(1, 65)))
    _check_figures(results)
