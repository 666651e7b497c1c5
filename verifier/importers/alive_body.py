"""MLIR function bodies for the Alive importer: SSA names, shared constants, and Alive's
constant language and precondition predicates as `arith` ops.

Constant expressions (`C1+1`, `log2(C)`, `width(%x)`, ...) follow Alive's SMT encoding,
where every operator is total: a shift by the width or more gives 0 (or the sign for `>>`),
division by zero gives what SMT-LIB's bvudiv/bvsdiv/bvurem/bvsrem give, and signed overflow
wraps. They are emitted as `arith` ops guarded by `arith.select`, so that a constant
expression is never poison and never has UB, whatever the constants. Each emitter takes the
`Body` and SSA names and returns the SSA name of its result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

WRAPPING = {"+": "addi", "-": "subi", "*": "muli", "&": "andi", "|": "ori", "^": "xori"}

# --- One function body ------------------------------------------------------------------------


@dataclass
class Body:
    """The lines of one function being emitted, its SSA names and shared constants."""

    placeholders: set[int]
    lines: list[str] = field(default_factory=list)
    taken: set[str] = field(default_factory=set)
    constants: dict[tuple[int, str], str] = field(default_factory=dict)

    def name(self, hint: str) -> str:
        """A fresh SSA name, `%hint` if free."""
        base = "%" + "".join(c if c.isalnum() or c in "_." else "_" for c in hint.lstrip("%"))
        candidate, suffix = base, 0
        while candidate in self.taken:
            suffix += 1
            candidate = f"{base}.{suffix}"  # not `_N`: xDSL drops that from a name hint
        self.taken.add(candidate)
        return candidate

    def op(self, text: str, hint: str = "v") -> str:
        result = self.name(hint)
        self.lines.append(f"  {result} = {text}")
        return result

    def const(self, value: int, typ: str) -> str:
        """`arith.constant`; a placeholder type takes the literal as written (it is reduced
        at each width checked), a fixed one its value in range."""
        width = int(typ[1:])
        if width not in self.placeholders:
            value %= 1 << width
            value = value - (1 << width) if value >> (width - 1) else value
        key = (value, typ)
        if key not in self.constants:
            text = ("true" if value else "false") if typ == "i1" else f"{value} : {typ}"
            hint = text if typ == "i1" else f"c{value}".replace("-", "m")
            self.constants[key] = self.op(f"arith.constant {text}", hint)
        return self.constants[key]

    def width(self, typ: str) -> str:
        key = (-1, f"width {typ}")
        if key not in self.constants:
            self.constants[key] = self.op(f"irproof.width : {typ}", "w")
        return self.constants[key]

    # total ops of the constant language

    def select(self, cond: str, then: str, other: str, typ: str) -> str:
        return self.op(f"arith.select {cond}, {then}, {other} : {typ}", "sel")

    def cmp(self, predicate: str, lhs: str, rhs: str, typ: str) -> str:
        return self.op(f"arith.cmpi {predicate}, {lhs}, {rhs} : {typ}", predicate)

    def binary(self, op: str, lhs: str, rhs: str, typ: str) -> str:
        return self.op(f"arith.{op} {lhs}, {rhs} : {typ}", op)

    def shift(self, op: str, value: str, amount: str, typ: str) -> str:
        """A shift by `amount` >= the width gives 0 (`shrsi`: the sign), not poison."""
        in_range = self.cmp("ult", amount, self.width(typ), typ)
        safe = self.select(in_range, amount, self.const(0, typ), typ)
        shifted = self.binary(op, value, safe, typ)
        if op == "shrsi":
            last = self.binary("subi", self.width(typ), self.const(1, typ), typ)
            overflow = self.binary("shrsi", value, last, typ)
        else:
            overflow = self.const(0, typ)
        return self.select(in_range, shifted, overflow, typ)

    def division(self, op: str, lhs: str, rhs: str, typ: str) -> str:
        """bvudiv/bvurem/bvsdiv/bvsrem: x/0 is -1 (signed: 1 for negative x), x%0 is x, and
        INT_MIN/-1 wraps; the divisor is made safe first, so there is no UB."""
        zero = self.cmp("eq", rhs, self.const(0, typ), typ)
        bad = zero
        if op in ("divsi", "remsi"):
            top = self.binary("subi", self.width(typ), self.const(1, typ), typ)
            int_min = self.binary("shli", self.const(1, typ), top, typ)
            overflow = self.binary(
                "andi",
                self.cmp("eq", lhs, int_min, typ),
                self.cmp("eq", rhs, self.const(-1, typ), typ),
                "i1",
            )
            bad = self.binary("ori", zero, overflow, "i1")
        safe = self.select(bad, self.const(1, typ), rhs, typ)
        result = self.binary(op, lhs, safe, typ)
        by_zero = {
            "divui": lambda: self.const(-1, typ),
            "remui": lambda: lhs,
            "remsi": lambda: lhs,
            "divsi": lambda: self.select(
                self.cmp("slt", lhs, self.const(0, typ), typ),
                self.const(1, typ),
                self.const(-1, typ),
                typ,
            ),
        }[op]()
        return self.select(zero, by_zero, result, typ)


TOTAL_BINARY: dict[str, Callable[[Body, str, str, str], str]] = {
    "/": lambda f, a, b, t: f.division("divsi", a, b, t),
    "/u": lambda f, a, b, t: f.division("divui", a, b, t),
    "%": lambda f, a, b, t: f.division("remsi", a, b, t),
    "%u": lambda f, a, b, t: f.division("remui", a, b, t),
    "<<": lambda f, a, b, t: f.shift("shli", a, b, t),
    ">>": lambda f, a, b, t: f.shift("shrsi", a, b, t),
    "u>>": lambda f, a, b, t: f.shift("shrui", a, b, t),
}


def _leading_zeros(f: Body, x: str, typ: str) -> str:
    return f.op(f"math.ctlz {x} : {typ}", "ctlz")


def _trailing_zeros(f: Body, x: str, typ: str) -> str:
    return f.op(f"math.cttz {x} : {typ}", "cttz")


def _log2(f: Body, x: str, typ: str) -> str:
    """The index of the highest 1 bit; 0 for 0 (Alive's bv_log2)."""
    top = f.binary("subi", f.width(typ), f.const(1, typ), typ)
    log = f.binary("subi", top, _leading_zeros(f, x, typ), typ)
    is_zero = f.cmp("eq", x, f.const(0, typ), typ)
    return f.select(is_zero, f.const(0, typ), log, typ)


COUNTS: dict[str, Callable[[Body, str, str], str]] = {
    "width": lambda f, x, t: f.width(t),
    "log2": _log2,
    "countLeadingZeros": _leading_zeros,
    "countTrailingZeros": _trailing_zeros,
}
"""Functions whose result is a bit count of their argument, computed at its type."""

SAME_TYPE: dict[str, Callable[[Body, list[str], str], str]] = {
    "abs": lambda f, a, t: f.op(f"math.absi {a[0]} : {t}", "abs"),
    "lshr": lambda f, a, t: f.shift("shrui", a[0], a[1], t),
    "max": lambda f, a, t: f.binary("maxsi", a[0], a[1], t),
    "umax": lambda f, a, t: f.binary("maxui", a[0], a[1], t),
}


# --- Precondition predicates ------------------------------------------------------------------


def _is_zero(f: Body, x: str, t: str) -> str:
    return f.cmp("eq", x, f.const(0, t), t)


def _and_not_previous(f: Body, x: str, t: str) -> str:
    """x & (x - 1): x with its lowest 1 bit cleared."""
    return f.binary("andi", x, f.binary("subi", x, f.const(1, t), t), t)


def _power_of_two(f: Body, a: list[str], t: str) -> str:
    nonzero = f.cmp("ne", a[0], f.const(0, t), t)
    return f.binary("andi", nonzero, _is_zero(f, _and_not_previous(f, a[0], t), t), "i1")


def _sign_bit(f: Body, a: list[str], t: str) -> str:
    top = f.binary("subi", f.width(t), f.const(1, t), t)
    return f.cmp("eq", a[0], f.binary("shli", f.const(1, t), top, t), t)


def _shifted_mask(f: Body, a: list[str], t: str) -> str:
    """A non-empty run of ones: v = (x - 1) | x is a non-zero low mask."""
    v = f.binary("ori", f.binary("subi", a[0], f.const(1, t), t), a[0], t)
    low_mask = _is_zero(f, f.binary("andi", f.binary("addi", v, f.const(1, t), t), v, t), t)
    return f.binary("andi", f.cmp("ne", v, f.const(0, t), t), low_mask, "i1")


def _sign_set(f: Body, x: str, t: str) -> str:
    return f.cmp("slt", x, f.const(0, t), t)


def _no_signed_add_overflow(f: Body, a: list[str], t: str) -> str:
    """The sum's sign differs from both operands' exactly on overflow."""
    s = f.binary("addi", a[0], a[1], t)
    both = f.binary("andi", f.binary("xori", s, a[0], t), f.binary("xori", s, a[1], t), t)
    return f.binary("xori", _sign_set(f, both, t), f.const(1, "i1"), "i1")


def _no_signed_sub_overflow(f: Body, a: list[str], t: str) -> str:
    d = f.binary("subi", a[0], a[1], t)
    both = f.binary("andi", f.binary("xori", a[0], a[1], t), f.binary("xori", a[0], d, t), t)
    return f.binary("xori", _sign_set(f, both, t), f.const(1, "i1"), "i1")


def _no_signed_mul_overflow(f: Body, a: list[str], t: str) -> str:
    """The high half of the full product is the sign extension of the low half."""
    low, high = _extended(f, "mulsi_extended", a, t)
    sign = f.select(_sign_set(f, low, t), f.const(-1, t), f.const(0, t), t)
    return f.cmp("eq", high, sign, t)


def _no_unsigned_mul_overflow(f: Body, a: list[str], t: str) -> str:
    return _is_zero(f, _extended(f, "mului_extended", a, t)[1], t)


def _extended(f: Body, op: str, a: list[str], t: str) -> tuple[str, str]:
    low, high = f.name("lo"), f.name("hi")
    f.lines.append(f"  {low}, {high} = arith.{op} {a[0]}, {a[1]} : {t}")
    return low, high


def _no_unsigned_shl_overflow(f: Body, a: list[str], t: str) -> str:
    """Alive: lshr(shl(a, b), b) == a, both shifts total."""
    back = f.shift("shrui", f.shift("shli", a[0], a[1], t), a[1], t)
    return f.cmp("eq", back, a[0], t)


PREDICATES: dict[str, Callable[[Body, list[str], str], str]] = {
    "isPowerOf2": _power_of_two,
    "isPowerOf2OrZero": lambda f, a, t: _is_zero(f, _and_not_previous(f, a[0], t), t),
    "isSignBit": _sign_bit,
    "isShiftedMask": _shifted_mask,
    "MaskedValueIsZero": lambda f, a, t: _is_zero(f, f.binary("andi", a[0], a[1], t), t),
    "WillNotOverflowSignedAdd": _no_signed_add_overflow,
    "WillNotOverflowUnsignedAdd": lambda f, a, t: f.cmp(
        "uge", f.binary("addi", a[0], a[1], t), a[0], t
    ),
    "WillNotOverflowSignedSub": _no_signed_sub_overflow,
    "WillNotOverflowUnsignedSub": lambda f, a, t: f.cmp("uge", a[0], a[1], t),
    "WillNotOverflowSignedMul": _no_signed_mul_overflow,
    "WillNotOverflowUnsignedMul": _no_unsigned_mul_overflow,
    "WillNotOverflowUnsignedShl": _no_unsigned_shl_overflow,
}
"""Predicates with a meaning on values (`hasOneUse` has none: it is true)."""
