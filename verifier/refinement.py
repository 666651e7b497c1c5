"""The refinement query: does the target refine the source? (DESIGN.md, "Semantics").

For one pair of functions and one index width, `build_refinement_query` declares the inputs
once, lowers both functions over them, and asserts that refinement is *violated*. Each way
it can be violated is kept as a named condition, checked in Alive2's order:

  ub:      source has no UB, target has UB
  poison:  no UB on either side, source result i not poison, target result i poison
  value:   no UB, neither result i poison, the values differ

An unsatisfiable query means the target refines the source for every input.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xdsl.dialects import func, smt
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Attribute, Block, Region, SSAValue

from irproof.semantics.builder import IRBuilder, Pair, SMTBuilder, Z3Builder
from irproof.semantics.lowering import (
    LoweredFunction,
    LoweringContext,
    UnsupportedOp,
    lower_function,
)
from irproof.semantics.registry import SEMANTICS_RULES
from irproof.semantics.widths import TypeWidths

assert SEMANTICS_RULES  # every rule module is imported


@dataclass
class Input:
    """One function argument of the query: its name, MLIR type and SMT meaning."""

    name: str
    type: Attribute
    width: int
    pair: Pair


@dataclass
class Violation:
    """A named way refinement can fail: `kind` is ub, poison or value; `result` its index."""

    kind: str
    result: int | None
    condition: SSAValue

    @property
    def label(self) -> str:
        return self.kind if self.result is None else f"{self.kind} of result #{self.result}"


@dataclass
class RefinementQuery:
    """The semantics IR of one refinement check, with handles on what a report needs."""

    module: ModuleOp | None
    widths: TypeWidths
    inputs: list[Input]
    source: LoweredFunction
    target: LoweredFunction
    violations: list[Violation] = field(default_factory=list)
    terms: Z3Builder | None = None
    """Set when the query was built directly as Z3 terms (then `module` is None)."""


class SignatureMismatch(Exception):
    """Source and target do not have the same argument and result types."""


def check_signatures(source: func.FuncOp, target: func.FuncOp) -> None:
    src_t, tgt_t = source.function_type, target.function_type
    if list(src_t.inputs) != list(tgt_t.inputs) or list(src_t.outputs) != list(tgt_t.outputs):
        raise SignatureMismatch(
            f"@{source.sym_name.data} has type {src_t} but @{target.sym_name.data} has {tgt_t}"
        )


NOT_POISON_ATTR = "irproof.not_poison"
"""Argument attribute: this argument is never poison (e.g. a symbolic constant)."""


def _never_poison(function: func.FuncOp, position: int) -> bool:
    if function.arg_attrs is None:
        return False
    attrs = function.arg_attrs.data[position]
    return NOT_POISON_ATTR in getattr(attrs, "data", {})


def _declare_inputs(
    b: SMTBuilder, function: func.FuncOp, widths: TypeWidths, poison_inputs: bool
) -> list[Input]:
    inputs: list[Input] = []
    for position, arg in enumerate(function.body.block.args):
        name = arg.name_hint or f"arg{position}"
        width = widths.width(arg.type)
        if width is None:
            raise UnsupportedOp(f"argument type {arg.type} has no semantics")
        value = b.declare(name, smt.BitVectorType(width))
        may_be_poison = poison_inputs and not _never_poison(function, position)
        is_poison = b.declare(f"{name}_poison", smt.BoolType()) if may_be_poison else b.false()
        inputs.append(Input(name, arg.type, width, Pair(value, is_poison)))
    return inputs


def build_refinement_query(
    module: ModuleOp,
    source: func.FuncOp,
    target: func.FuncOp,
    widths: TypeWidths,
    poison_inputs: bool = True,
    direct: bool = False,
) -> RefinementQuery:
    """The query asserting that `target` does not refine `source` (unsat = refinement).

    By default as semantics IR (`query.module`, for printing); `direct` builds the same
    terms straight as Z3 ASTs (`query.terms`), the fast path for solving.
    """
    check_signatures(source, target)
    smt_module: ModuleOp | None = None
    b: SMTBuilder
    if direct:
        b = Z3Builder()
    else:
        block = Block()
        smt_module = ModuleOp(Region(block))
        b = IRBuilder(block)
    inputs = _declare_inputs(b, source, widths, poison_inputs)
    args = [i.pair for i in inputs]
    lowered_src = lower_function(LoweringContext(b, widths, module), source, args)
    lowered_tgt = lower_function(LoweringContext(b, widths, module), target, args)
    query = RefinementQuery(smt_module, widths, inputs, lowered_src, lowered_tgt)
    query.terms = b if isinstance(b, Z3Builder) else None

    src_ok = b.not_(lowered_src.ub)
    both_ok = b.and_(src_ok, b.not_(lowered_tgt.ub))
    query.violations.append(Violation("ub", None, b.and_(src_ok, lowered_tgt.ub)))
    pairs = list(zip(lowered_src.results, lowered_tgt.results, strict=True))
    for i, (s, t) in enumerate(pairs):
        cond = b.and_(both_ok, b.not_(s.poison), t.poison)
        query.violations.append(Violation("poison", i, cond))
    for i, (s, t) in enumerate(pairs):
        defined = b.and_(both_ok, b.not_(s.poison), b.not_(t.poison))
        query.violations.append(Violation("value", i, b.and_(defined, b.ne(s.value, t.value))))
    b.assert_(b.or_(*(v.condition for v in query.violations)))
    return query
