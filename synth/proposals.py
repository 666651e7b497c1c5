"""The missed-optimization finder: discovered rewrites that MLIR's `canonicalize` lacks.

Each discovered rewrite's source is put (at the generic type, `i32`) into one module, which
real upstream MLIR canonicalizes (a pass driver of `irproof pipeline`:
`irproof.verifier.drivers`, `mlir` = the MLIR Python bindings in-process, `mlir-opt` = the
native binary). A rewrite is *performed* by MLIR when the canonicalized function costs no
more than the rewrite's target (under the same cost model; what MLIR produced need not be
the same expression), and *missed* otherwise, unless the source is poison for every input
(`Rewrite.degenerate`: any target refines it, and proposing one is noise). Missed rewrites are proposals for upstream:
`write_proposals` puts each into `corpus/proposals/NAME.mlir` as a width-generic pair that
`irproof verify` proves, with the source, the target, the widths proved, what
`canonicalize` left and the MLIR that was asked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from xdsl.dialects import func

from irproof.loading import parse_module
from irproof.synth import cost as costs
from irproof.synth.discover import Rewrite
from irproof.verifier.drivers import Driver, DriverError, make_driver
from irproof.verifier.pass_pipeline import split_pipeline
from irproof.writing import write_atomic

CANONICALIZE = "builtin.module(canonicalize)"


@dataclass
class Verdict:
    rewrite: Rewrite
    missed: bool
    mlir_cost: costs.Cost | None
    mlir_text: str
    """The function as `canonicalize` left it."""


def _function_texts(module_text: str) -> dict[str, str]:
    """func.func texts of an MLIR module as printed, by name (one function per block of
    lines from `func.func @NAME` to its closing brace)."""
    found: dict[str, str] = {}
    lines = module_text.splitlines()
    for i, line in enumerate(lines):
        match = re.match(r"\s*func\.func (?:\w+ )?@([\w.$]+)\(", line)
        if not match:
            continue
        indent = len(line) - len(line.lstrip())
        body = [line[indent:]]
        for other in lines[i + 1 :]:
            body.append(other[indent:] if len(other) >= indent else other.strip())
            if other.strip() == "}" and len(other) - len(other.lstrip()) == indent:
                break
        found[match.group(1)] = "\n".join(body)
    return found


def check_rewrites(
    rewrites: Sequence[Rewrite],
    driver: Driver | str = "mlir",
    model: str = "ops",
    mlir_opt: str | None = None,
) -> list[Verdict]:
    """Canonicalize every rewrite's source with real MLIR and compare the costs."""
    if not rewrites:
        return []
    runner = make_driver(driver, mlir_opt) if isinstance(driver, str) else driver
    module = "\n".join(r.source_text for r in rewrites)
    step = split_pipeline(CANONICALIZE)[0]
    try:
        output = runner.run(f"module {{\n{module}\n}}\n", step)
    except DriverError as error:
        raise DriverError(f"canonicalize ({runner.name}): {error}") from None
    parsed = parse_module("<canonicalize>", output)
    functions = {op.sym_name.data: op for op in parsed.ops if isinstance(op, func.FuncOp)}
    texts = _function_texts(output)
    verdicts: list[Verdict] = []
    for rewrite in rewrites:
        name = f"{rewrite.name}_src"
        function = functions.get(name)
        if function is None:
            verdicts.append(Verdict(rewrite, True, None, ""))
            continue
        mlir_cost = costs.cost_of_ops(
            (op.name for op in function.walk() if op is not function), model
        )
        missed = mlir_cost > rewrite.cost and not rewrite.degenerate
        verdicts.append(Verdict(rewrite, missed, mlir_cost, texts.get(name, "")))
    return verdicts


def _widths_text(widths: Sequence[int]) -> str:
    if not widths:
        return "none"
    ranges: list[str] = []
    start = previous = widths[0]
    for w in [*widths[1:], None]:
        if w is not None and w == previous + 1:
            previous = w
            continue
        ranges.append(f"{start}" if start == previous else f"{start}-{previous}")
        if w is not None:
            start = previous = w
    return ",".join(ranges)


def proposal_text(verdict: Verdict, mlir: str, model: str = "ops") -> str:
    r = verdict.rewrite
    mlir_lines = [f"//   {line}" for line in verdict.mlir_text.splitlines()] or ["//   (missing)"]
    header = [
        f"// Proposal {r.name}: {r.show()}",
        f"// Cost ({model}): {costs.show(r.source_cost, model)} -> {costs.show(r.cost, model)};"
        f" MLIR canonicalize leaves {costs.show(verdict.mlir_cost, model) if verdict.mlir_cost else '?'}.",
        f"// Widths proved: {_widths_text(r.widths)} (irproof verify, poison inputs,"
        " width-generic pair below).",
        f"// Found by `irproof synth --discover`; canonicalize run with {mlir}:",
        *mlir_lines,
        f"// EXPECT {r.name}: correct",
    ]
    return "\n".join(header) + "\n" + r.pair_text


def write_proposals(
    verdicts: Sequence[Verdict], directory: str | Path, mlir: str, model: str = "ops"
) -> list[Path]:
    """One file per missed rewrite (atomically); returns the paths written."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for verdict in verdicts:
        if not verdict.missed:
            continue
        path = out / f"{verdict.rewrite.name}.mlir"
        write_atomic(str(path), proposal_text(verdict, mlir, model))
        written.append(path)
    return written


def mlir_description(driver: str) -> str:
    """Which MLIR ran canonicalize (for the proposal headers)."""
    if driver == "mlir":
        try:
            import importlib.metadata

            return f"torch-mlir {importlib.metadata.version('torch-mlir')} bindings"
        except Exception:
            return "the MLIR Python bindings"
    return driver
