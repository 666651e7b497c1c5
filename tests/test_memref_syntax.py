"""Parsing and printing `memref` in upstream MLIR's syntax (irproof.dialects.mlir.memref).

xDSL alone knows `memref.cast`, `memref.copy`, `memref.global` and `memref.rank` only in
generic form; these tests pin the custom forms upstream prints, and (marker `mlir`) that
what irproof prints goes through `mlir-opt` unchanged.
"""

from __future__ import annotations

import subprocess

import pytest
from xdsl.dialects import memref as xmemref
from xdsl.dialects.builtin import DenseIntOrFPElementsAttr, ModuleOp, UnitAttr
from xdsl.ir import Operation
from xdsl.parser import Parser
from xdsl.utils.exceptions import ParseError, VerifyException

from irproof.dialects.mlir.context import input_context
from irproof.dialects.mlir.memref import AssumeAlignmentOp
from irproof.verifier.drivers.mlir_opt import find_mlir_opt


def parse(text: str) -> ModuleOp:
    module = Parser(input_context(), text).parse_module()
    module.verify()
    return module


def body(module: ModuleOp) -> str:
    """The printed module without the `builtin.module {` wrapper, dedented."""
    lines = str(module).splitlines()[1:-1]
    return "\n".join(line.removeprefix("  ") for line in lines)


ROUND_TRIP = [
    'memref.global "private" constant @g : memref<2xi32> = dense<[1, 2]>',
    "memref.global @h : memref<4xf32> = uninitialized {alignment = 64 : i64}",
    'memref.global "private" @s : memref<2x2xi8> = dense<3>',
    'memref.global "public" @z : memref<3xi8> = dense<[1, -1, 127]>',
    'memref.global "private" @ext : memref<3xi8>',
    'memref.global "private" constant @w : memref<2xf32> = dense<[1.500000e+00, -2.000000e+00]>',
]


@pytest.mark.parametrize("line", ROUND_TRIP)
def test_global_round_trip(line: str) -> None:
    assert body(parse(line)) == line


def test_global_properties() -> None:
    module = parse("\n".join(ROUND_TRIP))
    g, h, s, _, ext, _ = module.ops
    assert isinstance(g, xmemref.GlobalOp) and g.constant == UnitAttr()
    assert g.sym_visibility is not None and g.sym_visibility.data == "private"
    assert isinstance(g.initial_value, DenseIntOrFPElementsAttr)
    assert list(g.initial_value.get_values()) == [1, 2]
    assert isinstance(h, xmemref.GlobalOp) and h.initial_value == UnitAttr()
    assert h.sym_visibility is None and h.constant is None
    assert h.alignment is not None and h.alignment.value.data == 64
    assert "alignment" not in h.attributes  # an inherent attribute: a property
    assert isinstance(s, xmemref.GlobalOp) and isinstance(s.initial_value, DenseIntOrFPElementsAttr)
    assert list(s.initial_value.get_values()) == [3, 3, 3, 3]  # splat
    assert isinstance(ext, xmemref.GlobalOp) and ext.initial_value is None


def test_global_errors() -> None:
    with pytest.raises(ParseError):
        parse('memref.global "private" @g : memref<2xi32> = dense<[1, 2, 3]>')
    with pytest.raises(VerifyException):
        parse('memref.global "secret" @g : memref<2xi32> = dense<0>')
    with pytest.raises(VerifyException):
        parse("memref.global @g : memref<2xi32> = dense<0> {alignment = 3 : i64}")


FUNCTION = """\
func.func @f(%m: memref<4x4xf32>, %b: memref<?xi32>, %s: memref<4xi32>) -> index {
  %c = memref.cast %b : memref<?xi32> to memref<4xi32>
  memref.copy %c, %s : memref<4xi32> to memref<4xi32>
  %base, %offset, %sizes, %sizes_1, %strides, %strides_1 = memref.extract_strided_metadata %m : memref<4x4xf32> -> memref<f32>, index, index, index, index, index
  memref.assume_alignment %m, 16 : memref<4x4xf32>
  %r = memref.rank %m : memref<4x4xf32>
  func.return %r : index
}"""


def test_function_round_trip() -> None:
    module = parse(FUNCTION)
    assert body(module) == FUNCTION
    ops = list(module.walk())
    assert any(isinstance(op, xmemref.CastOp) for op in ops)
    assert any(isinstance(op, xmemref.CopyOp) for op in ops)
    assert any(isinstance(op, xmemref.RankOp) for op in ops)


def test_upstream_multi_result_spelling_parses() -> None:
    text = """
func.func @f(%m: memref<4x4xf32>) -> index {
  %base, %offset, %sizes:2, %strides:2 = memref.extract_strided_metadata %m
      : memref<4x4xf32> -> memref<f32>, index, index, index, index, index
  return %strides#0 : index
}"""
    (op,) = [o for o in parse(text).walk() if isinstance(o, xmemref.ExtractStridedMetaDataOp)]
    assert len(op.sizes) == 2 and len(op.strides) == 2


def _alignment_ops(text: str) -> list[Operation]:
    return [op for op in parse(text).walk() if isinstance(op, AssumeAlignmentOp)]


def test_assume_alignment_with_and_without_result() -> None:
    text = """\
func.func @f(%m: memref<4xf32>) -> memref<4xf32> {
  memref.assume_alignment %m, 16 : memref<4xf32>
  %r = memref.assume_alignment %m, 8 : memref<4xf32>
  func.return %r : memref<4xf32>
}"""
    assert body(parse(text)) == text
    without, with_ = _alignment_ops(text)
    assert len(without.results) == 0 and len(with_.results) == 1
    with pytest.raises(VerifyException):
        parse("func.func @f(%m: memref<4xf32>) {\n memref.assume_alignment %m, 3 : memref<4xf32>\n"
              " return\n}")  # fmt: skip


# --- through upstream mlir-opt ---------------------------------------------------------------

MLIR_OPT = find_mlir_opt()

UPSTREAM = """
memref.global "private" constant @g : memref<2xi32> = dense<[1, 2]>
memref.global @h : memref<4xf32> = uninitialized {alignment = 64 : i64}
memref.global "private" @s : memref<2x2xf32> = dense<1.5>
memref.global "private" @ext : memref<3xi8>
func.func @f(%m: memref<4x4xf32>, %d: index, %b: memref<?xi32>) -> index {
  %a = memref.alloc(%d) : memref<?xi32>
  %s = memref.alloca() : memref<4xi32>
  %c = memref.cast %b : memref<?xi32> to memref<4xi32>
  memref.copy %c, %s : memref<4xi32> to memref<4xi32>
  %base, %offset, %sizes:2, %strides:2 = memref.extract_strided_metadata %m
      : memref<4x4xf32> -> memref<f32>, index, index, index, index, index
  memref.assume_alignment %m, 16 : memref<4x4xf32>
  %r = memref.rank %m : memref<4x4xf32>
  %g = memref.get_global @g : memref<2xi32>
  %v = memref.subview %m[0, 1][2, 2][1, 1]
      : memref<4x4xf32> to memref<2x2xf32, strided<[4, 1], offset: 1>>
  %rc = memref.reinterpret_cast %b to offset: [0], sizes: [2, 2], strides: [2, 1]
      : memref<?xi32> to memref<2x2xi32>
  %col = memref.collapse_shape %m [[0, 1]] : memref<4x4xf32> into memref<16xf32>
  %e = memref.expand_shape %col [[0, 1]] output_shape [2, 8] : memref<16xf32> into memref<2x8xf32>
  %x = memref.dim %m, %d : memref<4x4xf32>
  %l = memref.load %b[%d] : memref<?xi32>
  memref.store %l, %b[%d] : memref<?xi32>
  memref.dealloc %a : memref<?xi32>
  return %r : index
}
"""


def _mlir_opt(text: str, *flags: str) -> str:
    assert MLIR_OPT is not None
    done = subprocess.run(
        [MLIR_OPT, *flags], input=text, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _shape(module: ModuleOp) -> list[tuple[str, str, str, str]]:
    """Each op's name, properties, attributes and types (not its SSA names)."""
    return [
        (
            op.name,
            str(dict(sorted(op.properties.items()))),
            str(dict(sorted(op.attributes.items()))),
            str([*op.operand_types, "->", *op.result_types]),
        )
        for op in module.walk()
        if op is not module
    ]


@pytest.mark.mlir
@pytest.mark.skipif(MLIR_OPT is None, reason="no mlir-opt (apt-get install mlir-19-tools)")
def test_printed_memref_goes_through_mlir_opt_unchanged() -> None:
    ours = parse(UPSTREAM)
    printed = str(ours)
    theirs = parse(_mlir_opt(printed))
    assert _shape(theirs) == _shape(ours)
    # upstream's generic form parses to the same module too
    assert _shape(parse(_mlir_opt(printed, "--mlir-print-op-generic"))) == _shape(ours)
    # and what mlir-opt prints, printed by irproof, is what mlir-opt prints again
    again = _mlir_opt(str(theirs))
    assert again == _mlir_opt(again)
