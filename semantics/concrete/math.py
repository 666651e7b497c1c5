"""Concrete semantics of the integer ops of `math`: ctlz, cttz, ctpop and absi.

Written from the op documentation and their lowering to LLVM intrinsics with the poison
flag off: counting the zeros of 0 gives the bit width, `absi` of INT_MIN is INT_MIN.
A poison operand gives a poison result.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from xdsl.ir import Operation

from irproof.semantics.concrete.registry import ConcreteEnv, concrete_rule
from irproof.semantics.concrete.values import POISON, ConcreteValue, Poison, to_signed, to_unsigned

UnaryKernel = Callable[[int, int], int]
"""A unary op on a non-poison operand: `(value, width) -> result`."""


def leading_zeros(x: int, w: int) -> int:
    return w - x.bit_length()


def trailing_zeros(x: int, w: int) -> int:
    return w if x == 0 else (x & -x).bit_length() - 1


def ones(x: int, w: int) -> int:
    return bin(x).count("1")


def absolute(x: int, w: int) -> int:
    return to_unsigned(abs(to_signed(x, w)), w)


def _unary_rule(name: str, kernel: UnaryKernel) -> None:
    @concrete_rule(name)
    def run(op: Operation, args: Sequence[ConcreteValue], env: ConcreteEnv) -> list[ConcreteValue]:
        (value,) = args
        if isinstance(value, Poison):
            return [POISON]
        return [kernel(value, env.width(op.operands[0].type))]


_unary_rule("math.ctlz", leading_zeros)
_unary_rule("math.cttz", trailing_zeros)
_unary_rule("math.ctpop", ones)
_unary_rule("math.absi", absolute)
