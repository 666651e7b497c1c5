"""A Z3 query as plain SMT-LIB QF_BV text: what the strategies beyond Z3 read.

Z3 prints the query once (in C, well under a millisecond); Bitwuzla
(`irproof.verifier.bitwuzla_strategy`) parses that text, and exhaustive evaluation
(`irproof.verifier.exhaustive`) counts the input bits its declarations name before it
compiles anything. Only queries over Boolean and bit-vector constants qualify: one with
functions, arrays or floats, or with Z3's internal division functions (which `z3.simplify`
leaves where a divisor cannot be 0, unspecified at 0 and not SMT-LIB), gives None.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import z3

Z3_INTERNAL = ("bvudiv_i", "bvsdiv_i", "bvurem_i", "bvsrem_i", "bvsmod_i")
"""Z3's own division functions, with no SMT-LIB meaning at divisor 0."""

_PLAIN_CONSTANT = re.compile(r"^\(declare-fun \S+ \(\) (Bool|\(_ BitVec (\d+)\))\)$")


@dataclass(frozen=True)
class PlainQuery:
    """The assertions, their SMT-LIB script (logic and declarations, no `check-sat`), and
    the bits of all their free constants together (a Boolean counts 1)."""

    assertions: list[z3.BoolRef]
    script: str
    input_bits: int


def smt2_text(assertions: Sequence[z3.BoolRef]) -> str:
    """The assertions as Z3 prints them for a solver: declarations, assertions, check-sat."""
    solver = z3.Solver(ctx=assertions[0].ctx if assertions else None)
    solver.add(*assertions)
    return solver.to_smt2()


def plain_query(assertions: Sequence[z3.BoolRef], text: str | None = None) -> PlainQuery | None:
    """The query as plain QF_BV text, or None when it is more than that (`text`: its
    `smt2_text`, when the caller printed it already)."""
    text = smt2_text(assertions) if text is None else text
    if any(name in text for name in Z3_INTERNAL):
        return None
    bits = 0
    for line in text.splitlines():
        if not line.startswith("(declare"):
            continue
        match = _PLAIN_CONSTANT.match(line)
        if match is None:
            return None  # a function, an array, a float, ...
        bits += int(match.group(2)) if match.group(2) else 1
    script = "(set-logic QF_BV)\n" + text.replace("(check-sat)", "")
    return PlainQuery(list(assertions), script, bits)
