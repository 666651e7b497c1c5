"""The PDL / PDLL importer: mlir-pdll's output form, open types and attributes, the native
vocabulary (every constraint and rewrite with a correct case and a broken twin), the
reasons a pattern is unsupported, and the error when mlir-pdll is missing."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from irproof.api import verify_file
from irproof.loading import parse_module
from irproof.verifier.generic import WidthVariables
from irproof.verifier.importers import pdl as pdl_importer
from irproof.verifier.importers.pdl import find_mlir_pdll, import_pdl
from irproof.verifier.importers.pdl_natives import (
    CONSTRAINTS,
    REWRITES,
    pdll_declarations,
)
from irproof.verifier.importers.pdl_ops import FOLDABLE
from irproof.verifier.verify import VerifyOptions

CLI = Callable[..., tuple[int, str, str]]
needs_mlir_pdll = pytest.mark.skipif(find_mlir_pdll() is None, reason="no mlir-pdll")
FAST = VerifyOptions(widths=(1, 2, 3, 4, 8), first_failure=True)

ADD_ZERO = """
Constraint is_zero(a: Attr);
Pattern AddZero {
  let root = op<arith.addi>(x: Value, op<arith.constant> {value = c: Attr});
  is_zero(c);
  replace root with x;
}
Pattern AddAnything {
  let root = op<arith.addi>(x: Value, op<arith.constant> {value = c: Attr});
  replace root with x;
}
"""


UNSUPPORTED_PATTERN = """
Pattern Unsupported {
  let root = op<arith.addi>(x: Value, y: Value);
  rewrite root with {
    let v = op<test.unknown>(x);
    replace root with v;
  };
}
"""


def _verdicts(path: Path, options: VerifyOptions = FAST) -> dict[str, str]:
    return {r.name: r.verdict for r in verify_file(str(path), options)}


@pytest.fixture
def pdll(tmp_path: Path) -> Callable[[str], Path]:
    counter = iter(range(1000))

    def write(text: str) -> Path:
        path = tmp_path / f"case{next(counter)}.pdll"
        path.write_text(text)
        return path

    return write


# ---- the file forms -------------------------------------------------------------------


@needs_mlir_pdll
def test_imported_module_is_the_text_parsed(pdll: Callable[[str], Path]) -> None:
    """The loader takes the pairs as the importer parsed them (`ImportedFile.module`), in
    place of parsing its text again: the two must be the same module; a pattern without a
    pair is in neither."""
    path = pdll(ADD_ZERO + UNSUPPORTED_PATTERN)
    imported = import_pdl(str(path), path.read_text())
    assert imported.module is not None
    assert [name for name, _ in imported.unsupported] == ["Unsupported"]
    names = [op.sym_name.data for op in imported.module.ops]  # type: ignore[attr-defined]
    assert names == ["AddZero_src", "AddZero_tgt", "AddAnything_src", "AddAnything_tgt"]
    assert str(imported.module) == str(parse_module(str(path), imported.mlir))


@needs_mlir_pdll
def test_pdll_through_mlir_pdll(pdll: Callable[[str], Path]) -> None:
    assert _verdicts(pdll(ADD_ZERO)) == {"AddZero": "correct", "AddAnything": "incorrect"}


@needs_mlir_pdll
def test_mlir_pdll_output_with_locations_imports_as_pdl(
    pdll: Callable[[str], Path], tmp_path: Path
) -> None:
    source = pdll(ADD_ZERO)
    tool = find_mlir_pdll()
    assert tool is not None
    printed = subprocess.run(
        [tool, "-x=mlir", str(source)], capture_output=True, text=True, check=True
    ).stdout
    assert "loc(#loc" in printed and "#loc1 = loc(" in printed  # the form under test
    path = tmp_path / "printed.pdl"
    path.write_text(printed)
    assert _verdicts(path) == {"AddZero": "correct", "AddAnything": "incorrect"}


@needs_mlir_pdll
def test_mlir_pdll_output_in_an_mlir_file_is_read_as_pdl(
    pdll: Callable[[str], Path], tmp_path: Path
) -> None:
    """`mlir-pdll -x=mlir -o patterns.mlir` names its output `.mlir`: the text's
    `pdl.pattern`s pick the PDL importer. An MLIR file that only mentions `pdl.pattern` in a
    comment is read as MLIR pairs."""
    tool = find_mlir_pdll()
    assert tool is not None
    path = tmp_path / "patterns.mlir"
    subprocess.run([tool, "-x=mlir", str(pdll(ADD_ZERO)), "-o", str(path)], check=True)
    assert _verdicts(path) == {"AddZero": "correct", "AddAnything": "incorrect"}
    pairs = tmp_path / "pairs.mlir"
    pairs.write_text(
        "// like pdl.pattern @AddZero, as a pair\n"
        "func.func @add_zero_src(%x: i8) -> i8 {\n"
        "  %c = arith.constant 0 : i8\n  %r = arith.addi %x, %c : i8\n  return %r : i8\n}\n"
        "func.func @add_zero_tgt(%x: i8) -> i8 {\n  return %x : i8\n}\n"
    )
    assert _verdicts(pairs) == {"add_zero": "correct"}


def test_malformed_pdl_names_the_place_and_the_problem(tmp_path: Path, run_cli: CLI) -> None:
    path = tmp_path / "broken.pdl"
    path.write_text("pdl.pattern @Broken : benefit(1) {\n  %0 = type\n  %1 operand : %0\n}\n")
    code, _, err = run_cli("verify", str(path))
    assert code == 2 and err.count("\n") == 1
    assert f"not PDL that irproof reads: {path}:3:" in err and "Expected '='" in err


def test_hand_written_pdl_with_literal_flags(tmp_path: Path) -> None:
    """Custom PDL syntax with a literal `#arith.overflow` (mlir-pdll 19 cannot print one)."""
    text = """
    pdl.pattern @AddNswToAdd : benefit(1) {
      %t = pdl.type
      %x = pdl.operand : %t
      %y = pdl.operand : %t
      %nsw = pdl.attribute = #arith.overflow<nsw>
      %root = pdl.operation "arith.addi"(%x, %y : !pdl.value, !pdl.value) {"overflowFlags" = %nsw} -> (%t : !pdl.type)
      pdl.rewrite %root {
        %new = pdl.operation "arith.addi"(%y, %x : !pdl.value, !pdl.value) -> (%t : !pdl.type)
        pdl.replace %root with %new
      }
    }
    pdl.pattern @AddToAddNsw : benefit(1) {
      %t = pdl.type
      %x = pdl.operand : %t
      %y = pdl.operand : %t
      %root = pdl.operation "arith.addi"(%x, %y : !pdl.value, !pdl.value) -> (%t : !pdl.type)
      pdl.rewrite %root {
        %nsw = pdl.attribute = #arith.overflow<nsw>
        %new = pdl.operation "arith.addi"(%x, %y : !pdl.value, !pdl.value) {"overflowFlags" = %nsw} -> (%t : !pdl.type)
        pdl.replace %root with %new
      }
    }
    """
    path = tmp_path / "flags.pdl"
    path.write_text(text)
    assert _verdicts(path) == {"AddNswToAdd": "correct", "AddToAddNsw": "incorrect"}


@needs_mlir_pdll
def test_names_come_from_the_pdll_bindings(pdll: Callable[[str], Path]) -> None:
    imported = import_pdl(str(pdll(ADD_ZERO)), ADD_ZERO)
    assert "func.func @AddAnything_src(%x: i1000, %c: i1000 {irproof.not_poison})" in (
        imported.mlir
    )


# ---- types and attributes -------------------------------------------------------------


@needs_mlir_pdll
def test_open_types_are_width_variables_with_constraints(pdll: Callable[[str], Path]) -> None:
    text = """
    Pattern ExtThenTrunc {
      let root = op<arith.trunci>(op<arith.extui>(x: Value<tx: Type>) -> (te: Type)) -> (tx);
      replace root with x;
    }
    """
    path = pdll(text)
    imported = import_pdl(str(path), text)
    assert 'irproof.generic = [i1000, i1001], irproof.width_constraints = ["i1000 < i1001"]' in (
        imported.mlir
    )
    results = verify_file(str(path), FAST)
    assert results[0].verdict == "correct"
    assert results[0].widths == [1, 2, 3, 4, 8]


@needs_mlir_pdll
def test_forced_types_are_inferred(pdll: Callable[[str], Path]) -> None:
    """A select's condition and a cmpi's result are i1, so extui from them needs a wider
    result (`i1 < i1000`): the pattern is never checked at width 1."""
    text = """
    Pattern SelectOfCmp {
      let cmp = op<arith.cmpi>(a: Value, b: Value) {predicate = attr<"0 : i64">};
      let root = op<arith.select>(cmp, op<arith.extui>(cmp) -> (t: Type), c: Value<t>);
      replace root with root;
    }
    """
    path = pdll(text)
    imported = import_pdl(str(path), text)
    assert '"i1 < i1001"' in imported.mlir and "(%a: i1000, %b: i1000, %c: i1001)" in imported.mlir
    (result,) = verify_file(str(path), VerifyOptions(widths=(1, 2)))
    assert result.verdict == "correct"  # checked at i1000 = 1 or 2, i1001 = 2 only


def test_a_width_constraint_may_name_a_fixed_type() -> None:
    """`"i1 < i1000"` (what an extui from i1 needs): the fixed side is a literal width."""
    variables = WidthVariables((1000,), ((1, "<", 1000),))
    assert variables.assignments([1, 2, 3]) == [{1000: 2}, {1000: 3}]


@needs_mlir_pdll
def test_fixed_types_and_index(pdll: Callable[[str], Path]) -> None:
    text = """
    Pattern CastRoundTrip {
      let inner = op<arith.index_cast>(x: Value<type<"i32">>) -> (type<"index">);
      let root = op<arith.index_cast>(inner) -> (type<"i32">);
      replace root with x;
    }
    Pattern WideCastRoundTrip {
      let inner = op<arith.index_cast>(x: Value<type<"i64">>) -> (type<"index">);
      let root = op<arith.index_cast>(inner) -> (type<"i64">);
      replace root with x;
    }
    """
    results = {r.name: r for r in verify_file(str(pdll(text)), FAST)}
    assert results["CastRoundTrip"].verdict == "correct"
    assert results["WideCastRoundTrip"].verdict == "incorrect"  # index width 32 truncates
    assert "index width 32" in results["WideCastRoundTrip"].reason


@needs_mlir_pdll
def test_open_flags_and_predicates_are_symbolic(pdll: Callable[[str], Path]) -> None:
    text = """
    Pattern KeepFlags {
      let root = op<arith.addi>(x: Value, y: Value) {overflowFlags = f: Attr};
      replace root with op<arith.addi>(y, x) {overflowFlags = f};
    }
    Pattern CmpCommutes {
      let root = op<arith.cmpi>(a: Value, b: Value) {predicate = p: Attr};
      replace root with op<arith.cmpi>(b, a) {predicate = p};
    }
    """
    path = pdll(text)
    imported = import_pdl(str(path), text)
    assert "%f_nsw: i1 {irproof.not_poison}, %f_nuw: i1 {irproof.not_poison}" in imported.mlir
    assert "%p_predicate: i64 {irproof.not_poison}" in imported.mlir
    assert _verdicts(path) == {"KeepFlags": "correct", "CmpCommutes": "incorrect"}


@needs_mlir_pdll
def test_flags_only_the_source_reads_are_left_off(pdll: Callable[[str], Path]) -> None:
    text = """
    Pattern DropFlags {
      let root = op<arith.addi>(x: Value, y: Value) {overflowFlags = f: Attr};
      replace root with op<arith.addi>(y, x);
    }
    """
    imported = import_pdl(str(pdll(text)), text)
    assert "_nsw" not in imported.mlir and "overflow<none>" in imported.mlir


# ---- the native vocabulary ------------------------------------------------------------

CASES: dict[str, tuple[str, str]] = {
    # name: (correct pattern body, broken twin body); each body is the inside of a Pattern.
    "is_zero": (
        "let root = op<arith.addi>(x: Value, op<arith.constant> {value = c: Attr});"
        " is_zero(c); replace root with x;",
        "let root = op<arith.addi>(x: Value, op<arith.constant> {value = c: Attr});"
        " not is_zero(c); replace root with x;",
    ),
    "is_one": (
        "let root = op<arith.muli>(x: Value, op<arith.constant> {value = c: Attr});"
        " is_one(c); replace root with x;",
        "let root = op<arith.muli>(x: Value, op<arith.constant> {value = c: Attr});"
        " not is_one(c); replace root with x;",
    ),
    "is_minus_one": (
        "let root = op<arith.andi>(x: Value, op<arith.constant> {value = c: Attr});"
        " is_minus_one(c); replace root with x;",
        "let root = op<arith.andi>(x: Value, op<arith.constant> {value = c: Attr});"
        " not is_minus_one(c); replace root with x;",
    ),
    "is_all_ones": (
        "let root = op<arith.ori>(x: Value, op<arith.constant> {value = c: Attr});"
        " is_all_ones(c); replace root with op<arith.constant> {value = c};",
        "let root = op<arith.ori>(x: Value, op<arith.constant> {value = c: Attr});"
        " not is_all_ones(c); replace root with op<arith.constant> {value = c};",
    ),
}


def _constant_is(name: str, constraint: str, rewrite: str, twin_rewrite: str) -> None:
    """A constant c with `constraint(c)` is the constant `rewrite(type)`."""
    body = (
        "let root = op<arith.constant> {{value = c: Attr}} -> (t: Type); {c}(c);"
        " rewrite root with {{ replace root with op<arith.constant> {{value = {r}(t)}} -> (t); }};"
    )
    CASES[name] = (
        body.format(c=constraint, r=rewrite),
        body.format(c=constraint, r=twin_rewrite),
    )


_constant_is("is_sign_bit", "is_sign_bit", "int_min", "int_max")
_constant_is("is_int_min", "is_int_min", "int_min", "zero")
_constant_is("is_int_max", "is_int_max", "int_max", "int_min")
_constant_is("int_min", "is_sign_bit", "int_min", "all_ones")
_constant_is("int_max", "is_int_max", "int_max", "all_ones")
_constant_is("zero", "is_zero", "zero", "one")
_constant_is("one", "is_one", "one", "zero")
_constant_is("all_ones", "is_minus_one", "all_ones", "one")

CASES |= {
    "is_not_zero": (
        "let root = op<arith.cmpi>(op<arith.constant> {value = c: Attr},"
        ' op<arith.constant> {value = z: Attr}) {predicate = attr<"1 : i64">}; is_zero(z);'
        ' is_not_zero(c); replace root with op<arith.constant> {value = attr<"true">};',
        "let root = op<arith.cmpi>(op<arith.constant> {value = c: Attr},"
        ' op<arith.constant> {value = z: Attr}) {predicate = attr<"1 : i64">}; is_zero(z);'
        ' not is_not_zero(c); replace root with op<arith.constant> {value = attr<"true">};',
    ),
    "is_power_of_2": (
        "let c = op<arith.constant> {value = a: Attr} -> (t: Type);"
        " let m = op<arith.subi>(c, op<arith.constant> {value = o: Attr}); is_one(o);"
        " let root = op<arith.andi>(c, m); is_power_of_2(a);"
        " rewrite root with { replace root with op<arith.constant> {value = zero(t)} -> (t); };",
        "let c = op<arith.constant> {value = a: Attr} -> (t: Type);"
        " let m = op<arith.subi>(c, op<arith.constant> {value = o: Attr}); is_one(o);"
        " let root = op<arith.andi>(c, m); not is_power_of_2(a);"
        " rewrite root with { replace root with op<arith.constant> {value = zero(t)} -> (t); };",
    ),
    "is_below_width": (
        "let root = op<arith.andi>(op<arith.constant> {value = c: Attr},"
        " op<arith.constant> {value = z: Attr}); is_zero(z); is_below_width(c);"
        " rewrite root with { let k = op<arith.constant> {value = c};"
        " let s = op<arith.shli>(k, k); replace root with op<arith.subi>(s, s); };",
        "let root = op<arith.andi>(op<arith.constant> {value = c: Attr},"
        " op<arith.constant> {value = z: Attr}); is_zero(z); not is_below_width(c);"
        " rewrite root with { let k = op<arith.constant> {value = c};"
        " let s = op<arith.shli>(k, k); replace root with op<arith.subi>(s, s); };",
    ),
    "is_non_negative": (
        "let root = op<arith.maxsi>(op<arith.constant> {value = c: Attr},"
        " op<arith.constant> {value = z: Attr}); is_zero(z); is_non_negative(c);"
        " replace root with op<arith.constant> {value = c};",
        "let root = op<arith.maxsi>(op<arith.constant> {value = c: Attr},"
        " op<arith.constant> {value = z: Attr}); is_zero(z); not is_non_negative(c);"
        " replace root with op<arith.constant> {value = c};",
    ),
    "is_strictly_positive": (
        "let root = op<arith.maxsi>(op<arith.constant> {value = c: Attr},"
        " op<arith.constant> {value = o: Attr}); is_one(o); is_strictly_positive(c);"
        " replace root with op<arith.constant> {value = c};",
        "let root = op<arith.maxsi>(op<arith.constant> {value = c: Attr},"
        " op<arith.constant> {value = o: Attr}); is_one(o); not is_strictly_positive(c);"
        " replace root with op<arith.constant> {value = c};",
    ),
    "is_equal": (
        "let root = op<arith.subi>(op<arith.constant> {value = a: Attr},"
        " op<arith.constant> {value = b: Attr}) -> (t: Type); is_equal(a, b);"
        " rewrite root with { replace root with op<arith.constant> {value = zero(t)} -> (t); };",
        "let root = op<arith.subi>(op<arith.constant> {value = a: Attr},"
        " op<arith.constant> {value = b: Attr}) -> (t: Type); not is_equal(a, b);"
        " rewrite root with { replace root with op<arith.constant> {value = zero(t)} -> (t); };",
    ),
    "shift_is_width_difference": (
        "let c = op<arith.constant> {value = k: Attr};"
        " let n = op<arith.trunci>(op<arith.shrui>(x: Value<tx: Type>, c)) -> (tn: Type);"
        " let root = op<arith.extui>(n) -> (tx); shift_is_width_difference(k, tx, tn);"
        " replace root with op<arith.shrui>(x, c);",
        "let c = op<arith.constant> {value = k: Attr};"
        " let n = op<arith.trunci>(op<arith.shrui>(x: Value<tx: Type>, c)) -> (tn: Type);"
        " let root = op<arith.extui>(n) -> (tx); not shift_is_width_difference(k, tx, tn);"
        " replace root with op<arith.shrui>(x, c);",
    ),
    "is_eq_or_ne": (
        "let root = op<arith.cmpi>(a: Value, b: Value) {predicate = p: Attr};"
        " is_eq_or_ne(p); replace root with op<arith.cmpi>(b, a) {predicate = p};",
        "let root = op<arith.cmpi>(a: Value, b: Value) {predicate = p: Attr};"
        " not is_eq_or_ne(p); replace root with op<arith.cmpi>(b, a) {predicate = p};",
    ),
    "has_nsw": (
        "let s = op<arith.addi>(x: Value, op<arith.constant> {value = o: Attr})"
        " {overflowFlags = f: Attr}; is_strictly_positive(o); has_nsw(f);"
        ' let root = op<arith.cmpi>(s, x) {predicate = attr<"4 : i64">};'
        ' replace root with op<arith.constant> {value = attr<"true">};',
        "let s = op<arith.addi>(x: Value, op<arith.constant> {value = o: Attr})"
        " {overflowFlags = f: Attr}; is_strictly_positive(o); not has_nsw(f);"
        ' let root = op<arith.cmpi>(s, x) {predicate = attr<"4 : i64">};'
        ' replace root with op<arith.constant> {value = attr<"true">};',
    ),
    "has_nuw": (
        "let s = op<arith.addi>(x: Value, op<arith.constant> {value = o: Attr})"
        " {overflowFlags = f: Attr}; is_one(o); has_nuw(f);"
        ' let root = op<arith.cmpi>(s, x) {predicate = attr<"8 : i64">};'
        ' replace root with op<arith.constant> {value = attr<"true">};',
        "let s = op<arith.addi>(x: Value, op<arith.constant> {value = o: Attr})"
        " {overflowFlags = f: Attr}; is_one(o); not has_nuw(f);"
        ' let root = op<arith.cmpi>(s, x) {predicate = attr<"8 : i64">};'
        ' replace root with op<arith.constant> {value = attr<"true">};',
    ),
    "has_no_overflow_flags": (
        "let root = op<arith.addi>(op<arith.addi>(x: Value, y: Value) {overflowFlags = f: Attr},"
        " z: Value) {overflowFlags = g: Attr}; has_no_overflow_flags(f);"
        " replace root with op<arith.addi>(x, op<arith.addi>(y, z))"
        " {overflowFlags = merge_overflow(f, g)};",
        "let root = op<arith.addi>(op<arith.addi>(x: Value, y: Value) {overflowFlags = f: Attr},"
        " z: Value) {overflowFlags = g: Attr}; not has_no_overflow_flags(f);"
        " replace root with op<arith.addi>(x, op<arith.addi>(y, z))"
        " {overflowFlags = merge_overflow(f, g)};",
    ),
    "width_gt": (
        "let e = op<arith.extsi>(x: Value<tx: Type>) -> (te: Type);"
        " let n = op<arith.trunci>(e) -> (tn: Type); width_gt(tn, tx);"
        ' let root = op<arith.cmpi>(op<arith.extsi>(n) -> (te), e) {predicate = attr<"0 : i64">};'
        ' replace root with op<arith.constant> {value = attr<"true">};',
        "let e = op<arith.extsi>(x: Value<tx: Type>) -> (te: Type);"
        " let n = op<arith.trunci>(e) -> (tn: Type); width_gt(tx, tn);"
        ' let root = op<arith.cmpi>(op<arith.extsi>(n) -> (te), e) {predicate = attr<"0 : i64">};'
        ' replace root with op<arith.constant> {value = attr<"true">};',
    ),
    "unused": (
        "let root = op<arith.mului_extended>(x: Value, y: Value); unused(root.1);"
        " replace root with (op<arith.muli>(x, y), x);",
        "let root = op<arith.mului_extended>(x: Value, y: Value); unused(root.0);"
        " replace root with (op<arith.muli>(x, y), x);",
    ),
    "merge_overflow": (
        "let root = op<arith.muli>(x: Value, y: Value) {overflowFlags = f: Attr};"
        " replace root with op<arith.muli>(y, x) {overflowFlags = merge_overflow(f, f)};",
        "let root = op<arith.addi>(op<arith.addi>(x: Value, y: Value) {overflowFlags = f: Attr},"
        " z: Value) {overflowFlags = g: Attr};"
        " replace root with op<arith.addi>(x, op<arith.addi>(y, z))"
        " {overflowFlags = merge_overflow(f, g)};",
    ),
    "overflow_none": (
        "let root = op<arith.addi>(x: Value, y: Value) {overflowFlags = f: Attr};"
        " replace root with op<arith.addi>(y, x) {overflowFlags = overflow_none()};",
        "let root = op<arith.addi>(x: Value, y: Value) {overflowFlags = f: Attr};"
        " replace root with op<arith.subi>(y, x) {overflowFlags = overflow_none()};",
    ),
    "invert_predicate": (
        "let cmp = op<arith.cmpi>(a: Value, b: Value) {predicate = p: Attr};"
        ' let root = op<arith.xori>(cmp, op<arith.constant> {value = attr<"true">});'
        " replace root with op<arith.cmpi>(a, b) {predicate = invert_predicate(p)};",
        "let root = op<arith.cmpi>(a: Value, b: Value) {predicate = p: Attr};"
        " replace root with op<arith.cmpi>(b, a) {predicate = invert_predicate(p)};",
    ),
    "swap_predicate": (
        "let root = op<arith.cmpi>(a: Value, b: Value) {predicate = p: Attr};"
        " replace root with op<arith.cmpi>(b, a) {predicate = swap_predicate(p)};",
        "let cmp = op<arith.cmpi>(a: Value, b: Value) {predicate = p: Attr};"
        ' let root = op<arith.xori>(cmp, op<arith.constant> {value = attr<"true">});'
        " replace root with op<arith.cmpi>(a, b) {predicate = swap_predicate(p)};",
    ),
    "width": (
        "let root = op<arith.constant> {value = c: Attr} -> (t: Type); is_zero(c);"
        " rewrite root with { let w = op<arith.constant> {value = width(t)};"
        " replace root with op<arith.subi>(w, w); };",
        "let root = op<arith.constant> {value = c: Attr} -> (t: Type); is_zero(c);"
        " rewrite root with { let w = op<arith.constant> {value = width(t)};"
        " let v = op<arith.constant> {value = width_minus_one(t)};"
        " replace root with op<arith.subi>(w, v); };",
    ),
    "width_minus_one": (
        "let root = op<arith.constant> {value = c: Attr} -> (t: Type); is_int_min(c);"
        " rewrite root with { let s = op<arith.constant> {value = width_minus_one(t)};"
        " let o = op<arith.constant> {value = one(t)};"
        " replace root with op<arith.shli>(o, s); };",
        "let root = op<arith.constant> {value = c: Attr} -> (t: Type); is_int_min(c);"
        " rewrite root with { let s = op<arith.constant> {value = width(t)};"
        " let o = op<arith.constant> {value = one(t)};"
        " replace root with op<arith.shli>(o, s); };",
    ),
    "fold_cmpi": (
        "let root = op<arith.cmpi>(op<arith.constant> {value = a: Attr},"
        " op<arith.constant> {value = b: Attr}) {predicate = p: Attr};"
        " replace root with op<arith.constant> {value = fold_cmpi(p, a, b)};",
        "let root = op<arith.cmpi>(op<arith.constant> {value = a: Attr},"
        " op<arith.constant> {value = b: Attr}) {predicate = p: Attr};"
        " replace root with op<arith.constant> {value = fold_cmpi(p, b, a)};",
    ),
}

_CAST_TWIN = {"extsi": "fold_extui(a, t)", "extui": "fold_extsi(a, t)"}
_CAST_TWIN["trunci"] = "fold_trunci(fold_addi(a, a), t)"
for _op, _twin in _CAST_TWIN.items():
    _body = (
        "let root = op<arith.{op}>(op<arith.constant> {{value = a: Attr}}) -> (t: Type);"
        " replace root with op<arith.constant> {{value = {fold}}};"
    )
    CASES[f"fold_{_op}"] = (
        _body.format(op=_op, fold=f"fold_{_op}(a, t)"),
        _body.format(op=_op, fold=_twin),
    )

_FOLD_TWIN = {op: FOLDABLE[(i + 1) % len(FOLDABLE)] for i, op in enumerate(FOLDABLE)}
for _op in FOLDABLE:
    _body = (
        "let root = op<arith.{op}>(op<arith.constant> {{value = a: Attr}},"
        " op<arith.constant> {{value = b: Attr}});"
        " replace root with op<arith.constant> {{value = fold_{fold}(a, b)}};"
    )
    CASES[f"fold_{_op}"] = (
        _body.format(op=_op, fold=_op),
        _body.format(op=_op, fold=_FOLD_TWIN[_op]),
    )


def _pattern_name(native: str, twin: bool) -> str:
    return "".join(p.title() for p in native.split("_")) + ("Twin" if twin else "")


@cache
def _vocabulary_verdicts(directory: str) -> dict[str, str]:
    patterns = [
        f"Pattern {_pattern_name(name, twin)} {{ {body} }}"
        for name, bodies in CASES.items()
        for twin, body in zip((False, True), bodies, strict=True)
    ]
    path = Path(directory) / "vocabulary.pdll"
    path.write_text(pdll_declarations() + "\n".join(patterns) + "\n")
    return _verdicts(path)


def test_every_native_has_a_case() -> None:
    assert set(CASES) == set(CONSTRAINTS) | set(REWRITES)


@needs_mlir_pdll
@pytest.mark.parametrize("native", sorted(CASES))
def test_native_correct_case_and_broken_twin(
    native: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    verdicts = _vocabulary_verdicts(str(tmp_path_factory.getbasetemp()))
    assert verdicts[_pattern_name(native, False)] == "correct"
    assert verdicts[_pattern_name(native, True)] == "incorrect"


# ---- unsupported patterns -------------------------------------------------------------

UNSUPPORTED = {
    "FloatOp": (
        "let root = op<arith.addf>(x: Value, y: Value); replace root with x;",
        "op arith.addf is not supported",
    ),
    "UnknownNative": (
        "let root = op<arith.addi>(x: Value, y: Value); mystery(x); replace root with x;",
        "native constraint 'mystery' is not in irproof's vocabulary",
    ),
    "Erase": ("let root = op<arith.addi>(x: Value, y: Value); erase root;", "pdl.erase"),
    "TypeConflict": (
        'let root = op<arith.addi>(x: Value<type<"i8">>, y: Value<type<"i16">>);'
        " replace root with x;",
        "types: a value would have both type",
    ),
    "CastWithoutIndex": (
        "let root = op<arith.index_cast>(x: Value); replace root with root;",
        "needs exactly one side of type index",
    ),
    "NarrowerThanItself": (
        "let root = op<arith.extui>(x: Value<t: Type>) -> (t); replace root with x;",
        "narrower than itself",
    ),
}


@needs_mlir_pdll
def test_unsupported_patterns_have_reasons(pdll: Callable[[str], Path], run_cli: CLI) -> None:
    text = "Constraint mystery(v: Value);\n" + "\n".join(
        f"Pattern {name} {{ {body} }}" for name, (body, _) in UNSUPPORTED.items()
    )
    text += (
        "\nPattern Fine { let root = op<arith.addi>(x: Value, y: Value); replace root with root; }"
    )
    path = pdll(text)
    reasons = dict(import_pdl(str(path), text).unsupported)
    assert set(reasons) == set(UNSUPPORTED)
    for name, (_, reason) in UNSUPPORTED.items():
        assert reason in reasons[name], reasons[name]
    code, out, _ = run_cli("verify", str(path), "--widths", "1-4", "--json")
    results = {r["name"]: r for r in json.loads(out)["results"]}
    assert code == 3  # unknown, none incorrect
    assert results["Fine"]["verdict"] == "correct"
    assert results["FloatOp"]["verdict"] == "unknown"
    assert results["FloatOp"]["reason"].startswith("unsupported: op arith.addf")


@needs_mlir_pdll
def test_a_file_of_unsupported_patterns_is_unknown(
    pdll: Callable[[str], Path], run_cli: CLI
) -> None:
    path = pdll("Pattern F { let root = op<arith.addf>(x: Value, y: Value); replace root with x; }")
    code, out, _ = run_cli("verify", str(path))
    assert code == 3 and "F (" in out and "unsupported: op arith.addf" in out


@needs_mlir_pdll
def test_a_pdll_syntax_error_is_an_input_error(pdll: Callable[[str], Path], run_cli: CLI) -> None:
    code, _, err = run_cli("verify", str(pdll("Pattern Broken { let = ; }")))
    assert code == 2 and err.startswith("irproof: error:") and "mlir-pdll:" in err


def test_a_file_without_patterns_is_an_input_error(tmp_path: Path, run_cli: CLI) -> None:
    path = tmp_path / "empty.pdl"
    path.write_text("module {}\n")
    code, _, err = run_cli("verify", str(path))
    assert code == 2 and "no pdl.pattern" in err


# ---- mlir-pdll missing ----------------------------------------------------------------


def test_missing_mlir_pdll_says_how_to_install_it(
    pdll: Callable[[str], Path], run_cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "")
    monkeypatch.setattr(pdl_importer, "MLIR_PDLL_DIRS", [])
    code, out, err = run_cli("verify", str(pdll(ADD_ZERO)))
    assert code == 2 and out == ""
    assert "mlir-pdll not found" in err and "apt-get install mlir-19-tools" in err
