"""Reads a solver model back into MLIR terms: inputs and every source/target value.

Values are named as in the MLIR text (`%x`), unnamed ones `%0`, `%1`, ... in order of
definition within their function, like MLIR's printer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import z3
from xdsl.dialects import func
from xdsl.ir import Region, SSAValue

from irproof.semantics.builder import Pair, width_of
from irproof.semantics.lowering import LoweredFunction
from irproof.semantics.memory import MemRef
from irproof.semantics.tensor_value import Tensor
from irproof.semantics.widths import TypeWidths
from irproof.verifier.memory_counterexample import MemoryImage, read_memory, view_contents
from irproof.verifier.nondet_replay import ChoiceRecord, op_key
from irproof.verifier.refinement import RefinementQuery, Violation
from irproof.verifier.solver import TermReader
from irproof.verifier.values import format_value


@dataclass
class ShownValue:
    """One named value of a counterexample; `value` None means poison."""

    name: str
    text: str
    value: int | None


@dataclass
class Counterexample:
    """Inputs that break refinement, and what both sides compute on them."""

    widths: TypeWidths
    failed: str  # ub | poison | value
    result: int | None
    inputs: list[ShownValue]
    source: list[ShownValue] = field(default_factory=list)
    target: list[ShownValue] = field(default_factory=list)
    source_ub: bool = False
    target_ub: bool = False
    source_results: list[ShownValue] = field(default_factory=list)
    target_results: list[ShownValue] = field(default_factory=list)
    replay: str = ""
    index_matters: bool = True
    target_choices: list[ChoiceRecord] = field(default_factory=list)
    """What the target chose where the semantics leaves a choice (`nsz`, NaN bits)."""
    memory: MemoryImage | None = None
    """The memory the inputs point to, and what each side left in it."""
    block: str = ""
    """The block whose final contents differ (a memory failure)."""

    @property
    def index_width(self) -> int:
        return self.widths.index_width


def value_names(function: func.FuncOp) -> dict[SSAValue, str]:
    """The printed name of every value of a function (nested regions and blocks included)."""
    names: dict[SSAValue, str] = {}
    counter = 0
    for position, arg in enumerate(function.body.blocks[0].args):
        names[arg] = f"%{arg.name_hint or f'arg{position}'}"
    for value in _defined_values(function):
        if value in names:
            continue
        if value.name_hint:
            names[value] = f"%{value.name_hint}"
        else:
            names[value] = f"%{counter}"
            counter += 1
    return names


def _defined_values(function: func.FuncOp) -> list[SSAValue]:
    """Block arguments (past the function's own) and op results, in textual order."""
    found: list[SSAValue] = []

    def region(r: Region, entry_args: bool) -> None:
        for i, block in enumerate(r.blocks):
            if i > 0 or entry_args:
                found.extend(block.args)
            for op in block.ops:
                for inner in op.regions:
                    region(inner, True)
                found.extend(op.results)

    region(function.body, False)
    return found


def _evaluate(model: z3.ModelRef, t: TermReader, pair: Pair) -> int | None:
    if z3.is_true(model.eval(t.term(pair.poison), model_completion=True)):
        return None
    value: Any = model.eval(t.term(pair.value), model_completion=True)
    return int(value.as_long())


def _is_true(model: z3.ModelRef, t: TermReader, value: SSAValue) -> bool:
    return bool(z3.is_true(model.eval(t.term(value), model_completion=True)))


def _shown(
    model: z3.ModelRef, t: TermReader, lowered: LoweredFunction, function: func.FuncOp
) -> tuple[list[ShownValue], list[ShownValue]]:
    names = value_names(function)
    values: list[ShownValue] = []
    for result in _defined_values(function):
        pair = lowered.values.get(result)
        if not isinstance(pair, Pair):
            continue  # inside a loop, after UB cut the lowering short, not reached, a memref
        path = lowered.paths.get(result)
        if path is not None and not _is_true(model, t, path):
            continue  # on a path not taken
        v = _evaluate(model, t, pair)
        values.append(ShownValue(names[result], format_value(result.type, _w(pair), v), v))
    results = []
    types = function.function_type.outputs.data
    for i, pair in enumerate(lowered.results):
        if isinstance(pair, Tensor):
            results.append(ShownValue(f"#{i}", _tensor_text(model, pair), None))
            continue
        if isinstance(pair, MemRef):
            assert lowered.memory is not None
            iw = width_of(pair.offset)
            text = view_contents(model, lowered.memory, pair, pair.element, iw)
            results.append(ShownValue(f"#{i}", text, None))
            continue
        v = _evaluate(model, t, pair)
        results.append(ShownValue(f"#{i}", format_value(types[i], _w(pair), v), v))
    return values, results


def _tensor_text(model: z3.ModelRef, tensor: Tensor) -> str:
    """The first elements of a tensor in the model."""
    sizes = [int(model.eval(s, model_completion=True).as_long()) for s in tensor.sizes]
    count = 1
    for s in sizes:
        count *= s
    iw = width_of(tensor.sizes[0]) if tensor.sizes else 64
    shown = []
    for k in range(min(count, 16)):
        at = z3.BitVecVal(k, iw)
        if z3.is_true(model.eval(tensor.poison.read(at), model_completion=True)):
            shown.append("poison")
        else:
            value = int(model.eval(tensor.values.read(at), model_completion=True).as_long())
            shown.append(format_value(tensor.element, tensor.width, value).split(" ", 1)[1])
    more = f", ... ({count - len(shown)} more)" if count > len(shown) else ""
    return f"tensor {'x'.join(map(str, sizes))} [{', '.join(shown)}{more}]"


def _w(pair: Pair) -> int:
    return width_of(pair.value)


def read_counterexample(
    query: RefinementQuery,
    violation: Violation,
    model: z3.ModelRef,
    t: TermReader,
    source: func.FuncOp,
    target: func.FuncOp,
) -> Counterexample:
    inputs = []
    for inp in query.inputs:
        v = _evaluate(model, t, inp.pair)
        inputs.append(ShownValue(f"%{inp.name}", format_value(inp.type, inp.width, v), v))
    cex = Counterexample(query.widths, violation.kind, violation.result, inputs)
    cex.source, cex.source_results = _shown(model, t, query.source, source)
    cex.target, cex.target_results = _shown(model, t, query.target, target)
    cex.source_ub = _is_true(model, t, query.source.ub)
    cex.target_ub = _is_true(model, t, query.target.ub)
    cex.target_choices = _choices(model, t, query)
    cex.block = violation.block
    if query.memory is not None:
        cex.memory = read_memory(
            model, query.memory, query.source.memory, query.target.memory, query.widths.index_width
        )
    return cex


def _choices(model: z3.ModelRef, t: TermReader, query: RefinementQuery) -> list[ChoiceRecord]:
    records = []
    for choice in query.target_choices:
        key = op_key(choice.op)
        if key is None:
            continue
        value: Any = model.eval(t.term(choice.term), model_completion=True)
        number = int(z3.is_true(value)) if choice.width is None else int(value.as_long())
        records.append(ChoiceRecord(key, choice.kind, number))
    return records
