"""Concrete semantics of the integer ops of MLIR `arith`, on unsigned Python ints.

Written from the `arith` op documentation (ArithOps.td), with LLVM LangRef filling in
what MLIR leaves implicit (poison flags, division UB). The first half holds the integer
*kernels* and op-shape helpers, which the `index` dialect reuses; the second half
registers one rule per op.

A kernel sees only non-poison operands: `(lhs, rhs, width) -> value` for binary ops,
`(value, from_width, to_width) -> value` for casts. The helpers `binary`, `division`,
`cast` and `extended` do the poison propagation (and, for divisions, the UB checks)
around them, so each is written once.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from functools import partial

from xdsl.dialects.arith import IntegerOverflowAttr, IntegerOverflowFlag
from xdsl.dialects.builtin import FloatAttr, IntegerAttr, UnitAttr
from xdsl.ir import Operation

from irproof.semantics.concrete.arith_float import float_constant
from irproof.semantics.concrete.registry import ConcreteEnv, UnsupportedOp, concrete_rule
from irproof.semantics.concrete.values import (
    POISON,
    ConcreteValue,
    Poison,
    UndefinedBehavior,
    fits_signed,
    fits_unsigned,
    mask,
    to_signed,
    to_unsigned,
)

Kernel = Callable[[int, int, int], ConcreteValue]
"""A binary op on non-poison operands: `(lhs, rhs, width) -> result`."""

CastKernel = Callable[[int, int, int], ConcreteValue]
"""A cast of a non-poison operand: `(value, from_width, to_width) -> result`."""

Flags = frozenset[IntegerOverflowFlag]
NSW = IntegerOverflowFlag.NSW
NUW = IntegerOverflowFlag.NUW

CMPI_PREDICATES = ("eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge")
"""`arith.cmpi` predicate names, indexed by the integer value of its `predicate`."""


# --- Reading op flags ----------------------------------------------------------------


def overflow_flags(op: Operation) -> Flags:
    """The `overflow<nsw, nuw>` flags of an op (empty when absent)."""
    attr = op.properties.get("overflowFlags")
    return attr.data if isinstance(attr, IntegerOverflowAttr) else frozenset()


def has_unit_flag(op: Operation, prop_name: str) -> bool:
    """Whether the optional unit property `prop_name` (`isExact`, `nonNeg`) is set."""
    return isinstance(op.properties.get(prop_name), UnitAttr)


# --- Kernels ---------------------------------------------------------------------------


def on_unsigned(fn: Callable[[int, int], int]) -> Kernel:
    """`fn` on the unsigned readings of the operands, wrapped to the width."""
    return lambda a, b, w: to_unsigned(fn(a, b), w)


def on_signed(fn: Callable[[int, int], int]) -> Kernel:
    """`fn` on the signed readings of the operands, wrapped to the width."""
    return lambda a, b, w: to_unsigned(fn(to_signed(a, w), to_signed(b, w)), w)


def with_overflow(fn: Callable[[int, int], int], flags: Flags) -> Kernel:
    """Wrapping `fn`; poison when `nuw`/`nsw` is set and the exact result does not fit."""

    def kernel(a: int, b: int, w: int) -> ConcreteValue:
        if NUW in flags and not fits_unsigned(fn(a, b), w):
            return POISON
        if NSW in flags and not fits_signed(fn(to_signed(a, w), to_signed(b, w)), w):
            return POISON
        return to_unsigned(fn(a, b), w)

    return kernel


def shift_left(flags: Flags) -> Kernel:
    """`shl`: poison on an amount >= width, and on shifted-out bits `nuw`/`nsw` forbid."""

    def kernel(x: int, s: int, w: int) -> ConcreteValue:
        if s >= w:
            return POISON
        result = to_unsigned(x << s, w)
        if NUW in flags and result >> s != x:
            return POISON
        if NSW in flags and to_signed(result, w) >> s != to_signed(x, w):
            return POISON
        return result

    return kernel


def shift_right(*, arithmetic: bool, exact: bool) -> Kernel:
    """`lshr`/`ashr`: poison on an amount >= width, and under `exact` on a lost 1 bit."""

    def kernel(x: int, s: int, w: int) -> ConcreteValue:
        if s >= w or (exact and x & mask(s)):
            return POISON
        return to_unsigned(to_signed(x, w) >> s, w) if arithmetic else x >> s

    return kernel


def trunc_div(a: int, b: int) -> int:
    """Quotient rounded toward zero."""
    quotient = abs(a) // abs(b)
    return quotient if (a < 0) == (b < 0) else -quotient


def trunc_rem(a: int, b: int) -> int:
    """Remainder of `trunc_div`: it has the sign of the dividend."""
    return a - b * trunc_div(a, b)


def ceil_div(a: int, b: int) -> int:
    """Quotient rounded toward positive infinity."""
    return -(-a // b)


def exactly(kernel: Kernel, remainder: Kernel) -> Kernel:
    """`kernel`, but poison when `remainder` is non-zero (the `exact` flag of a division)."""
    return lambda a, b, w: POISON if remainder(a, b, w) else kernel(a, b, w)


WRAPPING_ADD = with_overflow(operator.add, frozenset())
WRAPPING_SUB = with_overflow(operator.sub, frozenset())
WRAPPING_MUL = with_overflow(operator.mul, frozenset())
DIVU = on_unsigned(operator.floordiv)
CEILDIVU = on_unsigned(ceil_div)
REMU = on_unsigned(operator.mod)
DIVS = on_signed(trunc_div)
CEILDIVS = on_signed(ceil_div)
FLOORDIVS = on_signed(operator.floordiv)
REMS = on_signed(trunc_rem)
MAXS = on_signed(max)
MAXU = on_unsigned(max)
MINS = on_signed(min)
MINU = on_unsigned(min)
AND = on_unsigned(operator.and_)
OR = on_unsigned(operator.or_)
XOR = on_unsigned(operator.xor)


def _signed_predicate(fn: Callable[[int, int], bool]) -> Callable[[int, int, int], bool]:
    return lambda a, b, w: fn(to_signed(a, w), to_signed(b, w))


def _unsigned_predicate(fn: Callable[[int, int], bool]) -> Callable[[int, int, int], bool]:
    return lambda a, b, w: fn(a, b)


PREDICATES: dict[str, Callable[[int, int, int], bool]] = {
    "eq": _unsigned_predicate(operator.eq),
    "ne": _unsigned_predicate(operator.ne),
    "slt": _signed_predicate(operator.lt),
    "sle": _signed_predicate(operator.le),
    "sgt": _signed_predicate(operator.gt),
    "sge": _signed_predicate(operator.ge),
    "ult": _unsigned_predicate(operator.lt),
    "ule": _unsigned_predicate(operator.le),
    "ugt": _unsigned_predicate(operator.gt),
    "uge": _unsigned_predicate(operator.ge),
}
"""Comparison predicate name -> `(lhs, rhs, width) -> bool`."""


def comparison(predicate: str) -> Kernel:
    """The `i1` result (0 or 1) of comparing with `predicate`."""
    test = PREDICATES[predicate]
    return lambda a, b, w: int(test(a, b, w))


def sign_extend_or_truncate(value: int, from_width: int, to_width: int) -> ConcreteValue:
    """`sext` when widening, `trunc` when narrowing."""
    return to_unsigned(to_signed(value, from_width), to_width)


def zero_extend_or_truncate(value: int, from_width: int, to_width: int) -> ConcreteValue:
    """`zext` when widening, `trunc` when narrowing."""
    return to_unsigned(value, to_width)


def non_negative(kernel: CastKernel) -> CastKernel:
    """`kernel`, but poison when the operand's sign bit is set (the `nneg` flag)."""
    return lambda v, f, t: POISON if v >> (f - 1) else kernel(v, f, t)


def truncate(flags: Flags) -> CastKernel:
    """`trunc`; `nuw`: poison if a dropped bit is 1, `nsw`: poison if sext(trunc(x)) != x."""

    def kernel(v: int, f: int, t: int) -> ConcreteValue:
        result = to_unsigned(v, t)
        if NUW in flags and v >> t:
            return POISON
        if NSW in flags and sign_extend_or_truncate(result, t, f) != v:
            return POISON
        return result

    return kernel


def unsigned_cast(op: Operation) -> CastKernel:
    """Zero-extend or truncate, made `non_negative` by the op's `nneg` flag."""
    if has_unit_flag(op, "nonNeg"):
        return non_negative(zero_extend_or_truncate)
    return zero_extend_or_truncate


# --- Op shapes: poison propagation and UB around the kernels --------------------------


def unpoisoned(values: Sequence[ConcreteValue]) -> list[int] | None:
    """The values as ints, or None when any of them is poison."""
    ints = [v for v in values if not isinstance(v, Poison)]
    return ints if len(ints) == len(values) else None


def operand_width(op: Operation, env: ConcreteEnv) -> int:
    """The bit width of the op's first operand."""
    return env.width(op.operands[0].type)


def binary(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv, kernel: Kernel
) -> list[ConcreteValue]:
    """A one-result binary op: poison if an operand is, else the kernel at the operand width."""
    operands = unpoisoned(args)
    if operands is None:
        return [POISON]
    lhs, rhs = operands
    return [kernel(lhs, rhs, operand_width(op, env))]


def check_divisor(
    op_name: str, lhs: ConcreteValue, rhs: ConcreteValue, width: int, *, signed: bool
) -> None:
    """Raise the UB of a division: divisor zero or poison; signed INT_MIN / -1, where a
    poison dividend counts as possibly INT_MIN."""
    if isinstance(rhs, Poison):
        raise UndefinedBehavior(f"{op_name}: divisor is poison")
    if rhs == 0:
        raise UndefinedBehavior(f"{op_name}: division by zero")
    if not signed or rhs != mask(width):
        return
    if isinstance(lhs, Poison):
        raise UndefinedBehavior(f"{op_name}: poison dividend with divisor -1 may overflow")
    if lhs == 1 << (width - 1):
        raise UndefinedBehavior(f"{op_name}: signed overflow (INT_MIN / -1)")


def division(
    op: Operation,
    args: Sequence[ConcreteValue],
    env: ConcreteEnv,
    kernel: Kernel,
    *,
    signed: bool,
) -> list[ConcreteValue]:
    """A division or remainder: its UB first, then `binary`."""
    lhs, rhs = args
    check_divisor(op.name, lhs, rhs, operand_width(op, env), signed=signed)
    return binary(op, args, env, kernel)


def extended(
    op: Operation,
    args: Sequence[ConcreteValue],
    env: ConcreteEnv,
    fn: Callable[[int, int, int], tuple[int, int]],
) -> list[ConcreteValue]:
    """A two-result op: both results poison if an operand is, else `fn(lhs, rhs, width)`."""
    operands = unpoisoned(args)
    if operands is None:
        return [POISON, POISON]
    lhs, rhs = operands
    return list(fn(lhs, rhs, operand_width(op, env)))


def cast(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv, kernel: CastKernel
) -> list[ConcreteValue]:
    """A one-operand, one-result conversion between the operand and result widths."""
    (value,) = args
    if isinstance(value, Poison):
        return [POISON]
    return [kernel(value, operand_width(op, env), env.width(op.results[0].type))]


def integer_constant(op: Operation, env: ConcreteEnv) -> list[ConcreteValue]:
    """The integer property `value`, masked to the result width."""
    attr = op.properties.get("value")
    if not isinstance(attr, IntegerAttr):
        raise UnsupportedOp(op.name, f"non-integer constant {attr}")
    return [to_unsigned(attr.value.data, env.width(op.results[0].type))]


# --- The arith rules ---------------------------------------------------------------------


KernelOf = Callable[[Operation], Kernel]
"""The kernel of one op instance (its flags and predicate decide it)."""


def _exact(op: Operation) -> bool:
    return has_unit_flag(op, "isExact")


def _cmpi(op: Operation) -> Kernel:
    predicate = op.properties["predicate"]
    assert isinstance(predicate, IntegerAttr)
    return comparison(CMPI_PREDICATES[predicate.value.data])


BINARY_OPS: dict[str, KernelOf] = {
    "arith.addi": lambda op: with_overflow(operator.add, overflow_flags(op)),
    "arith.subi": lambda op: with_overflow(operator.sub, overflow_flags(op)),
    "arith.muli": lambda op: with_overflow(operator.mul, overflow_flags(op)),
    "arith.andi": lambda _: AND,
    "arith.ori": lambda _: OR,
    "arith.xori": lambda _: XOR,
    "arith.maxsi": lambda _: MAXS,
    "arith.maxui": lambda _: MAXU,
    "arith.minsi": lambda _: MINS,
    "arith.minui": lambda _: MINU,
    "arith.shli": lambda op: shift_left(overflow_flags(op)),
    "arith.shrui": lambda op: shift_right(arithmetic=False, exact=_exact(op)),
    "arith.shrsi": lambda op: shift_right(arithmetic=True, exact=_exact(op)),
    "arith.cmpi": _cmpi,
}
"""Ops that propagate poison around one integer kernel."""

DIVISION_OPS: dict[str, tuple[KernelOf, bool]] = {
    "arith.divui": (lambda op: exactly(DIVU, REMU) if _exact(op) else DIVU, False),
    "arith.divsi": (lambda op: exactly(DIVS, REMS) if _exact(op) else DIVS, True),
    "arith.ceildivui": (lambda _: CEILDIVU, False),
    "arith.ceildivsi": (lambda _: CEILDIVS, True),
    "arith.floordivsi": (lambda _: FLOORDIVS, True),
    "arith.remui": (lambda _: REMU, False),
    "arith.remsi": (lambda _: REMS, True),
}
"""Divisions: kernel and signedness (which decides the INT_MIN / -1 UB)."""

CAST_OPS: dict[str, Callable[[Operation], CastKernel]] = {
    "arith.extsi": lambda _: sign_extend_or_truncate,
    "arith.extui": unsigned_cast,
    "arith.trunci": lambda op: truncate(overflow_flags(op)),
    "arith.index_cast": lambda _: sign_extend_or_truncate,
    "arith.index_castui": unsigned_cast,
}


def _low_high_of(
    product: Callable[[int, int, int], int],
) -> Callable[[int, int, int], tuple[int, int]]:
    return lambda a, b, w: _low_high(product(a, b, w), w)


EXTENDED_OPS: dict[str, Callable[[int, int, int], tuple[int, int]]] = {
    "arith.mulsi_extended": _low_high_of(lambda a, b, w: to_signed(a, w) * to_signed(b, w)),
    "arith.mului_extended": _low_high_of(lambda a, b, _w: a * b),
    "arith.addui_extended": lambda a, b, w: (to_unsigned(a + b, w), (a + b) >> w),
}
"""Two-result ops: (low, high) of the product, (sum, carry)."""


def _binary_rule(
    kernel_of: KernelOf, op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> Sequence[ConcreteValue]:
    return binary(op, args, env, kernel_of(op))


def _division_rule(
    kernel_of: KernelOf,
    signed: bool,
    op: Operation,
    args: Sequence[ConcreteValue],
    env: ConcreteEnv,
) -> Sequence[ConcreteValue]:
    return division(op, args, env, kernel_of(op), signed=signed)


def _cast_rule(
    kernel_of: Callable[[Operation], CastKernel],
    op: Operation,
    args: Sequence[ConcreteValue],
    env: ConcreteEnv,
) -> Sequence[ConcreteValue]:
    return cast(op, args, env, kernel_of(op))


def _extended_rule(
    kernel: Callable[[int, int, int], tuple[int, int]],
    op: Operation,
    args: Sequence[ConcreteValue],
    env: ConcreteEnv,
) -> Sequence[ConcreteValue]:
    return extended(op, args, env, kernel)


for _name, _kernel_of in BINARY_OPS.items():
    concrete_rule(_name)(partial(_binary_rule, _kernel_of))
for _name, (_kernel_of, _signed) in DIVISION_OPS.items():
    concrete_rule(_name)(partial(_division_rule, _kernel_of, _signed))
for _name, _cast_of in CAST_OPS.items():
    concrete_rule(_name)(partial(_cast_rule, _cast_of))
for _name, _pair_kernel in EXTENDED_OPS.items():
    concrete_rule(_name)(partial(_extended_rule, _pair_kernel))


@concrete_rule("arith.constant")
def constant(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> Sequence[ConcreteValue]:
    attr = op.properties.get("value")
    if isinstance(attr, FloatAttr):
        return float_constant(op, attr)
    return integer_constant(op, env)


@concrete_rule("arith.select")
def select(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> Sequence[ConcreteValue]:
    """Poison iff the condition or the chosen arm is poison; the other arm does not matter."""
    condition, if_true, if_false = args
    if isinstance(condition, Poison):
        return [POISON]
    return [if_true if condition else if_false]


@concrete_rule("arith.bitcast")
def bitcast(
    op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv
) -> Sequence[ConcreteValue]:
    if operand_width(op, env) != env.width(op.results[0].type):
        raise UnsupportedOp(op.name, "bitcast between different widths")
    return list(args)


def _low_high(product: int, width: int) -> tuple[int, int]:
    """The low and high `width`-bit halves of a `2 * width`-bit product."""
    return to_unsigned(product, width), to_unsigned(product >> width, width)
