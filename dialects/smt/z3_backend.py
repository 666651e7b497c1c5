"""Fast path: translate semantics IR straight into Z3 ASTs (in-process, no text round trip).

One small translation per op class in `Z3_RULES`. A poison pair becomes a Python tuple
(value, is_poison) and an effect state a Z3 boolean, so neither needs an SMT sort.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import z3
from xdsl.dialects import smt
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Attribute, Operation, SSAValue

from irproof.dialects.smt import array, bv, effect, fp, poison
from irproof.tables import registrar

Term = Any  # a z3.ExprRef, or a tuple of two for a poison pair
Z3Rule = Callable[[Operation, Sequence[Term], "Z3Translator"], Term]
Z3_RULES: dict[type[Operation], Z3Rule] = {}


class UnsupportedSMTOp(Exception):
    """An op of the semantics IR that has no Z3 translation."""


def z3_sort(typ: Attribute) -> z3.SortRef:
    """The Z3 sort of an SMT dialect type."""
    if isinstance(typ, smt.BitVectorType):
        return z3.BitVecSort(typ.width.data)
    if isinstance(typ, smt.BoolType):
        return z3.BoolSort()
    if isinstance(typ, array.ArrayType):
        return z3.ArraySort(z3_sort(typ.domain), z3_sort(typ.range))
    if isinstance(typ, fp.FloatingPointType):
        return z3.FPSort(typ.eb, typ.sb)
    raise UnsupportedSMTOp(f"no Z3 sort for type {typ}")


class Z3Translator:
    """Maps each SSA value of semantics IR to its Z3 term."""

    def __init__(self) -> None:
        self.terms: dict[SSAValue, Term] = {}
        self.assertions: list[z3.BoolRef] = []
        self._fresh = itertools.count()

    def fresh_name(self, prefix: str) -> str:
        return f"{prefix}!{next(self._fresh)}"

    def term(self, value: SSAValue) -> Term:
        return self.terms[value]

    def translate_ops(self, ops: Iterable[Operation]) -> None:
        for op in ops:
            rule = Z3_RULES.get(type(op))
            if rule is None:
                raise UnsupportedSMTOp(f"no Z3 translation for '{op.name}'")
            result = rule(op, [self.terms[o] for o in op.operands], self)
            if op.results:
                self.terms[op.results[0]] = result


def translate_module(module: ModuleOp) -> Z3Translator:
    """Translate a module of semantics IR; `smt.assert`s are collected in `.assertions`."""
    translator = Z3Translator()
    translator.translate_ops(module.ops)
    return translator


_rule: Callable[..., Callable[[Z3Rule], Z3Rule]] = registrar(Z3_RULES)
"""`@_rule(*op_types)`: the Z3 translation of ops of those types."""


def _binary(op_type: type[Operation], fn: Callable[[Any, Any], Any]) -> None:
    Z3_RULES[op_type] = lambda _op, args, _t: fn(args[0], args[1])


def _unary(op_type: type[Operation], fn: Callable[[Any], Any]) -> None:
    Z3_RULES[op_type] = lambda _op, args, _t: fn(args[0])


# --- core -------------------------------------------------------------------------------------


@_rule(smt.DeclareFunOp)
def _declare(op: Operation, _args: Sequence[Term], t: Z3Translator) -> Term:
    assert isinstance(op, smt.DeclareFunOp)
    prefix = op.name_prefix.data if op.name_prefix else "v"
    typ = op.result.type
    if isinstance(typ, smt.FuncType):  # an uninterpreted function
        sorts = [z3_sort(d) for d in typ.domain_types] + [z3_sort(typ.range_type)]
        return z3.Function(t.fresh_name(prefix), *sorts)
    return z3.Const(t.fresh_name(prefix), z3_sort(typ))


Z3_RULES[smt.ApplyFuncOp] = lambda _op, args, _t: args[0](*args[1:])


@_rule(smt.ConstantBoolOp)
def _bool_constant(op: Operation, _args: Sequence[Term], _t: Z3Translator) -> Term:
    assert isinstance(op, smt.ConstantBoolOp)
    return z3.BoolVal(op.value)


@_rule(smt.BvConstantOp)
def _bv_constant(op: Operation, _args: Sequence[Term], _t: Z3Translator) -> Term:
    assert isinstance(op, smt.BvConstantOp)
    return z3.BitVecVal(op.value.value.data, op.value.type.width.data)


@_rule(smt.AssertOp)
def _assert(_op: Operation, args: Sequence[Term], t: Z3Translator) -> Term:
    t.assertions.append(args[0])
    return None


_unary(smt.NotOp, z3.Not)
Z3_RULES[smt.AndOp] = lambda _op, args, _t: z3.And(*args)
Z3_RULES[smt.OrOp] = lambda _op, args, _t: z3.Or(*args)
Z3_RULES[smt.XOrOp] = lambda _op, args, _t: _xor_all(args)
_binary(smt.ImpliesOp, z3.Implies)
Z3_RULES[smt.EqOp] = lambda _op, args, _t: z3.And(*[a == b for a, b in itertools.pairwise(args)])
Z3_RULES[smt.DistinctOp] = lambda _op, args, _t: z3.Distinct(*args)
Z3_RULES[smt.IteOp] = lambda _op, args, _t: z3.If(args[0], args[1], args[2])


def _xor_all(args: Sequence[Term]) -> Term:
    result = args[0]
    for arg in args[1:]:
        result = z3.Xor(result, arg)
    return result


# --- bit-vectors ------------------------------------------------------------------------------

_unary(smt.BVNotOp, lambda a: ~a)
_unary(smt.BVNegOp, lambda a: -a)
_binary(smt.BVAndOp, lambda a, b: a & b)
_binary(smt.BVOrOp, lambda a, b: a | b)
_binary(smt.BVXOrOp, lambda a, b: a ^ b)
_binary(smt.BVAddOp, lambda a, b: a + b)
_binary(smt.BVMulOp, lambda a, b: a * b)
_binary(smt.BVUDivOp, z3.UDiv)
_binary(smt.BVSDivOp, lambda a, b: a / b)
_binary(smt.BVURemOp, z3.URem)
_binary(smt.BVSRemOp, z3.SRem)
_binary(smt.BVSModOp, lambda a, b: a % b)
_binary(smt.BVShlOp, lambda a, b: a << b)
_binary(smt.BVLShrOp, z3.LShR)
_binary(smt.BVAShrOp, lambda a, b: a >> b)
_binary(bv.BVConcatOp, z3.Concat)

BV_CMP: dict[bv.BVCmpPredicate, Callable[[Any, Any], Any]] = {
    bv.BVCmpPredicate.SLT: lambda a, b: a < b,
    bv.BVCmpPredicate.SLE: lambda a, b: a <= b,
    bv.BVCmpPredicate.SGT: lambda a, b: a > b,
    bv.BVCmpPredicate.SGE: lambda a, b: a >= b,
    bv.BVCmpPredicate.ULT: z3.ULT,
    bv.BVCmpPredicate.ULE: z3.ULE,
    bv.BVCmpPredicate.UGT: z3.UGT,
    bv.BVCmpPredicate.UGE: z3.UGE,
}


@_rule(bv.BVCmpOp)
def _bv_cmp(op: Operation, args: Sequence[Term], _t: Z3Translator) -> Term:
    assert isinstance(op, bv.BVCmpOp)
    return BV_CMP[op.predicate](args[0], args[1])


@_rule(bv.BVExtractOp)
def _extract(op: Operation, args: Sequence[Term], _t: Z3Translator) -> Term:
    assert isinstance(op, bv.BVExtractOp)
    low = op.low_bit.data
    width = z3_sort(op.result.type).size()  # type: ignore[attr-defined]
    return z3.Extract(low + width - 1, low, args[0])


@_rule(bv.BVRepeatOp)
def _repeat(op: Operation, args: Sequence[Term], _t: Z3Translator) -> Term:
    assert isinstance(op, bv.BVRepeatOp)
    return z3.RepeatBitVec(op.count.data, args[0])


@_rule(bv.BVZeroExtendOp)
def _zext(op: Operation, args: Sequence[Term], _t: Z3Translator) -> Term:
    assert isinstance(op, bv.BVZeroExtendOp)
    return z3.ZeroExt(op.extra_bits, args[0]) if op.extra_bits else args[0]


@_rule(bv.BVSignExtendOp)
def _sext(op: Operation, args: Sequence[Term], _t: Z3Translator) -> Term:
    assert isinstance(op, bv.BVSignExtendOp)
    return z3.SignExt(op.extra_bits, args[0]) if op.extra_bits else args[0]


# --- arrays -----------------------------------------------------------------------------------

_binary(array.ArraySelectOp, z3.Select)
Z3_RULES[array.ArrayStoreOp] = lambda _op, args, _t: z3.Store(args[0], args[1], args[2])


@_rule(array.ArrayBroadcastOp)
def _broadcast(op: Operation, args: Sequence[Term], _t: Z3Translator) -> Term:
    assert isinstance(op, array.ArrayBroadcastOp)
    typ = op.result.type
    assert isinstance(typ, array.ArrayType)
    return z3.K(z3_sort(typ.domain), args[0])


# --- poison pairs and effects -----------------------------------------------------------------

Z3_RULES[poison.PackOp] = lambda _op, args, _t: (args[0], args[1])
_unary(poison.ValueOp, lambda pair: pair[0])
_unary(poison.IsPoisonOp, lambda pair: pair[1])
Z3_RULES[effect.InitOp] = lambda _op, _args, _t: z3.BoolVal(False)
Z3_RULES[effect.UBIfOp] = lambda _op, args, _t: z3.Or(args[0], args[1])
_unary(effect.HasUBOp, lambda state: state)


# --- floating point ---------------------------------------------------------------------------

FPRule = Callable[[Sequence[Any], fp.FPAttrs], Any]

_ROUNDING: dict[fp.RoundingMode, Callable[[], Any]] = {
    fp.RoundingMode.RNE: z3.RNE,
    fp.RoundingMode.RNA: z3.RNA,
    fp.RoundingMode.RTP: z3.RTP,
    fp.RoundingMode.RTN: z3.RTN,
    fp.RoundingMode.RTZ: z3.RTZ,
}

FP_CMP: dict[fp.FPCmpPredicate, Callable[[Any, Any], Any]] = {
    fp.FPCmpPredicate.EQ: z3.fpEQ,
    fp.FPCmpPredicate.LT: z3.fpLT,
    fp.FPCmpPredicate.LEQ: z3.fpLEQ,
    fp.FPCmpPredicate.GT: z3.fpGT,
    fp.FPCmpPredicate.GEQ: z3.fpGEQ,
}


def _rm(attrs: fp.FPAttrs) -> Any:
    assert attrs.rm is not None
    return _ROUNDING[attrs.rm]()


def _result_sort(attrs: fp.FPAttrs) -> Any:
    assert attrs.result is not None
    return z3_sort(attrs.result)


def _result_width(attrs: fp.FPAttrs) -> int:
    assert isinstance(attrs.result, smt.BitVectorType)
    return attrs.result.width.data


def _fp_constant(_args: Sequence[Any], attrs: fp.FPAttrs) -> Any:
    sort = _result_sort(attrs)
    assert attrs.bits is not None
    return z3.simplify(z3.fpBVToFP(z3.BitVecVal(attrs.bits, sort.ebits() + sort.sbits()), sort))


FP_Z3: dict[type[fp.FPOp], FPRule] = {
    fp.FPAddOp: lambda a, attrs: z3.fpAdd(_rm(attrs), a[0], a[1]),
    fp.FPSubOp: lambda a, attrs: z3.fpSub(_rm(attrs), a[0], a[1]),
    fp.FPMulOp: lambda a, attrs: z3.fpMul(_rm(attrs), a[0], a[1]),
    fp.FPDivOp: lambda a, attrs: z3.fpDiv(_rm(attrs), a[0], a[1]),
    fp.FPRemOp: lambda a, _: z3.fpRem(a[0], a[1]),
    fp.FPMinOp: lambda a, _: z3.fpMin(a[0], a[1]),
    fp.FPMaxOp: lambda a, _: z3.fpMax(a[0], a[1]),
    fp.FPNegOp: lambda a, _: z3.fpNeg(a[0]),
    fp.FPAbsOp: lambda a, _: z3.fpAbs(a[0]),
    fp.FPRoundToIntegralOp: lambda a, attrs: z3.fpRoundToIntegral(_rm(attrs), a[0]),
    fp.FPCmpOp: lambda a, attrs: FP_CMP[attrs.pred](a[0], a[1]),  # type: ignore[index]
    fp.FPIsNaNOp: lambda a, _: z3.fpIsNaN(a[0]),
    fp.FPIsInfiniteOp: lambda a, _: z3.fpIsInf(a[0]),
    fp.FPIsZeroOp: lambda a, _: z3.fpIsZero(a[0]),
    fp.FPIsNegativeOp: lambda a, _: z3.fpIsNegative(a[0]),
    fp.FPIsPositiveOp: lambda a, _: z3.fpIsPositive(a[0]),
    fp.FPIsNormalOp: lambda a, _: z3.fpIsNormal(a[0]),
    fp.FPIsSubnormalOp: lambda a, _: z3.fpIsSubnormal(a[0]),
    fp.FPConstantOp: _fp_constant,
    fp.FPFromBitsOp: lambda a, attrs: z3.fpBVToFP(a[0], _result_sort(attrs)),
    fp.FPToIEEEBVOp: lambda a, _: z3.fpToIEEEBV(a[0]),
    fp.FPToFPOp: lambda a, attrs: z3.fpFPToFP(_rm(attrs), a[0], _result_sort(attrs)),
    fp.FPFromSBVOp: lambda a, attrs: z3.fpSignedToFP(_rm(attrs), a[0], _result_sort(attrs)),
    fp.FPFromUBVOp: lambda a, attrs: z3.fpUnsignedToFP(_rm(attrs), a[0], _result_sort(attrs)),
    fp.FPToSBVOp: lambda a, attrs: z3.fpToSBV(
        _rm(attrs), a[0], z3.BitVecSort(_result_width(attrs))
    ),
    fp.FPToUBVOp: lambda a, attrs: z3.fpToUBV(
        _rm(attrs), a[0], z3.BitVecSort(_result_width(attrs))
    ),
}
"""The Z3 meaning of each FP op from its operands and `FPAttrs` (shared with `Z3Builder`)."""


def _fp_rule(rule: FPRule) -> Z3Rule:
    def translate(op: Operation, args: Sequence[Term], _t: Z3Translator) -> Term:
        assert isinstance(op, fp.FPOp)
        return rule(args, op.attrs)

    return translate


for _fp_op, _fp_fn in FP_Z3.items():
    Z3_RULES[_fp_op] = _fp_rule(_fp_fn)
