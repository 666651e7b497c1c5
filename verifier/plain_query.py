"""A Z3 query as plain SMT-LIB QF_BV text: what the strategies beyond Z3 read.

Z3 prints the query once (in C, well under a millisecond); Bitwuzla
(`irproof.verifier.bitwuzla_strategy`) parses that text, and exhaustive evaluation
(`irproof.verifier.exhaustive`) counts the input bits its declarations name before it
compiles anything. Only queries over Boolean and bit-vector constants qualify: one with
functions, arrays or floats, or with Z3's internal division functions (which `z3.simplify`
leaves where a divisor cannot be 0, unspecified at 0 and not SMT-LIB), gives None.

Z3's multiplication-overflow predicates (`bvumul_noovfl`, `bvsmul_noovfl`, `bvsmul_noudfl`,
which the division rewriting, `irproof.verifier.division_abstraction`, writes) are not
SMT-LIB either, but SMT-LIB 2.7's `bvumulo`/`bvsmulo` (which Bitwuzla reads) say the same:
the script defines each under Z3's name (`define-fun`, at the one width it is used at; a
predicate used at two widths makes the query not plain). Bitwuzla answers the division
rewriting's queries of the Alive suite as fast as Z3 or up to 24x faster (265-2's
parametric query 0.04 s against 0.24 s; 266-2 at i64 0.02 s against 0.1 s).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import z3

Z3_INTERNAL = ("bvudiv_i", "bvsdiv_i", "bvurem_i", "bvsrem_i", "bvsmod_i")
"""Z3's own division functions, with no SMT-LIB meaning at divisor 0."""

_SAME_SIGN = "(= ((_ extract {top} {top}) a) ((_ extract {top} {top}) b))"
OVERFLOW_DEFINITIONS = {
    z3.Z3_OP_BUMUL_NO_OVFL: ("bvumul_noovfl", "(not (bvumulo a b))"),
    # The exact product is above the signed maximum only with both signs alike (and no
    # operand 0), below the minimum only with the signs different.
    z3.Z3_OP_BSMUL_NO_OVFL: ("bvsmul_noovfl", f"(not (and (bvsmulo a b) {_SAME_SIGN}))"),
    z3.Z3_OP_BSMUL_NO_UDFL: ("bvsmul_noudfl", f"(not (and (bvsmulo a b) (not {_SAME_SIGN})))"),
}
"""Z3's multiplication-overflow predicates: their printed name and their SMT-LIB 2.7 body
over operands `a`, `b` (`{top}`: the sign bit's index)."""

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
    definitions: str | None = ""
    if any(name in text for name, _ in OVERFLOW_DEFINITIONS.values()):
        definitions = _overflow_definitions(assertions)
    if definitions is None:
        return None
    bits = 0
    for line in text.splitlines():
        if not line.startswith("(declare"):
            continue
        match = _PLAIN_CONSTANT.match(line)
        if match is None:
            return None  # a function, an array, a float, ...
        bits += int(match.group(2)) if match.group(2) else 1
    script = "(set-logic QF_BV)\n" + definitions + text.replace("(check-sat)", "")
    return PlainQuery(list(assertions), script, bits)


def _overflow_definitions(assertions: Sequence[z3.BoolRef]) -> str | None:
    """A `define-fun` for each of Z3's overflow predicates the assertions use, or None when
    one is used at two widths."""
    widths: dict[int, int] = {}
    seen: set[int] = set()
    stack: list[z3.ExprRef] = list(assertions)
    while stack:
        term = stack.pop()
        if term.get_id() in seen or not z3.is_app(term):
            continue
        seen.add(term.get_id())
        kind = term.decl().kind()
        if kind in OVERFLOW_DEFINITIONS:
            width = term.arg(0).size()  # type: ignore[attr-defined]
            if widths.setdefault(kind, width) != width:
                return None
        stack += term.children()
    lines = []
    for kind, width in widths.items():
        name, body = OVERFLOW_DEFINITIONS[kind]
        sort = f"(_ BitVec {width})"
        lines.append(
            f"(define-fun {name} ((a {sort}) (b {sort})) Bool {body.format(top=width - 1)})\n"
        )
    return "".join(lines)
