"""The concrete interpreter: runs a `func.func` of a module on plain Python integers.

Counterexamples found by the solver are replayed here. The semantics comes from the
rules of `arith`, `index`, `math`, `func`, `scf`, `cf`, `affine`, `memref`, `tensor`,
`linalg` and `bufferization` (imported below, which registers them), written from the MLIR
documentation independently of the SMT lowering. A tensor is a `ConcreteTensor` value
(`irproof.semantics.concrete.tensor_value`); only the ops `takes_tensors` names may have
tensor operands or results (others, e.g. `arith` on tensors, are unsupported). Memrefs
are views into the blocks of the run's `ConcreteMemory` (`irproof.semantics.concrete.memory`),
shared by the functions it calls; a function's `memref.alloca` blocks die when it returns.
The interpreter runs a region block by block: it executes each op through
`CONCRETE_RULES`; a terminator either jumps (`Branch`) to another block of the region or
ends it, handing its operands to the op that ran the region (`func.return` to the caller).
Ops with regions run them through `ConcreteEnv.run_region`. `func.call` recurses into the
module, up to `MAX_CALL_DEPTH` calls deep, and a run may execute at most `MAX_STEPS` ops: a
run that exceeds either is given up (`UnsupportedOp`), so a replay reports it unconfirmed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from xdsl.dialects.builtin import (
    IndexType,
    IntegerType,
    MemRefType,
    ModuleOp,
    NoneAttr,
    StridedLayoutAttr,
    TensorType,
)
from xdsl.dialects.func import FuncOp
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue
from xdsl.traits import IsTerminator

# Importing the rule modules fills CONCRETE_RULES.
from irproof.semantics.concrete import (  # noqa: F401
    affine,
    affine_index,
    arith,
    assume,
    bit_width,
    bufferization,
    cf,
    func,
    index,
    linalg,
    math,
    memref,
    scf,
    tensor,
)
from irproof.semantics.concrete.memory import (
    ConcreteMemory,
    add_globals,
    contiguous_strides,
)
from irproof.semantics.concrete.registry import (
    CONCRETE_RULES,
    Branch,
    ConcreteEnv,
    Rule,
    StepLimitExceeded,
    UnsupportedOp,
    concrete_rule,
)
from irproof.semantics.concrete.tensor_value import takes_tensors, tensor_mismatch
from irproof.semantics.concrete.values import (
    ConcreteValue,
    ConcreteView,
    Poison,
    UndefinedBehavior,
    fits_unsigned,
    to_signed,
    to_unsigned,
)
from irproof.semantics.float_types import float_format
from irproof.semantics.widths import TypeWidths

__all__ = [
    "CONCRETE_RULES",
    "MAX_CALL_DEPTH",
    "MAX_STEPS",
    "ConcreteEnv",
    "ConcreteRun",
    "RecursionLimitExceeded",
    "Rule",
    "StepLimitExceeded",
    "UnsupportedOp",
    "concrete_rule",
    "run_function",
]

MAX_CALL_DEPTH = 64
"""How many nested `func.call`s a run may make before it is given up."""

MAX_STEPS = 1_000_000
"""How many ops a run may execute before it is given up (a loop that may not terminate)."""


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
    (its arguments included; inside a loop, the last iteration's); values inside callees
    are not recorded."""
    memory: ConcreteMemory | None = None
    """The memory when the run ended (returned or hit UB)."""


def run_function(
    module: ModuleOp,
    name: str,
    args: Sequence[ConcreteValue],
    index_width: int,
    variables: Mapping[int, int] | None = None,
    max_steps: int = MAX_STEPS,
    memory: ConcreteMemory | None = None,
) -> ConcreteRun:
    """Run `func.func @name` of `module` on `args` with `index` being `index_width` bits.

    A memref argument is a `ConcreteView` into a block of `memory`, which the run mutates in
    place: the caller puts the argument blocks and the globals (`add_globals`) into it.
    Without `memory`, the run starts from a fresh one holding the module's globals.

    Raises `UnsupportedOp` for an op (or type) without concrete semantics, or a run past
    `max_steps` ops or `MAX_CALL_DEPTH` calls, `LookupError` if there is no such function,
    and `ValueError` for arguments that do not fit (a view not matching its memref type, or
    into a block not in `memory`).
    """
    if index_width not in (32, 64):
        raise ValueError(f"index width must be 32 or 64, not {index_width}")
    function = _lookup(module, name)
    if function is None:
        raise LookupError(f"no func.func @{name} in the module")
    values: dict[SSAValue, ConcreteValue] = {}
    widths = TypeWidths(index_width, variables or {})
    if memory is None:
        memory = ConcreteMemory()
        add_globals(module, memory, widths)
    run = _Run(module, widths, max_steps, memory)
    try:
        results = run.execute(function, args, 0, values)
    except UndefinedBehavior as ub:
        return ConcreteRun(results=[], ub=ub.reason, values=values, memory=memory)
    return ConcreteRun(results=results, ub=None, values=values, memory=memory)


def _lookup(module: ModuleOp, name: str) -> FuncOp | None:
    return next(
        (op for op in module.ops if isinstance(op, FuncOp) and op.sym_name.data == name),
        None,
    )


class _Run:
    """One run of `run_function`: the module, the widths and the number of ops executed."""

    def __init__(
        self, module: ModuleOp, widths: TypeWidths, max_steps: int, memory: ConcreteMemory
    ) -> None:
        self.module = module
        self.widths = widths
        self.steps = 0
        self.max_steps = max_steps
        self.memory = memory

    def tick(self, op: Operation) -> None:
        self.steps += 1
        if self.steps > self.max_steps:
            raise StepLimitExceeded(
                op.name, f"the run did not finish within {self.max_steps} ops (a loop may not end)"
            )

    def call(self, depth: int, callee: str, args: Sequence[ConcreteValue]) -> list[ConcreteValue]:
        """`func.call @callee` made at call depth `depth`."""
        if depth > MAX_CALL_DEPTH:
            raise RecursionLimitExceeded(
                "func.call", f"more than {MAX_CALL_DEPTH} nested calls (calling @{callee})"
            )
        function = _lookup(self.module, callee)
        if function is None:
            raise UnsupportedOp("func.call", f"no func.func @{callee} in the module")
        return self.execute(function, args, depth, {})

    def execute(
        self,
        function: FuncOp,
        args: Sequence[ConcreteValue],
        depth: int,
        values: dict[SSAValue, ConcreteValue],
    ) -> list[ConcreteValue]:
        """Run `function`'s body, recording its SSA values in `values`; returns its results."""
        if not function.body.blocks:
            raise UnsupportedOp(function.name, f"@{function.sym_name.data} is a declaration")
        _check_supported(function)
        frame = _Frame(self, depth + 1, values)
        _check_arguments(function, args, frame.env, top=depth == 0)
        first_block = self.memory.next_id
        results = frame.run_region(function.body, args)
        self._release_stack(first_block)
        return results

    def _release_stack(self, first_block: int) -> None:
        """A returning function's `memref.alloca` blocks (those allocated since block id
        `first_block`) die: `func.func` is their automatic allocation scope."""
        for block in self.memory.blocks.values():
            if block.id >= first_block and block.kind == "stack":
                block.alive = False


class _Frame:
    """The SSA values of one function call, and the environment its rules see."""

    def __init__(self, run: _Run, depth: int, values: dict[SSAValue, ConcreteValue]) -> None:
        self.run = run
        self.values = values
        self.env = ConcreteEnv(
            run.widths,
            lambda callee, args: run.call(depth, callee, args),
            self.run_region,
            run.memory,
        )

    def run_region(self, region: Region, args: Sequence[ConcreteValue]) -> list[ConcreteValue]:
        """Run `region` from its entry block on `args` until a terminator leaves it."""
        block = region.blocks.first
        if block is None:
            raise UnsupportedOp(str(region.parent_op()), "an empty region")
        while True:
            outcome = self._run_block(block, args)
            if not isinstance(outcome, Branch):
                return list(outcome)
            block, args = outcome.successor, outcome.args

    def _run_block(
        self, block: Block, args: Sequence[ConcreteValue]
    ) -> Sequence[ConcreteValue] | Branch:
        self.values.update(zip(block.args, args, strict=True))
        for op in block.ops:
            self.run.tick(op)
            outputs = CONCRETE_RULES[op.name](op, [self.values[v] for v in op.operands], self.env)
            if op.has_trait(IsTerminator):
                return outputs
            assert not isinstance(outputs, Branch)
            self.values.update(zip(op.results, outputs, strict=True))
        raise UnsupportedOp(str(block.parent_op()), "a block without a terminator")


def _check_arguments(
    function: FuncOp, args: Sequence[ConcreteValue], env: ConcreteEnv, top: bool
) -> None:
    """Check `args` against the entry block arguments of `function` (a memref's view also
    against what its type fixes statically, when `top`: the arguments come from outside)."""
    name = f"@{function.sym_name.data}"
    params = function.body.blocks[0].args
    if len(args) != len(params):
        raise ValueError(f"{name} takes {len(params)} arguments, got {len(args)}")
    for param, arg in zip(params, args, strict=True):
        if isinstance(param.type, MemRefType):
            if not isinstance(arg, ConcreteView):
                raise ValueError(f"{name}: argument {arg!r} of type {param.type} is not a view")
            if top:
                _check_view(name, arg, param.type, env)
            continue
        if isinstance(param.type, TensorType):
            element = param.type.get_element_type()
            shape = param.type.get_shape()
            why = tensor_mismatch(arg, element, shape, env.width(element), env.index_width)
            if why is not None:
                raise ValueError(f"{name}: argument {arg!r} of type {param.type}: {why}")
            continue
        width = env.width(param.type)
        if not isinstance(arg, Poison) and not (isinstance(arg, int) and fits_unsigned(arg, width)):
            raise ValueError(f"{name}: argument {arg!r} is not an unsigned {width}-bit value")


def _check_view(name: str, view: ConcreteView, typ: MemRefType, env: ConcreteEnv) -> None:
    """`view` is a view of type `typ` into a block of the run's memory."""
    iw = env.index_width
    wrong = f"{name}: view {view} does not fit type {typ}"
    if view.element != typ.get_element_type() or view.rank != typ.get_num_dims():
        raise ValueError(wrong)
    if env.memory is None or view.block not in env.memory.blocks:
        raise ValueError(f"{name}: view {view} into block {view.block}, not in memory")
    if view.poison:
        return
    if not fits_unsigned(view.offset, iw) or not all(fits_unsigned(s, iw) for s in view.sizes):
        raise ValueError(f"{wrong}: offset and sizes must be unsigned {iw}-bit values")
    if any(to_signed(s, iw) != s for s in view.strides):
        raise ValueError(f"{wrong}: strides must be signed {iw}-bit values")
    if any(d >= 0 and d != s for d, s in zip(typ.get_shape(), view.sizes, strict=True)):
        raise ValueError(f"{wrong}: sizes")
    layout = typ.layout
    if isinstance(layout, NoneAttr):
        if view.offset != 0 or view.strides != contiguous_strides(view.sizes, iw):
            raise ValueError(f"{wrong}: an identity layout is contiguous from offset 0")
        return
    assert isinstance(layout, StridedLayoutAttr)
    strides = layout.get_strides()
    offset = layout.get_offset()
    for static, stride in zip(strides, view.strides, strict=True):
        if static is not None and to_signed(static, iw) != stride:
            raise ValueError(f"{wrong}: strides")
    if offset is not None and to_unsigned(offset, iw) != view.offset:
        raise ValueError(f"{wrong}: offset")


def _check_supported(function: FuncOp) -> None:
    """Raise `UnsupportedOp` for the first op without a rule or with a non-integer type
    (then for a block argument of another type), before running anything, so that the
    outcome does not depend on the inputs."""
    for op in function.body.walk():
        if op.name not in CONCRETE_RULES:
            raise UnsupportedOp(op.name)
        for type_ in (*op.operand_types, *op.result_types):
            if not _is_supported_type(type_) or (
                isinstance(type_, TensorType) and not takes_tensors(op.name)
            ):
                raise UnsupportedOp(op.name, f"values of type {type_}")
    for block in _blocks(function.body):
        for arg in block.args:
            if not _is_supported_type(arg.type):
                owner = block.parent_op()
                what = (
                    f"@{function.sym_name.data} has an argument"
                    if owner is function
                    else "a block argument"
                )
                raise UnsupportedOp(function.name, f"{what} of type {arg.type}")


def _blocks(region: Region) -> list[Block]:
    found: list[Block] = []
    for block in region.blocks:
        found.append(block)
        for op in block.ops:
            for inner in op.regions:
                found += _blocks(inner)
    return found


def _is_integer_type(type_: Attribute) -> bool:
    """An integer, `index` or supported float type (a float is its IEEE-754 bit pattern)."""
    return isinstance(type_, IntegerType | IndexType) or float_format(type_) is not None


def _is_supported_type(type_: Attribute) -> bool:
    """A scalar (`_is_integer_type`), a ranked memref of scalars whose layout is the
    identity or strided, or a ranked tensor of scalars without an encoding."""
    if isinstance(type_, TensorType):
        return _is_integer_type(type_.get_element_type()) and isinstance(type_.encoding, NoneAttr)
    if isinstance(type_, MemRefType):
        return _is_integer_type(type_.get_element_type()) and isinstance(
            type_.layout, NoneAttr | StridedLayoutAttr
        )
    return _is_integer_type(type_)
