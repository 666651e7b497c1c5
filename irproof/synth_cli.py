"""The `irproof synth` command: its arguments, output and exit code (the work is in
`irproof.synth`: `search` for FILE, `discover` and `proposals` for `--discover`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from irproof.arguments import (
    bit_widths,
    index_widths,
    non_negative_int,
    positive_float,
    positive_int,
)
from irproof.errors import InputError
from irproof.writing import write_atomic


def _ops(text: str) -> tuple[str, ...]:
    from irproof.synth.ops import parse_ops

    try:
        return parse_ops(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_synth_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from irproof.synth.cost import COST_MODELS
    from irproof.verifier.drivers import DRIVERS

    p = sub.add_parser(
        "synth", help="synthesize cheaper verified rewrites (or --discover them for an op set)"
    )
    p.add_argument("file", nargs="?", metavar="FILE", help="functions to optimize")
    p.add_argument(
        "--max-ops",
        type=positive_int,
        default=None,
        metavar="N",
        help="largest target (or, with --discover, source) in ops (default 3; 2 with --discover)",
    )
    p.add_argument(
        "--ops",
        type=_ops,
        default=None,
        metavar="LIST",
        help="ops to build from, e.g. addi,subi,shli (default: arith's integer ops)",
    )
    p.add_argument(
        "--cost",
        choices=COST_MODELS,
        default="ops",
        help="cost model: ops (count, default) or latency (see the README)",
    )
    p.add_argument(
        "--timeout",
        type=positive_float,
        default=None,
        metavar="SECONDS",
        help="time limit of each function's search (default 60); with --discover, "
        "of each verification query (default 10)",
    )
    p.add_argument(
        "--widths",
        type=bit_widths,
        default=None,
        metavar="1-64",
        help="also verify a found rewrite width-generically at these widths",
    )
    p.add_argument("--index-width", type=index_widths, default=None, metavar="32|64|both")
    p.add_argument(
        "--no-cegis", action="store_true", default=None, help="no CEGIS for symbolic constants"
    )
    p.add_argument(
        "--jobs",
        type=positive_int,
        default=1,
        metavar="N",
        help="N processes (FILE: functions in parallel; --discover: verification)",
    )
    p.add_argument("--json", action="store_true", help="JSON report on stdout")
    p.add_argument("--quiet", action="store_true", help="only the summary line")
    d = p.add_argument_group("discovery")
    d.add_argument(
        "--discover",
        action="store_true",
        help="enumerate small sources and report the cost-reducing rewrites",
    )
    d.add_argument(
        "--args",
        type=positive_int,
        default=None,
        metavar="K",
        help="arguments of the enumerated sources (default 2)",
    )
    d.add_argument(
        "--i1-args",
        type=non_negative_int,
        default=None,
        metavar="K",
        help="arguments of type i1 of the enumerated sources (default 0)",
    )
    d.add_argument(
        "--budget",
        type=positive_float,
        default=None,
        metavar="SECONDS",
        help="overall time limit of --discover",
    )
    d.add_argument(
        "--out", metavar="DIR", help="write rewrites.mlir (src/tgt pairs) and rewrites.pdl to DIR"
    )
    d.add_argument(
        "--proposals",
        action="store_true",
        default=None,
        help="run MLIR canonicalize on every source, report what it misses",
    )
    d.add_argument(
        "--proposals-dir",
        metavar="DIR",
        help="where missed rewrites are written (default corpus/proposals)",
    )
    d.add_argument(
        "--driver",
        choices=[n for n in DRIVERS if n != "xdsl"],
        help="MLIR for --proposals: mlir (Python bindings, default) or mlir-opt",
    )
    d.add_argument("--mlir-opt", metavar="PATH", help="mlir-opt binary (--driver mlir-opt)")


PROPOSALS_DIR = "corpus/proposals"
"""`--proposals-dir` unless given."""

MODE_OPTIONS = {
    "args": ("--args", "--discover"),
    "i1_args": ("--i1-args", "--discover"),
    "budget": ("--budget", "--discover"),
    "out": ("--out", "--discover"),
    "proposals": ("--proposals", "--discover"),
    "proposals_dir": ("--proposals-dir", "--proposals"),
    "driver": ("--driver", "--proposals"),
    "mlir_opt": ("--mlir-opt", "--proposals"),
    "index_width": ("--index-width", "a FILE"),
    "no_cegis": ("--no-cegis", "a FILE"),
}
"""Options of one mode (their parser default is None), by attribute: (flag, mode). Given
outside their mode they would do nothing, so they are a usage error there."""


def run_synth(args: argparse.Namespace) -> int:
    modes = {"--discover", "--proposals"} if args.proposals else {"--discover"}
    active = modes if args.discover else {"a FILE"}
    for name, (flag, mode) in MODE_OPTIONS.items():
        if getattr(args, name) is not None and mode not in active:
            raise InputError(f"{flag} applies to {mode} only")
    if args.discover:
        if args.file:
            raise InputError("--discover takes no FILE (it enumerates its own sources)")
        return _discover(args)
    if not args.file:
        raise InputError("synth needs a FILE (or --discover)")
    return _synthesize(args)


def _synthesize(args: argparse.Namespace) -> int:
    from irproof.loading import parse_module, read_text
    from irproof.synth.ops import DEFAULT_OPS
    from irproof.synth.report import exit_code, human_result, human_summary, json_report
    from irproof.synth.search import SynthOptions, synthesize_module

    module = parse_module(args.file, read_text(args.file))
    options = SynthOptions(
        max_ops=args.max_ops or 3,
        ops=args.ops or DEFAULT_OPS,
        cost=args.cost,
        timeout_s=args.timeout or 60.0,
        widths=args.widths,
        index_widths=args.index_width or (32, 64),
        cegis=not args.no_cegis,
    )

    def show(result) -> None:  # type: ignore[no-untyped-def]
        if not args.json and not args.quiet:
            print(human_result(result, args.cost), flush=True)

    results = synthesize_module(args.file, module, options, on_result=show, jobs=args.jobs)
    print(json_report(results, args.cost) if args.json else human_summary(results))
    return exit_code(results)


def _discover(args: argparse.Namespace) -> int:
    from irproof.synth.discover import DISCOVER_OPS, DiscoverOptions, discover, pairs_module
    from irproof.synth.pdl_emit import pdl_module
    from irproof.synth.report import discovery_json, human_discovery
    from irproof.verifier.drivers import DriverError, DriverUnavailable

    options = DiscoverOptions(
        ops=args.ops or DISCOVER_OPS,
        max_ops=args.max_ops or 2,
        args=args.args or 2,
        i1_args=args.i1_args or 0,
        cost=args.cost,
        widths=args.widths or tuple(range(1, 65)),
        timeout_s=args.timeout or 10.0,
        budget_s=args.budget,
        jobs=args.jobs,
    )

    def show(rewrite) -> None:  # type: ignore[no-untyped-def]
        if not args.json and not args.quiet:
            print(f"{rewrite.name}: {rewrite.show()}", flush=True)

    try:
        discovery = discover(options, on_rewrite=show)
    except ValueError as error:
        raise InputError(str(error)) from None
    missed: dict[str, bool] = {}
    driver = args.driver or "mlir"
    if args.proposals:
        from irproof.synth.proposals import check_rewrites, mlir_description, write_proposals

        try:
            verdicts = check_rewrites(discovery.rewrites, driver, args.cost, args.mlir_opt)
        except (DriverError, DriverUnavailable) as error:
            raise InputError(str(error)) from None
        missed = {v.rewrite.name: v.missed for v in verdicts}
        written = write_proposals(
            verdicts, args.proposals_dir or PROPOSALS_DIR, mlir_description(driver), args.cost
        )
        if not args.json:
            for path in written:
                print(f"proposal: {path}")
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        write_atomic(str(out / "rewrites.mlir"), pairs_module(discovery.rewrites))
        patterns = [p for p in (r.pdl() for r in discovery.rewrites) if p is not None]
        write_atomic(str(out / "rewrites.pdl"), pdl_module(patterns))
    if args.json:
        print(discovery_json(discovery, args.cost, missed))
    else:
        print(human_discovery(discovery, missed))
    return 3 if discovery.truncated or discovery.unknown else 0
