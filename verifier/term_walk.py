"""Bottom-up walks over Z3 terms, without recursion (queries can be thousands deep)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import z3

T = TypeVar("T")


def bottom_up(root: z3.ExprRef, done: dict[int, T], make: Callable[[z3.ExprRef], T]) -> T:
    """What `make` gives for `root`, having made it for every term below first (children
    before parents, each once): `done` holds the results by term id, those already there
    are not made again, and `make` reads its children's results from it."""
    stack: list[tuple[z3.ExprRef, bool]] = [(root, False)]
    while stack:
        term, expanded = stack.pop()
        key = term.get_id()
        if key in done:
            continue
        if not expanded and z3.is_app(term) and term.num_args():
            stack.append((term, True))
            stack += [(child, False) for child in term.children() if child.get_id() not in done]
            continue
        done[key] = make(term)
    return done[root.get_id()]
