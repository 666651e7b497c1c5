"""Reports of `irproof fuzz`: each finding as human text (the minimized reproducer as MLIR,
then what went wrong), a summary line with programs per second, the JSON report of
DESIGN.md (schema 1; each result carries `kind` and `reproducer`, the run its `fuzz`
statistics) and the exit code (0 no finding, 1 a finding, 3 only unknowns)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from irproof import __version__
from irproof.verifier.fuzz.findings import Finding
from irproof.verifier.fuzz.search import SearchStats

UNKNOWN = "unknown"


@dataclass
class FuzzRun:
    """A finished fuzz run: what it was asked, what it did and found."""

    mode: str
    seed: int
    stats: SearchStats
    findings: list[Finding]
    settings: dict[str, Any] = field(default_factory=dict)
    """The run's parameters (pipeline, driver, compiler version, ...), reported as is."""
    notes: dict[str, int] = field(default_factory=dict)
    """Counts worth showing (e.g. pass errors by message)."""
    files: dict[str, str] = field(default_factory=dict)
    """Finding key → reproducer file written."""


def exit_code(run: FuzzRun) -> int:
    if run.findings:
        return 1
    return 3 if run.stats.outcomes.get(UNKNOWN) else 0


def human_finding(number: int, finding: Finding, file: str | None) -> str:
    lines = [
        f"== finding {number}: {finding.kind} ({finding.mode}): {finding.where}: {finding.failed}",
        "Reproducer (minimized):",
        finding.reproducer.rstrip(),
        "",
        finding.detail.rstrip(),
    ]
    if file:
        lines.append(f"Written to {file}")
    return "\n".join(lines) + "\n"


def human_summary(run: FuzzRun) -> str:
    stats = run.stats
    outcomes = ", ".join(f"{n} {label}" for label, n in sorted(stats.outcomes.items()))
    skipped = f", {stats.known_skipped} known" if stats.known_skipped else ""
    return (
        f"Summary: fuzz {run.mode} (seed {run.seed}): {stats.examples} programs "
        f"({stats.calls} runs, shrinking included) in {stats.elapsed_s:.1f} s, "
        f"{stats.programs_per_s:.1f} programs/s: {outcomes or 'nothing run'}{skipped}; "
        f"{len(run.findings)} finding(s)"
    )


def finding_json(finding: Finding, file: str | None) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": finding.where,
        "file": file or "",
        "verdict": "incorrect",
        "kind": finding.kind,
        "mode": finding.mode,
        "failed": finding.failed,
        "reason": finding.detail.splitlines()[0] if finding.detail else "",
        "reproducer": finding.reproducer,
        "ops": list(finding.ops),
        "detail": finding.detail,
    }
    if finding.result is not None:
        for key in ("counterexample", "pass", "step", "index_width", "widths"):
            if key in finding.result:
                entry[key] = finding.result[key]
    entry.update(finding.extra)
    return entry


def fuzz_json(run: FuzzRun) -> str:
    stats = run.stats
    report = {
        "schema": 1,
        "tool": "irproof",
        "version": __version__,
        "fuzz": {
            "mode": run.mode,
            "seed": run.seed,
            **run.settings,
            "examples": stats.examples,
            "runs": stats.calls,
            "rounds": stats.rounds,
            "elapsed_s": round(stats.elapsed_s, 3),
            "programs_per_s": round(stats.programs_per_s, 2),
            "outcomes": dict(stats.outcomes),
            "known_skipped": stats.known_skipped,
            "notes": run.notes,
        },
        "results": [finding_json(f, run.files.get(f.key)) for f in run.findings],
        "summary": summary_counts(run),
    }
    return json.dumps(report, indent=2)


def summary_counts(run: FuzzRun) -> dict[str, int]:
    outcomes = run.stats.outcomes
    correct = sum(n for label, n in outcomes.items() if label != UNKNOWN)
    return {"correct": correct, "incorrect": len(run.findings), "unknown": outcomes[UNKNOWN]}


def short_list(items: Sequence[str], limit: int = 3) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")
