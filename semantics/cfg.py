"""Execution of a region's blocks under path conditions: straight-line and arbitrary CFGs.

A single-block region is lowered op by op. A region of several blocks (what
`convert-scf-to-cf` produces, or a hand-written CFG, reducible or not) runs in *rounds*:
the blocks are ordered topologically once the back edges of a depth-first search are set
aside; a round lowers each block at most once, in that order, under the disjunction of the
paths that reach it in this round, with its block arguments merged by if-then-else over
those paths. Forward edges feed blocks later in the same round, back edges the next round.
An execution visits each block at most once per round, so the paths merged at a block are
mutually exclusive.

Rounds continue while some path is pending. After `ctx.unroll` rounds (back edges taken),
the pending paths become the bound-exceeded condition, unless the only pending path is (by
folding, or a brief solver check) the path the region was entered under: then whether the
loop goes on does not depend on the inputs (a static trip count) and the rounds go on, up
to `MAX_EXACT_ITERATIONS`.

A block that runs again in a later round rebinds its SSA values; a block that uses a value
of a block not dominating it within a round (e.g. the exit of a first loop, used after a
second loop) reads it merged over the rounds, the latest run on each path (`_run_block`).

The results of a region are the operands of the exit terminator (`func.return`,
`scf.yield`, ...) reached, merged over the paths that reach one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.ir import Block, Region, SSAValue

from irproof.semantics.builder import Pair, SMTBuilder, Term
from irproof.semantics.lowering import (
    BRANCH_RULES,
    EXIT_TERMINATORS,
    MAX_EXACT_ITERATIONS,
    MAX_SOLVER_DECISIONS,
    LoweringContext,
    UnsupportedOp,
)


def merge_pair(b: SMTBuilder, cond: Term, then: Pair, other: Pair) -> Pair:
    """`then` where `cond` holds, else `other` (value and poison alike; a structured value
    such as a memref view merges itself)."""
    if not isinstance(then, Pair):
        return then.merge(b, cond, other)  # type: ignore[no-any-return]
    return Pair(b.ite(cond, then.value, other.value), b.ite(cond, then.poison, other.poison))


def merge_pairs(
    b: SMTBuilder, cond: Term, then: Sequence[Pair], other: Sequence[Pair]
) -> list[Pair]:
    return [merge_pair(b, cond, t, o) for t, o in zip(then, other, strict=True)]


@dataclass
class Reached:
    """Control reaching a point: under which path, with which values."""

    path: Term
    values: list[Pair]


def join(b: SMTBuilder, old: Reached | None, path: Term, values: Sequence[Pair]) -> Reached:
    """Add the (mutually exclusive) path `path` carrying `values` to what reaches a point."""
    if old is None:
        return Reached(path, list(values))
    return Reached(b.or_(old.path, path), merge_pairs(b, path, values, old.values))


def lower_region(ctx: LoweringContext, region: Region, args: Sequence[Pair]) -> list[Pair]:
    blocks = list(region.blocks)
    if len(blocks) == 1:
        return _lower_exit_block(ctx, blocks[0], args)
    return _lower_cfg(ctx, region, args)


def _lower_exit_block(ctx: LoweringContext, block: Block, args: Sequence[Pair]) -> list[Pair]:
    ctx.bind_block_args(block, args)
    terminator = ctx.lower_ops(block)
    if terminator.name not in EXIT_TERMINATORS:
        raise UnsupportedOp(f"'{terminator.name}' branches out of a single-block region")
    return ctx.operands(terminator)


@dataclass
class _Shape:
    """The static shape of a CFG region: its blocks in reverse postorder, the back edges of
    a depth-first search, and per block the values it uses from blocks that may have run
    again, on other paths, since the run that reached it (`foreign`)."""

    order: list[Block]
    back_edges: set[tuple[Block, Block]]
    foreign: dict[Block, list[SSAValue]]
    merged_values: set[SSAValue]
    """Every value some block reads as `foreign`: kept merged over the rounds."""


def _shape(region: Region) -> _Shape:
    entry = region.blocks.first
    assert entry is not None
    order, back_edges = _depth_first(entry)
    dominators = _round_dominators(order, entry, back_edges)
    owner = {v: block for block in order for v in _defined(block)}
    foreign: dict[Block, list[SSAValue]] = {}
    for block in order:
        used = {v for op in block.walk() for v in op.operands if v in owner}
        foreign[block] = [v for v in used if owner[v] not in dominators[block]]
    merged_values = {v for values in foreign.values() for v in values}
    return _Shape(order, back_edges, foreign, merged_values)


def _defined(block: Block) -> list[SSAValue]:
    return [*block.args, *(r for op in block.ops for r in op.results)]


def _depth_first(entry: Block) -> tuple[list[Block], set[tuple[Block, Block]]]:
    """Blocks reachable from `entry` in reverse postorder, and the back edges of the search
    (edges to a block still on the search stack)."""
    postorder: list[Block] = []
    back_edges: set[tuple[Block, Block]] = set()
    on_stack: set[Block] = {entry}
    seen: set[Block] = {entry}
    stack = [(entry, iter(_successors(entry)))]
    while stack:
        block, successors = stack[-1]
        successor = next(successors, None)
        if successor is None:
            stack.pop()
            on_stack.discard(block)
            postorder.append(block)
        elif successor in on_stack:
            back_edges.add((block, successor))
        elif successor not in seen:
            seen.add(successor)
            on_stack.add(successor)
            stack.append((successor, iter(_successors(successor))))
    return postorder[::-1], back_edges


def _successors(block: Block) -> list[Block]:
    last = block.last_op
    return list(last.successors) if last is not None else []


def _round_dominators(
    order: list[Block], entry: Block, back_edges: set[tuple[Block, Block]]
) -> dict[Block, set[Block]]:
    """Per block, the blocks every run *within one round* passes before reaching it: the
    dominators in the forward graph (back edges removed) where a round may start at the
    entry or at any back-edge target. A value of such a block, used in this one, is the one
    of this round's run; any other used value may stem from an earlier round."""
    starts = {entry} | {target for _, target in back_edges}
    preds: dict[Block, list[Block]] = {block: [] for block in order}
    for block in order:
        for successor in _successors(block):
            if (block, successor) not in back_edges and successor in preds:
                preds[successor].append(block)
    dominators: dict[Block, set[Block]] = {}
    for block in order:  # reverse postorder: forward predecessors come first
        if block in starts or not preds[block]:
            dominators[block] = {block}
        else:
            common = set.intersection(*(dominators[p] for p in preds[block]))
            dominators[block] = common | {block}
    return dominators


def _lower_cfg(ctx: LoweringContext, region: Region, args: Sequence[Pair]) -> list[Pair]:
    b = ctx.smt
    shape = _shape(region)
    start = ctx.path
    pending: dict[Block, Reached] = {shape.order[0]: Reached(start, list(args))}
    exit_: Reached | None = None
    merged: dict[SSAValue, Pair] = {}
    rounds = solver_decisions = 0
    saved_recording = ctx.recording
    if shape.back_edges:
        ctx.recording = False  # a block may run several times: no single value to show
    try:
        while pending:
            if rounds > ctx.unroll and not _goes_on(b, pending, start):
                if solver_decisions >= MAX_SOLVER_DECISIONS or not _decided(b, pending, start):
                    ctx.exceed(b.or_(*(r.path for r in pending.values())))
                    break
                for reached in pending.values():  # the same path (the solver says)
                    reached.path = start
                solver_decisions += 1
            if rounds > MAX_EXACT_ITERATIONS:
                raise UnsupportedOp(
                    f"a loop runs more than {MAX_EXACT_ITERATIONS} iterations (trip count known)"
                )
            current, pending = pending, {}
            for block in shape.order:
                if block not in current:
                    continue
                reached = current.pop(block)
                if b.known_bool(reached.path) is False:
                    continue
                edges, exits = _run_block(ctx, block, reached, shape, merged)
                if exits is not None:
                    exit_ = join(b, exit_, reached.path, exits)
                for successor, path, values in edges:
                    into = pending if (block, successor) in shape.back_edges else current
                    into[successor] = join(b, into.get(successor), path, values)
            rounds += 1
    finally:
        ctx.recording = saved_recording
    if exit_ is None:
        return _never_exits(ctx, region)
    return exit_.values


def _goes_on(b: SMTBuilder, pending: dict[Block, Reached], start: Term) -> bool:
    """Whether the loop goes on on every path that entered the region, by folding alone."""
    return len(pending) == 1 and b.same(next(iter(pending.values())).path, start)


def _decided(b: SMTBuilder, pending: dict[Block, Reached], start: Term) -> bool:
    """Whether the loop goes on on every path that entered the region: then its going on
    does not depend on the inputs (a static trip count) and the rounds go on."""
    return len(pending) == 1 and b.implies(start, next(iter(pending.values())).path)


def _run_block(
    ctx: LoweringContext,
    block: Block,
    reached: Reached,
    shape: _Shape,
    merged: dict[SSAValue, Pair],
) -> tuple[list[tuple[Block, Term, list[Pair]]], list[Pair] | None]:
    """Lower `block` under `reached.path`: the edges it takes (successor, path, arguments),
    or the operands of its exit terminator.

    A block run again in a later round rebinds its values, while a block reached on another
    path may still need the earlier ones (two loops in sequence: the first loop's exit runs
    the second loop while the first loop's header runs again on the paths still in it). So
    each value a block uses from a block that does not dominate it within the round is read
    from `merged`, "this run's value on this run's path, else the earlier one"."""
    b = ctx.smt
    latest = {v: ctx.values[v] for v in shape.foreign[block] if v in merged}
    ctx.values.update({v: merged[v] for v in latest})
    edges: list[tuple[Block, Term, list[Pair]]] = []
    exits: list[Pair] | None = None
    try:
        with ctx.under(reached.path):
            ctx.bind_block_args(block, reached.values)
            terminator = ctx.lower_ops(block)
            operands = ctx.operands(terminator)
            branch = BRANCH_RULES.get(terminator.name)
            if branch is None:  # an exit terminator
                exits = operands
            else:
                for edge in branch(terminator, operands, ctx):
                    path = b.and_(reached.path, edge.condition)
                    if b.known_bool(path) is not False:
                        edges.append((edge.successor, path, edge.args))
    finally:
        ctx.values.update(latest)
    for value in _defined(block):
        if value in shape.merged_values:
            new = ctx.values[value]
            old = merged.get(value)
            merged[value] = new if old is None else merge_pair(b, reached.path, new, old)
    return edges, exits


def _never_exits(ctx: LoweringContext, region: Region) -> list[Pair]:
    """Results for a region no path leaves within the bound: poison of the exit's types
    (they are never used on a path that is taken or counted)."""
    b = ctx.smt
    for block in region.blocks:
        last = block.last_op
        if last is not None and last.name in EXIT_TERMINATORS:
            return [Pair(b.bv_const(0, ctx.width(o.type)), b.true()) for o in last.operands]
    return []
