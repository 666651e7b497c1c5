"""Width-generic rewrites: width variables and the width assignments a pair is checked at.

A rewrite written once for every bit width marks some integer types of its source function
as width variables: `attributes {irproof.generic = [i32]}` makes every `i32` in the pair
stand for "any width of --widths". Front ends (PDL, Alive `.opt`) emit the same form, using
placeholder widths `i1000`, `i1001`, ... for their variables, optionally with constraints
between them: `irproof.width_constraints = ["i1000 < i1001"]` (trunc needs a narrower result).
One side of a constraint may be a fixed type: `"i1 < i1000"` (an `extui` from `i1`).
Literals in a generic pair are reduced modulo 2^width (so `-1` is all ones at every width).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from xdsl.dialects import func
from xdsl.dialects.builtin import ArrayAttr, IntegerType, StringAttr

GENERIC_ATTR = "irproof.generic"
CONSTRAINTS_ATTR = "irproof.width_constraints"
PLACEHOLDER_BASE = 1000
"""Front ends name width variable k `i{PLACEHOLDER_BASE + k}`."""

SMALL_WIDTHS = (*range(1, 9), 16, 32, 64)
"""With two or more variables the full product is checked only up to `MAX_INSTANCES`
assignments; beyond that, each variable ranges over these widths (the ones in --widths)."""
MAX_INSTANCES = 512

_CONSTRAINT = re.compile(r"^\s*i(\d+)\s*(<=|<|==|!=|>=|>)\s*i(\d+)\s*$")
_COMPARE = {
    "<": int.__lt__,
    "<=": int.__le__,
    "==": int.__eq__,
    "!=": int.__ne__,
    ">": int.__gt__,
    ">=": int.__ge__,
}


class GenericError(Exception):
    """A malformed `irproof.generic` / `irproof.width_constraints` attribute."""


@dataclass(frozen=True)
class WidthVariables:
    """The declared widths that are variables, and the constraints between them."""

    declared: tuple[int, ...]
    constraints: tuple[tuple[int, str, int], ...] = ()

    def assignments(self, widths: Sequence[int]) -> list[dict[int, int]]:
        """Every declared-width → width map to check, smallest widths first."""
        ranges = [sorted(set(widths))] * len(self.declared)
        if len(self.declared) > 1 and len(widths) ** len(self.declared) > MAX_INSTANCES:
            small = sorted(set(widths) & set(SMALL_WIDTHS))
            ranges = [small] * len(self.declared)
        found = []
        for combo in itertools.product(*ranges):
            mapping = dict(zip(self.declared, combo, strict=True))
            if all(
                _COMPARE[op](mapping.get(a, a), mapping.get(b, b)) for a, op, b in self.constraints
            ):
                found.append(mapping)
        return sorted(found, key=lambda m: (max(m.values()), sorted(m.values())))


def width_variables(source: func.FuncOp) -> WidthVariables | None:
    """The width variables a source function declares, or None for a fixed-width pair."""
    generic = source.attributes.get(GENERIC_ATTR)
    if generic is None:
        return None
    if not isinstance(generic, ArrayAttr) or not all(
        isinstance(t, IntegerType) for t in generic.data
    ):
        raise GenericError(f"@{source.sym_name.data}: {GENERIC_ATTR} must be a list of iN types")
    declared = tuple(t.width.data for t in generic.data if isinstance(t, IntegerType))
    return WidthVariables(declared, _constraints(source, declared))


def _constraints(
    source: func.FuncOp, declared: tuple[int, ...]
) -> tuple[tuple[int, str, int], ...]:
    attr = source.attributes.get(CONSTRAINTS_ATTR)
    if attr is None:
        return ()
    texts = attr.data if isinstance(attr, ArrayAttr) else ()
    parsed = []
    for text in texts:
        match = _CONSTRAINT.match(text.data) if isinstance(text, StringAttr) else None
        if match is None or not _over_variables(int(match[1]), int(match[3]), declared):
            raise GenericError(
                f"@{source.sym_name.data}: bad width constraint {text} "
                f'(expected e.g. "i1000 < i1001" over the generic types)'
            )
        parsed.append((int(match[1]), match[2], int(match[3])))
    return tuple(parsed)


def _over_variables(a: int, b: int, declared: tuple[int, ...]) -> bool:
    """At least one side is a width variable; the other is one or a fixed width (1-128)."""
    return (
        (a in declared or a <= 128)
        and (b in declared or b <= 128)
        and (a in declared or b in declared)
    )


def parse_widths(text: str) -> tuple[int, ...]:
    """`--widths 1-64`, `8,16,32` or `1-8,64` → sorted widths, each from 1 to 128."""
    widths: set[int] = set()
    for part in text.split(","):
        bounds = part.strip().split("-")
        if len(bounds) > 2 or not all(b.strip().isdigit() for b in bounds):
            raise ValueError(f"bad width list '{text}' (expected e.g. 1-64 or 8,16,32)")
        low, high = int(bounds[0]), int(bounds[-1])
        if not 1 <= low <= high <= 128:
            raise ValueError(f"widths must be from 1 to 128, with low <= high: '{part}'")
        widths.update(range(low, high + 1))
    return tuple(sorted(widths))


def describe(assignment: Mapping[int, int]) -> str:
    """`i8` for one variable, `i1000=8, i1001=16` for several."""
    if len(assignment) == 1:
        return f"i{next(iter(assignment.values()))}"
    return ", ".join(f"i{k}={v}" for k, v in sorted(assignment.items()))
