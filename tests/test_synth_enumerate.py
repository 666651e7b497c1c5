"""Synthesis fingerprints: the fast evaluator against irproof's concrete interpreter, and
the enumerator's pruning (observational equivalence, commutativity, cost)."""

from __future__ import annotations

import random

import pytest

from irproof.loading import parse_module
from irproof.semantics.concrete.interpreter import run_function
from irproof.semantics.concrete.values import POISON
from irproof.synth import cost as costs
from irproof.synth.enumerate import Enumerator
from irproof.synth.evaluate import Rows, evaluate, make_rows, refines
from irproof.synth.ops import CMP_PREDICATES, OPS, UB
from irproof.synth.program import Expr, Signature, arg, const, function_text


def _interpret(expr: Expr, signature: Signature, rows: Rows) -> tuple[object, ...]:
    """The same vector, computed by irproof's concrete interpreter on printed MLIR."""
    module = parse_module("<test>", function_text("f", signature, expr))
    out: list[object] = []
    for inputs in rows.inputs:
        args = [POISON if v is None else v for v in inputs]
        run = run_function(module, "f", args, rows.index_width)
        if run.ub is not None:
            out.append(UB)
        else:
            value = run.results[0]
            out.append(None if value is POISON else value)
    return tuple(out)


def _exhaustive_rows(width: int) -> Rows:
    """Every pair of `width`-bit values (and poison) as two arguments."""
    type_ = f"i{width}"
    rows = Rows((type_, type_))
    values: list[int | None] = [*range(1 << width), None]
    for a in values:
        for b in values:
            rows.add((a, b))
    return rows


@pytest.mark.parametrize("width", [1, 3])
@pytest.mark.parametrize("name", sorted(n for n in OPS if OPS[n].shape in ("binary", "division")))
def test_binary_kernels_agree_with_the_interpreter_exhaustively(name: str, width: int) -> None:
    type_ = f"i{width}"
    expr = Expr(name, type_, (arg(0, type_), arg(1, type_)))
    rows = _exhaustive_rows(width)
    signature = Signature(("x", "y"), (type_, type_), type_)
    assert evaluate(expr, rows) == _interpret(expr, signature, rows)


@pytest.mark.parametrize("predicate", CMP_PREDICATES)
def test_comparisons_agree_with_the_interpreter(predicate: str) -> None:
    expr = Expr("arith.cmpi", "i1", (arg(0, "i3"), arg(1, "i3")), predicate)
    rows = _exhaustive_rows(3)
    signature = Signature(("x", "y"), ("i3", "i3"), "i1")
    assert evaluate(expr, rows) == _interpret(expr, signature, rows)


def test_casts_and_select_agree_with_the_interpreter() -> None:
    rows = make_rows(("i1", "i8", "i8"), count=64, seed=3)
    signature = Signature(("c", "x", "y"), ("i1", "i8", "i8"), "i8")
    c, x, y = arg(0, "i1"), arg(1, "i8"), arg(2, "i8")
    wide = Expr("arith.extsi", "i16", (x,))
    for expr in (
        Expr("arith.select", "i8", (c, x, y)),
        Expr(
            "arith.trunci",
            "i8",
            (Expr("arith.addi", "i16", (wide, Expr("arith.extui", "i16", (y,)))),),
        ),
        Expr("arith.trunci", "i8", (Expr("arith.shrsi", "i16", (wide, const(3, "i16"))),)),
        Expr("arith.extui", "i8", (c,)),
        Expr("arith.extsi", "i8", (c,)),
    ):
        assert evaluate(expr, rows) == _interpret(expr, signature, rows), expr.show()


def test_random_enumerated_programs_agree_with_the_interpreter() -> None:
    """Whole expressions of up to two ops over every op shape, at i8 with poison rows."""
    rows = make_rows(("i8", "i8"), count=40, seed=7)
    leaves = [
        arg(0, "i8"),
        arg(1, "i8"),
        const(0, "i8"),
        const(1, "i8"),
        const(-1, "i8"),
        const(0, "i1"),
        const(1, "i1"),
    ]
    enumerator = Enumerator(sorted(OPS), ["i8", "i1"], leaves, rows)
    entries = [e for level in enumerator.run(2) for e in level if e.level > 0]
    sample = random.Random(1).sample(entries, 150)
    for entry in sample:
        signature = Signature(("x", "y"), ("i8", "i8"), entry.expr.type)
        assert entry.vector == _interpret(entry.expr, signature, rows), entry.expr.show()


# ---- pruning ---------------------------------------------------------------------------


def _enumerate(ops: list[str], level: int, **kwargs: object) -> Enumerator:
    rows = make_rows(("i8",), count=32)
    enumerator = Enumerator(
        ops, ["i8"], [arg(0, "i8"), const(0, "i8"), const(1, "i8")], rows, **kwargs
    )  # type: ignore[arg-type]
    for _ in enumerator.run(level):
        pass
    return enumerator


def test_equivalent_expressions_are_merged_into_the_cheapest() -> None:
    merged: list[tuple[str, str]] = []
    rows = make_rows(("i8",), count=32)
    enumerator = Enumerator(
        ["arith.addi", "arith.muli"],
        ["i8"],
        [arg(0, "i8"), const(0, "i8"), const(1, "i8")],
        rows,
        on_duplicate=lambda new, kept: merged.append((new.expr.show(), kept.expr.show())),
    )
    for _ in enumerator.run(1):
        pass
    shown = {e.expr.show() for e in enumerator.seen.values()}
    assert ("addi(a0, 0)", "a0") in merged and ("muli(a0, 1)", "a0") in merged
    assert "addi(a0, 0)" not in shown and "a0" in shown
    # Twin: x + 1 is no other expression's equal, so it is kept.
    assert "addi(a0, 1)" in shown


def test_commutative_ops_get_one_operand_order() -> None:
    shown = {e.expr.show() for e in _enumerate(["arith.addi", "arith.subi"], 1).seen.values()}
    assert ("addi(a0, 1)" in shown) != ("addi(1, a0)" in shown)
    # Twin: subtraction does not commute, both orders are built.
    assert "subi(a0, 1)" in shown and "subi(1, a0)" in shown


def test_cost_limit_drops_expensive_expressions() -> None:
    limited = _enumerate(["arith.addi", "arith.muli"], 2, cost_limit=(2, 0))
    assert all(e.cost < (2, 0) for e in limited.seen.values())
    assert len(limited.by_level) == 2  # level 2 cannot be cheaper than (2, 0): not built
    unlimited = _enumerate(["arith.addi", "arith.muli"], 2)
    assert any(e.cost >= (2, 0) for e in unlimited.seen.values())


def test_refinement_on_rows_allows_less_poison_never_more() -> None:
    assert refines((1, 2, 3), (1, None, UB))
    assert refines((1, None, 5), (1, None, 3)) is False
    assert not refines((1, None), (1, 2))  # more poisonous
    assert not refines((1, UB), (1, None))  # UB where the source is only poison
    assert not refines((1, 3), (1, 2))


def test_dag_cost_counts_shared_ops_once() -> None:
    x = arg(0, "i8")
    s = Expr("arith.addi", "i8", (x, x))
    assert costs.cost(Expr("arith.muli", "i8", (s, s)), "ops") == (2, 4)
    assert costs.cost(Expr("arith.muli", "i8", (s, s)), "latency") == (4, 2)
    assert [costs.lower_bound(k, "ops")[0] for k in range(6)] == [0, 1, 2, 2, 2, 3]
