"""Concrete semantics of `scf`: if, index_switch, execute_region, for, while, yield and
condition, on plain Python integers.

Written from the `scf` op documentation: `scf.if` runs one region, `scf.for` runs its body
for `iv = lb, lb + step, ...` as long as `lb <= iv < ub` (signed, or unsigned when the loop
carries `unsignedCmp`; `iv` wraps around at its width; running an iteration with a step
that is not positive, as the op requires, is undefined), `scf.while` alternates its two
regions until `scf.condition` gets false. A decision on a poison value (the `if` condition,
the switch index, a loop condition computed from a poison bound, step or condition) is
undefined behaviour, as a branch on poison is in LLVM. `scf.index_switch` matches its index,
read as a signed integer, against the (64-bit signed) case values.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import scf
from xdsl.ir import Operation, Region

from irproof.semantics.concrete.registry import ConcreteEnv, concrete_rule
from irproof.semantics.concrete.values import (
    ConcreteValue,
    Poison,
    UndefinedBehavior,
    to_signed,
    to_unsigned,
)

UNSIGNED_CMP = "unsignedCmp"


def decide(op: Operation, value: ConcreteValue, what: str) -> int:
    """The value a decision is made on; UB when it is poison."""
    if isinstance(value, Poison):
        raise UndefinedBehavior(f"{op.name}: {what} is poison")
    return value


def run_optional(env: ConcreteEnv, region: Region) -> list[ConcreteValue]:
    """Run a region that may be absent (an `if` without `else`): no values then."""
    return env.run_region(region, []) if region.blocks else []


@concrete_rule("scf.if")
def if_(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[ConcreteValue]:
    assert isinstance(op, scf.IfOp)
    taken = decide(op, args[0], "the condition")
    return run_optional(env, op.true_region if taken else op.false_region)


@concrete_rule("scf.index_switch")
def index_switch(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> list[ConcreteValue]:
    assert isinstance(op, scf.IndexSwitchOp)
    selector = to_signed(decide(op, args[0], "the index"), env.index_width)
    for case, region in zip(op.cases.get_values(), op.case_regions, strict=True):
        if case == selector:
            return env.run_region(region, [])
    return env.run_region(op.default_region, [])


@concrete_rule("scf.execute_region")
def execute_region(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> list[ConcreteValue]:
    assert isinstance(op, scf.ExecuteRegionOp)
    return env.run_region(op.region, [])


def _in_range(lb: int, iv: int, ub: int, width: int, signed: bool) -> bool:
    if signed:
        lb, iv, ub = (to_signed(v, width) for v in (lb, iv, ub))
    return lb <= iv < ub


def run_counted_loop(
    op: Operation,
    bounds: tuple[ConcreteValue, ConcreteValue, ConcreteValue],
    carried: Sequence[ConcreteValue],
    body: Region,
    width: int,
    signed: bool,
    env: ConcreteEnv,
) -> list[ConcreteValue]:
    """`for (iv = lb; lb <= iv < ub; iv += step) carried = body(iv, carried)`."""
    lb, ub, step = bounds
    iv: ConcreteValue = lb
    values = list(carried)
    while True:
        if isinstance(lb, Poison) or isinstance(ub, Poison) or isinstance(iv, Poison):
            raise UndefinedBehavior(f"{op.name}: the loop condition is poison")
        if not _in_range(lb, iv, ub, width, signed):
            return values
        if isinstance(step, Poison) or (to_signed(step, width) <= 0 if signed else step == 0):
            raise UndefinedBehavior(f"{op.name}: the step is not positive")
        values = env.run_region(body, [iv, *values])
        iv = to_unsigned(iv + step, width)


@concrete_rule("scf.for")
def for_(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[ConcreteValue]:
    assert isinstance(op, scf.ForOp)
    lb, ub, step, *carried = args
    width = env.width(op.lb.type)
    signed = UNSIGNED_CMP not in op.attributes and UNSIGNED_CMP not in op.properties
    return run_counted_loop(op, (lb, ub, step), carried, op.body, width, signed, env)


@concrete_rule("scf.while")
def while_(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[ConcreteValue]:
    assert isinstance(op, scf.WhileOp)
    values = list(args)
    while True:
        cond, *forwarded = env.run_region(op.before_region, values)
        if not decide(op, cond, "the condition"):
            return forwarded
        values = env.run_region(op.after_region, forwarded)


def _pass_operands(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> list[ConcreteValue]:
    """A terminator handing its operands to the op that runs its region."""
    return list(args)


for _name in ("scf.yield", "scf.condition"):
    concrete_rule(_name)(_pass_operands)
