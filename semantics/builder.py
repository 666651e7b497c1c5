"""The interface the lowering rules build SMT terms through, with two back ends.

Rules never construct ops by hand: they call `SMTBuilder` methods (`add`, `cmp`, `ite`,
`ub_if`, ...), which fold trivial boolean logic and operations on constants once for both
back ends. Folding constants is what lets control flow read a loop's trip count or a
branch condition (`known_bool`, `known_bv`) when it does not depend on the inputs, so that
static loops unroll exactly with either back end. `IRBuilder`
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
from xdsl.ir import Attribute, Block, Operation, SSAValue

from irproof.dialects.smt import array as smt_array
from irproof.dialects.smt import bv, effect, poison
from irproof.dialects.smt.bv import BVCmpPredicate
from irproof.dialects.smt.fp import FPAttrs, FPCmpPredicate, FPOp, RoundingMode
from irproof.dialects.smt.z3_backend import BV_CMP, FP_Z3, Z3_RULES, Z3Translator

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
        self._functions: dict[str, Term] = {}
        self.uses_fp = False
        """Whether any floating-point term was built (the solver then needs FP theory)."""
        self.uses_functions = False
        """Whether an uninterpreted function was declared (the abstract float mode)."""
        self._bv_constants: dict[tuple[int, int], Term] = {}
        self._known_bools: dict[int, bool] = {}
        self._known_bvs: dict[int, int] = {}
        self.uses_arrays = False
        """Whether any array term (memory) was built."""
        self._const_arrays: dict[int, tuple[Term, Term]] = {}
        """id → (constant array, its value); the array is kept so that its id stays its."""

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
    def _cmp(self, predicate: BVCmpPredicate, lhs: Term, rhs: Term) -> Term: ...
    @abstractmethod
    def _binary(self, op_type: type[smt.BinaryBVOp], lhs: Term, rhs: Term) -> Term: ...
    @abstractmethod
    def _neg(self, value: Term) -> Term: ...
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
    def _fp(self, op_type: type[FPOp], args: Sequence[Term], attrs: FPAttrs) -> Term: ...
    @abstractmethod
    def _declare_function(self, name: str, domain: Sequence[int], range_: int) -> Term: ...
    @abstractmethod
    def apply(self, function: Term, *args: Term) -> Term:
        """The application of an uninterpreted function to bit-vector arguments."""

    @abstractmethod
    def assert_(self, cond: Term) -> None: ...

    @abstractmethod
    def _declare_array(self, name: str, index_width: int, element: int | None) -> Term: ...
    @abstractmethod
    def _select(self, array: Term, index: Term) -> Term: ...
    @abstractmethod
    def _store(self, array: Term, index: Term, value: Term) -> Term: ...
    @abstractmethod
    def _const_array(self, index_width: int, value: Term) -> Term: ...

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

    def key(self, term: Term) -> int:
        """A number that is the same for equal terms (while they live)."""
        return id(term)

    def known_bool(self, value: Term) -> bool | None:
        """The constant a boolean term folds to, if it does."""
        return self._known_bools.get(id(value))

    def implies(self, lhs: Term, rhs: Term) -> bool:
        """Whether `lhs` is known to imply `rhs` (False when it cannot tell). Folding decides
        it here; a back end may look further (`Z3Builder` asks the solver, briefly)."""
        return self.same(lhs, rhs) or self.known_bool(lhs) is False or self.known_bool(rhs) is True

    def bv_const(self, value: int, width: int) -> Term:
        key = (value % (1 << width), width)
        if key not in self._bv_constants:
            term = self._bv_constant(key[0], width)
            self._bv_constants[key] = term
            self._known_bvs[id(term)] = key[0]
        return self._bv_constants[key]

    def known_bv(self, value: Term) -> int | None:
        """The (unsigned) constant a bit-vector term folds to, if it does."""
        return self._known_bvs.get(id(value))

    def _known_all(self, *values: Term) -> list[int] | None:
        known = [self.known_bv(v) for v in values]
        return None if any(k is None for k in known) else known  # type: ignore[return-value]

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
        bvs = self._known_all(lhs, rhs)
        if bvs is not None:
            return self.bool_const(bvs[0] == bvs[1])
        bools = (self.known_bool(lhs), self.known_bool(rhs))
        if None not in bools:
            return self.bool_const(bools[0] == bools[1])
        return self._eq(lhs, rhs)

    def ne(self, lhs: Term, rhs: Term) -> Term:
        return self.not_(self.eq(lhs, rhs))

    # --- bit-vectors --------------------------------------------------------------------

    def cmp(self, predicate: BVCmpPredicate, lhs: Term, rhs: Term) -> Term:
        known = self._known_all(lhs, rhs)
        if known is not None:
            w = width_of(lhs)
            folded = BV_CMP[predicate](z3.BitVecVal(known[0], w), z3.BitVecVal(known[1], w))
            return self.bool_const(z3.is_true(z3.simplify(folded)))
        return self._cmp(predicate, lhs, rhs)

    def binary(self, op_type: type[smt.BinaryBVOp], lhs: Term, rhs: Term) -> Term:
        known = self._known_all(lhs, rhs)
        if known is not None:
            w = width_of(lhs)
            operands = (z3.BitVecVal(known[0], w), z3.BitVecVal(known[1], w))
            folded = Z3_RULES[op_type](None, operands, None)  # type: ignore[arg-type]
            return self.bv_const(z3.simplify(folded).as_long(), w)  # type: ignore[attr-defined]
        return self._binary(op_type, lhs, rhs)

    def neg(self, value: Term) -> Term:
        known = self.known_bv(value)
        if known is not None:
            return self.bv_const(-known, width_of(value))
        return self._neg(value)

    def add(self, lhs: Term, rhs: Term) -> Term:
        return self.binary(smt.BVAddOp, lhs, rhs)

    def sub(self, lhs: Term, rhs: Term) -> Term:
        return self.add(lhs, self.neg(rhs))

    def zext(self, value: Term, width: int) -> Term:
        if width == width_of(value):
            return value
        known = self.known_bv(value)
        return self._zext(value, width) if known is None else self.bv_const(known, width)

    def sext(self, value: Term, width: int) -> Term:
        w = width_of(value)
        if width == w:
            return value
        known = self.known_bv(value)
        if known is None:
            return self._sext(value, width)
        return self.bv_const(known - ((known >> (w - 1)) << w), width)

    def extract(self, value: Term, low: int, width: int) -> Term:
        if low == 0 and width == width_of(value):
            return value
        known = self.known_bv(value)
        if known is not None:
            return self.bv_const(known >> low, width)
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

    # --- floating point and uninterpreted functions ---------------------------------------

    def fp(
        self,
        op_type: type[FPOp],
        *args: Term,
        rm: RoundingMode | None = None,
        pred: FPCmpPredicate | None = None,
        result: Attribute | None = None,
        bits: int | None = None,
    ) -> Term:
        """An op of the `smt.fp` dialect (`irproof.dialects.smt.fp`) applied to `args`."""
        self.uses_fp = True
        return self._fp(op_type, args, FPAttrs(rm, pred, result, bits))

    def commutative_operands(self, x: Term, y: Term) -> tuple[Term, Term]:
        """The operands of a commutative operation in a canonical order, so that x op y and
        y op x build the same term: sorted as unsigned bit patterns (a back end may order
        them by the terms themselves instead)."""
        first = self.cmp(BVCmpPredicate.ULE, x, y)
        return self.ite(first, x, y), self.ite(first, y, x)

    def function(self, name: str, domain: Sequence[int], range_: int) -> Term:
        """The uninterpreted function `name` from bit-vectors of the `domain` widths to a
        bit-vector of width `range_`, declared once per builder (shared by source and target)."""
        if name not in self._functions:
            self.uses_functions = True
            self._functions[name] = self._declare_function(name, domain, range_)
        return self._functions[name]

    # --- arrays (memory) -------------------------------------------------------------------

    def declare_array(self, name: str, index_width: int, element: int | None) -> Term:
        """A fresh array from `index_width`-bit indices to `element`-bit bit-vectors (None:
        to booleans)."""
        self.uses_arrays = True
        return self._declare_array(name, index_width, element)

    def const_array(self, index_width: int, value: Term) -> Term:
        """The array holding `value` at every index."""
        self.uses_arrays = True
        array = self._const_array(index_width, value)
        self._const_arrays[id(array)] = (array, value)
        return array

    def select(self, array: Term, index: Term) -> Term:
        constant = self._const_arrays.get(id(array))
        if constant is not None and constant[0] is array:
            return constant[1]
        return self._select(array, index)

    def store(self, array: Term, index: Term, value: Term) -> Term:
        return self._store(array, index, value)


class IRBuilder(SMTBuilder):
    """Appends semantics IR ops to `block`."""

    def __init__(self, block: Block) -> None:
        super().__init__()
        self.block = block
        self._initial_states: set[SSAValue] = set()
        self._emitted: dict[tuple[Any, ...], SSAValue] = {}
        self._order: dict[SSAValue, int] = {}
        self._translator: Z3Translator | None = None
        self._translated = 0
        self._implications: dict[tuple[SSAValue, SSAValue], bool] = {}

    def implies(self, lhs: Term, rhs: Term) -> bool:
        """Folding, else a brief solver check on the Z3 translation of the ops so far (the
        same answer as `Z3Builder.implies`, so both back ends unroll loops alike)."""
        if super().implies(lhs, rhs):
            return True
        key = (lhs, rhs)
        if key not in self._implications:
            if self._translator is None:
                self._translator = Z3Translator()
            ops = list(self.block.ops)
            self._translator.translate_ops(ops[self._translated :])
            self._translated = len(ops)
            t = self._translator
            self._implications[key] = _unsat(z3.And(t.term(lhs), z3.Not(t.term(rhs))))
        return self._implications[key]

    def emit(self, op: Operation) -> SSAValue:
        """Append `op`, or return the result of an identical op emitted before (every op but
        `smt.declare_fun` is a pure function of its operands): equal terms are one value, as
        Z3 shares equal ASTs."""
        key = None if isinstance(op, smt.DeclareFunOp) else _structure(op)
        if key is not None and key in self._emitted:
            op.erase()
            return self._emitted[key]
        self.block.add_op(op)
        result = op.results[0]
        self._order[result] = len(self._order)
        if key is not None:
            self._emitted[key] = result
        return result

    def commutative_operands(self, x: Term, y: Term) -> tuple[Term, Term]:
        """Ordered by when the values were emitted: equal terms, equal order."""
        return (x, y) if self._order.get(x, -1) <= self._order.get(y, -1) else (y, x)

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

    def _cmp(self, predicate: BVCmpPredicate, lhs: Term, rhs: Term) -> Term:
        return self.emit(bv.BVCmpOp(predicate, lhs, rhs))

    def _binary(self, op_type: type[smt.BinaryBVOp], lhs: Term, rhs: Term) -> Term:
        return self.emit(op_type(lhs, rhs))

    def _neg(self, value: Term) -> Term:
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

    def _fp(self, op_type: type[FPOp], args: Sequence[Term], attrs: FPAttrs) -> Term:
        return self.emit(op_type.from_attrs(args, attrs))

    def _declare_function(self, name: str, domain: Sequence[int], range_: int) -> Term:
        typ = smt.FuncType([smt.BitVectorType(w) for w in domain], smt.BitVectorType(range_))
        return self.emit(smt.DeclareFunOp(typ, name))

    def apply(self, function: Term, *args: Term) -> Term:
        return self.emit(smt.ApplyFuncOp(function, *args))

    def _declare_array(self, name: str, index_width: int, element: int | None) -> Term:
        return self.emit(smt.DeclareFunOp(_array_type(index_width, element), name))

    def _select(self, array: Term, index: Term) -> Term:
        return self.emit(smt_array.ArraySelectOp(array, index))

    def _store(self, array: Term, index: Term, value: Term) -> Term:
        return self.emit(smt_array.ArrayStoreOp(array, index, value))

    def _const_array(self, index_width: int, value: Term) -> Term:
        typ = smt_array.ArrayType(smt.BitVectorType(index_width), value.type)
        return self.emit(smt_array.ArrayBroadcastOp(value, typ))


def _array_type(index_width: int, element: int | None) -> smt_array.ArrayType:
    rng = smt.BoolType() if element is None else smt.BitVectorType(element)
    return smt_array.ArrayType(smt.BitVectorType(index_width), rng)


def _structure(op: Operation) -> tuple[Any, ...]:
    """What makes two ops of semantics IR compute the same value."""
    return (
        op.name,
        tuple(op.operands),
        tuple(op.result_types),
        tuple(sorted(op.properties.items())),
        tuple(sorted(op.attributes.items())),
    )


class Z3Builder(SMTBuilder):
    """Builds Z3 ASTs directly; collects assertions in `assertions`."""

    def __init__(self) -> None:
        super().__init__()
        self.assertions: list[z3.BoolRef] = []
        self._fresh = itertools.count()
        self._implications: dict[tuple[int, int], bool] = {}

    def term(self, value: Term) -> Term:
        """Terms are already Z3 expressions (the same reader interface as `Z3Translator`)."""
        return value

    def key(self, term: Term) -> int:
        return int(term.get_id())  # Z3 shares equal ASTs

    def implies(self, lhs: Term, rhs: Term) -> bool:
        """Folding, else a brief solver check that `lhs and not rhs` is unsatisfiable."""
        if super().implies(lhs, rhs):
            return True
        key = (lhs.get_id(), rhs.get_id())
        if key not in self._implications:
            self._implications[key] = _unsat(z3.And(lhs, z3.Not(rhs)))
        return self._implications[key]

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

    def _cmp(self, predicate: BVCmpPredicate, lhs: Term, rhs: Term) -> Term:
        return BV_CMP[predicate](lhs, rhs)

    def _binary(self, op_type: type[smt.BinaryBVOp], lhs: Term, rhs: Term) -> Term:
        return Z3_RULES[op_type](None, (lhs, rhs), None)  # type: ignore[arg-type]

    def _neg(self, value: Term) -> Term:
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

    def _fp(self, op_type: type[FPOp], args: Sequence[Term], attrs: FPAttrs) -> Term:
        return FP_Z3[op_type](args, attrs)

    def commutative_operands(self, x: Term, y: Term) -> tuple[Term, Term]:
        """Ordered by Z3's (hash-consed) term ids: equal terms, equal order."""
        return (x, y) if x.get_id() <= y.get_id() else (y, x)

    def _declare_function(self, name: str, domain: Sequence[int], range_: int) -> Term:
        sorts = [z3.BitVecSort(w) for w in (*domain, range_)]
        return z3.Function(f"{name}!{next(self._fresh)}", *sorts)

    def apply(self, function: Term, *args: Term) -> Term:
        return function(*args)

    def _declare_array(self, name: str, index_width: int, element: int | None) -> Term:
        rng = z3.BoolSort() if element is None else z3.BitVecSort(element)
        return z3.Array(f"{name}!{next(self._fresh)}", z3.BitVecSort(index_width), rng)

    def _select(self, array: Term, index: Term) -> Term:
        return z3.Select(array, index)

    def _store(self, array: Term, index: Term, value: Term) -> Term:
        return z3.Store(array, index, value)

    def _const_array(self, index_width: int, value: Term) -> Term:
        return z3.K(z3.BitVecSort(index_width), value)


IMPLIES_TIMEOUT_MS = 500
"""Budget of the solver check behind `implies` (a timeout answers "cannot tell")."""


def _unsat(formula: z3.BoolRef) -> bool:
    solver = z3.SolverFor("QF_BV", ctx=formula.ctx)
    solver.set("timeout", IMPLIES_TIMEOUT_MS)
    solver.add(formula)
    return solver.check() == z3.unsat


__all__ = ["IRBuilder", "Pair", "SMTBuilder", "Term", "Z3Builder", "width_of"]
