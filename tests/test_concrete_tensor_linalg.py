"""Tests of the concrete interpreter's `tensor`, `linalg` and `bufferization` rules.

Every expected tensor below was worked out by hand (row-major element order); none is
computed with the interpreter's helpers. Each UB condition has a defined twin that differs
in one value or one size.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from xdsl.dialects.builtin import IndexType, ModuleOp, f32, i1, i32
from xdsl.ir import Attribute
from xdsl.parser import Parser

from irproof.dialects.mlir.context import input_context
from irproof.semantics.concrete.interpreter import (
    CONCRETE_RULES,
    ConcreteRun,
    UnsupportedOp,
    run_function,
)
from irproof.semantics.concrete.memory import ConcreteMemory, ConcreteView
from irproof.semantics.concrete.tensor_value import ConcreteTensor
from irproof.semantics.concrete.values import POISON, ConcreteScalar, ConcreteValue
from irproof.semantics.widths import TypeWidths

IW = 64
UB = "UB"
P = POISON


def parse(text: str) -> ModuleOp:
    module = Parser(input_context(), text).parse_module()
    module.verify()
    return module


def T(
    sizes: Sequence[int], values: Sequence[ConcreteScalar], element: Attribute = i32
) -> ConcreteTensor:
    """A tensor literal (elements in row-major order)."""
    width = TypeWidths(IW).width(element)
    assert width is not None
    return ConcreteTensor(element, width, tuple(sizes), tuple(values))


def run(
    text: str, args: Sequence[ConcreteValue] = (), memory: ConcreteMemory | None = None
) -> ConcreteRun:
    return run_function(parse(text), "f", args, IW, memory=memory)


def outcome(text: str, args: Sequence[ConcreteValue] = ()) -> object:
    """`UB`, the single result, or all results as a tuple."""
    done = run(text, args)
    if done.ub is not None:
        assert done.results == []
        return UB
    return done.results[0] if len(done.results) == 1 else tuple(done.results)


def one_op(params: str, result: str, body: str) -> str:
    """`func.func @f(params) -> result` whose body ends by returning `%r`."""
    return f"func.func @f({params}) -> {result} {{\n{body}\n  func.return %r : {result}\n}}"


def test_registered() -> None:
    for name in (
        "tensor.empty",
        "tensor.extract",
        "tensor.insert",
        "tensor.dim",
        "tensor.cast",
        "tensor.extract_slice",
        "tensor.insert_slice",
        "tensor.collapse_shape",
        "tensor.expand_shape",
        "tensor.from_elements",
        "tensor.splat",
        "linalg.generic",
        "linalg.matmul",
        "linalg.fill",
        "linalg.copy",
        "linalg.transpose",
        "linalg.conv_2d_nhwc_hwcf",
        "linalg.pooling_nchw_max",
        "linalg.index",
        "linalg.yield",
        "linalg.broadcast",
        "linalg.reduce",
        "bufferization.to_tensor",
        "bufferization.to_buffer",
        "bufferization.to_memref",
    ):
        assert name in CONCRETE_RULES, name


def test_tensor_value_checks_its_shape_and_elements() -> None:
    t = T([2, 3], [0, 1, 2, 3, 4, 5])
    assert t.rank == 2 and t.at([1, 0]) == 3 and t.at([0, 2]) == 2
    assert list(t.positions())[:4] == [(0, 0), (0, 1), (0, 2), (1, 0)]
    with pytest.raises(ValueError, match="elements"):
        T([2, 3], [0] * 5)
    with pytest.raises(ValueError, match="unsigned 32-bit"):
        T([1], [1 << 32])
    with pytest.raises(ValueError, match="unsigned 32-bit"):
        T([1], [-1])
    assert T([1], [P]).values == (P,)


# --- tensor: creation ------------------------------------------------------------------------

EMPTY = one_op("%n: index", "tensor<2x?xi32>", "  %r = tensor.empty(%n) : tensor<2x?xi32>")
SPLAT = one_op(
    "%v: i32, %n: index", "tensor<?x2xi32>", "  %r = tensor.splat %v[%n] : tensor<?x2xi32>"
)
FROM_ELEMENTS = one_op(
    "%a: i32, %b: i32, %c: i32, %d: i32",
    "tensor<2x2xi32>",
    "  %r = tensor.from_elements %a, %b, %c, %d : tensor<2x2xi32>",
)


@pytest.mark.parametrize(
    ("text", "args", "expected"),
    [
        (EMPTY, [2], T([2, 2], [P] * 4)),
        (EMPTY, [0], T([2, 0], [])),
        (EMPTY, [P], UB),
        (SPLAT, [7, 1], T([1, 2], [7, 7])),
        (SPLAT, [P, 2], T([2, 2], [P] * 4)),
        (SPLAT, [7, P], UB),
        (FROM_ELEMENTS, [1, 2, P, 4], T([2, 2], [1, 2, P, 4])),
    ],
)
def test_creation(text: str, args: list[ConcreteValue], expected: object) -> None:
    assert outcome(text, args) == expected


# --- tensor: elements and sizes ------------------------------------------------------------

M23 = T([2, 3], [10, 11, 12, 13, 14, 15])
EXTRACT = one_op(
    "%t: tensor<2x3xi32>, %i: index, %j: index",
    "i32",
    "  %r = tensor.extract %t[%i, %j] : tensor<2x3xi32>",
)
INSERT = one_op(
    "%t: tensor<2x3xi32>, %v: i32, %i: index, %j: index",
    "tensor<2x3xi32>",
    "  %r = tensor.insert %v into %t[%i, %j] : tensor<2x3xi32>",
)
DIM = one_op(
    "%t: tensor<?x3xi32>, %i: index", "index", "  %r = tensor.dim %t, %i : tensor<?x3xi32>"
)
CAST = one_op(
    "%t: tensor<?xi32>", "tensor<3xi32>", "  %r = tensor.cast %t : tensor<?xi32> to tensor<3xi32>"
)


@pytest.mark.parametrize(
    ("text", "args", "expected"),
    [
        (EXTRACT, [M23, 1, 2], 15),
        (EXTRACT, [M23, 0, 1], 11),
        (EXTRACT, [M23, 2, 0], UB),  # row 2 of 2
        (EXTRACT, [M23, 0, 3], UB),
        (EXTRACT, [M23, P, 0], UB),
        (EXTRACT, [T([2, 3], [0, P, 0, 0, 0, 0]), 0, 1], P),
        (INSERT, [M23, 9, 1, 0], T([2, 3], [10, 11, 12, 9, 14, 15])),
        (INSERT, [M23, P, 0, 0], T([2, 3], [P, 11, 12, 13, 14, 15])),
        (INSERT, [M23, 9, 1, 3], UB),
        (INSERT, [M23, 9, 0, P], UB),
        (DIM, [T([4, 3], [0] * 12), 0], 4),
        (DIM, [T([4, 3], [0] * 12), 1], 3),
        (DIM, [T([4, 3], [0] * 12), 2], UB),
        (DIM, [T([4, 3], [0] * 12), P], UB),
        (CAST, [T([3], [1, 2, 3])], T([3], [1, 2, 3])),
        (CAST, [T([4], [1, 2, 3, 4])], UB),
    ],
)
def test_elements_and_sizes(text: str, args: list[ConcreteValue], expected: object) -> None:
    assert outcome(text, args) == expected


# --- tensor: slices --------------------------------------------------------------------------

V8 = T([8], [0, 10, 20, 30, 40, 50, 60, 70])
EXTRACT_SLICE = one_op(
    "%t: tensor<8xi32>, %o: index",
    "tensor<3xi32>",
    "  %r = tensor.extract_slice %t[%o] [3] [2] : tensor<8xi32> to tensor<3xi32>",
)
DYNAMIC_SLICE = one_op(
    "%t: tensor<8xi32>, %o: index, %n: index, %s: index",
    "tensor<?xi32>",
    "  %r = tensor.extract_slice %t[%o] [%n] [%s] : tensor<8xi32> to tensor<?xi32>",
)
ROW = one_op(
    "%t: tensor<3x4xi32>, %i: index",
    "tensor<4xi32>",
    "  %r = tensor.extract_slice %t[%i, 0] [1, 4] [1, 1] : tensor<3x4xi32> to tensor<4xi32>",
)
COLUMN = one_op(
    "%t: tensor<3x4xi32>, %j: index",
    "tensor<2xi32>",
    "  %r = tensor.extract_slice %t[1, %j] [2, 1] [1, 1] : tensor<3x4xi32> to tensor<2xi32>",
)
M34 = T([3, 4], list(range(12)))
INSERT_SLICE = one_op(
    "%s: tensor<2xi32>, %t: tensor<3x4xi32>, %j: index",
    "tensor<3x4xi32>",
    "  %r = tensor.insert_slice %s into %t[1, %j] [1, 2] [1, 2]"
    " : tensor<2xi32> into tensor<3x4xi32>",
)
INSERT_DYNAMIC = one_op(
    "%s: tensor<2xi32>, %t: tensor<4xi32>, %n: index",
    "tensor<4xi32>",
    "  %r = tensor.insert_slice %s into %t[1] [%n] [1] : tensor<2xi32> into tensor<4xi32>",
)


@pytest.mark.parametrize(
    ("text", "args", "expected"),
    [
        # elements 1, 3, 5 / 3, 5, 7; offset 2 reaches element 6; offset 3 reaches 7
        (EXTRACT_SLICE, [V8, 1], T([3], [10, 30, 50])),
        (EXTRACT_SLICE, [V8, 3], T([3], [30, 50, 70])),
        (EXTRACT_SLICE, [V8, 4], UB),  # reaches element 8
        (EXTRACT_SLICE, [V8, P], UB),
        (DYNAMIC_SLICE, [V8, 5, 3, 1], T([3], [50, 60, 70])),
        (DYNAMIC_SLICE, [V8, 5, 4, 1], UB),
        (DYNAMIC_SLICE, [V8, 7, 1, 100], T([1], [70])),  # one element: the stride is unused
        (DYNAMIC_SLICE, [V8, 0, 2, 8], UB),
        (DYNAMIC_SLICE, [V8, 2, 0, 3], T([0], [])),
        (DYNAMIC_SLICE, [V8, 8, 0, 1], T([0], [])),  # empty, at the end
        (DYNAMIC_SLICE, [V8, 9, 0, 1], UB),  # empty, past the end
        (DYNAMIC_SLICE, [V8, 0, 3, 0], T([3], [0, 0, 0])),
        (DYNAMIC_SLICE, [V8, 0, P, 1], UB),
        (DYNAMIC_SLICE, [V8, 0, 1, P], UB),
        # rank-reducing: row 2 is elements 8..11; column 3 of rows 1, 2 is 7, 11
        (ROW, [M34, 2], T([4], [8, 9, 10, 11])),
        (ROW, [M34, 3], UB),
        (COLUMN, [M34, 3], T([2], [7, 11])),
        (COLUMN, [M34, 4], UB),
        # row 1, columns j and j + 2
        (
            INSERT_SLICE,
            [T([2], [90, 91]), M34, 1],
            T([3, 4], [0, 1, 2, 3, 4, 90, 6, 91, 8, 9, 10, 11]),
        ),
        (INSERT_SLICE, [T([2], [90, 91]), M34, 2], UB),  # column 4
        (INSERT_SLICE, [T([2], [90, 91]), M34, P], UB),
        (INSERT_DYNAMIC, [T([2], [5, 6]), T([4], [0, 1, 2, 3]), 2], T([4], [0, 5, 6, 3])),
        (INSERT_DYNAMIC, [T([2], [5, 6]), T([4], [0, 1, 2, 3]), 3], UB),  # sizes differ
    ],
)
def test_slices(text: str, args: list[ConcreteValue], expected: object) -> None:
    assert outcome(text, args) == expected


# --- tensor: reshapes ----------------------------------------------------------------------

COLLAPSE = one_op(
    "%t: tensor<2x?x2xi32>",
    "tensor<?x2xi32>",
    "  %r = tensor.collapse_shape %t [[0, 1], [2]] : tensor<2x?x2xi32> into tensor<?x2xi32>",
)
EXPAND = one_op(
    "%t: tensor<?xi32>, %n: index",
    "tensor<?x3xi32>",
    "  %r = tensor.expand_shape %t [[0, 1]] output_shape [%n, 3] : tensor<?xi32> into tensor<?x3xi32>",
)


@pytest.mark.parametrize(
    ("text", "args", "expected"),
    [
        (COLLAPSE, [T([2, 1, 2], [1, 2, 3, 4])], T([2, 2], [1, 2, 3, 4])),
        (COLLAPSE, [T([2, 3, 2], list(range(12)))], T([6, 2], list(range(12)))),
        (EXPAND, [T([6], [1, 2, 3, 4, 5, 6]), 2], T([2, 3], [1, 2, 3, 4, 5, 6])),
        (EXPAND, [T([6], [1, 2, 3, 4, 5, 6]), 3], UB),  # 3 * 3 is not 6
        (EXPAND, [T([6], [1, 2, 3, 4, 5, 6]), P], UB),
    ],
)
def test_reshapes(text: str, args: list[ConcreteValue], expected: object) -> None:
    assert outcome(text, args) == expected


# --- linalg on tensors ---------------------------------------------------------------------

MATMUL = one_op(
    "%a: tensor<2x3xi32>, %b: tensor<3x2xi32>, %c: tensor<2x2xi32>",
    "tensor<2x2xi32>",
    "  %r = linalg.matmul ins(%a, %b : tensor<2x3xi32>, tensor<3x2xi32>)"
    " outs(%c : tensor<2x2xi32>) -> tensor<2x2xi32>",
)
A23 = T([2, 3], [1, 2, 3, 4, 5, 6])
B32 = T([3, 2], [7, 8, 9, 10, 11, 12])


def test_matmul_on_tensors() -> None:
    # [1 2 3; 4 5 6] x [7 8; 9 10; 11 12] = [58 64; 139 154], plus C
    assert outcome(MATMUL, [A23, B32, T([2, 2], [1, 0, 0, 100])]) == T([2, 2], [59, 64, 139, 254])
    # an output element that is poison stays poison (poison + x)
    assert outcome(MATMUL, [A23, B32, T([2, 2], [P, 0, 0, 0])]) == T([2, 2], [P, 64, 139, 154])
    # wrapping at 32 bits: 2^31 * 2 + ... = 0 + 0
    big = T([2, 3], [1 << 31, 0, 0, 0, 0, 0])
    assert outcome(MATMUL, [big, T([3, 2], [2, 1, 0, 0, 0, 0]), T([2, 2], [0] * 4)]) == T(
        [2, 2], [0, 1 << 31, 0, 0]
    )


DYNAMIC_MATMUL = one_op(
    "%a: tensor<?x?xi32>, %b: tensor<?x?xi32>, %c: tensor<?x?xi32>",
    "tensor<?x?xi32>",
    "  %r = linalg.matmul ins(%a, %b : tensor<?x?xi32>, tensor<?x?xi32>)"
    " outs(%c : tensor<?x?xi32>) -> tensor<?x?xi32>",
)


def test_matmul_reading_outside_an_operand_is_ub() -> None:
    # loop ranges: d0 = 2 (A rows), d2 = 3 (A columns), d1 = 2 (B columns)
    assert outcome(DYNAMIC_MATMUL, [A23, B32, T([2, 2], [0] * 4)]) == T([2, 2], [58, 64, 139, 154])
    # B has 2 rows only: reading B[2, 0] is out of bounds
    assert outcome(DYNAMIC_MATMUL, [A23, T([2, 2], [7, 8, 9, 10]), T([2, 2], [0] * 4)]) == UB
    # C has 1 column: writing C[0, 1] is out of bounds
    assert outcome(DYNAMIC_MATMUL, [A23, B32, T([2, 1], [0, 0])]) == UB


GENERIC_INDEX_SUM = """
#in = affine_map<(d0, d1) -> (d0, d1)>
#out = affine_map<(d0, d1) -> (d0)>
func.func @f(%t: tensor<2x3xi32>, %init: tensor<2xi32>) -> tensor<2xi32> {
  %r = linalg.generic {indexing_maps = [#in, #out], iterator_types = ["parallel", "reduction"]}
      ins(%t : tensor<2x3xi32>) outs(%init : tensor<2xi32>) {
  ^bb0(%x: i32, %acc: i32):
    %i = linalg.index 0 : index
    %j = linalg.index 1 : index
    %ii = arith.index_cast %i : index to i32
    %jj = arith.index_cast %j : index to i32
    %xj = arith.muli %x, %jj : i32
    %s = arith.addi %acc, %xj : i32
    %s2 = arith.addi %s, %ii : i32
    linalg.yield %s2 : i32
  } -> tensor<2xi32>
  func.return %r : tensor<2xi32>
}
"""


def test_generic_with_index_and_reduction() -> None:
    # out[i] = init[i] + sum_j (t[i, j] * j + i)
    # row 0: 1*0 + 2*1 + 3*2 + 0*3 = 8; row 1: 4*0 + 5*1 + 6*2 + 1*3 = 20
    assert outcome(GENERIC_INDEX_SUM, [A23, T([2], [100, 0])]) == T([2], [108, 20])


GENERIC_SHIFTED = """
#shift = affine_map<(d0) -> (d0 + 1)>
#id = affine_map<(d0) -> (d0)>
func.func @f(%t: tensor<?xi32>, %o: tensor<?xi32>) -> tensor<?xi32> {
  %r = linalg.generic {indexing_maps = [#shift, #id], iterator_types = ["parallel"]}
      ins(%t : tensor<?xi32>) outs(%o : tensor<?xi32>) {
  ^bb0(%x: i32, %y: i32):
    linalg.yield %x : i32
  } -> tensor<?xi32>
  func.return %r : tensor<?xi32>
}
"""


def test_generic_reading_past_the_end_is_ub() -> None:
    # the loop range is the output's size (the shift map gives none)
    assert outcome(GENERIC_SHIFTED, [T([4], [1, 2, 3, 4]), T([3], [0, 0, 0])]) == T([3], [2, 3, 4])
    assert outcome(GENERIC_SHIFTED, [T([4], [1, 2, 3, 4]), T([4], [0, 0, 0, 0])]) == UB
    assert outcome(GENERIC_SHIFTED, [T([4], [1, 2, 3, 4]), T([0], [])]) == T([0], [])


def elementwise(op: str, element: str = "i32") -> str:
    ty = f"tensor<3x{element}>"
    return one_op(
        f"%a: {ty}, %b: {ty}, %c: {ty}",
        ty,
        f"  %r = {op} ins(%a, %b : {ty}, {ty}) outs(%c : {ty}) -> {ty}",
    )


X3 = T([3], [5, (1 << 32) - 1, 7])  # 5, -1, 7
Y3 = T([3], [2, 3, (1 << 32) - 8])  # 2, 3, -8
Z3 = T([3], [0, 0, 0])


@pytest.mark.parametrize(
    ("text", "args", "expected"),
    [
        (elementwise("linalg.add"), [X3, Y3, Z3], T([3], [7, 2, (1 << 32) - 1])),
        (elementwise("linalg.sub"), [X3, Y3, Z3], T([3], [3, (1 << 32) - 4, 15])),
        (elementwise("linalg.mul"), [X3, Y3, Z3], T([3], [10, (1 << 32) - 3, (1 << 32) - 56])),
        (elementwise("linalg.max"), [X3, Y3, Z3], T([3], [5, 3, 7])),  # signed
        (elementwise("linalg.min"), [X3, Y3, Z3], T([3], [2, (1 << 32) - 1, (1 << 32) - 8])),
        (elementwise("linalg.add"), [T([3], [P, 1, 1]), Y3, Z3], T([3], [P, 4, (1 << 32) - 7])),
    ],
)
def test_elementwise(text: str, args: list[ConcreteValue], expected: object) -> None:
    assert outcome(text, args) == expected


SELECT = one_op(
    "%c: tensor<3xi1>, %a: tensor<3xi32>, %b: tensor<3xi32>, %o: tensor<3xi32>",
    "tensor<3xi32>",
    "  %r = linalg.select ins(%c, %a, %b : tensor<3xi1>, tensor<3xi32>, tensor<3xi32>)"
    " outs(%o : tensor<3xi32>) -> tensor<3xi32>",
)
FILL = one_op(
    "%v: i32, %o: tensor<2x2xi32>",
    "tensor<2x2xi32>",
    "  %r = linalg.fill ins(%v : i32) outs(%o : tensor<2x2xi32>) -> tensor<2x2xi32>",
)
COPY = one_op(
    "%a: tensor<3xi32>, %o: tensor<3xi32>",
    "tensor<3xi32>",
    "  %r = linalg.copy ins(%a : tensor<3xi32>) outs(%o : tensor<3xi32>) -> tensor<3xi32>",
)
TRANSPOSE = one_op(
    "%a: tensor<2x3xi32>, %o: tensor<3x2xi32>",
    "tensor<3x2xi32>",
    "  %r = linalg.transpose ins(%a : tensor<2x3xi32>) outs(%o : tensor<3x2xi32>)"
    " permutation = [1, 0]",
)


@pytest.mark.parametrize(
    ("text", "args", "expected"),
    [
        (SELECT, [T([3], [1, 0, 1], i1), X3, Y3, Z3], T([3], [5, 3, 7])),
        (SELECT, [T([3], [P, 0, 1], i1), X3, Y3, Z3], T([3], [P, 3, 7])),
        (FILL, [9, T([2, 2], [P] * 4)], T([2, 2], [9] * 4)),
        (FILL, [P, T([2, 2], [1] * 4)], T([2, 2], [P] * 4)),
        (COPY, [T([3], [4, P, 6]), Z3], T([3], [4, P, 6])),
        (TRANSPOSE, [A23, T([3, 2], [0] * 6)], T([3, 2], [1, 4, 2, 5, 3, 6])),
    ],
)
def test_named_ops(text: str, args: list[ConcreteValue], expected: object) -> None:
    assert outcome(text, args) == expected


def test_floats_and_rank_zero() -> None:
    # f32 bit patterns: 1.0 = 0x3F800000, 2.0 = 0x40000000, 3.0 = 0x40400000
    one, two, three = 0x3F800000, 0x40000000, 0x40400000
    a = T([3], [one, two, one], element=f32)
    b = T([3], [two, one, 0], element=f32)
    assert outcome(elementwise("linalg.add", "f32"), [a, b, b]) == T(
        [3], [three, three, one], element=f32
    )
    fill0 = one_op(
        "%v: i32, %o: tensor<i32>",
        "tensor<i32>",
        "  %r = linalg.fill ins(%v : i32) outs(%o : tensor<i32>) -> tensor<i32>",
    )
    assert outcome(fill0, [5, T([], [P])]) == T([], [5])


CONV = one_op(
    "%i: tensor<1x3x3x1xi32>, %w: tensor<2x2x1x1xi32>, %o: tensor<1x2x2x1xi32>",
    "tensor<1x2x2x1xi32>",
    "  %r = linalg.conv_2d_nhwc_hwcf"
    " {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%i, %w : tensor<1x3x3x1xi32>, tensor<2x2x1x1xi32>)"
    " outs(%o : tensor<1x2x2x1xi32>) -> tensor<1x2x2x1xi32>",
)
POOL = one_op(
    "%i: tensor<1x1x3x3xi32>, %w: tensor<2x2xi32>, %o: tensor<1x1x2x2xi32>",
    "tensor<1x1x2x2xi32>",
    "  %r = linalg.pooling_nchw_max"
    " {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%i, %w : tensor<1x1x3x3xi32>, tensor<2x2xi32>)"
    " outs(%o : tensor<1x1x2x2xi32>) -> tensor<1x1x2x2xi32>",
)
IMAGE = [1, 2, 3, 4, 5, 6, 7, 8, 9]  # [1 2 3; 4 5 6; 7 8 9]


def test_convolution_and_pooling() -> None:
    # kernel [1 0; 0 -1]: out[y, x] = in[y, x] - in[y + 1, x + 1] = -4 everywhere
    minus_one, minus_four = (1 << 32) - 1, (1 << 32) - 4
    kernel = T([2, 2, 1, 1], [1, 0, 0, minus_one])
    image = T([1, 3, 3, 1], IMAGE)
    assert outcome(CONV, [image, kernel, T([1, 2, 2, 1], [0] * 4)]) == T(
        [1, 2, 2, 1], [minus_four] * 4
    )
    # 2x2 max windows: 5, 6, 8, 9 (the output starts at the smallest i32)
    smallest = 1 << 31
    pooled = outcome(
        POOL, [T([1, 1, 3, 3], IMAGE), T([2, 2], [0] * 4), T([1, 1, 2, 2], [smallest] * 4)]
    )
    assert pooled == T([1, 1, 2, 2], [5, 6, 8, 9])


BROADCAST = one_op(
    "%a: tensor<3xi32>, %o: tensor<2x3xi32>",
    "tensor<2x3xi32>",
    "  %r = linalg.broadcast ins(%a : tensor<3xi32>) outs(%o : tensor<2x3xi32>) dimensions = [0]",
)
BROADCAST_INNER = one_op(
    "%a: tensor<2xi32>, %o: tensor<2x3xi32>",
    "tensor<2x3xi32>",
    "  %r = linalg.broadcast ins(%a : tensor<2xi32>) outs(%o : tensor<2x3xi32>) dimensions = [1]",
)
REDUCE = """
func.func @f(%a: tensor<2x3xi32>, %o: tensor<2xi32>) -> tensor<2xi32> {
  %r = linalg.reduce ins(%a : tensor<2x3xi32>) outs(%o : tensor<2xi32>) dimensions = [1]
    (%x: i32, %acc: i32) {
      %s = arith.subi %x, %acc : i32
      linalg.yield %s : i32
    }
  func.return %r : tensor<2xi32>
}
"""


def test_broadcast_and_reduce() -> None:
    assert outcome(BROADCAST, [T([3], [7, 8, 9]), T([2, 3], [0] * 6)]) == T([2, 3], [7, 8, 9] * 2)
    assert outcome(BROADCAST_INNER, [T([2], [7, 8]), T([2, 3], [0] * 6)]) == T(
        [2, 3], [7, 7, 7, 8, 8, 8]
    )
    # acc = x - acc over j in order (not commutative, so the order shows):
    # row 0 from 10: 1 - 10 = -9, 2 + 9 = 11, 3 - 11 = -8; row 1 from 0: 4, 5 - 4 = 1, 6 - 1 = 5
    assert outcome(REDUCE, [A23, T([2], [10, 0])]) == T([2], [(1 << 32) - 8, 5])


def test_unsupported_bodies_and_types() -> None:
    exp = one_op(
        "%a: tensor<3xf32>, %o: tensor<3xf32>",
        "tensor<3xf32>",
        "  %r = linalg.exp ins(%a : tensor<3xf32>) outs(%o : tensor<3xf32>) -> tensor<3xf32>",
    )
    with pytest.raises(UnsupportedOp, match=r"math\.exp"):
        run(exp, [T([3], [0] * 3, element=f32), T([3], [0] * 3, element=f32)])
    addi = one_op("%a: tensor<3xi32>", "tensor<3xi32>", "  %r = arith.addi %a, %a : tensor<3xi32>")
    with pytest.raises(UnsupportedOp, match=r"arith\.addi"):
        run(addi, [X3])


def test_tensor_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="size 4 of dimension 0, not 2"):
        run(EXTRACT, [T([4, 3], [0] * 12), 0, 0])
    with pytest.raises(ValueError, match="not a ConcreteTensor"):
        run(COPY, [5, Z3])
    with pytest.raises(ValueError, match="elements of type"):
        run(COPY, [T([3], [0] * 3, element=IndexType()), Z3])


LOOP = """
func.func @f(%n: index) -> tensor<4xi32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %z = arith.constant 0 : i32
  %e = tensor.splat %z : tensor<4xi32>
  %r = scf.for %i = %c0 to %n step %c1 iter_args(%t = %e) -> (tensor<4xi32>) {
    %v = arith.index_cast %i : index to i32
    %t2 = tensor.insert %v into %t[%i] : tensor<4xi32>
    scf.yield %t2 : tensor<4xi32>
  }
  func.return %r : tensor<4xi32>
}
"""


def test_tensors_through_loops() -> None:
    assert outcome(LOOP, [3]) == T([4], [0, 1, 2, 0])
    assert outcome(LOOP, [5]) == UB  # inserts at index 4


# --- linalg on memrefs ---------------------------------------------------------------------

MEMREF_MATMUL = """
func.func @f(%a: memref<2x3xi32>, %b: memref<3x2xi32>, %c: memref<?x?xi32, strided<[?, ?]>>) {
  linalg.matmul ins(%a, %b : memref<2x3xi32>, memref<3x2xi32>)
      outs(%c : memref<?x?xi32, strided<[?, ?]>>)
  func.return
}
"""


def memory_with(*contents: Sequence[ConcreteScalar]) -> ConcreteMemory:
    memory = ConcreteMemory()
    for n, values in enumerate(contents):
        memory.allocate(i32, 32, len(values), "argument", name=f"%a{n}", values=values)
    return memory


def contiguous(block: int, sizes: Sequence[int]) -> ConcreteView:
    strides = [1] * len(sizes)
    for d in reversed(range(len(sizes) - 1)):
        strides[d] = strides[d + 1] * sizes[d + 1]
    return ConcreteView(i32, block, 0, tuple(sizes), tuple(strides))


def test_matmul_on_memrefs() -> None:
    memory = memory_with(A23.values, B32.values, [1, 1, 1, 1])
    args = [contiguous(1, [2, 3]), contiguous(2, [3, 2]), contiguous(3, [2, 2])]
    done = run(MEMREF_MATMUL, args, memory)
    assert done.ub is None and done.results == []
    assert memory.blocks[3].values == [59, 65, 140, 155]
    assert memory.blocks[1].values == list(A23.values)
    # C viewed as 2x1 (column stride 2 of a 4-element block): C[0, 1] is out of the view
    memory = memory_with(A23.values, B32.values, [1, 1, 1, 1])
    narrow = ConcreteView(i32, 3, 0, (2, 1), (2, 1))
    done = run(MEMREF_MATMUL, [contiguous(1, [2, 3]), contiguous(2, [3, 2]), narrow], memory)
    assert done.ub is not None and "out of bounds" in done.ub
    # points in order (i, j, k): C[0, 0] is done (1 + 7 + 18 + 33) before (0, 1, 0) fails
    assert memory.blocks[3].values == [59, 1, 1, 1]


IN_PLACE = """
#id = affine_map<(d0) -> (d0)>
#prev = affine_map<(d0) -> (d0 + 1)>
func.func @f(%m: memref<4xi32>, %v: memref<?xi32>) {
  linalg.generic {indexing_maps = [#prev, #id], iterator_types = ["parallel"]}
      ins(%m : memref<4xi32>) outs(%v : memref<?xi32>) {
  ^bb0(%x: i32, %y: i32):
    %s = arith.addi %x, %y : i32
    linalg.yield %s : i32
  }
  func.return
}
"""


def test_memref_writes_happen_in_order() -> None:
    # %v aliases %m[0..3): v[i] = m[i + 1] + v[i], sequentially: [1+2, 2+3, 3+4, 4]
    memory = memory_with([1, 2, 3, 4])
    done = run(IN_PLACE, [contiguous(1, [4]), contiguous(1, [3])], memory)
    assert done.ub is None
    assert memory.blocks[1].values == [3, 5, 7, 4]
    # as long as %m: reading m[4] is UB
    memory = memory_with([1, 2, 3, 4])
    assert run(IN_PLACE, [contiguous(1, [4]), contiguous(1, [4])], memory).ub is not None


# --- bufferization -------------------------------------------------------------------------

SNAPSHOT = """
func.func @f(%v: i32, %free: i1) -> (i32, i32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = memref.alloc() : memref<2xi32>
  memref.store %v, %m[%c0] : memref<2xi32>
  scf.if %free {
    memref.dealloc %m : memref<2xi32>
  }
  %t = bufferization.to_tensor %m : memref<2xi32> to tensor<2xi32>
  %w = arith.constant 42 : i32
  memref.store %w, %m[%c0] : memref<2xi32>
  %a = tensor.extract %t[%c0] : tensor<2xi32>
  %b = tensor.extract %t[%c1] : tensor<2xi32>
  func.return %a, %b : i32, i32
}
"""

TO_BUFFER = """
func.func @f(%t: tensor<2x2xi32>, %i: index) -> (i32, i32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %m = bufferization.to_buffer %t : tensor<2x2xi32> to memref<2x2xi32>
  %x = memref.load %m[%c1, %i] : memref<2x2xi32>
  %w = arith.constant 42 : i32
  memref.store %w, %m[%c1, %c0] : memref<2x2xi32>
  %y = tensor.extract %t[%c1, %c0] : tensor<2x2xi32>
  func.return %x, %y : i32, i32
}
"""

TO_MEMREF_LLVM19 = """
func.func @f(%t: tensor<3xi32>) -> tensor<3xi32> {
  %m = bufferization.to_memref %t : memref<3xi32>
  %r = bufferization.to_tensor %m restrict : memref<3xi32>
  func.return %r : tensor<3xi32>
}
"""


def test_to_tensor_is_a_snapshot() -> None:
    # the store of 42 after to_tensor does not show; element 1 was never written
    assert outcome(SNAPSHOT, [7, 0]) == (7, P)
    assert outcome(SNAPSHOT, [7, 1]) == UB  # to_tensor of a deallocated buffer


def test_to_buffer_copies_the_tensor() -> None:
    t = T([2, 2], [1, 2, 3, 4])
    assert outcome(TO_BUFFER, [t, 1]) == (4, 3)  # the store into the buffer leaves %t alone
    assert outcome(TO_BUFFER, [t, 2]) == UB
    assert outcome(TO_MEMREF_LLVM19, [T([3], [5, P, 6])]) == T([3], [5, P, 6])
