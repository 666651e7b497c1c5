"""The two back ends of the semantics dialects agree on every op.

Each op is applied to random constants; the Z3 back end's term and the SMT-LIB printer's
script (parsed back by Z3) must give the same value, and that value must match a direct
Python computation of the SMT-LIB operator, so a wrong translation in either fails.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import z3
from hypothesis import given, settings
from hypothesis import strategies as st
from xdsl.dialects import smt
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Block, Region, SSAValue
from xdsl.parser import Parser

from irproof.dialects.smt import bv, effect, poison
from irproof.dialects.smt.array import ArrayBroadcastOp, ArraySelectOp, ArrayStoreOp, ArrayType
from irproof.dialects.smt.dialect import semantics_context
from irproof.dialects.smt.smtlib import print_smtlib
from irproof.dialects.smt.z3_backend import translate_module
from irproof.semantics.builder import IRBuilder


def signed(v: int, w: int) -> int:
    return v - (1 << w) if v >> (w - 1) & 1 else v


def sdiv(a: int, b: int, w: int) -> int:
    if b == 0:
        return (1 << w) - 1 if signed(a, w) >= 0 else 1
    sa, sb = signed(a, w), signed(b, w)
    q = abs(sa) // abs(sb)
    return (q if (sa < 0) == (sb < 0) else -q) % (1 << w)


def srem(a: int, b: int, w: int) -> int:
    if b == 0:
        return a
    sa, sb = signed(a, w), signed(b, w)
    r = abs(sa) % abs(sb)
    return (-r if sa < 0 else r) % (1 << w)


def smod(a: int, b: int, w: int) -> int:
    if b == 0:
        return a
    return (signed(a, w) % signed(b, w)) % (1 << w)  # Python's % takes the divisor's sign


BINARY: dict[type[smt.BinaryBVOp], Callable[[int, int, int], int]] = {
    smt.BVAndOp: lambda a, b, w: a & b,
    smt.BVOrOp: lambda a, b, w: a | b,
    smt.BVXOrOp: lambda a, b, w: a ^ b,
    smt.BVAddOp: lambda a, b, w: (a + b) % (1 << w),
    smt.BVMulOp: lambda a, b, w: (a * b) % (1 << w),
    smt.BVUDivOp: lambda a, b, w: a // b if b else (1 << w) - 1,
    smt.BVURemOp: lambda a, b, w: a % b if b else a,
    smt.BVSDivOp: sdiv,
    smt.BVSRemOp: srem,
    smt.BVSModOp: smod,
    smt.BVShlOp: lambda a, b, w: (a << b) % (1 << w) if b < w else 0,
    smt.BVLShrOp: lambda a, b, w: a >> b if b < w else 0,
    smt.BVAShrOp: lambda a, b, w: (signed(a, w) >> min(b, w)) % (1 << w),
}

CMP: dict[bv.BVCmpPredicate, Callable[[int, int, int], bool]] = {
    bv.BVCmpPredicate.SLT: lambda a, b, w: signed(a, w) < signed(b, w),
    bv.BVCmpPredicate.SLE: lambda a, b, w: signed(a, w) <= signed(b, w),
    bv.BVCmpPredicate.SGT: lambda a, b, w: signed(a, w) > signed(b, w),
    bv.BVCmpPredicate.SGE: lambda a, b, w: signed(a, w) >= signed(b, w),
    bv.BVCmpPredicate.ULT: lambda a, b, w: a < b,
    bv.BVCmpPredicate.ULE: lambda a, b, w: a <= b,
    bv.BVCmpPredicate.UGT: lambda a, b, w: a > b,
    bv.BVCmpPredicate.UGE: lambda a, b, w: a >= b,
}


def both_backends(build: Callable[[IRBuilder], SSAValue]) -> tuple[z3.ExprRef, z3.ExprRef]:
    """Value of the built term through the Z3 back end and through SMT-LIB text."""
    block = Block()
    b = IRBuilder(block)
    result = build(b)
    probe = b.declare("probe", result.type)  # type: ignore[arg-type]
    b.assert_(b.eq(probe, result))
    module = ModuleOp(Region(block))
    t = translate_module(module)
    direct = z3.simplify(t.term(result))
    solver = z3.Solver()
    solver.from_string(print_smtlib(module))
    assert solver.check() == z3.sat
    model = solver.model()
    (probe_decl,) = [d for d in model.decls() if d.name().startswith("probe")]
    return direct, model[probe_decl]


def as_int(term: z3.ExprRef) -> int:
    return term.as_long()  # type: ignore[attr-defined]


operands = st.integers(1, 16).flatmap(
    lambda w: st.tuples(st.just(w), st.integers(0, (1 << w) - 1), st.integers(0, (1 << w) - 1))
)


@pytest.mark.parametrize("op_type", list(BINARY), ids=lambda t: t.name)
@settings(max_examples=25, deadline=None)
@given(operands)
def test_binary_bv_ops(op_type: type[smt.BinaryBVOp], wab: tuple[int, int, int]) -> None:
    w, a, c = wab
    direct, text = both_backends(lambda b: b.binary(op_type, b.bv_const(a, w), b.bv_const(c, w)))
    expected = BINARY[op_type](a, c, w)
    assert as_int(direct) == as_int(text) == expected


@pytest.mark.parametrize("predicate", list(bv.BVCmpPredicate))
@settings(max_examples=15, deadline=None)
@given(operands)
def test_bv_cmp(predicate: bv.BVCmpPredicate, wab: tuple[int, int, int]) -> None:
    w, a, c = wab
    direct, text = both_backends(lambda b: b.cmp(predicate, b.bv_const(a, w), b.bv_const(c, w)))
    expected = CMP[predicate](a, c, w)
    assert z3.is_true(direct) == z3.is_true(text) == expected


@settings(max_examples=30, deadline=None)
@given(operands, st.integers(0, 16), st.integers(1, 4))
def test_structural_bv_ops(wab: tuple[int, int, int], extra: int, count: int) -> None:
    w, a, c = wab
    cases: list[tuple[Callable[[IRBuilder], SSAValue], int]] = [
        (lambda b: b.emit(bv.BVConcatOp(b.bv_const(a, w), b.bv_const(c, w))), (a << w) | c),
        (lambda b: b.zext(b.bv_const(a, w), w + extra), a),
        (lambda b: b.sext(b.bv_const(a, w), w + extra), signed(a, w) % (1 << (w + extra))),
        (lambda b: b.extract(b.bv_const(a, w), w // 2, w - w // 2), a >> (w // 2)),
        (
            lambda b: b.emit(bv.BVRepeatOp(count, b.bv_const(a, w))),
            sum(a << (i * w) for i in range(count)),
        ),
        (lambda b: b.emit(smt.BVNotOp(b.bv_const(a, w))), a ^ ((1 << w) - 1)),
        (lambda b: b.emit(smt.BVNegOp(b.bv_const(a, w))), (-a) % (1 << w)),
    ]
    for build, expected in cases:
        direct, text = both_backends(build)
        assert as_int(direct) == as_int(text) == expected


@settings(max_examples=30, deadline=None)
@given(st.booleans(), st.booleans(), st.booleans())
def test_bool_and_effect_ops(p: bool, q: bool, r: bool) -> None:
    cases: list[tuple[Callable[[IRBuilder], SSAValue], bool]] = [
        (lambda b: b.emit(smt.AndOp(b.bool_const(p), b.bool_const(q))), p and q),
        (lambda b: b.emit(smt.OrOp(b.bool_const(p), b.bool_const(q))), p or q),
        (lambda b: b.emit(smt.XOrOp(b.bool_const(p), b.bool_const(q))), p != q),
        (lambda b: b.emit(smt.ImpliesOp(b.bool_const(p), b.bool_const(q))), (not p) or q),
        (lambda b: b.emit(smt.NotOp(b.bool_const(p))), not p),
        (
            lambda b: b.emit(smt.IteOp(b.bool_const(p), b.bool_const(q), b.bool_const(r))),
            q if p else r,
        ),
        (lambda b: b.emit(smt.DistinctOp(b.bool_const(p), b.bool_const(q))), p != q),
        (
            lambda b: b.has_ub(
                b.emit(
                    effect.UBIfOp(
                        b.emit(effect.UBIfOp(b.effect_init(), b.bool_const(p))), b.bool_const(q)
                    )
                )
            ),
            p or q,
        ),
        (
            lambda b: b.emit(
                poison.IsPoisonOp(b.emit(poison.PackOp(b.bv_const(3, 4), b.bool_const(p))))
            ),
            p,
        ),
    ]
    for build, expected in cases:
        direct, text = both_backends(build)
        assert z3.is_true(direct) == z3.is_true(text) == expected


@settings(max_examples=20, deadline=None)
@given(operands, st.integers(0, 255))
def test_array_ops(wab: tuple[int, int, int], fill: int) -> None:
    w, i, j = wab
    typ = ArrayType(smt.BitVectorType(w), smt.BitVectorType(8))

    def build(b: IRBuilder) -> SSAValue:
        base = b.emit(ArrayBroadcastOp(b.bv_const(fill, 8), typ))
        stored = b.emit(ArrayStoreOp(base, b.bv_const(i, w), b.bv_const(7, 8)))
        return b.emit(ArraySelectOp(stored, b.bv_const(j, w)))

    direct, text = both_backends(build)
    assert as_int(direct) == as_int(text) == (7 if i == j else fill)


def test_semantics_ir_round_trips_through_the_parser() -> None:
    text = """
    %a = smt.declare_fun "a" : !smt.bv<8>
    %p = smt.declare_fun : !smt.bool
    %c = smt.bv.cmp ule %a, %a : !smt.bv<8>
    %d = smt.bv.concat %a, %a : !smt.bv<8>, !smt.bv<8>
    %e = smt.bv.extract %d from 4 : (!smt.bv<16>) -> !smt.bv<8>
    %f = smt.bv.repeat 2 times %e : !smt.bv<8>
    %g = smt.bv.zero_extend %a : !smt.bv<8> to !smt.bv<12>
    %h = smt.bv.sign_extend %a : !smt.bv<8> to !smt.bv<12>
    %arr = smt.array.broadcast %a : !smt.array<[!smt.bv<8> -> !smt.bv<8>]>
    %s = smt.array.store %arr[%a], %a : !smt.array<[!smt.bv<8> -> !smt.bv<8>]>
    %v = smt.array.select %s[%a] : !smt.array<[!smt.bv<8> -> !smt.bv<8>]>
    %pp = poison.pack %a, %p : !smt.bv<8>
    %pv = poison.value %pp : !poison.pair<!smt.bv<8>>
    %pi = poison.is_poison %pp : !poison.pair<!smt.bv<8>>
    %s0 = effect.init
    %s1 = effect.ub_if %s0, %c
    %u = effect.has_ub %s1
    smt.assert %u
    """
    module = Parser(semantics_context(), text).parse_module()
    module.verify()
    printed = str(module)
    again = Parser(semantics_context(), printed).parse_module()
    assert str(again) == printed
    for name in ("smt.bv.cmp ule", "from 4", "2 times", "poison.pack", "effect.ub_if"):
        assert name in printed
