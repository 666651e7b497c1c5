"""Bottom-up enumeration of well-typed arith expressions, pruned by fingerprints and cost.

Level 0 holds the leaves (arguments, constants); level k every op applied to operands whose
levels add up to k - 1 (the number of ops of the expression as a tree). Each new expression
is evaluated on the `Rows` at once (its fingerprint); one whose fingerprint equals that of an
expression already kept is *observationally equivalent* to it and is dropped (the cheaper of
the two is kept), and one whose cost reaches `cost_limit` is dropped too (nothing built on it
can be cheaper); operands too dear for that are not even combined. Commutative ops get one operand order, `cmpi` only the predicates `eq ne slt
sle ult ule` (the others are these with swapped operands), `select` two different arms.

Observational equivalence is only a heuristic for *equivalence*: the search driver verifies
every result and, when verification finds a counterexample, adds it to the rows and enumerates
again, so that a class wrongly merged is split.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from irproof.synth import cost as costs
from irproof.synth.evaluate import Rows, Vector, apply_op, evaluate, is_all_ub
from irproof.synth.ops import OPS
from irproof.synth.program import Expr

CANONICAL_PREDICATES = ("eq", "ne", "slt", "sle", "ult", "ule")
MAX_BANK = 400_000
"""Expressions kept at most (per enumeration): beyond it a level is cut short (`truncated`)."""


@dataclass
class Entry:
    expr: Expr
    vector: Vector
    cost: costs.Cost
    level: int


@dataclass
class Stats:
    built: int = 0
    """Expressions built (candidates enumerated), including those dropped for their cost
    before being evaluated."""
    evaluated: int = 0
    """Expressions fingerprinted (evaluated on every row)."""
    kept: int = 0
    seconds: float = 0.0
    truncated: bool = False


Duplicate = Callable[[Entry, Entry], None]
"""Called with (new expression, the kept one it is equivalent to) for every merge."""


@dataclass
class Enumerator:
    ops: Sequence[str]
    types: Sequence[str]
    leaves: Sequence[Expr]
    rows: Rows
    model: str = "ops"
    cost_limit: costs.Cost | None = None
    """Expressions costing this much or more are dropped."""
    on_duplicate: Duplicate | None = None
    deadline: float | None = None
    """`time.monotonic()` past which enumeration stops (`stats.truncated`)."""
    trivial: bool = False
    """Also build ops whose result is an operand or a constant by their shape (`select`
    with equal arms, `cmpi` of a value with itself): sources worth rewriting (discovery),
    never a cheapest target."""
    stats: Stats = field(default_factory=Stats)
    seen: dict[tuple[str, Vector], Entry] = field(default_factory=dict)
    by_level: list[dict[str, list[Entry]]] = field(default_factory=list)

    def run(self, max_level: int) -> Iterator[list[Entry]]:
        """Yield the new entries of each level 0..max_level."""
        start = time.perf_counter()
        try:
            for level in range(max_level + 1):
                limit = self.cost_limit
                if level and limit is not None and costs.lower_bound(level, self.model) >= limit:
                    return  # nothing this large can be cheaper than the limit
                fresh: dict[str, list[Entry]] = {t: [] for t in self.types}
                self.by_level.append(fresh)
                new: list[Entry] = []
                for expr in self._candidates(level):
                    entry = self._add(expr, level)
                    if entry is not None:
                        fresh.setdefault(expr.type, []).append(entry)
                        new.append(entry)
                    if self.stats.truncated:
                        break
                yield new
                if self.stats.truncated:
                    return
        finally:
            self.stats.seconds += time.perf_counter() - start

    def entries(self, type_: str, level: int) -> list[Entry]:
        if level >= len(self.by_level):
            return []
        return self.by_level[level].get(type_, [])

    # ---- building ---------------------------------------------------------------------

    def _add(self, expr: Expr, level: int) -> Entry | None:
        self.stats.built += 1
        if self.stats.built % 4096 == 0 and self.deadline and time.monotonic() > self.deadline:
            self.stats.truncated = True
        expr_cost = costs.cost(expr, self.model)
        if self.cost_limit is not None and expr_cost >= self.cost_limit and level > 0:
            return None
        self.stats.evaluated += 1
        vector = evaluate(expr, self.rows, cache=self._cache) if level == 0 else self._vector(expr)
        if is_all_ub(vector):
            return None
        key = (expr.type, vector)
        kept = self.seen.get(key)
        entry = Entry(expr, vector, expr_cost, level)
        if kept is not None:
            if self.on_duplicate is not None:
                self.on_duplicate(entry, kept)
            if expr_cost < kept.cost:
                kept.expr, kept.cost = expr, expr_cost
            return None
        self.seen[key] = entry
        self.stats.kept += 1
        if self.stats.kept >= MAX_BANK:
            self.stats.truncated = True
        return entry

    def _vector(self, expr: Expr) -> Vector:
        vectors = [self._vectors[a] for a in expr.args]
        vector = apply_op(expr.op, expr.attr, expr.type, expr.args, vectors, self.rows)
        self._vectors[expr] = vector
        return vector

    def __post_init__(self) -> None:
        self._cache: dict[Expr, Vector] = {}
        self._vectors: dict[Expr, Vector] = self._cache

    def _candidates(self, level: int) -> Iterator[Expr]:
        if level == 0:
            yield from self.leaves
            return
        for name in self.ops:
            shape = OPS[name].shape
            yield from _BUILDERS[shape](self, name, level - 1)

    def _affordable(self, own: costs.Cost, *entries: Entry) -> bool:
        """Whether an op costing `own` over these operands may still be under the limit:
        its cost is at least its own plus the dearest operand's (component-wise)."""
        if self.cost_limit is None:
            return True
        first = own[0] + max(e.cost[0] for e in entries)
        second = own[1] + max(e.cost[1] for e in entries)
        return (first, second) < self.cost_limit

    def _within(self, own: costs.Cost, entries: list[Entry]) -> list[Entry]:
        if self.cost_limit is None:
            return entries
        return [e for e in entries if self._affordable(own, e)]

    def _pairs(
        self, type_: str, total: int, commutative: bool, own: costs.Cost
    ) -> Iterator[tuple[Entry, Entry]]:
        for left in range(total + 1):
            right = total - left
            if commutative and left > right:
                continue
            lhs = self._within(own, self.entries(type_, left))
            rhs = self._within(own, self.entries(type_, right))
            pairs: Iterator[tuple[Entry, Entry]]
            if commutative and left == right:
                pairs = itertools.combinations_with_replacement(lhs, 2)
            else:
                pairs = itertools.product(lhs, rhs)
            if self.cost_limit is None:
                yield from pairs
            else:
                yield from (p for p in pairs if self._affordable(own, *p))

    def _binary(self, name: str, total: int) -> Iterator[Expr]:
        commutative = OPS[name].commutative
        own = costs.cost_of_ops([name], self.model)
        for type_ in self.types:
            for a, b in self._pairs(type_, total, commutative, own):
                self._vectors.setdefault(a.expr, a.vector)
                self._vectors.setdefault(b.expr, b.vector)
                yield Expr(name, type_, (a.expr, b.expr))

    def _cmp(self, name: str, total: int) -> Iterator[Expr]:
        if "i1" not in self.types:
            return
        own = costs.cost_of_ops([name], self.model)
        for type_ in self.types:
            for predicate in CANONICAL_PREDICATES:
                commutative = predicate in ("eq", "ne")
                for a, b in self._pairs(type_, total, commutative, own):
                    if a.expr == b.expr and not self.trivial:
                        continue
                    self._vectors.setdefault(a.expr, a.vector)
                    self._vectors.setdefault(b.expr, b.vector)
                    yield Expr(name, "i1", (a.expr, b.expr), predicate)

    def _select(self, name: str, total: int) -> Iterator[Expr]:
        if "i1" not in self.types:
            return
        own = costs.cost_of_ops([name], self.model)
        for type_ in self.types:
            for c_level in range(total + 1):
                for a_level in range(total - c_level + 1):
                    b_level = total - c_level - a_level
                    for c in self._within(own, self.entries("i1", c_level)):
                        for a in self._within(own, self.entries(type_, a_level)):
                            for b in self._within(own, self.entries(type_, b_level)):
                                if a.expr == b.expr and not self.trivial:
                                    continue
                                if not self._affordable(own, c, a, b):
                                    continue
                                for e in (c, a, b):
                                    self._vectors.setdefault(e.expr, e.vector)
                                yield Expr(name, type_, (c.expr, a.expr, b.expr))

    def _cast(self, name: str, total: int) -> Iterator[Expr]:
        widen = OPS[name].shape == "ext"
        for source in self.types:
            for target in self.types:
                if source == target or "index" in (source, target):
                    continue
                wider = _declared(target) > _declared(source)
                if wider != widen:
                    continue
                own = costs.cost_of_ops([name], self.model)
                for a in self._within(own, self.entries(source, total)):
                    self._vectors.setdefault(a.expr, a.vector)
                    yield Expr(name, target, (a.expr,))


def _declared(type_: str) -> int:
    return int(type_[1:])


_BUILDERS: dict[str, Callable[[Enumerator, str, int], Iterator[Expr]]] = {
    "binary": Enumerator._binary,
    "division": Enumerator._binary,
    "cmp": Enumerator._cmp,
    "select": Enumerator._select,
    "ext": Enumerator._cast,
    "trunc": Enumerator._cast,
}
