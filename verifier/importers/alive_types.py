"""Type inference of Alive transformations: which values share a width, which widths vary.

Alive leaves most types open; a transformation holds for every assignment of widths that
satisfies its typing rules. Here every value (register, symbolic constant, literal and
constant-expression node) gets a slot; slots are unified as Alive's typing rules say (the
operands and result of a binary op, the operands of a comparison, the arms of a select,
...), explicit types (`i8`, `i1`) fix a class, `zext`/`sext`/`trunc` relate two classes by
`<`, and a literal `v` needs a width that holds it (Alive: `v.bit_length() + (v >= 0)` bits).

`infer_types` turns the classes into MLIR types: a class of fixed width is `iN`; every
other class is a width variable with a placeholder type (`verifier/generic.py`), numbered
so that `arith.extui`/`trunci` between them verify (a narrower class gets a smaller
number), with the `<` relations and literal bounds as `irproof.width_constraints`.
A class used only by the precondition's arithmetic on `log2`/`width`/... results (Alive
picks one type for those) takes the type of the counted value, or `i64`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from irproof.verifier.importers.alive_ast import (
    AliveError,
    Binary,
    BinOp,
    Call,
    Conversion,
    Copy,
    Expr,
    Icmp,
    Instruction,
    IntType,
    Lit,
    NamedType,
    Pred,
    PredAnd,
    PredCall,
    PredCompare,
    PredNot,
    PredOr,
    PredTrue,
    Reg,
    Select,
    Sym,
    Transformation,
    Type,
    Unary,
)

Key = tuple[str, str | int]
"""A slot: ("reg", name), ("sym", name), ("node", uid) or ("ty", name)."""

SAME_TYPE_FUNCTIONS = {"abs": 1, "lshr": 2, "max": 2, "umax": 2}
"""Constant functions whose arguments and result share one type (name → arity)."""
COUNT_FUNCTIONS = ("width", "log2", "countLeadingZeros", "countTrailingZeros")
"""Functions of one argument whose result (a bit count) has a type of its own."""
RESIZE_FUNCTIONS = {"zext": "wider", "sext": "wider", "trunc": "narrower"}
ANALYSES = {
    "computeKnownZeroBits": "LLVM's known-bits analysis",
    "computeKnownOneBits": "LLVM's known-bits analysis",
    "ComputeNumSignBits": "LLVM's sign-bits analysis",
}
"""Alive functions that stand for an LLVM analysis (a fresh value constrained by the real
one), which this importer does not model."""

SAME_TYPE_PREDICATES = {
    "MaskedValueIsZero": 2,
    "WillNotOverflowSignedAdd": 2,
    "WillNotOverflowUnsignedAdd": 2,
    "WillNotOverflowSignedSub": 2,
    "WillNotOverflowUnsignedSub": 2,
    "WillNotOverflowSignedMul": 2,
    "WillNotOverflowUnsignedMul": 2,
    "WillNotOverflowUnsignedShl": 2,
    "isPowerOf2": 1,
    "isPowerOf2OrZero": 1,
    "isSignBit": 1,
    "isShiftedMask": 1,
    "hasOneUse": 1,
}
"""Precondition predicates (name → arity); their arguments share one type."""
UNSUPPORTED_PREDICATES = {
    "equivalentAddressValues": "compares pointers (memory)",
    "isSafeToLoadUnconditionally": "a memory analysis",
}

DEFAULT_WIDTH = 64
"""The width of a class that only constant arithmetic of the precondition uses."""
WIDE = 129
"""A width above every width checked (`--widths` stops at 128): a zero-extension to it and
a truncation from it convert between two widths of unknown order."""
WIDE_KEY: Key = ("wide", "")


def literal_bits(value: int) -> int:
    """The least width Alive gives a literal: one more bit than its magnitude for a sign."""
    return value.bit_length() + int(value >= 0) if value else 1


# --- Union-find over slots --------------------------------------------------------------------


@dataclass
class _Classes:
    parent: dict[Key, Key] = field(default_factory=dict)
    fixed: dict[Key, int] = field(default_factory=dict)
    """Root → explicit width."""

    def find(self, key: Key) -> Key:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, *keys: Key) -> None:
        roots = [self.find(k) for k in keys]
        for other in roots[1:]:
            root, other = self.find(roots[0]), self.find(other)
            if root == other:
                continue
            widths = {w for r in (root, other) if (w := self.fixed.get(r)) is not None}
            if len(widths) > 1:
                raise AliveError(f"does not type check: i{min(widths)} and i{max(widths)} meet")
            self.parent[other] = root
            if widths:
                self.fixed[root] = widths.pop()
            self.fixed.pop(other, None)

    def fix(self, key: Key, width: int) -> None:
        root = self.find(key)
        if self.fixed.setdefault(root, width) != width:
            raise AliveError(f"does not type check: i{self.fixed[root]} and i{width} meet")


# --- Collecting the typing rules ------------------------------------------------------------


@dataclass
class _Rules:
    """The classes, `<` relations and literal bounds of one transformation."""

    classes: _Classes = field(default_factory=_Classes)
    less: list[tuple[Key, Key]] = field(default_factory=list)
    bounds: list[tuple[Key, int]] = field(default_factory=list)
    program: set[Key] = field(default_factory=set)
    """Slots of values the source or target computes (their classes are never 'free')."""
    counted: list[tuple[Key, Key]] = field(default_factory=list)
    """(result, argument) of every `width`/`log2`/... call."""
    resized: list[tuple[Key, Key]] = field(default_factory=list)
    """(from, to) of every conversion whose direction is open (ZExtOrTrunc, a bit count)."""

    def typed(self, key: Key, typ: Type) -> Key:
        if isinstance(typ, IntType):
            self.classes.fix(key, typ.width)
        elif isinstance(typ, NamedType):
            self.classes.union(key, ("ty", typ.name))
        return key

    def expr(self, node: Expr) -> Key:
        if isinstance(node, Reg):
            return ("reg", node.name)
        if isinstance(node, Sym):
            return ("sym", node.name)
        key: Key = ("node", node.uid)
        self.classes.find(key)
        if isinstance(node, Lit):
            self.typed(key, node.type)
            if node.type is None and node.value:
                self.bounds.append((key, literal_bits(node.value)))
        elif isinstance(node, Unary):
            self.classes.union(key, self.expr(node.arg))
        elif isinstance(node, Binary):
            self.classes.union(key, self.expr(node.lhs), self.expr(node.rhs))
        else:
            self.call(key, node)
        return key

    def call(self, key: Key, node: Call) -> None:
        name, args = node.name, node.args
        if name in ANALYSES:
            raise AliveError(f"{name} is {ANALYSES[name]}, not modelled")
        arity = SAME_TYPE_FUNCTIONS.get(name) or (
            1 if name in (*COUNT_FUNCTIONS, *RESIZE_FUNCTIONS) else None
        )
        if arity is None:
            raise AliveError(f"unknown function {name}()")
        if len(args) != arity:
            raise AliveError(f"{name}() takes {arity} argument(s), not {len(args)}")
        arg_keys = [self.expr(a) for a in args]
        if name in SAME_TYPE_FUNCTIONS:
            self.classes.union(key, *arg_keys)
        elif name in COUNT_FUNCTIONS:
            self.counted.append((key, arg_keys[0]))
            self.resized.append((arg_keys[0], key))
        elif RESIZE_FUNCTIONS[name] == "wider":
            self.less.append((arg_keys[0], key))
        else:
            self.less.append((key, arg_keys[0]))

    def instruction(self, inst: Instruction) -> None:
        dest: Key = ("reg", inst.dest)
        op = inst.op
        operands: list[Expr]
        if isinstance(op, BinOp):
            operands = [op.lhs, op.rhs]
            self.classes.union(self.typed(dest, op.type), *map(self.expr, operands))
        elif isinstance(op, Icmp):
            operands = [op.lhs, op.rhs]
            self.classes.fix(dest, 1)
            self.classes.union(*(self.typed(self.expr(o), op.type) for o in operands))
        elif isinstance(op, Select):
            operands = [op.cond, op.then, op.other]
            self.classes.fix(self.expr(op.cond), 1)
            self.classes.union(self.typed(dest, op.type), self.expr(op.then), self.expr(op.other))
        elif isinstance(op, Conversion):
            operands = [op.value]
            value = self.typed(self.expr(op.value), op.source_type)
            self.typed(dest, op.type)
            if op.opcode == "ZExtOrTrunc":
                self.resized.append((value, dest))
            else:
                self.less.append((value, dest) if op.opcode != "trunc" else (dest, value))
        else:
            assert isinstance(op, Copy)
            operands = [op.value]
            self.classes.union(self.typed(dest, op.type), self.expr(op.value))
        self.program.update([dest, *(self.expr(o) for o in operands)])

    def pred(self, pred: Pred) -> None:
        if isinstance(pred, PredNot):
            self.pred(pred.arg)
        elif isinstance(pred, PredAnd | PredOr):
            for arg in pred.args:
                self.pred(arg)
        elif isinstance(pred, PredCompare):
            self.classes.union(self.expr(pred.lhs), self.expr(pred.rhs))
        elif isinstance(pred, PredCall):
            self.predicate_call(pred)
        else:
            assert isinstance(pred, PredTrue)

    def predicate_call(self, pred: PredCall) -> None:
        if pred.name in UNSUPPORTED_PREDICATES:
            raise AliveError(f"{pred.name} {UNSUPPORTED_PREDICATES[pred.name]}: not supported")
        arity = SAME_TYPE_PREDICATES.get(pred.name)
        if arity is None:
            raise AliveError(f"unknown predicate {pred.name}()")
        if len(pred.args) != arity:
            raise AliveError(f"{pred.name}() takes {arity} argument(s), not {len(pred.args)}")
        self.classes.union(*(self.expr(a) for a in pred.args))


# --- From classes to MLIR types ---------------------------------------------------------------


@dataclass
class Typing:
    """The MLIR type of every slot, and the width variables of the pair."""

    types: dict[Key, str]
    variables: list[int]
    """Placeholder widths of the width variables (empty: a fixed-width pair)."""
    constraints: list[str]
    less_than: set[tuple[str, str]]
    """(narrow, wide) MLIR type pairs known to be ordered: where `extui`/`trunci` may go."""

    def type_of(self, key: Key) -> str:
        return self.types[key]

    def ordered(self, narrow: str, wide: str) -> bool:
        return (narrow, wide) in self.less_than


def infer_types(transformation: Transformation) -> Typing:
    """Unify, then number the classes; `AliveError` if the transformation does not type."""
    rules = _Rules()
    for inst in transformation.source:
        rules.instruction(inst)
    for inst in transformation.target:
        rules.instruction(inst)
    rules.pred(transformation.pre)
    return _Resolver(rules).resolve()


class _Resolver:
    """Turns the collected rules into `Typing`: free classes, numbering, constraints."""

    def __init__(self, rules: _Rules) -> None:
        self.rules = rules
        self.classes = rules.classes
        self._place_free_classes()
        self._update()
        for a, b in self.less:
            if a == b:
                raise AliveError("does not type check: a value is extended to its own type")
        self._widen_unordered()

    def _update(self) -> None:
        find = self.classes.find
        self.roots = sorted({find(k) for k in list(self.classes.parent)}, key=str)
        self.fixed = {r: w for r in self.roots if (w := self.classes.fixed.get(r)) is not None}
        self.less = {(find(a), find(b)) for a, b in self.rules.less}

    def _widen_unordered(self) -> None:
        """Conversions between classes of no known order go through `WIDE`."""
        find = self.classes.find
        unordered = [
            (a, b)
            for a, b in ((find(x), find(y)) for x, y in self.rules.resized)
            if a != b and not self._reaches(a, b) and not self._reaches(b, a)
        ]
        if not unordered:
            return
        self.classes.fix(WIDE_KEY, WIDE)
        for a, b in unordered:
            self.rules.less += [(a, WIDE_KEY), (b, WIDE_KEY)]
        self._update()

    def _place_free_classes(self) -> None:
        """Give one type to each class no source/target value has (Alive picks one type for
        those): `WIDE` if it is only ever the wider side of a `zext`/`sext`; if it is related
        to nothing, that of the counted value when all its `log2`/`width`/... agree on one,
        else i64."""
        c = self.classes
        program = {c.find(k) for k in self.rules.program}
        counted: dict[Key, set[Key]] = {}
        for result, arg in self.rules.counted:
            counted.setdefault(c.find(result), set()).add(c.find(arg))
        for root in {c.find(k) for k in list(c.parent)}:
            root = c.find(root)
            if root in program or root in c.fixed:
                continue
            sides = [(c.find(a) == root, c.find(b) == root) for a, b in self.rules.less]
            if any(narrow for narrow, _ in sides):
                continue
            args = {c.find(a) for a in counted.get(root, set())}
            if any(wide for _, wide in sides):
                c.fix(root, WIDE)
            elif len(args) == 1 and (arg := args.pop()) != root:
                c.union(arg, root)
            else:
                c.fix(root, DEFAULT_WIDTH)

    def resolve(self) -> Typing:
        fixed = self.fixed
        variables = [r for r in self.roots if r not in fixed]
        bounds = self._bounds()
        reserved = set(fixed.values()) | set(bounds.values()) | {1}
        names = dict(fixed)
        names.update(self._number(variables, bounds, reserved))
        constraints = self._constraints(names, bounds)
        types = {k: f"i{names[self.classes.find(k)]}" for k in self.classes.parent}
        less_than = {
            (f"i{names[a]}", f"i{names[b]}") for a in self.roots for b in self.roots
            if self._reaches(a, b)
        }  # fmt: skip
        placeholders = sorted(names[v] for v in variables)
        return Typing(types, placeholders, constraints, less_than)

    def _bounds(self) -> dict[Key, int]:
        """The largest literal bound of each class; a fixed class must already satisfy it."""
        fixed = self.fixed
        bounds: dict[Key, int] = {}
        for key, bits in self.rules.bounds:
            root = self.classes.find(key)
            if root in fixed:
                if fixed[root] < bits:
                    raise AliveError(
                        f"does not type check: a literal needs {bits} bits in i{fixed[root]}"
                    )
                continue
            bounds[root] = max(bounds.get(root, 1), bits)
        return bounds

    def _successors(self, node: Key) -> Iterable[Key]:
        yield from (b for a, b in self.less if a == node)
        if node in self.fixed:
            yield from (r for r, w in self.fixed.items() if w > self.fixed[node])

    def _reaches(self, start: Key, goal: Key) -> bool:
        """start < goal follows from the relations (and the order of fixed widths)."""
        seen, todo = set(), list(self._successors(start))
        while todo:
            node = todo.pop()
            if node == goal:
                return True
            if node not in seen:
                seen.add(node)
                todo.extend(self._successors(node))
        return False

    def _number(
        self, variables: list[Key], bounds: dict[Key, int], reserved: set[int]
    ) -> dict[Key, int]:
        """Placeholder numbers ordered as the relations require (narrow < wide): from 1000,
        or, for classes that must stay below a fixed width, just above what must be below
        them (a literal's bits included: its `arith.constant` must hold it)."""
        order = self._topological(variables)
        numbers: dict[Key, int] = {}
        used = set(reserved)
        for var in order:
            below = [numbers[v] for v in numbers if self._reaches(v, var)]
            below += [w for r, w in self.fixed.items() if self._reaches(r, var)]
            below.append(bounds.get(var, 1))
            above = [w for r, w in self.fixed.items() if self._reaches(var, r)]
            start = max([*below, 1]) + 1 if above else max([*below, 999]) + 1
            while start in used:
                start += 1
            if above and start >= min(above):
                raise AliveError("no placeholder numbering fits the width relations")
            numbers[var] = start
            used.add(start)
        return numbers

    def _topological(self, variables: list[Key]) -> list[Key]:
        remaining, order = list(variables), []
        while remaining:
            ready = [v for v in remaining if not any(self._reaches(u, v) for u in remaining)]
            if not ready:
                raise AliveError("does not type check: cyclic width relations")
            order += ready
            remaining = [v for v in remaining if v not in ready]
        return order

    def _constraints(self, names: dict[Key, int], bounds: dict[Key, int]) -> list[str]:
        """`<` relations (those with `WIDE` hold at every width checked) and literal bounds."""
        fixed = self.fixed
        found: list[str] = []
        for a, b in sorted(self.less, key=str):
            if names[b] == WIDE:
                continue
            if a in fixed and b in fixed:
                if fixed[a] >= fixed[b]:
                    raise AliveError(
                        f"does not type check: i{fixed[a]} is not narrower than i{fixed[b]}"
                    )
                continue
            found.append(f"i{names[a]} < i{names[b]}")
        for root, bits in sorted(bounds.items(), key=str):
            if bits > 1:
                found.append(f"i{names[root]} >= i{bits}")
        return list(dict.fromkeys(found))
