"""Fingerprints: the outputs of an expression on a fixed set of concrete input rows.

A `Rows` holds the inputs (an unsigned int or `None` for poison per argument) and, per row,
the width of every width variable (discovery evaluates each expression at several widths at
once; synthesis of a fixed-width function has one). Evaluation is element-wise on whole rows
(one Python loop per op, no interpretation of IR), which is what makes enumeration fast; the
elements follow `irproof.synth.ops` (poison `None`, undefined behaviour `UB`, which spreads
through every op since straight-line code runs all of them). `tests/test_synth_enumerate.py`
checks this evaluator against irproof's concrete interpreter.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from irproof.synth.ops import CMP_KERNELS, OPS, UB, Elem
from irproof.synth.program import Expr

Vector = tuple[Elem, ...]


def type_width(type_: str, variables: dict[int, int], index_width: int = 64) -> int:
    if type_ == "index":
        return index_width
    declared = int(type_[1:])
    return variables.get(declared, declared)


@dataclass
class Rows:
    """Input rows for a signature's argument types; `variables[r]` maps a width variable
    (a declared width, e.g. 32 in `i32`) to its width in row `r`."""

    arg_types: tuple[str, ...]
    inputs: list[tuple[int | None, ...]] = field(default_factory=list)
    variables: list[dict[int, int]] = field(default_factory=list)
    index_width: int = 64
    _widths: dict[str, list[int]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.inputs)

    def add(self, values: Sequence[int | None], variables: dict[int, int] | None = None) -> None:
        self.inputs.append(tuple(values))
        self.variables.append(dict(variables or {}))
        self._widths.clear()

    def widths(self, type_: str) -> list[int]:
        """The width of `type_` in every row."""
        if type_ not in self._widths:
            self._widths[type_] = [type_width(type_, v, self.index_width) for v in self.variables]
        return self._widths[type_]

    def arg_vector(self, index: int) -> Vector:
        return tuple(row[index] for row in self.inputs)

    def const_vector(self, value: int, type_: str) -> Vector:
        return tuple(value & ((1 << w) - 1) for w in self.widths(type_))


def edge_values(width: int) -> list[int]:
    """Values that break rewrites: 0, 1, 2, -1, -2, INT_MIN, INT_MAX, INT_MIN + 1."""
    top = (1 << width) - 1
    sign = 1 << (width - 1)
    return sorted({0, 1, 2 & top, top, (top - 1) & top, sign, sign - 1, (sign + 1) & top})


def make_rows(
    arg_types: Sequence[str],
    variable_sets: Sequence[dict[int, int]] = ({},),
    count: int = 48,
    seed: int = 0,
    poison: bool = True,
    index_width: int = 64,
) -> Rows:
    """Rows of edge values (all pairs for the first two arguments), random values, and
    rows where one argument (or every argument) is poison; `count` per width set."""
    rng = random.Random(seed)
    rows = Rows(tuple(arg_types), index_width=index_width)
    for variables in variable_sets:
        widths = [type_width(t, variables, index_width) for t in arg_types]
        edges = [edge_values(w) for w in widths]
        made: list[tuple[int | None, ...]] = []
        if widths:
            first = edges[0]
            second = edges[1] if len(widths) > 1 else [0]
            for a in first:
                for b in second:
                    pair = [a, b][: len(widths)]
                    made.append((*pair, *(rng.choice(e) for e in edges[2:])))
        made = made[: count * 2 // 3] if len(made) > count * 2 // 3 else made
        poison_rows: list[tuple[int | None, ...]] = []
        if poison:
            for i in range(len(widths)):
                values: list[int | None] = [rng.getrandbits(w) for w in widths]
                values[i] = None
                poison_rows.append(tuple(values))
            if len(widths) > 1:
                poison_rows.append(tuple(None for _ in widths))
        while len(made) + len(poison_rows) < count and widths:
            made.append(tuple(_random_value(rng, w) for w in widths))
        if not widths:
            made = [()]
        for row in [*made, *poison_rows]:
            rows.add(row, variables)
    return rows


def _random_value(rng: random.Random, width: int) -> int:
    """Random bits, half of the time small magnitudes (where arithmetic identities break)."""
    if rng.random() < 0.5:
        return rng.randrange(-8, 9) & ((1 << width) - 1)
    return rng.getrandbits(width)


# ---- applying one op to whole vectors ---------------------------------------------------


def apply_op(
    op: str,
    attr: int | str | None,
    result_type: str,
    operands: Sequence[Expr | str],
    vectors: Sequence[Vector],
    rows: Rows,
) -> Vector:
    """The vector of `op` on operand vectors (`operands` gives the operand types)."""
    types = [o if isinstance(o, str) else o.type for o in operands]
    spec = OPS[op]
    if spec.shape == "binary":
        kernel = spec.kernel
        assert kernel is not None
        return tuple(
            UB if a == UB or b == UB else None if a is None or b is None else kernel(a, b, w)  # type: ignore[arg-type]
            for a, b, w in zip(vectors[0], vectors[1], rows.widths(types[0]), strict=True)
        )
    if spec.shape == "division":
        div = spec.kernel
        assert div is not None
        return tuple(
            UB if a == UB or b == UB else div(a, b, w)  # type: ignore[arg-type]
            for a, b, w in zip(vectors[0], vectors[1], rows.widths(types[0]), strict=True)
        )
    if spec.shape == "cmp":
        test = CMP_KERNELS[str(attr)]
        return tuple(
            UB if a == UB or b == UB else None if a is None or b is None else test(a, b, w)  # type: ignore[arg-type]
            for a, b, w in zip(vectors[0], vectors[1], rows.widths(types[0]), strict=True)
        )
    if spec.shape == "select":
        return tuple(
            UB if c == UB or a == UB or b == UB else None if c is None else (a if c else b)
            for c, a, b in zip(vectors[0], vectors[1], vectors[2], strict=True)
        )
    return _cast(spec.shape, spec.signed_ext, types[0], result_type, vectors[0], rows)


def _cast(
    shape: str, is_signed: bool, from_type: str, to_type: str, vector: Vector, rows: Rows
) -> Vector:
    out: list[Elem] = []
    for v, f, t in zip(vector, rows.widths(from_type), rows.widths(to_type), strict=True):
        if v == UB or v is None:
            out.append(v)
            continue
        assert isinstance(v, int)
        if shape == "ext" and is_signed and v >> (f - 1):
            v -= 1 << f
        out.append(v & ((1 << t) - 1))
    return tuple(out)


def evaluate(
    expr: Expr,
    rows: Rows,
    holes: dict[Expr, int] | None = None,
    cache: dict[Expr, Vector] | None = None,
) -> Vector:
    """The vector of a whole expression (holes replaced by the given constants)."""
    memo: dict[Expr, Vector] = {} if cache is None else cache

    def go(node: Expr) -> Vector:
        if node in memo:
            return memo[node]
        if node.op == "arg":
            vec = rows.arg_vector(int(node.attr or 0))
        elif node.op == "const":
            vec = rows.const_vector(int(node.attr or 0), node.type)
        elif node.op == "hole":
            if holes is None or node not in holes:
                raise ValueError(f"hole {node.show()} has no value")
            vec = rows.const_vector(holes[node], node.type)
        else:
            vec = apply_op(
                node.op, node.attr, node.type, node.args, [go(a) for a in node.args], rows
            )
        memo[node] = vec
        return vec

    return go(expr)


def refines(target: Vector, source: Vector) -> bool:
    """Whether `target` refines `source` on every row: the source has UB there, or the
    target has none and is the source's value (anything, where the source is poison)."""
    for t, s in zip(target, source, strict=True):
        if s == UB:
            continue
        if t == UB or (s is not None and t != s):
            return False
    return True


def is_all_ub(vector: Vector) -> bool:
    return all(v == UB for v in vector)
