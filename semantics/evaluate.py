"""Evaluates the SMT semantics of a function on concrete inputs (through Z3).

This is the SMT side of the differential tests against the concrete interpreter: the
function is lowered over inputs declared as SMT variables (so that nothing folds away and
every op goes through the emitted semantics IR), the inputs are constrained to the given
values, and every result is read back from a Z3 model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import z3
from xdsl.dialects import smt
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Block, Region

from irproof.dialects.smt.z3_backend import translate_module
from irproof.semantics.builder import IRBuilder, Pair
from irproof.semantics.globals import declare_globals
from irproof.semantics.lowering import (
    DEFAULT_UNROLL,
    LoweringContext,
    UnsupportedOp,
    find_function,
    lower_function,
)
from irproof.semantics.memory import Memory
from irproof.semantics.registry import SEMANTICS_RULES
from irproof.semantics.widths import TypeWidths

assert SEMANTICS_RULES


@dataclass
class SemanticsRun:
    """Results (None = poison, else unsigned int) and whether UB happened (then results = []);
    `exceeded` when a loop ran past the unrolling bound (then nothing else is meaningful)."""

    results: list[int | None]
    ub: bool
    exceeded: bool = False


def evaluate_function(
    module: ModuleOp,
    name: str,
    args: Sequence[int | None],
    index_width: int,
    unroll: int = DEFAULT_UNROLL,
) -> SemanticsRun:
    """Run `@name` on `args` (None = poison) under irproof's SMT semantics."""
    function = find_function(module, name)
    if function is None:
        raise UnsupportedOp(f"no function @{name}")
    block = Block()
    b = IRBuilder(block)
    ctx = LoweringContext(b, TypeWidths(index_width), module, unroll=unroll)
    ctx.memory = Memory()  # for the buffers the function makes (its arguments are scalars)
    declare_globals(b, module, ctx.memory, ctx.widths)
    pairs = []
    for position, (arg, value) in enumerate(zip(function.body.blocks[0].args, args, strict=True)):
        width = ctx.width(arg.type)
        declared = b.declare(f"arg{position}", smt.BitVectorType(width))
        b.assert_(b.eq(declared, b.bv_const(value or 0, width)))
        pairs.append(Pair(declared, b.bool_const(value is None)))
    lowered = lower_function(ctx, function, pairs)
    translator = translate_module(ModuleOp(Region(block)))
    solver = z3.Solver()
    solver.add(*translator.assertions)
    assert solver.check() == z3.sat
    model = solver.model()

    def read(term: z3.ExprRef) -> z3.ExprRef:
        return model.eval(term, model_completion=True)

    assert lowered.exceeded is not None
    if z3.is_true(read(translator.term(lowered.exceeded))):
        return SemanticsRun([], False, exceeded=True)
    if z3.is_true(read(translator.term(lowered.ub))):
        return SemanticsRun([], True)
    results: list[int | None] = []
    for pair in lowered.results:
        if z3.is_true(read(translator.term(pair.poison))):
            results.append(None)
        else:
            results.append(read(translator.term(pair.value)).as_long())  # type: ignore[attr-defined]
    return SemanticsRun(results, False)
