"""Times `irproof verify` over the whole corpus and writes BENCHMARKS.md.

Per pair: the in-process path (parse share + lower + encode to Z3 ASTs + solve + replay),
split into Python time (parse, lowering, encoding, counterexample read-back and replay) and
solver time. Baseline, measured in the same run: the same queries printed as SMT-LIB and
answered by one fresh `z3` process per query (how text-based tools run a solver).

Usage: python benchmarks/corpus_bench.py [--out BENCHMARKS.md]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from common import REPO, machine_line, ms, update_section, z3_binary

from irproof.api import smtlib_queries
from irproof.loading import parse_module
from irproof.verifier.pairs import find_pairs
from irproof.verifier.verify import VerifyOptions, verify_pair

OPTIONS = VerifyOptions(timeout_s=30.0)


@dataclass
class PairTiming:
    name: str
    widths: list[int]
    verdict: str
    total_s: float
    python_s: float
    solver_s: float
    baseline_s: float


NOT_PAIRS = frozenset({"pipelines", "synth"})
"""Corpus folders of pipeline inputs and synthesis programs, not src/tgt pairs."""


def corpus_files() -> list[Path]:
    corpus = REPO / "corpus"
    return sorted(
        p for p in corpus.rglob("*.mlir") if p.relative_to(corpus).parts[0] not in NOT_PAIRS
    )


def time_baseline(path: Path) -> dict[str, float]:
    """Per pair: the time of one z3 process per query on the printed SMT-LIB."""
    per_pair: dict[str, float] = {}
    for name, _, text in smtlib_queries(str(path), OPTIONS):
        if text.startswith("; unknown"):
            continue
        start = time.perf_counter()
        subprocess.run(
            [z3_binary(), "-in"], input=text, capture_output=True, text=True, check=False
        )
        per_pair[name] = per_pair.get(name, 0.0) + time.perf_counter() - start
    return per_pair


def time_file(path: Path) -> list[PairTiming]:
    start = time.perf_counter()
    module = parse_module(str(path))
    pairs = find_pairs(module, path.stem)
    parse_share = (time.perf_counter() - start) / len(pairs)
    baseline = time_baseline(path)
    timings = []
    for pair in pairs:
        result = verify_pair(module, pair, str(path), OPTIONS)
        total = result.time_s + parse_share
        timings.append(
            PairTiming(
                f"{path.relative_to(REPO / 'corpus')}::{pair.name}",
                result.widths,
                result.verdict,
                total,
                total - result.solver_s,
                result.solver_s,
                baseline.get(pair.name, float("nan")) + parse_share,
            )
        )
    return timings


def _summary(rows: list[PairTiming], label: str) -> list[str]:
    if not rows:
        return [f"| {label} | 0 | - | - | - | - | - |"]
    total = sum(r.total_s for r in rows)
    python = sum(r.python_s for r in rows)
    base = [r.baseline_s for r in rows if r.baseline_s == r.baseline_s]
    median = statistics.median(r.total_s for r in rows)
    base_median = statistics.median(base) if base else float("nan")
    return [
        f"| {label} | {len(rows)} | {ms(median)} | {ms(max(r.total_s for r in rows))} "
        f"| {100 * python / total:.0f}% | {ms(base_median)} | {base_median / median:.1f}x |"
    ]


def render(rows: list[PairTiming], wall_s: float) -> str:
    i32 = [r for r in rows if r.widths == [32] or r.widths == [1, 32]]
    slowest = sorted(rows, key=lambda r: -r.total_s)[:10]
    lines = [
        "## Corpus verification (`irproof verify`, fixed-width pairs)",
        "",
        machine_line("python benchmarks/corpus_bench.py") + " Single process.",
        "",
        f"Whole corpus: {len(rows)} pairs in {wall_s:.1f} s wall (including the baseline runs).",
        "Per pair: parse share + lowering + Z3 encoding + solving (+ counterexample and replay "
        "for incorrect pairs), every index width the pair needs. *Python share* = everything "
        "but time inside the solvers (Bitwuzla, Z3). *Baseline*: the same queries printed as SMT-LIB 2 and "
        "answered by one fresh `z3` process per query (parse share included); the ratio is "
        "baseline median / irproof median, measured in the same run.",
        "",
        "| pairs | n | median | max | Python share | baseline median | speed-up |",
        "|---|---|---|---|---|---|---|",
        *_summary(rows, "all"),
        *_summary([r for r in rows if r.verdict == "correct"], "correct"),
        *_summary([r for r in rows if r.verdict == "incorrect"], "incorrect"),
        *_summary(i32, "i32 only"),
        "",
        "Slowest pairs:",
        "",
        "| pair | verdict | total | Python | solver |",
        "|---|---|---|---|---|",
        *[
            f"| {r.name} | {r.verdict} | {ms(r.total_s)} | {ms(r.python_s)} | {ms(r.solver_s)} |"
            for r in slowest
        ],
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "BENCHMARKS.md"))
    args = parser.parse_args()
    start = time.perf_counter()
    rows = [row for path in corpus_files() for row in time_file(path)]
    text = render(rows, time.perf_counter() - start)
    update_section("corpus", text, Path(args.out))
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
