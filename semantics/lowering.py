"""Lowering of MLIR functions into semantics IR, driven by a table of per-op rules.

A rule receives the op, the meaning (`Pair`) of each operand and the `LoweringContext`, and
returns the meaning of each result. `SEMANTICS_RULES` is the list of what irproof gives a
meaning to: any other op raises `UnsupportedOp`, which the verifier reports as `unknown`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Attribute, Operation, SSAValue

from irproof.semantics.builder import Pair, SMTBuilder
from irproof.semantics.widths import TypeWidths

Rule = Callable[[Operation, Sequence[Pair], "LoweringContext"], Sequence[Pair]]
SEMANTICS_RULES: dict[str, Rule] = {}

MAX_CALL_DEPTH = 32


class UnsupportedOp(Exception):
    """An op (or type) irproof has no semantics for; the message names it."""


def semantics_rule(*names: str) -> Callable[[Rule], Rule]:
    """Register the lowering rule of the ops called `names`."""

    def register(fn: Rule) -> Rule:
        for name in names:
            SEMANTICS_RULES[name] = fn
        return fn

    return register


@dataclass
class LoweredFunction:
    """The meaning of one call of a function: its results, UB flag and every value on the way."""

    results: list[Pair]
    ub: SSAValue
    values: dict[SSAValue, Pair]


@dataclass
class LoweringContext:
    """What a rule needs: the builder, the index width, the UB state and the module (calls)."""

    smt: SMTBuilder
    widths: TypeWidths
    module: ModuleOp | None = None
    state: SSAValue | None = None
    values: dict[SSAValue, Pair] = field(default_factory=dict)
    call_depth: int = 0

    def width(self, typ: Attribute) -> int:
        """The bit width of an integer or index type."""
        width = self.widths.width(typ)
        if width is None:
            raise UnsupportedOp(f"type {typ} has no semantics")
        return width

    @property
    def index_width(self) -> int:
        return self.widths.index_width

    def result_width(self, op: Operation, index: int = 0) -> int:
        return self.width(op.results[index].type)

    def ub_if(self, cond: SSAValue) -> None:
        """The current path has UB when `cond` holds."""
        assert self.state is not None
        self.state = self.smt.ub_if(self.state, cond)

    def any_poison(self, args: Sequence[Pair]) -> SSAValue:
        return self.smt.or_(*(a.poison for a in args))

    def lower_call(self, callee: str, args: Sequence[Pair]) -> list[Pair]:
        """Inline a call to `callee` of the same module."""
        if self.module is None:
            raise UnsupportedOp(f"func.call @{callee}: no enclosing module")
        target = find_function(self.module, callee)
        if target is None or target.is_declaration:
            raise UnsupportedOp(f"func.call @{callee}: no function body in the module")
        if self.call_depth >= MAX_CALL_DEPTH:
            raise UnsupportedOp(f"func.call @{callee}: recursion deeper than {MAX_CALL_DEPTH}")
        self.call_depth += 1
        try:
            return self.lower_body(target, args)
        finally:
            self.call_depth -= 1

    def lower_body(self, function: func.FuncOp, args: Sequence[Pair]) -> list[Pair]:
        """Lower the single-block body of `function` applied to `args`; UB goes into state."""
        blocks = list(function.body.blocks)
        if len(blocks) != 1:
            raise UnsupportedOp(
                f"@{function.sym_name.data}: {len(blocks)} blocks (control flow comes later)"
            )
        block = blocks[0]
        for block_arg, pair in zip(block.args, args, strict=True):
            self.width(block_arg.type)
            self.values[block_arg] = pair
        for op in block.ops:
            if isinstance(op, func.ReturnOp):
                return [self.values[v] for v in op.arguments]
            rule = SEMANTICS_RULES.get(op.name)
            if rule is None:
                raise UnsupportedOp(f"op '{op.name}' has no semantics")
            for result in op.results:
                self.width(result.type)
            results = rule(op, [self.values[o] for o in op.operands], self)
            for result, pair in zip(op.results, results, strict=True):
                self.values[result] = pair
        raise UnsupportedOp(f"@{function.sym_name.data}: body does not end in func.return")


def find_function(module: ModuleOp, name: str) -> func.FuncOp | None:
    for op in module.ops:
        if isinstance(op, func.FuncOp) and op.sym_name.data == name:
            return op
    return None


def lower_function(
    ctx: LoweringContext, function: func.FuncOp, args: Sequence[Pair]
) -> LoweredFunction:
    """Lower one function applied to `args`, with a fresh UB state.

    Each result leaves the function as a `poison.pack`ed pair, and is read back through
    `poison.value` / `poison.is_poison`, so the semantics IR shows the function's interface.
    """
    b = ctx.smt
    ctx.state = b.effect_init()
    results = [b.unpack(b.pack(pair)) for pair in ctx.lower_body(function, args)]
    return LoweredFunction(results, b.has_ub(ctx.state), ctx.values)
