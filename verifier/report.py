"""Reports: Alive2-style human text and the JSON report of DESIGN.md (schema 1)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from irproof import __version__
from irproof.verifier.counterexample import Counterexample, ShownValue
from irproof.verifier.memory_counterexample import (
    BlockImage,
    block_text,
    tensor_text,
    view_text,
)
from irproof.verifier.verify import CORRECT, INCORRECT, UNKNOWN, PairResult


def summary_counts(results: Sequence[PairResult]) -> dict[str, int]:
    counts = Counter(r.verdict for r in results)
    return {v: counts.get(v, 0) for v in (CORRECT, INCORRECT, UNKNOWN)}


def exit_code(results: Sequence[PairResult]) -> int:
    """0 all correct, 1 any incorrect, 3 any unknown and none incorrect (DESIGN.md)."""
    counts = summary_counts(results)
    if counts[INCORRECT]:
        return 1
    if counts[UNKNOWN]:
        return 3
    return 0


def _values(values: Sequence[ShownValue]) -> dict[str, str]:
    return {v.name: v.text for v in values}


def _memory_json(cex: Counterexample) -> dict[str, Any]:
    image = cex.memory
    if image is None:
        return {}
    return {
        "memory": {
            "aliasing": image.aliasing,
            "arguments": {f"%{v.name}": view_text(v) for v in image.views},
            "tensors": {f"%{t.name}": tensor_text(t) for t in image.tensors},
            "target_arguments": {f"%{v.name}": view_text(v) for v in image.target_views},
            "blocks": {f"#{b.id} ({b.name})": block_text(b) for b in image.blocks},
            "source_final": {f"#{b.id}": block_text(b) for b in image.source_final},
            "target_final": {f"#{b.id}": block_text(b) for b in image.target_final},
        },
        **({"block": cex.block} if cex.block else {}),
    }


def _memory_lines(cex: Counterexample) -> list[str]:
    image = cex.memory
    if image is None:
        return []
    lines = [f"  %{v.name} = {view_text(v)}" for v in image.views]
    lines += [f"  %{t.name} = {tensor_text(t)}" for t in image.tensors]
    lines += [f"  %{v.name} (target) = {view_text(v)}" for v in image.target_views]
    lines += [f"  block #{b.id} ({b.name}) = {block_text(b)}" for b in image.blocks]
    if image.aliasing:
        lines.append(f"  ({image.aliasing})")
    return lines


def _final_lines(blocks: Sequence[BlockImage]) -> list[str]:
    return [f"  final block #{b.id} ({b.name}) = {block_text(b)}" for b in blocks]


def counterexample_json(cex: Counterexample) -> dict[str, Any]:
    return {
        **_memory_json(cex),
        "inputs": _values(cex.inputs),
        "failed": cex.failed,
        "result": cex.result,
        "index_width": cex.index_width,
        "source": {
            **_values(cex.source),
            "results": _values(cex.source_results),
            "ub": cex.source_ub,
        },
        "target": {
            **_values(cex.target),
            "results": _values(cex.target_results),
            "ub": cex.target_ub,
        },
        "replay": cex.replay,
    }


def result_json(result: PairResult) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": result.name,
        "file": result.file,
        "verdict": result.verdict,
        "reason": result.reason,
        "widths": result.widths,
        "index_width": result.index_width,
        "bounded": result.bounded,
        "time_s": round(result.time_s, 4),
    }
    if result.failed_widths:
        entry["failed_widths"] = result.failed_widths
    if result.memory:
        entry["memory"] = result.memory
    if result.counterexample is not None:
        entry["counterexample"] = counterexample_json(result.counterexample)
    return entry


def json_report(results: Sequence[PairResult]) -> str:
    report = {
        "schema": 1,
        "tool": "irproof",
        "version": __version__,
        "results": [result_json(r) for r in results],
        "summary": summary_counts(results),
    }
    return json.dumps(report, indent=2)


def _lines(title: str, values: Sequence[ShownValue]) -> list[str]:
    return [title] + [f"  {v.name} = {v.text}" for v in values]


def _side(
    title: str, values: Sequence[ShownValue], ub: bool, results: Sequence[ShownValue]
) -> list[str]:
    lines = _lines(f"{title}:", values)
    if ub:
        return [*lines, "  (undefined behavior)"]
    return lines + [f"  return {r.name} = {r.text}" for r in results]


def human_result(result: PairResult, verbose: bool = False) -> str:
    head = f"{result.name} ({result.file}): {result.verdict}"
    details = f"\n  memory: {result.memory}" if verbose and result.memory else ""
    if result.verdict == CORRECT:
        bounded = f" (bounded: {result.reason})" if result.bounded else ""
        if verbose and result.reason and not result.bounded:  # e.g. lockstep, a width class
            details = f"\n  proof: {result.reason}{details}"
        return f"{head}{bounded}  [{result.time_s * 1000:.0f} ms]{details}"
    lines = [head]
    cex = result.counterexample
    if result.verdict == INCORRECT and cex is not None:
        lines.append(f"ERROR: {result.reason}")
        lines.append("")
        where = f" (index width {cex.index_width})" if cex.index_matters else ""
        lines += _lines(f"Example{where}:", cex.inputs) + _memory_lines(cex)
        lines += _side("Source", cex.source, cex.source_ub, cex.source_results)
        if cex.memory is not None and not cex.source_ub:
            lines += _final_lines(cex.memory.source_final)
        lines += _side("Target", cex.target, cex.target_ub, cex.target_results)
        if cex.memory is not None and not cex.target_ub:
            lines += _final_lines(cex.memory.target_final)
        lines.append(f"Replay: {cex.replay}")
        if len(result.failed_widths) > 1:
            lines.append(f"Fails at: {'; '.join(result.failed_widths)}")
    else:
        lines.append(f"  reason: {result.reason}")
    return "\n".join(lines) + details


def count_of(n: int, noun: str, plural: str = "") -> str:
    """`1 pair`, `2 pairs` (`plural` for a noun that does not just take an s)."""
    return f"{n} {noun}" if n == 1 else f"{n} {plural or noun + 's'}"


def human_summary(results: Sequence[PairResult]) -> str:
    counts = summary_counts(results)
    return (
        f"Summary: {count_of(len(results), 'pair')}: {counts[CORRECT]} correct, "
        f"{counts[INCORRECT]} incorrect, {counts[UNKNOWN]} unknown"
    )
