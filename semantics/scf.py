"""Semantics of the `scf` dialect: if, index_switch, execute_region, for and while.

Each arm of a branch is lowered under its own path condition and the results are merged with
if-then-else (see `lowering.py`); branching on a poison condition or switching on a poison
index is UB. Loops go through `loops.py`. `scf.yield` and `scf.condition` end a region and
hand their operands to the op (`EXIT_TERMINATORS`).

`scf.index_switch` compares its `index` operand with each case (a signed 64-bit integer) as
the `convert-scf-to-cf` lowering of current MLIR does: the operand sign-extended to 64 bits
(`arith.index_cast`) must equal the case, so at index width 32 a case outside the signed
32-bit range never matches. The first matching case runs, the default region otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import scf
from xdsl.ir import Operation, Region

from irproof.dialects.mlir.scf import UNSIGNED_CMP
from irproof.semantics.builder import Pair, Term
from irproof.semantics.cfg import merge_pairs
from irproof.semantics.loops import counted_loop, iterate
from irproof.semantics.lowering import LoweringContext, semantics_rule


def lower_arms(
    ctx: LoweringContext,
    arms: Sequence[tuple[Term, Region]],
    default: Region | None,
) -> list[Pair]:
    """Run the first arm whose (mutually exclusive, relative) condition holds, else `default`
    (no region: no results); the results merged over the arms."""
    b = ctx.smt
    outer = ctx.path
    lowered: list[tuple[Term, list[Pair]]] = []
    for cond, region in arms:
        if b.known_bool(cond) is False:
            continue
        with ctx.under(b.and_(outer, cond)):
            lowered.append((cond, ctx.lower_region(region, [])))
        if b.known_bool(cond) is True:
            break
    else:
        if default is not None and default.blocks:
            rest = b.not_(b.or_(*(cond for cond, _ in arms)))
            if b.known_bool(rest) is not False or not lowered:
                with ctx.under(b.and_(outer, rest)):
                    lowered.append((rest, ctx.lower_region(default, [])))
    if not lowered:
        return []  # no arm can run and there is no default: the op has no results
    results = lowered[-1][1]
    for cond, values in reversed(lowered[:-1]):
        results = merge_pairs(b, cond, values, results)
    return results


@semantics_rule("scf.if")
def if_(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    assert isinstance(op, scf.IfOp)
    taken = ctx.branch_on(args[0])
    return lower_arms(ctx, [(taken, op.true_region)], op.false_region)


@semantics_rule("scf.index_switch")
def index_switch(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    assert isinstance(op, scf.IndexSwitchOp)
    b = ctx.smt
    (arg,) = args
    ctx.ub_if(arg.poison)
    w = ctx.index_width
    arms: list[tuple[Term, Region]] = []
    matched: list[Term] = []
    for case, region in zip(op.cases.get_values(), op.case_regions, strict=True):
        fits = -(1 << (w - 1)) <= case < (1 << (w - 1))
        equal = b.eq(arg.value, b.bv_const(case, w)) if fits else b.false()
        arms.append((b.and_(equal, *(b.not_(m) for m in matched)), region))
        matched.append(equal)
    return lower_arms(ctx, arms, op.default_region)


@semantics_rule("scf.execute_region")
def execute_region(op: Operation, _args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    assert isinstance(op, scf.ExecuteRegionOp)
    return ctx.lower_region(op.region, [])


@semantics_rule("scf.for")
def for_(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    assert isinstance(op, scf.ForOp)
    lb, ub, step, *inits = args
    signed = UNSIGNED_CMP not in op.attributes and UNSIGNED_CMP not in op.properties
    return counted_loop(ctx, (lb, ub, step), inits, op.body, signed)


@semantics_rule("scf.while")
def while_(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    """The before region computes `scf.condition(%c) %args`: the after region runs on %args
    while %c holds, the loop's results are %args when it does not."""
    assert isinstance(op, scf.WhileOp)

    def condition(carried: list[Pair]) -> tuple[Pair, list[Pair]]:
        cond, *handed = ctx.lower_region(op.before_region, carried)
        return cond, handed

    def body(handed: list[Pair]) -> list[Pair]:
        return ctx.lower_region(op.after_region, handed)

    return iterate(ctx, args, condition, body)
