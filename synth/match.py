"""Pattern matching of expressions: when one rewrite's source covers another's.

`match(pattern, term)` binds the pattern's arguments to subterms of `term` (consistently;
commutative ops and `cmpi` with swapped operands and predicate match either way round), so
that the pattern with the binding applied is `term`. Discovery uses it to drop a rewrite
implied by another (its source contains an instance of the other's source), and the
benchmark to decide whether a discovered rewrite is a canonicalization of the corpus.
Types: `i1` in a pattern matches `i1` only; any other type of a pattern is a width
variable (discovered and corpus rewrites are width-generic, with different placeholder
widths), bound consistently like the arguments, and may stand for `i1` too.
"""

from __future__ import annotations

from collections.abc import Iterator

from irproof.synth.ops import OPS, SWAPPED_PREDICATE
from irproof.synth.program import Expr

Binding = dict[int | str, Expr | str]
"""Argument index -> the subterm it stands for; pattern type -> the type it stands for."""


def match(pattern: Expr, term: Expr, binding: Binding | None = None) -> Binding | None:
    """A binding under which `pattern` is `term`, or None."""
    for found in _matches(pattern, term, dict(binding or {})):
        return found
    return None


def _bind_type(pattern: str, term: str, binding: Binding) -> Binding | None:
    if pattern == "i1":
        return binding if term == "i1" else None
    bound = binding.get(pattern)
    if bound is None:
        return {**binding, pattern: term}
    return binding if bound == term else None


def _matches(pattern: Expr, term: Expr, binding: Binding) -> Iterator[Binding]:
    typed = _bind_type(pattern.type, term.type, binding)
    if typed is None:
        return
    binding = typed
    if pattern.op == "arg":
        index = int(pattern.attr or 0)
        bound = binding.get(index)
        if bound is None:
            yield {**binding, index: term}
        elif bound == term:
            yield binding
        return
    if pattern.op == "const":
        if term.op == "const" and _same_constant(pattern, term):
            yield binding
        return
    if pattern.op != term.op or len(pattern.args) != len(term.args):
        return
    orders: list[tuple[tuple[Expr, ...], object]] = [(term.args, term.attr)]
    if pattern.op in OPS and OPS[pattern.op].commutative:
        orders.append((term.args[::-1], term.attr))
    if pattern.op == "arith.cmpi":
        orders.append((term.args[::-1], SWAPPED_PREDICATE[str(term.attr)]))
    for args, attr in orders:
        if attr != pattern.attr:
            continue
        yield from _all(pattern.args, args, binding)


def _all(
    patterns: tuple[Expr, ...], terms: tuple[Expr, ...], binding: Binding
) -> Iterator[Binding]:
    if not patterns:
        yield binding
        return
    for first in _matches(patterns[0], terms[0], binding):
        yield from _all(patterns[1:], terms[1:], first)


def _same_constant(a: Expr, b: Expr) -> bool:
    """Constants compared at the term's type, modulo 2^width (1 and -1 are one i1 value)."""
    return _normal(int(a.attr or 0), b.type) == _normal(int(b.attr or 0), b.type)


def _normal(value: int, type_: str) -> int:
    if type_ == "i1":
        return value & 1 and -1  # i1: true is all ones
    if type_ == "index":
        return value
    width = int(type_[1:])
    value &= (1 << width) - 1
    return value - (1 << width) if value >> (width - 1) else value


def subterms(expr: Expr) -> Iterator[Expr]:
    seen: set[Expr] = set()
    stack = [expr]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        yield node
        stack.extend(node.args)


def covers(pattern: Expr, term: Expr) -> bool:
    """Whether some subterm of `term` (itself included) is an instance of `pattern`."""
    return any(not sub.is_leaf and match(pattern, sub) is not None for sub in subterms(term))
