"""How far a perfect choice of solving strategy could take irproof: the bound on scheduling.

`irproof.verifier.solver.check` does not know which of its strategies (Bitwuzla, Z3's QF_BV
solver, cofactoring, the division rewriting, exhaustive evaluation) answers a query first;
it rotates them in time slices, with openings and probes tuned on measurements. This
script measures what that costs against an oracle: every rewrite of the given files
(default: the Alive InstCombine suite) is verified alone, one after the other, as in
`generic_bench.py`; every call of `check` is timed as it runs, and then each strategy that
applies to its query runs alone on it from a fresh start (for as long as the call took, at
most --cap seconds). A call's oracle is its fastest strategy alone (the call itself if that was
faster, or if no strategy answers alone). The bound is irproof's total time with every
call replaced by its oracle: no schedule of these strategies, one process at a time, does
better. The oracle is optimistic: it skips the strategies' set-up (printing the query for
Bitwuzla, the division rewriting's walk), which the calls pay.

Writes the `strategy-bound` section of BENCHMARKS.md.
Usage: python benchmarks/strategy_bound.py [--widths 1-64] [--cap 10] [FILE...]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import z3
from common import ALIVE, machine_line, run_main, update_section

import irproof.verifier.solver as solver
import irproof.verifier.width_parametric as width_parametric
from irproof.api import _load_pairs, verify_files
from irproof.loading import read_text
from irproof.verifier import exhaustive
from irproof.verifier.generic import parse_widths, width_variables
from irproof.verifier.verify import VerifyOptions

NAMES = {
    solver.QFBV: "Z3 QF_BV",
    solver.COFACTOR: "cofactoring",
    solver.DIVISION: "division rewriting",
    solver.BITWUZLA: "Bitwuzla",
    solver.EXHAUSTIVE: "exhaustive",
}


@dataclass
class Calls:
    """The `check` calls of one rewrite: their time as run, their oracle, and the time the
    solo runs took (not irproof's)."""

    actual_s: float = 0.0
    oracle_s: float = 0.0
    solo_s: float = 0.0
    winners: dict[str, int] = field(default_factory=dict)


def _solo_times(
    logic: str,
    assertions: list[z3.BoolRef],
    unsimplified: list[z3.BoolRef] | None,
    lone: bool,
    cap_s: float,
) -> dict[int, float]:
    """Each applicable strategy alone on the query, from a fresh start: its time where it
    answers within `cap_s`."""
    found: dict[int, float] = {}
    for slot, run in solver._strategies(logic, assertions, unsimplified, lone=lone).items():
        started = time.perf_counter()
        result, model, why = run(cap_s, 0)
        took = time.perf_counter() - started
        if why == exhaustive.NOT_APPLICABLE:
            continue
        if (
            result == z3.sat
            and slot == solver.DIVISION
            and not solver._satisfies(model, assertions)
        ):
            continue  # a model of the rewritten query only
        if result in (z3.sat, z3.unsat):
            found[slot] = took
    return found


def _instrument(calls: list[Calls], cap_s: float) -> None:
    """Time every `check` call of irproof (the solver's own and the width-parametric
    attempt's, which imported it by name) and its strategies alone, into `calls[-1]`."""
    real = solver.check

    def check(
        assertions: list[z3.BoolRef],
        logic: str,
        budget_s: float,
        memory: solver.StrategyMemory | None = None,
        first_slice_s: float = solver.FIRST_SLICE_S,
        unsimplified: list[z3.BoolRef] | None = None,
        opening: Sequence[tuple[int, float]] | None = None,
    ) -> tuple[z3.CheckSatResult, z3.ModelRef | None, str]:
        started = time.perf_counter()
        answer = real(assertions, logic, budget_s, memory, first_slice_s, unsimplified, opening)
        actual = time.perf_counter() - started
        lone = memory is None and opening is None
        # a strategy slower than the call cannot be its oracle: it runs at most that long
        solo = _solo_times(logic, assertions, unsimplified, lone, min(actual, cap_s))
        record = calls[-1]
        record.solo_s += time.perf_counter() - started - actual
        record.actual_s += actual
        best = min(solo, key=solo.__getitem__) if solo else None
        if best is not None and solo[best] < actual:
            record.oracle_s += solo[best]
            record.winners[NAMES[best]] = record.winners.get(NAMES[best], 0) + 1
        else:
            record.oracle_s += actual
        return answer

    patched: Callable[..., Any] = check
    solver.check = patched
    width_parametric.check = patched  # type: ignore[attr-defined]


@dataclass
class Row:
    name: str
    generic: bool
    total_s: float
    calls: Calls


def measure(paths: list[Path], options: VerifyOptions, cap_s: float) -> list[Row]:
    calls: list[Calls] = []
    _instrument(calls, cap_s)
    rows = []
    for path in paths:
        _, pairs = _load_pairs(str(path), read_text(str(path)))
        for pair in pairs:
            calls.append(Calls())
            started = time.perf_counter()
            verify_files([str(path)], options, names={pair.name})
            total = time.perf_counter() - started - calls[-1].solo_s
            generic = width_variables(pair.source) is not None
            rows.append(Row(f"{path.name}::{pair.name}", generic, total, calls[-1]))
    return rows


def render(rows: list[Row], args: argparse.Namespace) -> str:
    def line(label: str, members: list[Row]) -> str:
        total = sum(r.total_s for r in members)
        actual = sum(r.calls.actual_s for r in members)
        oracle = sum(r.calls.oracle_s for r in members)
        bound = total - actual + oracle
        return (
            f"| {label} | {len(members)} | {total:.1f} s | {actual:.1f} s | {oracle:.1f} s "
            f"| {bound:.1f} s | {f'{total / bound:.2f}x' if bound > 0 else '-'} |"
        )

    winners: dict[str, int] = {}
    for r in rows:
        for name, count in r.calls.winners.items():
            winners[name] = winners.get(name, 0) + count
    lost = sorted(rows, key=lambda r: r.calls.oracle_s - r.calls.actual_s)[:10]
    command = "python benchmarks/strategy_bound.py"
    lines = [
        "## Strategy bound: irproof's time with a perfect choice of strategy per query",
        "",
        machine_line(command),
        "",
        f"{len(rows)} rewrites at widths {args.widths}, each verified alone, one process at a "
        f"time; every solver call (`irproof.verifier.solver.check`) timed as run, then each "
        f"strategy alone on its query (for as long as the call took, at most {args.cap:g} s). *Oracle*: per call, the "
        f"fastest strategy alone; *bound*: the total with every call replaced by its oracle.",
        "",
        "| rewrites | n | irproof | in solver calls | oracle of those calls | bound | at best |",
        "|---|---|---|---|---|---|---|",
        line("all", rows),
        line("width-generic", [r for r in rows if r.generic]),
        line("fixed-width", [r for r in rows if not r.generic]),
        "",
        "Calls where a strategy alone beat the schedule, by strategy: "
        + ", ".join(f"{name} {count}" for name, count in sorted(winners.items())),
        "",
        "Rewrites whose calls lose most to the oracle:",
        "",
        "| rewrite | irproof | in solver calls | oracle |",
        "|---|---|---|---|",
        *[
            f"| {r.name} | {r.total_s:.2f} s | {r.calls.actual_s:.2f} s | {r.calls.oracle_s:.2f} s |"
            for r in lost
        ],
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--widths", default="1-64")
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--cap", type=float, default=10.0, help="seconds per strategy alone")
    parser.add_argument("--section", default="strategy-bound")
    args = parser.parse_args()
    paths = args.files or sorted(ALIVE.glob("*.opt"))
    if not paths:
        raise SystemExit("strategy_bound: no input files")
    options = VerifyOptions(timeout_s=args.timeout, widths=parse_widths(args.widths))
    text = render(measure(paths, options, args.cap), args)
    update_section(args.section, text)
    print(text)
    return 0


if __name__ == "__main__":
    run_main(main)
