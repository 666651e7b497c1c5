"""Reports of `irproof pipeline`: per pass and function, as human text, the JSON report of
DESIGN.md (each result carries `"pass"` and its position `"step"`) and JUnit cases."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from irproof import __version__
from irproof.verifier.junit import JUnitCase
from irproof.verifier.pipeline import PassResult, PipelinePlan
from irproof.verifier.report import count_of, result_json, summary_counts
from irproof.verifier.verify import CORRECT, INCORRECT, UNKNOWN


def pass_heading(result: PassResult, total: int) -> str:
    return f"== pass {result.step.number}/{total}: {result.step.label}"


def human_pipeline_summary(results: Sequence[PassResult]) -> str:
    counts = summary_counts([r.result for r in results])
    passes = len({r.step.number for r in results})
    return (
        f"Summary: {count_of(len(results), 'check')} over {count_of(passes, 'pass', 'passes')}: "
        f"{counts[CORRECT]} correct, "
        f"{counts[INCORRECT]} incorrect, {counts[UNKNOWN]} unknown"
    )


def pipeline_json(plan: PipelinePlan, results: Sequence[PassResult]) -> str:
    entries: list[dict[str, Any]] = []
    for item in results:
        entry = result_json(item.result)
        entry["pass"] = item.step.label
        entry["step"] = item.step.number
        entries.append(entry)
    report = {
        "schema": 1,
        "tool": "irproof",
        "version": __version__,
        "pipeline": {
            "input": plan.input,
            "driver": plan.driver,
            "passes": [step.label for step in plan.steps],
            "stopped": plan.stopped,
        },
        "results": entries,
        "summary": summary_counts([r.result for r in results]),
    }
    return json.dumps(report, indent=2)


def junit_cases(results: Sequence[PassResult]) -> list[JUnitCase]:
    """classname = the pass (`NN-pass` when the pipeline runs the same pass more than once)."""
    steps: dict[str, set[int]] = {}
    for item in results:
        steps.setdefault(item.step.label, set()).add(item.step.number)
    return [(_classname(item, len(steps[item.step.label]) > 1), item.result) for item in results]


def _classname(item: PassResult, repeated: bool) -> str:
    return f"{item.step.number:02d}-{item.step.label}" if repeated else item.step.label
