"""The `irproof fuzz` command: its arguments, output and exit code (the work is in
`irproof.verifier.fuzz`; the programs come from `irproof.strategies.programs`)."""

from __future__ import annotations

import argparse
import random
import shlex
import sys
from collections.abc import Callable

from irproof.arguments import index_widths, non_negative_int, positive_float, positive_int
from irproof.errors import InputError
from irproof.strategies import (
    DEFAULT_KINDS,
    OP_NAMES,
    PROGRAM_KINDS,
    UPSTREAM_OP_NAMES,
    ProgramOptions,
)
from irproof.verifier.verify import VerifyOptions

Common = Callable[[argparse.ArgumentParser], None]


def _int_list(text: str) -> tuple[int, ...]:
    try:
        values = tuple(int(v) for v in text.split(",") if v.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of integers: '{text}'") from None
    if not values or any(not 1 <= v <= 64 for v in values):
        raise argparse.ArgumentTypeError(f"widths must be in 1..64: '{text}'")
    return values


def _names(text: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in text.split(",") if v.strip())


def add_fuzz_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from irproof.verifier.drivers import DRIVERS
    from irproof.verifier.solvers import ALL, SOLVERS

    fuzz = sub.add_parser("fuzz", help="Hypothesis fuzzing of the semantics and of pass pipelines")
    mode = fuzz.add_mutually_exclusive_group(required=True)
    mode.add_argument(
        "--self-check",
        action="store_true",
        help="concrete interpreter vs SMT semantics (Z3) vs upstream JIT must agree",
    )
    mode.add_argument(
        "--passes",
        metavar="PIPELINE",
        help="random programs through a pipeline, every pass validated",
    )
    mode.add_argument(
        "--metamorphic",
        action="store_true",
        help="identity and known-correct corpus rewrites inside random programs must verify",
    )
    fuzz.add_argument("--driver", choices=list(DRIVERS), default="mlir", help="with --passes")
    fuzz.add_argument("--mlir-opt", metavar="PATH", help="mlir-opt binary (--driver mlir-opt)")
    fuzz.add_argument("--max-examples", type=positive_int, default=100, metavar="N")
    fuzz.add_argument(
        "--seed",
        type=non_negative_int,
        default=None,
        metavar="N",
        help="default: random, reported",
    )
    fuzz.add_argument("--time-budget", type=positive_float, default=None, metavar="SECONDS")
    fuzz.add_argument(
        "--findings", metavar="DIR", help="write one reproducer per distinct bug to DIR"
    )
    fuzz.add_argument("--solver", choices=[*SOLVERS, ALL], default=None, help="cross-check queries")
    fuzz.add_argument("--max-ops", type=positive_int, default=5, metavar="N")
    fuzz.add_argument("--ops", type=_names, default=None, metavar="OP,OP", help="op mix")
    fuzz.add_argument(
        "--kinds",
        type=_names,
        default=None,
        metavar="KIND,KIND",
        help=f"kinds of program, of {', '.join(PROGRAM_KINDS)} (default: {','.join(DEFAULT_KINDS)})",
    )
    fuzz.add_argument("--widths", type=_int_list, default=None, metavar="W,W", help="bit widths")
    fuzz.add_argument("--no-jit", action="store_true", help="--self-check without upstream JIT")
    fuzz.add_argument("--database", metavar="DIR", help="Hypothesis example database folder")
    fuzz.add_argument("--json", action="store_true", help="JSON report on stdout")
    fuzz.add_argument("--quiet", action="store_true", help="only the summary line")
    fuzz.add_argument("--timeout", type=positive_float, default=5.0, metavar="SECONDS")
    fuzz.add_argument("--index-width", type=index_widths, default=(32, 64), metavar="32|64|both")
    fuzz.add_argument("--no-poison-inputs", action="store_true", help="arguments are never poison")


def _program_options(args: argparse.Namespace, upstream: bool) -> ProgramOptions:
    ops = args.ops
    if ops is not None:
        unknown = [o for o in ops if o not in OP_NAMES]
        if unknown:
            raise InputError(f"--ops: no generator for {', '.join(unknown)}")
    elif upstream:
        ops = UPSTREAM_OP_NAMES  # a compiler does not know irproof's own ops
    kinds = args.kinds or DEFAULT_KINDS
    unknown = [k for k in kinds if k not in PROGRAM_KINDS]
    if unknown:
        raise InputError(
            f"--kinds: unknown kind {', '.join(unknown)} (one of {', '.join(PROGRAM_KINDS)})"
        )
    widths = args.widths
    if widths is not None and len(set(widths)) < 2:
        raise InputError("--widths: give at least two widths (for ext/trunc)")
    return ProgramOptions(max_ops=args.max_ops, ops=ops, widths=widths, kinds=kinds)


def run_fuzz_command(args: argparse.Namespace) -> int:
    from irproof.verifier.fuzz.report import exit_code, fuzz_json, human_finding, human_summary
    from irproof.verifier.fuzz.runner import METAMORPHIC, PASSES, SELF_CHECK, FuzzConfig, run_fuzz
    from irproof.verifier.fuzz.search import Budget
    from irproof.verifier.solvers import SolverUnavailable, solver_names

    mode = PASSES if args.passes else SELF_CHECK if args.self_check else METAMORPHIC
    if mode != PASSES and (args.driver != "mlir" or args.mlir_opt):
        raise InputError("--driver and --mlir-opt go with --passes")
    if args.mlir_opt and args.driver != "mlir-opt":
        raise InputError("--mlir-opt PATH needs --driver mlir-opt")
    if args.no_jit and mode != SELF_CHECK:
        raise InputError("--no-jit goes with --self-check (the only mode that runs the JIT)")
    if args.solver and mode == SELF_CHECK:
        raise InputError(
            "--solver cross-checks refinement queries: use it with --passes or --metamorphic"
        )
    try:
        solvers = solver_names(args.solver) if args.solver else ()
    except SolverUnavailable as error:
        raise InputError(str(error)) from None
    seed = args.seed if args.seed is not None else random.randrange(1 << 32)
    config = FuzzConfig(
        mode,
        Budget(args.max_examples, seed, args.time_budget, args.database),
        _program_options(args, upstream=mode == PASSES and args.driver != "xdsl"),
        VerifyOptions(args.timeout, args.index_width, not args.no_poison_inputs),
        args.passes or "",
        args.driver,
        args.mlir_opt,
        solvers,
        not args.no_jit,
        findings=args.findings,
        command=shlex.join(["irproof", *sys.argv[1:]]) if sys.argv[1:2] == ["fuzz"] else "",
    )
    count = 0

    def show(finding, file) -> None:  # type: ignore[no-untyped-def]
        nonlocal count
        count += 1
        if not args.json and not args.quiet:
            print(human_finding(count, finding, file), flush=True)

    run = run_fuzz(config, on_finding=show)
    if not args.json:
        for note, n in run.notes.items():
            sys.stderr.write(f"irproof: note: {n} x {note}\n")
    print(fuzz_json(run) if args.json else human_summary(run))
    return exit_code(run)
