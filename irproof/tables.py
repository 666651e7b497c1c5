"""Rule tables filled by decorators: `registrar(table)` makes the decorator that enters a
function into `table` under each of the keys it is given (op names, op types, suffixes)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, MutableMapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def registrar(table: MutableMapping[K, V]) -> Callable[..., Callable[[V], V]]:
    """`registrar(table)(*keys)` is a decorator that sets `table[key]` to the decorated
    function for every key, and returns the function unchanged."""

    def rule_for(*keys: K) -> Callable[[V], V]:
        def register(rule: V) -> V:
            for key in keys:
                table[key] = rule
            return rule

        return register

    return rule_for
