"""The AST of Alive transformations, as `alive_parse` reads them from `.opt` text.

Expressions (`Reg`, `Sym`, `Lit`, `Unary`, `Binary`, `Call`) carry a `uid` so that two
equal-looking occurrences (two literals `1`) stay two nodes: type inference gives every
node a slot of its own. `AliveError` refuses one transformation, with the reason.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

_uids = itertools.count()


def _uid() -> int:
    return next(_uids)


class AliveError(Exception):
    """A transformation that cannot be imported; the message is the reason."""


@dataclass(frozen=True)
class IntType:
    """`iN`."""

    width: int


@dataclass(frozen=True)
class NamedType:
    """`Ty`, `Ty1`: the same unknown type wherever the name is written."""

    name: str


Type = IntType | NamedType | None
"""An explicit type, or None where the text gives none."""


@dataclass(frozen=True)
class Reg:
    """`%x`: an input variable or an instruction's result."""

    name: str
    uid: int = field(default_factory=_uid, compare=False)


@dataclass(frozen=True)
class Sym:
    """`C`, `C1`: a symbolic constant (any value, never poison)."""

    name: str
    uid: int = field(default_factory=_uid, compare=False)


@dataclass(frozen=True)
class Lit:
    """An integer literal; `true`/`false` are `Lit(1|0, IntType(1))`."""

    value: int
    type: Type = None
    uid: int = field(default_factory=_uid, compare=False)


@dataclass(frozen=True)
class Unary:
    """`~x` or `-x`."""

    op: str
    arg: Expr
    uid: int = field(default_factory=_uid, compare=False)


@dataclass(frozen=True)
class Binary:
    """`a OP b` of the constant language (OP one of `BINARY_LEVELS`)."""

    op: str
    lhs: Expr
    rhs: Expr
    uid: int = field(default_factory=_uid, compare=False)


@dataclass(frozen=True)
class Call:
    """`f(args)`: a constant function (`log2`, `width`, ...) or, in `Pre:`, a predicate."""

    name: str
    args: tuple[Expr, ...]
    uid: int = field(default_factory=_uid, compare=False)


Expr = Reg | Sym | Lit | Unary | Binary | Call


@dataclass(frozen=True)
class BinOp:
    """`add|sub|mul|udiv|sdiv|urem|srem|shl|lshr|ashr|and|or|xor FLAGS [type] a, b`."""

    opcode: str
    flags: tuple[str, ...]
    type: Type
    lhs: Expr
    rhs: Expr


@dataclass(frozen=True)
class Icmp:
    """`icmp PRED [type] a, b` (result `i1`)."""

    predicate: str
    type: Type
    lhs: Expr
    rhs: Expr


@dataclass(frozen=True)
class Select:
    """`select [i1] cond, [type] a, [type] b`."""

    cond: Expr
    type: Type
    then: Expr
    other: Expr


@dataclass(frozen=True)
class Conversion:
    """`zext|sext|trunc|ZExtOrTrunc [type] v [to type]`."""

    opcode: str
    source_type: Type
    value: Expr
    type: Type


@dataclass(frozen=True)
class Copy:
    """`[type] operand`: the register names the operand's value."""

    type: Type
    value: Expr


Operation = BinOp | Icmp | Select | Conversion | Copy


@dataclass(frozen=True)
class Instruction:
    """`%dest = operation`."""

    dest: str
    op: Operation


@dataclass(frozen=True)
class PredTrue:
    """An empty precondition, or `true`."""


@dataclass(frozen=True)
class PredNot:
    arg: Pred


@dataclass(frozen=True)
class PredAnd:
    args: tuple[Pred, ...]


@dataclass(frozen=True)
class PredOr:
    args: tuple[Pred, ...]


@dataclass(frozen=True)
class PredCompare:
    """`a OP b` with OP one of `COMPARISONS`."""

    op: str
    lhs: Expr
    rhs: Expr


@dataclass(frozen=True)
class PredCall:
    """`isPowerOf2(C)`, `MaskedValueIsZero(%x, C)`, ..."""

    name: str
    args: tuple[Expr, ...]


Pred = PredTrue | PredNot | PredAnd | PredOr | PredCompare | PredCall


@dataclass(frozen=True)
class Transformation:
    name: str
    pre: Pred
    source: tuple[Instruction, ...]
    target: tuple[Instruction, ...]
