"""The width-parametric rules (`irproof.semantics.parametric`) proved equal to the per-width
rules, by SMT, on generated functions.

A function at fixed widths (each type `iN` with N <= the container) is lowered both ways
over the same inputs: per width (`irproof.semantics.lowering`, inputs of N bits) and
parametric (inputs of `container` bits whose low N bits are the per-width inputs; widths
are constant terms). Z3 is then asked for inputs on which they differ: in UB, or (without
UB) in a result's poison flag, or (not poison) in the low N bits of its value. Unsat for
every generated function is the claim `irproof.verifier.width_parametric` rests on: a
width variable is a term that the domain makes equal to one such constant.

Containers are small for division, multiplication and popcount (6 to 10 bits: proving two
16-bit division circuits equal takes Z3 10-20 s), up to 64 bits for the other ops; no rule depends
on the container beyond `N >= every width`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
import z3
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from irproof import strategies as gen
from irproof.loading import parse_module
from irproof.semantics.builder import Pair, Z3Builder
from irproof.semantics.lowering import LoweringContext, lower_function
from irproof.semantics.parametric import PARAMETRIC_RULES, ParametricContext, PValue
from irproof.semantics.parametric_aligned import ALIGNED_RULES
from irproof.semantics.widths import TypeWidths
from irproof.verifier.width_parametric import (
    ALIGNED,
    LOW,
    Layout,
    WidthTerms,
    lower_parametric,
    parametric_inputs,
)

PARAMETRIC_OPS = sorted(set(PARAMETRIC_RULES) & set(gen.OP_NAMES))
"""Every op with a parametric rule that the generators produce."""

HEAVY_OPS = frozenset(
    {
        "arith.muli",
        "arith.divui",
        "arith.divsi",
        "arith.remui",
        "arith.remsi",
        "arith.ceildivui",
        "arith.ceildivsi",
        "arith.floordivsi",
        "math.ctpop",
    }
)
"""Ops whose equivalence proofs get slow in a wide container."""

SINGLE_OP_EXAMPLES = 30
PROGRAM_EXAMPLES = 300

parametric_settings = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def test_every_rule_is_generated() -> None:
    """No rule escapes the differential tests (a rule for an op no generator makes would)."""
    assert set(PARAMETRIC_RULES) - set(gen.OP_NAMES) == set()


def differing_inputs(text: str, container: int, layout: Layout = LOW) -> z3.ModelRef | None:
    """A model on which the two lowerings of `@f` differ, or None (they are equal)."""
    module = parse_module("generated.mlir", text)
    function = next(iter(module.ops))
    ctx = ParametricContext(container, WidthTerms(container, {}).of)
    inputs = parametric_inputs(function, ctx, True, layout)  # type: ignore[arg-type]
    parametric = lower_parametric(function, inputs, ctx, layout)  # type: ignore[arg-type]
    assert all(z3.is_true(z3.simplify(r)) for r in ctx.requires), "a cast that does not widen"
    b = Z3Builder()
    narrow = [Pair(_bits(layout, i, container), i.poison) for i in inputs]
    lowered = lower_function(LoweringContext(b, TypeWidths(64)), function, narrow)  # type: ignore[arg-type]
    per_width_ub = b.term(lowered.ub)
    differ = [z3.Or(*ctx.ub) != per_width_ub]
    for p, w in zip(parametric, lowered.results, strict=True):
        assert isinstance(w, Pair)
        low = _bits(layout, p, container)
        value_differs = z3.And(z3.Not(w.poison), low != b.term(w.value))
        differ.append(z3.And(z3.Not(per_width_ub), z3.Or(p.poison != w.poison, value_differs)))
    solver = z3.SolverFor("QF_BV")
    solver.add(z3.Or(*differ))
    answer = solver.check()
    assert answer != z3.unknown
    return solver.model() if answer == z3.sat else None


def _bits(layout: Layout, value: PValue, container: int) -> z3.BitVecRef:
    """The w-bit value: the top w bits of the container (aligned layout), or the low ones."""
    width = _width(value)
    if layout.top:
        return z3.Extract(container - 1, container - width, value.value)
    return z3.Extract(width - 1, 0, value.value)


def _width(value: PValue) -> int:
    width = z3.simplify(value.width)
    assert z3.is_bv_value(width)
    return width.as_long()


def _containers(op_names: Sequence[str]) -> st.SearchStrategy[int]:
    if set(op_names) & HEAVY_OPS:
        return st.sampled_from((6, 8, 10))
    return st.sampled_from((12, 24, 64))


@pytest.mark.parametrize("op_name", PARAMETRIC_OPS)
@settings(parametric_settings, max_examples=SINGLE_OP_EXAMPLES)
@given(data=st.data())
def test_single_op_rule_equals_per_width_rule(op_name: str, data: st.DataObject) -> None:
    container = data.draw(_containers([op_name]), label="container")
    ws = gen.widths(1, container)
    function = data.draw(gen.single_op_functions([op_name], ws, allow_index=False))
    note(function.text)
    assert differing_inputs(function.text, container) is None


LIGHT_OPS = sorted(set(PARAMETRIC_OPS) - HEAVY_OPS)


@pytest.mark.parametrize(
    ("ops", "containers"), [(PARAMETRIC_OPS, (6, 8, 10)), (LIGHT_OPS, (16, 33, 64))]
)
@settings(parametric_settings, max_examples=PROGRAM_EXAMPLES)
@given(data=st.data())
def test_program_lowerings_are_equal(
    ops: list[str], containers: tuple[int, ...], data: st.DataObject
) -> None:
    """Chains of ops: dirty upper bits flow from op to op (masking is lazy)."""
    container = data.draw(st.sampled_from(containers), label="container")
    ws = gen.widths(1, container)
    function = data.draw(gen.straight_line_functions(2, 5, ops, False, ws))
    note(function.text)
    assert differing_inputs(function.text, container) is None


WIDTH_AS_CONDITION = """
func.func @f(%a: i8, %b: i8) -> i8 {
  %w = irproof.width : i1
  %r = arith.select %w, %a, %b : i8
  func.return %r : i8
}
"""


def test_the_width_of_an_i1_as_a_condition() -> None:
    """`irproof.width : i1` is 1, so the select takes its first operand (found by the
    program test: the folded condition was only taken for the constant 1, not for w)."""
    assert differing_inputs(WIDTH_AS_CONDITION, 16) is None


def test_the_old_select_fold_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """Twin: the fold as it was (only the constant 1 taken as true) differs."""
    from irproof.semantics import parametric

    rule = parametric.PARAMETRIC_RULES["arith.select"]

    def old_fold(op: object, args: Sequence[PValue], ctx: ParametricContext) -> Sequence[PValue]:
        cond, then, other = args
        if cond.affine is not None:
            return [then if cond.affine == (1, 0) else other]
        return rule(op, args, ctx)  # type: ignore[arg-type]

    monkeypatch.setitem(parametric.PARAMETRIC_RULES, "arith.select", old_fold)
    assert differing_inputs(WIDTH_AS_CONDITION, 16) is not None


# --- the check can fail -----------------------------------------------------------------------

BROKEN_ADD = """
func.func @f(%a: i8, %b: i8) -> i1 {
  %s = arith.addi %a, %b : i8
  %z = arith.constant 0 : i8
  %c = arith.cmpi eq, %s, %z : i8
  func.return %c : i1
}
"""


def test_a_wrong_rule_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """Twin: a rule that forgets to mask before an unsigned comparison differs (the
    comparison reads the dirty bits above the width)."""
    from irproof.semantics import parametric

    assert differing_inputs(BROKEN_ADD, 16) is None
    monkeypatch.setattr(parametric, "clean", lambda _ctx, v: v.value)
    assert differing_inputs(BROKEN_ADD, 16) is not None


# --- signed comparisons with 0 read the sign bit (`_sign_test`) -------------------------------


def _compare_with_zero(predicate: str, zero_first: bool, width: int) -> str:
    operands = "%z, %a" if zero_first else "%a, %z"
    return f"""
func.func @f(%a: i{width}) -> i1 {{
  %z = arith.constant 0 : i{width}
  %c = arith.cmpi {predicate}, {operands} : i{width}
  func.return %c : i1
}}
"""


@pytest.mark.parametrize("predicate", ["slt", "sle", "sgt", "sge"])
@pytest.mark.parametrize("zero_first", [False, True])
@pytest.mark.parametrize("width", [1, 2, 7, 32])
def test_signed_comparisons_with_zero(predicate: str, zero_first: bool, width: int) -> None:
    assert differing_inputs(_compare_with_zero(predicate, zero_first, width), 64) is None


def test_a_wrong_sign_test_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """Twin: `x > 0` read as "not negative" forgets 0."""
    from irproof.semantics import parametric

    original = parametric._sign_test

    def forgets_zero(ctx: ParametricContext, predicate: str, x: PValue, y: PValue) -> z3.BoolRef:
        if predicate == "sgt" and y.affine == (0, 0):
            return z3.Not(parametric.negative(ctx, x.value, x.width))
        return original(ctx, predicate, x, y)  # type: ignore[return-value]

    monkeypatch.setattr(parametric, "_sign_test", forgets_zero)
    assert differing_inputs(_compare_with_zero("sgt", False, 8), 64) is not None


# --- the aligned layout (`irproof.semantics.parametric_aligned`) ------------------------------

ALIGNED_OPS = sorted(set(ALIGNED_RULES) & set(gen.OP_NAMES))


def test_every_aligned_rule_is_generated() -> None:
    assert set(ALIGNED_RULES) - set(gen.OP_NAMES) == set()
    assert len(ALIGNED_OPS) >= 10


@pytest.mark.parametrize("op_name", ALIGNED_OPS)
@settings(parametric_settings, max_examples=SINGLE_OP_EXAMPLES)
@given(data=st.data())
def test_aligned_rule_equals_per_width_rule(op_name: str, data: st.DataObject) -> None:
    container = data.draw(st.sampled_from((12, 24, 64)), label="container")
    function = data.draw(gen.single_op_functions([op_name], gen.widths(1, container), False))
    note(function.text)
    assert differing_inputs(function.text, container, ALIGNED) is None


@settings(parametric_settings, max_examples=PROGRAM_EXAMPLES)
@given(data=st.data())
def test_aligned_program_lowerings_are_equal(data: st.DataObject) -> None:
    """Chains of the aligned ops: the bits below each value stay zero from op to op."""
    container = data.draw(st.sampled_from((16, 33, 64)), label="container")
    ws = gen.widths(1, container)
    function = data.draw(gen.straight_line_functions(2, 5, ALIGNED_OPS, False, ws))
    note(function.text)
    assert differing_inputs(function.text, container, ALIGNED) is None


RANGE_CHECK = """
func.func @f(%x: i8, %c: i8) -> i1 {
  %one = arith.constant 1 : i8
  %d = arith.subi %c, %one : i8
  %s = arith.addi %x, %d : i8
  %b = arith.cmpi slt, %s, %c : i8
  func.return %b : i1
}
"""


@pytest.mark.parametrize("container", [8, 16, 64])
def test_aligned_range_check_equals_per_width(container: int) -> None:
    assert differing_inputs(RANGE_CHECK, container, ALIGNED) is None


ADD_CONSTANT = """
func.func @f(%x: i8) -> i8 {
  %c = arith.constant 5 : i8
  %r = arith.addi %x, %c : i8
  func.return %r : i8
}
"""


def test_a_wrong_aligned_rule_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """Twin: a constant placed in the low bits (the other layout's place) differs, and so
    does a signed comparison read unsigned."""
    from irproof.semantics import parametric_aligned

    assert differing_inputs(ADD_CONSTANT, 16, ALIGNED) is None
    monkeypatch.setattr(parametric_aligned, "aligned_constant", lambda ctx, c, _w: ctx.const(c))
    assert differing_inputs(ADD_CONSTANT, 16, ALIGNED) is not None
    monkeypatch.undo()
    monkeypatch.setitem(parametric_aligned._RELATIONS, "lt", (z3.ULT, z3.ULT))
    assert differing_inputs(RANGE_CHECK, 16, ALIGNED) is not None
