"""Semantics of the `cf` dialect's branches: `cf.br`, `cf.cond_br` and `cf.switch`.

A branch rule returns the `Edge`s the terminator may take, each with its condition relative
to the branch being reached and the block arguments it passes; `cfg.py` runs the blocks.
Branching on a poison condition (`cond_br`) or switching on a poison flag is UB (LLVM
LangRef: `br` and `switch` on poison are UB). A `cf.switch` takes the first case equal to
its flag, the default destination when none is.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import cf
from xdsl.ir import Operation

from irproof.semantics.builder import Pair, Term
from irproof.semantics.lowering import Edge, LoweringContext, branch_rule


@branch_rule("cf.br")
def br(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Edge]:
    assert isinstance(op, cf.BranchOp)
    return [Edge(op.successor, ctx.smt.true(), list(args))]


@branch_rule("cf.cond_br")
def cond_br(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Edge]:
    assert isinstance(op, cf.ConditionalBranchOp)
    b = ctx.smt
    taken = ctx.branch_on(args[0])
    n_then = len(op.then_arguments)
    then_args, else_args = list(args[1 : 1 + n_then]), list(args[1 + n_then :])
    return [Edge(op.then_block, taken, then_args), Edge(op.else_block, b.not_(taken), else_args)]


@branch_rule("cf.switch")
def switch(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Edge]:
    assert isinstance(op, cf.SwitchOp)
    b = ctx.smt
    flag = args[0]
    ctx.ub_if(flag.poison)
    w = ctx.width(op.flag.type)
    n_default = len(op.default_operands)
    rest = list(args[1 + n_default :])
    edges: list[Edge] = []
    earlier: list[Term] = []
    cases = op.case_values.get_values() if op.case_values is not None else ()
    segments = op.case_operand_segments.get_values()
    for value, block, size in zip(cases, op.case_blocks, segments, strict=True):
        equal = b.eq(flag.value, b.bv_const(value, w))
        edges.append(Edge(block, b.and_(equal, *(b.not_(e) for e in earlier)), rest[:size]))
        rest = rest[size:]
        earlier.append(equal)
    default = b.not_(b.or_(*earlier))
    edges.append(Edge(op.default_block, default, list(args[1 : 1 + n_default])))
    return edges
