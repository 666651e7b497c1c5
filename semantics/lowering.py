"""Lowering of MLIR functions into semantics IR, driven by tables of per-op rules.

A rule receives the op, the meaning (`Pair`) of each operand and the `LoweringContext`, and
returns the meaning of each result. `SEMANTICS_RULES` holds the rules of ordinary ops (ops
with regions among them: they lower their regions through the context), `BRANCH_RULES` those
of the terminators that branch to other blocks (`cf.br`, ...), which return the `Edge`s they
may take; `EXIT_TERMINATORS` end a region and hand their operands to its parent. Any other op
raises `UnsupportedOp`, which the verifier reports as `unknown`.

Control flow (DESIGN.md "Semantics"): the context carries a *path condition*, the SMT
boolean under which the code being lowered runs. UB is a per-path flag: `ub_if(c)` records
`path ∧ c`, so the two arms of a branch are lowered one after the other, each under its own
path, into the same UB state, and their results are merged with if-then-else. Branching on
a poison condition is UB (LLVM LangRef: `br` on poison is UB; MLIR's `scf.if`, `cf.cond_br`,
`cf.switch`, `scf.index_switch`, `affine.if` and the loop conditions lower to such branches).
Regions are executed by `irproof.semantics.cfg` (several blocks, back edges) and loops by
`irproof.semantics.loops`; loops with unknown trip counts are unrolled up to `unroll`
iterations, and the paths still running after that make up the *bound-exceeded* condition
`exceeded`, which the refinement query assumes false (a `bounded` verdict).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from xdsl.dialects import func
from xdsl.dialects.builtin import MemRefType, ModuleOp, TensorType
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue

from irproof.semantics.builder import Pair, SMTBuilder, Term
from irproof.semantics.memory import Memory
from irproof.semantics.nondet import Nondeterminism
from irproof.semantics.symbolic_iteration import SymbolicIteration
from irproof.semantics.widths import TypeWidths
from irproof.tables import registrar

Rule = Callable[[Operation, Sequence[Any], "LoweringContext"], Sequence[Any]]
"""Operands' meanings → results' meanings: a `Pair` for an integer, index or float value, a
`MemRef` (`irproof.semantics.memory`) for a memref."""
SEMANTICS_RULES: dict[str, Rule] = {}


@dataclass(frozen=True)
class Edge:
    """A successor a branch may take: when (relative to the branch being reached), and the
    meaning of the block arguments it passes."""

    successor: Block
    condition: Term
    args: list[Pair]


BranchRule = Callable[[Operation, Sequence[Pair], "LoweringContext"], Sequence[Edge]]
BRANCH_RULES: dict[str, BranchRule] = {}

EXIT_TERMINATORS = frozenset(
    {"func.return", "scf.yield", "scf.condition", "affine.yield", "linalg.yield"}
)
"""Terminators that leave their region; the region's meaning is their operands."""

MAX_CALL_DEPTH = 32

DEFAULT_UNROLL = 16
"""Iterations a loop with an unknown trip count is unrolled to (`--unroll`)."""

MAX_EXACT_ITERATIONS = 4096
"""A loop whose trip count is known is unrolled exactly, up to this many iterations; a longer
one is unsupported (`unknown`) rather than cut (which would make every input exceed it)."""


MAX_SOLVER_DECISIONS = 64
"""Past the unrolling bound, how many times per loop a brief solver check may show that the
loop goes on for every input (a trip count that is static without folding to a constant,
e.g. after a CF diamond); then the loop counts as one with an unknown trip count."""


class UnsupportedOp(Exception):
    """An op (or type) irproof has no semantics for; the message names it."""


semantics_rule: Callable[..., Callable[[Rule], Rule]] = registrar(SEMANTICS_RULES)
"""`@semantics_rule(*names)`: the lowering rule of the ops called `names`."""


branch_rule: Callable[..., Callable[[BranchRule], BranchRule]] = registrar(BRANCH_RULES)
"""`@branch_rule(*names)`: the rule of the branching terminators called `names`."""


def has_semantics(name: str) -> bool:
    return name in SEMANTICS_RULES or name in BRANCH_RULES or name in EXIT_TERMINATORS


@dataclass
class LoweredFunction:
    """The meaning of one call of a function: its results, UB flag and every value on the way.

    `values` holds the values of ops outside loops (a value inside a loop has one meaning per
    iteration), `paths` the path condition each was computed under; `exceeded` is the
    bound-exceeded condition (false when every loop was unrolled exactly)."""

    results: list[Pair]
    ub: SSAValue
    values: dict[SSAValue, Pair]
    paths: dict[SSAValue, Term] = field(default_factory=dict)
    exceeded: Term | None = None
    memory: Memory | None = None
    """The memory when the function returns (None: it has none)."""


@dataclass
class LoweringContext:
    """What a rule needs: the builder, the index width, the UB state, the path condition, the
    module (calls) and the unrolling bound."""

    smt: SMTBuilder
    widths: TypeWidths
    module: ModuleOp | None = None
    state: SSAValue | None = None
    values: dict[SSAValue, Pair] = field(default_factory=dict)
    call_depth: int = 0
    unroll: int = DEFAULT_UNROLL
    path: Term = None
    exceeded: Term = None
    shown: dict[SSAValue, Pair] = field(default_factory=dict)
    shown_paths: dict[SSAValue, Term] = field(default_factory=dict)
    recording: bool = True
    """Whether values are recorded for display (not inside loops)."""
    fp_mode: str = "exact"
    """`exact` (IEEE-754 in SMT FP) or `abstract` (float arithmetic uninterpreted)."""
    nondet: Nondeterminism = field(default_factory=Nondeterminism)
    """How choices the semantics leaves open are made (`irproof.semantics.nondet`)."""
    memory: Memory | None = None
    """The blocks this execution reads and writes (`irproof.semantics.memory`)."""
    loop_indices: list[list[Term]] = field(default_factory=list)
    """The iteration point of each enclosing linalg op (`linalg.index`)."""
    iteration: SymbolicIteration | None = None
    """Loops that run one symbolic iteration instead of all (`irproof.verifier.lockstep`)."""

    def __post_init__(self) -> None:
        if self.path is None:
            self.path = self.smt.true()
        if self.exceeded is None:
            self.exceeded = self.smt.false()

    def width(self, typ: Attribute) -> int:
        """The bit width of an integer or index type."""
        width = self.widths.width(typ)
        if width is None:
            raise UnsupportedOp(f"type {typ} has no semantics")
        return width

    def check_type(self, typ: Attribute) -> None:
        """Raise `UnsupportedOp` unless values of `typ` have a meaning: integers, index,
        supported floats, and ranked memrefs of those with strided layouts."""
        if isinstance(typ, TensorType):
            self.width(typ.get_element_type())
            return
        if isinstance(typ, MemRefType):
            from irproof.semantics.memory import layout_of

            self.width(typ.get_element_type())
            try:
                layout_of(typ)
            except ValueError as error:
                raise UnsupportedOp(f"type {typ}: {error}") from None
            return
        self.width(typ)

    @property
    def index_width(self) -> int:
        return self.widths.index_width

    def result_width(self, op: Operation, index: int = 0) -> int:
        return self.width(op.results[index].type)

    # --- paths, UB and the bound ----------------------------------------------------------

    def ub_if(self, cond: Term) -> None:
        """The current path has UB when `cond` holds."""
        assert self.state is not None
        self.state = self.smt.ub_if(self.state, self.smt.and_(self.path, cond))

    def branch_on(self, cond: Pair) -> Term:
        """The SMT boolean of an i1 branch condition; branching on poison is UB."""
        self.ub_if(cond.poison)
        return self.smt.is_true_bit(cond.value)

    @contextmanager
    def under(self, path: Term) -> Iterator[None]:
        """Lower what follows under the path condition `path`."""
        saved = self.path
        self.path = path
        try:
            yield
        finally:
            self.path = saved

    @contextmanager
    def not_recording(self) -> Iterator[None]:
        saved = self.recording
        self.recording = False
        try:
            yield
        finally:
            self.recording = saved

    def exceed(self, cond: Term) -> None:
        """Paths where `cond` holds run past the unrolling bound, unless they already had UB
        (then the execution ended there: it counts as finished)."""
        assert self.state is not None
        b = self.smt
        self.exceeded = b.or_(self.exceeded, b.and_(cond, b.not_(b.has_ub(self.state))))

    def any_poison(self, args: Sequence[Pair]) -> SSAValue:
        return self.smt.or_(*(a.poison for a in args))

    # --- blocks and regions ---------------------------------------------------------------

    def bind(self, value: SSAValue, pair: Pair) -> None:
        self.values[value] = pair
        if self.recording:
            self.shown[value] = pair
            self.shown_paths[value] = self.path

    def bind_block_args(self, block: Block, args: Sequence[Pair]) -> None:
        for block_arg, pair in zip(block.args, args, strict=True):
            self.check_type(block_arg.type)
            self.bind(block_arg, pair)

    def lower_ops(self, block: Block) -> Operation:
        """Lower every op of `block` but its terminator, which is returned."""
        for op in block.ops:
            if op.name in BRANCH_RULES or op.name in EXIT_TERMINATORS:
                return op
            rule = SEMANTICS_RULES.get(op.name)
            if rule is None:
                raise UnsupportedOp(f"op '{op.name}' has no semantics")
            for result in op.results:
                self.check_type(result.type)
            results = rule(op, self.operands(op), self)
            for result, pair in zip(op.results, results, strict=True):
                self.bind(result, pair)
        raise UnsupportedOp(f"a block in '{block.parent_op()}' has no terminator")

    def operands(self, op: Operation) -> list[Pair]:
        return [self.values[o] for o in op.operands]

    def lower_region(self, region: Region, args: Sequence[Pair]) -> list[Pair]:
        """Run `region` on `args` under the current path: the operands of the exit terminator
        reached (merged over the paths reaching one)."""
        from irproof.semantics.cfg import lower_region  # cfg builds on this module

        return lower_region(self, region, args)

    def lower_call(self, callee: str, args: Sequence[Pair]) -> list[Pair]:
        """Inline a call to `callee` of the same module."""
        if self.module is None:
            raise UnsupportedOp(f"func.call @{callee}: no enclosing module")
        target = find_function(self.module, callee)
        if target is None or target.is_declaration:
            raise UnsupportedOp(f"func.call @{callee}: no function body in the module")
        if self.call_depth >= MAX_CALL_DEPTH:
            raise UnsupportedOp(f"func.call @{callee}: recursion deeper than {MAX_CALL_DEPTH}")
        check_supported(target)
        saved = self.values, self.recording
        self.call_depth += 1
        self.values, self.recording = {}, False  # a recursive call has its own values
        first_block = self.memory.next_id if self.memory is not None else 0
        try:
            results = self.lower_body(target, args)
            self.end_stack_allocations(first_block)
            return results
        finally:
            self.call_depth -= 1
            self.values, self.recording = saved

    def end_stack_allocations(self, first_block: int) -> None:
        """`memref.alloca` buffers made since block `first_block` die: their function (the
        automatic allocation scope) returns."""
        if self.memory is None:
            return
        for block in self.memory.blocks.values():
            if block.id >= first_block and block.kind == "stack":
                block.alive = self.smt.false()

    def lower_body(self, function: func.FuncOp, args: Sequence[Pair]) -> list[Pair]:
        """Lower the body of `function` applied to `args`; UB goes into state."""
        if not function.body.blocks:
            raise UnsupportedOp(f"@{function.sym_name.data} is a declaration")
        return self.lower_region(function.body, args)


def find_function(module: ModuleOp, name: str) -> func.FuncOp | None:
    for op in module.ops:
        if isinstance(op, func.FuncOp) and op.sym_name.data == name:
            return op
    return None


def _has_meaning(typ: Attribute) -> bool:
    if isinstance(typ, MemRefType | TensorType):
        typ = typ.get_element_type()
    return TypeWidths(32).width(typ) is not None


def check_supported(function: func.FuncOp) -> None:
    """Raise `UnsupportedOp` naming the first op of `function` without semantics (and the
    first argument type without one), so that a function using e.g. memory is reported by
    its first unsupported op rather than by the type of its arguments."""
    op = next((op for op in function.body.walk() if not has_semantics(op.name)), None)
    if op is None:
        return
    reasons = [f"op '{op.name}' has no semantics"]
    types = [a.type for a in function.body.blocks[0].args] if function.body.blocks else []
    unsupported = [t for t in types if not _has_meaning(t)]
    if unsupported:
        reasons.append(f"argument type {unsupported[0]} has no semantics")
    raise UnsupportedOp("; ".join(reasons))


def lower_function(
    ctx: LoweringContext, function: func.FuncOp, args: Sequence[Pair]
) -> LoweredFunction:
    """Lower one function applied to `args`, with a fresh UB state.

    Each result leaves the function as a `poison.pack`ed pair, and is read back through
    `poison.value` / `poison.is_poison`, so the semantics IR shows the function's interface.
    """
    b = ctx.smt
    check_supported(function)
    ctx.state = b.effect_init()
    first_block = ctx.memory.next_id if ctx.memory is not None else 0
    results = [
        b.unpack(b.pack(value)) if isinstance(value, Pair) else value
        for value in ctx.lower_body(function, args)
    ]
    ctx.end_stack_allocations(first_block)
    lowered = LoweredFunction(
        results, b.has_ub(ctx.state), ctx.shown, ctx.shown_paths, ctx.exceeded
    )
    lowered.memory = ctx.memory
    return lowered
