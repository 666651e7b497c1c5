"""Fuzzing throughput and long runs (`irproof fuzz`), into BENCHMARKS.md.

    python benchmarks/fuzz_bench.py [--examples N]      # section `fuzz`: programs/s per mode
    python benchmarks/fuzz_bench.py --long SECONDS [--findings DIR]
                                                        # section `fuzz-long`: every pipeline of
                                                        # LONG_PIPELINES fuzzed SECONDS each

Throughput: each mode runs N seeded examples (seed 0, programs of up to 5 ops); *programs/s*
counts every program run, shrinking included, over the wall time. Long runs fuzz upstream
passes through `mlir-opt` (and the MLIR bindings) and record what they found; distinct bugs
are written to the findings folder (default `fuzz-findings/`), one reproducer each.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace

from common import machine_line, update_section

from irproof.errors import InputError
from irproof.strategies import ProgramOptions
from irproof.verifier.fuzz.jit import jit_available
from irproof.verifier.fuzz.pass_fuzz import driver_version
from irproof.verifier.fuzz.report import FuzzRun
from irproof.verifier.fuzz.runner import FuzzConfig, run_fuzz
from irproof.verifier.fuzz.search import Budget
from irproof.verifier.solvers import SOLVERS, SolverUnavailable, solver_names


def _upstream(config: FuzzConfig) -> FuzzConfig:
    from irproof.strategies import UPSTREAM_OP_NAMES

    return replace(config, program=replace(config.program, ops=UPSTREAM_OP_NAMES))


def throughput_configs() -> list[tuple[str, FuzzConfig]]:
    configs = [
        ("self-check (interpreter vs SMT)", FuzzConfig("self-check", use_jit=False)),
        ("metamorphic (identity, corpus rewrites)", FuzzConfig("metamorphic")),
        (
            "passes: xdsl `canonicalize`",
            FuzzConfig("passes", passes="builtin.module(canonicalize)", driver="xdsl"),
        ),
    ]
    if jit_available():
        configs.insert(1, ("self-check + upstream JIT", FuzzConfig("self-check")))
        configs.append(
            (
                "passes: mlir bindings `canonicalize,cse`",
                _upstream(FuzzConfig("passes", passes="builtin.module(canonicalize,cse)")),
            )
        )
    try:
        all_solvers = solver_names("all")
        configs.insert(
            -1,
            ("metamorphic, --solver all", FuzzConfig("metamorphic", solvers=all_solvers)),
        )
    except SolverUnavailable:
        pass
    memref, linalg = ProgramOptions(kinds=("memref",)), ProgramOptions(kinds=("linalg",))
    configs += [
        ("self-check, memref programs", FuzzConfig("self-check", program=memref, use_jit=False)),
        ("self-check, linalg programs", FuzzConfig("self-check", program=linalg, use_jit=False)),
    ]
    if jit_available():
        configs += [
            (
                "self-check + upstream JIT, memref programs",
                FuzzConfig("self-check", program=memref),
            ),
            (
                "passes: mlir bindings `fold-memref-alias-ops`, memref programs",
                FuzzConfig(
                    "passes", program=memref, passes="builtin.module(fold-memref-alias-ops)"
                ),
            ),
            (
                "passes: mlir bindings `convert-linalg-to-loops`, linalg programs",
                FuzzConfig(
                    "passes",
                    program=linalg,
                    passes="builtin.module(func.func(convert-linalg-to-loops))",
                ),
            ),
        ]
    configs.append(
        (
            "passes: mlir-opt `arith-expand`",
            _upstream(
                FuzzConfig(
                    "passes", passes="builtin.module(func.func(arith-expand))", driver="mlir-opt"
                )
            ),
        )
    )
    return configs


LONG_PIPELINES = (
    "builtin.module(func.func(arith-expand))",
    "builtin.module(convert-scf-to-cf)",
    "builtin.module(lower-affine)",
    "builtin.module(canonicalize)",
    "builtin.module(func.func(int-range-optimizations))",
    "builtin.module(func.func(arith-int-narrowing{int-bitwidths-supported=8,16,32}))",
    "builtin.module(func.func(arith-unsigned-when-equivalent))",
    "builtin.module(sccp)",
    "builtin.module(cse)",
    "builtin.module(scf-for-loop-canonicalization)",
    "builtin.module(fold-memref-alias-ops)",
    "builtin.module(expand-strided-metadata)",
    "builtin.module(func.func(convert-linalg-to-loops))",
    "builtin.module(linalg-generalize-named-ops)",
    "builtin.module(linalg-fuse-elementwise-ops)",
)
"""Pipelines of the long runs (mlir-opt; the bindings with --long-driver mlir)."""

MEMORY_KINDS = {
    "fold-memref-alias-ops": ("memref",),
    "expand-strided-metadata": ("memref",),
    "convert-linalg-to-loops": ("linalg",),
    "linalg-generalize-named-ops": ("linalg",),
    "linalg-fuse-elementwise-ops": ("linalg",),
}
"""Memory passes are fuzzed on the program kinds they act on (`--kinds`); the others on the
default kinds."""


def _kinds(pipeline: str) -> ProgramOptions:
    for name, kinds in MEMORY_KINDS.items():
        if name in pipeline:
            return ProgramOptions(kinds=kinds)
    return ProgramOptions()


def _row(name: str, run: FuzzRun) -> str:
    stats = run.stats
    outcomes = ", ".join(f"{n} {label}" for label, n in sorted(stats.outcomes.items()))
    return (
        f"| {name} | {stats.examples} | {stats.calls} | {stats.elapsed_s:.1f} s | "
        f"{stats.programs_per_s:.1f} | {outcomes} | {len(run.findings)} |"
    )


HEADER = (
    "| mode | programs | runs (shrinking incl.) | wall | programs/s | outcomes | findings |\n"
    "|---|---|---|---|---|---|---|"
)


def throughput(examples: int) -> None:
    rows = []
    for name, config in throughput_configs():
        config = replace(config, budget=Budget(examples, seed=0))
        try:
            run = run_fuzz(config)
        except InputError as error:
            print(f"skipped {name}: {error}", file=sys.stderr)
            continue
        rows.append(_row(name, run))
        print(rows[-1], flush=True)
    command = "python benchmarks/fuzz_bench.py" + (f" --examples {examples}" if examples else "")
    body = "\n".join(
        [
            "## Fuzzing throughput (`irproof fuzz`)",
            "",
            f"{machine_line(command)} Single process, seed 0, programs of up to 5 ops, "
            f"{examples} examples per mode; solvers: {', '.join(SOLVERS)}.",
            "",
            "*programs/s* counts every program run (shrinking included) over the wall time; "
            "for `passes` a run is the whole pipeline plus the validation of every pass.",
            "",
            HEADER,
            *rows,
        ]
    )
    update_section("fuzz", body)


def long_runs(seconds: float, findings: str, driver: str, only: list[str]) -> None:
    rows, found = [], []
    pipelines = [p for p in LONG_PIPELINES if not only or any(o in p for o in only)]
    command = f"python benchmarks/fuzz_bench.py --long {seconds:g} --long-driver {driver}"
    command += f" --only {','.join(only)}" if only else ""
    for pipeline in pipelines:
        config = _upstream(
            FuzzConfig(
                "passes",
                Budget(10**9, seed=0, time_budget_s=seconds),
                program=_kinds(pipeline),
                passes=pipeline,
                driver=driver,
                findings=findings,
                command=command,
            )
        )
        try:
            run = run_fuzz(config)
        except InputError as error:
            print(f"skipped {pipeline}: {error}", file=sys.stderr)
            continue
        rows.append(_row(f"`{pipeline}`", run))
        print(rows[-1], flush=True)
        for finding in run.findings:
            file = run.files.get(finding.key, "")
            found.append(
                f"- `{finding.where}` ({finding.failed}): ops {', '.join(finding.shape)}"
                + (f" — `{file}`" if file else "")
            )
    body = "\n".join(
        [
            "## Fuzzing upstream passes: long runs (`irproof fuzz --passes`)",
            "",
            f"{machine_line(command)} "
            f"Compiler: {driver_version(driver)}. Each pipeline fuzzed for {seconds:g} s "
            f"(seed 0); distinct bugs written to `{findings}/`.",
            "",
            HEADER,
            *rows,
            "",
            "Found:" if found else "Found: nothing.",
            *found,
        ]
    )
    update_section("fuzz-long", body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=60)
    parser.add_argument("--long", type=float, default=None, metavar="SECONDS")
    parser.add_argument("--long-driver", default="mlir-opt", choices=("mlir-opt", "mlir"))
    parser.add_argument("--findings", default="fuzz-findings", metavar="DIR")
    parser.add_argument(
        "--only", default="", metavar="A,B", help="long runs: pipelines containing A or B"
    )
    args = parser.parse_args()
    start = time.perf_counter()
    if args.long is not None:
        only = [o for o in args.only.split(",") if o]
        long_runs(args.long, args.findings, args.long_driver, only)
    else:
        throughput(args.examples)
    print(f"done in {time.perf_counter() - start:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
