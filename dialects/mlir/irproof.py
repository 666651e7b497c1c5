"""irproof's own input ops: `irproof.assume %cond` (the precondition of a rewrite) and
`irproof.width : iN` (the bit width of a type, for width-generic rewrites).

`irproof.assume %c` has undefined behaviour when `%c` (an `i1`) is false or poison, like
LLVM's `llvm.assume`. Put in a source function it restricts the inputs a rewrite must be
correct for (Alive's `Pre:`, PDL native constraints): where the precondition fails, the
source has UB and any target refines it.

`irproof.width : iN` is N as an `iN` value (modulo 2^N, which N always is below): in a
width-generic pair, where `iN` is a width variable, it is the width being checked (Alive's
`width(%x)`).
"""

from __future__ import annotations

from xdsl.dialects.builtin import IntegerType, i1
from xdsl.ir import Dialect, SSAValue
from xdsl.irdl import IRDLOperation, irdl_op_definition, operand_def, result_def, traits_def
from xdsl.traits import Pure


@irdl_op_definition
class AssumeOp(IRDLOperation):
    """`irproof.assume %cond`: UB unless %cond is true (and not poison)."""

    name = "irproof.assume"

    cond = operand_def(i1)
    assembly_format = "$cond attr-dict"

    def __init__(self, cond: SSAValue):
        super().__init__(operands=[cond])


@irdl_op_definition
class WidthOp(IRDLOperation):
    """`irproof.width : iN`: the bit width N of its result type, as a value of that type."""

    name = "irproof.width"

    result = result_def(IntegerType)
    assembly_format = "attr-dict `:` type($result)"
    traits = traits_def(Pure())

    def __init__(self, result_type: IntegerType):
        super().__init__(result_types=[result_type])


IrProof = Dialect("irproof", [AssumeOp, WidthOp], [])
