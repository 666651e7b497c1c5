"""Reports of `irproof synth`: human text and the JSON of DESIGN.md (schema 1, with the
synthesis fields `status`, `source_cost`, `cost`, `rewrite`, ...)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from irproof import __version__
from irproof.synth import cost as costs
from irproof.synth.discover import Discovery, Rewrite
from irproof.synth.search import FOUND, OPTIMAL, SynthResult
from irproof.verifier.report import count_of
from irproof.verifier.verify import UNKNOWN


def widths_text(widths: Sequence[int]) -> str:
    if not widths:
        return "-"
    parts: list[str] = []
    start = prev = widths[0]
    for w in [*widths[1:], None]:
        if w is not None and w == prev + 1:
            prev = w
            continue
        parts.append(f"i{start}" if start == prev else f"i{start}-i{prev}")
        if w is not None:
            start = prev = w
    return ", ".join(parts)


def human_result(result: SynthResult, model: str) -> str:
    head = f"{result.name} ({result.file}): {result.status}"
    timing = f"  [{result.time_s * 1000:.0f} ms]"
    if result.status == FOUND:
        lines = [
            f"{head}: {costs.show(result.source_cost, model)} -> {costs.show(result.cost, model)}"
            f"{timing}",
            f"  target: {result.expression}   (verified; widths {widths_text(result.widths)})",
        ]
        if result.failed_widths:
            lines.append(f"  fails at: {widths_text(result.failed_widths)}")
        if result.unknown_widths:
            lines.append(f"  undecided at: {widths_text(result.unknown_widths)}")
        if result.cegis:
            lines.append(f"  constants by CEGIS: {result.cegis}")
        lines += ["  " + line for line in result.target.splitlines()]
        if result.reason:
            lines.append(f"  note: {result.reason}")
        return "\n".join(lines)
    return f"{head}: {result.reason}{timing}"


def summary_counts(results: Sequence[SynthResult]) -> dict[str, int]:
    return {
        FOUND: sum(r.status == FOUND for r in results),
        OPTIMAL: sum(r.status == OPTIMAL for r in results),
        UNKNOWN: sum(r.status == UNKNOWN for r in results),
    }


def human_summary(results: Sequence[SynthResult]) -> str:
    counts = summary_counts(results)
    return (
        f"Summary: {count_of(len(results), 'function')}: {counts[FOUND]} rewritten, "
        f"{counts[OPTIMAL]} already optimal, {counts[UNKNOWN]} unknown"
    )


def exit_code(results: Sequence[SynthResult]) -> int:
    return 3 if any(r.status == UNKNOWN for r in results) else 0


def result_json(result: SynthResult, model: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": result.name,
        "file": result.file,
        "verdict": result.verdict,
        "status": result.status,
        "reason": result.reason,
        "cost_model": model,
        "source_cost": result.source_cost[0],
        "cost": result.cost[0],
        "source_cost_detail": _detail(result.source_cost, model),
        "cost_detail": _detail(result.cost, model),
        "target": result.expression,
        "rewrite": result.rewrite,
        "widths": result.widths,
        "time_s": round(result.time_s, 4),
        "candidates": result.candidates,
        "verified_candidates": result.verified,
        "refuted_candidates": result.refuted,
    }
    if result.generic_rewrite:
        data["generic_rewrite"] = result.generic_rewrite
    if result.failed_widths:
        data["failed_widths"] = result.failed_widths
    if result.unknown_widths:
        data["unknown_widths"] = result.unknown_widths
    if result.cegis:
        data["cegis"] = result.cegis
    return data


def _detail(value: costs.Cost, model: str) -> dict[str, int]:
    ops, latency = value if model == "ops" else (value[1], value[0])
    return {"ops": ops, "latency": latency}


def json_report(results: Sequence[SynthResult], model: str) -> str:
    counts = summary_counts(results)
    report = {
        "schema": 1,
        "tool": "irproof",
        "version": __version__,
        "command": "synth",
        "results": [result_json(r, model) for r in results],
        "summary": {
            "correct": counts[FOUND] + counts[OPTIMAL],
            "incorrect": 0,
            "unknown": counts[UNKNOWN],
            **counts,
        },
    }
    return json.dumps(report, indent=2)


# ---- discovery ---------------------------------------------------------------------------


def rewrite_json(rewrite: Rewrite, model: str, missed: bool | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": rewrite.name,
        "verdict": rewrite.verdict,
        "source": rewrite.source.show(rewrite.signature.arg_names),
        "target": rewrite.target.show(rewrite.signature.arg_names),
        "source_cost": rewrite.source_cost[0],
        "cost": rewrite.cost[0],
        "cost_model": model,
        "widths": rewrite.widths,
        "rewrite": rewrite.pair_text,
        "pdl": rewrite.pdl(),
    }
    if missed is not None:
        data["missed_by_mlir"] = missed
    return data


def discovery_json(discovery: Discovery, model: str, missed: dict[str, bool] | None = None) -> str:
    missed = missed or {}
    report = {
        "schema": 1,
        "tool": "irproof",
        "version": __version__,
        "command": "synth --discover",
        "results": [rewrite_json(r, model, missed.get(r.name)) for r in discovery.rewrites],
        "summary": discovery_summary(discovery, missed),
    }
    return json.dumps(report, indent=2)


def discovery_summary(
    discovery: Discovery, missed: dict[str, bool] | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "rewrites": len(discovery.rewrites),
        "candidates": discovery.candidates,
        "implied": discovery.implied,
        "refuted": discovery.refuted,
        "unknown": discovery.unknown,
        "enumerated": discovery.stats.built,
        "fingerprinted": discovery.stats.evaluated,
        "enumerate_s": round(discovery.enumerate_s, 3),
        "verify_s": round(discovery.verify_s, 3),
        "truncated": discovery.truncated,
    }
    if missed:
        data["missed_by_mlir"] = sum(missed.values())
    return data


def human_discovery(discovery: Discovery, missed: dict[str, bool] | None = None) -> str:
    s = discovery_summary(discovery, missed)
    text = (
        f"Summary: {s['rewrites']} rewrites (widths 1-64 proved) from {s['candidates']} "
        f"candidates: {s['implied']} implied by others, {s['refuted']} refuted, "
        f"{s['unknown']} unknown; {s['enumerated']} expressions enumerated in "
        f"{s['enumerate_s']:.1f} s, verification {s['verify_s']:.1f} s"
    )
    if missed:
        text += f"; {s['missed_by_mlir']} not performed by MLIR canonicalize"
    if discovery.truncated:
        text += " (stopped by the time budget)"
    return text
