"""The `irproof` command line (DESIGN.md "Command line"): argument parsing and output only."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from irproof import __version__
from irproof.arguments import bit_widths, index_widths, positive_float, positive_int
from irproof.errors import InputError
from irproof.fuzz_cli import add_fuzz_parser, run_fuzz_command
from irproof.synth_cli import add_synth_parser, run_synth
from irproof.validation_cli import add_pipeline_parser, add_tv_parser, run_pipeline, run_tv
from irproof.verifier.verify import VerifyOptions

EXIT_USAGE = 2
NOT_YET: dict[str, str] = {}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"irproof: error: {message} (see 'irproof --help')\n")
        sys.exit(EXIT_USAGE)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="JSON report on stdout")
    parser.add_argument("--timeout", type=positive_float, default=10.0, metavar="SECONDS")
    parser.add_argument("--index-width", type=index_widths, default=(32, 64), metavar="32|64|both")
    parser.add_argument(
        "--widths",
        type=bit_widths,
        default=None,
        metavar="1-64",
        help="bit widths of width-generic rewrites (default 1-64), e.g. 1-64 or 8,16,32",
    )
    parser.add_argument(
        "--first-failure",
        action="store_true",
        help="stop checking a generic rewrite at its first failing width",
    )
    parser.add_argument(
        "--no-width-classes",
        action="store_true",
        help="check a bit-parallel or truncation-homomorphic generic rewrite at every width "
        "too (default: one query proves all its widths)",
    )
    parser.add_argument(
        "--no-parametric",
        action="store_true",
        help="do not try to prove a generic rewrite at every width with one width-parametric "
        "query once its widths up to 4 pass (default: try; if it is not proved, the other "
        "widths are checked one by one)",
    )
    parser.add_argument(
        "--no-lockstep",
        action="store_true",
        help="always unroll loop nests (default: first try to prove nests that source and "
        "target run in the same order one symbolic iteration at a time)",
    )
    parser.add_argument("--jobs", type=positive_int, default=1, metavar="N")
    parser.add_argument("--quiet", action="store_true", help="only the summary line")
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="more per pair: how memory was encoded (element-wise or arrays) and aliasing",
    )
    parser.add_argument(
        "--no-poison-inputs", action="store_true", help="arguments are never poison"
    )
    parser.add_argument(
        "--unroll",
        type=positive_int,
        default=16,
        metavar="N",
        help="unroll loops with unknown trip counts N times; a verdict reached within the "
        "bound is `correct` with bounded: true (default 16)",
    )
    parser.add_argument(
        "--noalias",
        action="store_true",
        help="assume memref arguments never share a buffer (default: those of the same "
        "element type may alias, and every way they can is checked)",
    )
    parser.add_argument(
        "--fp",
        choices=("exact", "abstract", "auto"),
        default="auto",
        help="floating point: exact IEEE-754, abstract (uninterpreted arithmetic, failures "
        "re-checked exactly), or auto (exact unless the pair is large; the default)",
    )
    parser.add_argument(
        "--no-falsify",
        action="store_true",
        help="when the solver does not decide a check, leave it unknown (default: first try "
        "random and edge-value inputs on the concrete interpreter for a counterexample)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="irproof", description="Prove MLIR rewrites correct, or refute them.")
    parser.add_argument("--version", action="version", version=f"irproof {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    verify = sub.add_parser("verify", help="verify src/tgt rewrite pairs")
    verify.add_argument("files", nargs="+", metavar="FILE")
    _common(verify)
    smtlib = sub.add_parser("smtlib", help="print the SMT-LIB query of each pair")
    smtlib.add_argument("files", nargs="+", metavar="FILE")
    smtlib.add_argument("--ir", action="store_true", help="print the semantics IR instead")
    _common(smtlib)
    add_tv_parser(sub, _common)
    add_pipeline_parser(sub, _common)
    add_fuzz_parser(sub)
    add_synth_parser(sub)
    for name, what in NOT_YET.items():
        later = sub.add_parser(name, help=f"{what}: not available yet")
        later.add_argument("rest", nargs=argparse.REMAINDER)
    return parser


def _options(args: argparse.Namespace) -> VerifyOptions:
    return VerifyOptions(
        args.timeout,
        args.index_width,
        not args.no_poison_inputs,
        args.widths,
        args.first_failure,
        fp=args.fp,
        unroll=args.unroll,
        noalias=args.noalias,
        width_classes=not args.no_width_classes,
        parametric=not args.no_parametric,
        falsify=not args.no_falsify,
        lockstep=not args.no_lockstep,
    )


def _verify(args: argparse.Namespace) -> int:
    from irproof.api import verify_files
    from irproof.verifier.report import exit_code, human_result, human_summary, json_report

    def show(result) -> None:  # type: ignore[no-untyped-def]
        if not args.json and not args.quiet:
            print(human_result(result, args.verbose), flush=True)

    results = verify_files(args.files, _options(args), args.jobs, on_result=show)
    if args.json:
        print(json_report(results))
    else:
        print(human_summary(results))
    return exit_code(results)


def _smtlib(args: argparse.Namespace) -> int:
    from irproof.api import smtlib_queries

    for path in args.files:
        for name, label, text in smtlib_queries(path, _options(args), ir=args.ir):
            print(f"; {path}: pair {name}, {label}")
            print(text, end="")
    return 0


def _tv(args: argparse.Namespace) -> int:
    return run_tv(args, _options(args))


def _pipeline(args: argparse.Namespace) -> int:
    return run_pipeline(args, _options(args))


_COMMANDS = {
    "verify": _verify,
    "smtlib": _smtlib,
    "tv": _tv,
    "pipeline": _pipeline,
    "fuzz": run_fuzz_command,
    "synth": run_synth,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command in NOT_YET:
        sys.stderr.write(
            f"irproof: error: '{args.command}' ({NOT_YET[args.command]}) is not available yet\n"
        )
        return EXIT_USAGE
    try:
        return _COMMANDS[args.command](args)
    except InputError as error:
        sys.stderr.write(f"irproof: error: {error}\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        sys.stderr.write("irproof: interrupted\n")
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (e.g. `| head`): nothing more to say
        return 0


if __name__ == "__main__":
    sys.exit(main())
