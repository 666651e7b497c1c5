"""Replaying nondeterministic choices (`irproof.semantics.nondet`) on the concrete interpreter.

The solver's model says which choice the target made at each op; `ChoiceRecord`s carry them
(keyed by function name and op position, so that a counterexample stays picklable) to the
replay, which runs the target with exactly those choices (`target_oracle`) and the source
with every combination of its choices (`all_behaviours`): a counterexample is confirmed only
if the target fails against each behaviour of the source. A source that bitcasts one of its
NaNs reads bits irproof fixes arbitrarily (`reads_nan_bits`): such a counterexample is not
confirmed either.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from xdsl.dialects.builtin import ModuleOp
from xdsl.dialects.func import FuncOp
from xdsl.ir import Block, Operation, SSAValue

from irproof.semantics.concrete.interpreter import ConcreteRun
from irproof.semantics.concrete.nondet import Oracle, choices
from irproof.semantics.concrete.values import ConcreteValue, Poison
from irproof.semantics.float_types import float_format

MAX_REPLAY_RUNS = 1024
"""Source behaviours the replay tries at most (beyond: not confirmed)."""

OpKey = tuple[str, int]
"""(name of the function holding the op, position of the op in its walk)."""


@dataclass(frozen=True)
class ChoiceRecord:
    """A choice the target made: at the op `key`, of `kind`, the value `value`."""

    key: OpKey
    kind: str
    value: int


def op_key(op: Operation) -> OpKey | None:
    function = op.parent_op()
    while function is not None and not isinstance(function, FuncOp):
        function = function.parent_op()
    if function is None:
        return None
    for position, inner in enumerate(function.walk()):
        if inner is op:
            return (function.sym_name.data, position)
    return None


def _keys(module: ModuleOp) -> dict[int, OpKey]:
    keys: dict[int, OpKey] = {}
    for function in module.ops:
        if isinstance(function, FuncOp):
            for position, op in enumerate(function.walk()):
                keys[id(op)] = (function.sym_name.data, position)
    return keys


def target_oracle(module: ModuleOp, records: Sequence[ChoiceRecord]) -> Oracle:
    """Each op's choices in the order the solver's model made them (then the defaults)."""
    queues: dict[tuple[OpKey, str], deque[int]] = defaultdict(deque)
    for record in records:
        queues[(record.key, record.kind)].append(record.value)
    keys = _keys(module)

    def oracle(op: Operation, kind: str) -> int | None:
        key = keys.get(id(op))
        queue = queues.get((key, kind)) if key is not None else None
        return queue.popleft() if queue else None

    return oracle


def all_behaviours(run: Callable[[], ConcreteRun]) -> list[ConcreteRun] | None:
    """Every run of a function over all combinations of its boolean choices (NaNs keep the
    canonical bits), the all-default run first; None beyond `MAX_REPLAY_RUNS`."""
    runs: list[ConcreteRun] = []
    pending: list[tuple[int, ...]] = [()]
    while pending:
        prefix = pending.pop()
        oracle = _Prefix(prefix)
        with choices(oracle):
            runs.append(run())
        if len(runs) > MAX_REPLAY_RUNS:
            return None
        asked = oracle.asked
        pending += [(*asked[:i], 1) for i in range(len(prefix), len(asked))]
    return runs


class _Prefix:
    """An oracle giving `prefix` then defaults to the boolean choices, recording them."""

    def __init__(self, prefix: tuple[int, ...]) -> None:
        self.prefix = prefix
        self.asked: list[int] = []

    def __call__(self, _op: Operation, kind: str) -> int | None:
        if kind == "nan_bits":
            return None
        position = len(self.asked)
        value = self.prefix[position] if position < len(self.prefix) else 0
        self.asked.append(value)
        return value


def _is_float_bitcast(op: Operation) -> bool:
    return op.name == "arith.bitcast" and float_format(op.operands[0].type) is not None


EXACT_BIT_OPS = frozenset({"arith.constant", "arith.negf", "arith.bitcast", "arith.select"})
"""Ops whose result bits are fixed by their operands' bits (a NaN keeps its payload)."""


def _exact_bits(value: SSAValue, seen: set[SSAValue] | None = None) -> bool:
    """Whether `value`'s bits are fixed: it comes from the function's arguments and
    constants through `EXACT_BIT_OPS` only (never from an op that may return any NaN)."""
    seen = set() if seen is None else seen
    if value in seen:
        return True
    seen.add(value)
    owner = value.owner
    if isinstance(owner, Block):  # the entry block's arguments are the inputs
        parent = owner.parent_op()
        return isinstance(parent, FuncOp) and owner is parent.body.blocks[0]
    if owner.name not in EXACT_BIT_OPS:
        return False
    operands = owner.operands[1:] if owner.name == "arith.select" else owner.operands
    return all(_exact_bits(o, seen) for o in operands)


def reads_nan_bits(module: ModuleOp, function: str, run: ConcreteRun) -> bool:
    """Whether the run of `@function` bitcast a float NaN whose bits the semantics leaves
    open (one an arithmetic op returned); a run that calls other functions while the module
    bitcasts floats elsewhere counts as one (the values of callees are not recorded)."""
    for value in run.values:
        owner = value.owner
        if isinstance(owner, Operation) and _is_float_bitcast(owner):
            source = owner.operands[0]
            fmt = float_format(source.type)
            operand = run.values.get(source)
            nan = fmt is not None and isinstance(operand, int) and fmt.is_nan(operand)
            if nan and not _exact_bits(source):
                return True
    calls = any(isinstance(v.owner, Operation) and v.owner.name == "func.call" for v in run.values)
    if not calls:
        return False
    return any(
        _is_float_bitcast(op)
        for f in module.ops
        if isinstance(f, FuncOp) and f.sym_name.data != function
        for op in f.walk()
    )


def same_value(typ: object, source: ConcreteValue, target: ConcreteValue) -> bool:
    """Value equality of non-poison results: floats are equal when both are NaN."""
    if isinstance(source, Poison) or isinstance(target, Poison):
        return source is target
    fmt = float_format(typ)  # type: ignore[arg-type]
    if fmt is not None and fmt.is_nan(source) and fmt.is_nan(target):
        return True
    return source == target
