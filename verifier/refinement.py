"""The refinement query: does the target refine the source? (DESIGN.md, "Semantics").

For one pair of functions and one index width, `build_refinement_query` declares the inputs
once, lowers both functions over them, and asserts that refinement is *violated*. Each way
it can be violated is kept as a named condition, checked in Alive2's order:

  ub:      source has no UB, target has UB
  poison:  no UB on either side, source result i not poison, target result i poison
  value:   no UB, neither result i poison, the values differ

An unsatisfiable query means the target refines the source for every input.

Loops with unknown trip counts are unrolled up to a bound; the inputs on which the source or
the target runs past it (their bound-exceeded conditions) are excluded by an assumption, and
the query is then `bounded`: unsat means refinement for every input on which both finish
within the bound, while a model is a real counterexample (it finishes within the bound).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import z3
from xdsl.dialects import func, smt
from xdsl.dialects.builtin import MemRefType, ModuleOp, TensorType
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue

from irproof.semantics.builder import IRBuilder, Pair, SMTBuilder, Term, Z3Builder
from irproof.semantics.lowering import (
    DEFAULT_UNROLL,
    LoweredFunction,
    LoweringContext,
    UnsupportedOp,
    check_supported,
    lower_function,
)
from irproof.semantics.memory import MemRef
from irproof.semantics.nondet import Choice, Nondeterminism
from irproof.semantics.registry import SEMANTICS_RULES
from irproof.semantics.tensor_value import Tensor
from irproof.semantics.widths import TypeWidths
from irproof.verifier import float_refinement
from irproof.verifier.lockstep import NestQuery
from irproof.verifier.memory_inputs import (
    Aliasing,
    MemoryInputs,
    bufferized_argument,
    declare_memory,
    memref_arguments,
)
from irproof.verifier.memory_refinement import (
    block_differs,
    caller_blocks,
    tensor_buffer_differs,
    tensor_differs,
    view_differs,
)
from irproof.verifier.pair_scope import reachable_ops

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
    """A named way refinement can fail: `kind` is ub, poison, value or memory; `result`
    its index; `block` the memory block (memory)."""

    kind: str
    result: int | None
    condition: SSAValue
    block: str = ""

    @property
    def label(self) -> str:
        if self.block:
            return f"{self.kind} of {self.block}"
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
    target_choices: list[Choice] = field(default_factory=list)
    """The choices the target made (free variables: the model says which it took)."""
    uses_fp: bool = False
    """Whether the query has floating-point terms (the solver needs FP theory)."""
    uses_functions: bool = False
    """Whether the query has uninterpreted functions (abstract floats)."""
    exceeded: Term | None = None
    """Inputs on which the source or the target runs past the unrolling bound (assumed not
    to happen); `bounded` when it does not fold to false."""
    bounded: bool = False
    memory: MemoryInputs | None = None
    """The memref arguments, their blocks and aliasing (None: no memory)."""
    uses_arrays: bool = False


class SignatureMismatch(Exception):
    """Source and target do not have the same argument and result types."""


def bufferized(source: Attribute, target: Attribute) -> bool:
    """Whether `target` is the buffer type of the tensor type `source` (same shape and
    element type, any layout): a signature bufferized at the function boundary."""
    if not isinstance(source, TensorType) or not isinstance(target, MemRefType):
        return False
    same_shape = tuple(source.get_shape()) == tuple(target.get_shape())
    return same_shape and source.get_element_type() == target.get_element_type()


def _corresponds(source: Attribute, target: Attribute) -> bool:
    return source == target or bufferized(source, target)


def check_signatures(source: func.FuncOp, target: func.FuncOp) -> None:
    """Same argument and result types, or tensors in the source where the target has their
    buffers (`one-shot-bufferize` with `bufferize-function-boundaries`)."""
    src_t, tgt_t = source.function_type, target.function_type
    pairs = [
        *zip(src_t.inputs.data, tgt_t.inputs.data, strict=False),
        *zip(src_t.outputs.data, tgt_t.outputs.data, strict=False),
    ]
    same_arity = len(src_t.inputs) == len(tgt_t.inputs) and len(src_t.outputs) == len(tgt_t.outputs)
    if not same_arity or not all(_corresponds(s, t) for s, t in pairs):
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
    for position, arg in enumerate(function.body.blocks[0].args):
        if isinstance(arg.type, MemRefType | TensorType):
            continue  # `irproof.verifier.memory_inputs`
        name = arg.name_hint or f"arg{position}"
        width = widths.width(arg.type)
        if width is None:
            raise UnsupportedOp(f"argument type {arg.type} has no semantics")
        value = b.declare(name, smt.BitVectorType(width))
        may_be_poison = poison_inputs and not _never_poison(function, position)
        is_poison = b.declare(f"{name}_poison", smt.BoolType()) if may_be_poison else b.false()
        inputs.append(Input(name, arg.type, width, Pair(value, is_poison)))
    return inputs


EXACTNESS_CHECK_S = 1.0
"""Budget for showing that no input exceeds the unrolling bound (then the verdict is exact)."""


def _never(condition: z3.BoolRef) -> bool:
    """Whether Z3 shows quickly that `condition` is unsatisfiable."""
    solver = z3.SolverFor("QF_BV", ctx=condition.ctx)
    solver.set("timeout", int(EXACTNESS_CHECK_S * 1000))
    solver.add(condition)
    return solver.check() == z3.unsat


def build_refinement_query(
    module: ModuleOp,
    source: func.FuncOp,
    target: func.FuncOp,
    widths: TypeWidths,
    poison_inputs: bool = True,
    direct: bool = False,
    unroll: int = DEFAULT_UNROLL,
    fp_mode: str = "exact",
    aliasing: Aliasing | None = None,
    nest: NestQuery | None = None,
) -> RefinementQuery:
    """The query asserting that `target` does not refine `source` (unsat = refinement).

    By default as semantics IR (`query.module`, for printing); `direct` builds the same
    terms straight as Z3 ASTs (`query.terms`), the fast path for solving. Loops with unknown
    trip counts are unrolled `unroll` times. `fp_mode` is `exact` or `abstract` (floats,
    `irproof.semantics.arith_float`); choices the semantics leaves open are made as
    `irproof.verifier.float_refinement` says. `aliasing` says which memref arguments share
    a block (`irproof.verifier.memory_inputs`; default: none). `nest`: instead, one
    symbolic iteration of one loop nest from arbitrary memory (`irproof.verifier.lockstep`).
    """
    check_signatures(source, target)
    check_supported(source)
    check_supported(target)
    smt_module: ModuleOp | None = None
    b: SMTBuilder
    if direct:
        b = Z3Builder()
    else:
        block = Block()
        smt_module = ModuleOp(Region(block))
        b = IRBuilder(block)
    inputs = _declare_inputs(b, source, widths, poison_inputs)
    memory: MemoryInputs | None = None
    ops = list(reachable_ops(module, source, target))
    if memref_arguments(source) or _uses_memory(ops) or _has_tensors(source):
        n = len(memref_arguments(source))
        chosen = aliasing if aliasing is not None else tuple(range(n))
        beyond = _reaches_beyond_views(ops)
        may_hold_poison = poison_inputs or nest is not None  # poison written by earlier iterations
        memory = declare_memory(b, module, source, widths, may_hold_poison, chosen, beyond)
    args = _arguments(source, inputs, memory)
    target_args = list(args)
    for position, (s_type, t_type) in enumerate(
        zip(source.function_type.inputs.data, target.function_type.inputs.data, strict=True)
    ):
        if bufferized(s_type, t_type):
            assert memory is not None and isinstance(t_type, MemRefType)
            view, facts = bufferized_argument(
                b, memory.initial, memory.tensors[position], t_type, widths
            )
            memory.target_views[position] = view
            memory.assumptions += facts
            target_args[position] = view.view

    counters = nest.counters(b, widths.index_width) if nest is not None else []

    def lower(
        function: func.FuncOp, nondet: Nondeterminism, side: str = "source"
    ) -> LoweredFunction:
        ctx = LoweringContext(b, widths, module, unroll=unroll, fp_mode=fp_mode, nondet=nondet)
        if nest is not None:
            ctx.iteration = nest.iteration(side, counters)
        if memory is not None:
            ctx.memory = memory.initial.copy()
        return lower_function(ctx, function, target_args if side == "target" else args)

    src_nondet = float_refinement.source_side(ops)
    tgt_nondet = float_refinement.target_side(ops)
    lowered_src = lower(source, src_nondet)
    lowered_tgt = lower(target, tgt_nondet, "target")
    query = RefinementQuery(smt_module, widths, inputs, lowered_src, lowered_tgt)
    query.memory = memory
    if memory is not None:
        for fact in memory.assumptions:
            b.assert_(fact)
    if nest is not None:
        for fact in nest.ranges(b, counters):
            b.assert_(fact)
    query.target_choices = tgt_nondet.made
    query.terms = b if isinstance(b, Z3Builder) else None
    query.exceeded = b.or_(lowered_src.exceeded, lowered_tgt.exceeded)
    query.bounded = b.known_bool(query.exceeded) is not False
    if b.known_bool(query.exceeded) is True:
        raise UnsupportedOp(f"no input finishes the loops within {unroll} iterations")
    if query.bounded and isinstance(b, Z3Builder):
        if _never(query.exceeded):
            query.bounded = False  # e.g. a trip count bounded by min(%n, 8): exact after all
        elif _never(b.not_(query.exceeded)):  # a bounded proof would be vacuous
            raise UnsupportedOp(f"no input finishes the loops within {unroll} iterations")

    types = list(source.function_type.outputs.data)
    query.violations = _violations(b, lowered_src, lowered_tgt, types, widths.index_width)
    # Every violation needs a source run without UB: stated on its own as well, the
    # source's assumptions (an Alive `Pre:`, `irproof.assume`) become top-level facts the
    # solver simplifies the rest with (Alive's 1062 at i64: timeout -> instant).
    b.assert_(b.not_(lowered_src.ub))
    if query.bounded:  # only the inputs on which both finish within the bound
        b.assert_(b.not_(query.exceeded))
    b.assert_(b.or_(*(v.condition for v in query.violations)))
    for nondet in float_refinement.other_assignments(src_nondet):  # every source behaviour
        other = lower(source, nondet)
        fails = [v.condition for v in _violations(b, other, lowered_tgt, types, widths.index_width)]
        b.assert_(b.or_(other.exceeded, *fails))
    query.uses_fp, query.uses_functions = b.uses_fp, b.uses_functions
    query.uses_arrays = b.uses_arrays
    return query


VIEW_ESCAPES = frozenset({"memref.reinterpret_cast"})
"""Ops that can make a view reaching outside the argument views it starts from."""


def _reaches_beyond_views(ops: list[Operation]) -> bool:
    return any(op.name in VIEW_ESCAPES for op in ops)


def _has_tensors(function: func.FuncOp) -> bool:
    return any(isinstance(a.type, TensorType) for a in function.body.blocks[0].args)


def _uses_memory(ops: list[Operation]) -> bool:
    """Whether any op of the pair or its callees allocates or names memory (then each
    execution gets one, even without memref arguments)."""
    return any(op.dialect_name() == "memref" for op in ops)


def _arguments(
    function: func.FuncOp, inputs: list[Input], memory: MemoryInputs | None
) -> list[object]:
    """The meaning of each argument of `function`, in order."""
    scalars = iter(inputs)
    args: list[object] = []
    for position, arg in enumerate(function.body.blocks[0].args):
        if isinstance(arg.type, MemRefType):
            assert memory is not None
            args.append(memory.views[position].view)
        elif isinstance(arg.type, TensorType):
            assert memory is not None
            args.append(memory.tensors[position].tensor)
        else:
            args.append(next(scalars).pair)
    return args


def _violations(
    b: SMTBuilder,
    src: LoweredFunction,
    tgt: LoweredFunction,
    types: list[Attribute],
    index_width: int,
) -> list[Violation]:
    """The named ways in which `tgt` fails to refine `src`, in Alive2's order (then memory)."""
    violations: list[Violation] = []
    src_ok = b.not_(src.ub)
    both_ok = b.and_(src_ok, b.not_(tgt.ub))
    violations.append(Violation("ub", None, b.and_(src_ok, tgt.ub)))
    pairs = list(zip(src.results, tgt.results, strict=True))
    for i, (s, t) in enumerate(pairs):
        if isinstance(s, Pair):
            cond = b.and_(both_ok, b.not_(s.poison), t.poison)
            violations.append(Violation("poison", i, cond))
    for i, (s, t) in enumerate(pairs):
        if isinstance(s, Tensor) and isinstance(t, MemRef):  # a bufferized result
            assert tgt.memory is not None
            differ = tensor_buffer_differs(b, s, t, tgt.memory, index_width)
            violations.append(Violation("value", i, b.and_(both_ok, differ)))
            continue
        if isinstance(s, Tensor):
            assert isinstance(t, Tensor)
            differ = tensor_differs(b, s, t, index_width)
            violations.append(Violation("value", i, b.and_(both_ok, differ)))
            continue
        if isinstance(s, MemRef):
            assert src.memory is not None and tgt.memory is not None and isinstance(t, MemRef)
            differ = view_differs(b, s, t, src.memory, tgt.memory, s.element, index_width)
            violations.append(Violation("value", i, b.and_(both_ok, differ)))
            continue
        defined = b.and_(both_ok, b.not_(s.poison), b.not_(t.poison))
        differ = float_refinement.values_differ(b, types[i], s.value, t.value)
        violations.append(Violation("value", i, b.and_(defined, differ)))
    if src.memory is not None and tgt.memory is not None:
        for block in caller_blocks(src.memory):
            other = tgt.memory.blocks[block.id]
            differ = block_differs(b, block, other, index_width)
            violations.append(Violation("memory", None, b.and_(both_ok, differ), block.name))
    return violations
