"""Test-only xDSL passes, some deliberately broken, for `irproof pipeline --driver xdsl`.
Each broken pass has a correct twin that changes the IR just as much."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects import arith, test
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass
from xdsl.rewriter import Rewriter


def _binary_ops(module: ModuleOp, kind: type[arith.SignlessIntegerBinaryOperation]) -> list:
    return [op for op in module.walk() if isinstance(op, kind)]


@dataclass(frozen=True)
class SwapSubiOperands(ModulePass):
    """Broken: `x - y` becomes `y - x`."""

    name = "test-swap-subi-operands"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for sub in _binary_ops(op, arith.SubiOp):
            sub.operands = [sub.rhs, sub.lhs]


@dataclass(frozen=True)
class SwapAddiOperands(ModulePass):
    """Correct twin: `x + y` becomes `y + x`."""

    name = "test-swap-addi-operands"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for add in _binary_ops(op, arith.AddiOp):
            add.operands = [add.rhs, add.lhs]


@dataclass(frozen=True)
class AddNswFlags(ModulePass):
    """Broken: every `arith.addi` gets `overflow<nsw>` (more poison than the source)."""

    name = "test-add-nsw"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for add in _binary_ops(op, arith.AddiOp):
            add.properties["overflowFlags"] = arith.IntegerOverflowAttr(
                [arith.IntegerOverflowFlag.NSW]
            )


@dataclass(frozen=True)
class DropOverflowFlags(ModulePass):
    """Correct twin: every `arith.addi` loses its overflow flags (less poison)."""

    name = "test-drop-overflow-flags"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for add in _binary_ops(op, arith.AddiOp):
            add.properties["overflowFlags"] = arith.IntegerOverflowAttr("none")


@dataclass(frozen=True)
class MuliToTestOp(ModulePass):
    """Produces an op irproof cannot parse (`test.op`) in place of each `arith.muli`."""

    name = "test-muli-to-test-op"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for mul in _binary_ops(op, arith.MuliOp):
            new = test.TestOp(operands=[mul.lhs, mul.rhs], result_types=[mul.result.type])
            Rewriter.replace_op(mul, new)


@dataclass(frozen=True)
class Crash(ModulePass):
    """A pass that fails to run."""

    name = "test-crash"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        raise RuntimeError("this pass always fails")


TEST_PASSES: list[type[ModulePass]] = [
    SwapSubiOperands,
    SwapAddiOperands,
    AddNswFlags,
    DropOverflowFlags,
    MuliToTestOp,
    Crash,
]
