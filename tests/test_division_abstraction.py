"""Division by a defined quotient and remainder (`irproof.verifier.division_abstraction`).

The rewriting must be exact: at widths 1-4, for every dividend and divisor (0 included), the
rewritten `z == x op y` holds for exactly Z3's own value of `x op y`, for each of udiv,
urem, sdiv, srem and smod. Then the rewrites it was built for: Alive's division rewrites
that timed out at 16 bits are proved at 16 and 32, and twins that are wrong stay
`incorrect`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import z3

from irproof.api import verify_file
from irproof.verifier.division_abstraction import abstract_divisions
from irproof.verifier.solver import check
from irproof.verifier.verify import CORRECT, INCORRECT, VerifyOptions

WIDTHS = (1, 2, 3, 4)
OPS: dict[str, Callable[[z3.BitVecRef, z3.BitVecRef], z3.BitVecRef]] = {
    "udiv": z3.UDiv,
    "urem": z3.URem,
    "sdiv": lambda x, y: x / y,
    "srem": z3.SRem,
    "smod": lambda x, y: x % y,
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(OPS))
def test_the_rewriting_is_exact_at_every_input(name: str, width: int) -> None:
    """Width 1 has no room for a sign and a magnitude; width 4 has MIN / -1 and zero
    divisors among 256 input pairs."""
    op = OPS[name]
    x, y, z = (z3.BitVec(n, width) for n in "xyz")
    rewritten = abstract_divisions([z == op(x, y)])
    assert rewritten is not None  # the division was replaced
    for cx in range(1 << width):
        for cy in range(1 << width):
            a, b = z3.BitVecVal(cx, width), z3.BitVecVal(cy, width)
            expected = z3.simplify(op(a, b))
            fixed = [*rewritten, x == a, y == b]
            solver = z3.Solver()
            solver.add(*fixed)
            assert solver.check() == z3.sat, (name, cx, cy)
            solver.add(z != expected)
            assert solver.check() == z3.unsat, (name, cx, cy, expected)


def test_signed_and_unsigned_division_of_the_same_operands_are_linked() -> None:
    """Both operands non-negative: `sdiv` and `udiv` agree, and the rewritten query says so
    without the solver relating two products; with a negative operand it must not."""
    x, y = z3.BitVec("x", 32), z3.BitVec("y", 32)
    agree = abstract_divisions([z3.ULT(x, 1 << 31), z3.ULT(y, 1 << 31), x / y != z3.UDiv(x, y)])
    assert agree is not None and check(agree, "QF_BV", 10.0)[0] == z3.unsat
    differ = abstract_divisions([x < 0, y > 0, x / y != z3.UDiv(x, y)])
    assert differ is not None and check(differ, "QF_BV", 10.0)[0] == z3.sat


def test_a_constant_divisor_is_left_to_z3() -> None:
    x = z3.BitVec("x", 8)
    assert abstract_divisions([z3.UDiv(x, 4) == 1]) is None


def test_zs_internal_division_keeps_unsat_and_checks_models() -> None:
    """`z3.simplify` leaves `bvudiv_i` where the divisor cannot be 0; a model of the
    rewritten query is used only if it satisfies the original."""
    x, y = z3.BitVec("x", 16), z3.BitVec("y", 16)
    exact = z3.simplify(z3.And(y != 0, z3.URem(x, y) == 0, z3.UDiv(x, y) * -y != -x))
    assert check([exact], "QF_BV", 10.0)[0] == z3.unsat
    wrong = z3.simplify(z3.And(y != 0, z3.UDiv(x, y) * y != x))
    result, model, _ = check([wrong], "QF_BV", 10.0)
    assert result == z3.sat and model is not None
    assert z3.is_true(model.eval(wrong, model_completion=True))


REWRITES = """
Name: 266
%div = udiv exact %X, %Y
%negY = sub 0, %Y
%r = mul %div, %negY
  =>
%r = sub 0, %X

Name: 266-broken
%div = udiv %X, %Y
%negY = sub 0, %Y
%r = mul %div, %negY
  =>
%r = sub 0, %X

Name: 266-2
%div = sdiv exact %X, %Y
%negY = sub 0, %Y
%r = mul %div, %negY
  =>
%r = sub 0, %X

Name: 266-2-broken
%div = sdiv %X, %Y
%negY = sub 0, %Y
%r = mul %div, %negY
  =>
%r = sub 0, %X

Name: 1062
Pre: MaskedValueIsZero(%Op0, 1<<(width(%Op0)-1)) && MaskedValueIsZero(%Op1, 1<<(width(%Op0)-1))
%r = sdiv %Op0, %Op1
  =>
%r = udiv %Op0, %Op1

Name: 1062-broken
Pre: MaskedValueIsZero(%Op1, 1<<(width(%Op0)-1))
%r = sdiv %Op0, %Op1
  =>
%r = udiv %Op0, %Op1

Name: 1333
Pre: MaskedValueIsZero(%Op1, 1<<(width(%Op1)-1)) && MaskedValueIsZero(%Op0, 1<<(width(%Op0)-1))
%r = srem %Op0, %Op1
  =>
%r = urem %Op0, %Op1
"""


def test_division_rewrites_that_timed_out_are_proved_and_twins_refuted(tmp_path: Path) -> None:
    path = tmp_path / "divisions.opt"
    path.write_text(REWRITES)
    results = {r.name: r for r in verify_file(str(path), VerifyOptions(widths=(16, 32)))}
    for name in ("_266", "_266_2", "_1062", "_1333"):
        assert results[name].verdict == CORRECT, (name, results[name].reason)
    for name in ("_266_broken", "_266_2_broken", "_1062_broken"):
        assert results[name].verdict == INCORRECT, (name, results[name].reason)
