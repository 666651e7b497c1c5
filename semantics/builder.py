"""The interface the lowering rules build SMT terms through, with two back ends.

Rules never construct ops by hand: they call `SMTBuilder` methods (`add`, `cmp`, `ite`,
`ub_if`, ...), which fold trivial boolean logic once for both back ends. `IRBuilder`
emits semantics IR (smt / poison / effect dialect ops) into a block: what `irproof smtlib`
prints. `Z3Builder` builds the same terms directly as Z3 ASTs, reusing the Z3 back end's
per-op translations (so both give every op one meaning): the fast path for verification.
"""

from __future__ import annotations

import itertools
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import z3
from xdsl.dialects import smt
from xdsl.ir import Block, Operation, SSAValue

from irproof.dialects.smt import bv, effect, poison
from irproof.dialects.smt.bv import BVCmpPredicate
from irproof.dialects.smt.z3_backend import BV_CMP, Z3_RULES

Term = Any
"""An SSA value of semantics IR (`IRBuilder`) or a Z3 expression (`Z3Builder`)."""


@dataclass(frozen=True)
class Pair:
    """The meaning of one MLIR value: an SMT bit-vector and the SMT boolean 'is poison'."""

    value: Term
    poison: Term


def width_of(value: Term) -> int:
    """The width of a bit-vector term."""
    if isinstance(value, SSAValue):
        typ = value.type
        assert isinstance(typ, smt.BitVectorType)
        return typ.width.data
    return int(value.size())


class SMTBuilder(ABC):
    """Term construction with constant sharing and trivial boolean folding."""

    def __init__(self) -> None:
        self._bool_constants: dict[bool, Term] = {}
        self._bv_constants: dict[tuple[int, int], Term] = {}
        self._known_bools: dict[int, bool] = {}

    # --- what a back end provides ------------------------------------------------------

    @abstractmethod
    def _bool_constant(self, value: bool) -> Term: ...
    @abstractmethod
    def _bv_constant(self, value: int, width: int) -> Term: ...
    @abstractmethod
    def declare(self, name: str, typ: smt.BitVectorType | smt.BoolType) -> Term: ...
    @abstractmethod
    def _not(self, value: Term) -> Term: ...
    @abstractmethod
    def _or(self, values: Sequence[Term]) -> Term: ...
    @abstractmethod
    def _and(self, values: Sequence[Term]) -> Term: ...
    @abstractmethod
    def _ite(self, cond: Term, then: Term, other: Term) -> Term: ...
    @abstractmethod
    def _eq(self, lhs: Term, rhs: Term) -> Term: ...
    @abstractmethod
    def same(self, lhs: Term, rhs: Term) -> bool:
        """Whether two terms are the same term (not merely equal in value)."""

    @abstractmethod
    def cmp(self, predicate: BVCmpPredicate, lhs: Term, rhs: Term) -> Term: ...
    @abstractmethod
    def binary(self, op_type: type[smt.BinaryBVOp], lhs: Term, rhs: Term) -> Term: ...
    @abstractmethod
    def neg(self, value: Term) -> Term: ...
    @abstractmethod
    def _zext(self, value: Term, width: int) -> Term: ...
    @abstractmethod
    def _sext(self, value: Term, width: int) -> Term: ...
    @abstractmethod
    def _extract(self, value: Term, low: int, width: int) -> Term: ...
    @abstractmethod
    def pack(self, pair: Pair) -> Term: ...
    @abstractmethod
    def unpack(self, packed: Term) -> Pair: ...
    @abstractmethod
    def effect_init(self) -> Term: ...
    @abstractmethod
    def _ub_if(self, state: Term, cond: Term) -> Term: ...
    @abstractmethod
    def _has_ub(self, state: Term) -> Term: ...
    @abstractmethod
    def assert_(self, cond: Term) -> None: ...

    # --- constants ----------------------------------------------------------------------

    def bool_const(self, value: bool) -> Term:
        if value not in self._bool_constants:
            term = self._bool_constant(value)
            self._bool_constants[value] = term
            self._known_bools[id(term)] = value
        return self._bool_constants[value]

    def true(self) -> Term:
        return self.bool_const(True)

    def false(self) -> Term:
        return self.bool_const(False)

    def known_bool(self, value: Term) -> bool | None:
        """The constant a boolean term folds to, if it does."""
        return self._known_bools.get(id(value))

    def bv_const(self, value: int, width: int) -> Term:
        key = (value % (1 << width), width)
        if key not in self._bv_constants:
            self._bv_constants[key] = self._bv_constant(key[0], width)
        return self._bv_constants[key]

    # --- booleans -----------------------------------------------------------------------

    def not_(self, value: Term) -> Term:
        known = self.known_bool(value)
        if known is not None:
            return self.bool_const(not known)
        return self._not(value)

    def _fold(self, values: Sequence[Term], absorbing: bool) -> list[Term] | None:
        """Operands left after dropping neutral constants; None if one is absorbing."""
        kept: list[Term] = []
        for value in values:
            known = self.known_bool(value)
            if known is absorbing:
                return None
            if known is None and not any(self.same(value, k) for k in kept):
                kept.append(value)
        return kept

    def or_(self, *values: Term) -> Term:
        kept = self._fold(values, absorbing=True)
        if kept is None:
            return self.true()
        if len(kept) <= 1:
            return kept[0] if kept else self.false()
        return self._or(kept)

    def and_(self, *values: Term) -> Term:
        kept = self._fold(values, absorbing=False)
        if kept is None:
            return self.false()
        if len(kept) <= 1:
            return kept[0] if kept else self.true()
        return self._and(kept)

    def ite(self, cond: Term, then: Term, other: Term) -> Term:
        known = self.known_bool(cond)
        if known is not None:
            return then if known else other
        if self.same(then, other):
            return then
        return self._ite(cond, then, other)

    def eq(self, lhs: Term, rhs: Term) -> Term:
        if self.same(lhs, rhs):
            return self.true()
        return self._eq(lhs, rhs)

    def ne(self, lhs: Term, rhs: Term) -> Term:
        return self.not_(self.eq(lhs, rhs))

    # --- bit-vectors --------------------------------------------------------------------

    def add(self, lhs: Term, rhs: Term) -> Term:
        return self.binary(smt.BVAddOp, lhs, rhs)

    def sub(self, lhs: Term, rhs: Term) -> Term:
        return self.add(lhs, self.neg(rhs))

    def zext(self, value: Term, width: int) -> Term:
        return value if width == width_of(value) else self._zext(value, width)

    def sext(self, value: Term, width: int) -> Term:
        return value if width == width_of(value) else self._sext(value, width)

    def extract(self, value: Term, low: int, width: int) -> Term:
        if low == 0 and width == width_of(value):
            return value
        return self._extract(value, low, width)

    def is_true_bit(self, value: Term) -> Term:
        """An i1 bit-vector as an SMT boolean."""
        return self.eq(value, self.bv_const(1, 1))

    def bit(self, cond: Term) -> Term:
        """An SMT boolean as an i1 bit-vector."""
        return self.ite(cond, self.bv_const(1, 1), self.bv_const(0, 1))

    # --- effects ------------------------------------------------------------------------

    def ub_if(self, state: Term, cond: Term) -> Term:
        if self.known_bool(cond) is False:
            return state
        return self._ub_if(state, cond)

    def has_ub(self, state: Term) -> Term:
        return self._has_ub(state)


class IRBuilder(SMTBuilder):
    """Appends semantics IR ops to `block`."""

    def __init__(self, block: Block) -> None:
        super().__init__()
        self.block = block
        self._initial_states: set[SSAValue] = set()

    def emit(self, op: Operation) -> SSAValue:
        self.block.add_op(op)
        return op.results[0]

    def assert_(self, cond: Term) -> None:
        self.block.add_op(smt.AssertOp(cond))

    def _bool_constant(self, value: bool) -> Term:
        return self.emit(smt.ConstantBoolOp(value))

    def _bv_constant(self, value: int, width: int) -> Term:
        return self.emit(smt.BvConstantOp(value, width))

    def declare(self, name: str, typ: smt.BitVectorType | smt.BoolType) -> Term:
        return self.emit(smt.DeclareFunOp(typ, name))

    def _not(self, value: Term) -> Term:
        return self.emit(smt.NotOp(value))

    def _or(self, values: Sequence[Term]) -> Term:
        return self.emit(smt.OrOp(*values))

    def _and(self, values: Sequence[Term]) -> Term:
        return self.emit(smt.AndOp(*values))

    def _ite(self, cond: Term, then: Term, other: Term) -> Term:
        return self.emit(smt.IteOp(cond, then, other))

    def _eq(self, lhs: Term, rhs: Term) -> Term:
        return self.emit(smt.EqOp(lhs, rhs))

    def same(self, lhs: Term, rhs: Term) -> bool:
        return lhs is rhs

    def cmp(self, predicate: BVCmpPredicate, lhs: Term, rhs: Term) -> Term:
        return self.emit(bv.BVCmpOp(predicate, lhs, rhs))

    def binary(self, op_type: type[smt.BinaryBVOp], lhs: Term, rhs: Term) -> Term:
        return self.emit(op_type(lhs, rhs))

    def neg(self, value: Term) -> Term:
        return self.emit(smt.BVNegOp(value))

    def _zext(self, value: Term, width: int) -> Term:
        return self.emit(bv.BVZeroExtendOp(value, width))

    def _sext(self, value: Term, width: int) -> Term:
        return self.emit(bv.BVSignExtendOp(value, width))

    def _extract(self, value: Term, low: int, width: int) -> Term:
        return self.emit(bv.BVExtractOp(value, low, width))

    def pack(self, pair: Pair) -> Term:
        return self.emit(poison.PackOp(pair.value, pair.poison))

    def unpack(self, packed: Term) -> Pair:
        return Pair(self.emit(poison.ValueOp(packed)), self.emit(poison.IsPoisonOp(packed)))

    def effect_init(self) -> Term:
        state = self.emit(effect.InitOp())
        self._initial_states.add(state)
        return state

    def _ub_if(self, state: Term, cond: Term) -> Term:
        return self.emit(effect.UBIfOp(state, cond))

    def _has_ub(self, state: Term) -> Term:
        if state in self._initial_states:
            return self.false()
        return self.emit(effect.HasUBOp(state))


class Z3Builder(SMTBuilder):
    """Builds Z3 ASTs directly; collects assertions in `assertions`."""

    def __init__(self) -> None:
        super().__init__()
        self.assertions: list[z3.BoolRef] = []
        self._fresh = itertools.count()

    def term(self, value: Term) -> Term:
        """Terms are already Z3 expressions (the same reader interface as `Z3Translator`)."""
        return value

    def assert_(self, cond: Term) -> None:
        self.assertions.append(cond)

    def _bool_constant(self, value: bool) -> Term:
        return z3.BoolVal(value)

    def _bv_constant(self, value: int, width: int) -> Term:
        return z3.BitVecVal(value, width)

    def declare(self, name: str, typ: smt.BitVectorType | smt.BoolType) -> Term:
        sort = z3.BoolSort() if isinstance(typ, smt.BoolType) else z3.BitVecSort(typ.width.data)
        return z3.Const(f"{name}!{next(self._fresh)}", sort)

    def _not(self, value: Term) -> Term:
        return z3.Not(value)

    def _or(self, values: Sequence[Term]) -> Term:
        return z3.Or(*values)

    def _and(self, values: Sequence[Term]) -> Term:
        return z3.And(*values)

    def _ite(self, cond: Term, then: Term, other: Term) -> Term:
        return z3.If(cond, then, other)

    def _eq(self, lhs: Term, rhs: Term) -> Term:
        return lhs == rhs

    def same(self, lhs: Term, rhs: Term) -> bool:
        return lhs is rhs or bool(lhs.eq(rhs))

    def cmp(self, predicate: BVCmpPredicate, lhs: Term, rhs: Term) -> Term:
        return BV_CMP[predicate](lhs, rhs)

    def binary(self, op_type: type[smt.BinaryBVOp], lhs: Term, rhs: Term) -> Term:
        return Z3_RULES[op_type](None, (lhs, rhs), None)  # type: ignore[arg-type]

    def neg(self, value: Term) -> Term:
        return -value

    def _zext(self, value: Term, width: int) -> Term:
        return z3.ZeroExt(width - width_of(value), value)

    def _sext(self, value: Term, width: int) -> Term:
        return z3.SignExt(width - width_of(value), value)

    def _extract(self, value: Term, low: int, width: int) -> Term:
        return z3.Extract(low + width - 1, low, value)

    def pack(self, pair: Pair) -> Term:
        return (pair.value, pair.poison)

    def unpack(self, packed: Term) -> Pair:
        return Pair(packed[0], packed[1])

    def effect_init(self) -> Term:
        return self.false()

    def _ub_if(self, state: Term, cond: Term) -> Term:
        return self.or_(state, cond)

    def _has_ub(self, state: Term) -> Term:
        return state


__all__ = ["IRBuilder", "Pair", "SMTBuilder", "Term", "Z3Builder", "width_of"]
