"""The solver's strategy memory (`irproof.verifier.solver.StrategyMemory`): a series of
queries starts each one with the strategy that answered the previous one, and the answers
do not depend on it."""

from __future__ import annotations

import z3

from irproof.verifier.solver import PROBE_FROM_S, StrategyMemory, check


def _query(width: int, holds: bool) -> list[z3.BoolRef]:
    """Is there an x with (x + x) != 2 * x (never), or with x + 1 == x * 3 (at some widths)?"""
    x = z3.BitVec("x", width)
    if holds:
        return [x + x != 2 * x]
    return [x + 1 == x * 3, z3.Extract(0, 0, x) == 0]


def test_the_winner_is_remembered_and_tried_first() -> None:
    memory = StrategyMemory()
    result, _, _ = check(_query(16, True), "QF_BV", 5.0, memory)
    assert result == z3.unsat
    assert memory.winner == 0 and memory.seconds >= 0  # the QF_BV solver, first in line
    memory.winner = 1  # say the cofactoring tactic answered the previous query
    result, _, _ = check(_query(32, True), "QF_BV", 5.0, memory)
    assert result == z3.unsat
    assert memory.winner == 1  # it was tried first, and answered


def test_answers_do_not_depend_on_the_memory() -> None:
    for width in (4, 8, 16):
        fresh = check(_query(width, False), "QF_BV", 5.0)[0]
        hinted = check(_query(width, False), "QF_BV", 5.0, StrategyMemory(1, 0.01))[0]
        assert fresh == hinted
        assert check(_query(width, True), "QF_BV", 5.0, StrategyMemory(1, 0.01))[0] == z3.unsat


def test_a_sat_answer_comes_with_a_model() -> None:
    memory = StrategyMemory(1, 0.0)
    x = z3.BitVec("x", 8)
    result, model, _ = check([x * 3 == 9], "QF_BV", 5.0, memory)
    assert result == z3.sat and model is not None
    assert model.eval(x * 3).as_long() == 9


def test_a_slow_winner_lets_the_other_strategy_probe_first() -> None:
    """The remembered strategy took a second on the previous query: the other one first gets
    a tenth of that, and answering this (easy) query makes it the winner. A winner that was
    fast keeps going first, with no probe."""
    slow = StrategyMemory(winner=0, seconds=1.0)
    assert check(_query(16, True), "QF_BV", 5.0, slow)[0] == z3.unsat
    assert slow.winner == 1
    fast = StrategyMemory(winner=0, seconds=PROBE_FROM_S / 10)
    assert check(_query(16, True), "QF_BV", 5.0, fast)[0] == z3.unsat
    assert fast.winner == 0
