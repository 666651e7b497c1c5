"""Differential tests: irproof's SMT semantics against its concrete interpreter.

The two were written separately from the MLIR documentation: `evaluate_function` lowers a
function to SMT and reads the results back from a Z3 model, `run_function` executes it on
Python integers. On every generated function and input (poison included), at index widths
32 and 64, both must agree exactly: UB or not, and every result's value and poison-ness.
A disagreement is a bug in one of the two semantics, never a test to adjust.

The edge-value table at the end also states the outcome the MLIR (and, where MLIR is
silent, LLVM LangRef) documentation gives, worked out by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from irproof import strategies as gen
from irproof.control_flow_strategies import (
    CONTROL_FLOW_OP_NAMES,
    affine_map_functions,
    control_flow_functions,
)
from irproof.loading import parse_module
from irproof.semantics.arith_float import FLOAT_OPS
from irproof.semantics.concrete.interpreter import CONCRETE_RULES, run_function
from irproof.semantics.concrete.values import POISON, Poison
from irproof.semantics.evaluate import evaluate_function
from irproof.semantics.registry import SUPPORTED_OPS

INDEX_WIDTHS = (32, 64)
UB = "UB"
"""The outcome of a run that hit undefined behaviour."""
EXCEEDED = "EXCEEDED"
"""The SMT outcome of a run whose loops went past the unrolling bound (nothing to compare)."""

Outcome = str | tuple[int | None, ...]
"""`UB`, or every result (None = poison) of a run."""

MEMORY_OPS = frozenset(
    name
    for name in SUPPORTED_OPS
    if name.split(".")[0] in ("memref", "tensor", "linalg", "bufferization")
    or name in ("affine.load", "affine.store")
)
"""Ops on memory and tensors: their programs need buffers and shapes, and have their own
differential tests (tests/test_memref_differential.py, tests/test_tensor_linalg_differential.py)."""

AFFINE_INDEX_OPS = frozenset({"affine.delinearize_index", "affine.linearize_index"})
"""Their bases and multiple results need their own generator (tests/test_affine_index.py)."""

NOT_GENERATED = frozenset({"func.call", "func.return"}) | FLOAT_OPS | MEMORY_OPS | AFFINE_INDEX_OPS
"""Ops with semantics that no generator produces as such (a callee is needed; every
generated function returns; float ops have their own generator, in
tests/test_float_differential.py; memory ops and the affine index ops have theirs)."""

GENERATED_OPS = sorted(SUPPORTED_OPS - NOT_GENERATED - set(CONTROL_FLOW_OP_NAMES))
"""Ops the single-op generator produces (control-flow ops come in whole programs)."""

SINGLE_OP_EXAMPLES = 40
"""Examples per (op, index width) pair."""

PROGRAM_EXAMPLES = 250
"""Examples per index width of the straight-line program test."""

CONTROL_FLOW_EXAMPLES = 60
"""Examples per index width of the control-flow program test (each is a bigger program)."""

AFFINE_MAP_EXAMPLES = 150
"""Examples per index width of the affine map test."""

differential = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- Running both semantics -----------------------------------------------------------------


def smt_outcome(text: str, args: Sequence[int | None], index_width: int) -> Outcome:
    run = evaluate_function(parse_module("generated.mlir", text), "f", args, index_width)
    if run.exceeded:
        return EXCEEDED
    if run.ub:
        assert run.results == [], "SMT side: UB with results"
        return UB
    return tuple(run.results)


def concrete_outcome(text: str, args: Sequence[int | None], index_width: int) -> Outcome:
    values = [POISON if a is None else a for a in args]
    run = run_function(parse_module("generated.mlir", text), "f", values, index_width)
    if run.ub is not None:
        assert run.results == [], "concrete side: UB with results"
        return UB
    return tuple(None if isinstance(v, Poison) else v for v in run.results)


def describe(text: str, args: Sequence[int | None], index_width: int) -> str:
    shown = ", ".join("poison" if a is None else f"{a} ({a:#x})" for a in args)
    return f"index width {index_width}, args [{shown}]\n{text}"


def assert_agree(
    text: str, args: Sequence[int | None], index_width: int, result_widths: Sequence[int]
) -> Outcome:
    """Run both semantics on `@f` of `text`; fail, showing the function and inputs, if they
    differ. Returns the common outcome."""
    smt = smt_outcome(text, args, index_width)
    if smt == EXCEEDED:
        return smt  # a loop ran past the bound: the SMT side claims nothing
    concrete = concrete_outcome(text, args, index_width)
    assert smt == concrete, (
        f"SMT semantics and concrete interpreter disagree\n{describe(text, args, index_width)}\n"
        f"  SMT (evaluate_function): {smt}\n  concrete (run_function):  {concrete}"
    )
    if smt != UB:
        assert len(smt) == len(result_widths)
        for value, width in zip(smt, result_widths, strict=True):
            assert value is None or (type(value) is int and 0 <= value < 1 << width), value
    return smt


def check_generated(data: st.DataObject, function: gen.GeneratedFunction, index_width: int) -> None:
    args = data.draw(gen.arguments(function, index_width, poison_probability=0.1), label="args")
    note(describe(function.text, args, index_width))
    assert_agree(function.text, args, index_width, function.result_widths(index_width))


# --- The generator covers every op ----------------------------------------------------------


def test_every_op_with_semantics_is_generated() -> None:
    """A new op in SEMANTICS_RULES (or in the interpreter) must get a generator too."""
    with_semantics = SUPPORTED_OPS - NOT_GENERATED
    missing = with_semantics - set(gen.OP_NAMES) - set(CONTROL_FLOW_OP_NAMES)
    assert not missing, f"ops with SMT semantics the generator skips: {sorted(missing)}"
    interpreted = set(CONCRETE_RULES) - NOT_GENERATED
    assert interpreted == with_semantics, (
        f"only in the interpreter: {sorted(interpreted - with_semantics)}, "
        f"only in the SMT semantics: {sorted(with_semantics - interpreted)}"
    )


# --- Single ops -----------------------------------------------------------------------------


@pytest.mark.parametrize("index_width", INDEX_WIDTHS)
@pytest.mark.parametrize("op_name", GENERATED_OPS)
@settings(differential, max_examples=SINGLE_OP_EXAMPLES)
@given(data=st.data())
def test_single_op_agrees(op_name: str, index_width: int, data: st.DataObject) -> None:
    """Every op (parametrized, so none is starved), with its flags, types and poison inputs."""
    function = data.draw(gen.single_op_functions([op_name]), label="function")
    module = parse_module("generated.mlir", function.text)
    body = [op.name for op in module.body.block.ops.first.body.block.ops]  # type: ignore[union-attr]
    assert body == [op_name, "func.return"], function.text
    check_generated(data, function, index_width)


# --- Straight-line programs -----------------------------------------------------------------


@pytest.mark.parametrize("index_width", INDEX_WIDTHS)
@settings(differential, max_examples=PROGRAM_EXAMPLES)
@given(data=st.data())
def test_straight_line_program_agrees(index_width: int, data: st.DataObject) -> None:
    """2-4 chained ops returning every intermediate result: poison and UB flow through."""
    function = data.draw(gen.straight_line_functions(2, 4), label="function")
    check_generated(data, function, index_width)


# --- Programs with control flow -------------------------------------------------------------


@pytest.mark.parametrize("index_width", INDEX_WIDTHS)
@settings(differential, max_examples=CONTROL_FLOW_EXAMPLES)
@given(data=st.data())
def test_control_flow_program_agrees(index_width: int, data: st.DataObject) -> None:
    """scf / cf / affine programs with small static (sometimes argument) loop bounds: branch
    merging, poison conditions (UB), loop-carried values and CFG rounds agree."""
    function = data.draw(control_flow_functions(1, 3, dynamic=0.15), label="function")
    check_generated(data, function, index_width)


@pytest.mark.parametrize("index_width", INDEX_WIDTHS)
@settings(differential, max_examples=AFFINE_MAP_EXAMPLES)
@given(data=st.data())
def test_affine_map_agrees(index_width: int, data: st.DataObject) -> None:
    """affine.apply / min / max over random maps: wrapping + and *, floordiv, ceildiv and mod
    by constants on negative operands."""
    check_generated(data, data.draw(affine_map_functions(), label="function"), index_width)


# --- Edge values ----------------------------------------------------------------------------

I8_MIN, I8_M1 = 0x80, 0xFF
I32_MIN, I32_M1 = 1 << 31, (1 << 32) - 1
I64_MIN, I64_M1 = 1 << 63, (1 << 64) - 1


@dataclass(frozen=True)
class Edge:
    """One op on fixed inputs; `expected` is what the documentation says (None = poison)."""

    template: str
    operand_types: tuple[str, ...]
    result_types: tuple[str, ...]
    args: tuple[int | None, ...]
    expected: Outcome
    index_widths: tuple[int, ...] = INDEX_WIDTHS

    @property
    def function(self) -> gen.GeneratedFunction:
        name = self.template.split()[0]
        op = gen.OpInstance(name, self.template, self.operand_types, self.result_types)
        return gen.single_op_function(op)


def one_result(expected: int | str | None) -> Outcome:
    """`UB`, or the outcome of one result `expected` (None = poison)."""
    return expected if isinstance(expected, str) else (expected,)


def binary(
    template: str, typ: str, a: int | None, b: int | None, expected: int | str | None
) -> Edge:
    """`<template> : typ` on (a, b), with `expected` the single result (None = poison) or UB."""
    return Edge(f"{template} : {typ}", (typ, typ), (typ,), (a, b), one_result(expected))


def index_binary(op: str, a: int, b: int, index_width: int, expected: int | str | None) -> Edge:
    """`op` of the index dialect on (a, b) at `index_width` only."""
    types = ("index", "index")
    return Edge(
        f"{op} {{0}}, {{1}}", types, ("index",), (a, b), one_result(expected), (index_width,)
    )


def unary(op: str, typ: str, a: int | None, expected: int | None) -> Edge:
    """`op {0} : typ` on `a`, with `expected` its result (None = poison)."""
    return Edge(f"{op} {{0}} : {typ}", (typ,), (typ,), (a,), (expected,))


def cast(template: str, src: str, dst: str, a: int | None, expected: int | None, *iw: int) -> Edge:
    return Edge(
        f"{template} : {src} to {dst}", (src,), (dst,), (a,), (expected,), iw or INDEX_WIDTHS
    )


DIVS = "arith.divsi {0}, {1}"
EDGES: list[Edge] = [
    # Signed division: INT_MIN / -1 and division by zero are UB, at every width.
    binary(DIVS, "i8", I8_MIN, I8_M1, UB),
    binary(DIVS, "i32", I32_MIN, I32_M1, UB),
    binary(DIVS, "i64", I64_MIN, I64_M1, UB),
    binary(DIVS, "i1", 1, 1, UB),  # i1: -1 is INT_MIN
    binary(DIVS, "i1", 0, 1, 0),
    binary(DIVS, "i8", 0x81, I8_M1, 0x7F),  # -127 / -1
    binary(DIVS, "i8", I8_MIN, 1, I8_MIN),
    binary(DIVS, "i8", 5, 0, UB),
    binary(DIVS, "i8", 5, None, UB),  # a poison divisor may be zero
    binary(DIVS, "i8", None, I8_M1, UB),  # a poison dividend may be INT_MIN
    binary(DIVS, "i8", None, 2, None),
    binary(DIVS, "i8", 0xF9, 2, 0xFD),  # -7 / 2 = -3 (toward zero)
    binary(DIVS, "i8", 7, 0xFE, 0xFD),  # 7 / -2 = -3
    binary(DIVS, "i8", 0xF9, 0xFE, 3),  # -7 / -2 = 3
    binary(DIVS, "i64", (1 << 64) - 7, 2, (1 << 64) - 3),
    binary("arith.divsi {0}, {1} exact", "i8", 0xF9, 2, None),
    binary("arith.divsi {0}, {1} exact", "i8", 0xF8, 2, 0xFC),
    binary("arith.divsi {0}, {1} exact", "i8", I8_MIN, I8_M1, UB),
    binary("arith.remsi {0}, {1}", "i8", I8_MIN, I8_M1, UB),  # LLVM srem: overflow is UB
    binary("arith.remsi {0}, {1}", "i8", 0xF9, 2, 0xFF),  # -7 rem 2 = -1
    binary("arith.remsi {0}, {1}", "i8", 7, 0xFE, 1),
    binary("arith.remsi {0}, {1}", "i8", 0xF9, 0xFE, 0xFF),
    binary("arith.remsi {0}, {1}", "i8", 5, 0, UB),
    binary("arith.floordivsi {0}, {1}", "i8", 0xF9, 2, 0xFC),  # -7 / 2 -> -4
    binary("arith.floordivsi {0}, {1}", "i8", 7, 0xFE, 0xFC),
    binary("arith.floordivsi {0}, {1}", "i8", 0xF9, 0xFE, 3),
    binary("arith.floordivsi {0}, {1}", "i8", 6, 0xFE, 0xFD),
    binary("arith.floordivsi {0}, {1}", "i8", I8_MIN, 0x7F, 0xFE),  # -128 / 127 -> -2
    binary("arith.floordivsi {0}, {1}", "i8", I8_MIN, I8_M1, UB),
    binary("arith.ceildivsi {0}, {1}", "i8", 7, 2, 4),
    binary("arith.ceildivsi {0}, {1}", "i8", 0xF9, 2, 0xFD),  # -7 / 2 -> -3
    binary("arith.ceildivsi {0}, {1}", "i8", 0xF9, 0xFE, 4),  # -7 / -2 -> 4
    binary("arith.ceildivsi {0}, {1}", "i8", I8_MIN, 2, 0xC0),
    binary("arith.ceildivsi {0}, {1}", "i8", I8_MIN, 0x7F, I8_M1),  # -128 / 127 -> -1
    binary("arith.ceildivsi {0}, {1}", "i8", 0x7F, I8_M1, 0x81),
    binary("arith.ceildivsi {0}, {1}", "i8", I8_MIN, I8_M1, UB),
    binary("arith.ceildivsi {0}, {1}", "i64", I64_MIN, I64_M1, UB),
    # Unsigned division: only zero (or poison) divisors are UB.
    binary("arith.divui {0}, {1}", "i8", I8_M1, I8_M1, 1),
    binary("arith.divui {0}, {1}", "i8", I8_MIN, I8_M1, 0),
    binary("arith.divui {0}, {1}", "i8", 3, 0, UB),
    binary("arith.divui {0}, {1} exact", "i8", 7, 2, None),
    binary("arith.remui {0}, {1}", "i8", I8_M1, 0x10, 0xF),
    binary("arith.remui {0}, {1}", "i8", I8_M1, None, UB),
    binary("arith.ceildivui {0}, {1}", "i8", I8_M1, 0xFE, 2),
    binary("arith.ceildivui {0}, {1}", "i8", I8_M1, 1, I8_M1),
    binary("arith.ceildivui {0}, {1}", "i8", 0, 0, UB),
    binary("arith.ceildivui {0}, {1}", "i64", I64_M1, 2, 1 << 63),
    # Shifts: an amount >= width is poison (not UB); exact and nsw/nuw flags.
    binary("arith.shli {0}, {1}", "i8", 1, 8, None),
    binary("arith.shli {0}, {1}", "i8", 1, 7, 0x80),
    binary("arith.shli {0}, {1}", "i8", 1, I8_M1, None),
    binary("arith.shli {0}, {1}", "i1", 1, 1, None),
    binary("arith.shli {0}, {1}", "i1", 1, 0, 1),
    binary("arith.shli {0}, {1}", "i64", 1, 63, I64_MIN),
    binary("arith.shli {0}, {1}", "i64", 1, 64, None),
    binary("arith.shli {0}, {1} overflow<nsw>", "i8", 1, 7, None),  # 128 is not an i8
    binary("arith.shli {0}, {1} overflow<nuw>", "i8", 1, 7, 0x80),
    binary("arith.shli {0}, {1} overflow<nuw>", "i8", 0x81, 1, None),
    binary("arith.shli {0}, {1} overflow<nsw>", "i8", I8_M1, 7, 0x80),  # -1 << 7 = -128
    binary("arith.shli {0}, {1} overflow<nsw>", "i8", 0xC0, 1, 0x80),
    binary("arith.shli {0}, {1} overflow<nsw>", "i8", 0x40, 1, None),
    binary("arith.shli {0}, {1} overflow<nsw>", "i8", 0x50, 2, None),  # sign kept, bits lost
    binary("arith.shli {0}, {1} overflow<nsw>", "i8", 0xE0, 2, 0x80),  # -32 * 4 = -128
    binary("arith.shli {0}, {1} overflow<nuw>", "i8", 0x50, 2, None),
    binary("arith.shli {0}, {1} overflow<nsw, nuw>", "i8", 0x10, 2, 0x40),
    binary("arith.shrui {0}, {1}", "i8", I8_MIN, 7, 1),
    binary("arith.shrui {0}, {1}", "i8", I8_MIN, 8, None),
    binary("arith.shrsi {0}, {1}", "i8", I8_MIN, 7, I8_M1),
    binary("arith.shrsi {0}, {1}", "i8", I8_MIN, 8, None),
    binary("arith.shrsi {0}, {1}", "i64", I64_MIN, 64, None),
    binary("arith.shrui {0}, {1} exact", "i8", 3, 1, None),
    binary("arith.shrui {0}, {1} exact", "i8", 2, 1, 1),
    binary("arith.shrsi {0}, {1} exact", "i8", 0x81, 1, None),
    binary("arith.shrsi {0}, {1} exact", "i8", 0x82, 1, 0xC1),
    # Overflow flags.
    binary("arith.addi {0}, {1} overflow<nsw>", "i8", 0x7F, 1, None),
    binary("arith.addi {0}, {1} overflow<nsw>", "i8", I8_M1, 1, 0),
    binary("arith.addi {0}, {1} overflow<nuw>", "i8", I8_M1, 1, None),
    binary("arith.addi {0}, {1} overflow<nsw>", "i64", I64_MIN - 1, 1, None),
    binary("arith.addi {0}, {1} overflow<nsw>", "i1", 1, 1, None),
    binary("arith.subi {0}, {1} overflow<nuw>", "i8", 0, 1, None),
    binary("arith.subi {0}, {1} overflow<nsw>", "i8", I8_MIN, 1, None),
    binary("arith.subi {0}, {1} overflow<nsw>", "i1", 0, 1, None),  # 0 - -1 = 1
    binary("arith.subi {0}, {1} overflow<nsw, nuw>", "i8", 5, 3, 2),
    binary("arith.muli {0}, {1} overflow<nsw>", "i8", I8_MIN, I8_M1, None),
    binary("arith.muli {0}, {1} overflow<nsw>", "i8", 0xF0, 8, 0x80),
    binary("arith.muli {0}, {1} overflow<nuw>", "i8", 0x10, 0x10, None),
    binary("arith.muli {0}, {1} overflow<nsw>", "i1", 1, 1, None),  # -1 * -1 = 1
    binary("arith.muli {0}, {1} overflow<nsw>", "i64", I64_MIN, I64_M1, None),
    # min / max / compare read the operands signed or unsigned.
    binary("arith.maxsi {0}, {1}", "i8", I8_MIN, 0x7F, 0x7F),
    binary("arith.maxui {0}, {1}", "i8", I8_MIN, 0x7F, I8_MIN),
    binary("arith.minsi {0}, {1}", "i8", I8_MIN, 0x7F, I8_MIN),
    binary("arith.minui {0}, {1}", "i8", I8_MIN, 0x7F, 0x7F),
    Edge("arith.cmpi slt, {0}, {1} : i1", ("i1", "i1"), ("i1",), (1, 0), (1,)),
    Edge("arith.cmpi ult, {0}, {1} : i1", ("i1", "i1"), ("i1",), (1, 0), (0,)),
    Edge("arith.cmpi sgt, {0}, {1} : i8", ("i8", "i8"), ("i1",), (0x7F, I8_MIN), (1,)),
    Edge("arith.cmpi ugt, {0}, {1} : i8", ("i8", "i8"), ("i1",), (0x7F, I8_MIN), (0,)),
    Edge("arith.cmpi eq, {0}, {1} : i8", ("i8", "i8"), ("i1",), (None, 1), (None,)),
    # select: poison only from the condition or the chosen operand.
    Edge("arith.select {0}, {1}, {2} : i8", ("i1", "i8", "i8"), ("i8",), (1, 5, None), (5,)),
    Edge("arith.select {0}, {1}, {2} : i8", ("i1", "i8", "i8"), ("i8",), (0, None, 5), (5,)),
    Edge("arith.select {0}, {1}, {2} : i8", ("i1", "i8", "i8"), ("i8",), (1, None, 5), (None,)),
    Edge("arith.select {0}, {1}, {2} : i8", ("i1", "i8", "i8"), ("i8",), (None, 1, 1), (None,)),
    # Casts.
    cast("arith.trunci {0} overflow<nuw>", "i16", "i8", 0x100, None),
    cast("arith.trunci {0} overflow<nuw>", "i16", "i8", 0xFF, 0xFF),
    cast("arith.trunci {0} overflow<nsw>", "i16", "i8", 0xFF, None),
    cast("arith.trunci {0} overflow<nsw>", "i16", "i8", 0xFFFF, 0xFF),
    cast("arith.trunci {0} overflow<nsw>", "i8", "i1", 1, None),
    cast("arith.trunci {0} overflow<nsw>", "i8", "i1", I8_M1, 1),
    cast("arith.trunci {0} overflow<nuw>", "i8", "i1", 2, None),
    cast("arith.trunci {0} overflow<nsw, nuw>", "i8", "i1", 1, None),
    cast("arith.extui {0} nneg", "i8", "i16", I8_MIN, None),
    cast("arith.extui {0} nneg", "i8", "i16", 0x7F, 0x7F),
    cast("arith.extui {0} nneg", "i1", "i8", 1, None),
    cast("arith.extui {0}", "i1", "i8", 1, 1),
    cast("arith.extsi {0}", "i1", "i8", 1, I8_M1),
    cast("arith.extsi {0}", "i8", "i64", I8_MIN, I64_M1 - 0x7F),
    cast("arith.index_cast {0}", "i64", "index", I64_MIN, 0, 32),
    cast("arith.index_cast {0}", "i64", "index", I64_MIN, I64_MIN, 64),
    cast("arith.index_cast {0}", "index", "i64", I32_MIN, I64_M1 - I32_MIN + 1, 32),
    cast("arith.index_cast {0}", "i8", "index", I8_MIN, I64_M1 - 0x7F, 64),
    cast("arith.index_castui {0}", "index", "i64", I32_MIN, I32_MIN, 32),
    cast("arith.index_castui {0} nneg", "index", "i64", I32_MIN, None, 32),
    cast("arith.index_castui {0} nneg", "index", "i64", I32_MIN, I32_MIN, 64),
    cast("arith.index_castui {0} nneg", "i8", "index", I8_MIN, None),
    cast("arith.index_castui {0} nneg", "index", "i8", 0x1FF, 0xFF, 64),
    cast("arith.bitcast {0}", "i8", "i8", None, None),
    cast("index.casts {0}", "i32", "index", I32_MIN, I64_M1 - I32_MIN + 1, 64),
    cast("index.castu {0}", "i32", "index", I32_MIN, I32_MIN, 64),
    cast("index.casts {0}", "index", "i8", 0x1FF, 0xFF),
    cast("index.casts {0}", "i64", "index", I64_M1, I32_M1, 32),
    cast("index.castu {0}", "index", "i64", I32_M1, I32_M1, 32),
    # Two-result ops.
    Edge(
        "arith.mulsi_extended {0}, {1} : i8", ("i8",) * 2, ("i8",) * 2, (I8_MIN, I8_MIN), (0, 0x40)
    ),
    Edge(
        "arith.mulsi_extended {0}, {1} : i8", ("i8",) * 2, ("i8",) * 2, (I8_M1, 1), (I8_M1, I8_M1)
    ),
    Edge("arith.mulsi_extended {0}, {1} : i1", ("i1",) * 2, ("i1",) * 2, (1, 1), (1, 0)),
    Edge("arith.mului_extended {0}, {1} : i8", ("i8",) * 2, ("i8",) * 2, (I8_M1, I8_M1), (1, 0xFE)),
    Edge("arith.mului_extended {0}, {1} : i8", ("i8",) * 2, ("i8",) * 2, (None, 3), (None, None)),
    Edge(
        "arith.mului_extended {0}, {1} : index",
        ("index",) * 2,
        ("index",) * 2,
        (I32_M1, I32_M1),
        (1, I32_M1 - 1),
        (32,),
    ),
    Edge("arith.addui_extended {0}, {1} : i8, i1", ("i8",) * 2, ("i8", "i1"), (I8_M1, 1), (0, 1)),
    Edge("arith.addui_extended {0}, {1} : i8, i1", ("i8",) * 2, ("i8", "i1"), (0x7F, 1), (0x80, 0)),
    # Constants.
    Edge("index.sizeof", (), ("index",), (), (32,), (32,)),
    Edge("index.sizeof", (), ("index",), (), (64,), (64,)),
    Edge("index.constant -1", (), ("index",), (), (I32_M1,), (32,)),
    Edge("index.constant 4294967296", (), ("index",), (), (0,), (32,)),
    Edge("index.constant 4294967296", (), ("index",), (), (1 << 32,), (64,)),
    Edge("arith.constant -1 : index", (), ("index",), (), (I64_M1,), (64,)),
    Edge("arith.constant -1 : i1", (), ("i1",), (), (1,)),
    Edge("arith.constant true", (), ("i1",), (), (1,)),
    Edge("arith.constant 255 : i8", (), ("i8",), (), (0xFF,)),
    Edge("index.bool.constant true", (), ("i1",), (), (1,)),
    # The index dialect at both widths: INT_MIN, shift amounts and signedness move with it.
    index_binary("index.divs", I32_MIN, I32_M1, 32, UB),
    index_binary("index.divs", I32_MIN, I32_M1, 64, 0),
    index_binary("index.divs", I64_MIN, I64_M1, 64, UB),
    index_binary("index.ceildivs", I32_MIN, I32_M1, 32, UB),
    index_binary("index.floordivs", I64_MIN, I64_M1, 64, UB),
    index_binary("index.floordivs", I32_M1 - 6, 2, 32, I32_M1 - 3),  # -7 / 2 -> -4
    index_binary("index.ceildivs", I64_M1 - 6, 2, 64, I64_M1 - 2),  # -7 / 2 -> -3
    index_binary("index.rems", I32_MIN, I32_M1, 32, UB),
    index_binary("index.rems", I32_M1 - 6, 2, 32, I32_M1),  # -7 rem 2 = -1
    index_binary("index.remu", 7, 0, 64, UB),
    index_binary("index.divu", I64_M1, I64_M1, 64, 1),
    index_binary("index.ceildivu", I32_M1, 2, 32, 1 << 31),
    index_binary("index.shl", 1, 32, 32, None),
    index_binary("index.shl", 1, 32, 64, 1 << 32),
    index_binary("index.shrs", I32_MIN, 31, 32, I32_M1),
    index_binary("index.shrs", I32_MIN, 31, 64, 1),
    index_binary("index.shru", I64_MIN, 64, 64, None),
    index_binary("index.maxs", I32_MIN, 1, 32, 1),
    index_binary("index.maxs", I32_MIN, 1, 64, I32_MIN),
    index_binary("index.minu", I32_MIN, 1, 32, 1),
    index_binary("index.add", I32_M1, 1, 32, 0),
    index_binary("index.mul", I32_MIN, 2, 32, 0),
    index_binary("index.sub", 0, 1, 64, I64_M1),
    Edge("index.cmp slt({0}, {1})", ("index",) * 2, ("i1",), (I32_MIN, 0), (1,), (32,)),
    Edge("index.cmp slt({0}, {1})", ("index",) * 2, ("i1",), (I32_MIN, 0), (0,), (64,)),
    # math: counting zeros of 0 gives the width, absi(INT_MIN) = INT_MIN (poison flags off).
    unary("math.ctlz", "i8", 0, 8),
    unary("math.ctlz", "i8", 1, 7),
    unary("math.ctlz", "i8", I8_MIN, 0),
    unary("math.ctlz", "i1", 0, 1),
    unary("math.ctlz", "i64", 1 << 40, 23),
    unary("math.cttz", "i8", 0, 8),
    unary("math.cttz", "i8", I8_MIN, 7),
    unary("math.cttz", "i8", 0x14, 2),
    unary("math.cttz", "i1", 1, 0),
    unary("math.cttz", "i8", None, None),
    unary("math.ctpop", "i8", I8_M1, 8),
    unary("math.ctpop", "i8", 0x52, 3),
    unary("math.ctpop", "i1", 1, 1),
    unary("math.ctpop", "i64", I64_M1, 64),
    unary("math.absi", "i8", I8_MIN, I8_MIN),
    unary("math.absi", "i8", I8_M1, 1),
    unary("math.absi", "i8", 0x7F, 0x7F),
    unary("math.absi", "i1", 1, 1),  # abs(-1) = 1, which is -1 again in i1
    unary("math.absi", "i8", None, None),
    Edge("irproof.width : i8", (), ("i8",), (), (8,)),
    Edge("irproof.width : i1", (), ("i1",), (), (1,)),
    Edge("irproof.width : i64", (), ("i64",), (), (64,)),
]


def _edge_params() -> list[object]:
    return [
        pytest.param(edge, width, id=f"{edge.template}|{edge.args}|iw{width}")
        for edge in EDGES
        for width in edge.index_widths
    ]


@pytest.mark.parametrize(("edge", "index_width"), _edge_params())
def test_edge_values_agree(edge: Edge, index_width: int) -> None:
    function = edge.function
    outcome = assert_agree(
        function.text, edge.args, index_width, function.result_widths(index_width)
    )
    assert outcome == edge.expected, (
        f"both semantics give {outcome}, the documentation {edge.expected}\n"
        f"{describe(function.text, edge.args, index_width)}"
    )
