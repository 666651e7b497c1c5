"""Concrete semantics of `bufferization`'s conversions between tensors and buffers.

Written from the `bufferization` op documentation apart from the SMT rules:

- `to_tensor` takes a snapshot: the tensor holds the elements the memref view holds when
  the op runs (in row-major order of the view's indices); later stores to the buffer do not
  change it. Each element is read as `memref.load` would: UB if any read would be (a poison
  view, a dead block, an element outside the block).
- `to_buffer` (LLVM 19: `to_memref`) gives a new buffer (a heap block) holding the tensor's
  elements, row-major and contiguous from offset 0.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects.builtin import MemRefType, NoneAttr, StridedLayoutAttr, TensorType
from xdsl.ir import Operation

from irproof.semantics.concrete.memory import contiguous_strides, contiguous_view, locate
from irproof.semantics.concrete.registry import ConcreteEnv, UnsupportedOp, concrete_rule
from irproof.semantics.concrete.tensor import checked_count, make_tensor, tensor_operand
from irproof.semantics.concrete.tensor_value import row_major_positions
from irproof.semantics.concrete.values import (
    ConcreteValue,
    ConcreteView,
    UndefinedBehavior,
    to_signed,
)


@concrete_rule("bufferization.to_tensor")
def to_tensor(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> list[ConcreteValue]:
    view = args[0]
    if not isinstance(view, ConcreteView):
        raise UnsupportedOp(op.name, f"operand {view!r} is not a memref view")
    if view.poison:
        raise UndefinedBehavior(f"{op.name}: the memref is poison")
    if env.memory is None:
        raise UnsupportedOp(op.name, "no memory to run it on")
    result = op.results[0].type
    if not isinstance(result, TensorType):
        raise UnsupportedOp(op.name, f"result of type {result}")
    checked_count(op, view.sizes)
    values = []
    for position in row_major_positions(view.sizes):
        block, offset = locate(op.name, env.memory, view, position, env.index_width, False)
        values.append(block.values[offset])
    element = result.get_element_type()
    return [make_tensor(element, env.width(element), view.sizes, values)]


def _contiguous_layout(typ: MemRefType, sizes: Sequence[int], env: ConcreteEnv) -> bool:
    """Whether a contiguous view of `sizes` from offset 0 has the layout of `typ`."""
    layout = typ.layout
    if isinstance(layout, NoneAttr):
        return True
    if not isinstance(layout, StridedLayoutAttr):
        return False
    offset = layout.get_offset()
    if offset is not None and offset != 0:
        return False
    strides = contiguous_strides(sizes, env.index_width)
    return all(
        static is None or to_signed(static, env.index_width) == stride
        for static, stride in zip(layout.get_strides(), strides, strict=True)
    )


def to_buffer(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> list[ConcreteValue]:
    t = tensor_operand(op, args[0])
    typ = op.results[0].type
    if not isinstance(typ, MemRefType):
        raise UnsupportedOp(op.name, f"result of type {typ}")
    if not _contiguous_layout(typ, t.sizes, env):
        raise UnsupportedOp(op.name, f"a buffer of layout {typ.layout}")
    if env.memory is None:
        raise UnsupportedOp(op.name, "no memory to run it on")
    block = env.memory.allocate(
        t.element,
        t.width,
        len(t.values),
        "heap",
        name=f"{op.name.removeprefix('bufferization.')} #{env.memory.next_id}",
        values=t.values,
    )
    return [contiguous_view(block, t.sizes, env.index_width)]


concrete_rule("bufferization.to_buffer")(to_buffer)
concrete_rule("bufferization.to_memref")(to_buffer)
