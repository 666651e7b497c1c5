"""Effects: the undefined-behaviour state threaded through a lowered function.

`!effect.state` is the (SMT boolean) fact "UB has happened on this path so far".
`effect.init` starts a path with no UB, `effect.ub_if %s, %cond` records that the path has
UB when %cond holds, `effect.has_ub %s` reads the flag as `!smt.bool`. Memory will extend the
same state (issue 5), so effects stay ordered even when values are not.
"""

from __future__ import annotations

from xdsl.dialects.smt import BoolType
from xdsl.ir import Dialect, ParametrizedAttribute, SSAValue, TypeAttribute
from xdsl.irdl import (
    IRDLOperation,
    irdl_attr_definition,
    irdl_op_definition,
    operand_def,
    result_def,
)


@irdl_attr_definition
class StateType(ParametrizedAttribute, TypeAttribute):
    """`!effect.state`."""

    name = "effect.state"


@irdl_op_definition
class InitOp(IRDLOperation):
    """`effect.init`: the state at function entry (no UB)."""

    name = "effect.init"

    result = result_def(StateType)
    assembly_format = "attr-dict"

    def __init__(self) -> None:
        super().__init__(result_types=[StateType()])


@irdl_op_definition
class UBIfOp(IRDLOperation):
    """`effect.ub_if %state, %cond`: the path has UB from here on when %cond holds."""

    name = "effect.ub_if"

    state = operand_def(StateType)
    cond = operand_def(BoolType)
    result = result_def(StateType)
    assembly_format = "$state `,` $cond attr-dict"

    def __init__(self, state: SSAValue, cond: SSAValue):
        super().__init__(operands=[state, cond], result_types=[StateType()])


@irdl_op_definition
class HasUBOp(IRDLOperation):
    """`effect.has_ub %state`: true when UB happened on the path."""

    name = "effect.has_ub"

    state = operand_def(StateType)
    result = result_def(BoolType)
    assembly_format = "$state attr-dict"

    def __init__(self, state: SSAValue):
        super().__init__(operands=[state], result_types=[BoolType()])


Effect = Dialect("effect", [InitOp, UBIfOp, HasUBOp], [StateType])
