"""irproof's own input op: `irproof.assume %cond`, the precondition of a rewrite.

`irproof.assume %c` has undefined behaviour when `%c` (an `i1`) is false or poison, like
LLVM's `llvm.assume`. Put in a source function it restricts the inputs a rewrite must be
correct for (Alive's `Pre:`, PDL native constraints): where the precondition fails, the
source has UB and any target refines it.
"""

from __future__ import annotations

from xdsl.dialects.builtin import i1
from xdsl.ir import Dialect, SSAValue
from xdsl.irdl import IRDLOperation, irdl_op_definition, operand_def


@irdl_op_definition
class AssumeOp(IRDLOperation):
    """`irproof.assume %cond`: UB unless %cond is true (and not poison)."""

    name = "irproof.assume"

    cond = operand_def(i1)
    assembly_format = "$cond attr-dict"

    def __init__(self, cond: SSAValue):
        super().__init__(operands=[cond])


IrProof = Dialect("irproof", [AssumeOp], [])
