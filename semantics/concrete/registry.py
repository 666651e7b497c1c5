"""The table of concrete rules, one per supported op name, and what a rule may ask for.

A rule gets the op, its operands' values and a `ConcreteEnv`; it returns the values of
the op's results (for a terminator: the values it passes to its parent, or a `Branch` to
the block it jumps to). An op with regions runs them through `ConcreteEnv.run_region`. The
rule modules (`arith`, `index`, `func`, `scf`, `cf`, `affine`, ...) fill `CONCRETE_RULES` at
import time; the interpreter re-exports everything here. This module exists apart from the interpreter only so that
the rule modules can import the decorator without an import cycle.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from xdsl.ir import Attribute, Block, Operation, Region

from irproof.semantics.concrete.values import ConcreteValue
from irproof.semantics.widths import TypeWidths

if TYPE_CHECKING:
    from irproof.semantics.concrete.memory import ConcreteMemory


class UnsupportedOp(Exception):
    """The interpreter has no meaning for this op (or for this use of it)."""

    def __init__(self, op_name: str, detail: str = "no concrete semantics") -> None:
        super().__init__(f"{op_name}: {detail}")
        self.op_name = op_name


class StepLimitExceeded(UnsupportedOp):
    """A run executed more ops than the interpreter allows (a loop that may not end)."""


@dataclass(frozen=True)
class Branch:
    """What a branching terminator returns: the block it jumps to, with its arguments."""

    successor: Block
    args: tuple[ConcreteValue, ...]


CallFunction = Callable[[str, Sequence[ConcreteValue]], Sequence[ConcreteValue]]
RunRegion = Callable[[Region, Sequence[ConcreteValue]], list[ConcreteValue]]


def _no_calls(callee: str, args: Sequence[ConcreteValue]) -> Sequence[ConcreteValue]:
    raise UnsupportedOp("func.call", f"no module to call @{callee} in")


def _no_regions(region: Region, args: Sequence[ConcreteValue]) -> list[ConcreteValue]:
    raise UnsupportedOp(str(region.parent_op()), "no interpreter to run its region")


@dataclass(frozen=True)
class ConcreteEnv:
    """What a rule may know beyond its operands: the index width, how to call a function,
    how to run a region (on block arguments; the values its exit terminator passes) and the
    run's memory (which the `memref` rules mutate; None: the run has none)."""

    widths: TypeWidths
    call_function: CallFunction = field(default=_no_calls)
    run_region: RunRegion = field(default=_no_regions)
    memory: ConcreteMemory | None = None
    loop_points: list[tuple[int, ...]] = field(default_factory=list)
    """The iteration points of the `linalg` ops running (innermost last): `linalg.index`
    reads the last one."""

    @property
    def index_width(self) -> int:
        return self.widths.index_width

    def width(self, type_: Attribute) -> int:
        """The bit width of an integer or `index` type (width variables resolved)."""
        width = self.widths.width(type_)
        if width is None:
            raise TypeError(f"no bit width for type {type_}")
        return width

    def call(self, callee: str, args: Sequence[ConcreteValue]) -> Sequence[ConcreteValue]:
        """Run the function `@callee` of the module being interpreted on `args`."""
        return self.call_function(callee, args)


Rule = Callable[[Operation, Sequence[ConcreteValue], ConcreteEnv], Sequence[ConcreteValue] | Branch]

CONCRETE_RULES: dict[str, Rule] = {}
"""Op name -> its rule: the list of ops the interpreter supports."""


def concrete_rule(op_name: str) -> Callable[[Rule], Rule]:
    """Register the decorated function as the concrete semantics of `op_name`."""

    def register(rule: Rule) -> Rule:
        if op_name in CONCRETE_RULES:
            raise ValueError(f"two concrete rules for {op_name}")
        CONCRETE_RULES[op_name] = rule
        return rule

    return register
