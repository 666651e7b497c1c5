"""`math.ctlz`/`math.cttz` encoded by halving (`irproof.semantics.math`): at every width from
1 to 9 (powers of two and not), for every input, the encoding's value is the count of
leading/trailing zeros (the width for 0)."""

from __future__ import annotations

import pytest
import z3

from irproof.semantics.builder import Z3Builder
from irproof.semantics.math import count_leading_zeros, count_trailing_zeros


def _leading(value: int, width: int) -> int:
    return width - value.bit_length()


def _trailing(value: int, width: int) -> int:
    return width if value == 0 else (value & -value).bit_length() - 1


@pytest.mark.parametrize("width", range(1, 10))
def test_counts_of_zeros_at_every_input(width: int) -> None:
    b = Z3Builder()
    x = z3.BitVec("x", width)
    leading, trailing = count_leading_zeros(b, x), count_trailing_zeros(b, x)
    for value in range(1 << width):
        point = [(x, z3.BitVecVal(value, width))]
        got_leading = z3.simplify(z3.substitute(leading, *point)).as_long()  # type: ignore[attr-defined]
        got_trailing = z3.simplify(z3.substitute(trailing, *point)).as_long()  # type: ignore[attr-defined]
        assert got_leading == _leading(value, width), (width, value)
        assert got_trailing == _trailing(value, width), (width, value)


def test_the_encoding_is_logarithmic_in_the_width() -> None:
    """At 64 bits: 6 halving steps, not a chain of 64 muxes over 64-bit values."""
    x = z3.BitVec("x", 64)
    term = count_leading_zeros(Z3Builder(), x)
    assert _distinct_ites(term) <= 2 * 6 + 1


def _distinct_ites(term: z3.ExprRef) -> int:
    seen: set[int] = set()
    ites = 0
    stack = [term]
    while stack:
        node = stack.pop()
        if node.get_id() in seen:
            continue
        seen.add(node.get_id())
        if z3.is_app_of(node, z3.Z3_OP_ITE):
            ites += 1
        stack += node.children()
    return ites
