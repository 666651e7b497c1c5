"""Pipeline validation speed (`irproof pipeline`, driver `mlir`): where the time goes.

1. The corpus (`corpus/pipelines/`, every pipeline not marked slow): per pass x function,
   the time to run the pass (the driver, once per pass) against the time to validate it.
2. Straight-line functions of 10, 25 and 50 random arith ops (seeded) through
   `canonicalize` and `cse`: median validation time per function (target: < 100 ms).
3. A loop with a static trip count of 4, 16, 64 and 256 iterations through
   `convert-scf-to-cf` and `canonicalize`: how validation time grows with the trip count.

Writes the `pipeline` section of BENCHMARKS.md.
Usage: python benchmarks/pipeline_bench.py [--quick]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from common import REPO, machine_line, ms, update_section

from irproof.api import validate_pipeline
from irproof.verifier.drivers import make_driver
from irproof.verifier.pass_pipeline import split_pipeline
from irproof.verifier.tv import IDENTICAL
from irproof.verifier.verify import VerifyOptions

sys.path.insert(0, str(REPO))
from tests.pipeline_expectations import pipeline_cases

OPTIONS = VerifyOptions(timeout_s=30.0)


def run_times(path: Path, passes: str) -> list[float]:
    """Seconds the mlir driver takes for each pass of `passes`, in order."""
    driver = make_driver("mlir")
    text = path.read_text()
    times = []
    for step in split_pipeline(passes):
        start = time.perf_counter()
        text = driver.run(text, step)
        times.append(time.perf_counter() - start)
    return times


def corpus_rows() -> tuple[dict[str, list[float]], dict[str, list[float]], list[str]]:
    """Per pass name: run times (per pass) and validation times (per function)."""
    runs: dict[str, list[float]] = defaultdict(list)
    checks: dict[str, list[float]] = defaultdict(list)
    verdicts: list[str] = []
    for case in pipeline_cases():
        if case.slow:
            continue
        steps = split_pipeline(case.passes)
        for step, seconds in zip(steps, run_times(case.path, case.passes), strict=True):
            runs[step.name].append(seconds)
        _, results = validate_pipeline(str(case.path), case.passes, "mlir", OPTIONS)
        for r in results:
            verdicts.append(r.result.verdict)
            if r.result.reason != IDENTICAL:  # unchanged functions are not solved
                checks[r.step.name].append(r.result.time_s)
    return runs, checks, verdicts


_BINARY = ["addi", "subi", "muli", "andi", "ori", "xori"]
_FLAGS = ["", " overflow<nsw>", " overflow<nuw>"]


def straight_line(ops: int, seed: int) -> str:
    """A random straight-line i32 function of `ops` arith ops (constants included)."""
    rng = random.Random(seed)
    values, lines = ["%a", "%b", "%c"], []
    for n in range(ops):
        name = f"%v{n}"
        if rng.random() < 0.2:
            lines.append(f"  {name} = arith.constant {rng.choice([0, 1, -1, 2, 7, 255])} : i32")
        else:
            op = rng.choice(_BINARY)
            flags = rng.choice(_FLAGS) if op in ("addi", "subi", "muli") else ""
            x, y = rng.choice(values[-6:]), rng.choice(values)
            lines.append(f"  {name} = arith.{op} {x}, {y}{flags} : i32")
        values.append(name)
    body = "\n".join(lines)
    return (
        f"func.func @f{seed}(%a: i32, %b: i32, %c: i32) -> i32 {{\n{body}\n"
        f"  return {values[-1]} : i32\n}}\n"
    )


def loop(trips: int) -> str:
    return f"""func.func @loop(%x: i32) -> i32 {{
  %c0 = arith.constant 0 : index
  %n = arith.constant {trips} : index
  %c1 = arith.constant 1 : index
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %x) -> (i32) {{
    %v = arith.index_cast %i : index to i32
    %m = arith.muli %acc, %v : i32
    %s = arith.addi %m, %x : i32
    scf.yield %s : i32
  }}
  return %r : i32
}}
"""


def validate_text(text: str, passes: str) -> list[float]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.mlir"
        path.write_text(text)
        _, results = validate_pipeline(str(path), passes, "mlir", OPTIONS)
    return [r.result.time_s if r.result.reason != IDENTICAL else -1.0 for r in results]


def render(args: argparse.Namespace) -> str:
    lines = ["## Pipeline validation (`irproof pipeline`, driver `mlir`)", ""]
    lines += [machine_line("python benchmarks/pipeline_bench.py"), ""]
    runs, checks, verdicts = corpus_rows()
    counts = {v: verdicts.count(v) for v in ("correct", "incorrect", "unknown")}
    lines += [
        f"Corpus (`corpus/pipelines/`, pipelines not marked slow): {len(verdicts)} pass x "
        f"function checks ({counts}). Running a pass is timed once per pass (whole module); "
        "validating it, once per function that the pass changed (a function whose IR is "
        "unchanged is `correct` without solving and left out of the validation columns).",
        "",
        "| pass | passes run | median run | function checks | median validation | max validation |",
        "|---|---|---|---|---|---|",
    ]
    for name in sorted(runs):
        c = checks.get(name) or [0.0]
        lines.append(
            f"| {name} | {len(runs[name])} | {ms(statistics.median(runs[name]))} | {len(c)} "
            f"| {ms(statistics.median(c))} | {ms(max(c))} |"
        )
    lines += [
        "",
        "Straight-line i32 functions (random, seeded; 8 functions per size) through "
        "`canonicalize,cse`, validation time per pass x function that the pass changed:",
        "",
        "| ops | checks | median | max |",
        "|---|---|---|---|",
    ]
    for size in (10, 25, 50):
        times: list[float] = []
        for seed in range(2 if args.quick else 8):
            got = validate_text(straight_line(size, seed), "builtin.module(canonicalize,cse)")
            times += [t for t in got if t >= 0]
        lines.append(
            f"| {size} | {len(times)} | {ms(statistics.median(times))} | {ms(max(times))} |"
        )
    lines += [
        "",
        "A loop with a static trip count (3 ops per iteration) through "
        "`convert-scf-to-cf,canonicalize` (both sides unrolled exactly):",
        "",
        "| trip count | convert-scf-to-cf | canonicalize |",
        "|---|---|---|",
    ]
    for trips in (4, 16) if args.quick else (4, 16, 64, 256):
        t = validate_text(loop(trips), "builtin.module(convert-scf-to-cf,canonicalize)")
        shown = [ms(x) if x >= 0 else "unchanged" for x in t]
        lines.append(f"| {trips} | {shown[0]} | {shown[1]} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer sizes (smoke run)")
    parser.add_argument("--out", type=Path, default=REPO / "BENCHMARKS.md")
    args = parser.parse_args()
    text = render(args)
    update_section("pipeline", text, args.out)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
