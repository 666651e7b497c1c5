"""Emits semantics IR (SMT, poison, effect ops) into a block, folding trivial boolean logic.

The lowering rules talk to this builder instead of constructing ops by hand, so every rule
stays a few lines long and the emitted IR stays small (constants are shared, `or false`
and `and true` disappear).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xdsl.dialects import smt
from xdsl.ir import Block, Operation, SSAValue

from irproof.dialects.smt import bv, effect, poison
from irproof.dialects.smt.bv import BVCmpPredicate


@dataclass(frozen=True)
class Pair:
    """The meaning of one MLIR value: an SMT bit-vector and the SMT boolean 'is poison'."""

    value: SSAValue
    poison: SSAValue


@dataclass
class SMTBuilder:
    """Appends ops to `block`; remembers constants so they are emitted once."""

    block: Block
    _bool_constants: dict[bool, SSAValue] = field(default_factory=dict)
    _bv_constants: dict[tuple[int, int], SSAValue] = field(default_factory=dict)
    _known_bools: dict[SSAValue, bool] = field(default_factory=dict)

    def emit(self, op: Operation) -> SSAValue:
        self.block.add_op(op)
        return op.results[0]

    def assert_(self, cond: SSAValue) -> None:
        self.block.add_op(smt.AssertOp(cond))

    # --- constants ----------------------------------------------------------------------

    def bool_const(self, value: bool) -> SSAValue:
        if value not in self._bool_constants:
            result = self.emit(smt.ConstantBoolOp(value))
            self._bool_constants[value] = result
            self._known_bools[result] = value
        return self._bool_constants[value]

    def true(self) -> SSAValue:
        return self.bool_const(True)

    def false(self) -> SSAValue:
        return self.bool_const(False)

    def known_bool(self, value: SSAValue) -> bool | None:
        """The constant a boolean SSA value folds to, if it does."""
        return self._known_bools.get(value)

    def bv_const(self, value: int, width: int) -> SSAValue:
        key = (value % (1 << width), width)
        if key not in self._bv_constants:
            self._bv_constants[key] = self.emit(smt.BvConstantOp(key[0], width))
        return self._bv_constants[key]

    def declare(self, name: str, typ: smt.BitVectorType | smt.BoolType) -> SSAValue:
        result = self.emit(smt.DeclareFunOp(typ, name))
        return result

    # --- booleans -----------------------------------------------------------------------

    def not_(self, value: SSAValue) -> SSAValue:
        known = self.known_bool(value)
        if known is not None:
            return self.bool_const(not known)
        return self.emit(smt.NotOp(value))

    def or_(self, *values: SSAValue) -> SSAValue:
        kept: list[SSAValue] = []
        for value in values:
            known = self.known_bool(value)
            if known is True:
                return self.true()
            if known is None and value not in kept:
                kept.append(value)
        if not kept:
            return self.false()
        if len(kept) == 1:
            return kept[0]
        return self.emit(smt.OrOp(*kept))

    def and_(self, *values: SSAValue) -> SSAValue:
        kept: list[SSAValue] = []
        for value in values:
            known = self.known_bool(value)
            if known is False:
                return self.false()
            if known is None and value not in kept:
                kept.append(value)
        if not kept:
            return self.true()
        if len(kept) == 1:
            return kept[0]
        return self.emit(smt.AndOp(*kept))

    def ite(self, cond: SSAValue, then: SSAValue, other: SSAValue) -> SSAValue:
        known = self.known_bool(cond)
        if known is not None:
            return then if known else other
        if then == other:
            return then
        return self.emit(smt.IteOp(cond, then, other))

    def eq(self, lhs: SSAValue, rhs: SSAValue) -> SSAValue:
        if lhs == rhs:
            return self.true()
        return self.emit(smt.EqOp(lhs, rhs))

    def ne(self, lhs: SSAValue, rhs: SSAValue) -> SSAValue:
        return self.not_(self.eq(lhs, rhs))

    # --- bit-vectors --------------------------------------------------------------------

    def cmp(self, predicate: BVCmpPredicate, lhs: SSAValue, rhs: SSAValue) -> SSAValue:
        return self.emit(bv.BVCmpOp(predicate, lhs, rhs))

    def binary(self, op_type: type[smt.BinaryBVOp], lhs: SSAValue, rhs: SSAValue) -> SSAValue:
        return self.emit(op_type(lhs, rhs))  # type: ignore[arg-type]  # SSAValue is invariant

    def add(self, lhs: SSAValue, rhs: SSAValue) -> SSAValue:
        return self.binary(smt.BVAddOp, lhs, rhs)

    def sub(self, lhs: SSAValue, rhs: SSAValue) -> SSAValue:
        return self.add(lhs, self.emit(smt.BVNegOp(rhs)))  # type: ignore[arg-type]

    def zext(self, value: SSAValue, width: int) -> SSAValue:
        return value if width == width_of(value) else self.emit(bv.BVZeroExtendOp(value, width))

    def sext(self, value: SSAValue, width: int) -> SSAValue:
        return value if width == width_of(value) else self.emit(bv.BVSignExtendOp(value, width))

    def extract(self, value: SSAValue, low: int, width: int) -> SSAValue:
        if low == 0 and width == width_of(value):
            return value
        return self.emit(bv.BVExtractOp(value, low, width))

    def is_true_bit(self, value: SSAValue) -> SSAValue:
        """An i1 bit-vector as an SMT boolean."""
        return self.eq(value, self.bv_const(1, 1))

    def bit(self, cond: SSAValue) -> SSAValue:
        """An SMT boolean as an i1 bit-vector."""
        return self.ite(cond, self.bv_const(1, 1), self.bv_const(0, 1))

    # --- poison pairs and effects -------------------------------------------------------

    def pack(self, pair: Pair) -> SSAValue:
        return self.emit(poison.PackOp(pair.value, pair.poison))

    def unpack(self, packed: SSAValue) -> Pair:
        return Pair(self.emit(poison.ValueOp(packed)), self.emit(poison.IsPoisonOp(packed)))

    def effect_init(self) -> SSAValue:
        return self.emit(effect.InitOp())

    def ub_if(self, state: SSAValue, cond: SSAValue) -> SSAValue:
        if self.known_bool(cond) is False:
            return state
        return self.emit(effect.UBIfOp(state, cond))

    def has_ub(self, state: SSAValue) -> SSAValue:
        if isinstance(state.owner, effect.InitOp):
            return self.false()
        return self.emit(effect.HasUBOp(state))


def width_of(value: SSAValue) -> int:
    """The width of a bit-vector SSA value."""
    typ = value.type
    assert isinstance(typ, smt.BitVectorType)
    return typ.width.data
