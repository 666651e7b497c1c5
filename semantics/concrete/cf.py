"""Concrete semantics of the `cf` branches: `cf.br`, `cf.cond_br`, `cf.switch`.

Each returns the `Branch` it takes. Branching on a poison condition or switching on a poison
flag is undefined behaviour (LLVM LangRef). A switch takes the first case whose value (read
at the flag's width) equals the flag, the default destination otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import cf
from xdsl.ir import Operation

from irproof.semantics.concrete.registry import Branch, ConcreteEnv, concrete_rule
from irproof.semantics.concrete.scf import decide
from irproof.semantics.concrete.values import ConcreteValue, to_unsigned


@concrete_rule("cf.br")
def br(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> Branch:
    assert isinstance(op, cf.BranchOp)
    return Branch(op.successor, tuple(args))


@concrete_rule("cf.cond_br")
def cond_br(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> Branch:
    assert isinstance(op, cf.ConditionalBranchOp)
    split = 1 + len(op.then_arguments)
    if decide(op, args[0], "the condition"):
        return Branch(op.then_block, tuple(args[1:split]))
    return Branch(op.else_block, tuple(args[split:]))


@concrete_rule("cf.switch")
def switch(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> Branch:
    assert isinstance(op, cf.SwitchOp)
    flag = decide(op, args[0], "the flag")
    width = env.width(op.flag.type)
    defaults = len(op.default_operands)
    case_args = list(args[1 + defaults :])
    cases = op.case_values.get_values() if op.case_values is not None else ()
    sizes = op.case_operand_segments.get_values()
    for value, block, size in zip(cases, op.case_blocks, sizes, strict=True):
        if to_unsigned(value, width) == flag:
            return Branch(block, tuple(case_args[:size]))
        case_args = case_args[size:]
    return Branch(op.default_block, tuple(args[1 : 1 + defaults]))
