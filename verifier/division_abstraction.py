"""Division by a defined quotient and remainder: an exact rewriting of bit-vector queries.

Z3 bit-blasts `bvudiv`/`bvurem` into divider circuits, on which a SAT solver cannot see
algebra: `(x udiv exact y) * -y == -x` takes 5.6 s at 14 bits and times out at 16. This
module replaces each division of two non-constants with fresh variables `q`, `r` and
their definition:

    y != 0  ->  x == q * y + r,  r <u y,  q * y and q * y + r do not overflow (unsigned)
    y == 0  ->  q == -1,  r == x        (SMT-LIB's total division)

For every `x`, `y` exactly one `q`, `r` satisfy it (Euclidean division, and SMT-LIB's values
at 0), and they are `x udiv y` and `x urem y`: the rewritten query is satisfiable exactly
when the original is, and a model of it is a model of the original (the original terms
evaluate to `q`, `r`). Z3 can now substitute `x := q * y + r` and simplify by ring algebra.
Z3's internal `bvudiv_i` & co. (left by `z3.simplify`; unspecified at 0) get no constraint
at 0: the rewritten query then has at least the original's models, so *unsat* still proves
the original unsat, and the solver checks a model against the original query before it
uses it (`irproof.verifier.solver.check`).

`bvsdiv`/`bvsrem` get a pair of their own, with the truncating definition:

    y != 0, not (x == MIN and y == -1)  ->  x == q * y + r without signed overflow,
                                           |r| <u |y|,  r == 0 or r has the sign of x
    x == MIN, y == -1  ->  q == MIN,  r == 0        y == 0  ->  q == (x < 0 ? 1 : -1),  r == x

(again exactly one `q`, `r` for every `x`, `y`: SMT-LIB's values). A signed and an unsigned
division of the same operands are linked by a lemma that holds by definition: with both
operands non-negative their quotients and remainders are equal (`sdiv -> udiv` rewrites).
`bvsmod` is expanded by its SMT-LIB definition into the unsigned division of the absolute
values. The solver runs this as one of its strategies (`irproof.verifier.solver`).
"""

from __future__ import annotations

import z3

from irproof.verifier.term_walk import bottom_up

UNSIGNED = {
    z3.Z3_OP_BUDIV: 0,
    z3.Z3_OP_BUREM: 1,
    z3.Z3_OP_BUDIV_I: 0,
    z3.Z3_OP_BUREM_I: 1,
}
SIGNED = {
    z3.Z3_OP_BSDIV: z3.Z3_OP_BSDIV,
    z3.Z3_OP_BSREM: z3.Z3_OP_BSREM,
    z3.Z3_OP_BSMOD: z3.Z3_OP_BSMOD,
    z3.Z3_OP_BSDIV_I: z3.Z3_OP_BSDIV,
    z3.Z3_OP_BSREM_I: z3.Z3_OP_BSREM,
    z3.Z3_OP_BSMOD_I: z3.Z3_OP_BSMOD,
}
INTERNAL = frozenset(
    {z3.Z3_OP_BUDIV_I, z3.Z3_OP_BUREM_I, z3.Z3_OP_BSDIV_I, z3.Z3_OP_BSREM_I, z3.Z3_OP_BSMOD_I}
)
"""Z3's division ops whose value at divisor 0 is unspecified (what `z3.simplify` leaves
where a divisor was shown non-zero or does not matter): there `q`, `r` stay free."""

MAX_TERMS = 200_000
"""Queries bigger than this (terms visited) are left alone: rewriting them costs more
than it can save."""


class _NotApplicable(Exception):
    pass


class _Rewriter:
    def __init__(self) -> None:
        self.definitions: list[z3.BoolRef] = []
        self.divisions: dict[tuple[int, int, bool], tuple[z3.BitVecRef, z3.BitVecRef]] = {}
        self.signed_divisions: dict[tuple[int, int, bool], tuple[z3.BitVecRef, z3.BitVecRef]] = {}
        self.operands: dict[tuple[int, int, bool], tuple[z3.BitVecRef, z3.BitVecRef]] = {}
        self.done: dict[int, z3.ExprRef] = {}
        self.changed = False
        self.introduced = 0

    def _fresh(self, sort: z3.BitVecSortRef, prefix: str) -> tuple[z3.BitVecRef, z3.BitVecRef]:
        """A new quotient and remainder, numbered within this query (`z3.FreshConst`
        numbers across the process, and Z3's solving time depends on the names: Alive's
        265-2 took its division strategy 0.2-2.3 s depending on how many fresh constants
        came before)."""
        self.introduced += 1
        n = self.introduced
        return z3.BitVec(f"{prefix}_q!{n}", sort), z3.BitVec(f"{prefix}_r!{n}", sort)

    def quotient_remainder(
        self, x: z3.BitVecRef, y: z3.BitVecRef, total: bool = True
    ) -> tuple[z3.BitVecRef, z3.BitVecRef]:
        key = (x.get_id(), y.get_id(), total)
        self.operands[key] = (x, y)
        if key not in self.divisions:
            sort = z3.BitVecSort(x.size())
            q, r = self._fresh(sort, "irproof_div")
            product = q * y
            defined = z3.And(
                x == product + r,
                z3.ULT(r, y),
                z3.BVMulNoOverflow(q, y, False),
                z3.BVAddNoOverflow(product, r, False),
            )
            if total:
                at_zero = z3.And(q == z3.BitVecVal(-1, x.size()), r == x)
                self.definitions.append(z3.If(y != 0, defined, at_zero))
            else:
                self.definitions.append(z3.Implies(y != 0, defined))
            self.divisions[key] = (q, r)
        return self.divisions[key]

    def signed(self, kind: int, x: z3.BitVecRef, y: z3.BitVecRef, total: bool) -> z3.BitVecRef:
        top = x.size() - 1
        mx = z3.Extract(top, top, x) == 1
        my = z3.Extract(top, top, y) == 1
        if kind == z3.Z3_OP_BSMOD:
            ax, ay = z3.If(mx, -x, x), z3.If(my, -y, y)
            u = self.quotient_remainder(ax, ay, total)[1]  # type: ignore[arg-type]
            return z3.If(  # type: ignore[return-value]
                u == 0,
                u,
                z3.If(
                    z3.And(z3.Not(mx), z3.Not(my)),
                    u,
                    z3.If(mx == my, -u, z3.If(mx, -u + y, u + y)),
                ),
            )
        part = 0 if kind == z3.Z3_OP_BSDIV else 1
        return self.signed_quotient_remainder(x, y, total)[part]

    def signed_quotient_remainder(
        self, x: z3.BitVecRef, y: z3.BitVecRef, total: bool = True
    ) -> tuple[z3.BitVecRef, z3.BitVecRef]:
        """`bvsdiv`/`bvsrem` as fresh `q`, `r` with their definition (module docstring)."""
        key = (x.get_id(), y.get_id(), total)
        self.operands[key] = (x, y)
        if key in self.signed_divisions:
            return self.signed_divisions[key]
        w = x.size()
        sort = z3.BitVecSort(w)
        q, r = self._fresh(sort, "irproof_sdiv")
        product = q * y
        minimum, minus_one = z3.BitVecVal(1 << (w - 1), w), z3.BitVecVal(-1, w)
        zero = z3.BitVecVal(0, w)

        def magnitude(v: z3.BitVecRef) -> z3.BitVecRef:
            return z3.If(v < 0, -v, v)  # type: ignore[return-value]

        defined = z3.And(
            x == product + r,
            z3.BVMulNoOverflow(q, y, True),
            z3.BVMulNoUnderflow(q, y),
            z3.BVAddNoOverflow(product, r, True),
            z3.BVAddNoUnderflow(product, r),
            z3.ULT(magnitude(r), magnitude(y)),
            z3.Or(r == 0, (r < 0) == (x < 0)),
        )
        overflow = z3.And(x == minimum, y == minus_one)
        cases = z3.If(overflow, z3.And(q == minimum, r == zero), defined)
        if total:
            at_zero = z3.And(q == z3.If(x < 0, z3.BitVecVal(1, w), minus_one), r == x)
            self.definitions.append(z3.If(y != 0, cases, at_zero))
        else:
            self.definitions.append(z3.Implies(y != 0, cases))
        self.signed_divisions[key] = (q, r)
        return q, r

    def linking_lemmas(self) -> list[z3.BoolRef]:
        """For a signed and an unsigned division of the same operands: with both operands
        non-negative they agree (true by definition; spares the solver relating two
        products)."""
        lemmas: list[z3.BoolRef] = []
        for key, (q, r) in self.signed_divisions.items():
            unsigned = self.divisions.get(key)
            if unsigned is None:
                continue
            x, y = self.operands[key]
            lemmas.append(
                z3.Implies(z3.And(x >= 0, y >= 0), z3.And(q == unsigned[0], r == unsigned[1]))
            )
        return lemmas

    def rewrite(self, root: z3.ExprRef) -> z3.ExprRef:
        """Bottom-up (`irproof.verifier.term_walk`)."""
        return bottom_up(root, self.done, self._make)

    def _make(self, term: z3.ExprRef) -> z3.ExprRef:
        if len(self.done) > MAX_TERMS:
            raise _NotApplicable
        if not z3.is_app(term) or term.num_args() == 0:
            return term
        return self._apply(term, [self.done[c.get_id()] for c in term.children()])

    def _apply(self, term: z3.ExprRef, args: list[z3.ExprRef]) -> z3.ExprRef:
        kind = term.decl().kind()
        # A numeral operand: Z3's divider circuit folds it (a constant divisor becomes
        # shifts and multiplications, a constant dividend a small circuit), which beats
        # the product `q * y` of two unknowns.
        divisor_known = len(args) == 2 and (z3.is_bv_value(args[0]) or z3.is_bv_value(args[1]))
        total = kind not in INTERNAL
        if kind in UNSIGNED and not divisor_known:
            self.changed = True
            x, y = args
            return self.quotient_remainder(x, y, total)[UNSIGNED[kind]]  # type: ignore[arg-type]
        if kind in SIGNED and not divisor_known:
            self.changed = True
            return self.signed(SIGNED[kind], args[0], args[1], total)  # type: ignore[arg-type]
        if all(a.eq(c) for a, c in zip(args, term.children(), strict=True)):
            return term
        return term.decl()(*args)


def abstract_divisions(assertions: list[z3.BoolRef]) -> list[z3.BoolRef] | None:
    """The assertions with every division by a non-constant defined as above; None when
    there is none (or the query is too big, or uses Z3's internal division functions)."""
    if not mentions_division(assertions):  # the usual case: no walk in Python
        return None
    rewriter = _Rewriter()
    try:
        rewritten = [rewriter.rewrite(a) for a in assertions]
    except _NotApplicable:
        return None
    if not rewriter.changed:
        return None
    return [*rewritten, *rewriter.definitions, *rewriter.linking_lemmas()]  # type: ignore[list-item]


_DIVISION_NAMES = ("bvudiv", "bvurem", "bvsdiv", "bvsrem", "bvsmod")
"""How Z3 prints the ops of `UNSIGNED` and `SIGNED` (the `_i` forms extend these names)."""


def mentions_division(assertions: list[z3.BoolRef], text: str | None = None) -> bool:
    """Whether a division op may occur, from Z3's own printing (in C, so far cheaper than
    visiting the terms here; `text`: the assertions printed already, e.g. as SMT-LIB); a
    false positive only costs the walk."""
    text = " ".join(a.sexpr() for a in assertions) if text is None else text
    return any(name in text for name in _DIVISION_NAMES)
