"""Differential tests: the SMT semantics of `memref` (and `affine.load`/`store`) against the
concrete interpreter, on programs that allocate their own buffers.

Each program takes scalars (i8 values, index positions and sizes), stores and loads
through views of local buffers, and returns scalars: both sides must agree exactly (UB or
not, and every result's value and poison-ness) at index widths 32 and 64, on the listed
inputs and on seeded random ones (edge indices, poison included).
"""

from __future__ import annotations

import random

import pytest

from irproof.loading import parse_module
from irproof.semantics.lowering import find_function
from tests.memory_differential import (
    INDEX_WIDTHS,
    INPUTS_PER_PROGRAM,
    concrete_outcome,
    random_value,
    smt_outcome,
)

PROGRAMS: dict[str, str] = {
    "store_load": """
func.func @f(%v: i8, %w: i8, %i: index, %j: index) -> (i8, i8) {
  %m = memref.alloca() : memref<4xi8>
  memref.store %v, %m[%i] : memref<4xi8>
  memref.store %w, %m[%j] : memref<4xi8>
  %x = memref.load %m[%i] : memref<4xi8>
  %c0 = arith.constant 0 : index
  %y = memref.load %m[%c0] : memref<4xi8>
  return %x, %y : i8, i8
}""",
    "dynamic_alloc_dim": """
func.func @f(%v: i8, %n: index, %i: index) -> (i8, index) {
  %m = memref.alloc(%n) : memref<?xi8>
  memref.store %v, %m[%i] : memref<?xi8>
  %x = memref.load %m[%i] : memref<?xi8>
  %c0 = arith.constant 0 : index
  %d = memref.dim %m, %c0 : memref<?xi8>
  memref.dealloc %m : memref<?xi8>
  return %x, %d : i8, index
}""",
    "use_after_free": """
func.func @f(%v: i8, %i: index) -> i8 {
  %m = memref.alloc() : memref<2xi8>
  memref.store %v, %m[%i] : memref<2xi8>
  %c1 = arith.constant 1 : index
  %k = arith.andi %i, %c1 : index
  %x = memref.load %m[%k] : memref<2xi8>
  memref.dealloc %m : memref<2xi8>
  %y = arith.addi %x, %v : i8
  return %y : i8
}""",
    "subview_strided": """
func.func @f(%v: i8, %w: i8, %i: index, %j: index) -> (i8, i8) {
  %m = memref.alloca() : memref<4x6xi8>
  memref.store %w, %m[%j, %i] : memref<4x6xi8>
  %s = memref.subview %m[1, 1] [2, 3] [2, 2] : memref<4x6xi8> to memref<2x3xi8, strided<[12, 2], offset: 7>>
  memref.store %v, %s[%i, %j] : memref<2x3xi8, strided<[12, 2], offset: 7>>
  %x = memref.load %m[%j, %i] : memref<4x6xi8>
  %y = memref.load %s[%j, %i] : memref<2x3xi8, strided<[12, 2], offset: 7>>
  return %x, %y : i8, i8
}""",
    "subview_dynamic": """
func.func @f(%v: i8, %o: index, %n: index, %i: index) -> i8 {
  %m = memref.alloca() : memref<8xi8>
  %c0 = arith.constant 0 : index
  memref.store %v, %m[%c0] : memref<8xi8>
  %s = memref.subview %m[%o] [%n] [1] : memref<8xi8> to memref<?xi8, strided<[1], offset: ?>>
  memref.store %v, %s[%i] : memref<?xi8, strided<[1], offset: ?>>
  %x = memref.load %m[%i] : memref<8xi8>
  return %x : i8
}""",
    "collapse_expand": """
func.func @f(%v: i8, %i: index, %j: index) -> (i8, i8) {
  %m = memref.alloca() : memref<2x3xi8>
  %f = memref.collapse_shape %m [[0, 1]] : memref<2x3xi8> into memref<6xi8>
  memref.store %v, %f[%i] : memref<6xi8>
  %x = memref.load %m[%j, %j] : memref<2x3xi8>
  %e = memref.expand_shape %f [[0, 1]] output_shape [3, 2] : memref<6xi8> into memref<3x2xi8>
  %y = memref.load %e[%j, %i] : memref<3x2xi8>
  return %x, %y : i8, i8
}""",
    "reinterpret": """
func.func @f(%v: i8, %i: index, %j: index) -> (i8, index, index) {
  %m = memref.alloca() : memref<3x4xi8>
  memref.store %v, %m[%i, %j] : memref<3x4xi8>
  %base, %off, %sz:2, %st:2 = memref.extract_strided_metadata %m : memref<3x4xi8> -> memref<i8>, index, index, index, index, index
  %r = memref.reinterpret_cast %base to offset: [1], sizes: [11], strides: [1] : memref<i8> to memref<11xi8, strided<[1], offset: 1>>
  %x = memref.load %r[%j] : memref<11xi8, strided<[1], offset: 1>>
  return %x, %sz#1, %st#0 : i8, index, index
}""",
    "copy_cast": """
func.func @f(%v: i8, %w: i8, %i: index) -> (i8, i8) {
  %a = memref.alloca() : memref<3xi8>
  %b = memref.alloca() : memref<3xi8>
  %c0 = arith.constant 0 : index
  memref.store %v, %a[%i] : memref<3xi8>
  memref.store %w, %a[%c0] : memref<3xi8>
  %d = memref.cast %a : memref<3xi8> to memref<?xi8>
  %e = memref.cast %b : memref<3xi8> to memref<?xi8>
  memref.copy %d, %e : memref<?xi8> to memref<?xi8>
  %x = memref.load %b[%i] : memref<3xi8>
  %y = memref.load %b[%c0] : memref<3xi8>
  return %x, %y : i8, i8
}""",
    "affine_access": """
func.func @f(%v: i8, %i: index, %j: index) -> i8 {
  %m = memref.alloca() : memref<4x4xi8>
  affine.store %v, %m[%i + 1, %j * 2] : memref<4x4xi8>
  %x = affine.load %m[%i + 1, %j + %j] : memref<4x4xi8>
  return %x : i8
}""",
    "global_constant": """
memref.global "private" constant @table : memref<4xi8> = dense<[3, 5, 7, 9]>
func.func @f(%v: i8, %i: index, %j: index) -> i8 {
  %g = memref.get_global @table : memref<4xi8>
  %x = memref.load %g[%i] : memref<4xi8>
  %y = arith.addi %x, %v : i8
  return %y : i8
}""",
    "global_store_is_ub": """
memref.global "private" constant @table : memref<4xi8> = dense<[3, 5, 7, 9]>
func.func @f(%v: i8, %i: index) -> i8 {
  %g = memref.get_global @table : memref<4xi8>
  memref.store %v, %g[%i] : memref<4xi8>
  return %v : i8
}""",
    "loop_fill_and_sum": """
func.func @f(%v: i8, %n: index) -> i8 {
  %m = memref.alloca() : memref<4xi8>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %k = %c0 to %c4 step %c1 {
    memref.store %v, %m[%k] : memref<4xi8>
  }
  %z = arith.constant 0 : i8
  %s = scf.for %k = %c0 to %n step %c1 iter_args(%acc = %z) -> (i8) {
    %x = memref.load %m[%k] : memref<4xi8>
    %t = arith.addi %acc, %x : i8
    scf.yield %t : i8
  }
  return %s : i8
}""",
    "alloca_dies_at_return": """
func.func private @make(%v: i8) -> memref<2xi8> {
  %m = memref.alloca() : memref<2xi8>
  %c0 = arith.constant 0 : index
  memref.store %v, %m[%c0] : memref<2xi8>
  return %m : memref<2xi8>
}
func.func @f(%v: i8, %i: index) -> i8 {
  %m = func.call @make(%v) : (i8) -> memref<2xi8>
  %x = memref.load %m[%i] : memref<2xi8>
  return %x : i8
}""",
}

LISTED_INPUTS: dict[str, list[list[int | None]]] = {
    "store_load": [[1, 2, 0, 0], [1, 2, 0, 1], [1, 2, 3, 4], [None, 2, 1, 1], [1, 2, None, 0]],
    "dynamic_alloc_dim": [[5, 3, 2], [5, 3, 3], [5, 0, 0], [5, None, 0]],
    "use_after_free": [[5, 1], [5, 2]],
    "subview_strided": [[1, 2, 0, 0], [1, 2, 1, 2], [1, 2, 2, 0], [1, 2, 0, 3]],
    "subview_dynamic": [[9, 0, 8, 0], [9, 2, 3, 2], [9, 2, 3, 3], [9, 7, 1, 0], [9, 7, 2, 1]],
    "collapse_expand": [[9, 5, 1], [9, 6, 0], [9, 0, 2], [9, 3, 1]],
    "reinterpret": [[9, 0, 1], [9, 2, 3], [9, 2, 2], [9, 0, 11]],
    "copy_cast": [[1, 2, 0], [1, 2, 2], [1, 2, 3]],
    "affine_access": [[1, 0, 1], [1, 2, 1], [1, 3, 0]],
    "global_constant": [[1, 0, 0], [1, 3, 0], [1, 4, 0]],
    "global_store_is_ub": [[1, 0]],
    "loop_fill_and_sum": [[1, 0], [1, 4], [1, 5], [None, 2]],
    "alloca_dies_at_return": [[1, 0]],
}


def _cases() -> list[object]:
    cases: list[object] = []
    for name in PROGRAMS:
        for n, args in enumerate(LISTED_INPUTS[name]):
            cases.append(pytest.param(name, args, None, id=f"{name}-{n}"))
        cases.append(pytest.param(name, None, INPUTS_PER_PROGRAM, id=f"{name}-random"))
    return cases


@pytest.mark.parametrize(("name", "args", "random_inputs"), _cases())
@pytest.mark.parametrize("index_width", INDEX_WIDTHS)
def test_smt_and_concrete_agree(
    name: str, args: list[int | None] | None, random_inputs: int | None, index_width: int
) -> None:
    module = parse_module(f"{name}.mlir", PROGRAMS[name])
    if args is not None:
        inputs = [args]
    else:
        rng = random.Random(f"{name}/{index_width}")
        function = find_function(module, "f")
        assert function is not None
        types = [a.type for a in function.body.blocks[0].args]
        inputs = [
            [random_value(rng, t, index_width) for t in types] for _ in range(random_inputs or 0)
        ]
    for values in inputs:
        expected = concrete_outcome(module, values, index_width)
        assert smt_outcome(module, values, index_width) == expected, (name, values)


def test_the_programs_reach_ub_and_results() -> None:
    """The listed inputs cover both defined runs and UB (a test that never hits UB, or never
    returns, would compare little)."""
    outcomes = [
        concrete_outcome(parse_module(f"{n}.mlir", PROGRAMS[n]), args, 64)
        for n in PROGRAMS
        for args in LISTED_INPUTS[n]
    ]
    assert "UB" in outcomes
    assert sum(o != "UB" for o in outcomes) >= len(outcomes) // 2
