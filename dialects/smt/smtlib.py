"""Portable path: print semantics IR as an SMT-LIB 2 script that any solver accepts.

Each SSA value becomes a `define-fun` (or `declare-fun` for `smt.declare_fun`), so the
script is linear in the size of the IR. Poison pairs print as two names; an effect state
as a Bool. One small printer per op class in `SMTLIB_RULES`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence

from xdsl.dialects import smt
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Attribute, Operation, SSAValue

from irproof.dialects.smt import array, bv, effect, fp, poison

Text = str | tuple[str, str]  # an S-expression, or (value, is_poison) for a pair
SMTLibRule = Callable[[Operation, Sequence[Text]], Text]
SMTLIB_RULES: dict[type[Operation], SMTLibRule] = {}


class UnsupportedSMTLibOp(Exception):
    """An op of the semantics IR that has no SMT-LIB rendering."""


def smtlib_sort(typ: Attribute) -> str:
    """The SMT-LIB sort of an SMT dialect type."""
    if isinstance(typ, smt.BitVectorType):
        return f"(_ BitVec {typ.width.data})"
    if isinstance(typ, smt.BoolType | effect.StateType):
        return "Bool"
    if isinstance(typ, array.ArrayType):
        return f"(Array {smtlib_sort(typ.domain)} {smtlib_sort(typ.range)})"
    if isinstance(typ, fp.FloatingPointType):
        return f"(_ FloatingPoint {typ.eb} {typ.sb})"
    raise UnsupportedSMTLibOp(f"no SMT-LIB sort for type {typ}")


def _symbol(prefix: str, counter: itertools.count[int]) -> str:
    clean = re.sub(r"[^A-Za-z0-9_.]", "_", prefix) or "v"
    return f"{clean}_{next(counter)}"


def print_smtlib(module: ModuleOp, logic: str = "ALL") -> str:
    """The SMT-LIB 2 script of a module of semantics IR, ending in `(check-sat)`."""
    lines = [f"(set-logic {logic})"]
    names: dict[SSAValue, Text] = {}
    counter = itertools.count()
    for op in module.ops:
        args = [names[o] for o in op.operands]
        if isinstance(op, smt.DeclareFunOp):
            name = _symbol(op.name_prefix.data if op.name_prefix else "v", counter)
            lines.append(f"(declare-fun {name} {_signature(op.result.type)})")
            names[op.result] = name
            continue
        if isinstance(op, smt.AssertOp):
            lines.append(f"(assert {args[0]})")
            continue
        rule = SMTLIB_RULES.get(type(op))
        if rule is None:
            raise UnsupportedSMTLibOp(f"no SMT-LIB rendering for '{op.name}'")
        text = rule(op, args)
        if isinstance(text, tuple) or not op.results:
            names[op.results[0]] = text
            continue
        name = _symbol(op.results[0].name_hint or "t", counter)
        lines.append(f"(define-fun {name} () {smtlib_sort(op.results[0].type)} {text})")
        names[op.results[0]] = name
    lines.append("(check-sat)")
    return "\n".join(lines) + "\n"


def _signature(typ: Attribute) -> str:
    """`() Sort` of a constant, `(Domain...) Range` of an uninterpreted function."""
    if isinstance(typ, smt.FuncType):
        domain = " ".join(smtlib_sort(d) for d in typ.domain_types)
        return f"({domain}) {smtlib_sort(typ.range_type)}"
    return f"() {smtlib_sort(typ)}"


def _sexpr(operator: str) -> SMTLibRule:
    return lambda _op, args: f"({operator} {' '.join(str(a) for a in args)})"


for _op_type, _operator in {
    smt.NotOp: "not",
    smt.AndOp: "and",
    smt.OrOp: "or",
    smt.XOrOp: "xor",
    smt.ImpliesOp: "=>",
    smt.EqOp: "=",
    smt.DistinctOp: "distinct",
    smt.IteOp: "ite",
    smt.BVNotOp: "bvnot",
    smt.BVNegOp: "bvneg",
    smt.BVAndOp: "bvand",
    smt.BVOrOp: "bvor",
    smt.BVXOrOp: "bvxor",
    smt.BVAddOp: "bvadd",
    smt.BVMulOp: "bvmul",
    smt.BVUDivOp: "bvudiv",
    smt.BVSDivOp: "bvsdiv",
    smt.BVURemOp: "bvurem",
    smt.BVSRemOp: "bvsrem",
    smt.BVSModOp: "bvsmod",
    smt.BVShlOp: "bvshl",
    smt.BVLShrOp: "bvlshr",
    smt.BVAShrOp: "bvashr",
    bv.BVConcatOp: "concat",
    array.ArraySelectOp: "select",
    array.ArrayStoreOp: "store",
}.items():
    SMTLIB_RULES[_op_type] = _sexpr(_operator)


def _bool_constant(op: Operation, _args: Sequence[Text]) -> Text:
    assert isinstance(op, smt.ConstantBoolOp)
    return "true" if op.value else "false"


def _bv_constant(op: Operation, _args: Sequence[Text]) -> Text:
    assert isinstance(op, smt.BvConstantOp)
    width = op.value.type.width.data
    return f"#b{op.value.value.data:0{width}b}"


def _bv_cmp(op: Operation, args: Sequence[Text]) -> Text:
    assert isinstance(op, bv.BVCmpOp)
    return f"(bv{op.predicate.value} {args[0]} {args[1]})"


def _extract(op: Operation, args: Sequence[Text]) -> Text:
    assert isinstance(op, bv.BVExtractOp)
    typ = op.result.type
    assert isinstance(typ, smt.BitVectorType)
    low = op.low_bit.data
    return f"((_ extract {low + typ.width.data - 1} {low}) {args[0]})"


def _repeat(op: Operation, args: Sequence[Text]) -> Text:
    assert isinstance(op, bv.BVRepeatOp)
    return f"((_ repeat {op.count.data}) {args[0]})"


def _extend(kind: str) -> SMTLibRule:
    def render(op: Operation, args: Sequence[Text]) -> Text:
        assert isinstance(op, bv.BVZeroExtendOp | bv.BVSignExtendOp)
        return f"((_ {kind} {op.extra_bits}) {args[0]})"

    return render


def _broadcast(op: Operation, args: Sequence[Text]) -> Text:
    assert isinstance(op, array.ArrayBroadcastOp)
    return f"((as const {smtlib_sort(op.result.type)}) {args[0]})"


def _pair_part(index: int) -> SMTLibRule:
    def render(_op: Operation, args: Sequence[Text]) -> Text:
        pair = args[0]
        assert isinstance(pair, tuple)
        return pair[index]

    return render


SMTLIB_RULES.update(
    {
        smt.ConstantBoolOp: _bool_constant,
        smt.BvConstantOp: _bv_constant,
        bv.BVCmpOp: _bv_cmp,
        bv.BVExtractOp: _extract,
        bv.BVRepeatOp: _repeat,
        bv.BVZeroExtendOp: _extend("zero_extend"),
        bv.BVSignExtendOp: _extend("sign_extend"),
        array.ArrayBroadcastOp: _broadcast,
        poison.PackOp: lambda _op, args: (str(args[0]), str(args[1])),
        poison.ValueOp: _pair_part(0),
        poison.IsPoisonOp: _pair_part(1),
        effect.InitOp: lambda _op, _args: "false",
        effect.UBIfOp: lambda _op, args: f"(or {args[0]} {args[1]})",
        effect.HasUBOp: lambda _op, args: str(args[0]),
    }
)


# --- uninterpreted functions and floating point -----------------------------------------------

SMTLIB_RULES[smt.ApplyFuncOp] = lambda _op, args: f"({' '.join(str(a) for a in args)})"


def _fp_sexpr(operator: str, rounded: bool = False) -> SMTLibRule:
    def render(op: Operation, args: Sequence[Text]) -> Text:
        assert isinstance(op, fp.FPOp)
        rm = [_rounding(op.attrs)] if rounded else []
        return f"({operator} {' '.join([*rm, *(str(a) for a in args)])})"

    return render


def _rounding(attrs: fp.FPAttrs) -> str:
    assert attrs.rm is not None
    return attrs.rm.value.upper()


def _fp_sort_args(attrs: fp.FPAttrs) -> str:
    assert isinstance(attrs.result, fp.FloatingPointType)
    return f"{attrs.result.eb} {attrs.result.sb}"


def _fp_cmp(op: Operation, args: Sequence[Text]) -> Text:
    assert isinstance(op, fp.FPCmpOp)
    return f"(fp.{op.attrs.pred} {args[0]} {args[1]})"


def _fp_constant(op: Operation, _args: Sequence[Text]) -> Text:
    assert isinstance(op, fp.FPConstantOp)
    typ = op.result.type
    assert isinstance(typ, fp.FloatingPointType)
    bits, mantissa = op.bits_attr.data, typ.sb - 1
    sign = bits >> (typ.width - 1)
    exponent = (bits >> mantissa) & ((1 << typ.eb) - 1)
    fraction = bits & ((1 << mantissa) - 1)
    return f"(fp #b{sign} #b{exponent:0{typ.eb}b} #b{fraction:0{mantissa}b})"


def _fp_conversion(render: Callable[[fp.FPAttrs, Text], str]) -> SMTLibRule:
    def rule(op: Operation, args: Sequence[Text]) -> Text:
        assert isinstance(op, fp.FPOp)
        return render(op.attrs, args[0])

    return rule


def _bv_width(attrs: fp.FPAttrs) -> int:
    assert isinstance(attrs.result, smt.BitVectorType)
    return attrs.result.width.data


SMTLIB_RULES.update(
    {
        fp.FPAddOp: _fp_sexpr("fp.add", rounded=True),
        fp.FPSubOp: _fp_sexpr("fp.sub", rounded=True),
        fp.FPMulOp: _fp_sexpr("fp.mul", rounded=True),
        fp.FPDivOp: _fp_sexpr("fp.div", rounded=True),
        fp.FPRemOp: _fp_sexpr("fp.rem"),
        fp.FPMinOp: _fp_sexpr("fp.min"),
        fp.FPMaxOp: _fp_sexpr("fp.max"),
        fp.FPNegOp: _fp_sexpr("fp.neg"),
        fp.FPAbsOp: _fp_sexpr("fp.abs"),
        fp.FPRoundToIntegralOp: _fp_sexpr("fp.roundToIntegral", rounded=True),
        fp.FPCmpOp: _fp_cmp,
        fp.FPIsNaNOp: _fp_sexpr("fp.isNaN"),
        fp.FPIsInfiniteOp: _fp_sexpr("fp.isInfinite"),
        fp.FPIsZeroOp: _fp_sexpr("fp.isZero"),
        fp.FPIsNegativeOp: _fp_sexpr("fp.isNegative"),
        fp.FPIsPositiveOp: _fp_sexpr("fp.isPositive"),
        fp.FPIsNormalOp: _fp_sexpr("fp.isNormal"),
        fp.FPIsSubnormalOp: _fp_sexpr("fp.isSubnormal"),
        fp.FPConstantOp: _fp_constant,
        fp.FPFromBitsOp: _fp_conversion(lambda a, x: f"((_ to_fp {_fp_sort_args(a)}) {x})"),
        fp.FPToIEEEBVOp: _fp_conversion(lambda a, x: f"(fp.to_ieee_bv {x})"),
        fp.FPToFPOp: _fp_conversion(
            lambda a, x: f"((_ to_fp {_fp_sort_args(a)}) {_rounding(a)} {x})"
        ),
        fp.FPFromSBVOp: _fp_conversion(
            lambda a, x: f"((_ to_fp {_fp_sort_args(a)}) {_rounding(a)} {x})"
        ),
        fp.FPFromUBVOp: _fp_conversion(
            lambda a, x: f"((_ to_fp_unsigned {_fp_sort_args(a)}) {_rounding(a)} {x})"
        ),
        fp.FPToSBVOp: _fp_conversion(
            lambda a, x: f"((_ fp.to_sbv {_bv_width(a)}) {_rounding(a)} {x})"
        ),
        fp.FPToUBVOp: _fp_conversion(
            lambda a, x: f"((_ fp.to_ubv {_bv_width(a)}) {_rounding(a)} {x})"
        ),
    }
)
