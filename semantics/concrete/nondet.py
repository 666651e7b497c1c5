"""Choices the semantics leaves open, as the concrete interpreter makes them.

An op whose result is not fixed by its operands (the sign of a zero under `nsz`, which zero
`maxnumf`/`minnumf` return for +0 and -0, the bits of a NaN) asks `choose(op, kind)`, the
same choices in the same order as the SMT rule makes them (`irproof.semantics.nondet`),
each time it runs. By default every choice is the default behaviour (0: keep the sign,
pick +0 for max / -0 for min, the canonical NaN). The replay installs an oracle with
`choices(...)` to run the target as the solver's model chose, and to enumerate every
behaviour of the source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from xdsl.ir import Operation

Oracle = Callable[[Operation, str], int | None]
"""(op, kind) -> the choice, or None for the default one."""


def _defaults(_op: Operation, _kind: str) -> int | None:
    return None


_ORACLE: ContextVar[Oracle] = ContextVar("irproof_concrete_oracle", default=_defaults)


@contextmanager
def choices(oracle: Oracle) -> Iterator[None]:
    """Runs inside this block make their choices through `oracle`."""
    token = _ORACLE.set(oracle)
    try:
        yield
    finally:
        _ORACLE.reset(token)


def choose(op: Operation, kind: str, default: int = 0) -> int:
    """The choice of kind `kind` the op makes now."""
    value = _ORACLE.get()(op, kind)
    return default if value is None else value
