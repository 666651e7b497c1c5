"""Width-parametric semantics in the aligned layout: a w-bit value in the TOP w bits.

`irproof.semantics.parametric` keeps a w-bit value in the low w bits of an N-bit container
(the *low* layout). Here it sits in the high w bits, the N - w bits below it zero: the
value v is the container term v * 2^(N-w). For the ops of this module that layout needs
no width at all:

- add, sub, and, or, xor of two aligned values are the N-bit ops (the carries out of
  bit N-1 are the carries out of the w-bit value's top bit, and the zero bits stay zero),
  and so are their overflow flags (signed: the signs of operands and result at bit N-1;
  unsigned: the wrapped sum below an operand, the minuend below the subtrahend);
- every comparison is the N-bit one (the sign bit is bit N-1 at every width), and so are
  min, max, select and equality of results.

Only constants and inputs read the width: c is `c << (N - w)`, an input the free N-bit
term with its low N - w bits cleared (`high`, the top w bits set: also the value -1).
A width-generic rewrite of these ops alone (range checks, comparisons of sums: Alive's
AndOrXor:280 and 298) is then as hard for the solver as its 64-bit instance: AndOrXor:298
as one query 1 s for Z3, 2-6.5 s in the low layout (whose masks and sign-bit terms make the
SAT solver case-split on the width). Ops that need the value's position (multiplication,
division, shifts, casts, width arithmetic, counting) have no rule here: a pair with any of
them uses the low layout (`irproof.verifier.width_parametric` picks one per pair). Rules
for them were written and measured: a shift reads its amount as a number (the value
shifted down by N - w), a cast is one shift by the difference of the widths, a count is
placed back at the top; all proved equal to the per-width rules, and slower to solve.
On the Alive suite's 56 width-parametric queries with shifts, casts or counts they took
54 s against 30 s in the low layout (Select:465 and 762 0.2-0.4 s -> 2-5 s; only signed
right shifts gained: Select:575 0.4 s -> 0.1 s), and on the canonicalization corpus
5 of 20 cast rewrites found no proof in 5 s (0.1-0.4 s in the low layout).
`tests/test_parametric_semantics.py` proves every rule equal to the per-width rule, by SMT.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import z3
from xdsl.dialects.builtin import IntegerAttr
from xdsl.ir import Operation

from irproof.semantics.arith import CMPI_PREDICATES, overflow_flags
from irproof.semantics.parametric import (
    BITWISE,
    ParametricContext,
    ParametricRule,
    PValue,
    any_of,
    integer_constant,
    split_predicate,
)
from irproof.tables import registrar

ALIGNED_RULES: dict[str, ParametricRule] = {}
_rule = registrar(ALIGNED_RULES)


def place(ctx: ParametricContext, raw: z3.BitVecRef, w: z3.BitVecRef) -> z3.BitVecRef:
    """A free input of width w: the N-bit term `raw` with its low N - w bits cleared."""
    return raw & ctx.high(w)


def aligned_constant(ctx: ParametricContext, c: int, w: z3.BitVecRef) -> z3.BitVecRef:
    """c at width w: its low w bits, at the top."""
    folded = z3.simplify(w)
    if z3.is_bv_value(folded):
        n = folded.as_long()
        return ctx.const((c % (1 << n)) << (ctx.container - n))
    if c % (1 << ctx.container) == 0:
        return ctx.const(0)
    if c % (1 << ctx.container) == (1 << ctx.container) - 1:
        return ctx.high(w)  # -1: every bit of the value set
    if c == 1:
        return -ctx.high(w)  # 2^(N-w): `x - 1` is `x + high`, `x + 1` is `x - high`
    return ctx.const(c) << (ctx.const(ctx.container) - w)


def _result(
    value: z3.BitVecRef, args: Sequence[PValue], w: z3.BitVecRef, *extra: z3.BoolRef
) -> PValue:
    return PValue(value, any_of([*(a.poison for a in args), *extra]), w)


def _negative(v: z3.BitVecRef) -> z3.BoolRef:
    return v < 0


def _true(cond: PValue) -> z3.BoolRef:
    """An aligned i1 is 1: its one bit, bit N-1, is set."""
    return cond.value != 0


@_rule("arith.constant")
def _constant(op: Operation, _args: Sequence[PValue], ctx: ParametricContext) -> Sequence[PValue]:
    w = ctx.width_of_result(op)
    return [PValue(aligned_constant(ctx, integer_constant(op), w), z3.BoolVal(False), w)]


def _add_sub(subtract: bool) -> ParametricRule:
    def rule(op: Operation, args: Sequence[PValue], _ctx: ParametricContext) -> Sequence[PValue]:
        x, y = args
        r = x.value - y.value if subtract else x.value + y.value
        nsw, nuw = overflow_flags(op)
        flags: list[z3.BoolRef] = []
        if nsw:
            sx, sy, sr = (_negative(v) for v in (x.value, y.value, r))
            flags.append(z3.And((sx != sy) if subtract else (sx == sy), sr != sx))
        if nuw:
            flags.append(z3.ULT(x.value, y.value) if subtract else z3.ULT(r, x.value))
        return [_result(r, args, x.width, *flags)]

    return rule


_rule("arith.addi")(_add_sub(subtract=False))
_rule("arith.subi")(_add_sub(subtract=True))


@_rule(*BITWISE)
def _bitwise(op: Operation, args: Sequence[PValue], _ctx: ParametricContext) -> Sequence[PValue]:
    x, y = args
    return [_result(BITWISE[op.name](x.value, y.value), args, x.width)]


_RELATIONS: dict[str, tuple[Callable[[z3.BitVecRef, z3.BitVecRef], z3.BoolRef], ...]] = {
    # relation: (signed, unsigned), on N-bit terms
    "eq": (lambda a, b: a == b, lambda a, b: a == b),
    "ne": (lambda a, b: a != b, lambda a, b: a != b),
    "lt": (lambda a, b: a < b, z3.ULT),
    "le": (lambda a, b: a <= b, z3.ULE),
    "gt": (lambda a, b: a > b, z3.UGT),
    "ge": (lambda a, b: a >= b, z3.UGE),
}


def compare(predicate: str, x: PValue, y: PValue) -> z3.BoolRef:
    """A `cmpi` predicate on two aligned values: the N-bit comparison."""
    is_signed, relation = split_predicate(predicate)
    signed_fn, unsigned_fn = _RELATIONS[relation]
    return (signed_fn if is_signed else unsigned_fn)(x.value, y.value)


@_rule("arith.cmpi")
def _cmpi(op: Operation, args: Sequence[PValue], ctx: ParametricContext) -> Sequence[PValue]:
    attr = op.properties["predicate"]
    assert isinstance(attr, IntegerAttr)
    x, y = args
    holds = compare(CMPI_PREDICATES[attr.value.data], x, y)
    one = ctx.const(1 << (ctx.container - 1))  # i1: its bit is bit N-1
    return [_result(z3.If(holds, one, ctx.const(0)), args, ctx.const(1))]


_MIN_MAX = {
    "arith.maxsi": "sgt",
    "arith.maxui": "ugt",
    "arith.minsi": "slt",
    "arith.minui": "ult",
}


@_rule(*_MIN_MAX)
def _min_max(op: Operation, args: Sequence[PValue], _ctx: ParametricContext) -> Sequence[PValue]:
    x, y = args
    chosen = z3.If(compare(_MIN_MAX[op.name], x, y), x.value, y.value)
    return [_result(chosen, args, x.width)]


@_rule("arith.select")
def _select(_op: Operation, args: Sequence[PValue], _ctx: ParametricContext) -> Sequence[PValue]:
    """Poison when the condition is, or when the chosen operand is (not the other one)."""
    cond, then, other = args
    taken = _true(cond)
    value = z3.If(taken, then.value, other.value)
    poison = z3.Or(cond.poison, z3.If(taken, then.poison, other.poison))
    return [PValue(value, poison, then.width)]


@_rule("irproof.assume")
def _assume(_op: Operation, args: Sequence[PValue], ctx: ParametricContext) -> Sequence[PValue]:
    (cond,) = args
    ctx.ub_if(z3.Or(cond.poison, z3.Not(_true(cond))))
    return []
