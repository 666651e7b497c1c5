"""Type inference for PDL patterns: which values share a type, which types are fixed.

Every value, attribute and `pdl.type` of a pattern gets a *slot*. Op typing rules unify
slots (`arith.addi`: both operands and the result) or fix them (`arith.cmpi`'s result is
`i1`), and extensions/truncations order them (`extui`: operand narrower than result).
A slot class that ends up fixed has that type; every other class is a width variable
and gets a placeholder width `i1000`, `i1001`, ... (see `irproof.verifier.generic`),
numbered so that a narrower class always gets a smaller placeholder, as MLIR's verifiers of
`extui`/`trunci` demand.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from irproof.verifier.generic import PLACEHOLDER_BASE


class TypeConflict(Exception):
    """The pattern's types are contradictory (it can never match), or not expressible."""


@dataclass
class TypeSlots:
    """Union-find over type slots, each class optionally fixed to a type (`i1`, `index`)."""

    parent: list[int] = field(default_factory=list)
    fixed: dict[int, str] = field(default_factory=dict)
    narrower: list[tuple[int, int]] = field(default_factory=list)
    """(a, b): the width of a is smaller than the width of b."""

    def new(self, fixed: str | None = None) -> int:
        slot = len(self.parent)
        self.parent.append(slot)
        if fixed is not None:
            self.fixed[slot] = fixed
        return slot

    def find(self, slot: int) -> int:
        while self.parent[slot] != slot:
            self.parent[slot] = self.parent[self.parent[slot]]
            slot = self.parent[slot]
        return slot

    def fix(self, slot: int, typ: str) -> None:
        root = self.find(slot)
        known = self.fixed.get(root)
        if known is not None and known != typ:
            raise TypeConflict(f"a value would have both type {known} and {typ}")
        self.fixed[root] = typ

    def unify(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        fa, fb = self.fixed.get(ra), self.fixed.get(rb)
        if fa is not None and fb is not None and fa != fb:
            raise TypeConflict(f"a value would have both type {fa} and {fb}")
        self.parent[rb] = ra
        if fa is None and fb is not None:
            self.fixed[ra] = fb

    def less(self, a: int, b: int) -> None:
        """The width of slot a is smaller than the width of slot b."""
        self.narrower.append((a, b))

    def resolve(self) -> Resolution:
        return _resolve(self)


@dataclass(frozen=True)
class Resolution:
    """Every slot's type text, the width variables and the constraints between them."""

    types: dict[int, str]
    generic: list[str]
    constraints: list[str]

    def of(self, slot: int) -> str:
        return self.types[slot]


def _width(typ: str) -> int | None:
    return int(typ[1:]) if typ.startswith("i") and typ[1:].isdigit() else None


def _resolve(slots: TypeSlots) -> Resolution:
    roots = sorted({slots.find(s) for s in range(len(slots.parent))})
    edges = {(slots.find(a), slots.find(b)) for a, b in slots.narrower}
    for a, b in edges:
        for root in (a, b):
            if slots.fixed.get(root) == "index":
                raise TypeConflict("an extension or truncation of index")
        if a == b:
            raise TypeConflict("a value would be narrower than itself")
    open_roots = [r for r in roots if r not in slots.fixed]
    order = _topological(
        open_roots, {(a, b) for a, b in edges if a in open_roots and b in open_roots}
    )
    names = {root: f"i{PLACEHOLDER_BASE + k}" for k, root in enumerate(order)}
    names.update(slots.fixed)
    constraints = []
    for a, b in sorted(edges):
        wa, wb = _width(names[a]), _width(names[b])
        assert wa is not None and wb is not None
        if a in slots.fixed and b in slots.fixed:
            if not wa < wb:
                raise TypeConflict(f"{names[a]} is not narrower than {names[b]}")
            continue
        if b in slots.fixed:
            raise TypeConflict(
                f"a width variable narrower than the fixed type {names[b]} (not expressible)"
            )
        constraints.append(f"{names[a]} < {names[b]}")
    types = {s: names[slots.find(s)] for s in range(len(slots.parent))}
    return Resolution(types, [names[r] for r in order], constraints)


def _topological(nodes: list[int], edges: set[tuple[int, int]]) -> list[int]:
    """Nodes ordered so that every edge (a, b) has a before b."""
    incoming = {n: 0 for n in nodes}
    for _, b in edges:
        incoming[b] += 1
    ready = [n for n in nodes if incoming[n] == 0]
    order: list[int] = []
    while ready:
        node = ready.pop(0)
        order.append(node)
        for a, b in sorted(edges):
            if a == node:
                incoming[b] -= 1
                if incoming[b] == 0:
                    ready.append(b)
    if len(order) != len(nodes):
        raise TypeConflict("the widths would have to be narrower than themselves (a cycle)")
    return order
