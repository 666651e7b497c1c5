"""Semantics of the `arith` dialect's integer ops, one registered rule per op.

Poison and UB follow the op documentation of upstream MLIR (ArithOps.td) and LLVM LangRef where
it is silent; see `integer.py` for the shared encodings.
"""

from __future__ import annotations

from collections.abc import Sequence

from xdsl.dialects import smt
from xdsl.dialects.arith import IntegerOverflowFlag
from xdsl.dialects.builtin import FloatAttr, IntegerAttr
from xdsl.ir import Operation

from irproof.dialects.smt.bv import BVCmpPredicate as P
from irproof.semantics import integer
from irproof.semantics.arith_float import constant as float_constant
from irproof.semantics.builder import Pair, SMTBuilder, width_of
from irproof.semantics.lowering import LoweringContext, UnsupportedOp, semantics_rule

CMPI_PREDICATES = ("eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge")


def overflow_flags(op: Operation) -> tuple[bool, bool]:
    """(nsw, nuw) of an op's `overflowFlags` property."""
    attr = op.properties.get("overflowFlags")
    flags: frozenset[IntegerOverflowFlag] = getattr(attr, "data", frozenset())
    return IntegerOverflowFlag.NSW in flags, IntegerOverflowFlag.NUW in flags


def has_unit(op: Operation, name: str) -> bool:
    return op.properties.get(name) is not None or op.attributes.get(name) is not None


@semantics_rule("arith.constant")
def constant(op: Operation, _args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    attr = op.properties.get("value")
    if attr is None:
        attr = op.attributes.get("value")
    if isinstance(attr, FloatAttr):
        return float_constant(op, attr, ctx)
    if not isinstance(attr, IntegerAttr):
        raise UnsupportedOp(f"arith.constant {attr} has no semantics (scalars only)")
    b = ctx.smt
    return [Pair(b.bv_const(attr.value.data, ctx.result_width(op)), b.false())]


def _wrapping_rule(name: str, kind: str) -> None:
    @semantics_rule(name)
    def lower(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
        nsw, nuw = overflow_flags(op)
        return [integer.wrapping(ctx, kind, args, nsw, nuw)]


_wrapping_rule("arith.addi", "add")
_wrapping_rule("arith.subi", "sub")
_wrapping_rule("arith.muli", "mul")


def _pointwise_rule(name: str, fn: integer.ValueFn) -> None:
    lower_pair = integer.pointwise(fn)

    @semantics_rule(name)
    def lower(_op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
        return [lower_pair(ctx, args)]


def _bv(op_type: type[smt.BinaryBVOp]) -> integer.ValueFn:
    return lambda b, x, y: b.binary(op_type, x, y)


_pointwise_rule("arith.andi", _bv(smt.BVAndOp))
_pointwise_rule("arith.ori", _bv(smt.BVOrOp))
_pointwise_rule("arith.xori", _bv(smt.BVXOrOp))
_pointwise_rule("arith.maxsi", integer.select_by(P.SGT))
_pointwise_rule("arith.maxui", integer.select_by(P.UGT))
_pointwise_rule("arith.minsi", integer.select_by(P.SLT))
_pointwise_rule("arith.minui", integer.select_by(P.ULT))


@semantics_rule("arith.divui")
def divui(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    return [integer.divu(ctx, args, exact=has_unit(op, "isExact"))]


@semantics_rule("arith.divsi")
def divsi(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    return [integer.divs(ctx, args, exact=has_unit(op, "isExact"))]


semantics_rule("arith.remui")(lambda _op, args, ctx: [integer.remu(ctx, args)])
semantics_rule("arith.remsi")(lambda _op, args, ctx: [integer.rems(ctx, args)])
semantics_rule("arith.ceildivui")(lambda _op, args, ctx: [integer.ceildivu(ctx, args)])
semantics_rule("arith.ceildivsi")(lambda _op, args, ctx: [integer.ceildivs(ctx, args)])
semantics_rule("arith.floordivsi")(lambda _op, args, ctx: [integer.floordivs(ctx, args)])


@semantics_rule("arith.shli")
def shli(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    nsw, nuw = overflow_flags(op)
    return [integer.shift_left(ctx, args, nsw, nuw)]


@semantics_rule("arith.shrui")
def shrui(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    return [integer.shift_right(ctx, args, signed=False, exact=has_unit(op, "isExact"))]


@semantics_rule("arith.shrsi")
def shrsi(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    return [integer.shift_right(ctx, args, signed=True, exact=has_unit(op, "isExact"))]


@semantics_rule("arith.cmpi")
def cmpi(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    attr = op.properties["predicate"]
    assert isinstance(attr, IntegerAttr)
    return [integer.compare(ctx, CMPI_PREDICATES[attr.value.data], args)]


@semantics_rule("arith.select")
def select(_op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    """Poison when the condition is, or when the chosen operand is (not the other one)."""
    b = ctx.smt
    cond, then, other = args
    taken = b.is_true_bit(cond.value)
    value = b.ite(taken, then.value, other.value)
    return [Pair(value, b.or_(cond.poison, b.ite(taken, then.poison, other.poison)))]


def _require_resize(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> None:
    """`extsi`/`extui` must widen and `trunci` narrow (ArithOps.td); a width-generic pair
    can break that at some widths (an `extsi` from a variable to a fixed `i32`)."""
    source, result = width_of(args[0].value), ctx.result_width(op)
    widens = op.name != "arith.trunci"
    if (result <= source) if widens else (result >= source):
        verb = "widen" if widens else "narrow"
        raise UnsupportedOp(f"{op.name} from i{source} to i{result} does not {verb}")


@semantics_rule("arith.extsi")
def extsi(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    _require_resize(op, args, ctx)
    return [Pair(ctx.smt.sext(args[0].value, ctx.result_width(op)), args[0].poison)]


def _zero_extend(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    """Zero-extend or truncate; `nneg` makes a negative operand poison."""
    b = ctx.smt
    value = integer.resize(ctx, args[0], ctx.result_width(op), signed=False)
    flags = [integer.is_negative(b, args[0].value)] if has_unit(op, "nonNeg") else []
    return [integer.propagate(ctx, value, args, *flags)]


semantics_rule("arith.index_castui")(_zero_extend)


@semantics_rule("arith.extui")
def extui(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    _require_resize(op, args, ctx)
    return _zero_extend(op, args, ctx)


@semantics_rule("arith.index_cast")
def index_cast(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    value = integer.resize(ctx, args[0], ctx.result_width(op), signed=True)
    return [Pair(value, args[0].poison)]


@semantics_rule("arith.trunci")
def trunci(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    """Keep the low bits; nuw/nsw: poison when zext/sext of the result is not the operand."""
    _require_resize(op, args, ctx)
    b = ctx.smt
    x = args[0].value
    w, narrow = width_of(x), ctx.result_width(op)
    result = b.extract(x, 0, narrow)
    nsw, nuw = overflow_flags(op)
    flags = []
    if nuw:
        flags.append(b.ne(b.zext(result, w), x))
    if nsw:
        flags.append(b.ne(b.sext(result, w), x))
    return [integer.propagate(ctx, result, args, *flags)]


@semantics_rule("arith.bitcast")
def bitcast(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    if ctx.result_width(op) != width_of(args[0].value):
        raise UnsupportedOp("arith.bitcast between different widths")
    return [args[0]]


def _extended_product(signed: bool):
    def lower(op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
        """(low, high) halves of the full 2w-bit product; both poison if an operand is."""
        b = ctx.smt
        x, y = args[0].value, args[1].value
        w = width_of(x)
        extend = b.sext if signed else b.zext
        product = b.binary(smt.BVMulOp, extend(x, 2 * w), extend(y, 2 * w))
        poison = ctx.any_poison(args)
        return [Pair(b.extract(product, 0, w), poison), Pair(b.extract(product, w, w), poison)]

    return lower


semantics_rule("arith.mulsi_extended")(_extended_product(signed=True))
semantics_rule("arith.mului_extended")(_extended_product(signed=False))


@semantics_rule("arith.addui_extended")
def addui_extended(_op: Operation, args: Sequence[Pair], ctx: LoweringContext) -> Sequence[Pair]:
    """(sum, carry); both poison if an operand is."""
    b: SMTBuilder = ctx.smt
    x, y = args[0].value, args[1].value
    w = width_of(x)
    wide = b.add(b.zext(x, w + 1), b.zext(y, w + 1))
    poison = ctx.any_poison(args)
    return [Pair(b.extract(wide, 0, w), poison), Pair(b.extract(wide, w, 1), poison)]
