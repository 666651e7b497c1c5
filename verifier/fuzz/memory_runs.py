"""Runs of a program with memref and tensor arguments, both ways, for `--self-check`.

The memref and linalg program kinds (`irproof.memory_strategies`,
`irproof.linalg_strategies`) take statically shaped memrefs and tensors besides scalars.
An *input* is then, per argument, a scalar (unsigned int, None = poison) or the row-major
contents of a buffer or tensor (a tuple of such scalars). Each memref argument gets a block
of its own (no aliasing), exactly as big as its identity-layout view.

`smt_run` lowers the function with irproof's SMT semantics over inputs declared as SMT
variables and arrays (constrained to the given values, so that nothing folds away) and
reads the outcome back from a Z3 model; `concrete_run` runs it on the concrete
interpreter. The outcome is `UB`, or the results (a tensor result as its row-major
elements) and the final contents of every memref argument's block (None: the block is
dead): both sides must agree on all of it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import z3
from xdsl.dialects import smt
from xdsl.dialects.builtin import MemRefType, ModuleOp, NoneAttr, TensorType
from xdsl.ir import Attribute, Block, Region

from irproof.dialects.smt.z3_backend import translate_module
from irproof.semantics.builder import IRBuilder, Pair, SMTBuilder, Term
from irproof.semantics.concrete.interpreter import run_function
from irproof.semantics.concrete.memory import ConcreteMemory, add_globals, contiguous_view
from irproof.semantics.concrete.registry import UnsupportedOp as ConcreteUnsupported
from irproof.semantics.concrete.tensor_value import ConcreteTensor
from irproof.semantics.concrete.values import POISON, ConcreteScalar, Poison
from irproof.semantics.globals import declare_globals
from irproof.semantics.lowering import (
    DEFAULT_UNROLL,
    LoweringContext,
    UnsupportedOp,
    find_function,
    lower_function,
)
from irproof.semantics.memory import Block as MemoryBlock
from irproof.semantics.memory import Contents, Memory, MemRef, new_block
from irproof.semantics.memory import contiguous_view as smt_view
from irproof.semantics.registry import SEMANTICS_RULES
from irproof.semantics.tensor_value import Tensor
from irproof.semantics.widths import TypeWidths

assert SEMANTICS_RULES

UB = "UB"
Scalar = int | None
Input = Scalar | tuple[Scalar, ...]
"""A scalar argument, or the row-major contents of a memref or tensor argument."""
Result = Scalar | tuple[Scalar, ...]


@dataclass(frozen=True)
class MemoryOutcome:
    """What a run that did not hit UB gives: the results and the final memory."""

    results: tuple[Result, ...]
    memory: tuple[tuple[int, tuple[Scalar, ...] | None], ...]
    """Per memref argument (in order): its position and its block's final contents (None:
    the block is dead)."""


Outcome = str | MemoryOutcome
"""`UB`, or a `MemoryOutcome`."""


class Unsupported(Exception):
    """A function this module cannot run (a memref result, a dynamic shape, a layout)."""


def _shape(typ: Attribute) -> tuple[int, ...]:
    assert isinstance(typ, MemRefType | TensorType)
    shape = tuple(typ.get_shape())
    if any(d < 0 for d in shape):
        raise Unsupported(f"an argument or result of dynamic shape: {typ}")
    return shape


def _positions(shape: Sequence[int]) -> list[tuple[int, ...]]:
    return list(itertools.product(*(range(d) for d in shape)))


def _count(shape: Sequence[int]) -> int:
    total = 1
    for d in shape:
        total *= d
    return total


def _check_input(typ: Attribute, value: Input) -> None:
    if isinstance(typ, MemRefType | TensorType):
        if isinstance(typ, MemRefType) and not isinstance(typ.layout, NoneAttr):
            raise Unsupported(f"a memref argument with a layout: {typ}")
        if not isinstance(value, tuple) or len(value) != _count(_shape(typ)):
            raise ValueError(f"argument of type {typ} needs its contents, not {value!r}")
    elif isinstance(value, tuple):
        raise ValueError(f"argument of type {typ} is a scalar, not {value!r}")


# --- the SMT semantics ------------------------------------------------------------------


def _declared_contents(
    b: SMTBuilder, name: str, values: Sequence[Scalar], width: int, index_width: int
) -> tuple[Contents, Contents]:
    """Fresh arrays of element values and poison flags, constrained to `values`."""
    array = b.declare_array(name, index_width, width)
    poison = b.declare_array(f"{name}_poison", index_width, None)
    for k, value in enumerate(values):
        at = b.bv_const(k, index_width)
        b.assert_(b.eq(b.select(array, at), b.bv_const(value or 0, width)))
        b.assert_(b.eq(b.select(poison, at), b.bool_const(value is None)))
    return Contents(b, array, index_width), Contents(b, poison, index_width)


def smt_run(
    module: ModuleOp,
    name: str,
    args: Sequence[Input],
    index_width: int,
    unroll: int = DEFAULT_UNROLL,
) -> Outcome | None:
    """`@name` run on `args` under irproof's SMT semantics (through Z3); None when a loop ran
    past the unrolling bound."""
    function = find_function(module, name)
    if function is None:
        raise UnsupportedOp(f"no function @{name}")
    block = Block()
    b = IRBuilder(block)
    widths = TypeWidths(index_width)
    ctx = LoweringContext(b, widths, module, unroll=unroll)
    ctx.memory = Memory()
    declare_globals(b, module, ctx.memory, widths)
    lowered_args: list[object] = []
    argument_blocks: list[tuple[int, MemoryBlock]] = []
    for position, (arg, value) in enumerate(zip(function.body.blocks[0].args, args, strict=True)):
        typ = arg.type
        _check_input(typ, value)
        if isinstance(typ, MemRefType | TensorType):
            assert isinstance(value, tuple)
            element = typ.get_element_type()
            width = ctx.width(element)
            shape = _shape(typ)
            contents = _declared_contents(b, f"arg{position}", value, width, index_width)
            sizes = tuple(b.bv_const(d, index_width) for d in shape)
            if isinstance(typ, TensorType):
                lowered_args.append(Tensor(element, width, sizes, *contents))
                continue
            size = b.bv_const(len(value), index_width)
            blk = new_block(
                b,
                ctx.memory,
                element,
                width,
                size,
                index_width,
                f"%arg{position}",
                "argument",
                contents,
            )
            argument_blocks.append((position, blk))
            lowered_args.append(smt_view(b, blk, sizes))
            continue
        width = ctx.width(typ)
        declared = b.declare(f"arg{position}", smt.BitVectorType(width))
        b.assert_(b.eq(declared, b.bv_const(value or 0, width)))
        lowered_args.append(Pair(declared, b.bool_const(value is None)))
    lowered = lower_function(ctx, function, lowered_args)  # type: ignore[arg-type]
    assert lowered.memory is not None and lowered.exceeded is not None
    # Every term to read back is built before the module is translated.
    results: list[Pair | list[Pair]] = []
    for value, typ in zip(lowered.results, function.function_type.outputs.data, strict=True):
        if isinstance(value, Tensor):
            indices = [[b.bv_const(i, index_width) for i in p] for p in _positions(_shape(typ))]
            results.append([value.read(b, i) for i in indices])
        elif isinstance(value, MemRef):
            raise Unsupported(f"a memref result: {typ}")
        else:
            assert isinstance(value, Pair)
            results.append(value)
    final: list[tuple[int, Term, list[Pair]]] = []
    for position, blk in argument_blocks:
        after = lowered.memory.blocks[blk.id]
        size = b.known_bv(blk.size)
        assert size is not None
        offsets = [b.bv_const(k, index_width) for k in range(size)]
        elements = [Pair(after.values.read(o), after.poison.read(o)) for o in offsets]
        final.append((position, after.alive, elements))
    translator = translate_module(ModuleOp(Region(block)))
    solver = z3.Solver()
    solver.add(*translator.assertions)
    assert solver.check() == z3.sat
    model = solver.model()

    def true(term: Term) -> bool:
        return z3.is_true(model.eval(translator.term(term), model_completion=True))

    def scalar(pair: Pair) -> Scalar:
        if true(pair.poison):
            return None
        return model.eval(translator.term(pair.value), model_completion=True).as_long()  # type: ignore[attr-defined]

    if true(lowered.exceeded):
        return None
    if true(lowered.ub):
        return UB
    return MemoryOutcome(
        tuple(tuple(map(scalar, r)) if isinstance(r, list) else scalar(r) for r in results),
        tuple(
            (position, tuple(map(scalar, elements)) if true(alive) else None)
            for position, alive, elements in final
        ),
    )


# --- the concrete interpreter -----------------------------------------------------------


def _concrete(value: Scalar) -> ConcreteScalar:
    return POISON if value is None else value


def _scalar(value: object) -> Scalar:
    if isinstance(value, Poison):
        return None
    assert isinstance(value, int)
    return value


def concrete_run(module: ModuleOp, name: str, args: Sequence[Input], index_width: int) -> Outcome:
    """`@name` run on `args` by the concrete interpreter (raises its `UnsupportedOp`)."""
    function = find_function(module, name)
    if function is None:
        raise ConcreteUnsupported("func.func", f"no function @{name}")
    widths = TypeWidths(index_width)
    memory = ConcreteMemory()
    add_globals(module, memory, widths)
    values: list[object] = []
    blocks: list[tuple[int, int]] = []
    for position, (arg, value) in enumerate(zip(function.body.blocks[0].args, args, strict=True)):
        typ = arg.type
        _check_input(typ, value)
        if not isinstance(typ, MemRefType | TensorType):
            values.append(_concrete(value))  # type: ignore[arg-type]
            continue
        assert isinstance(value, tuple)
        element = typ.get_element_type()
        width = widths.width(element)
        assert width is not None
        contents = [_concrete(v) for v in value]
        if isinstance(typ, TensorType):
            values.append(ConcreteTensor(element, width, _shape(typ), tuple(contents)))
            continue
        blk = memory.allocate(
            element, width, len(contents), "argument", f"%arg{position}", contents
        )
        blocks.append((position, blk.id))
        values.append(contiguous_view(blk, _shape(typ), index_width))
    run = run_function(module, name, values, index_width, memory=memory)  # type: ignore[arg-type]
    if run.ub is not None:
        return UB
    results: list[Result] = []
    for result in run.results:
        if isinstance(result, ConcreteTensor):
            results.append(tuple(_scalar(v) for v in result.values))
        else:
            results.append(_scalar(result))
    final = tuple(
        (position, tuple(map(_scalar, memory.blocks[k].values)) if memory.blocks[k].alive else None)
        for position, k in blocks
    )
    return MemoryOutcome(tuple(results), final)


def show_input(value: Input) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(show_input(v) for v in value) + "]"
    return "poison" if value is None else f"{value} ({value:#x})"


def show_outcome(outcome: Outcome) -> str:
    if isinstance(outcome, str):
        return outcome
    results = ", ".join(show_input(r) for r in outcome.results)
    memory = ", ".join(
        f"%arg{position} " + ("dead" if m is None else show_input(m))
        for position, m in outcome.memory
    )
    return f"results ({results})" + (f"; memory {memory}" if memory else "")
