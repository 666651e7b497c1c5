"""The concrete interpreter: runs a `func.func` of a module on plain Python integers.

Counterexamples found by the solver are replayed here. The semantics comes from the
rules of `arith`, `index` and `func` (imported below, which registers them), written
from the MLIR documentation independently of the SMT lowering. The interpreter walks the
single block of a function op by op, dispatching on the op name through
`CONCRETE_RULES`; `func.call` recurses into the module, up to `MAX_CALL_DEPTH` calls deep.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from xdsl.dialects.builtin import IndexType, IntegerType, ModuleOp
from xdsl.dialects.func import FuncOp
from xdsl.ir import Attribute, Block, SSAValue
from xdsl.traits import IsTerminator

# Importing the rule modules fills CONCRETE_RULES.
from irproof.semantics.concrete import arith, assume, bit_width, func, index, math  # noqa: F401
from irproof.semantics.concrete.registry import (
    CONCRETE_RULES,
    ConcreteEnv,
    Rule,
    UnsupportedOp,
    concrete_rule,
)
from irproof.semantics.concrete.values import (
    ConcreteValue,
    Poison,
    UndefinedBehavior,
    fits_unsigned,
)
from irproof.semantics.widths import TypeWidths

__all__ = [
    "CONCRETE_RULES",
    "MAX_CALL_DEPTH",
    "ConcreteEnv",
    "ConcreteRun",
    "RecursionLimitExceeded",
    "Rule",
    "UnsupportedOp",
    "concrete_rule",
    "run_function",
]

MAX_CALL_DEPTH = 64
"""How many nested `func.call`s a run may make before it is given up."""


class RecursionLimitExceeded(UnsupportedOp):
    """A run nested more than `MAX_CALL_DEPTH` calls (likely unbounded recursion)."""


@dataclass
class ConcreteRun:
    """The outcome of running a function."""

    results: list[ConcreteValue]
    """The returned values (unsigned ints or poison); empty when UB was hit."""
    ub: str | None
    """The reason of the UB that aborted the run, or None."""
    values: dict[SSAValue, ConcreteValue]
    """Every SSA value of the run function computed before it returned or hit UB
    (its arguments included); values inside callees are not recorded."""


def run_function(
    module: ModuleOp,
    name: str,
    args: Sequence[ConcreteValue],
    index_width: int,
    variables: Mapping[int, int] | None = None,
) -> ConcreteRun:
    """Run `func.func @name` of `module` on `args` with `index` being `index_width` bits.

    Raises `UnsupportedOp` for an op (or type) without concrete semantics, `LookupError`
    if there is no such function, and `ValueError` for arguments that do not fit.
    """
    if index_width not in (32, 64):
        raise ValueError(f"index width must be 32 or 64, not {index_width}")
    function = _lookup(module, name)
    if function is None:
        raise LookupError(f"no func.func @{name} in the module")
    values: dict[SSAValue, ConcreteValue] = {}
    widths = TypeWidths(index_width, variables or {})
    try:
        results = _execute(module, function, args, widths, 0, values)
    except UndefinedBehavior as ub:
        return ConcreteRun(results=[], ub=ub.reason, values=values)
    return ConcreteRun(results=results, ub=None, values=values)


def _lookup(module: ModuleOp, name: str) -> FuncOp | None:
    return next(
        (op for op in module.ops if isinstance(op, FuncOp) and op.sym_name.data == name),
        None,
    )


def _call(
    module: ModuleOp, widths: TypeWidths, depth: int, callee: str, args: Sequence[ConcreteValue]
) -> list[ConcreteValue]:
    """`func.call @callee` made at call depth `depth`."""
    if depth > MAX_CALL_DEPTH:
        raise RecursionLimitExceeded(
            "func.call", f"more than {MAX_CALL_DEPTH} nested calls (calling @{callee})"
        )
    function = _lookup(module, callee)
    if function is None:
        raise UnsupportedOp("func.call", f"no func.func @{callee} in the module")
    return _execute(module, function, args, widths, depth, {})


def _execute(
    module: ModuleOp,
    function: FuncOp,
    args: Sequence[ConcreteValue],
    widths: TypeWidths,
    depth: int,
    values: dict[SSAValue, ConcreteValue],
) -> list[ConcreteValue]:
    """Run `function`'s body, recording its SSA values in `values`; returns its results."""
    env = ConcreteEnv(widths, partial(_call, module, widths, depth + 1))
    block = _single_block(function)
    _check_supported(block)
    _bind_arguments(function, block, args, env, values)
    for op in block.ops:
        outputs = CONCRETE_RULES[op.name](op, [values[v] for v in op.operands], env)
        if op.has_trait(IsTerminator):
            return list(outputs)
        values.update(zip(op.results, outputs, strict=True))
    raise UnsupportedOp(function.name, f"@{function.sym_name.data} has no terminator")


def _single_block(function: FuncOp) -> Block:
    blocks = list(function.body.blocks)
    if len(blocks) != 1:
        detail = "is a declaration" if not blocks else "has more than one block"
        raise UnsupportedOp(function.name, f"@{function.sym_name.data} {detail}")
    return blocks[0]


def _bind_arguments(
    function: FuncOp,
    block: Block,
    args: Sequence[ConcreteValue],
    env: ConcreteEnv,
    values: dict[SSAValue, ConcreteValue],
) -> None:
    """Check `args` against the block arguments of `function` and record them."""
    name = f"@{function.sym_name.data}"
    if len(args) != len(block.args):
        raise ValueError(f"{name} takes {len(block.args)} arguments, got {len(args)}")
    for param, arg in zip(block.args, args, strict=True):
        if not _is_integer_type(param.type):
            raise UnsupportedOp(function.name, f"{name} has an argument of type {param.type}")
        width = env.width(param.type)
        if not isinstance(arg, Poison) and not (isinstance(arg, int) and fits_unsigned(arg, width)):
            raise ValueError(f"{name}: argument {arg!r} is not an unsigned {width}-bit value")
        values[param] = arg


def _check_supported(block: Block) -> None:
    """Raise `UnsupportedOp` for the first op without a rule or with a non-integer type,
    before running anything, so that the outcome does not depend on the inputs."""
    for op in block.ops:
        if op.name not in CONCRETE_RULES:
            raise UnsupportedOp(op.name)
        for type_ in (*op.operand_types, *op.result_types):
            if not _is_integer_type(type_):
                raise UnsupportedOp(op.name, f"values of type {type_}")


def _is_integer_type(type_: Attribute) -> bool:
    return isinstance(type_, IntegerType | IndexType)
