"""The `irproof tv` and `irproof pipeline` commands: their arguments, output and exit code
(the work is in `irproof.api`, `irproof.verifier.tv` and `irproof.verifier.pipeline`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from irproof.progress import progress_bar
from irproof.verifier.verify import VerifyOptions
from irproof.writing import write_atomic

Common = Callable[[argparse.ArgumentParser], None]


def add_tv_parser(sub: argparse._SubParsersAction, common: Common) -> None:  # type: ignore[type-arg]
    tv = sub.add_parser("tv", help="translation validation: AFTER refines BEFORE, per function")
    tv.add_argument("before", metavar="BEFORE")
    tv.add_argument("after", metavar="AFTER")
    tv.add_argument("--junit", metavar="FILE", help="also write a JUnit XML report")
    common(tv)


def add_pipeline_parser(sub: argparse._SubParsersAction, common: Common) -> None:  # type: ignore[type-arg]
    from irproof.verifier.drivers import DRIVERS

    pipeline = sub.add_parser("pipeline", help="validate every pass of a pass pipeline")
    pipeline.add_argument("input", metavar="INPUT")
    pipeline.add_argument(
        "--passes",
        required=True,
        metavar="PIPELINE",
        help="e.g. 'builtin.module(canonicalize,func.func(cse))' or 'canonicalize,cse'",
    )
    pipeline.add_argument(
        "--driver",
        choices=list(DRIVERS),
        default="mlir",
        help="where passes run: mlir (MLIR Python bindings, default), mlir-opt, xdsl",
    )
    pipeline.add_argument("--mlir-opt", metavar="PATH", help="mlir-opt binary (--driver mlir-opt)")
    pipeline.add_argument(
        "--stop-at-first", action="store_true", help="stop after the first incorrect pass"
    )
    pipeline.add_argument("--keep-ir", metavar="DIR", help="write the IR after each pass to DIR")
    pipeline.add_argument("--junit", metavar="FILE", help="also write a JUnit XML report")
    common(pipeline)


def _note(text: str) -> None:
    sys.stderr.write(f"irproof: note: {text}\n")


def run_tv(args: argparse.Namespace, options: VerifyOptions) -> int:
    from irproof.api import translation_validate
    from irproof.verifier.junit import junit_xml
    from irproof.verifier.report import exit_code, human_result, human_summary, json_report

    def show(result) -> None:  # type: ignore[no-untyped-def]
        if not args.json and not args.quiet:
            print(human_result(result, getattr(args, "verbose", False)), flush=True)

    results = translation_validate(
        args.before, args.after, options, args.jobs, on_result=show, on_note=_note
    )
    if args.junit:
        write_atomic(args.junit, junit_xml("irproof tv", [(args.after, r) for r in results]))
    print(json_report(results) if args.json else human_summary(results))
    return exit_code(results)


def run_pipeline(args: argparse.Namespace, options: VerifyOptions) -> int:
    from irproof.errors import InputError
    from irproof.verifier.junit import junit_xml
    from irproof.verifier.pipeline import (
        PassResult,
        PipelineOptions,
        prepare_pipeline,
        validate_plan,
    )
    from irproof.verifier.pipeline_report import (
        human_pipeline_summary,
        junit_cases,
        pass_heading,
        pipeline_json,
    )
    from irproof.verifier.report import exit_code, human_result

    if args.mlir_opt and args.driver != "mlir-opt":
        raise InputError("--mlir-opt PATH needs --driver mlir-opt")
    pipeline_options = PipelineOptions(args.driver, args.mlir_opt, args.keep_ir, args.stop_at_first)
    plan = prepare_pipeline(args.input, args.passes, pipeline_options, options)
    for note in plan.notes:
        _note(note)
    shown: set[int] = set()

    def show(item: PassResult) -> None:
        advance(f"pass {item.step.number}/{len(plan.steps)} {item.step.label}")
        if args.json or args.quiet:
            return
        if item.step.number not in shown:
            shown.add(item.step.number)
            print(pass_heading(item, len(plan.steps)), flush=True)
        print(human_result(item.result, getattr(args, "verbose", False)), flush=True)

    with progress_bar(len(plan.checks), enabled=not args.quiet) as advance:
        results = validate_plan(plan, args.jobs, args.stop_at_first, on_result=show)
    if plan.stopped:
        _note(plan.stopped)
    if args.junit:
        write_atomic(args.junit, junit_xml("irproof pipeline", junit_cases(results)))
    print(pipeline_json(plan, results) if args.json else human_pipeline_summary(results))
    return exit_code([r.result for r in results])
