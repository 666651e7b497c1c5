"""Concrete falsification: candidate counterexamples for a check the solver did not decide.

When a refinement query ends `unknown` (a solver timeout, or an abstract floating-point
counterexample not confirmed exactly), `falsify` builds candidate inputs for the query's
instance (its widths, index width and aliasing configuration) from edge values and random
values, and replays each on the concrete interpreter (`irproof.verifier.replay`). The first
candidate whose replay is *confirmed* is a real counterexample: the verdict becomes
`incorrect` with it, exactly as for a solver's model. Testing never proves anything: when no
candidate fails, the verdict stays `unknown`.

Candidates respect the query's inputs: scalars of the query's widths (poison only where the
query lets an argument be poison), memref arguments as views into argument blocks shared
as the aliasing configuration says (identity layouts at offset 0, dynamic sizes, strides
and offsets small and valid), tensors of the declared shapes, and for a target bufferized at
the function boundary a buffer of the tensor's elements in a layout its type allows. Values
are drawn by a generator seeded from the instance, so a verdict is reproducible; the search
stops after `MAX_CANDIDATES` candidates or its time budget.
"""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import z3
from xdsl.dialects.builtin import MemRefType, ModuleOp, TensorType
from xdsl.dialects.func import FuncOp
from xdsl.ir import Attribute

from irproof.semantics.concrete.interpreter import ConcreteRun, UnsupportedOp
from irproof.semantics.concrete.memory import ConcreteMemory, ConcreteView
from irproof.semantics.concrete.tensor_value import (
    ConcreteTensor,
    element_count,
    row_major_positions,
)
from irproof.semantics.concrete.values import Poison
from irproof.semantics.float_types import FloatFormat, float_format
from irproof.semantics.memory import layout_of, static_sizes
from irproof.semantics.widths import TypeWidths
from irproof.strategies import edge_values
from irproof.verifier.counterexample import Counterexample, ShownValue
from irproof.verifier.float_policy import RECHECK_FAILED
from irproof.verifier.memory_counterexample import (
    SHOWN_ELEMENTS,
    BlockImage,
    MemoryImage,
    TensorImage,
    ViewImage,
)
from irproof.verifier.memory_inputs import MemoryInputs, MemRefInput
from irproof.verifier.refinement import VIEW_ESCAPES, RefinementQuery
from irproof.verifier.replay import CONFIRMED, failure_shown, judge, run_both
from irproof.verifier.values import format_value

MAX_CANDIDATES = 200
"""Candidates tried per undecided check."""

MAX_SECONDS = 2.0
"""Time budget per undecided check (at most the solver's `--timeout`)."""

MAX_STEPS = 100_000
"""Ops a candidate's run may execute (an input making a loop run long is given up)."""

DYNAMIC_SIZES = (1, 2, 3, 4, 2, 3, 0)
"""What a dynamic size (`?`) of a memref or tensor argument is drawn from."""

OFFSETS = (0, 0, 1, 2, 5)
"""What a dynamic offset of a memref argument's layout is drawn from."""

NEGATIVE_STRIDE = 0.15
"""The chance that a dynamic stride is drawn negative (with a dynamic offset)."""


RELATED = 0.25
"""The chance that a scalar argument is drawn equal or close to an earlier one of its type
(`related_value`): x == y, x == -y, x == y + 1 are rare at random."""


@dataclass(frozen=True)
class Mix:
    """How one candidate draws its values: the chance of an edge value (else a small or
    an arbitrary one) and of poison (where poison is allowed)."""

    edge: float
    poison: float


MIXES = (Mix(0.8, 0.0), Mix(0.1, 0.0), Mix(0.5, 0.0), Mix(0.4, 0.15))
"""Candidate k draws with `MIXES[k % len(MIXES)]`: most candidates have no poison (poison
in the source hides a difference)."""


def core_int_values(width: int) -> tuple[int, ...]:
    """0, 1, -1, INT_MIN and INT_MAX as unsigned `width`-bit values, each once."""
    top = (1 << width) - 1
    return tuple(dict.fromkeys((0, 1, top, 1 << (width - 1), top >> 1)))


@functools.cache
def core_float_values(fmt: FloatFormat) -> tuple[int, ...]:
    """The encodings of ±0, ±1, ±inf and a NaN."""
    one = fmt.bias << fmt.mantissa_bits
    plain = (0, one, fmt.infinity)
    return (*plain, *(bits | fmt.sign_mask for bits in plain), fmt.canonical_nan)


@functools.cache
def float_edge_values(fmt: FloatFormat) -> tuple[int, ...]:
    """`core_float_values`, ±2, ±0.5, NaNs (both signs, quiet and signalling), the smallest
    subnormal, the smallest normal and the largest finite value (with both signs)."""
    one = fmt.bias << fmt.mantissa_bits
    two, half = one + (1 << fmt.mantissa_bits), one - (1 << fmt.mantissa_bits)
    largest = (fmt.exponent_mask - (1 << fmt.mantissa_bits)) | fmt.mantissa_mask
    plain = [two, half, fmt.canonical_nan, fmt.infinity | 1, 1, 1 << fmt.mantissa_bits, largest]
    signed = plain + [bits | fmt.sign_mask for bits in plain]
    return tuple(dict.fromkeys([*core_float_values(fmt), *signed]))


def random_float(rng: random.Random, fmt: FloatFormat) -> int:
    """A finite float: around 1 (exponent within ±4 of 2^0), large, or any finite one."""
    sign = rng.getrandbits(1) * fmt.sign_mask
    mantissa = rng.getrandbits(fmt.mantissa_bits)
    top = 2 * fmt.bias  # the largest exponent field of a finite value
    kind = rng.randrange(3)
    if kind == 0:
        exponent = fmt.bias + rng.randint(-4, 4)
    elif kind == 1:
        exponent = rng.randint(fmt.bias + 1, top)
    else:
        exponent = rng.randint(0, top)
    return sign | exponent << fmt.mantissa_bits | mantissa


def draw_value(rng: random.Random, typ: Attribute, width: int, mix: Mix) -> int:
    """An unsigned `width`-bit value of type `typ` (a float: its IEEE encoding): an edge
    value (half of the time one of the core ones), else for an integer a tiny (0-4), small
    (up to a shift amount past the width) or arbitrary one, for a float a random finite one."""
    fmt = float_format(typ)
    if rng.random() < mix.edge:
        core = rng.random() < 0.5
        if fmt is not None:
            return rng.choice(core_float_values(fmt) if core else float_edge_values(fmt))
        return rng.choice(core_int_values(width) if core else edge_values(width))
    if fmt is not None:
        return random_float(rng, fmt)
    top = (1 << width) - 1
    kind = rng.randrange(3)
    if kind == 0:  # indices, sizes
        return rng.randint(0, min(top, 4))
    if kind == 1:  # shift amounts
        return rng.randint(0, min(top, 2 * width + 2))
    return rng.getrandbits(width)


def related_value(rng: random.Random, typ: Attribute, width: int, value: int) -> int:
    """A value equal or close to `value` (another argument's): the same, for an integer its
    negation or a neighbour, for a float its negation."""
    mask = (1 << width) - 1
    if float_format(typ) is not None:
        return rng.choice((value, value ^ (1 << (width - 1))))
    return rng.choice((value, -value & mask, (value + 1) & mask, (value - 1) & mask))


def _maybe_poison(
    rng: random.Random, typ: Attribute, width: int, mix: Mix, poison: bool
) -> int | None:
    if poison and rng.random() < mix.poison:
        return None
    return draw_value(rng, typ, width, mix)


# --- memory ----------------------------------------------------------------------------------


@dataclass
class _View:
    """A memref argument's (or bufferized tensor's) view being drawn."""

    inp: MemRefInput
    offset: int
    sizes: tuple[int, ...]
    strides: tuple[int, ...]


def _sizes(rng: random.Random, shape: Sequence[int | None]) -> tuple[int, ...]:
    return tuple(rng.choice(DYNAMIC_SIZES) if s is None else s for s in shape)


def _layout(
    rng: random.Random, typ: MemRefType, sizes: tuple[int, ...]
) -> tuple[int | None, tuple[int, ...]] | None:
    """(offset, strides) of a view of `sizes` that `typ` allows: contiguous for the
    identity layout, else the static strides and offset with the dynamic ones drawn (row
    major with some padding, or another dimension order, a stride sometimes negative when
    the offset is dynamic); offset None: dynamic, not drawn yet. None: the layout is not
    strided."""
    try:
        layout = layout_of(typ)
    except ValueError:
        return None
    rank = len(sizes)
    if layout.identity:
        return 0, _contiguous(sizes, list(reversed(range(rank))), lambda: 0)
    order = list(reversed(range(rank)))  # fastest varying dimension first
    if all(s is None for s in layout.strides) and rng.random() < 0.3:
        rng.shuffle(order)
    drawn = _contiguous(sizes, order, lambda: rng.choice((0, 0, 1)))
    if layout.offset is None:  # the offset can make room for a negative stride
        drawn = tuple(-d if rng.random() < NEGATIVE_STRIDE else d for d in drawn)
    strides = tuple(d if s is None else s for s, d in zip(layout.strides, drawn, strict=True))
    return layout.offset, strides


def _contiguous(
    sizes: Sequence[int], order: Sequence[int], pad: Callable[[], int]
) -> tuple[int, ...]:
    strides = [0] * len(sizes)
    running = 1
    for d in order:
        strides[d] = running
        running = running * max(sizes[d], 1) + pad()
    return tuple(strides)


def _reach(offset: int, sizes: Sequence[int], strides: Sequence[int]) -> tuple[int, int] | None:
    """The lowest and highest element of a view, None when it is empty."""
    if any(s == 0 for s in sizes):
        return None
    low = high = offset
    for size, stride in zip(sizes, strides, strict=True):
        reach = (size - 1) * stride
        low, high = (low + reach, high) if reach < 0 else (low, high + reach)
    return low, high


def _draw_view(rng: random.Random, inp: MemRefInput, sizes: tuple[int, ...]) -> _View | None:
    layout = _layout(rng, inp.type, sizes)
    if layout is None:
        return None
    offset, strides = layout
    if offset is None:
        offset = rng.choice(OFFSETS)
        reach = _reach(0, sizes, strides)
        if reach is not None and reach[0] < 0:  # negative strides: start high enough
            offset -= reach[0]
    reach = _reach(offset, sizes, strides)
    if reach is not None and reach[0] < 0:
        return None  # a static layout no buffer can hold
    return _View(inp, offset, sizes, strides)


def _block_size(rng: random.Random, views: Sequence[_View], larger: bool) -> int:
    """As big as the views need; if `larger` (the functions may reach past their views),
    sometimes a little bigger, as a caller's buffer may be."""
    reaches = [_reach(v.offset, v.sizes, v.strides) for v in views]
    needed = max((r[1] + 1 for r in reaches if r is not None), default=0)
    return needed + (rng.choice((0, 1, 3)) if larger else 0)


def _view_image(v: _View) -> ViewImage:
    inp = v.inp
    return ViewImage(inp.position, inp.name, inp.type, inp.block.id, v.offset, v.sizes, v.strides)


def _tensor_sizes(rng: random.Random, typ: TensorType[Attribute]) -> tuple[int, ...]:
    return _sizes(rng, [None if d < 0 else d for d in typ.get_shape()])


def draw_memory(
    rng: random.Random, memory: MemoryInputs, mix: Mix, poison: bool, larger: bool
) -> MemoryImage | None:
    """The caller's memory for one candidate, None if no valid one was drawn (`poison`:
    elements may be poison; `larger`: blocks may be larger than their views need)."""
    image = MemoryImage(aliasing=memory.describe_aliasing())
    by_block: dict[int, list[_View]] = {}
    for inp in memory.views.values():
        view = _draw_view(rng, inp, _sizes(rng, static_sizes(inp.type)))
        if view is None:
            return None
        by_block.setdefault(inp.block.id, []).append(view)
        image.views.append(_view_image(view))
    for block in memory.argument_blocks:
        views = by_block.get(block.id, [])
        size = _block_size(rng, views, larger)
        values = [_maybe_poison(rng, block.element, block.width, mix, poison) for _ in range(size)]
        image.blocks.append(
            BlockImage(block.id, block.name, block.element, block.width, size, values)
        )
    tensors: dict[int, TensorImage] = {}
    for t in memory.tensors.values():
        sizes = _tensor_sizes(rng, t.type)
        element, width = t.tensor.element, t.tensor.width
        values = [
            _maybe_poison(rng, element, width, mix, poison) for _ in range(element_count(sizes))
        ]
        tensors[t.position] = TensorImage(t.position, t.name, t.type, element, width, sizes, values)
    image.tensors = list(tensors.values())
    for inp in memory.target_views.values():
        buffer = _bufferized(rng, inp, tensors[inp.position], mix, larger)
        if buffer is None:
            return None
        view, block = buffer
        image.target_views.append(view)
        image.blocks.append(block)
    return image


def _bufferized(
    rng: random.Random, inp: MemRefInput, tensor: TensorImage, mix: Mix, larger: bool
) -> tuple[ViewImage, BlockImage] | None:
    """The buffer a bufferized target gets for `tensor`: its elements where the drawn
    layout puts them, anything elsewhere."""
    view = _draw_view(rng, inp, tensor.sizes)
    if view is None:
        return None
    size = _block_size(rng, [view], larger)
    block = inp.block
    values = [draw_value(rng, block.element, block.width, mix) for _ in range(size)]
    offsets = set()
    for k, position in enumerate(row_major_positions(tensor.sizes)):
        at = view.offset + sum(i * s for i, s in zip(position, view.strides, strict=True))
        if at in offsets:
            return None  # a static layout mapping two elements to one place
        offsets.add(at)
        values[at] = tensor.values[k]
    image = BlockImage(block.id, block.name, block.element, block.width, size, values, "heap")
    return _view_image(view), image


# --- candidates and their replay ---------------------------------------------------------------


def candidates(
    module: ModuleOp, query: RefinementQuery, seed: str, poison_inputs: bool
) -> Callable[[int], Counterexample | None]:
    """The `k`-th candidate of the query's instance (None: no valid memory drawn); to be
    called for k = 0, 1, ... in turn (they share one generator)."""
    larger = any(op.name in VIEW_ESCAPES for op in module.walk())
    rng = random.Random(seed)
    b = query.terms  # None (semantics IR, not solved here): no poison, to stay on the safe side
    may_be_poison = [b is not None and not z3.is_false(b.term(i.pair.poison)) for i in query.inputs]

    def candidate(k: int) -> Counterexample | None:
        mix = MIXES[k % len(MIXES)]
        inputs: list[ShownValue] = []
        earlier: dict[tuple[Attribute, int], list[int]] = {}
        for inp, poison in zip(query.inputs, may_be_poison, strict=True):
            same_type = earlier.setdefault((inp.type, inp.width), [])
            if same_type and rng.random() < RELATED:
                value: int | None = related_value(rng, inp.type, inp.width, rng.choice(same_type))
            else:
                value = _maybe_poison(rng, inp.type, inp.width, mix, poison)
            if value is not None:
                same_type.append(value)
            inputs.append(
                ShownValue(f"%{inp.name}", format_value(inp.type, inp.width, value), value)
            )
        cex = Counterexample(query.widths, "value", None, inputs)
        if query.memory is not None:
            cex.memory = draw_memory(rng, query.memory, mix, poison_inputs, larger)
            if cex.memory is None:
                return None
        return cex

    return candidate


def _seed(source: FuncOp, target: FuncOp, query: RefinementQuery) -> str:
    widths: TypeWidths = query.widths
    aliasing = query.memory.aliasing if query.memory is not None else ()
    return f"{source.sym_name.data}/{target.sym_name.data}/{widths}/{aliasing}"


def origin(reason: str) -> str:
    """How a falsified counterexample was found, after the solver's `reason`."""
    if RECHECK_FAILED in reason:
        return "found by random testing after an abstract counterexample was not confirmed"
    if "timeout" in reason:
        return "found by random testing after a solver timeout"
    return "found by random testing after the solver gave up"


def falsify(
    module: ModuleOp,
    source: FuncOp,
    target: FuncOp,
    query: RefinementQuery,
    reason: str,
    timeout_s: float,
    poison_inputs: bool = True,
) -> Counterexample | None:
    """A replayed counterexample of the query's instance among the candidates, or None.
    `reason` is why the solver did not decide (shown in the counterexample's replay text)."""
    deadline = time.perf_counter() + min(MAX_SECONDS, timeout_s)
    candidate = candidates(module, query, _seed(source, target, query), poison_inputs)
    src, tgt = source.sym_name.data, target.sym_name.data
    for k in range(MAX_CANDIDATES):
        if time.perf_counter() > deadline:
            break
        cex = candidate(k)
        if cex is None:
            continue
        try:
            runs = run_both(module, src, tgt, cex, MAX_STEPS)
        except (UnsupportedOp, ValueError):
            continue  # an op without concrete semantics, a run too long, an input that does not fit
        found = failure_shown(runs)
        if found is None or not runs.sources:
            continue
        confirmed, _ = judge(module, src, runs, found)
        if confirmed:
            cex.failed, cex.result = found
            cex.replay = f"{CONFIRMED} ({origin(reason)})"
            _show_runs(cex, runs.sources[0], runs.target, source, query.widths)
            return cex
    return None


# --- what the counterexample shows ---------------------------------------------------------------


def _show_runs(
    cex: Counterexample, src: ConcreteRun, tgt: ConcreteRun, source: FuncOp, widths: TypeWidths
) -> None:
    """The results of both runs, their UB, and the final argument blocks."""
    types = list(source.function_type.outputs.data)
    cex.source_ub, cex.target_ub = src.ub is not None, tgt.ub is not None
    cex.source_results = _results(src, types, widths)
    cex.target_results = _results(tgt, types, widths)
    if cex.memory is None:
        return
    arguments = [b for b in cex.memory.blocks if b.kind == "argument"]
    cex.memory.source_final = _finals(src.memory, arguments)
    cex.memory.target_final = _finals(tgt.memory, arguments)


def _scalar(value: object) -> int | None:
    return None if isinstance(value, Poison) else value  # type: ignore[return-value]


def _results(run: ConcreteRun, types: Sequence[Attribute], widths: TypeWidths) -> list[ShownValue]:
    shown = []
    for i, value in enumerate(run.results):
        typ = types[i]
        if isinstance(value, ConcreteTensor):
            text = _elements_text("tensor", value.element, value.width, value.values, value.sizes)
        elif isinstance(value, ConcreteView):
            text = _view_text(run.memory, value, widths)
        else:
            width = widths.width(typ) or 0
            text = format_value(typ, width, _scalar(value))
        shown.append(ShownValue(f"#{i}", text, None if not isinstance(value, int) else value))
    return shown


def _elements_text(
    kind: str, element: Attribute, width: int, values: Sequence[object], sizes: Sequence[int]
) -> str:
    """e.g. `tensor 2x2 [1, 2, poison, 4]`."""
    parts = [
        format_value(element, width, _scalar(v)).split(" ", 1)[1] for v in values[:SHOWN_ELEMENTS]
    ]
    if len(values) > len(parts):
        parts.append(f"... ({len(values) - len(parts)} more)")
    return f"{kind} {'x'.join(map(str, sizes)) or 'scalar'} [{', '.join(parts)}]"


def _view_text(memory: ConcreteMemory | None, view: ConcreteView, widths: TypeWidths) -> str:
    block = None if memory is None else memory.blocks.get(view.block)
    if block is None or view.poison:
        return "memref (dead or poison view)"
    values: list[object] = []
    for position in row_major_positions(view.sizes):
        at = view.offset + sum(i * s for i, s in zip(position, view.strides, strict=True))
        values.append(block.values[at] if 0 <= at < block.size else None)
    return _elements_text("memref", view.element, block.width, values, view.sizes)


def _finals(memory: ConcreteMemory | None, blocks: Sequence[BlockImage]) -> list[BlockImage]:
    if memory is None:
        return []
    finals = []
    for image in blocks:
        block = memory.blocks.get(image.id)
        if block is None:
            continue
        values = [_scalar(v) for v in block.values[:SHOWN_ELEMENTS]]
        finals.append(
            BlockImage(image.id, image.name, image.element, image.width, image.size, values)
        )
    return finals
