"""Replays a counterexample on the concrete interpreter (written apart from the SMT rules).

A counterexample is confirmed only when the interpreter, run on the same inputs, shows the
same failed condition on the same result. Anything else is reported as `unknown`.

Where the semantics leaves choices open (`irproof.semantics.nondet`: `nsz`, `maxnumf` of
±0, NaN bits) the target is run with the choices the solver made, and the source with every
combination of its own: each must fail (`irproof.verifier.nondet_replay`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from xdsl.dialects.builtin import ModuleOp
from xdsl.dialects.func import FuncOp
from xdsl.ir import Attribute

from irproof.semantics.concrete.interpreter import (
    MAX_STEPS,
    ConcreteRun,
    UnsupportedOp,
    run_function,
)
from irproof.semantics.concrete.nondet import choices
from irproof.semantics.concrete.values import POISON, ConcreteValue, Poison
from irproof.verifier.counterexample import Counterexample
from irproof.verifier.nondet_replay import (
    all_behaviours,
    reads_nan_bits,
    same_value,
    target_oracle,
)


def _result_types(module: ModuleOp, name: str) -> list[Attribute]:
    for op in module.ops:
        if isinstance(op, FuncOp) and op.sym_name.data == name:
            return list(op.function_type.outputs.data)
    return []


def _concrete_failure(
    src: ConcreteRun, tgt: ConcreteRun, types: Sequence[Attribute] = ()
) -> tuple[str, int | None] | None:
    """The first refinement condition that fails concretely, in ub → poison → value →
    memory order (`types`: the result types, for float equality; integers compare by
    value; memrefs by contents)."""
    from irproof.semantics.concrete.memory import ConcreteView
    from irproof.semantics.concrete.tensor_value import ConcreteTensor
    from irproof.verifier.memory_replay import memory_fails, tensor_fails, view_fails

    if src.ub is not None:
        return None
    if tgt.ub is not None:
        return ("ub", None)
    pairs = list(zip(src.results, tgt.results, strict=True))
    for i, (s, t) in enumerate(pairs):
        if isinstance(s, ConcreteView):
            continue
        if not isinstance(s, Poison) and isinstance(t, Poison):
            return ("poison", i)
    for i, (s, t) in enumerate(pairs):
        typ = types[i] if i < len(types) else None
        if isinstance(s, ConcreteTensor):  # element by element; a bufferized target's buffer
            if tensor_fails(s, t, getattr(tgt, "memory", None)):
                return ("value", i)
            continue
        if isinstance(s, ConcreteView):
            src_memory, tgt_memory = getattr(src, "memory", None), getattr(tgt, "memory", None)
            assert src_memory is not None and tgt_memory is not None
            if view_fails(s, t, src_memory, tgt_memory, s.element):
                return ("value", i)
            continue
        if not isinstance(s, Poison) and not isinstance(t, Poison) and not same_value(typ, s, t):
            return ("value", i)
    src_memory, tgt_memory = getattr(src, "memory", None), getattr(tgt, "memory", None)
    if src_memory is not None and tgt_memory is not None and memory_fails(src_memory, tgt_memory):
        return ("memory", None)
    return None


def _memory_and_arguments(
    module: ModuleOp, source: str, cex: Counterexample, scalars: list[ConcreteValue]
) -> tuple[Any, list[object], list[object]]:
    """The memory the runs start from (None: the interpreter makes its own) and the
    arguments of the source and of the target in order: memref views and tensors among the
    scalars (a bufferized target gets buffers for the source's tensors)."""
    if cex.memory is None:
        return None, list(scalars), list(scalars)
    from irproof.verifier.memory_replay import rebuild

    if not cex.memory.complete:
        raise UnsupportedOp("memory", "a block of the counterexample is too big to rebuild")
    memory, views, tensors, target_views = rebuild(module, cex.memory, cex.widths)
    function = next(
        op for op in module.ops if isinstance(op, FuncOp) and op.sym_name.data == source
    )
    rest = iter(scalars)
    args: list[object] = []
    for position in range(len(function.body.blocks[0].args)):
        if position in views:
            args.append(views[position])
        elif position in tensors:
            args.append(tensors[position])
        else:
            args.append(next(rest))
    target_args = [target_views.get(n, a) for n, a in enumerate(args)]
    return memory, args, target_args


@dataclass
class ReplayRuns:
    """What a replay judges: every behaviour of the source (None: more than
    `MAX_REPLAY_RUNS`), the target's run with the choices of the counterexample, and the
    source's result types."""

    sources: list[ConcreteRun] | None
    target: ConcreteRun
    types: list[Attribute]


def run_both(
    module: ModuleOp, source: str, target: str, cex: Counterexample, max_steps: int = MAX_STEPS
) -> ReplayRuns:
    """Run both functions on the inputs of `cex` (raises `UnsupportedOp`, and `ValueError`
    for inputs that do not fit the functions' types)."""
    scalars: list[ConcreteValue] = [POISON if i.value is None else i.value for i in cex.inputs]
    widths = cex.widths
    memory, source_args, target_args = _memory_and_arguments(module, source, cex, scalars)

    def run(name: str) -> ConcreteRun:
        args = target_args if name == target else source_args
        fresh = None if memory is None else memory.copy()
        return run_function(
            module, name, args, widths.index_width, widths.variables, max_steps, fresh
        )

    sources = all_behaviours(lambda: run(source))
    with choices(target_oracle(module, cex.target_choices)):
        tgt = run(target)
    return ReplayRuns(sources, tgt, _result_types(module, source))


def replay(module: ModuleOp, source: str, target: str, cex: Counterexample) -> tuple[bool, str]:
    """(confirmed, explanation)."""
    try:
        runs = run_both(module, source, target, cex)
    except UnsupportedOp as error:
        return False, f"replay impossible: {error}"
    return judge(module, source, runs, (cex.failed, cex.result))


def failure_shown(runs: ReplayRuns) -> tuple[str, int | None] | None:
    """The refinement condition the runs' first source behaviour and the target break,
    None if refinement holds on them (or there are too many source behaviours)."""
    if not runs.sources:
        return None
    return _concrete_failure(runs.sources[0], runs.target, runs.types)


def judge(
    module: ModuleOp, source: str, runs: ReplayRuns, expected: tuple[str, int | None]
) -> tuple[bool, str]:
    """(confirmed, explanation): whether the runs show the `expected` failure (kind, result)
    against every behaviour of the source."""
    sources, tgt, types = runs.sources, runs.target, runs.types
    if sources is None:
        return False, "counterexample not confirmed by replay: too many source behaviours"
    src = sources[0]
    found = _concrete_failure(src, tgt, types)
    if found == expected:
        matched = [s for s in sources[1:] if _concrete_failure(s, tgt, types) is None]
        if matched:
            return False, (
                "counterexample not confirmed by replay: another behaviour of the source "
                "(sign of a zero, nsz / maxnumf / minnumf) matches the target"
            )
        if any(reads_nan_bits(module, source, s) for s in sources):
            return False, (
                "counterexample not confirmed by replay: the source bitcasts a NaN, whose "
                "bits are unspecified"
            )
        return True, CONFIRMED
    if found is None:
        what = f"source UB ({src.ub})" if src.ub else "refinement holds on these inputs"
        return False, f"counterexample not confirmed by replay: {what}"
    kind = expected[0]
    return False, (
        f"counterexample not confirmed by replay: the solver found a {kind} failure, "
        f"the interpreter a {found[0]} failure"
    )


CONFIRMED = "confirmed by the concrete interpreter"
"""The explanation of a confirmed replay (reports and tests rely on its start)."""
