"""Loops as unrolled iterations under path conditions: `scf.while`, `scf.for`, `affine.for`.

`iterate` is the one loop driver. Iteration k tests the loop condition under the path
"the loop is still running" (branching on a poison condition is UB), then lowers the body
under "running and the condition holds"; the loop's results are merged, by if-then-else,
over the iterations at which it stops. Running paths are tracked *relative* to the path the
loop was entered under, so a loop whose conditions fold to constants (a trip count that
does not depend on the inputs) is recognised wherever it sits and unrolled exactly, up to
`MAX_EXACT_ITERATIONS`. Otherwise it is unrolled `ctx.unroll` times; the paths still running
then form the bound-exceeded condition (`LoweringContext.exceed`).

`counted_loop` is `scf.for` (and `affine.for`, which lowers to it): per MLIR's op
documentation, an iteration runs iff `lb <= iv < ub`, compared signed (unsigned with
`unsignedCmp`), with `iv` stepping from `lb` by `step` (wrapping, as in the `arith.addi` of
`convert-scf-to-cf`). A wrapped induction variable falls below `lb` and ends the loop. The
step is "required to be positive" (unsigned loops: non-zero): entering an iteration with a
step that is not, or is poison, is UB. A poison bound makes the condition poison, so the
loop is UB once it tests it. In a lockstep query (`LoweringContext.iteration`, see
`irproof.semantics.symbolic_iteration`) a loop may instead run one symbolic iteration, or
not run at all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from xdsl.ir import Region

from irproof.dialects.smt.bv import BVCmpPredicate as P
from irproof.semantics.builder import Pair, width_of
from irproof.semantics.cfg import merge_pairs
from irproof.semantics.lowering import (
    MAX_EXACT_ITERATIONS,
    MAX_SOLVER_DECISIONS,
    LoweringContext,
    UnsupportedOp,
)
from irproof.semantics.symbolic_iteration import induction_value

Condition = Callable[[list[Pair]], tuple[Pair, list[Pair]]]
"""Loop-carried values → (the i1 condition to go on, the values handed on: to the body when
it holds, to the loop's results when it does not)."""

Body = Callable[[list[Pair]], list[Pair]]
"""Values handed on by the condition → the loop-carried values of the next iteration."""


def iterate(
    ctx: LoweringContext, carried: Sequence[Pair], condition: Condition, body: Body
) -> list[Pair]:
    """Run `condition` then `body` while the condition holds; the values handed on by the
    condition when it fails are the loop's results."""
    b = ctx.smt
    outer = ctx.path
    running = b.true()  # relative to `outer`
    current = list(carried)
    results: list[Pair] | None = None
    iterations = 0
    solver_decisions = 0
    with ctx.not_recording():
        while True:
            with ctx.under(b.and_(outer, running)):
                cond, handed = condition(current)
                holds = ctx.branch_on(cond)
            stops = b.and_(running, b.not_(holds))
            results = handed if results is None else merge_pairs(b, stops, handed, results)
            running = b.and_(running, holds)
            if b.known_bool(running) is False:
                break
            if iterations >= ctx.unroll and b.known_bool(running) is not True:
                if solver_decisions >= MAX_SOLVER_DECISIONS or not b.implies(b.true(), running):
                    ctx.exceed(b.and_(outer, running))
                    break
                running = b.true()  # equivalent (the solver says): keep the terms small
                solver_decisions += 1
            if iterations >= MAX_EXACT_ITERATIONS:
                raise UnsupportedOp(
                    f"a loop runs more than {MAX_EXACT_ITERATIONS} iterations (trip count known)"
                )
            with ctx.under(b.and_(outer, running)):
                current = body(handed)
            iterations += 1
    return results


def counted_loop(
    ctx: LoweringContext,
    bounds: tuple[Pair, Pair, Pair],
    inits: Sequence[Pair],
    body: Region,
    signed: bool = True,
) -> list[Pair]:
    """`for iv = lb; lb <= iv < ub; iv += step` over `body` (block arguments: iv, then the
    loop-carried values, which it yields); the results are the final loop-carried values."""
    b = ctx.smt
    lb, ub, step = bounds
    if ctx.iteration is not None:  # `irproof.semantics.symbolic_iteration`
        if ctx.iteration.skips(body):
            return list(inits)
        counter = ctx.iteration.counter(body)
        if counter is not None:
            with ctx.not_recording():
                ctx.lower_region(body, [induction_value(b, lb, step, counter)])
            return list(inits)
    le, lt = (P.SLE, P.SLT) if signed else (P.ULE, P.ULT)

    zero = b.bv_const(0, width_of(step.value))
    bad_step = b.or_(
        step.poison, b.cmp(P.SLE, step.value, zero) if signed else b.eq(step.value, zero)
    )

    def condition(carried: list[Pair]) -> tuple[Pair, list[Pair]]:
        """Go on iff lb <= iv < ub; an iteration with a bad step is UB, and ends the loop
        (nothing after UB matters, and a constant bad step would never end it)."""
        iv = carried[0]
        in_range = b.and_(b.cmp(le, lb.value, iv.value), b.cmp(lt, iv.value, ub.value))
        ctx.ub_if(b.and_(in_range, bad_step))
        poison = b.or_(lb.poison, iv.poison, ub.poison)
        return Pair(b.bit(b.and_(in_range, b.not_(bad_step))), poison), carried

    def step_body(carried: list[Pair]) -> list[Pair]:
        iv = carried[0]
        yielded = ctx.lower_region(body, carried)
        next_iv = Pair(b.add(iv.value, step.value), b.or_(iv.poison, step.poison))
        return [next_iv, *yielded]

    return iterate(ctx, [lb, *inits], condition, step_body)[1:]
