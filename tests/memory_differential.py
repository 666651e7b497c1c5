"""What the memory differential tests share: run a scalar-in/scalar-out program (which makes
its own buffers and tensors) through the SMT semantics and through the concrete interpreter.

`smt_outcome` lowers `@f` with a memory and reads the outcome back from a Z3 model;
`concrete_outcome` runs it on Python ints. An outcome is `UB` or the tuple of results
(None = poison).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from xdsl.dialects.builtin import IndexType, ModuleOp

from irproof.semantics.concrete.interpreter import run_function
from irproof.semantics.concrete.values import POISON, ConcreteValue, Poison
from irproof.semantics.evaluate import evaluate_function
from irproof.semantics.registry import SEMANTICS_RULES

assert SEMANTICS_RULES

INDEX_WIDTHS = (32, 64)
UB = "UB"
INPUTS_PER_PROGRAM = 8
"""Random inputs per (program, index width), besides the listed ones."""

Outcome = str | tuple[int | None, ...]


def smt_outcome(module: ModuleOp, args: Sequence[int | None], index_width: int) -> Outcome:
    """The SMT semantics' outcome (`evaluate_function`, which gives the program a memory)."""
    run = evaluate_function(module, "f", args, index_width)
    assert not run.exceeded
    return UB if run.ub else tuple(run.results)


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
