"""Tests of the concrete interpreter against hand-computed MLIR / LLVM semantics.

Every expected value below was worked out by hand (two's complement at the stated
width, results written unsigned); none is computed with the interpreter's own helpers.
Each poison flag and each UB condition is paired with a twin that must NOT trigger it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

import pytest
from xdsl.dialects.builtin import ModuleOp
from xdsl.dialects.func import FuncOp
from xdsl.parser import Parser

from irproof.dialects.mlir.context import input_context
from irproof.semantics.concrete.interpreter import (
    CONCRETE_RULES,
    ConcreteRun,
    RecursionLimitExceeded,
    UnsupportedOp,
    run_function,
)
from irproof.semantics.concrete.values import (
    POISON,
    ConcreteValue,
    Poison,
    UndefinedBehavior,
    mask,
    to_signed,
    to_unsigned,
)

UB = "UB"
"""Expected outcome: the run hits undefined behaviour."""

Outcome: TypeAlias = ConcreteValue | str

I64_MAX = 2**64 - 1
I64_MIN = 2**63  # as unsigned
I128_MAX = 2**128 - 1


# --- Helpers -----------------------------------------------------------------------------


def parse(text: str) -> ModuleOp:
    module = Parser(input_context(), text).parse_module()
    module.verify()
    return module


def run_op(
    op_text: str,
    params: Sequence[str],
    results: Sequence[str],
    args: Sequence[ConcreteValue],
    index_width: int = 64,
) -> ConcreteRun:
    """Run `func.func @f` whose body is `%r0, ... = <op_text>` (operands `%a0`, `%a1`, ...)."""
    signature = ", ".join(f"%a{i}: {t}" for i, t in enumerate(params))
    names = ", ".join(f"%r{i}" for i in range(len(results)))
    types = ", ".join(results)
    text = (
        f"func.func @f({signature}) -> ({types}) {{\n"
        f"  {names} = {op_text}\n"
        f"  func.return {names} : {types}\n"
        "}"
    )
    return run_function(parse(text), "f", args, index_width)


def outcome(run: ConcreteRun) -> Outcome | tuple[ConcreteValue, ...]:
    """The single result, all results as a tuple, or `UB`."""
    if run.ub is not None:
        assert run.results == []
        return UB
    for value in run.results:
        assert value is POISON or type(value) is int
    return run.results[0] if len(run.results) == 1 else tuple(run.results)


def binary(op: str, flags: str, ty: str, a: ConcreteValue, b: ConcreteValue) -> Outcome:
    return outcome(run_op(f"{op} %a0, %a1 {flags} : {ty}", [ty, ty], [ty], [a, b]))


def index_binary(op: str, a: ConcreteValue, b: ConcreteValue, index_width: int) -> Outcome:
    run = run_op(f"{op} %a0, %a1", ["index", "index"], ["index"], [a, b], index_width)
    return outcome(run)


def cast(op: str, flags: str, src: str, dst: str, a: ConcreteValue, index_width: int) -> Outcome:
    run = run_op(f"{op} %a0 {flags} : {src} to {dst}", [src], [dst], [a], index_width)
    return outcome(run)


# --- Values ------------------------------------------------------------------------------


def test_value_helpers() -> None:
    assert mask(1) == 1 and mask(8) == 0xFF and mask(128) == I128_MAX
    assert to_unsigned(-1, 8) == 0xFF and to_unsigned(0x1FF, 8) == 0xFF
    assert to_signed(0xFF, 8) == -1 and to_signed(0x7F, 8) == 127 and to_signed(0x80, 8) == -128
    assert to_signed(1, 1) == -1 and to_signed(0, 1) == 0
    assert Poison() is POISON and repr(POISON) == "poison"
    assert UndefinedBehavior("arith.divui: division by zero").reason.startswith("arith.divui")


# --- arith: binary ops ---------------------------------------------------------------------

ARITH_BINARY: list[tuple[str, str, str, ConcreteValue, ConcreteValue, Outcome]] = [
    # addi: wrapping; nsw/nuw and their twins
    ("arith.addi", "", "i8", 100, 27, 127),
    ("arith.addi", "", "i8", 200, 100, 44),
    ("arith.addi", "overflow<nsw>", "i8", 100, 28, POISON),
    ("arith.addi", "overflow<nsw>", "i8", 100, 27, 127),
    ("arith.addi", "overflow<nsw>", "i8", 0x80, 0xFF, POISON),  # -128 + -1
    ("arith.addi", "overflow<nsw>", "i8", 0xFF, 1, 0),  # -1 + 1: unsigned wrap only
    ("arith.addi", "overflow<nuw>", "i8", 200, 56, POISON),
    ("arith.addi", "overflow<nuw>", "i8", 200, 55, 255),
    ("arith.addi", "overflow<nuw>", "i8", 100, 28, 128),  # signed wrap only
    ("arith.addi", "overflow<nsw, nuw>", "i8", 100, 27, 127),
    ("arith.addi", "", "i1", 1, 1, 0),
    ("arith.addi", "overflow<nsw>", "i1", 1, 0, 1),
    ("arith.addi", "overflow<nsw>", "i1", 1, 1, POISON),  # -1 + -1 = -2
    ("arith.addi", "overflow<nuw>", "i1", 1, 1, POISON),
    ("arith.addi", "", "i64", I64_MAX, 1, 0),
    ("arith.addi", "overflow<nsw>", "i64", 2**63 - 1, 1, POISON),
    ("arith.addi", "overflow<nsw>", "i64", 2**63 - 2, 1, 2**63 - 1),
    ("arith.addi", "", "i128", 2**127 - 1, 1, 2**127),
    ("arith.addi", "overflow<nuw>", "i128", I128_MAX, 1, POISON),
    # subi
    ("arith.subi", "", "i8", 5, 7, 254),
    ("arith.subi", "overflow<nuw>", "i8", 5, 7, POISON),
    ("arith.subi", "overflow<nuw>", "i8", 7, 5, 2),
    ("arith.subi", "overflow<nsw>", "i8", 0x80, 1, POISON),  # -128 - 1
    ("arith.subi", "overflow<nsw>", "i8", 0x80, 0xFF, 0x81),  # -128 - -1 = -127
    ("arith.subi", "overflow<nuw>", "i8", 0x80, 0xFF, POISON),
    ("arith.subi", "overflow<nsw>", "i8", 5, 7, 254),
    ("arith.subi", "", "i1", 0, 1, 1),
    ("arith.subi", "overflow<nsw>", "i1", 0, 1, POISON),  # 0 - -1 = 1
    ("arith.subi", "overflow<nsw>", "i1", 1, 1, 0),
    ("arith.subi", "", "i64", 0, 1, I64_MAX),
    ("arith.subi", "", "i128", 0, 1, I128_MAX),
    # muli
    ("arith.muli", "", "i8", 16, 16, 0),
    ("arith.muli", "", "i8", 15, 17, 255),
    ("arith.muli", "overflow<nuw>", "i8", 16, 16, POISON),
    ("arith.muli", "overflow<nuw>", "i8", 15, 17, 255),
    ("arith.muli", "overflow<nsw>", "i8", 15, 17, POISON),  # 255 > 127
    ("arith.muli", "overflow<nsw>", "i8", 0xFF, 0xFF, 1),  # -1 * -1
    ("arith.muli", "overflow<nuw>", "i8", 0xFF, 0xFF, POISON),
    ("arith.muli", "overflow<nsw>", "i8", 0xF0, 8, 0x80),  # -16 * 8 = -128
    ("arith.muli", "overflow<nsw>", "i8", 0xF0, 9, POISON),  # -144
    ("arith.muli", "", "i1", 1, 1, 1),
    ("arith.muli", "overflow<nsw>", "i1", 1, 1, POISON),  # -1 * -1 = 1
    ("arith.muli", "overflow<nuw>", "i1", 1, 1, 1),
    ("arith.muli", "", "i64", 2**32, 2**32, 0),
    ("arith.muli", "", "i128", 2**64, 2**64, 0),
    ("arith.muli", "overflow<nuw>", "i128", 2**64, 2**64, POISON),
    ("arith.muli", "overflow<nsw>", "i128", 2**64, 2**63, POISON),
    ("arith.muli", "", "i128", 2**64, 2**63, 2**127),
    ("arith.muli", "overflow<nuw>", "i128", 2**64, 2**63, 2**127),
    # divui
    ("arith.divui", "", "i8", 200, 7, 28),
    ("arith.divui", "exact", "i8", 200, 7, POISON),
    ("arith.divui", "exact", "i8", 196, 7, 28),
    ("arith.divui", "", "i8", 200, 0, UB),
    ("arith.divui", "", "i8", 0xFF, 0xFF, 1),  # no signed overflow for unsigned ops
    ("arith.divui", "", "i1", 1, 1, 1),
    ("arith.divui", "", "i64", I64_MAX, 2, 2**63 - 1),
    ("arith.divui", "", "i128", I128_MAX, 2**64, 2**64 - 1),
    # divsi: toward zero
    ("arith.divsi", "", "i8", 0xF9, 2, 0xFD),  # -7 / 2 = -3
    ("arith.divsi", "", "i8", 7, 0xFE, 0xFD),  # 7 / -2 = -3
    ("arith.divsi", "", "i8", 0xF9, 0xFE, 3),  # -7 / -2 = 3
    ("arith.divsi", "", "i8", 0x80, 0xFF, UB),  # INT_MIN / -1
    ("arith.divsi", "", "i8", 0x81, 0xFF, 0x7F),  # -127 / -1 = 127
    ("arith.divsi", "", "i8", 0x80, 1, 0x80),
    ("arith.divsi", "", "i8", 5, 0, UB),
    ("arith.divsi", "exact", "i8", 0xF9, 2, POISON),
    ("arith.divsi", "exact", "i8", 0xF8, 2, 0xFC),  # -8 / 2 = -4
    ("arith.divsi", "", "i1", 1, 1, UB),  # -1 / -1 overflows i1
    ("arith.divsi", "", "i1", 0, 1, 0),
    ("arith.divsi", "", "i64", I64_MIN, I64_MAX, UB),
    ("arith.divsi", "", "i64", I64_MIN, 2, 2**64 - 2**62),
    ("arith.divsi", "", "i128", 2**127, I128_MAX, UB),
    # ceildivui: toward +inf
    ("arith.ceildivui", "", "i8", 7, 2, 4),
    ("arith.ceildivui", "", "i8", 8, 2, 4),
    ("arith.ceildivui", "", "i8", 0, 5, 0),
    ("arith.ceildivui", "", "i8", 0xFF, 0xFE, 2),
    ("arith.ceildivui", "", "i8", 7, 0, UB),
    ("arith.ceildivui", "", "i64", I64_MAX, 2, 2**63),
    # ceildivsi: toward +inf
    ("arith.ceildivsi", "", "i8", 7, 2, 4),
    ("arith.ceildivsi", "", "i8", 0xF9, 2, 0xFD),  # -7 / 2 -> -3
    ("arith.ceildivsi", "", "i8", 7, 0xFE, 0xFD),  # 7 / -2 -> -3
    ("arith.ceildivsi", "", "i8", 0xF9, 0xFE, 4),  # -7 / -2 -> 4
    ("arith.ceildivsi", "", "i8", 0xF8, 2, 0xFC),  # -8 / 2 = -4
    ("arith.ceildivsi", "", "i8", 0x80, 0xFF, UB),
    ("arith.ceildivsi", "", "i8", 0x81, 0xFF, 0x7F),
    ("arith.ceildivsi", "", "i8", 7, 0, UB),
    # floordivsi: toward -inf
    ("arith.floordivsi", "", "i8", 7, 2, 3),
    ("arith.floordivsi", "", "i8", 0xF9, 2, 0xFC),  # -7 / 2 -> -4
    ("arith.floordivsi", "", "i8", 7, 0xFE, 0xFC),  # 7 / -2 -> -4
    ("arith.floordivsi", "", "i8", 0xF9, 0xFE, 3),  # -7 / -2 -> 3
    ("arith.floordivsi", "", "i8", 0x80, 0xFF, UB),
    ("arith.floordivsi", "", "i8", 0x80, 1, 0x80),
    ("arith.floordivsi", "", "i8", 7, 0, UB),
    ("arith.floordivsi", "", "i64", I64_MIN, I64_MAX, UB),
    # remui
    ("arith.remui", "", "i8", 200, 7, 4),
    ("arith.remui", "", "i8", 0xFF, 0xFF, 0),
    ("arith.remui", "", "i8", 5, 0, UB),
    ("arith.remui", "", "i128", I128_MAX, 2**64, 2**64 - 1),
    # remsi: sign of the dividend
    ("arith.remsi", "", "i8", 0xF9, 2, 0xFF),  # -7 % 2 = -1
    ("arith.remsi", "", "i8", 7, 0xFE, 1),  # 7 % -2 = 1
    ("arith.remsi", "", "i8", 0xF9, 0xFE, 0xFF),  # -7 % -2 = -1
    ("arith.remsi", "", "i8", 0x80, 0xFF, UB),  # INT_MIN % -1 (LLVM srem)
    ("arith.remsi", "", "i8", 0x81, 0xFF, 0),
    ("arith.remsi", "", "i8", 5, 0, UB),
    # bitwise
    ("arith.andi", "", "i8", 0b1100, 0b1010, 0b1000),
    ("arith.ori", "", "i8", 0b1100, 0b1010, 0b1110),
    ("arith.xori", "", "i8", 0b1100, 0b1010, 0b0110),
    ("arith.xori", "", "i1", 1, 1, 0),
    ("arith.ori", "", "i1", 0, 1, 1),
    ("arith.andi", "", "i128", I128_MAX, 2**100 + 1, 2**100 + 1),
    ("arith.xori", "", "i64", I64_MAX, 1, I64_MAX - 1),
    # min / max
    ("arith.maxsi", "", "i8", 0xFF, 1, 1),
    ("arith.maxui", "", "i8", 0xFF, 1, 0xFF),
    ("arith.minsi", "", "i8", 0xFF, 1, 0xFF),
    ("arith.minui", "", "i8", 0xFF, 1, 1),
    ("arith.maxsi", "", "i1", 1, 0, 0),
    ("arith.minsi", "", "i1", 1, 0, 1),
    ("arith.maxsi", "", "i64", I64_MIN, 0, 0),
    ("arith.minsi", "", "i128", 2**127, 5, 2**127),
    # shli
    ("arith.shli", "", "i8", 1, 7, 0x80),
    ("arith.shli", "", "i8", 1, 8, POISON),
    ("arith.shli", "", "i8", 1, 255, POISON),
    ("arith.shli", "", "i8", 0xFF, 4, 0xF0),
    ("arith.shli", "", "i8", 0xFF, 0, 0xFF),
    ("arith.shli", "overflow<nuw>", "i8", 0x0F, 4, 0xF0),
    ("arith.shli", "overflow<nuw>", "i8", 0x1F, 4, POISON),
    ("arith.shli", "overflow<nuw>", "i8", 0xFF, 4, POISON),
    ("arith.shli", "overflow<nsw>", "i8", 0x0F, 4, POISON),  # 15 << 4 = -16 as i8
    ("arith.shli", "overflow<nsw>", "i8", 0x07, 4, 0x70),
    ("arith.shli", "overflow<nsw>", "i8", 0xFF, 4, 0xF0),  # -1 << 4 = -16
    ("arith.shli", "overflow<nsw>", "i8", 0xC0, 1, 0x80),  # -64 << 1 = -128
    ("arith.shli", "overflow<nsw>", "i8", 0x80, 1, POISON),
    ("arith.shli", "overflow<nuw>", "i8", 0x80, 1, POISON),
    ("arith.shli", "overflow<nsw>", "i8", 0x40, 1, POISON),  # 64 << 1 = -128
    ("arith.shli", "overflow<nuw>", "i8", 0x40, 1, 0x80),
    ("arith.shli", "", "i1", 1, 0, 1),
    ("arith.shli", "", "i1", 1, 1, POISON),
    ("arith.shli", "overflow<nsw, nuw>", "i1", 1, 0, 1),
    ("arith.shli", "", "i128", 1, 127, 2**127),
    ("arith.shli", "", "i128", 1, 128, POISON),
    # shrui
    ("arith.shrui", "", "i8", 0xF0, 4, 0x0F),
    ("arith.shrui", "", "i8", 0x80, 7, 1),
    ("arith.shrui", "", "i8", 0x80, 8, POISON),
    ("arith.shrui", "exact", "i8", 0xF1, 4, POISON),
    ("arith.shrui", "exact", "i8", 0xF0, 4, 0x0F),
    ("arith.shrui", "", "i1", 1, 1, POISON),
    ("arith.shrui", "", "i64", I64_MAX, 63, 1),
    # shrsi
    ("arith.shrsi", "", "i8", 0xF0, 4, 0xFF),
    ("arith.shrsi", "", "i8", 0x70, 4, 0x07),
    ("arith.shrsi", "", "i8", 0x80, 7, 0xFF),
    ("arith.shrsi", "", "i8", 0x80, 8, POISON),
    ("arith.shrsi", "exact", "i8", 0xF1, 4, POISON),
    ("arith.shrsi", "exact", "i8", 0xF0, 4, 0xFF),
    ("arith.shrsi", "", "i1", 1, 0, 1),
    ("arith.shrsi", "", "i1", 1, 1, POISON),
    ("arith.shrsi", "", "i128", 2**127, 127, I128_MAX),
]


@pytest.mark.parametrize(("op", "flags", "ty", "a", "b", "expected"), ARITH_BINARY)
def test_arith_binary(op: str, flags: str, ty: str, a: int, b: int, expected: Outcome) -> None:
    assert binary(op, flags, ty, a, b) == expected


POISON_OPERANDS: list[tuple[str, ConcreteValue, ConcreteValue, Outcome]] = [
    # Plain ops: any poison operand gives poison.
    ("arith.addi", POISON, 1, POISON),
    ("arith.subi", 1, POISON, POISON),
    ("arith.muli", POISON, 0, POISON),
    ("arith.andi", POISON, 0, POISON),
    ("arith.ori", 0xFF, POISON, POISON),
    ("arith.maxui", POISON, 0xFF, POISON),
    ("arith.shli", 1, POISON, POISON),
    ("arith.shrsi", POISON, 0, POISON),
    # Unsigned divisions: UB on a poison divisor; a poison dividend gives poison.
    ("arith.divui", 7, POISON, UB),
    ("arith.divui", POISON, 3, POISON),
    ("arith.divui", POISON, 0xFF, POISON),  # -1 is harmless for unsigned division
    ("arith.remui", 7, POISON, UB),
    ("arith.ceildivui", 7, POISON, UB),
    ("arith.ceildivui", POISON, 0, UB),
    # Signed divisions: also UB on a poison dividend when the divisor is -1.
    ("arith.divsi", 7, POISON, UB),
    ("arith.divsi", POISON, 0xFF, UB),
    ("arith.divsi", POISON, 2, POISON),
    ("arith.remsi", POISON, 0xFF, UB),
    ("arith.remsi", POISON, 0xFE, POISON),
    ("arith.ceildivsi", POISON, 0xFF, UB),
    ("arith.ceildivsi", POISON, 1, POISON),
    ("arith.floordivsi", POISON, 0xFF, UB),
    ("arith.floordivsi", 0x80, POISON, UB),
    ("arith.floordivsi", POISON, 3, POISON),
]


@pytest.mark.parametrize(("op", "a", "b", "expected"), POISON_OPERANDS)
def test_arith_poison_operands(
    op: str, a: ConcreteValue, b: ConcreteValue, expected: Outcome
) -> None:
    assert binary(op, "", "i8", a, b) == expected


@pytest.mark.parametrize(
    ("op", "a", "b", "reason"),
    [
        ("arith.divui", 1, 0, "arith.divui: division by zero"),
        ("arith.remui", 1, POISON, "arith.remui: divisor is poison"),
        ("arith.divsi", 0x80, 0xFF, "arith.divsi: signed overflow (INT_MIN / -1)"),
        ("arith.remsi", POISON, 0xFF, "arith.remsi: poison dividend with divisor -1 may overflow"),
    ],
)
def test_ub_reason_names_the_op(op: str, a: ConcreteValue, b: ConcreteValue, reason: str) -> None:
    run = run_op(f"{op} %a0, %a1 : i8", ["i8", "i8"], ["i8"], [a, b])
    assert run.ub == reason
    assert run.results == []


# --- arith: cmpi ---------------------------------------------------------------------------

PREDICATE_NAMES = ("eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge")

# Expected results per predicate, in PREDICATE_NAMES order.
CMP_CASES: list[tuple[str, int, int, tuple[int, ...]]] = [
    ("i8", 0xFF, 1, (0, 1, 1, 1, 0, 0, 0, 0, 1, 1)),  # -1 vs 1
    ("i8", 5, 5, (1, 0, 0, 1, 0, 1, 0, 1, 0, 1)),
    ("i8", 1, 0x80, (0, 1, 0, 0, 1, 1, 1, 1, 0, 0)),  # 1 vs -128
    ("i1", 1, 0, (0, 1, 1, 1, 0, 0, 0, 0, 1, 1)),  # -1 vs 0
    ("i64", I64_MIN, 0, (0, 1, 1, 1, 0, 0, 0, 0, 1, 1)),
    ("i128", 2**127 - 1, 2**127, (0, 1, 0, 0, 1, 1, 1, 1, 0, 0)),
]


@pytest.mark.parametrize(("ty", "a", "b", "expected"), CMP_CASES)
def test_arith_cmpi(ty: str, a: int, b: int, expected: tuple[int, ...]) -> None:
    got = tuple(
        outcome(run_op(f"arith.cmpi {p}, %a0, %a1 : {ty}", [ty, ty], ["i1"], [a, b]))
        for p in PREDICATE_NAMES
    )
    assert got == expected


def test_arith_cmpi_poison() -> None:
    run = run_op("arith.cmpi eq, %a0, %a1 : i8", ["i8", "i8"], ["i1"], [POISON, 1])
    assert outcome(run) is POISON


# --- arith: select -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cond", "a", "b", "expected"),
    [
        (1, 10, 20, 10),
        (0, 10, 20, 20),
        (POISON, 10, 20, POISON),
        (POISON, 10, 10, POISON),
        (1, POISON, 20, POISON),
        (1, 10, POISON, 10),  # the unchosen arm may be poison
        (0, POISON, 20, 20),
        (0, 10, POISON, POISON),
    ],
)
def test_arith_select(
    cond: ConcreteValue, a: ConcreteValue, b: ConcreteValue, expected: Outcome
) -> None:
    run = run_op("arith.select %a0, %a1, %a2 : i8", ["i1", "i8", "i8"], ["i8"], [cond, a, b])
    assert outcome(run) == expected


# --- arith: casts --------------------------------------------------------------------------

CASTS: list[tuple[str, str, str, str, ConcreteValue, int, Outcome]] = [
    # extsi
    ("arith.extsi", "", "i8", "i16", 0x80, 64, 0xFF80),
    ("arith.extsi", "", "i8", "i16", 0x7F, 64, 0x7F),
    ("arith.extsi", "", "i1", "i8", 1, 64, 0xFF),
    ("arith.extsi", "", "i64", "i128", I64_MIN, 64, 2**128 - 2**63),
    ("arith.extsi", "", "i8", "i16", POISON, 64, POISON),
    # extui and nneg
    ("arith.extui", "", "i8", "i16", 0x80, 64, 0x80),
    ("arith.extui", "nneg", "i8", "i16", 0x80, 64, POISON),
    ("arith.extui", "nneg", "i8", "i16", 0x7F, 64, 0x7F),
    ("arith.extui", "", "i1", "i8", 1, 64, 1),
    ("arith.extui", "nneg", "i1", "i8", 1, 64, POISON),
    ("arith.extui", "nneg", "i1", "i8", 0, 64, 0),
    ("arith.extui", "", "i64", "i128", I64_MAX, 64, I64_MAX),
    ("arith.extui", "", "i8", "i16", POISON, 64, POISON),
    # trunci and its flags
    ("arith.trunci", "", "i16", "i8", 0x1234, 64, 0x34),
    ("arith.trunci", "", "i16", "i8", 0xFF80, 64, 0x80),
    ("arith.trunci", "overflow<nuw>", "i16", "i8", 0x0034, 64, 0x34),
    ("arith.trunci", "overflow<nuw>", "i16", "i8", 0x0134, 64, POISON),
    ("arith.trunci", "overflow<nuw>", "i16", "i8", 0x0080, 64, 0x80),
    ("arith.trunci", "overflow<nuw>", "i16", "i8", 0xFF80, 64, POISON),
    ("arith.trunci", "overflow<nsw>", "i16", "i8", 0xFF80, 64, 0x80),  # -128 fits
    ("arith.trunci", "overflow<nsw>", "i16", "i8", 0x0080, 64, POISON),  # 128 does not
    ("arith.trunci", "overflow<nsw>", "i16", "i8", 0x007F, 64, 0x7F),
    ("arith.trunci", "overflow<nsw>", "i16", "i8", 0xFF7F, 64, POISON),  # -129
    ("arith.trunci", "overflow<nsw, nuw>", "i16", "i8", 0x0080, 64, POISON),
    ("arith.trunci", "overflow<nsw, nuw>", "i16", "i8", 0x007F, 64, 0x7F),
    ("arith.trunci", "", "i8", "i1", 0x02, 64, 0),
    ("arith.trunci", "overflow<nsw>", "i8", "i1", 0xFF, 64, 1),
    ("arith.trunci", "overflow<nsw>", "i8", "i1", 0x01, 64, POISON),  # i1 1 is -1
    ("arith.trunci", "overflow<nuw>", "i8", "i1", 0x01, 64, 1),
    ("arith.trunci", "overflow<nuw>", "i8", "i1", 0xFF, 64, POISON),
    ("arith.trunci", "", "i128", "i64", 2**64 + 5, 64, 5),
    ("arith.trunci", "", "i16", "i8", POISON, 64, POISON),
    # index_cast: sign-extend or truncate
    ("arith.index_cast", "", "i32", "index", 0xFFFFFFFF, 64, I64_MAX),
    ("arith.index_cast", "", "i32", "index", 0xFFFFFFFF, 32, 0xFFFFFFFF),
    ("arith.index_cast", "", "i8", "index", 0x80, 64, 2**64 - 0x80),
    ("arith.index_cast", "", "index", "i32", 2**63 + 7, 64, 7),
    ("arith.index_cast", "", "index", "i128", I64_MIN, 64, 2**128 - 2**63),
    ("arith.index_cast", "", "index", "i64", 0x80000000, 32, 2**64 - 2**31),
    ("arith.index_cast", "", "i8", "index", POISON, 64, POISON),
    # index_castui: zero-extend or truncate; nneg
    ("arith.index_castui", "", "i32", "index", 0xFFFFFFFF, 64, 0xFFFFFFFF),
    ("arith.index_castui", "nneg", "i32", "index", 0xFFFFFFFF, 64, POISON),
    ("arith.index_castui", "nneg", "i32", "index", 0x7FFFFFFF, 64, 0x7FFFFFFF),
    ("arith.index_castui", "", "index", "i8", 2**63 + 1, 64, 1),
    ("arith.index_castui", "nneg", "index", "i8", 2**63 + 1, 64, POISON),
    ("arith.index_castui", "nneg", "index", "i8", 0x81, 64, 0x81),  # only index's sign bit
    ("arith.index_castui", "nneg", "index", "i64", 0x80000000, 32, POISON),
    ("arith.index_castui", "", "index", "i64", 0x80000000, 32, 0x80000000),
    # bitcast: identity
    ("arith.bitcast", "", "i8", "i8", 0x80, 64, 0x80),
    ("arith.bitcast", "", "i8", "i8", POISON, 64, POISON),
]


@pytest.mark.parametrize(("op", "flags", "src", "dst", "a", "index_width", "expected"), CASTS)
def test_arith_casts(
    op: str, flags: str, src: str, dst: str, a: ConcreteValue, index_width: int, expected: Outcome
) -> None:
    assert cast(op, flags, src, dst, a, index_width) == expected


# --- arith: extended ops -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("op", "ty", "a", "b", "expected"),
    [
        ("arith.mulsi_extended", "i8", 0xFF, 0xFF, (1, 0)),  # -1 * -1 = 1
        ("arith.mulsi_extended", "i8", 0x80, 0x80, (0, 0x40)),  # 16384 = 0x4000
        ("arith.mulsi_extended", "i8", 0xFF, 2, (0xFE, 0xFF)),  # -2 = 0xFFFE
        ("arith.mulsi_extended", "i1", 1, 1, (1, 0)),  # -1 * -1 = 1 = 0b01
        ("arith.mulsi_extended", "i64", I64_MAX, 2, (I64_MAX - 1, I64_MAX)),  # -2
        ("arith.mului_extended", "i8", 0xFF, 0xFF, (0x01, 0xFE)),  # 0xFE01
        ("arith.mului_extended", "i8", 0x80, 0x80, (0, 0x40)),
        ("arith.mului_extended", "i8", 0xFF, 2, (0xFE, 0x01)),
        ("arith.mului_extended", "i1", 1, 1, (1, 0)),
        ("arith.mului_extended", "i64", I64_MAX, I64_MAX, (1, I64_MAX - 1)),
        ("arith.mulsi_extended", "i8", POISON, 1, (POISON, POISON)),
        ("arith.mului_extended", "i8", 1, POISON, (POISON, POISON)),
    ],
)
def test_arith_mul_extended(
    op: str, ty: str, a: ConcreteValue, b: ConcreteValue, expected: tuple[ConcreteValue, ...]
) -> None:
    run = run_op(f"{op} %a0, %a1 : {ty}", [ty, ty], [ty, ty], [a, b])
    assert outcome(run) == expected


@pytest.mark.parametrize(
    ("ty", "a", "b", "expected"),
    [
        ("i8", 200, 100, (44, 1)),
        ("i8", 200, 55, (255, 0)),
        ("i1", 1, 1, (0, 1)),
        ("i1", 1, 0, (1, 0)),
        ("i128", I128_MAX, I128_MAX, (I128_MAX - 1, 1)),
        ("i8", POISON, 1, (POISON, POISON)),
    ],
)
def test_arith_addui_extended(
    ty: str, a: ConcreteValue, b: ConcreteValue, expected: tuple[ConcreteValue, ...]
) -> None:
    run = run_op(f"arith.addui_extended %a0, %a1 : {ty}, i1", [ty, ty], [ty, "i1"], [a, b])
    assert outcome(run) == expected


# --- constants -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ty", "index_width", "expected"),
    [
        ("arith.constant -1 : i8", "i8", 64, 0xFF),
        ("arith.constant 255 : i8", "i8", 64, 0xFF),
        ("arith.constant 42 : i8", "i8", 64, 42),
        ("arith.constant true", "i1", 64, 1),
        ("arith.constant false", "i1", 64, 0),
        ("arith.constant -1 : i128", "i128", 64, I128_MAX),
        ("arith.constant -2 : i64", "i64", 64, I64_MAX - 1),
        ("arith.constant -1 : index", "index", 32, 0xFFFFFFFF),
        ("arith.constant -1 : index", "index", 64, I64_MAX),
        ("index.constant -3", "index", 32, 2**32 - 3),
        ("index.constant -3", "index", 64, 2**64 - 3),
        ("index.constant 4294967296", "index", 32, 0),
        ("index.constant 4294967296", "index", 64, 2**32),
        ("index.bool.constant true", "i1", 64, 1),
        ("index.bool.constant false", "i1", 64, 0),
        ("index.sizeof", "index", 32, 32),
        ("index.sizeof", "index", 64, 64),
    ],
)
def test_constants(text: str, ty: str, index_width: int, expected: int) -> None:
    assert outcome(run_op(text, [], [ty], [], index_width)) == expected


# --- index dialect -------------------------------------------------------------------------


def index_cases(w: int) -> list[tuple[str, ConcreteValue, ConcreteValue, Outcome]]:
    """Cases at index width `w`; `top` is all ones (-1), `smin` is INT_MIN."""
    top, smin = 2**w - 1, 2 ** (w - 1)
    return [
        ("index.add", top, 1, 0),
        ("index.add", 3, 4, 7),
        ("index.sub", 0, 1, top),
        ("index.mul", smin, 2, 0),
        ("index.mul", 3, 5, 15),
        ("index.divs", top - 6, 2, top - 2),  # -7 / 2 = -3
        ("index.divs", smin, top, UB),
        ("index.divs", smin + 1, top, smin - 1),  # -(INT_MIN + 1) = INT_MAX
        ("index.divs", 7, 0, UB),
        ("index.divs", POISON, top, UB),
        ("index.divs", POISON, 2, POISON),
        ("index.divs", 7, POISON, UB),
        ("index.divu", top, 2, smin - 1),
        ("index.divu", 7, 0, UB),
        ("index.divu", 7, POISON, UB),
        ("index.divu", POISON, top, POISON),
        ("index.ceildivs", top - 6, 2, top - 2),  # -7 / 2 -> -3
        ("index.ceildivs", 7, 2, 4),
        ("index.ceildivs", smin, top, UB),
        ("index.ceildivu", 7, 2, 4),
        ("index.ceildivu", top, smin, 2),
        ("index.ceildivu", 7, 0, UB),
        ("index.floordivs", top - 6, 2, top - 3),  # -7 / 2 -> -4
        ("index.floordivs", smin, top, UB),
        ("index.floordivs", POISON, top, UB),
        ("index.rems", top - 6, 2, top),  # -7 % 2 = -1
        ("index.rems", smin, top, UB),
        ("index.rems", 7, 0, UB),
        ("index.remu", 7, 2, 1),
        ("index.remu", 7, 0, UB),
        ("index.maxs", top, 1, 1),
        ("index.maxu", top, 1, top),
        ("index.mins", top, 1, top),
        ("index.minu", top, 1, 1),
        ("index.shl", 1, w - 1, smin),
        ("index.shl", 1, w, POISON),
        ("index.shl", 1, 32, 2**32 if w == 64 else POISON),
        ("index.shl", top, 1, top - 1),  # no flags: shifted-out bits are fine
        ("index.shrs", smin, w - 1, top),
        ("index.shrs", smin, w, POISON),
        ("index.shrs", smin + 1, 1, smin + smin // 2),  # keeps the sign bit
        ("index.shru", smin, w - 1, 1),
        ("index.shru", smin + 1, 1, smin // 2),  # low bit lost, fine without exact
        ("index.shru", smin, w, POISON),
        ("index.and", 0b1100, 0b1010, 0b1000),
        ("index.or", 0b1100, 0b1010, 0b1110),
        ("index.xor", top, 1, top - 1),
        ("index.add", POISON, 1, POISON),
        ("index.shl", 1, POISON, POISON),
    ]


INDEX_BINARY = [(w, *case) for w in (32, 64) for case in index_cases(w)]


@pytest.mark.parametrize(("index_width", "op", "a", "b", "expected"), INDEX_BINARY)
def test_index_binary(
    index_width: int, op: str, a: ConcreteValue, b: ConcreteValue, expected: Outcome
) -> None:
    assert index_binary(op, a, b, index_width) == expected


@pytest.mark.parametrize("index_width", [32, 64])
def test_index_cmp(index_width: int) -> None:
    top = 2**index_width - 1
    expected = (0, 1, 1, 1, 0, 0, 0, 0, 1, 1)  # -1 vs 1
    got = tuple(
        outcome(run_op(f"index.cmp {p}(%a0, %a1)", ["index"] * 2, ["i1"], [top, 1], index_width))
        for p in PREDICATE_NAMES
    )
    assert got == expected
    run = run_op("index.cmp eq(%a0, %a1)", ["index"] * 2, ["i1"], [POISON, 1], index_width)
    assert outcome(run) is POISON


@pytest.mark.parametrize(
    ("op", "src", "dst", "a", "index_width", "expected"),
    [
        ("index.casts", "i8", "index", 0x80, 64, 2**64 - 0x80),
        ("index.casts", "i8", "index", 0x80, 32, 2**32 - 0x80),
        ("index.casts", "i8", "index", 0x7F, 64, 0x7F),
        ("index.casts", "index", "i8", 0x1FF, 64, 0xFF),
        ("index.casts", "index", "i64", 0xFFFFFFFF, 32, I64_MAX),
        ("index.casts", "i64", "index", 2**32 + 3, 32, 3),
        ("index.casts", "i1", "index", 1, 64, I64_MAX),
        ("index.casts", "index", "i8", POISON, 64, POISON),
        ("index.castu", "i8", "index", 0x80, 64, 0x80),
        ("index.castu", "index", "i8", 0x1FF, 64, 0xFF),
        ("index.castu", "index", "i64", 0xFFFFFFFF, 32, 0xFFFFFFFF),
        ("index.castu", "i128", "index", 2**100 + 9, 64, 9),
        ("index.castu", "i1", "index", 1, 32, 1),
        ("index.castu", "i8", "index", POISON, 64, POISON),
    ],
)
def test_index_casts(
    op: str, src: str, dst: str, a: ConcreteValue, index_width: int, expected: Outcome
) -> None:
    assert cast(op, "", src, dst, a, index_width) == expected


# --- func, runs and errors -----------------------------------------------------------------

CALLS = """
func.func @double(%x: i8) -> i8 {
  %r = arith.addi %x, %x : i8
  func.return %r : i8
}
func.func @quadruple(%a: i8) -> i8 {
  %r = func.call @double(%a) : (i8) -> i8
  %s = func.call @double(%r) : (i8) -> i8
  func.return %s : i8
}
func.func @divmod(%a: i8, %b: i8) -> (i8, i8) {
  %q = arith.divui %a, %b : i8
  %r = arith.remui %a, %b : i8
  func.return %q, %r : i8, i8
}
func.func @call_divmod(%a: i8, %b: i8) -> (i8, i8) {
  %q, %r = func.call @divmod(%a, %b) : (i8, i8) -> (i8, i8)
  func.return %r, %q : i8, i8
}
func.func @loop(%a: i8) -> i8 {
  %r = func.call @loop(%a) : (i8) -> i8
  func.return %r : i8
}
func.func private @external(%a: i8) -> i8
func.func @call_external(%a: i8) -> i8 {
  %r = func.call @external(%a) : (i8) -> i8
  func.return %r : i8
}
"""


def test_func_call() -> None:
    module = parse(CALLS)
    assert run_function(module, "quadruple", [3], 64).results == [12]
    assert run_function(module, "quadruple", [100], 64).results == [144]  # 400 mod 256
    assert run_function(module, "quadruple", [POISON], 64).results == [POISON]
    assert run_function(module, "call_divmod", [17, 5], 64).results == [2, 3]


def test_func_call_ub_in_callee_aborts_caller() -> None:
    run = run_function(parse(CALLS), "call_divmod", [17, 0], 64)
    assert run.ub == "arith.divui: division by zero"
    assert run.results == []


def test_func_call_recursion_limit() -> None:
    with pytest.raises(RecursionLimitExceeded) as error:
        run_function(parse(CALLS), "loop", [1], 64)
    assert isinstance(error.value, UnsupportedOp)
    assert "func.call" in str(error.value)


def test_func_call_to_declaration_is_unsupported() -> None:
    with pytest.raises(UnsupportedOp, match="@external"):
        run_function(parse(CALLS), "call_external", [1], 64)


def test_run_records_values() -> None:
    module = parse(CALLS)
    function = next(
        op for op in module.ops if isinstance(op, FuncOp) and op.sym_name.data == "divmod"
    )
    (a, b) = function.body.block.args
    q, r = (op.results[0] for op in list(function.body.block.ops)[:2])
    run = run_function(module, "divmod", [17, 5], 64)
    assert run.ub is None
    assert run.values == {a: 17, b: 5, q: 3, r: 2}
    ub_run = run_function(module, "divmod", [17, 0], 64)
    assert ub_run.values == {a: 17, b: 0}


def test_unsupported_op_names_the_op() -> None:
    text = """
    func.func @f(%x: f32) -> f32 {
      %r = math.sqrt %x : f32
      func.return %r : f32
    }
    """
    with pytest.raises(UnsupportedOp, match=r"math\.sqrt"):
        run_function(parse(text), "f", [], 64)


def test_unsupported_type_in_a_supported_op() -> None:
    text = """
    func.func @f() -> f80 {
      %r = arith.constant 1.0 : f80
      func.return %r : f80
    }
    """
    with pytest.raises(UnsupportedOp, match=r"arith\.constant"):
        run_function(parse(text), "f", [], 64)


def test_run_function_argument_checks() -> None:
    module = parse(CALLS)
    with pytest.raises(LookupError):
        run_function(module, "missing", [], 64)
    with pytest.raises(ValueError):
        run_function(module, "double", [256], 64)  # not an unsigned i8
    with pytest.raises(ValueError):
        run_function(module, "double", [-1], 64)
    with pytest.raises(ValueError):
        run_function(module, "double", [1, 2], 64)
    with pytest.raises(ValueError):
        run_function(module, "double", [1], 16)


def test_registry_lists_the_supported_ops() -> None:
    arith_ops = {
        "constant", "addi", "subi", "muli", "divui", "divsi", "ceildivui", "ceildivsi",
        "floordivsi", "remui", "remsi", "andi", "ori", "xori", "maxsi", "maxui", "minsi",
        "minui", "shli", "shrui", "shrsi", "cmpi", "select", "extsi", "extui", "trunci",
        "index_cast", "index_castui", "bitcast", "mulsi_extended", "mului_extended",
        "addui_extended", "addf", "subf", "mulf", "divf", "remf", "negf", "cmpf", "maximumf",
        "minimumf", "maxnumf", "minnumf", "extf", "truncf", "sitofp", "uitofp", "fptosi",
        "fptoui",
    }  # fmt: skip
    index_ops = {
        "add", "sub", "mul", "divs", "divu", "ceildivs", "ceildivu", "floordivs", "rems",
        "remu", "maxs", "maxu", "mins", "minu", "shl", "shrs", "shru", "and", "or", "xor",
        "cmp", "casts", "castu", "constant", "bool.constant", "sizeof",
    }  # fmt: skip
    scf_ops = ("if", "index_switch", "execute_region", "for", "while", "yield", "condition")
    memref_ops = (
        "alloc", "alloca", "dealloc", "load", "store", "copy", "dim", "rank", "cast",
        "assume_alignment", "subview", "reinterpret_cast", "collapse_shape", "expand_shape",
        "extract_strided_metadata", "get_global",
    )  # fmt: skip
    tensor_ops = (
        "empty", "splat", "from_elements", "extract", "insert", "dim", "cast", "extract_slice",
        "insert_slice", "collapse_shape", "expand_shape",
    )  # fmt: skip
    linalg_ops = (
        "generic", "yield", "index", "broadcast", "reduce", "matmul", "quantized_matmul",
        "fill", "copy", "transpose", "add", "sub", "mul", "max", "min", "select", "exp", "log",
        "sqrt", "pooling_nchw_max", "conv_2d_nchw_fchw", "conv_2d_nhwc_hwcf",
        "conv_2d_nhwc_fhwc", "conv_2d_nhwgc_gfhwc", "conv_2d_ngchw_fgchw", "conv_2d_ngchw_gfchw",
        "batch_matmul", "matvec", "vecmat", "dot", "pooling_nhwc_max", "pooling_nhwc_min",
        "pooling_nhwc_sum",
    )  # fmt: skip
    expected = (
        {f"arith.{name}" for name in arith_ops}
        | {f"index.{name}" for name in index_ops}
        | {f"math.{name}" for name in ("absi", "ctlz", "cttz", "ctpop")}
        | {"func.call", "func.return", "irproof.assume", "irproof.width"}
        | {f"scf.{name}" for name in scf_ops}
        | {f"cf.{name}" for name in ("br", "cond_br", "switch")}
        | {f"affine.{name}" for name in ("apply", "min", "max", "for", "if", "yield")}
        | {"affine.delinearize_index", "affine.linearize_index"}
        | {"affine.load", "affine.store"}
        | {f"memref.{name}" for name in memref_ops}
        | {f"tensor.{name}" for name in tensor_ops}
        | {f"linalg.{name}" for name in linalg_ops}
        | {f"bufferization.{name}" for name in ("to_tensor", "to_buffer", "to_memref")}
    )
    assert set(CONCRETE_RULES) == expected


# --- arith: floats (IEEE-754 bit patterns, worked out by hand) --------------------------------

F32_ONE, F32_ONE_HALF, F32_TWO, F32_THREE = 0x3F800000, 0x3FC00000, 0x40000000, 0x40400000
F32_INF, F32_NAN, F32_NEG_ZERO = 0x7F800000, 0x7FC00000, 0x80000000
NEG = 0x80000000

FLOAT_BINARY: list[tuple[str, str, str, ConcreteValue, ConcreteValue, Outcome]] = [
    ("arith.addf", "", "f32", F32_ONE_HALF, F32_ONE_HALF, F32_THREE),
    ("arith.addf", "", "f32", F32_NEG_ZERO, 0, 0),  # -0 + +0 = +0
    ("arith.addf", "", "f32", F32_NEG_ZERO, F32_NEG_ZERO, F32_NEG_ZERO),
    ("arith.addf", "", "f32", F32_INF, F32_INF | NEG, F32_NAN),
    ("arith.addf", "fastmath<nnan>", "f32", F32_ONE, F32_NAN, POISON),
    ("arith.addf", "fastmath<nnan>", "f32", F32_INF, F32_INF | NEG, POISON),  # NaN result
    ("arith.addf", "fastmath<ninf>", "f32", F32_INF, F32_ONE, POISON),
    ("arith.addf", "fastmath<ninf>", "f32", F32_ONE, F32_ONE, F32_TWO),
    ("arith.addf", "", "f16", 0x7BFF, 0x4C00, 0x7C00),  # 65504 + 16: a tie, rounds to inf
    ("arith.addf", "", "f16", 0x7BFF, 0x4800, 0x7BFF),  # 65504 + 8 rounds down
    ("arith.addf", "", "bf16", 0x3F80, 0x3B80, 0x3F80),  # 1 + 2^-8: a tie, to even
    ("arith.subf", "", "f32", F32_ONE, F32_ONE, 0),
    ("arith.mulf", "", "f32", F32_ONE | NEG, 0, F32_NEG_ZERO),
    ("arith.mulf", "", "f32", F32_INF, 0, F32_NAN),
    ("arith.divf", "", "f32", F32_ONE, F32_NEG_ZERO, F32_INF | NEG),
    ("arith.divf", "", "f32", 0, 0, F32_NAN),
    ("arith.remf", "", "f32", 0xC0B00000, F32_TWO, F32_ONE_HALF | NEG),  # fmod(-5.5, 2) = -1.5
    ("arith.remf", "", "f32", 0x40B00000, F32_TWO | NEG, F32_ONE_HALF),  # fmod(5.5, -2) = 1.5
    ("arith.remf", "", "f32", F32_THREE, F32_TWO, F32_ONE),  # IEEE remainder would be -1
    ("arith.remf", "", "f32", F32_TWO | NEG, F32_ONE, F32_NEG_ZERO),  # a zero: x's sign
    ("arith.remf", "", "f32", F32_INF, F32_ONE, F32_NAN),
    ("arith.remf", "", "f32", F32_ONE, F32_INF, F32_ONE),
    ("arith.maximumf", "", "f32", F32_NEG_ZERO, 0, 0),
    ("arith.minimumf", "", "f32", 0, F32_NEG_ZERO, F32_NEG_ZERO),
    ("arith.maximumf", "", "f32", F32_NAN, F32_ONE, F32_NAN),
    ("arith.maxnumf", "", "f32", F32_NAN, F32_ONE, F32_ONE),
    ("arith.minnumf", "", "f32", F32_ONE, F32_NAN, F32_ONE),
    ("arith.maxnumf", "", "f32", F32_NEG_ZERO, 0, 0),  # either zero; by default +0
]


@pytest.mark.parametrize(("op", "flags", "ty", "a", "b", "expected"), FLOAT_BINARY)
def test_float_binary(
    op: str, flags: str, ty: str, a: ConcreteValue, b: ConcreteValue, expected: Outcome
) -> None:
    assert binary(op, flags, ty, a, b) == expected


FLOAT_CMPF: list[tuple[str, int, int, int]] = [
    ("olt", F32_NAN, F32_ONE, 0),
    ("ult", F32_NAN, F32_ONE, 1),
    ("oeq", F32_NEG_ZERO, 0, 1),
    ("une", F32_NAN, F32_NAN, 1),
    ("one", F32_NAN, F32_ONE, 0),
    ("ogt", F32_TWO, F32_ONE, 1),
    ("uno", F32_ONE, F32_TWO, 0),
]


@pytest.mark.parametrize(("predicate", "a", "b", "expected"), FLOAT_CMPF)
def test_float_cmpf(predicate: str, a: int, b: int, expected: int) -> None:
    run = run_op(f"arith.cmpf {predicate}, %a0, %a1 : f32", ["f32", "f32"], ["i1"], [a, b])
    assert outcome(run) == expected


FLOAT_CASTS: list[tuple[str, str, str, str, ConcreteValue, Outcome]] = [
    ("arith.fptosi", "", "f32", "i8", 0xBFC00000, 0xFF),  # -1.5 truncates to -1
    ("arith.fptosi", "", "f32", "i8", 0x42FFCCCD, 127),  # 127.9
    ("arith.fptosi", "", "f32", "i8", 0x43000000, POISON),  # 128.0 does not fit
    ("arith.fptosi", "", "f32", "i8", F32_NAN, POISON),
    ("arith.fptoui", "", "f32", "i8", 0xBF000000, 0),  # -0.5 truncates to 0, which fits
    ("arith.fptoui", "", "f32", "i8", F32_ONE | NEG, POISON),
    ("arith.fptoui", "", "f32", "i8", 0x437F0000, 255),
    ("arith.sitofp", "", "i32", "f32", 16777217, 0x4B800000),  # rounds to 2^24
    ("arith.sitofp", "", "i8", "f32", 0xFF, F32_ONE | NEG),
    ("arith.uitofp", "", "i8", "f32", 0xFF, 0x437F0000),
    ("arith.truncf", "", "f64", "f32", 0x3FB999999999999A, 0x3DCCCCCD),  # 0.1
    ("arith.truncf", "downward", "f64", "f32", 0x3FB999999999999A, 0x3DCCCCCC),
    ("arith.truncf", "", "f32", "f16", 0x3F800001, 0x3C00),
    ("arith.truncf", "upward", "f32", "f16", 0x3F800001, 0x3C01),
    ("arith.extf", "", "f16", "f32", 0x0001, 0x33800000),  # 2^-24, a subnormal in f16
]


@pytest.mark.parametrize(("op", "flags", "src", "dst", "a", "expected"), FLOAT_CASTS)
def test_float_casts(
    op: str, flags: str, src: str, dst: str, a: ConcreteValue, expected: Outcome
) -> None:
    assert cast(op, flags, src, dst, a, 64) == expected


MATH_UNARY: list[tuple[str, str, ConcreteValue, ConcreteValue]] = [
    ("math.ctlz", "i8", 0, 8),  # zero: the width (LLVM's ctlz with is_zero_poison off)
    ("math.ctlz", "i8", 0x10, 3),
    ("math.ctlz", "i16", 0xFFFF, 0),
    ("math.cttz", "i8", 0, 8),
    ("math.cttz", "i8", 0x10, 4),
    ("math.cttz", "i16", 0x8000, 15),
    ("math.ctpop", "i8", 0xA5, 4),
    ("math.ctpop", "i8", 0, 0),
    ("math.absi", "i8", 0x80, 0x80),  # INT_MIN stays INT_MIN
    ("math.absi", "i8", 0xF9, 7),
    ("math.absi", "i8", 7, 7),
    ("math.ctlz", "i8", POISON, POISON),
    ("math.absi", "i8", POISON, POISON),
]


@pytest.mark.parametrize(("op", "ty", "a", "expected"), MATH_UNARY)
def test_math_unary(op: str, ty: str, a: ConcreteValue, expected: ConcreteValue) -> None:
    assert outcome(run_op(f"{op} %a0 : {ty}", [ty], [ty], [a])) == expected


@pytest.mark.parametrize(("ty", "expected"), [("i1", 1), ("i8", 8), ("i64", 64), ("i128", 128)])
def test_irproof_width(ty: str, expected: int) -> None:
    assert outcome(run_op(f"irproof.width : {ty}", [], [ty], [])) == expected


def test_irproof_width_follows_the_width_variable() -> None:
    module = parse(
        "func.func @f() -> i1000 {\n  %w = irproof.width : i1000\n  return %w : i1000\n}"
    )
    assert run_function(module, "f", [], 64, {1000: 13}).results == [13]


@pytest.mark.parametrize(
    ("cond", "ub"),
    [
        (1, None),
        (0, "irproof.assume: the condition is false"),
        (POISON, "irproof.assume: the condition is poison"),
    ],
)
def test_assume(cond: ConcreteValue, ub: str | None) -> None:
    module = parse(
        "func.func @f(%c: i1, %x: i8) -> i8 {\n  irproof.assume %c\n  return %x : i8\n}\n"
    )
    run = run_function(module, "f", [cond, 7], 64)
    assert run.ub == ub
    assert run.results == ([] if ub else [7])
