"""A Z3 query as plain SMT-LIB for Bitwuzla (`irproof.verifier.plain_query`).

Z3's multiplication-overflow predicates are printed under their Z3 names; the script
defines each by SMT-LIB 2.7's `bvumulo`/`bvsmulo`. The definitions must mean what Z3's
predicates mean: at widths 1-5, both Z3 (its built-ins) and Bitwuzla (the definitions)
find no input where the predicate differs from the exact product's range test; and a
definition with the sign test left out would differ (the check can fail).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import z3

from irproof.verifier import bitwuzla_strategy
from irproof.verifier.division_abstraction import abstract_divisions
from irproof.verifier.plain_query import OVERFLOW_DEFINITIONS, plain_query
from irproof.verifier.solver import _rewritten_runner

needs_bitwuzla = pytest.mark.skipif(not bitwuzla_strategy.AVAILABLE, reason="bitwuzla missing")

Predicate = Callable[[z3.BitVecRef, z3.BitVecRef], z3.BoolRef]


def _exact(a: z3.BitVecRef, b: z3.BitVecRef, signed: bool) -> z3.BitVecRef:
    """The exact product, in twice the width (plain SMT-LIB)."""
    extend = z3.SignExt if signed else z3.ZeroExt
    return extend(a.size(), a) * extend(b.size(), b)  # type: ignore[no-any-return]


def _fits_unsigned(a: z3.BitVecRef, b: z3.BitVecRef) -> z3.BoolRef:
    return z3.ULE(_exact(a, b, False), (1 << a.size()) - 1)


def _below_signed_max(a: z3.BitVecRef, b: z3.BitVecRef) -> z3.BoolRef:
    return _exact(a, b, True) <= (1 << (a.size() - 1)) - 1


def _above_signed_min(a: z3.BitVecRef, b: z3.BitVecRef) -> z3.BoolRef:
    return _exact(a, b, True) >= -(1 << (a.size() - 1))


CASES: dict[str, tuple[Predicate, Predicate]] = {
    "bvumul_noovfl": (lambda a, b: z3.BVMulNoOverflow(a, b, False), _fits_unsigned),
    "bvsmul_noovfl": (lambda a, b: z3.BVMulNoOverflow(a, b, True), _below_signed_max),
    "bvsmul_noudfl": (z3.BVMulNoUnderflow, _above_signed_min),
}


def _bitwuzla(assertions: list[z3.BoolRef]) -> z3.CheckSatResult:
    plain = plain_query(assertions)
    assert plain is not None, "Z3's overflow predicates make the query not plain"
    prepared = bitwuzla_strategy.prepare(plain)
    assert prepared is not None, plain.script
    return prepared.check(10.0, 0)[0]


def test_every_overflow_predicate_has_a_definition() -> None:
    assert sorted(name for name, _ in OVERFLOW_DEFINITIONS.values()) == sorted(CASES)


@needs_bitwuzla
@pytest.mark.parametrize("width", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("name", sorted(CASES))
def test_the_definitions_mean_what_z3s_predicates_mean(name: str, width: int) -> None:
    predicate, reference = CASES[name]
    a, b = z3.BitVec("a", width), z3.BitVec("b", width)
    differs = [predicate(a, b) != reference(a, b)]
    assert z3.Solver().check(*differs) == z3.unsat  # Z3's built-in is the range test
    assert _bitwuzla(differs) == z3.unsat  # and so is the definition Bitwuzla reads
    # The twin: signed overflow and underflow are different predicates (a definition
    # without its sign test would agree with both).
    if name != "bvumul_noovfl" and width > 1:
        other = _below_signed_max if name == "bvsmul_noudfl" else _above_signed_min
        assert _bitwuzla([predicate(a, b) != other(a, b)]) == z3.sat


def test_a_predicate_at_two_widths_is_not_plain() -> None:
    a, b = z3.BitVec("a", 8), z3.BitVec("b", 8)
    c, d = z3.BitVec("c", 16), z3.BitVec("d", 16)
    one_width = [z3.BVMulNoOverflow(a, b, False), z3.Not(z3.BVMulNoOverflow(b, a, False))]
    assert plain_query(one_width) is not None
    two_widths = [z3.BVMulNoOverflow(a, b, False), z3.BVMulNoOverflow(c, d, False)]
    assert plain_query(two_widths) is None


@needs_bitwuzla
def test_the_division_rewriting_is_solved_by_bitwuzla() -> None:
    """The rewritten query of an exact division (Alive's 266-2 at i64) is plain, and the
    division strategy proves it; without `exact` it finds a counterexample that satisfies
    the rewritten query (the solver checks it against the original)."""
    x, y = z3.BitVec("x", 64), z3.BitVec("y", 64)
    ok = z3.And(y != 0, z3.Not(z3.And(x == 1 << 63, y == -1)))
    exact = abstract_divisions([ok, z3.SRem(x, y) == 0, (x / y) * -y != -x])
    assert exact is not None and plain_query(exact) is not None
    assert _rewritten_runner(exact)(10.0, 0)[0] == z3.unsat
    inexact = abstract_divisions([ok, (x / y) * -y != -x])
    assert inexact is not None
    result, model, _ = _rewritten_runner(inexact)(10.0, 0)
    assert result == z3.sat and model is not None
    assert all(z3.is_true(model.eval(a, model_completion=True)) for a in inexact)
