"""Concrete semantics of the `tensor` dialect, over `ConcreteTensor` values.

Written from the `tensor` op documentation (and, where it is terse, what MLIR's runtime op
verification checks) apart from the SMT rules:

- `empty` is all poison (its contents are unspecified); `splat` repeats its operand;
  `from_elements` takes its operands in row-major order. A poison dynamic size is UB.
- `extract`/`insert`: "the indices must be non-negative and within the bounds": a poison
  or out-of-bounds index is UB. `dim`: a poison index or one not below the rank is UB.
- `cast`: UB if the tensor lacks a size the result type fixes statically.
- `extract_slice`/`insert_slice`: element `i` of the slice is element `offset + i * stride`
  of the big tensor (per dimension). UB: a poison offset, size or stride; a non-empty slice
  whose first or last element is outside the big tensor; an empty one whose offset is past
  the end; sizes that differ from the static ones of the slice's type (for
  `insert_slice`: from the source's sizes). A rank-reducing slice drops the static size-1
  dimensions its type drops, matched from the left.
- `collapse_shape`/`expand_shape` keep the elements in row-major order; only the sizes
  change (`expand_shape`: UB for a poison output size, or a group whose sizes do not
  multiply to the source size). Like `cast`, both are UB if the sizes differ from the
  static ones of the result type.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import tensor
from xdsl.dialects.builtin import DenseArrayBase, IntegerType, TensorType
from xdsl.ir import Attribute, Operation

from irproof.semantics.concrete.registry import ConcreteEnv, UnsupportedOp, concrete_rule
from irproof.semantics.concrete.tensor_value import (
    MAX_TENSOR_ELEMENTS,
    ConcreteTensor,
    element_count,
    row_major_positions,
)
from irproof.semantics.concrete.values import (
    POISON,
    ConcreteScalar,
    ConcreteValue,
    Poison,
    UndefinedBehavior,
)

DYNAMIC = -(1 << 63)
"""How xDSL (like MLIR) spells `?` in shapes and static offset/size/stride lists."""


# --- helpers (also used by the linalg and bufferization rules) -----------------------------


def tensor_operand(op: Operation, value: ConcreteValue) -> ConcreteTensor:
    if not isinstance(value, ConcreteTensor):
        raise UnsupportedOp(op.name, f"operand {value!r} is not a tensor")
    return value


def scalar_operand(op: Operation, value: ConcreteValue) -> ConcreteScalar:
    if not isinstance(value, int | Poison):
        raise UnsupportedOp(op.name, f"operand {value!r} is not a scalar")
    return value


def tensor_result_type(op: Operation, n: int = 0) -> TensorType[Attribute]:
    typ = op.results[n].type
    if not isinstance(typ, TensorType):
        raise UnsupportedOp(op.name, f"result of type {typ}")
    return typ


def make_tensor(
    element: Attribute,
    width: int,
    sizes: Sequence[int],
    values: Sequence[ConcreteScalar],
) -> ConcreteTensor:
    """A tensor (the caller checked the element count with `checked_count`)."""
    return ConcreteTensor(element, width, tuple(sizes), tuple(values))


def checked_count(op: Operation, sizes: Sequence[int]) -> int:
    """The element count of `sizes`; `UnsupportedOp` past `MAX_TENSOR_ELEMENTS`."""
    count = element_count(sizes)
    if count > MAX_TENSOR_ELEMENTS:
        raise UnsupportedOp(
            op.name,
            f"a tensor of {count} elements (the interpreter makes at most {MAX_TENSOR_ELEMENTS})",
        )
    return count


def sizes_of_type(
    op: Operation, typ: TensorType[Attribute], dynamic: Sequence[ConcreteValue]
) -> list[int]:
    """The sizes of `typ`, each `?` taken in order from `dynamic`; UB if one is poison."""
    rest = iter(dynamic)
    sizes: list[int] = []
    for d, static in enumerate(typ.get_shape()):
        if static != DYNAMIC:
            sizes.append(static)
            continue
        size = scalar_operand(op, next(rest))
        if isinstance(size, Poison):
            raise UndefinedBehavior(f"{op.name}: the size of dimension {d} is poison")
        sizes.append(size)
    return sizes


def mixed_values(
    op: Operation,
    static: DenseArrayBase[IntegerType],
    dynamic: Sequence[ConcreteValue],
    what: str,
) -> list[int]:
    """The entries of a static list, each `?` taken in order from `dynamic`; UB if one of
    those is poison."""
    rest = iter(dynamic)
    values: list[int] = []
    for d, entry in enumerate(static.get_values()):
        if entry != DYNAMIC:
            values.append(int(entry))
            continue
        value = scalar_operand(op, next(rest))
        if isinstance(value, Poison):
            raise UndefinedBehavior(f"{op.name}: {what} {d} is poison")
        values.append(value)
    return values


def static_mismatch(sizes: Sequence[int], typ: TensorType[Attribute]) -> str | None:
    """The first size `typ` fixes statically that `sizes` does not have, described."""
    for d, (static, size) in enumerate(zip(typ.get_shape(), sizes, strict=True)):
        if static != DYNAMIC and static != size:
            return f"size {size} of dimension {d} is not {static}"
    return None


def checked_indices(
    op: Operation, t: ConcreteTensor, indices: Sequence[ConcreteValue]
) -> list[int]:
    """The indices of an element access; UB if one is poison or out of bounds."""
    if len(indices) != t.rank:
        raise UnsupportedOp(op.name, f"{len(indices)} indices for a rank-{t.rank} tensor")
    checked: list[int] = []
    for d, (value, size) in enumerate(zip(indices, t.sizes, strict=True)):
        index = scalar_operand(op, value)
        if isinstance(index, Poison):
            raise UndefinedBehavior(f"{op.name}: index {d} is poison")
        if index >= size:
            raise UndefinedBehavior(
                f"{op.name}: index {d} is {index}, out of bounds of dimension size {size}"
            )
        checked.append(index)
    return checked


# --- creation ------------------------------------------------------------------------------


@concrete_rule("tensor.empty")
def empty(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[ConcreteValue]:
    typ = tensor_result_type(op)
    sizes = sizes_of_type(op, typ, args)
    element = typ.get_element_type()
    count = checked_count(op, sizes)
    return [make_tensor(element, env.width(element), sizes, [POISON] * count)]


@concrete_rule("tensor.splat")
def splat(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[ConcreteValue]:
    value = scalar_operand(op, args[0])
    typ = tensor_result_type(op)
    sizes = sizes_of_type(op, typ, args[1:])
    element = typ.get_element_type()
    count = checked_count(op, sizes)
    return [make_tensor(element, env.width(element), sizes, [value] * count)]


@concrete_rule("tensor.from_elements")
def from_elements(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> list[ConcreteValue]:
    typ = tensor_result_type(op)
    sizes = list(typ.get_shape())
    element = typ.get_element_type()
    values = [scalar_operand(op, a) for a in args]
    if len(values) != checked_count(op, sizes):
        raise UnsupportedOp(op.name, f"{len(values)} elements for a tensor of type {typ}")
    return [make_tensor(element, env.width(element), sizes, values)]


# --- elements and sizes ----------------------------------------------------------------------


@concrete_rule("tensor.extract")
def extract(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[ConcreteValue]:
    t = tensor_operand(op, args[0])
    return [t.at(checked_indices(op, t, args[1:]))]


@concrete_rule("tensor.insert")
def insert(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[ConcreteValue]:
    value = scalar_operand(op, args[0])
    t = tensor_operand(op, args[1])
    at = t.offset(checked_indices(op, t, args[2:]))
    values = list(t.values)
    values[at] = value
    return [make_tensor(t.element, t.width, t.sizes, values)]


@concrete_rule("tensor.dim")
def dim(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[ConcreteValue]:
    t = tensor_operand(op, args[0])
    index = scalar_operand(op, args[1])
    if isinstance(index, Poison):
        raise UndefinedBehavior(f"{op.name}: the dimension index is poison")
    if index >= t.rank:
        raise UndefinedBehavior(f"{op.name}: dimension {index} of a rank-{t.rank} tensor")
    return [t.sizes[index]]


@concrete_rule("tensor.cast")
def cast(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[ConcreteValue]:
    """The same tensor; UB if it lacks a size the result type fixes."""
    t = tensor_operand(op, args[0])
    mismatch = static_mismatch(t.sizes, tensor_result_type(op))
    if mismatch is not None:
        raise UndefinedBehavior(f"{op.name}: {mismatch}")
    return [t]


# --- slices ----------------------------------------------------------------------------------


def kept_dimensions(op: Operation, static_sizes: Sequence[int], shape: Sequence[int]) -> list[int]:
    """The dimensions of a slice its (maybe rank-reduced) type keeps. Left to right, a
    dimension of static size 1 is dropped unless the next unmatched dimension of `shape` is
    1 too; every other dimension is kept."""
    kept: list[int] = []
    for d, size in enumerate(static_sizes):
        r = len(kept)
        if size == 1 and not (r < len(shape) and shape[r] == 1):
            continue
        kept.append(d)
    if len(kept) != len(shape):
        raise UnsupportedOp(op.name, "cannot tell which dimensions the slice type drops")
    return kept


def _slice_parameters(
    op: tensor.ExtractSliceOp | tensor.InsertSliceOp, dynamic: Sequence[ConcreteValue]
) -> tuple[list[int], list[int], list[int]]:
    n_off, n_size = len(op.offsets), len(op.sizes)
    offsets = mixed_values(op, op.static_offsets, dynamic[:n_off], "offset")
    sizes = mixed_values(op, op.static_sizes, dynamic[n_off : n_off + n_size], "size")
    strides = mixed_values(op, op.static_strides, dynamic[n_off + n_size :], "stride")
    return offsets, sizes, strides


def _check_slice(
    op: Operation,
    big: ConcreteTensor,
    offsets: Sequence[int],
    sizes: Sequence[int],
    strides: Sequence[int],
) -> None:
    """UB unless the slice lies within `big` (indices read unsigned, computed unbounded)."""
    for d, (offset, size, stride, full) in enumerate(
        zip(offsets, sizes, strides, big.sizes, strict=True)
    ):
        if size == 0:
            if offset > full:
                raise UndefinedBehavior(
                    f"{op.name}: offset {offset} of dimension {d} is past its size {full}"
                )
            continue
        last = offset + (size - 1) * stride
        if offset >= full or last >= full:
            raise UndefinedBehavior(
                f"{op.name}: the slice of dimension {d} (offset {offset}, size {size}, "
                f"stride {stride}) reaches outside its size {full}"
            )


def _big_index(
    position: Sequence[int],
    kept: Sequence[int],
    offsets: Sequence[int],
    strides: Sequence[int],
) -> list[int]:
    """The index in the big tensor of element `position` of the slice."""
    full: list[int] = []
    inner = iter(position)
    for d, (offset, stride) in enumerate(zip(offsets, strides, strict=True)):
        i = next(inner) if d in kept else 0
        full.append(offset + i * stride)
    return full


@concrete_rule("tensor.extract_slice")
def extract_slice(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> list[ConcreteValue]:
    assert isinstance(op, tensor.ExtractSliceOp)
    big = tensor_operand(op, args[0])
    offsets, sizes, strides = _slice_parameters(op, args[1:])
    _check_slice(op, big, offsets, sizes, strides)
    typ = tensor_result_type(op)
    kept = kept_dimensions(op, list(op.static_sizes.get_values()), list(typ.get_shape()))
    out_sizes = [sizes[d] for d in kept]
    mismatch = static_mismatch(out_sizes, typ)
    if mismatch is not None:
        raise UndefinedBehavior(f"{op.name}: the slice's {mismatch} (its type)")
    checked_count(op, out_sizes)
    values = [
        big.at(_big_index(position, kept, offsets, strides))
        for position in row_major_positions(out_sizes)
    ]
    return [make_tensor(big.element, big.width, out_sizes, values)]


@concrete_rule("tensor.insert_slice")
def insert_slice(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> list[ConcreteValue]:
    assert isinstance(op, tensor.InsertSliceOp)
    source = tensor_operand(op, args[0])
    dest = tensor_operand(op, args[1])
    offsets, sizes, strides = _slice_parameters(op, args[2:])
    _check_slice(op, dest, offsets, sizes, strides)
    source_type = op.source.type
    assert isinstance(source_type, TensorType)
    kept = kept_dimensions(op, list(op.static_sizes.get_values()), list(source_type.get_shape()))
    slice_sizes = tuple(sizes[d] for d in kept)
    if slice_sizes != source.sizes:
        raise UndefinedBehavior(
            f"{op.name}: the source's sizes {list(source.sizes)} are not the slice's "
            f"{list(slice_sizes)}"
        )
    values = list(dest.values)
    for position, value in zip(source.positions(), source.values, strict=True):
        values[dest.offset(_big_index(position, kept, offsets, strides))] = value
    return [make_tensor(dest.element, dest.width, dest.sizes, values)]


# --- reshapes --------------------------------------------------------------------------------


def _groups(op: tensor.CollapseShapeOp | tensor.ExpandShapeOp) -> list[list[int]]:
    return [[int(i.value.data) for i in group.data] for group in op.reassociation.data]


@concrete_rule("tensor.collapse_shape")
def collapse_shape(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> list[ConcreteValue]:
    """The same elements; each group of dimensions becomes one, its size the product."""
    assert isinstance(op, tensor.CollapseShapeOp)
    t = tensor_operand(op, args[0])
    sizes = [element_count([t.sizes[d] for d in group]) for group in _groups(op)]
    mismatch = static_mismatch(sizes, tensor_result_type(op))
    if mismatch is not None:
        raise UndefinedBehavior(f"{op.name}: {mismatch} (the result type)")
    return [make_tensor(t.element, t.width, sizes, t.values)]


@concrete_rule("tensor.expand_shape")
def expand_shape(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> list[ConcreteValue]:
    """The same elements; each dimension splits into its group of output sizes."""
    assert isinstance(op, tensor.ExpandShapeOp)
    t = tensor_operand(op, args[0])
    sizes = mixed_values(op, op.static_output_shape, args[1:], "output size")
    for d, group in enumerate(_groups(op)):
        product = element_count([sizes[e] for e in group])
        if product != t.sizes[d]:
            raise UndefinedBehavior(
                f"{op.name}: output sizes {[sizes[e] for e in group]} do not multiply to "
                f"the size {t.sizes[d]} of dimension {d}"
            )
    mismatch = static_mismatch(sizes, tensor_result_type(op))
    if mismatch is not None:
        raise UndefinedBehavior(f"{op.name}: {mismatch} (the result type)")
    return [make_tensor(t.element, t.width, sizes, t.values)]
