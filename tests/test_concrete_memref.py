"""Tests of the concrete interpreter's memory and `memref` rules, against hand-worked results.

Every expected element below was worked out by hand from the strided layout (element
`(i0, ..., in)` of a view is element `offset + sum(i_d * stride_d)` of its block); none is
computed with the interpreter's helpers. Each UB condition has a defined twin that differs
in one value.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from xdsl.dialects.builtin import IndexType, ModuleOp, f32, i8, i32
from xdsl.parser import Parser

from irproof.dialects.mlir.context import input_context
from irproof.semantics.concrete.interpreter import ConcreteRun, UnsupportedOp, run_function
from irproof.semantics.concrete.memory import (
    ConcreteBlock,
    ConcreteMemory,
    ConcreteView,
    add_globals,
)
from irproof.semantics.concrete.values import POISON, ConcreteScalar, ConcreteValue
from irproof.semantics.widths import TypeWidths

IW = 64
WIDTHS = TypeWidths(IW)
MINUS_ONE = (1 << IW) - 1
"""-1 as an unsigned 64-bit index."""


def parse(text: str) -> ModuleOp:
    module = Parser(input_context(), text).parse_module()
    module.verify()
    return module


def argument_memory(*contents: Sequence[ConcreteScalar], element=i32, width=32) -> ConcreteMemory:
    """A memory with one argument block per `contents` (ids 1, 2, ...)."""
    memory = ConcreteMemory()
    for n, values in enumerate(contents):
        memory.allocate(element, width, len(values), "argument", name=f"%a{n}", values=values)
    return memory


def view(block: int, offset: int, sizes: Sequence[int], strides: Sequence[int], element=i32):
    return ConcreteView(element, block, offset, tuple(sizes), tuple(strides))


def run(
    text: str,
    args: Sequence[ConcreteValue] = (),
    memory: ConcreteMemory | None = None,
    name: str = "f",
) -> ConcreteRun:
    module = parse(text)
    if memory is not None:
        add_globals(module, memory, WIDTHS)
    return run_function(module, name, args, IW, memory=memory)


def results(outcome: ConcreteRun) -> list[ConcreteValue]:
    assert outcome.ub is None, outcome.ub
    return outcome.results


def ub(outcome: ConcreteRun, *words: str) -> None:
    assert outcome.ub is not None, f"expected UB, got {outcome.results}"
    for word in words:
        assert word in outcome.ub, outcome.ub


# --- alloc / alloca / load / store ---------------------------------------------------------

ALLOC = """
func.func @f(%n: index, %i: index, %v: i32) -> (i32, i32) {
  %c0 = arith.constant 0 : index
  %m = memref.alloc(%n) : memref<?xi32>
  memref.store %v, %m[%i] : memref<?xi32>
  %x = memref.load %m[%i] : memref<?xi32>
  %y = memref.load %m[%c0] : memref<?xi32>
  return %x, %y : i32, i32
}
"""


def test_alloc_store_load_and_fresh_elements_are_poison() -> None:
    assert results(run(ALLOC, [4, 3, 7])) == [7, POISON]
    assert results(run(ALLOC, [4, 0, 7])) == [7, 7]


def test_store_of_poison_stores_poison() -> None:
    assert results(run(ALLOC, [4, 0, POISON])) == [POISON, POISON]


def test_index_out_of_bounds_is_ub() -> None:
    ub(run(ALLOC, [4, 4, 7]), "memref.store", "index 0 is 4")
    ub(run(ALLOC, [4, MINUS_ONE, 7]), "out of bounds")  # unsigned compare: -1 is huge
    assert results(run(ALLOC, [4, 3, 7]))[0] == 7


def test_poison_index_and_poison_size_are_ub() -> None:
    ub(run(ALLOC, [4, POISON, 7]), "index 0 is poison")
    ub(run(ALLOC, [POISON, 0, 7]), "memref.alloc", "size is poison")


def test_empty_allocation_has_no_elements() -> None:
    ub(run(ALLOC, [0, 0, 7]), "out of bounds")


def test_alloc_past_the_interpreter_limit_is_unsupported() -> None:
    with pytest.raises(UnsupportedOp, match="elements"):
        run(ALLOC, [1 << 40, 0, 7])


ALLOCA_2D = """
func.func @f(%i: index, %j: index) -> i8 {
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %v = arith.constant 5 : i8
  %m = memref.alloca() : memref<2x3xi8>
  memref.store %v, %m[%c1, %c2] : memref<2x3xi8>
  %x = memref.load %m[%i, %j] : memref<2x3xi8>
  return %x : i8
}
"""


def test_alloca_two_dimensions() -> None:
    assert results(run(ALLOCA_2D, [1, 2])) == [5]
    assert results(run(ALLOCA_2D, [0, 2])) == [POISON]
    # [0, 5] is element 5 of the block, inside it, but index 1 is out of bounds (size 3).
    ub(run(ALLOCA_2D, [0, 5]), "index 1 is 5")


# --- dealloc and lifetimes -----------------------------------------------------------------

DEALLOC = """
func.func @f(%a: memref<4xi32>, %which: index) {
  %h = memref.alloc() : memref<4xi32>
  %s = memref.alloca() : memref<4xi32>
  %g = memref.get_global @g : memref<4xi32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  scf.index_switch %which
  case 0 {
    memref.dealloc %h : memref<4xi32>
    scf.yield
  }
  case 1 {
    memref.dealloc %h : memref<4xi32>
    memref.dealloc %h : memref<4xi32>
    scf.yield
  }
  case 2 {
    memref.dealloc %h : memref<4xi32>
    %x = memref.load %h[%c0] : memref<4xi32>
    scf.yield
  }
  case 3 {
    memref.dealloc %s : memref<4xi32>
    scf.yield
  }
  case 4 {
    memref.dealloc %a : memref<4xi32>
    scf.yield
  }
  case 5 {
    memref.dealloc %g : memref<4xi32>
    scf.yield
  }
  default {
    scf.yield
  }
  return
}
memref.global "private" @g : memref<4xi32> = dense<0>
"""


def _dealloc(which: int) -> ConcreteRun:
    memory = argument_memory([1, 2, 3, 4])
    return run(DEALLOC, [view(1, 0, [4], [1]), which], memory)


def test_dealloc() -> None:
    assert results(_dealloc(0)) == []
    ub(_dealloc(1), "deallocated already")
    ub(_dealloc(2), "memref.load", "deallocated")
    ub(_dealloc(3), "not allocated by memref.alloc")  # an alloca
    outcome = _dealloc(4)  # the caller's buffer: may be freed
    assert results(outcome) == [] and outcome.memory is not None
    assert not outcome.memory.blocks[1].alive
    ub(_dealloc(5), "not allocated by memref.alloc")  # a global


DEALLOC_POISON = """
func.func @f(%o: index) {
  %m = memref.alloc() : memref<8xi32>
  %v = memref.subview %m[%o] [2] [1] : memref<8xi32> to memref<2xi32, strided<[1], offset: ?>>
  memref.dealloc %v : memref<2xi32, strided<[1], offset: ?>>
  return
}
"""


def test_dealloc_of_a_view_frees_the_block_and_of_a_poison_view_is_ub() -> None:
    outcome = run(DEALLOC_POISON, [3])
    assert results(outcome) == [] and outcome.memory is not None
    assert [b.alive for b in outcome.memory.blocks.values()] == [False]
    ub(run(DEALLOC_POISON, [POISON]), "memref.dealloc", "poison")


CALLEE_ALLOCATES = """
func.func @make(%v: i32) -> memref<2xi32> {
  %c1 = arith.constant 1 : index
  %m = memref.KIND() : memref<2xi32>
  memref.store %v, %m[%c1] : memref<2xi32>
  return %m : memref<2xi32>
}
func.func @f(%v: i32) -> i32 {
  %c1 = arith.constant 1 : index
  %m = func.call @make(%v) : (i32) -> memref<2xi32>
  %x = memref.load %m[%c1] : memref<2xi32>
  return %x : i32
}
"""


def test_stack_allocation_dies_when_its_function_returns() -> None:
    assert results(run(CALLEE_ALLOCATES.replace("KIND", "alloc"), [9])) == [9]
    ub(run(CALLEE_ALLOCATES.replace("KIND", "alloca"), [9]), "memref.load", "alloca", "dealloc")


# --- the block: linear offsets, bounds, liveness, constants -----------------------------------

REINTERPRET = """
func.func @f(%a: memref<4xi32>, %o: index, %s: index, %i: index) -> i32 {
  %r = memref.reinterpret_cast %a to offset: [%o], sizes: [4], strides: [%s]
      : memref<4xi32> to memref<4xi32, strided<[?], offset: ?>>
  %x = memref.load %r[%i] : memref<4xi32, strided<[?], offset: ?>>
  return %x : i32
}
"""


def _reinterpret(offset: int, stride: int, index: int) -> ConcreteRun:
    memory = argument_memory([10, 11, 12, 13])
    return run(REINTERPRET, [view(1, 0, [4], [1]), offset, stride, index], memory)


def test_reinterpret_cast_offsets_count_from_the_block_start() -> None:
    assert results(_reinterpret(2, 1, 1)) == [13]  # element 2 + 1
    ub(_reinterpret(2, 1, 2), "element 4 is outside %a0 (4 elements)")
    assert results(_reinterpret(3, MINUS_ONE, 3)) == [10]  # stride -1: element 3 - 3
    ub(_reinterpret(2, MINUS_ONE, 3), "element -1 is outside")
    assert results(_reinterpret(0, 0, 3)) == [10]  # stride 0: every index reads element 0


def test_offset_and_indices_are_read_signed_like_getelementptr() -> None:
    # offset 2^64 - 1 is -1 at index width 64: -1 + 1 * 1 is element 0.
    assert results(_reinterpret(MINUS_ONE, 1, 1)) == [10]
    ub(_reinterpret(MINUS_ONE, 1, 0), "element -1 is outside")


def test_reinterpret_cast_of_poison_is_a_poison_view() -> None:
    ub(_reinterpret(POISON, 1, 0), "memref.load", "memref is poison")
    ub(_reinterpret(0, POISON, 0), "memref is poison")


def test_linear_offset_does_not_wrap_at_the_index_width() -> None:
    # stride 2^62 * index 3 = 3 * 2^62: past the block, even though it is 2^62 - 2^64 wrapped.
    ub(_reinterpret(0, 1 << 62, 3), "outside")
    assert results(_reinterpret(0, 1 << 62, 0)) == [10]


# --- globals --------------------------------------------------------------------------------

GLOBALS = """
memref.global "private" constant @c : memref<2x2xi8> = dense<[[1, -1], [3, 4]]>
memref.global "private" @m : memref<3xi8> = dense<7>
func.func @f(%i: index, %j: index, %v: i8) -> (i8, i8) {
  %c = memref.get_global @c : memref<2x2xi8>
  %m = memref.get_global @m : memref<3xi8>
  %x = memref.load %c[%i, %j] : memref<2x2xi8>
  memref.store %v, %m[%i] : memref<3xi8>
  %y = memref.load %m[%j] : memref<3xi8>
  return %x, %y : i8, i8
}
func.func @write_constant(%v: i8) {
  %c0 = arith.constant 0 : index
  %c = memref.get_global @c : memref<2x2xi8>
  memref.store %v, %c[%c0, %c0] : memref<2x2xi8>
  return
}
"""


def test_globals_hold_their_initializers() -> None:
    assert results(run(GLOBALS, [0, 1, 9])) == [0xFF, 7]  # -1 as an unsigned i8; splat 7
    outcome = run(GLOBALS, [1, 1, 9])
    assert results(outcome) == [4, 9]
    assert outcome.memory is not None
    m = outcome.memory.blocks[outcome.memory.globals["m"]]
    assert (m.values, m.writable, m.kind, m.name) == ([7, 9, 7], True, "global", "@m")


def test_store_into_a_constant_global_is_ub() -> None:
    ub(run(GLOBALS, [5], name="write_constant"), "memref.store", "@c is a constant global")


def test_float_globals_are_bit_patterns() -> None:
    text = """
memref.global "private" constant @fl : memref<2xf32> = dense<[1.5, -2.0]>
func.func @f() { return }
"""
    memory = ConcreteMemory()
    add_globals(parse(text), memory, WIDTHS)
    block = memory.blocks[memory.globals["fl"]]
    assert block.values == [0x3FC00000, 0xC0000000] and not block.writable


def test_uninitialized_global_is_unsupported() -> None:
    text = """
memref.global "private" @u : memref<2xi32> = uninitialized
func.func @f() { return }
"""
    with pytest.raises(UnsupportedOp, match="@u has no initial value"):
        run(text)


# --- aliasing -------------------------------------------------------------------------------

ALIAS = """
func.func @f(%a: memref<4xi32>, %b: memref<2xi32, strided<[?], offset: ?>>, %v: i32, %i: index)
    -> i32 {
  %c0 = arith.constant 0 : index
  memref.store %v, %a[%i] : memref<4xi32>
  %x = memref.load %b[%c0] : memref<2xi32, strided<[?], offset: ?>>
  return %x : i32
}
"""


def test_a_store_through_one_view_is_seen_through_another_of_the_same_block() -> None:
    memory = argument_memory([0, 0, 0, 0])
    a, b = view(1, 0, [4], [1]), view(1, 2, [2], [1])  # %b[0] is %a[2]
    assert results(run(ALIAS, [a, b, 7, 2], memory.copy())) == [7]
    assert results(run(ALIAS, [a, b, 7, 1], memory.copy())) == [0]
    # Apart: %b in its own block sees no store through %a.
    apart = argument_memory([0, 0, 0, 0], [0, 0, 0])
    assert results(run(ALIAS, [a, view(2, 1, [2], [1]), 7, 2], apart)) == [0]


def test_run_mutates_the_given_memory_in_place() -> None:
    memory = argument_memory([0, 0, 0, 0])
    snapshot = memory.copy()
    outcome = run(ALIAS, [view(1, 0, [4], [1]), view(1, 2, [2], [1]), 7, 3], memory)
    assert outcome.memory is memory
    assert memory.blocks[1].values == [0, 0, 0, 7]
    assert snapshot.blocks[1].values == [0, 0, 0, 0]  # copy() is deep


# --- subview ---------------------------------------------------------------------------------

SUBVIEW = """
func.func @f(%a: memref<4x4xi32>, %o: index, %i: index, %j: index) -> i32 {
  %s = memref.subview %a[1, %o] [2, 2] [2, 1]
      : memref<4x4xi32> to memref<2x2xi32, strided<[8, 1], offset: ?>>
  %x = memref.load %s[%i, %j] : memref<2x2xi32, strided<[8, 1], offset: ?>>
  return %x : i32
}
"""


def _grid(memory_values: Sequence[int] | None = None) -> ConcreteMemory:
    return argument_memory(list(range(100, 116)) if memory_values is None else memory_values)


def test_subview_offsets_sizes_and_steps() -> None:
    grid = view(1, 0, [4, 4], [4, 1])
    # element (1 + 2i) * 4 + o + j of the 4x4 grid holding 100..115
    assert results(run(SUBVIEW, [grid, 1, 0, 0], _grid())) == [105]
    assert results(run(SUBVIEW, [grid, 1, 1, 1], _grid())) == [114]
    assert results(run(SUBVIEW, [grid, 2, 1, 1], _grid())) == [115]
    ub(run(SUBVIEW, [grid, 1, 2, 0], _grid()), "index 0 is 2")  # size 2, not the source's 4


def test_subview_is_not_checked_until_accessed() -> None:
    grid = view(1, 0, [4, 4], [4, 1])
    # offset 3 + j=1 reaches element 8 of the block: inside it, though past the row.
    assert results(run(SUBVIEW, [grid, 3, 0, 1], _grid())) == [108]
    # offset 20: element 24 is outside the 16-element block.
    ub(run(SUBVIEW, [grid, 20, 0, 0], _grid()), "element 24 is outside")
    ub(run(SUBVIEW, [grid, POISON, 0, 0], _grid()), "memref is poison")


NESTED_SUBVIEW = """
func.func @f(%a: memref<4x4xi32>, %i: index, %j: index) -> i32 {
  %s = memref.subview %a[1, 1] [3, 3] [1, 1]
      : memref<4x4xi32> to memref<3x3xi32, strided<[4, 1], offset: 5>>
  %t = memref.subview %s[1, 0] [2, 2] [1, 2]
      : memref<3x3xi32, strided<[4, 1], offset: 5>> to memref<2x2xi32, strided<[4, 2], offset: 9>>
  %x = memref.load %t[%i, %j] : memref<2x2xi32, strided<[4, 2], offset: 9>>
  return %x : i32
}
"""


def test_subview_of_a_subview_accumulates_offsets_and_multiplies_strides() -> None:
    grid = view(1, 0, [4, 4], [4, 1])
    # %t[i, j] is element 9 + 4i + 2j.
    assert results(run(NESTED_SUBVIEW, [grid, 0, 0], _grid())) == [109]
    assert results(run(NESTED_SUBVIEW, [grid, 1, 1], _grid())) == [115]
    assert results(run(NESTED_SUBVIEW, [grid, 0, 1], _grid())) == [111]


RANK_REDUCING = """
func.func @f(%a: memref<3x1x4xi32>, %r: index, %k: index) -> i32 {
  %c0 = arith.constant 0 : index
  %row = memref.subview %a[%r, 0, 0] [1, 1, 4] [1, 1, 1]
      : memref<3x1x4xi32> to memref<4xi32, strided<[1], offset: ?>>
  %x = memref.load %row[%k] : memref<4xi32, strided<[1], offset: ?>>
  return %x : i32
}
"""


def test_rank_reducing_subview_drops_unit_dimensions() -> None:
    a = view(1, 0, [3, 1, 4], [4, 4, 1])
    assert results(run(RANK_REDUCING, [a, 2, 3], argument_memory(list(range(12))))) == [11]
    assert results(run(RANK_REDUCING, [a, 1, 0], argument_memory(list(range(12))))) == [4]
    ub(run(RANK_REDUCING, [a, 1, 4], argument_memory(list(range(12)))), "index 0 is 4")


KEEP_UNIT = """
func.func @f(%a: memref<4x4xi32>) -> (index, index, index, index, index) {
  %s = memref.subview %a[1, 2] [1, 2] [1, 1]
      : memref<4x4xi32> to memref<1x2xi32, strided<[4, 1], offset: 6>>
  %b, %o, %sz:2, %st:2 = memref.extract_strided_metadata %s
      : memref<1x2xi32, strided<[4, 1], offset: 6>> -> memref<i32>, index, index, index, index,
        index
  return %o, %sz#0, %sz#1, %st#0, %st#1 : index, index, index, index, index
}
"""


def test_subview_keeping_a_unit_dimension_and_extract_strided_metadata() -> None:
    a = view(1, 0, [4, 4], [4, 1])
    assert results(run(KEEP_UNIT, [a], _grid())) == [6, 1, 2, 4, 1]


# --- collapse / expand ------------------------------------------------------------------------

RESHAPE = """
func.func @f(%a: memref<2x3xi32>, %i: index, %j: index, %k: index, %l: index, %v: i32)
    -> (i32, i32) {
  %flat = memref.collapse_shape %a [[0, 1]] : memref<2x3xi32> into memref<6xi32>
  %back = memref.expand_shape %flat [[0, 1]] output_shape [2, 3]
      : memref<6xi32> into memref<2x3xi32>
  %cube = memref.expand_shape %flat [[0, 1, 2]] output_shape [3, 1, 2]
      : memref<6xi32> into memref<3x1x2xi32>
  %c0 = arith.constant 0 : index
  memref.store %v, %back[%i, %j] : memref<2x3xi32>
  %x = memref.load %flat[%k] : memref<6xi32>
  %y = memref.load %cube[%l, %c0, %c0] : memref<3x1x2xi32>
  return %x, %y : i32, i32
}
"""


def test_collapse_expand_round_trip() -> None:
    a = view(1, 0, [2, 3], [3, 1])
    memory = argument_memory([0, 1, 2, 3, 4, 5])
    # %back[i, j] is element 3i + j, %flat[k] element k, %cube[l, 0, 0] element 2l.
    assert results(run(RESHAPE, [a, 1, 2, 5, 2, 9], memory.copy())) == [9, 4]
    assert results(run(RESHAPE, [a, 1, 0, 2, 1, 9], memory.copy())) == [2, 2]
    assert results(run(RESHAPE, [a, 0, 2, 1, 1, 9], memory.copy())) == [1, 9]
    ub(run(RESHAPE, [a, 0, 0, 0, 3, 9], memory.copy()), "index 0 is 3")


COLLAPSE_STRIDED = """
func.func @f(%a: memref<2x2xi32, strided<[?, ?], offset: ?>>, %k: index) -> i32 {
  %flat = memref.collapse_shape %a [[0, 1]]
      : memref<2x2xi32, strided<[?, ?], offset: ?>> into memref<4xi32, strided<[?], offset: ?>>
  %x = memref.load %flat[%k] : memref<4xi32, strided<[?], offset: ?>>
  return %x : i32
}
"""


def test_collapse_of_a_non_contiguous_group_is_ub() -> None:
    memory = argument_memory(list(range(16)))
    contiguous = view(1, 4, [2, 2], [2, 1])
    assert results(run(COLLAPSE_STRIDED, [contiguous, 3], memory.copy())) == [7]
    rows_apart = view(1, 4, [2, 2], [4, 1])  # a 2x2 window of a 4-wide grid
    ub(run(COLLAPSE_STRIDED, [rows_apart, 3], memory.copy()), "memref.collapse_shape", "contig")
    reversed_ = view(1, 4, [2, 2], [-2, -1])  # contiguous, backwards: element 4 - k
    memory = argument_memory(list(range(16)))
    assert results(run(COLLAPSE_STRIDED, [reversed_, 3], memory)) == [1]


COLLAPSE_UNIT = """
func.func @f(%a: memref<4x1xi32, strided<[?, ?]>>, %k: index) -> i32 {
  %flat = memref.collapse_shape %a [[0, 1]]
      : memref<4x1xi32, strided<[?, ?]>> into memref<4xi32, strided<[?]>>
  %x = memref.load %flat[%k] : memref<4xi32, strided<[?]>>
  return %x : i32
}
"""


def test_collapse_takes_the_stride_of_the_innermost_dimension_not_of_size_one() -> None:
    memory = argument_memory(list(range(16)))
    # Column of a 4x4 grid seen as 4x1 with a meaningless unit stride 7: element 4k.
    assert results(run(COLLAPSE_UNIT, [view(1, 0, [4, 1], [4, 7]), 3], memory)) == [12]


EXPAND_DYNAMIC = """
func.func @f(%a: memref<?xi32>, %n: index, %i: index, %j: index) -> i32 {
  %e = memref.expand_shape %a [[0, 1]] output_shape [%n, 2] : memref<?xi32> into memref<?x2xi32>
  %x = memref.load %e[%i, %j] : memref<?x2xi32>
  return %x : i32
}
"""


def test_expand_shape_sizes_must_multiply_to_the_source_size() -> None:
    memory = argument_memory(list(range(6)))
    a = view(1, 0, [6], [1])
    assert results(run(EXPAND_DYNAMIC, [a, 3, 2, 1], memory.copy())) == [5]
    ub(run(EXPAND_DYNAMIC, [a, 2, 1, 1], memory.copy()), "memref.expand_shape", "multiply")
    ub(run(EXPAND_DYNAMIC, [a, POISON, 0, 0], memory.copy()), "memref.load", "poison")


# --- copy -------------------------------------------------------------------------------------

COPY = """
func.func @f(%a: memref<?xi32>, %b: memref<?xi32, strided<[?], offset: ?>>) {
  memref.copy %a, %b : memref<?xi32> to memref<?xi32, strided<[?], offset: ?>>
  return
}
"""


def test_copy() -> None:
    memory = argument_memory([1, 2, POISON], [0, 0, 0, 0, 0, 0])
    outcome = run(COPY, [view(1, 0, [3], [1]), view(2, 5, [3], [-2])], memory)
    assert results(outcome) == []
    assert memory.blocks[2].values == [0, POISON, 0, 2, 0, 1]  # elements 5, 3, 1 (stride -2)


def test_copy_between_different_shapes_is_ub() -> None:
    memory = argument_memory([1, 2, 3], [0, 0, 0, 0])
    ub(run(COPY, [view(1, 0, [3], [1]), view(2, 0, [4], [1])], memory), "shape")
    memory = argument_memory([1, 2, 3], [0, 0, 0, 0])
    assert results(run(COPY, [view(1, 0, [3], [1]), view(2, 1, [3], [1])], memory)) == []
    assert memory.blocks[2].values == [0, 1, 2, 3]


def test_copy_out_of_the_target_block_is_ub() -> None:
    memory = argument_memory([1, 2, 3], [0, 0, 0, 0])
    ub(run(COPY, [view(1, 0, [3], [1]), view(2, 2, [3], [1])], memory), "element 4 is outside")


def test_overlapping_copy_reads_everything_first() -> None:
    memory = argument_memory([1, 2, 3, 4])
    outcome = run(COPY, [view(1, 0, [3], [1]), view(1, 1, [3], [1])], memory)
    assert results(outcome) == [] and memory.blocks[1].values == [1, 1, 2, 3]


# --- dim / rank / cast / assume_alignment --------------------------------------------------------

DIM = """
func.func @f(%a: memref<3x?xi32>, %d: index) -> (index, index) {
  %x = memref.dim %a, %d : memref<3x?xi32>
  %r = memref.rank %a : memref<3x?xi32>
  return %x, %r : index, index
}
"""


def test_dim_and_rank() -> None:
    memory = argument_memory([0] * 15)
    a = view(1, 0, [3, 5], [5, 1])
    assert results(run(DIM, [a, 1], memory)) == [5, 2]
    assert results(run(DIM, [a, 0], memory)) == [3, 2]
    ub(run(DIM, [a, 2], memory), "memref.dim", "dimension 2")
    ub(run(DIM, [a, POISON], memory), "memref.dim", "poison")


CAST = """
func.func @f(%a: memref<?xi32, strided<[?], offset: ?>>) -> i32 {
  %c = memref.cast %a : memref<?xi32, strided<[?], offset: ?>> to memref<4xi32>
  %c3 = arith.constant 3 : index
  %x = memref.load %c[%c3] : memref<4xi32>
  return %x : i32
}
"""


def test_cast_to_what_the_view_is_not_is_ub() -> None:
    memory = argument_memory([0, 1, 2, 3, 4, 5, 6, 7])
    assert results(run(CAST, [view(1, 0, [4], [1])], memory)) == [3]
    ub(run(CAST, [view(1, 0, [5], [1])], memory), "memref.cast", "size 5")
    ub(run(CAST, [view(1, 1, [4], [1])], memory), "memref.cast", "offset 0")
    ub(run(CAST, [view(1, 0, [4], [2])], memory), "memref.cast", "contiguous")


CAST_STRIDED = """
func.func @f(%a: memref<4xi32>) -> i32 {
  %c = memref.cast %a : memref<4xi32> to memref<?xi32, strided<[1], offset: ?>>
  %d = memref.cast %c : memref<?xi32, strided<[1], offset: ?>> to memref<4xi32, strided<[1]>>
  %c3 = arith.constant 3 : index
  %x = memref.load %d[%c3] : memref<4xi32, strided<[1]>>
  return %x : i32
}
"""


def test_cast_to_a_less_static_type_keeps_the_view() -> None:
    memory = argument_memory([0, 1, 2, 3])
    assert results(run(CAST_STRIDED, [view(1, 0, [4], [1])], memory)) == [3]


ALIGN = """
func.func @f(%a: memref<4xi32>) -> i32 {
  memref.assume_alignment %a, 16 : memref<4xi32>
  %b = memref.assume_alignment %a, 8 : memref<4xi32>
  %c1 = arith.constant 1 : index
  %x = memref.load %b[%c1] : memref<4xi32>
  return %x : i32
}
"""


def test_assume_alignment_with_and_without_result() -> None:
    assert results(run(ALIGN, [view(1, 0, [4], [1])], argument_memory([5, 6, 7, 8]))) == [6]


def test_extract_strided_metadata_of_a_poison_view_is_poison() -> None:
    text = """
func.func @f(%a: memref<8xi32>, %o: index) -> (index, index, index, i32) {
  %s = memref.subview %a[%o] [2] [3] : memref<8xi32> to memref<2xi32, strided<[3], offset: ?>>
  %b, %off, %sz, %st = memref.extract_strided_metadata %s
      : memref<2xi32, strided<[3], offset: ?>> -> memref<i32>, index, index, index
  %x = memref.load %b[] : memref<i32>
  return %off, %sz, %st, %x : index, index, index, i32
}
"""
    memory = argument_memory(list(range(40, 48)))
    assert results(run(text, [view(1, 0, [8], [1]), 1], memory)) == [1, 2, 3, 40]
    ub(run(text, [view(1, 0, [8], [1]), POISON], memory), "memref.load", "poison")


# --- control flow and calls ---------------------------------------------------------------------

LOOP = """
func.func @f(%a: memref<4xi32>, %b: memref<4xi32>, %n: index) -> i32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1 : i32
  %p, %q = scf.for %i = %c0 to %n step %c1 iter_args(%x = %a, %y = %b)
      -> (memref<4xi32>, memref<4xi32>) {
    memref.store %one, %x[%i] : memref<4xi32>
    scf.yield %y, %x : memref<4xi32>, memref<4xi32>
  }
  %v = memref.load %p[%c0] : memref<4xi32>
  return %v : i32
}
"""


def test_memrefs_through_scf_for_iter_args() -> None:
    memory = argument_memory([0, 0, 0, 0], [0, 0, 0, 0])
    a, b = view(1, 0, [4], [1]), view(2, 0, [4], [1])
    # Iterations store into a[0], b[1], a[2]; after 3 swaps %p is %b.
    outcome = run(LOOP, [a, b, 3], memory)
    assert results(outcome) == [0]
    assert memory.blocks[1].values == [1, 0, 1, 0] and memory.blocks[2].values == [0, 1, 0, 0]
    memory = argument_memory([0, 0, 0, 0], [0, 0, 0, 0])
    assert results(run(LOOP, [a, b, 2], memory)) == [1]  # two swaps: %p is %a


SELECT = """
func.func @pick(%c: i1, %a: memref<4xi32>, %b: memref<4xi32>) -> memref<4xi32> {
  %r = scf.if %c -> memref<4xi32> {
    scf.yield %a : memref<4xi32>
  } else {
    scf.yield %b : memref<4xi32>
  }
  return %r : memref<4xi32>
}
func.func @f(%c: i1, %a: memref<4xi32>, %b: memref<4xi32>, %v: i32) -> memref<4xi32> {
  %m = func.call @pick(%c, %a, %b) : (i1, memref<4xi32>, memref<4xi32>) -> memref<4xi32>
  %c2 = arith.constant 2 : index
  memref.store %v, %m[%c2] : memref<4xi32>
  return %m : memref<4xi32>
}
"""


def test_memrefs_through_scf_if_and_func_call() -> None:
    a, b = view(1, 0, [4], [1]), view(2, 0, [4], [1])
    memory = argument_memory([0, 0, 0, 0], [0, 0, 0, 0])
    assert results(run(SELECT, [1, a, b, 5], memory)) == [a]
    assert memory.blocks[1].values == [0, 0, 5, 0] and memory.blocks[2].values == [0] * 4
    memory = argument_memory([0, 0, 0, 0], [0, 0, 0, 0])
    assert results(run(SELECT, [0, a, b, 5], memory)) == [b]
    assert memory.blocks[2].values == [0, 0, 5, 0]


# --- arguments and what is unsupported ----------------------------------------------------------


def test_memref_arguments_are_checked() -> None:
    memory = argument_memory([0, 0, 0, 0])
    module = parse(CAST_STRIDED)
    with pytest.raises(ValueError, match="not a view"):
        run_function(module, "f", [0], IW, memory=memory)
    with pytest.raises(ValueError, match="not in memory"):
        run_function(module, "f", [view(7, 0, [4], [1])], IW, memory=memory)
    with pytest.raises(ValueError, match="sizes"):
        run_function(module, "f", [view(1, 0, [3], [1])], IW, memory=memory)
    with pytest.raises(ValueError, match="identity layout"):
        run_function(module, "f", [view(1, 1, [4], [1])], IW, memory=memory)
    with pytest.raises(ValueError):
        run_function(module, "f", [view(1, 0, [4], [1], element=i8)], IW, memory=memory)
    assert results(run_function(module, "f", [view(1, 0, [4], [1])], IW, memory=memory)) == [0]


def test_non_strided_layouts_and_unranked_memrefs_are_unsupported() -> None:
    text = """
func.func @f(%a: memref<4xi32, affine_map<(d0) -> (d0 + 1)>>) { return }
"""
    with pytest.raises(UnsupportedOp, match="memref<4xi32, affine_map"):
        run(text, [view(1, 0, [4], [1])], argument_memory([0, 0, 0, 0]))
    text = """
func.func @f(%a: memref<4xi32>) {
  %u = memref.cast %a : memref<4xi32> to memref<*xi32>
  return
}
"""
    with pytest.raises(UnsupportedOp, match=r"memref<\*xi32>"):
        run(text, [view(1, 0, [4], [1])], argument_memory([0, 0, 0, 0]))


def test_memory_helpers() -> None:
    memory = ConcreteMemory()
    block = memory.allocate(IndexType(), IW, 2, "heap")
    assert (block.id, block.values, block.name, memory.next_id) == (1, [POISON] * 2, "heap #1", 2)
    memory.add(ConcreteBlock(5, "%x", f32, 32, 1, [0]))
    assert memory.next_id == 6 and memory.blocks[5].kind == "argument"
    with pytest.raises(ValueError):
        memory.add(ConcreteBlock(5, "%y", f32, 32, 1, [0]))
    with pytest.raises(ValueError):
        ConcreteBlock(6, "%z", f32, 32, 2, [0])  # fewer values than the size
    other = memory.copy()
    other.blocks[1].values[0] = 3
    other.blocks[1].alive = False
    assert memory.blocks[1].values[0] is POISON and memory.blocks[1].alive
