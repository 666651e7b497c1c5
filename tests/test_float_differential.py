"""Differential tests of the float semantics: SMT (Z3 FloatingPoint) against the concrete
interpreter (exact rationals, its own rounding).

Random straight-line float programs (every float op of `arith`, fast-math flags, rounding
modes, f16 / bf16 / f32 / f64, casts to and from integers, select and bitcast) are run on
edge-biased inputs (±0, ±inf, NaNs, subnormals, the largest and smallest normals, poison)
both ways; the SMT side both through semantics IR and the Z3 back end and through the direct
Z3 builder, and with random assignments of the choices the semantics leaves open (`nsz`,
`maxnumf` of ±0), made in the same order on both sides (the replay relies on that). The
abstract mode is checked on the ops it keeps exact. The concrete rounding is itself checked
against `struct` (f16, f32) and Python's float arithmetic (f64).
"""

from __future__ import annotations

import math
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import pytest
import z3
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Block, Operation, Region

from irproof.dialects.smt.z3_backend import translate_module
from irproof.loading import parse_module
from irproof.semantics.arith_float import CMPF_PREDICATES, FLOAT_OPS
from irproof.semantics.builder import IRBuilder, Pair, SMTBuilder, Z3Builder
from irproof.semantics.concrete import ieee
from irproof.semantics.concrete.interpreter import CONCRETE_RULES, run_function
from irproof.semantics.concrete.nondet import choices
from irproof.semantics.concrete.values import POISON, Poison
from irproof.semantics.float_types import BF16, F16, F32, F64, FloatFormat
from irproof.semantics.lowering import LoweringContext, find_function, lower_function
from irproof.semantics.nondet import Nondeterminism
from irproof.semantics.registry import SEMANTICS_RULES
from irproof.semantics.widths import TypeWidths

FORMATS = {"f16": F16, "bf16": BF16, "f32": F32, "f64": F64}
WIDER = {"f16": ["f32", "f64"], "bf16": ["f32", "f64"], "f32": ["f64"], "f64": []}
NARROWER = {"f64": ["f32", "f16", "bf16"], "f32": ["f16", "bf16"], "f16": [], "bf16": []}
INT_TYPES = ("i1", "i8", "i16", "i32", "i64")
FLAGS = ("", "nnan", "ninf", "nsz", "nnan,ninf", "nnan,nsz", "fast")
ROUNDING = ("", "to_nearest_even", "downward", "upward", "toward_zero", "to_nearest_away")
ARITH = ("addf", "subf", "mulf", "divf", "remf")
MIN_MAX = ("maximumf", "minimumf", "maxnumf", "minnumf")

differential = settings(
    deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)


def width_of_type(name: str) -> int:
    return FORMATS[name].width if name in FORMATS else int(name[1:])


# --- programs -------------------------------------------------------------------------------


@dataclass
class Program:
    """A function `@f` being generated: arguments, ops, values by type."""

    args: list[tuple[str, str]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    values: dict[str, list[str]] = field(default_factory=dict)
    results: list[tuple[str, str]] = field(default_factory=list)

    def fresh(self, typ: str) -> str:
        """The result of the op being added (usable by the following ops)."""
        name = f"%v{len(self.lines)}"
        self.results.append((name, typ))
        return name

    def commit(self) -> None:
        name, typ = self.results[-1]
        self.values.setdefault(typ, []).append(name)

    @property
    def text(self) -> str:
        params = ", ".join(f"{n}: {t}" for n, t in self.args)
        types = ", ".join(t for _, t in self.results)
        names = ", ".join(n for n, _ in self.results)
        body = "\n".join(f"  {line}" for line in self.lines)
        return (
            f"func.func @f({params}) -> ({types}) {{\n{body}\n  func.return {names} : {types}\n}}\n"
        )


def _fastmath(flags: str) -> str:
    return f" fastmath<{flags}>" if flags else ""


@st.composite
def float_op(draw: st.DrawFn, p: Program, abstract: bool) -> None:
    """Append one op reading values of `p`."""
    floats = [t for t in p.values if t in FORMATS]
    typ = draw(st.sampled_from(floats))
    pick = lambda t: draw(st.sampled_from(p.values[t]))  # noqa: E731
    kinds = ["negf", "minmax", "cmpf", "select", "constant", "bitcast"]
    if not abstract:
        kinds += ["arith", "arith", "extf", "truncf", "itofp", "fptoi"]
    kind = draw(st.sampled_from(kinds))
    flags = _fastmath(draw(st.sampled_from(FLAGS)))
    if kind == "arith":
        op = draw(st.sampled_from(ARITH))
        x, y = pick(typ), pick(typ)
        p.lines.append(f"{p.fresh(typ)} = arith.{op} {x}, {y}{flags} : {typ}")
    elif kind == "negf":
        x = pick(typ)
        p.lines.append(f"{p.fresh(typ)} = arith.negf {x}{flags} : {typ}")
    elif kind == "minmax":
        op = draw(st.sampled_from(MIN_MAX))
        x, y = pick(typ), pick(typ)
        p.lines.append(f"{p.fresh(typ)} = arith.{op} {x}, {y}{flags} : {typ}")
    elif kind == "cmpf":
        predicate = draw(st.sampled_from(CMPF_PREDICATES))
        x, y = pick(typ), pick(typ)
        p.lines.append(f"{p.fresh('i1')} = arith.cmpf {predicate}, {x}, {y}{flags} : {typ}")
    elif kind == "select" and "i1" in p.values:
        c, x, y = pick("i1"), pick(typ), pick(typ)
        p.lines.append(f"{p.fresh(typ)} = arith.select {c}, {x}, {y} : {typ}")
    elif kind == "constant":
        value = draw(
            st.sampled_from(
                [
                    "0.0",
                    "-0.0",
                    "1.5",
                    "-2.0",
                    "0.1",
                    "65504.0",
                    "1.0e-8",
                    "0x7FC00000" if typ == "f32" else "3.0",
                ]
            )
        )
        p.lines.append(f"{p.fresh(typ)} = arith.constant {value} : {typ}")
    elif kind == "bitcast":
        x = pick(typ)
        p.lines.append(
            f"{p.fresh(f'i{FORMATS[typ].width}')} = arith.bitcast {x} : {typ} to i{FORMATS[typ].width}"
        )
    elif kind == "extf" and WIDER[typ]:
        to = draw(st.sampled_from(WIDER[typ]))
        p.lines.append(f"{p.fresh(to)} = arith.extf {pick(typ)}{flags} : {typ} to {to}")
    elif kind == "truncf" and NARROWER[typ]:
        to = draw(st.sampled_from(NARROWER[typ]))
        mode = draw(st.sampled_from(ROUNDING))
        mode_text = f" {mode}" if mode else ""
        p.lines.append(
            f"{p.fresh(to)} = arith.truncf {pick(typ)}{mode_text}{flags} : {typ} to {to}"
        )
    elif kind == "itofp":
        ints = [t for t in p.values if t in INT_TYPES]
        source = draw(st.sampled_from(ints))
        op = draw(st.sampled_from(["sitofp", "uitofp"]))
        p.lines.append(f"{p.fresh(typ)} = arith.{op} {pick(source)} : {source} to {typ}")
    elif kind == "fptoi":
        to = draw(st.sampled_from(INT_TYPES))
        op = draw(st.sampled_from(["fptosi", "fptoui"]))
        p.lines.append(f"{p.fresh(to)} = arith.{op} {pick(typ)} : {typ} to {to}")
    else:  # the chosen kind does not apply to this type: a negation instead
        p.lines.append(f"{p.fresh(typ)} = arith.negf {pick(typ)} : {typ}")


@st.composite
def programs(draw: st.DrawFn, abstract: bool = False, ops: tuple[int, int] = (1, 4)) -> Program:
    p = Program()
    typ = draw(st.sampled_from(sorted(FORMATS)))
    for i in range(draw(st.sampled_from([1, 2, 2]))):
        p.args.append((f"%x{i}", typ))
        p.values.setdefault(typ, []).append(f"%x{i}")
    int_type = draw(st.sampled_from(INT_TYPES[1:]))
    p.args.append(("%n", int_type))
    p.values.setdefault(int_type, []).append("%n")
    for _ in range(draw(st.integers(*ops))):
        draw(float_op(p, abstract))
        p.commit()
    return p


def _edges(fmt: FloatFormat) -> list[int]:
    one = fmt.bias << fmt.mantissa_bits
    plain = [0, 1, fmt.mantissa_mask, 1 << fmt.mantissa_bits, fmt.exponent_mask - 1, one, one + 1]
    plain += [(fmt.bias + 3) << fmt.mantissa_bits, fmt.infinity, fmt.canonical_nan]
    plain += [fmt.infinity | 1, fmt.exponent_mask | fmt.mantissa_mask]
    return plain + [bits | fmt.sign_mask for bits in plain]


def _specials(fmt: FloatFormat) -> list[int]:
    """±0, ±inf, quiet NaNs of both signs and a signalling NaN."""
    plain = [0, fmt.infinity, fmt.canonical_nan, fmt.infinity | 1]
    return plain + [bits | fmt.sign_mask for bits in plain]


def argument(typ: str) -> st.SearchStrategy[int | None]:
    width = width_of_type(typ)
    if typ in FORMATS:
        fmt = FORMATS[typ]
        edges = st.one_of(st.sampled_from(_specials(fmt)), st.sampled_from(_edges(fmt)))
    else:
        edges = st.sampled_from([0, 1, (1 << width) - 1, 1 << (width - 1), 3, 255 % (1 << width)])
    values = st.one_of(edges, edges, st.integers(0, (1 << width) - 1))
    return st.one_of(values, values, values, values, values, values, st.none())


# --- running both semantics -------------------------------------------------------------------

Outcome = tuple[int | None, ...]


def smt_outcome(
    module: ModuleOp,
    args: Sequence[int | None],
    direct: bool,
    fixed: Sequence[bool] = (),
    mode: str = "exact",
) -> Outcome:
    function = find_function(module, "f")
    assert function is not None
    b: SMTBuilder
    if direct:
        b = Z3Builder()
    else:
        block = Block()
        b = IRBuilder(block)
    ctx = LoweringContext(
        b, TypeWidths(64), module, fp_mode=mode, nondet=Nondeterminism(fixed=fixed)
    )
    pairs = []
    for arg, value in zip(function.body.blocks[0].args, args, strict=True):
        pairs.append(Pair(b.bv_const(value or 0, ctx.width(arg.type)), b.bool_const(value is None)))
    lowered = lower_function(ctx, function, pairs)
    terms = [(pair.value, pair.poison) for pair in lowered.results]
    if not direct:
        translator = translate_module(ModuleOp(Region(block)))
        terms = [(translator.term(v), translator.term(p)) for v, p in terms]
    results: list[int | None] = []
    for value, poison in terms:
        if z3.is_true(z3.simplify(poison)):
            results.append(None)
        else:
            folded = z3.simplify(value)
            assert z3.is_bv_value(folded), folded
            results.append(folded.as_long())  # type: ignore[attr-defined]
    return tuple(results)


def concrete_outcome(
    module: ModuleOp, args: Sequence[int | None], fixed: Sequence[bool] = ()
) -> Outcome:
    asked: list[int] = []

    def oracle(_op: Operation, kind: str) -> int | None:
        if kind == "nan_bits":
            return None
        position = len(asked)
        asked.append(int(position < len(fixed) and fixed[position]))
        return asked[-1]

    values = [POISON if a is None else a for a in args]
    with choices(oracle):
        run = run_function(module, "f", values, 64)
    assert run.ub is None
    return tuple(None if isinstance(v, Poison) else int(v) for v in run.results)


def show(args: Sequence[int | None]) -> str:
    return ", ".join("poison" if a is None else hex(a) for a in args)


def check_program(data: st.DataObject, program: Program, abstract: bool = False) -> None:
    args = [data.draw(argument(typ), label=name) for name, typ in program.args]
    fixed = data.draw(st.lists(st.booleans(), max_size=6), label="choices")
    note(f"{program.text}\nargs: {show(args)}\nchoices: {fixed}")
    module = parse_module("generated.mlir", program.text)
    concrete = concrete_outcome(module, args, fixed)
    mode = "abstract" if abstract else "exact"
    for direct in (False, True):
        smt = smt_outcome(module, args, direct, fixed, mode)
        assert smt == concrete, (
            f"{'Z3 builder' if direct else 'semantics IR'} ({mode}) and concrete interpreter "
            f"disagree\n{program.text}args: {show(args)}\nchoices: {fixed}\n"
            f"  SMT:      {[None if v is None else hex(v) for v in smt]}\n"
            f"  concrete: {[None if v is None else hex(v) for v in concrete]}"
        )


# --- tests ------------------------------------------------------------------------------------


def test_every_float_op_has_both_semantics() -> None:
    assert set(SEMANTICS_RULES) >= FLOAT_OPS
    assert set(CONCRETE_RULES) >= FLOAT_OPS


@settings(differential, max_examples=200)
@given(data=st.data())
def test_float_programs_agree(data: st.DataObject) -> None:
    check_program(data, data.draw(programs(), label="program"))


@pytest.mark.parametrize(
    "op", [*ARITH, "negf", *MIN_MAX, "cmpf", "extf", "truncf", "fptoi", "itofp"]
)
@settings(differential, max_examples=40)
@given(data=st.data())
def test_single_float_op_agrees(op: str, data: st.DataObject) -> None:
    """Each op on its own (so that none is starved), on edge values."""
    p = data.draw(programs(ops=(0, 0)), label="arguments")
    typ = next(t for t in p.values if t in FORMATS)
    flags = _fastmath(data.draw(st.sampled_from(FLAGS)))
    x, y = p.values[typ][0], p.values[typ][-1]
    n_type = next(t for t in p.values if t in INT_TYPES)
    if op in ARITH or op in MIN_MAX:
        p.lines.append(f"{p.fresh(typ)} = arith.{op} {x}, {y}{flags} : {typ}")
    elif op == "negf":
        p.lines.append(f"{p.fresh(typ)} = arith.negf {x}{flags} : {typ}")
    elif op == "cmpf":
        predicate = data.draw(st.sampled_from(CMPF_PREDICATES))
        p.lines.append(f"{p.fresh('i1')} = arith.cmpf {predicate}, {x}, {y}{flags} : {typ}")
    elif op == "extf" and WIDER[typ]:
        to = data.draw(st.sampled_from(WIDER[typ]))
        p.lines.append(f"{p.fresh(to)} = arith.extf {x}{flags} : {typ} to {to}")
    elif op == "truncf" and NARROWER[typ]:
        to = data.draw(st.sampled_from(NARROWER[typ]))
        mode = data.draw(st.sampled_from(ROUNDING))
        p.lines.append(
            f"{p.fresh(to)} = arith.truncf {x} {mode} : {typ} to {to}".replace("  ", " ")
        )
    elif op == "fptoi":
        to = data.draw(st.sampled_from(INT_TYPES))
        kind = data.draw(st.sampled_from(["fptosi", "fptoui"]))
        p.lines.append(f"{p.fresh(to)} = arith.{kind} {x} : {typ} to {to}")
    elif op == "itofp":
        kind = data.draw(st.sampled_from(["sitofp", "uitofp"]))
        p.lines.append(f"{p.fresh(typ)} = arith.{kind} %n : {n_type} to {typ}")
    else:
        p.lines.append(f"{p.fresh(typ)} = arith.negf {x} : {typ}")
    check_program(data, p)


@settings(differential, max_examples=100)
@given(data=st.data())
def test_abstract_mode_keeps_the_cheap_ops_exact(data: st.DataObject) -> None:
    """negf, min/max, cmpf, select, bitcast and constants are exact in the abstract mode."""
    check_program(data, data.draw(programs(abstract=True), label="program"), abstract=True)


# --- the concrete rounding against struct and Python floats -----------------------------------

STRUCT_CODES = {"f16": "e", "f32": "f", "f64": "d"}


def _struct_bits(value: float, name: str) -> int | None:
    code = STRUCT_CODES[name]
    try:
        packed = struct.pack(f">{code}", value)
    except OverflowError:
        return None
    return int.from_bytes(packed, "big")


@settings(max_examples=400, deadline=None)
@given(st.floats(allow_nan=False), st.sampled_from(sorted(STRUCT_CODES)))
def test_rounding_matches_struct(value: float, name: str) -> None:
    expected = _struct_bits(value, name)
    got = ieee.encode(value, FORMATS[name])
    if expected is None:  # struct refuses to round to infinity
        assert got is not None and FORMATS[name].is_inf(got)
    else:
        assert got == expected, (value, name)


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False), st.floats(allow_nan=False))
def test_f64_arithmetic_matches_python_floats(x: float, y: float) -> None:
    for kernel, native in ((ieee.add, x + y), (ieee.subtract, x - y), (ieee.multiply, x * y)):
        assert kernel(x, y, F64) == _struct_bits(native, "f64") or (
            kernel(x, y, F64) is None and math.isnan(native)
        )
    if y != 0:
        quotient = ieee.divide(x, y, F64)
        assert quotient == _struct_bits(x / y, "f64") or (quotient is None and math.isnan(x / y))
    if y != 0 and not math.isinf(x):
        assert ieee.fmod(x, y, F64) == _struct_bits(math.fmod(x, y), "f64")


def test_bf16_rounding_by_hand() -> None:
    """bf16 is the top half of f32, rounded to nearest even on the dropped 16 bits."""
    for f32_bits, bf16 in [(0x3F808000, 0x3F80), (0x3F818000, 0x3F82), (0x3F808001, 0x3F81)]:
        value = ieee.decode(f32_bits, F32)
        assert ieee.encode(value, BF16) == bf16
    assert ieee.round_to_format(Fraction(1, 3), BF16) == 0x3EAB


def _edge_program(typ: str) -> str:
    """Every binary float op and cmpf predicate on (%x, %y), plus the unary ops on %x."""
    fmt = FORMATS[typ]
    lines: list[str] = []
    results: list[tuple[str, str]] = []

    def add(line: str, result_type: str) -> None:
        name = f"%r{len(lines)}"
        lines.append(f"{name} = {line}")
        results.append((name, result_type))

    for op in (*ARITH, *MIN_MAX):
        add(f"arith.{op} %x, %y : {typ}", typ)
    add(f"arith.divf %x, %y fastmath<nsz> : {typ}", typ)
    add(f"arith.addf %x, %y fastmath<nnan,ninf> : {typ}", typ)
    for predicate in CMPF_PREDICATES:
        add(f"arith.cmpf {predicate}, %x, %y : {typ}", "i1")
    add(f"arith.negf %x : {typ}", typ)
    for to in WIDER[typ]:
        add(f"arith.extf %x : {typ} to {to}", to)
    for to in NARROWER[typ]:
        add(f"arith.truncf %x : {typ} to {to}", to)
    for op in ("fptosi", "fptoui"):
        add(f"arith.{op} %x : {typ} to i{fmt.width}", f"i{fmt.width}")
    types = ", ".join(t for _, t in results)
    body = "\n".join(f"  {line}" for line in lines)
    names = ", ".join(n for n, _ in results)
    return (
        f"func.func @f(%x: {typ}, %y: {typ}) -> ({types}) {{\n{body}\n"
        f"  func.return {names} : {types}\n}}\n"
    )


def _edge_values(fmt: FloatFormat) -> list[int]:
    one = fmt.bias << fmt.mantissa_bits
    finite = [one, one | fmt.sign_mask | (1 << (fmt.mantissa_bits - 1)), 1]
    finite += [fmt.exponent_mask - 1, 1 << fmt.mantissa_bits, (fmt.bias + 1) << fmt.mantissa_bits]
    return _specials(fmt)[:-1] + finite


@pytest.mark.parametrize("typ", sorted(FORMATS))
def test_edge_values_exhaustively(typ: str) -> None:
    """All pairs of special and edge values through every op (both back ends in turn, and
    every choice `nsz` / `maxnumf` leaves open set one way or the other)."""
    fmt = FORMATS[typ]
    module = parse_module("edges.mlir", _edge_program(typ))
    values = _edge_values(fmt)
    for i, x in enumerate(values):
        for j, y in enumerate(values):
            fixed = [bool((i + j) % 2)] * 4
            concrete = concrete_outcome(module, [x, y], fixed)
            smt = smt_outcome(module, [x, y], (i + j) % 3 == 0, fixed)
            assert smt == concrete, (typ, hex(x), hex(y), fixed)
