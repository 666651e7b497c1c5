"""Width-generic verification speed: irproof vs one fresh solver process per width.

For every rewrite of the given files (default: the Alive InstCombine suite in
../shared/data/alive-instcombine and corpus/mlir-arith-canonicalize), at every width of
--widths (default 1-64):

- irproof: `irproof.api.verify_files(..., jobs=N)`: queries built in-process, straight as Z3
  ASTs, solved in-process, all widths in one process per job.
- baseline, measured in the same run: the way existing tools do it: for each width, the
  query printed as SMT-LIB and answered by a fresh `z3` process (query generation included;
  one process at a time).

Writes the `generic` section of BENCHMARKS.md.
Usage: python benchmarks/generic_bench.py [--widths 1-64] [--jobs 2] [--baseline-every K] [FILE...]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from common import REPO, machine_line, ms, update_section, z3_binary

from irproof.api import smtlib_queries, verify_files
from irproof.verifier.generic import parse_widths
from irproof.verifier.verify import VerifyOptions

ALIVE = REPO.parent / "shared" / "data" / "alive-instcombine"
CANONICALIZE = REPO / "corpus" / "mlir-arith-canonicalize"


def default_files() -> list[Path]:
    files = sorted(ALIVE.glob("*.opt")) if ALIVE.is_dir() else []
    return files + sorted(
        p for p in CANONICALIZE.glob("*") if p.suffix in (".pdll", ".pdl", ".mlir")
    )


def run_baseline(paths: list[Path], options: VerifyOptions, every: int) -> tuple[float, int, int]:
    """(seconds, queries, rewrites) of one z3 process per (rewrite, width) for every
    `every`-th rewrite; returns the time measured on that sample."""
    z3 = z3_binary()
    start = time.perf_counter()
    queries = 0
    rewrites: set[tuple[str, str]] = set()
    for path in paths:
        seen: list[str] = []
        failed: set[str] = set()
        for name, _, text in smtlib_queries(str(path), options):
            if name not in seen:
                seen.append(name)
            if (len(seen) - 1) % every or text.startswith("; unknown") or name in failed:
                continue
            rewrites.add((str(path), name))
            timeout = f"-T:{max(1, int(options.timeout_s))}"
            run = subprocess.run(
                [z3, "-in", timeout], input=text, capture_output=True, text=True, check=False
            )
            queries += 1
            if options.first_failure and run.stdout.strip() == "sat":
                failed.add(name)
    return time.perf_counter() - start, queries, len(rewrites)


def render(
    paths: list[Path],
    args: argparse.Namespace,
    results: list,
    wall: float,
    baseline: tuple[float, int, int],
) -> str:  # type: ignore[type-arg]
    counts = Counter(r.verdict for r in results)
    by_file: dict[str, Counter[str]] = {}
    for r in results:
        by_file.setdefault(Path(r.file).name, Counter())[r.verdict] += 1
    times = [r.time_s for r in results if r.verdict != "unknown" or "unsupported" not in r.reason]
    base_s, base_queries, base_rewrites = baseline
    base_per_rewrite = base_s / base_rewrites if base_rewrites else float("nan")
    ours_per_rewrite = wall / len(results) if results else float("nan")
    slowest = sorted(results, key=lambda r: -r.time_s)[:8]
    lines = [
        f"## Width-generic rewrites at widths {args.widths} (`--jobs {args.jobs}`"
        + (", `--first-failure`" if args.first_failure else "")
        + ")",
        "",
        machine_line("python benchmarks/generic_bench.py"),
        "",
        f"{len(results)} rewrites from {len(paths)} files: {counts['correct']} correct, "
        f"{counts['incorrect']} incorrect, {counts['unknown']} unknown; "
        f"wall time {wall:.1f} s; per-rewrite median {ms(statistics.median(times)) if times else '-'} "
        "(all widths of one rewrite, in one job).",
        "",
        "| file | correct | incorrect | unknown |",
        "|---|---|---|---|",
        *[
            f"| {name} | {c['correct']} | {c['incorrect']} | {c['unknown']} |"
            for name, c in sorted(by_file.items())
        ],
        "",
        f"Baseline (one fresh `z3` process per width, query generation included, sequential), "
        f"measured in the same run on every {args.baseline_every}th rewrite (same widths, same "
        f"timeout, same first-failure rule): {base_rewrites} rewrites, "
        f"{base_queries} solver processes, {base_s:.1f} s, i.e. {base_per_rewrite * 1000:.0f} ms per rewrite "
        f"against irproof's {ours_per_rewrite * 1000:.1f} ms per rewrite (wall / rewrites): "
        f"**{base_per_rewrite / ours_per_rewrite:.1f}x**.",
        "",
        "Slowest rewrites (irproof):",
        "",
        "| rewrite | verdict | time |",
        "|---|---|---|",
        *[f"| {Path(r.file).name}::{r.name} | {r.verdict} | {ms(r.time_s)} |" for r in slowest],
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--widths", default="1-64")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument(
        "--baseline-every", type=int, default=1, help="baseline on every K-th rewrite"
    )
    parser.add_argument(
        "--first-failure",
        action="store_true",
        help="both sides stop a rewrite at its first failure",
    )
    parser.add_argument("--out", type=Path, default=REPO / "BENCHMARKS.md")
    args = parser.parse_args()
    paths = args.files or default_files()
    if not paths:
        raise SystemExit("generic_bench: no input files")
    options = VerifyOptions(
        timeout_s=args.timeout, widths=parse_widths(args.widths), first_failure=args.first_failure
    )
    start = time.perf_counter()
    results = verify_files([str(p) for p in paths], options, jobs=args.jobs)
    wall = time.perf_counter() - start
    baseline = run_baseline(paths, options, args.baseline_every)
    text = render(paths, args, results, wall, baseline)
    update_section("generic", text, args.out)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
