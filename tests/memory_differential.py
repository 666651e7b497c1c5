"""What the memory differential tests share: run a scalar-in/scalar-out program (which makes
its own buffers and tensors) through the SMT semantics and through the concrete interpreter.

`smt_outcome` lowers `@f` with a memory and reads the outcome back from a Z3 model;
`concrete_outcome` runs it on Python ints. An outcome is `UB` or the tuple of results
(None = poison).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import z3
from xdsl.dialects import smt
from xdsl.dialects.builtin import IndexType, ModuleOp
from xdsl.ir import Block, Region

from irproof.dialects.smt.z3_backend import translate_module
from irproof.semantics.builder import IRBuilder, Pair
from irproof.semantics.concrete.interpreter import run_function
from irproof.semantics.concrete.values import POISON, ConcreteValue, Poison
from irproof.semantics.lowering import LoweringContext, find_function, lower_function
from irproof.semantics.memory import Memory
from irproof.semantics.registry import SEMANTICS_RULES
from irproof.semantics.widths import TypeWidths
from irproof.verifier.memory_inputs import declare_globals

assert SEMANTICS_RULES

INDEX_WIDTHS = (32, 64)
UB = "UB"
INPUTS_PER_PROGRAM = 8
"""Random inputs per (program, index width), besides the listed ones."""

Outcome = str | tuple[int | None, ...]


def smt_outcome(module: ModuleOp, args: Sequence[int | None], index_width: int) -> Outcome:
    """`evaluate_function`'s reading, with a memory (for the buffers the program makes)."""
    function = find_function(module, "f")
    assert function is not None
    block = Block()
    b = IRBuilder(block)
    ctx = LoweringContext(b, TypeWidths(index_width), module)
    ctx.memory = Memory()
    declare_globals(b, module, ctx.memory, ctx.widths)
    pairs = []
    for n, (arg, value) in enumerate(zip(function.body.blocks[0].args, args, strict=True)):
        width = ctx.width(arg.type)
        declared = b.declare(f"arg{n}", smt.BitVectorType(width))
        b.assert_(b.eq(declared, b.bv_const(value or 0, width)))
        pairs.append(Pair(declared, b.bool_const(value is None)))
    lowered = lower_function(ctx, function, pairs)
    translator = translate_module(ModuleOp(Region(block)))
    solver = z3.Solver()
    solver.add(*translator.assertions)
    assert solver.check() == z3.sat
    model = solver.model()

    def true(term: object) -> bool:
        return z3.is_true(model.eval(translator.term(term), model_completion=True))

    assert lowered.exceeded is not None and not true(lowered.exceeded)
    if true(lowered.ub):
        return UB
    return tuple(
        None
        if true(pair.poison)
        else model.eval(translator.term(pair.value), model_completion=True).as_long()
        for pair in lowered.results
    )


def concrete_outcome(module: ModuleOp, args: Sequence[int | None], index_width: int) -> Outcome:
    values: list[ConcreteValue] = [POISON if a is None else a for a in args]
    run = run_function(module, "f", values, index_width)
    if run.ub is not None:
        return UB
    return tuple(None if isinstance(v, Poison) else v for v in run.results)  # type: ignore[misc]


def random_value(rng: random.Random, typ: object, index_width: int) -> int | None:
    if rng.random() < 0.08:
        return None
    if isinstance(typ, IndexType):
        return rng.choice([0, 0, 1, 1, 2, 2, 3, 4, 5, (1 << index_width) - 1])
    width = typ.width.data  # type: ignore[attr-defined]
    return rng.choice([0, 1, 2, 3, 127, 128, 255, rng.randrange(1 << width)]) & ((1 << width) - 1)
