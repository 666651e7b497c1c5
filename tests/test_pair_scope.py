"""What one pair's query is built from (`irproof.verifier.pair_scope`): the pair and the
functions it calls, not the rest of the module. A memref op elsewhere in the file gives the
pair no memory state; one in a callee does. The verdicts stay what each pair means."""

from __future__ import annotations

from collections.abc import Callable

from irproof.api import verify_file
from irproof.loading import parse_module
from irproof.semantics.widths import TypeWidths
from irproof.verifier.pair_scope import reachable_functions
from irproof.verifier.pairs import find_pairs
from irproof.verifier.refinement import build_refinement_query
from irproof.verifier.verify import CORRECT, INCORRECT, VerifyOptions

MODULE = """
func.func @stored(%v: i8) -> i8 {
  %m = memref.alloca() : memref<1xi8>
  %c0 = arith.constant 0 : index
  memref.store %v, %m[%c0] : memref<1xi8>
  %r = memref.load %m[%c0] : memref<1xi8>
  return %r : i8
}
func.func @plain_src(%x: i8) -> i8 {
  %c0 = arith.constant 0 : i8
  %r = arith.addi %x, %c0 : i8
  return %r : i8
}
func.func @plain_tgt(%x: i8) -> i8 {
  return %x : i8
}
func.func @calls_src(%x: i8) -> i8 {
  %r = func.call @stored(%x) : (i8) -> i8
  return %r : i8
}
func.func @calls_tgt(%x: i8) -> i8 {
  return %x : i8
}
func.func @calls_wrong_src(%x: i8) -> i8 {
  %r = func.call @stored(%x) : (i8) -> i8
  return %r : i8
}
func.func @calls_wrong_tgt(%x: i8) -> i8 {
  %c1 = arith.constant 1 : i8
  %r = arith.addi %x, %c1 : i8
  return %r : i8
}
"""


def test_memory_state_only_for_pairs_that_reach_memory(mlir_file: Callable[[str], str]) -> None:
    path = mlir_file(MODULE)
    module = parse_module(path)
    pairs = {p.name: p for p in find_pairs(module, "scope")}
    plain, calls = pairs["plain"], pairs["calls"]
    assert [f.sym_name.data for f in reachable_functions(module, plain.source)] == ["plain_src"]
    assert [f.sym_name.data for f in reachable_functions(module, calls.source)] == [
        "calls_src",
        "stored",
    ]
    widths = TypeWidths(64, {})
    query = build_refinement_query(module, plain.source, plain.target, widths, direct=True)
    assert query.memory is None
    query = build_refinement_query(module, calls.source, calls.target, widths, direct=True)
    assert query.memory is not None


def test_verdicts_through_a_callee_with_memory(mlir_file: Callable[[str], str]) -> None:
    results = {r.name: r for r in verify_file(mlir_file(MODULE), VerifyOptions())}
    assert results["plain"].verdict == CORRECT, results["plain"].reason
    assert results["calls"].verdict == CORRECT, results["calls"].reason
    assert results["calls_wrong"].verdict == INCORRECT, results["calls_wrong"].reason
