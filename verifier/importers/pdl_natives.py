"""The native constraints and rewrites a PDL pattern may call, with their meaning as MLIR ops.

PDL leaves `pdl.apply_native_constraint "NAME"` and `pdl.apply_native_rewrite "NAME"` to C++
code. irproof knows the vocabulary below; a pattern calling any other name is reported as
unsupported. In PDLL, declare the ones a file uses, e.g.

    Constraint is_zero(a: Attr);
    Rewrite fold_addi(a: Attr, b: Attr) -> Attr;

A *constraint* becomes an `i1` condition computed in the source function and passed to
`irproof.assume` (so inputs that fail it make the source UB: any target is fine there); a
negated constraint (`not is_zero(a)`) assumes the negation. (`is_zero`, `is_one`,
`is_minus_one` and `is_all_ones` on an open constant make it that literal instead: the same
meaning, and a cheaper query.) A *rewrite* computes its result
in the target function. Arguments are integer attributes or values (`int`), types or values
standing for their type (`type`), `arith.cmpi` predicates (`pred`) or overflow / exact /
nneg flags (`flags`). INT_MIN and INT_MAX are computed with arith ops on the all-ones
constant (a literal `-1` is all ones at every width); the width itself is `irproof.width`.

Constraints (kind of each argument in brackets):

| name | holds when |
|---|---|
| is_zero(int), is_not_zero(int) | a == 0, a != 0 |
| is_one(int) | a == 1 |
| is_minus_one(int), is_all_ones(int) | a == -1 (all ones) |
| is_power_of_2(int) | a != 0 and a & (a - 1) == 0 (INT_MIN counts: one bit set) |
| is_sign_bit(int), is_int_min(int) | a == INT_MIN (only the sign bit set) |
| is_int_max(int) | a == INT_MAX |
| is_below_width(int) | a <u the width of its type (a shift amount that is not poison) |
| is_non_negative(int), is_strictly_positive(int) | a >=s 0, a >s 0 |
| is_equal(int, int) | a == b (same type) |
| shift_is_width_difference(int, type, type) | c == width(wide) - width(narrow) |
| is_eq_or_ne(pred) | the predicate is eq or ne |
| has_nsw(flags), has_nuw(flags), has_no_overflow_flags(flags) | the overflow flags hold nsw / nuw / neither |
| width_gt(type, type) | width(a) > width(b): a width constraint, no assume |
| unused(value) | a result of the root op has no uses: it is not compared |

Rewrites (the result kind after the arrow):

| name | result |
|---|---|
| fold_addi ... fold_minui(int, int) -> int | the arith op itself applied to the two constants, one per binary integer op (`fold_divui` divides by zero when the pattern lets it: guard it with `is_not_zero`) |
| fold_cmpi(pred, int, int) -> int | the `i1` comparison |
| fold_extsi / fold_extui / fold_trunci(int, type) -> int | the cast to the given type |
| zero(type), one(type), all_ones(type), int_min(type), int_max(type) -> int | that constant |
| width(type), width_minus_one(type) -> int | the bit width (minus one) as a value of the type (`irproof.width`; integer types only) |
| merge_overflow(flags, flags) -> flags | the flags both hold (intersection, upstream `mergeOverflowFlags`) |
| overflow_none() -> flags | no overflow flag |
| invert_predicate(pred) -> pred | the negated predicate (slt → sge, eq → ne) |
| swap_predicate(pred) -> pred | the predicate with the operands swapped (slt → sgt, eq → eq) |
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from irproof.verifier.importers.pdl_ops import FOLDABLE, PREDICATES, FunctionText
from irproof.verifier.importers.pdl_types import TypeSlots

INT, TYPE, PRED, FLAGS, VALUE = "int", "type", "pred", "flags", "value"


@dataclass(frozen=True)
class Int:
    """An integer SSA value of the function being written."""

    name: str
    type: str


@dataclass(frozen=True)
class Pred:
    """A cmpi predicate: its index in `PREDICATES`, or an `i64` SSA value holding it."""

    value: int | str


@dataclass(frozen=True)
class Flags:
    """Boolean flags (nsw, nuw, exact, nneg): each a Python bool or an `i1` SSA value."""

    values: Mapping[str, bool | str]


@dataclass(frozen=True)
class TypeArg:
    type: str


Emitted = Int | Pred | Flags | TypeArg
Typing = Callable[[TypeSlots, Sequence[int | None], int | None], None]


def _no_typing(_slots: TypeSlots, _args: Sequence[int | None], _result: int | None) -> None:
    return None


@dataclass(frozen=True)
class Native:
    """One native constraint (result None) or rewrite."""

    name: str
    params: tuple[str, ...]
    result: str | None
    emit: Callable[..., Any] | None
    """(FunctionText, *args) → the condition (`Int` of type i1) or the rewrite's result;
    None for the constraints that only act on types or on the compared results."""
    typing: Typing = _no_typing


# ---- small emitters --------------------------------------------------------------------


def const(ft: FunctionText, value: int, typ: str) -> Int:
    return Int(ft.constant(value, typ), typ)


def binop(ft: FunctionText, op: str, a: Int, b: Int, props: Sequence[str] = ()) -> Int:
    props = list(props)
    if op in ("addi", "subi", "muli", "shli") and not props:
        props = ["overflowFlags = #arith.overflow<none>"]
    (name,) = ft.op(f"arith.{op}", [(a.name, a.type), (b.name, b.type)], [a.type], props)
    return Int(name, a.type)


def cmp(ft: FunctionText, predicate: str, a: Int, b: Int) -> Int:
    props = [f"predicate = {PREDICATES.index(predicate)} : i64"]
    (name,) = ft.op("arith.cmpi", [(a.name, a.type), (b.name, b.type)], ["i1"], props)
    return Int(name, "i1")


def select(ft: FunctionText, cond: Int, a: Int, b: Int) -> Int:
    operands = [(cond.name, "i1"), (a.name, a.type), (b.name, b.type)]
    (name,) = ft.op("arith.select", operands, [a.type])
    return Int(name, a.type)


def cast(ft: FunctionText, op: str, a: Int, typ: str) -> Int:
    props = ["overflowFlags = #arith.overflow<none>"] if op == "trunci" else []
    (name,) = ft.op(f"arith.{op}", [(a.name, a.type)], [typ], props)
    return Int(name, typ)


def not_(ft: FunctionText, cond: Int) -> Int:
    return binop(ft, "xori", cond, const(ft, 1, "i1"))


def int_max(ft: FunctionText, typ: str) -> Int:
    """-1 >>u 1, or 0 at width 1 (where the shift amount 1 is not below the width: that
    arm is poison but not chosen)."""
    ones, one = const(ft, -1, typ), const(ft, 1, typ)
    width_is_1 = cmp(ft, "eq", ones, one)
    return select(ft, width_is_1, const(ft, 0, typ), binop(ft, "shrui", ones, one))


def int_min(ft: FunctionText, typ: str) -> Int:
    return binop(ft, "xori", int_max(ft, typ), const(ft, -1, typ))


def width(ft: FunctionText, typ: str) -> Int:
    """The bit width of an integer type as a value of that type (`irproof.width`)."""
    (name,) = ft.op("irproof.width", [], [typ], hint="w")
    return Int(name, typ)


def width_minus_one(ft: FunctionText, typ: str) -> Int:
    return binop(ft, "subi", width(ft, typ), const(ft, 1, typ))


# ---- constraints -----------------------------------------------------------------------


def _compare_to(predicate: str, make: Callable[[FunctionText, str], Int]) -> Callable[..., Int]:
    return lambda ft, a: cmp(ft, predicate, a, make(ft, a.type))


def _literal(value: int) -> Callable[[FunctionText, str], Int]:
    return lambda ft, typ: const(ft, value, typ)


def _is_power_of_2(ft: FunctionText, a: Int) -> Int:
    nonzero = cmp(ft, "ne", a, const(ft, 0, a.type))
    below = binop(ft, "subi", a, const(ft, 1, a.type))
    single = cmp(ft, "eq", binop(ft, "andi", a, below), const(ft, 0, a.type))
    return binop(ft, "andi", nonzero, single)


def _shift_is_width_difference(ft: FunctionText, c: Int, wide: TypeArg, narrow: TypeArg) -> Int:
    """c == w(wide) - w(narrow) exactly when all-ones(wide) >>u c is all-ones(narrow)
    zero-extended (c >= w(wide) makes the shift poison, so the assume fails)."""
    shifted = binop(ft, "shrui", const(ft, -1, wide.type), c)
    ones = cast(ft, "extui", const(ft, -1, narrow.type), wide.type)
    return cmp(ft, "eq", shifted, ones)


def _is_eq_or_ne(ft: FunctionText, p: Pred) -> Int:
    if isinstance(p.value, int):
        return const(ft, int(p.value <= 1), "i1")
    return cmp(ft, "ule", Int(p.value, "i64"), const(ft, 1, "i64"))


def _flag_is(flag: str, wanted: bool) -> Callable[[FunctionText, Flags], Int]:
    def emit(ft: FunctionText, f: Flags) -> Int:
        value = f.values.get(flag, False)
        if isinstance(value, bool):
            return const(ft, int(value == wanted), "i1")
        return Int(value, "i1") if wanted else not_(ft, Int(value, "i1"))

    return emit


def _no_overflow_flags(ft: FunctionText, f: Flags) -> Int:
    return binop(ft, "andi", _flag_is("nsw", False)(ft, f), _flag_is("nuw", False)(ft, f))


def _unify_all(slots: TypeSlots, args: Sequence[int | None], result: int | None) -> None:
    known = [s for s in (*args, result) if s is not None]
    for other in known[1:]:
        slots.unify(known[0], other)


def _wider(slots: TypeSlots, args: Sequence[int | None], _result: int | None) -> None:
    a, b = args
    assert a is not None and b is not None
    slots.less(b, a)


def _shift_typing(slots: TypeSlots, args: Sequence[int | None], _result: int | None) -> None:
    c, wide, narrow = args
    assert c is not None and wide is not None and narrow is not None
    slots.unify(c, wide)
    slots.less(narrow, wide)


def _constraints() -> list[Native]:
    one = (INT,)
    table = [
        Native("is_zero", one, None, _compare_to("eq", _literal(0))),
        Native("is_not_zero", one, None, _compare_to("ne", _literal(0))),
        Native("is_one", one, None, _compare_to("eq", _literal(1))),
        Native("is_minus_one", one, None, _compare_to("eq", _literal(-1))),
        Native("is_all_ones", one, None, _compare_to("eq", _literal(-1))),
        Native("is_power_of_2", one, None, _is_power_of_2),
        Native("is_sign_bit", one, None, _compare_to("eq", int_min)),
        Native("is_int_min", one, None, _compare_to("eq", int_min)),
        Native("is_int_max", one, None, _compare_to("eq", int_max)),
        Native("is_below_width", one, None, _compare_to("ult", width)),
        Native("is_non_negative", one, None, _compare_to("sge", _literal(0))),
        Native("is_strictly_positive", one, None, _compare_to("sgt", _literal(0))),
        Native("is_equal", (INT, INT), None, lambda ft, a, b: cmp(ft, "eq", a, b), _unify_all),
        Native(
            "shift_is_width_difference",
            (INT, TYPE, TYPE),
            None,
            _shift_is_width_difference,
            _shift_typing,
        ),
        Native("is_eq_or_ne", (PRED,), None, _is_eq_or_ne),
        Native("has_nsw", (FLAGS,), None, _flag_is("nsw", True)),
        Native("has_nuw", (FLAGS,), None, _flag_is("nuw", True)),
        Native("has_no_overflow_flags", (FLAGS,), None, _no_overflow_flags),
        Native("width_gt", (TYPE, TYPE), None, None, _wider),
        Native("unused", (VALUE,), None, None),
    ]
    return table


# ---- rewrites --------------------------------------------------------------------------


def _fold(op: str) -> Native:
    return Native(f"fold_{op}", (INT, INT), INT, lambda ft, a, b: binop(ft, op, a, b), _unify_all)


def _fold_cmpi(ft: FunctionText, p: Pred, a: Int, b: Int) -> Int:
    return compare_with(ft, p, a, b)


def compare_with(ft: FunctionText, p: Pred, a: Int, b: Int) -> Int:
    """`arith.cmpi` with a static predicate, or with an `i64` SSA predicate: all ten
    comparisons, then the one the predicate picks."""
    if isinstance(p.value, int):
        return cmp(ft, PREDICATES[p.value], a, b)
    chosen = cmp(ft, PREDICATES[-1], a, b)
    for index in reversed(range(len(PREDICATES) - 1)):
        picked = cmp(ft, "eq", Int(p.value, "i64"), const(ft, index, "i64"))
        chosen = select(ft, picked, cmp(ft, PREDICATES[index], a, b), chosen)
    return chosen


def _cmp_typing(slots: TypeSlots, args: Sequence[int | None], result: int | None) -> None:
    _, a, b = args
    assert a is not None and b is not None and result is not None
    slots.unify(a, b)
    slots.fix(result, "i1")


def _cast_typing(narrowing: bool) -> Typing:
    def typing(slots: TypeSlots, args: Sequence[int | None], result: int | None) -> None:
        a, t = args
        assert a is not None and t is not None and result is not None
        slots.unify(t, result)
        if narrowing:
            slots.less(t, a)
        else:
            slots.less(a, t)

    return typing


def _fold_cast(op: str) -> Native:
    emit = lambda ft, a, t: cast(ft, op, a, t.type)  # noqa: E731
    return Native(f"fold_{op}", (INT, TYPE), INT, emit, _cast_typing(op == "trunci"))


INVERTED = {"eq": "ne", "slt": "sge", "sle": "sgt", "ult": "uge", "ule": "ugt"}
INVERTED |= {v: k for k, v in INVERTED.items()}
SWAPPED = {"eq": "eq", "ne": "ne", "slt": "sgt", "sle": "sge", "ult": "ugt", "ule": "uge"}
SWAPPED |= {v: k for k, v in SWAPPED.items()}


def _map_predicate(table: Mapping[str, str]) -> Callable[[FunctionText, Pred], Pred]:
    def emit(ft: FunctionText, p: Pred) -> Pred:
        if isinstance(p.value, int):
            return Pred(PREDICATES.index(table[PREDICATES[p.value]]))
        source = Int(p.value, "i64")
        mapped = const(ft, PREDICATES.index(table[PREDICATES[-1]]), "i64")
        for index in reversed(range(len(PREDICATES) - 1)):
            picked = cmp(ft, "eq", source, const(ft, index, "i64"))
            image = const(ft, PREDICATES.index(table[PREDICATES[index]]), "i64")
            mapped = select(ft, picked, image, mapped)
        return Pred(mapped.name)

    return emit


def _merge_overflow(ft: FunctionText, f: Flags, g: Flags) -> Flags:
    merged: dict[str, bool | str] = {}
    for flag in ("nsw", "nuw"):
        a, b = f.values.get(flag, False), g.values.get(flag, False)
        if isinstance(a, bool) or isinstance(b, bool):
            static, other = (a, b) if isinstance(a, bool) else (b, a)
            merged[flag] = other if static else False
        else:
            merged[flag] = binop(ft, "andi", Int(a, "i1"), Int(b, "i1")).name
    return Flags(merged)


def _constant_of(make: Callable[[FunctionText, str], Int]) -> Callable[..., Int]:
    return lambda ft, t: make(ft, t.type)


def _rewrites() -> list[Native]:
    table = [_fold(op) for op in FOLDABLE]
    table += [Native("fold_cmpi", (PRED, INT, INT), INT, _fold_cmpi, _cmp_typing)]
    table += [_fold_cast(op) for op in ("extsi", "extui", "trunci")]
    constants: list[tuple[str, Callable[[FunctionText, str], Int]]] = [
        ("zero", _literal(0)),
        ("one", _literal(1)),
        ("all_ones", _literal(-1)),
        ("int_min", int_min),
        ("int_max", int_max),
        ("width", width),
        ("width_minus_one", width_minus_one),
    ]
    table += [
        Native(name, (TYPE,), INT, _constant_of(make), _unify_all) for name, make in constants
    ]
    table += [
        Native("merge_overflow", (FLAGS, FLAGS), FLAGS, _merge_overflow),
        Native("overflow_none", (), FLAGS, lambda ft: Flags({"nsw": False, "nuw": False})),
        Native("invert_predicate", (PRED,), PRED, _map_predicate(INVERTED)),
        Native("swap_predicate", (PRED,), PRED, _map_predicate(SWAPPED)),
    ]
    return table


CONSTRAINTS: Mapping[str, Native] = {n.name: n for n in _constraints()}
PINNING: Mapping[str, int] = {"is_zero": 0, "is_one": 1, "is_minus_one": -1, "is_all_ones": -1}
"""Constraints that fix an open constant to one literal: the importer writes the literal
instead of a symbolic constant and its assume (same meaning, cheaper query)."""
REWRITES: Mapping[str, Native] = {n.name: n for n in _rewrites()}


PDLL_TYPES = {INT: "Attr", TYPE: "Type", PRED: "Attr", FLAGS: "Attr", VALUE: "Value"}


def pdll_declarations() -> str:
    """The PDLL declarations of the whole vocabulary (paste the ones a file uses)."""
    lines = []
    for native in (*CONSTRAINTS.values(), *REWRITES.values()):
        params = ", ".join(
            f"{chr(ord('a') + i)}: {PDLL_TYPES[kind]}" for i, kind in enumerate(native.params)
        )
        if native.result is None:
            lines.append(f"Constraint {native.name}({params});")
        else:
            lines.append(f"Rewrite {native.name}({params}) -> Attr;")
    return "\n".join(lines) + "\n"
