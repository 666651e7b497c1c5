"""The solver's strategy memory (`irproof.verifier.solver.StrategyMemory`): a series of
queries starts each one with the strategy that answered the previous one, and the answers
do not depend on it."""

from __future__ import annotations

import pytest
import z3

from irproof.verifier import bitwuzla_strategy
from irproof.verifier.solver import (
    BITWUZLA,
    COFACTOR,
    DIVISION,
    PROBE_FROM_S,
    QFBV,
    StrategyMemory,
    check,
)


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
    first_in_line = BITWUZLA if bitwuzla_strategy.AVAILABLE else QFBV
    assert memory.winner == first_in_line and memory.seconds >= 0
    memory.winner = COFACTOR  # say the cofactoring tactic answered the previous query
    result, _, _ = check(_query(32, True), "QF_BV", 5.0, memory)
    assert result == z3.unsat
    assert memory.winner == COFACTOR  # it was tried first, and answered


def test_answers_do_not_depend_on_the_memory() -> None:
    for width in (4, 8, 16):
        fresh = check(_query(width, False), "QF_BV", 5.0)[0]
        hinted = check(_query(width, False), "QF_BV", 5.0, StrategyMemory(COFACTOR, 0.01))[0]
        assert fresh == hinted
        assert (
            check(_query(width, True), "QF_BV", 5.0, StrategyMemory(COFACTOR, 0.01))[0] == z3.unsat
        )


def test_a_sat_answer_comes_with_a_model() -> None:
    memory = StrategyMemory(COFACTOR, 0.0)
    x = z3.BitVec("x", 8)
    result, model, _ = check([x * 3 == 9], "QF_BV", 5.0, memory)
    assert result == z3.sat and model is not None
    assert model.eval(x * 3).as_long() == 9


def test_a_slow_winner_lets_the_other_strategy_probe_first() -> None:
    """The remembered strategy took a second on the previous query: the other one first gets
    a tenth of that, and answering this (easy) query makes it the winner. A winner that was
    fast keeps going first, with no probe."""
    slow = StrategyMemory(winner=QFBV, seconds=1.0)
    assert check(_query(16, True), "QF_BV", 5.0, slow)[0] == z3.unsat
    assert slow.winner != QFBV
    fast = StrategyMemory(winner=QFBV, seconds=PROBE_FROM_S / 10)
    assert check(_query(16, True), "QF_BV", 5.0, fast)[0] == z3.unsat
    assert fast.winner == QFBV


def test_probes_come_again_only_when_the_winner_slowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """A winner that keeps its pace is probed once; one that took 1.5x as long as at the
    last probe is probed again (the twin)."""
    from irproof.verifier.solver import PROBE_GROWTH

    calls = _recording(monkeypatch, answering=QFBV)
    memory = StrategyMemory(winner=QFBV, seconds=0.1)
    assert check([z3.BoolVal(True)], "QF_BV", 5.0, memory)[0] == z3.unsat
    assert calls == [BITWUZLA, COFACTOR, DIVISION, QFBV] and memory.probed_at == 0.1
    for _ in range(3):  # the same pace: the winner alone
        calls.clear()
        memory.seconds = 0.1 * PROBE_GROWTH * 0.9
        assert check([z3.BoolVal(True)], "QF_BV", 5.0, memory)[0] == z3.unsat
        assert calls == [QFBV]
    calls.clear()
    memory.seconds = 0.1 * PROBE_GROWTH
    assert check([z3.BoolVal(True)], "QF_BV", 5.0, memory)[0] == z3.unsat
    assert calls == [BITWUZLA, COFACTOR, DIVISION, QFBV]


def test_bitwuzla_answers_and_its_models_are_z3_models() -> None:
    """Where Bitwuzla is installed it takes part: its unsat stands, its sat comes back as a
    Z3 model that satisfies the query (the twin of the unsat query)."""
    pytest.importorskip("bitwuzla")
    memory = StrategyMemory()
    assert check(_query(16, True), "QF_BV", 5.0, memory)[0] == z3.unsat
    assert memory.winner == BITWUZLA
    x, y = z3.BitVec("x", 32), z3.BitVec("y", 32)
    wrong = [x * y == 91, x > 1, y > 1, z3.ULT(x, 100), z3.ULT(y, 100)]
    memory = StrategyMemory()
    result, model, _ = check(wrong, "QF_BV", 5.0, memory)
    assert result == z3.sat and model is not None and memory.winner == BITWUZLA
    assert all(z3.is_true(model.eval(a, model_completion=True)) for a in wrong)
    assert {model.eval(x).as_long(), model.eval(y).as_long()} == {7, 13}  # type: ignore[attr-defined]


def test_queries_bitwuzla_cannot_read_are_left_to_z3() -> None:
    x, wide = z3.BitVec("x", 8), z3.BitVec("wide", 16)
    # Z3's overflow predicate is defined for Bitwuzla at one width (`plain_query`), not two
    assert bitwuzla_strategy.prepare([z3.BVMulNoOverflow(x, x, False), x > 20]) is not None
    two = [z3.BVMulNoOverflow(x, x, False), z3.BVMulNoOverflow(wide, wide, False)]
    assert bitwuzla_strategy.prepare(two) is None
    internal = z3.simplify(z3.And(x != 0, z3.UDiv(wide, z3.ZeroExt(8, x)) == 3))
    assert "bvudiv_i" in internal.sexpr() and bitwuzla_strategy.prepare([internal]) is None
    f = z3.Function("f", z3.BitVecSort(8), z3.BitVecSort(8))
    assert bitwuzla_strategy.prepare([f(x) != f(x)]) is None


def test_without_bitwuzla_z3_answers_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """The `solvers` extra missing: no Bitwuzla slot, the same answers from Z3."""
    monkeypatch.setattr(bitwuzla_strategy, "AVAILABLE", False)
    memory = StrategyMemory()
    assert check(_query(16, True), "QF_BV", 5.0, memory)[0] == z3.unsat
    assert memory.winner == QFBV
    x = z3.BitVec("x", 8)
    result, model, _ = check([x * 3 == 9], "QF_BV", 5.0, memory)
    assert result == z3.sat and model is not None
    assert model.eval(x * 3).as_long() == 9  # type: ignore[attr-defined]


def test_bitwuzla_reads_the_query_before_z3_simplifies_it() -> None:
    """`z3.simplify` turns a division whose divisor cannot be 0 into Z3's own `bvsdiv_i`,
    which is not SMT-LIB: Bitwuzla then reads the query as built (and answers it)."""
    pytest.importorskip("bitwuzla")
    x, y = z3.BitVec("x", 8), z3.BitVec("y", 8)
    built = [y != 0, (x / y) * y + z3.SRem(x, y) != x]  # never: truncating division
    simplified = z3.simplify(z3.And(*built))
    solver = z3.Solver()
    solver.add(simplified)
    if "bvsdiv_i" not in solver.to_smt2():
        pytest.skip("this Z3 does not leave bvsdiv_i")
    from irproof.verifier.solver import _strategies

    assert bitwuzla_strategy.prepare([simplified]) is None
    with_built = _strategies("QF_BV", [simplified], built)
    assert BITWUZLA in with_built
    assert with_built[BITWUZLA](5.0, 0)[0] == z3.unsat
    assert check([simplified], "QF_BV", 5.0, StrategyMemory(), unsimplified=built)[0] == z3.unsat
    # twin: without the query as built, no Bitwuzla
    assert BITWUZLA not in _strategies("QF_BV", [simplified], None)


def test_bitwuzla_slices_grow_from_their_own_first_slice() -> None:
    """Without a remembered strategy Bitwuzla gets 1 s, 4 s, ... where the others get 0.25 s,
    1 s, ... (a second slice as long as the first would only restart it); with one, the
    rotation's slices are everyone's."""
    from irproof.verifier.solver import BITWUZLA_FIRST_SLICE_S, FIRST_SLICE_S, _slice

    factor = BITWUZLA_FIRST_SLICE_S / FIRST_SLICE_S
    assert _slice(BITWUZLA, FIRST_SLICE_S, 0, None) == BITWUZLA_FIRST_SLICE_S
    assert _slice(BITWUZLA, 4 * FIRST_SLICE_S, 1, None) == 4 * BITWUZLA_FIRST_SLICE_S
    assert _slice(QFBV, 4 * FIRST_SLICE_S, 1, None) == 4 * FIRST_SLICE_S
    assert _slice(BITWUZLA, 4 * FIRST_SLICE_S, 1, QFBV) == 4 * FIRST_SLICE_S
    assert factor > 1


def _recording(
    monkeypatch: pytest.MonkeyPatch,
    answering: int | None,
    slots: tuple[int, ...] = (QFBV, COFACTOR, DIVISION, BITWUZLA),
    slices: list[float] | None = None,
) -> list[int]:
    """Replace the strategies by ones that answer at once: `answering` unsat, the others
    timeout. Returns the order in which `check` calls them (and their slices in `slices`)."""
    from irproof.verifier import solver

    calls: list[int] = []

    def runner(n: int) -> solver.Runner:
        def run(slice_s: float, _seed: int) -> tuple[z3.CheckSatResult, None, str]:
            calls.append(n)
            if slices is not None:
                slices.append(slice_s)
            return (z3.unsat, None, "") if n == answering else (z3.unknown, None, "timeout")

        return run

    strategies = {n: runner(n) for n in slots}
    monkeypatch.setattr(solver, "_strategies", lambda *_args, **_kwargs: strategies)
    return calls


def test_the_division_probe_comes_first_only_in_a_series(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A lone query (no memory): Bitwuzla's first slice, then the division probe, then the
    others. The first query of a series: the probe first (what answers it is remembered for
    the rest). A remembered strategy: its slice, then the probe. An `opening`: its slices
    first, the division rewriting where it puts it (not at all if it leaves it out)."""
    calls = _recording(monkeypatch, answering=None)
    assert check([z3.BoolVal(True)], "QF_BV", 0.05)[0] == z3.unknown
    assert calls[:4] == [BITWUZLA, DIVISION, QFBV, COFACTOR]
    assert calls.count(DIVISION) == 1  # a probe, not a member of the rotation
    calls = _recording(monkeypatch, answering=DIVISION)
    assert check([z3.BoolVal(True)], "QF_BV", 5.0)[0] == z3.unsat
    assert calls == [BITWUZLA, DIVISION]
    calls = _recording(monkeypatch, answering=DIVISION)
    series = StrategyMemory()
    assert check([z3.BoolVal(True)], "QF_BV", 5.0, series)[0] == z3.unsat
    assert calls == [DIVISION] and series.winner == DIVISION
    calls = _recording(monkeypatch, answering=DIVISION)
    assert check([z3.BoolVal(True)], "QF_BV", 5.0, StrategyMemory(QFBV, 0.001))[0] == z3.unsat
    assert calls == [QFBV, DIVISION]
    calls = _recording(monkeypatch, answering=DIVISION)
    opening = [(BITWUZLA, 0.05), (DIVISION, 0.5), (QFBV, 3.0)]
    assert check([z3.BoolVal(True)], "QF_BV", 5.0, opening=opening)[0] == z3.unsat
    assert calls == [BITWUZLA, DIVISION]
    calls = _recording(monkeypatch, answering=None)
    assert check([z3.BoolVal(True)], "QF_BV", 1.0, opening=[(QFBV, 0.01)])[0] == z3.unknown
    assert calls[:4] == [QFBV, BITWUZLA, QFBV, COFACTOR] and DIVISION not in calls


def test_exhaustive_evaluation_follows_a_short_first_slice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A lone query that exhaustive evaluation applies to: the first strategy's short slice,
    then exhaustive evaluation with the whole budget (and, should it not answer, the usual
    rotation). In a series it is not among the strategies (`_strategies(lone=False)`)."""
    from irproof.verifier.solver import EXHAUSTIVE, EXHAUSTIVE_AFTER_S

    slices: list[float] = []
    slots = (QFBV, COFACTOR, BITWUZLA, EXHAUSTIVE)
    calls = _recording(monkeypatch, EXHAUSTIVE, slots, slices)
    assert check([z3.BoolVal(True)], "QF_BV", 5.0)[0] == z3.unsat
    assert calls == [BITWUZLA, EXHAUSTIVE]
    assert slices[0] == EXHAUSTIVE_AFTER_S and slices[1] > 4.9
    calls = _recording(monkeypatch, QFBV, slots)
    assert check([z3.BoolVal(True)], "QF_BV", 5.0)[0] == z3.unsat
    assert calls == [BITWUZLA, EXHAUSTIVE, BITWUZLA, QFBV]


def test_exhaustive_evaluation_is_for_lone_queries() -> None:
    from irproof.verifier.solver import EXHAUSTIVE, _strategies

    x, y = z3.BitVec("x", 8), z3.BitVec("y", 8)
    query = [z3.UDiv(x, y) * y + z3.URem(x, y) != x]
    assert EXHAUSTIVE in _strategies("QF_BV", query, None, lone=True)
    assert EXHAUSTIVE not in _strategies("QF_BV", query, None, lone=False)
    wide = [z3.BitVec("w", 32) * 3 == 7]
    assert EXHAUSTIVE not in _strategies("QF_BV", wide, None, lone=True)


def test_probes_go_in_the_rotation_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """A slow remembered strategy: the others probe first, Bitwuzla before Z3's tactics (it
    answers small queries fastest, and needs no Z3 context), the division rewriting last;
    then the winner's slice."""
    calls = _recording(monkeypatch, answering=QFBV)
    slow = StrategyMemory(winner=QFBV, seconds=1.0)
    assert check([z3.BoolVal(True)], "QF_BV", 5.0, slow)[0] == z3.unsat
    assert calls == [BITWUZLA, COFACTOR, DIVISION, QFBV]
    calls = _recording(monkeypatch, answering=DIVISION)  # it takes over from a slow winner
    slow = StrategyMemory(winner=BITWUZLA, seconds=1.0)
    assert check([z3.BoolVal(True)], "QF_BV", 5.0, slow)[0] == z3.unsat
    assert calls == [QFBV, COFACTOR, DIVISION] and slow.winner == DIVISION
    calls = _recording(monkeypatch, answering=BITWUZLA)
    slow = StrategyMemory(winner=COFACTOR, seconds=1.0)
    assert check([z3.BoolVal(True)], "QF_BV", 5.0, slow)[0] == z3.unsat
    assert calls == [BITWUZLA] and slow.winner == BITWUZLA


@pytest.mark.skipif(not bitwuzla_strategy.AVAILABLE, reason="Bitwuzla not installed")
def test_bitwuzla_resumes_across_slices() -> None:
    """A query that takes Bitwuzla most of a second (x udiv y, urem y at 10 bits; 0.7 s)
    is answered in 0.05 s slices of one `Prepared` (each resumes the last), where a fresh
    start in each slice answers none of them."""
    x, y = z3.BitVecs("x y", 10)
    query = [z3.UDiv(x, y) * y + z3.URem(x, y) != x, y != 0]
    fresh = [bitwuzla_strategy.prepare(query) for _ in range(5)]
    assert all(p is not None and p.check(0.05, 0)[0] == z3.unknown for p in fresh)
    prepared = bitwuzla_strategy.prepare(query)
    assert prepared is not None
    answers = [prepared.check(0.05, 0)[0] for _ in range(3)]
    assert answers == [z3.unknown] * 3  # not in 0.15 s either
    for _ in range(200):  # 10 s at most
        answer = prepared.check(0.05, 0)[0]
        if answer != z3.unknown:
            break
    assert answer == z3.unsat


@pytest.mark.skipif(not bitwuzla_strategy.AVAILABLE, reason="Bitwuzla not installed")
def test_an_unconfirmed_bitwuzla_model_restarts_the_next_slice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A sat answer whose model Z3 does not confirm is no answer, and the next slice starts
    over (a resumed solver would only give the same model again); a confirmed one is the
    answer, its model a Z3 model of the query."""
    x = z3.BitVec("x", 8)
    prepared = bitwuzla_strategy.prepare([x * 3 == 9])
    assert prepared is not None
    result, model, _ = prepared.check(5.0, 0)
    assert result == z3.sat and model is not None and model.eval(x * 3).as_long() == 9
    monkeypatch.setattr(bitwuzla_strategy, "_fixed", lambda *_args: z3.BoolVal(False))
    assert prepared.check(5.0, 0)[0] == z3.unknown
    assert prepared._session is None  # the state this test is about


def test_own_context_builds_and_solves_in_a_fresh_context() -> None:
    """Inside `own_context` every term is built in a Z3 context of the block's own (not the
    process's, not a previous block's), its queries are solved there (a model comes back
    there), and the process's context is the main one again after the block."""
    from irproof.verifier.solver import own_context

    outside = z3.BitVec("x", 8)
    contexts = []
    for _ in range(2):
        with own_context():
            x = z3.BitVec("x", 8)
            contexts.append(x.ctx)
            assert x.ctx is z3.main_ctx() and x.ctx is not outside.ctx
            result, model, _ = check([x * 3 == 9], "QF_BV", 5.0)
            assert result == z3.sat and model is not None and model.ctx is x.ctx
            assert check([x + x != 2 * x], "QF_BV", 5.0)[0] == z3.unsat
    assert contexts[0] is not contexts[1]
    assert z3.main_ctx() is outside.ctx


def _context_left_alive() -> bool:
    """Whether the Z3 context of a block that built and solved one query outlives it."""
    import gc
    import weakref

    from irproof.verifier.solver import own_context

    with own_context():
        x = z3.BitVec("x", 8)
        context = weakref.ref(x.ctx)
        assert check([x + x != 2 * x], "QF_BV", 5.0)[0] == z3.unsat
        del x
    gc.collect()
    return context() is not None


@pytest.mark.skipif(not bitwuzla_strategy.AVAILABLE, reason="Bitwuzla not installed")
def test_solving_leaves_nothing_alive(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bitwuzla's solver keeps its terminator alive; the terminator holds the query weakly,
    so once solved, the query and its Z3 context are freed. Twin: a terminator bound to
    the query (a cycle through Bitwuzla that the collector cannot see) keeps them."""
    assert not _context_left_alive()
    monkeypatch.setattr(bitwuzla_strategy, "_terminator", lambda prepared: prepared.expired)
    assert _context_left_alive()


def test_the_division_rewriting_is_done_only_when_its_turn_comes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A query with a division that the first strategy answers is never rewritten; one that
    reaches the division rewriting's slice is rewritten once (and where it has only constant
    divisors, the strategy steps aside)."""
    from irproof.verifier import solver

    rewrites: list[int] = []
    original = solver.abstract_divisions

    def counted(assertions: list[z3.BoolRef]) -> list[z3.BoolRef] | None:
        rewrites.append(len(assertions))
        return original(assertions)

    monkeypatch.setattr(solver, "abstract_divisions", counted)
    x, y = z3.BitVec("x", 8), z3.BitVec("y", 8)
    easy = [z3.UDiv(x, y) != z3.UDiv(x, y) + 0]
    assert check(easy, "QF_BV", 5.0)[0] == z3.unsat  # a lone query: the first strategy first
    assert rewrites == []
    hard = [z3.UDiv(x, y) * y + z3.URem(x, y) != x]
    assert check(hard, "QF_BV", 5.0, StrategyMemory(), opening=[(DIVISION, 1.0)])[0] == z3.unsat
    assert rewrites == [1]
    strategies = solver._strategies("QF_BV", [z3.UDiv(x, 3) == 5], None)
    assert strategies[DIVISION](1.0, 0)[2] == solver.exhaustive.NOT_APPLICABLE
