"""Symbolic constants by CEGIS (counterexample-guided inductive synthesis).

A *skeleton* is a candidate target with holes (`?c0`, ...): constants still to be chosen.
Instead of one exists-forall query, CEGIS alternates two quantifier-free steps:

1. synthesis: find hole values with which the skeleton refines the source on a finite set
   of concrete input rows (Z3; the skeleton is lowered by irproof's own semantics rules,
   `irproof.semantics.lowering`, once per row, with the row's inputs as constants and the
   holes as variables, so Z3 sees only the holes);
2. verification: the skeleton with those constants goes to irproof's verifier for all
   inputs (`irproof.synth.check`). Correct: done. A counterexample: its inputs become one
   more row, and back to 1. No hole values for the rows: the skeleton is impossible.

The source's values on the rows come from irproof's concrete interpreter (the caller's
fingerprint), so the query per row is: source UB, or the target has no UB and (source
poison, or target not poison and equal) -- the refinement of DESIGN.md on one input.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import z3
from xdsl.dialects import func, smt

from irproof.loading import parse_module
from irproof.semantics.builder import Pair, Z3Builder
from irproof.semantics.lowering import LoweringContext, UnsupportedOp, lower_function
from irproof.semantics.registry import SEMANTICS_RULES
from irproof.semantics.widths import TypeWidths
from irproof.synth.check import Checked
from irproof.synth.evaluate import Rows, Vector, type_width
from irproof.synth.ops import UB
from irproof.synth.program import Expr, Signature, const, function_text

assert SEMANTICS_RULES  # every rule module is imported

MAX_ROUNDS = 8
INITIAL_ROWS = 8


@dataclass
class CegisOutcome:
    expr: Expr | None
    """The skeleton with its holes filled, when verified."""
    checked: Checked | None
    rounds: int
    reason: str = ""


Verify = Callable[[Expr], Checked]
"""Verifies a hole-free candidate for all inputs (and returns the counterexample row)."""


def _initial_rows(source: Vector, count: int) -> list[int]:
    """Rows where the source is defined, spread over the rows (they constrain the holes),
    then two where it is poison."""
    defined = [r for r, v in enumerate(source) if v not in (UB, None)]
    other = [r for r, v in enumerate(source) if v is None]
    step = max(1, len(defined) // count)
    return defined[::step][:count] + other[:2]


def solve(
    skeleton: Expr,
    signature: Signature,
    rows: Rows,
    source: Vector,
    source_row: Callable[[Sequence[int | None]], object],
    verify: Verify,
    timeout_s: float = 2.0,
    deadline: float | None = None,
    learned: list[tuple[tuple[int | None, ...], object]] | None = None,
) -> CegisOutcome:
    """Find constants for the holes of `skeleton` that make it refine the source.

    `source_row(inputs)` runs the source on a new row (a counterexample's inputs) and
    returns its element (int, None for poison, `UB`). `learned` holds (inputs, source
    element) rows from earlier counterexamples: they start as samples, and this run's
    counterexamples are appended to it (so the next skeleton starts from them too)."""
    holes = skeleton.holes()
    text = function_text("skeleton", signature, skeleton, holes=holes)
    try:
        module = parse_module("<cegis>", text)
    except Exception as error:
        raise AssertionError(f"skeleton does not parse: {error}\n{text}") from None
    function = next(op for op in module.ops if isinstance(op, func.FuncOp))
    b = Z3Builder()
    widths = TypeWidths(rows.index_width)
    hole_vars = [
        b.declare(f"c{h.attr}", smt.BitVectorType(type_width(h.type, {}, rows.index_width)))
        for h in holes
    ]
    solver = z3.SolverFor("QF_BV")
    solver.set("timeout", int(timeout_s * 1000))
    learned = [] if learned is None else learned
    samples: list[tuple[tuple[int | None, ...], object]] = [
        (rows.inputs[r], source[r]) for r in _initial_rows(source, INITIAL_ROWS)
    ] + learned
    added = 0
    for rounds in range(1, MAX_ROUNDS + 1):
        try:
            for inputs, expected in samples[added:]:
                solver.add(
                    _row_condition(
                        b, module, function, widths, signature, inputs, expected, hole_vars
                    )
                )
        except UnsupportedOp as error:
            return CegisOutcome(None, None, rounds, f"unsupported: {error}")
        added = len(samples)
        if deadline is not None and time.monotonic() > deadline:
            return CegisOutcome(None, None, rounds, "timeout")
        status = solver.check()
        if status == z3.unsat:
            return CegisOutcome(None, None, rounds, "no constants fit the samples")
        if status != z3.sat:
            return CegisOutcome(None, None, rounds, "solver unknown")
        model = solver.model()
        values = {
            h: model.eval(v, model_completion=True).as_long()  # type: ignore[union-attr]
            for h, v in zip(holes, hole_vars, strict=True)
        }
        candidate = skeleton.substitute(
            {h: const(_signed(v, h.type), h.type) for h, v in values.items()}
        )
        checked = verify(candidate)
        if checked.verdict == "correct":
            return CegisOutcome(candidate, checked, rounds)
        if checked.inputs is None:
            return CegisOutcome(None, checked, rounds, checked.result.reason or checked.verdict)
        row = (tuple(checked.inputs), source_row(checked.inputs))
        samples.append(row)
        learned.append(row)
        solver.add(z3.Or(*(v != values[h] for h, v in zip(holes, hole_vars, strict=True))))
    return CegisOutcome(None, None, MAX_ROUNDS, f"no verified constants in {MAX_ROUNDS} rounds")


def _signed(value: int, type_: str) -> int:
    if type_ in ("index", "i1"):
        return value
    width = int(type_[1:])
    return value - (1 << width) if value >> (width - 1) else value


def _row_condition(
    b: Z3Builder,
    module: object,
    function: func.FuncOp,
    widths: TypeWidths,
    signature: Signature,
    inputs: Sequence[int | None],
    expected: object,
    hole_vars: list[z3.BitVecRef],
) -> z3.BoolRef:
    """The skeleton refines the source's `expected` element on this row."""
    if expected == UB:
        return z3.BoolVal(True)
    args: list[Pair] = []
    for value, type_ in zip(inputs, signature.arg_types, strict=True):
        width = type_width(type_, {}, widths.index_width)
        if value is None:
            args.append(Pair(b.bv_const(0, width), b.true()))
        else:
            args.append(Pair(b.bv_const(value, width), b.false()))
    args += [Pair(v, b.false()) for v in hole_vars]
    ctx = LoweringContext(b, widths, module)  # type: ignore[arg-type]
    lowered = lower_function(ctx, function, args)
    result = lowered.results[0]
    no_ub = z3.Not(lowered.ub)
    if expected is None:
        return no_ub
    assert isinstance(expected, int)
    equal = result.value == z3.BitVecVal(expected, result.value.size())
    return z3.And(no_ub, z3.Not(result.poison), equal)
