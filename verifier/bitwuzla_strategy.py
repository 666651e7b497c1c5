"""Bitwuzla as a solving strategy of `irproof.verifier.solver.check`, in-process.

A query goes over as text (`irproof.verifier.plain_query`): Z3 prints it as SMT-LIB,
Bitwuzla parses it (both in C; well under a millisecond, where walking the terms in Python
took 9 ms). Only queries over Boolean and bit-vector constants qualify; one with functions,
arrays, floats or Z3's internal division functions is left to Z3 (`prepare` gives None). On typical per-width queries of the Alive suite Bitwuzla answers 1.5-4x faster than
Z3's QF_BV solver; on some (AndOrXor:298) it is 2x slower, which the strategy memory and
its probes sort out per series.

A `sat` answer comes back as a Z3 model: Bitwuzla's values of the query's constants are
asserted next to the query in a Z3 solver (every input fixed: Z3 answers by propagation),
so that the rest of irproof reads counterexamples as always, and a Bitwuzla model that
Z3 does not confirm is not an answer.

Bitwuzla is the optional `solvers` extra (`pip install 'irproof[solvers]'`, part of `dev`);
without it `AVAILABLE` is False and `prepare` gives None: Z3's strategies alone.
"""

from __future__ import annotations

import importlib.util
import time
import weakref
from collections.abc import Callable, Sequence
from typing import Any

import z3

from irproof.verifier.plain_query import PlainQuery, plain_query

AVAILABLE = importlib.util.find_spec("bitwuzla") is not None

CONFIRM_S = 1.0
"""Budget of the Z3 check that turns Bitwuzla's values into a Z3 model."""

CheckResult = tuple[z3.CheckSatResult, z3.ModelRef | None, str]


class Prepared:
    """A query printed once as SMT-LIB, checked in as many time slices as the caller wants.
    `prepare` parses it and starts Bitwuzla (`parsed`); every slice resumes that same
    solver (its bit-blasting and learned clauses kept: a terminator ends each slice) rather
    than starting over, so slices cost no restarts: Alive's AndOrXor:1628 at i29, 1.34 s of
    Bitwuzla in one go, is answered after 1.64 s in seven slices of 0.25 s, where fresh
    slices would never answer it."""

    def __init__(self, assertions: Sequence[z3.BoolRef], text: str) -> None:
        self.assertions = list(assertions)
        self.text = text
        self._session: tuple[Any, Any] | None = None  # (parser, solver) once started
        self._deadline = 0.0

    @classmethod
    def parsed(cls, assertions: Sequence[z3.BoolRef], text: str) -> Prepared:
        """The query with Bitwuzla's session started (seed 0, which the first slice nearly
        always has): raises `bitwuzla.BitwuzlaException` where Bitwuzla cannot read it.
        Parsing it once serves both `prepare`'s test and the first slice (parsing it twice
        was a fifth of the strategies' set-up on the Alive suite)."""
        prepared = cls(assertions, text)
        prepared._start(0)
        return prepared

    def check(self, budget_s: float, seed: int) -> CheckResult:
        """Bitwuzla's answer within `budget_s` more seconds (`seed`: of a session started
        over, after a model Z3 did not confirm; a `parsed` one starts with seed 0);
        on sat, a Z3 model of the assertions (or `timeout`, i.e. no answer, when Z3 does not
        confirm it)."""
        import bitwuzla

        self._deadline = time.perf_counter() + budget_s
        try:
            parser, solver = self._session or self._start(seed)
            result = solver.check_sat()
        except bitwuzla.BitwuzlaException:  # not an answer: the other strategies go on
            self._session = None
            return z3.unknown, None, "timeout"
        if result == bitwuzla.Result.UNSAT:
            return z3.unsat, None, ""
        if result != bitwuzla.Result.SAT:
            return z3.unknown, None, "timeout"
        ctx = self.assertions[0].ctx if self.assertions else z3.main_ctx()
        confirm = z3.SolverFor("QF_BV", ctx=ctx)
        confirm.set("timeout", max(1, int(CONFIRM_S * 1000)))
        fixed = [_fixed(t, solver.get_value(t), ctx) for t in parser.get_declared_funs()]
        confirm.add(*self.assertions, *fixed)
        if confirm.check() != z3.sat:  # not an answer; the other strategies go on, and
            self._session = None  # the next slice starts over (resumed, it would give the
            return z3.unknown, None, "timeout"  # same model again)
        return z3.sat, confirm.model(), ""

    def _start(self, seed: int) -> tuple[Any, Any]:
        import bitwuzla

        options = bitwuzla.Options()
        options.set(bitwuzla.Option.PRODUCE_MODELS, True)
        options.set(bitwuzla.Option.SEED, seed)
        parser = bitwuzla.Parser(bitwuzla.TermManager(), options)
        parser.parse(self.text, True, False)
        solver = parser.bitwuzla()
        solver.configure_terminator(_terminator(self))
        self._session = (parser, solver)
        return self._session

    def expired(self) -> bool:
        """The current slice's time is up."""
        return time.perf_counter() > self._deadline


def _terminator(prepared: Prepared) -> Callable[[], bool]:
    """Bitwuzla's terminator for `prepared`'s solver, holding `prepared` weakly: the solver
    (a C++ object) keeps its terminator alive, and a bound method would keep `prepared`,
    its solver and its Z3 assertions alive with it, a cycle Python's collector cannot see
    into: every query of the process stayed in memory, and with it every pair's Z3
    context (making the next one took 9 ms instead of 1 ms)."""
    owner = weakref.ref(prepared)

    def expired() -> bool:
        live = owner()
        return live is None or live.expired()

    return expired


def prepare(assertions: Sequence[z3.BoolRef] | PlainQuery) -> Prepared | None:
    """The query as Bitwuzla reads it; None without Bitwuzla, or for a query beyond
    quantifier-free bit-vectors and Booleans (or with Z3's internal divisions)."""
    if not AVAILABLE:
        return None
    plain = assertions if isinstance(assertions, PlainQuery) else plain_query(assertions)
    if plain is None:
        return None
    import bitwuzla

    try:  # Z3's own extensions (`bvumul_noovfl`, ...) are not SMT-LIB
        return Prepared.parsed(plain.assertions, plain.script)
    except bitwuzla.BitwuzlaException:
        return None


def _fixed(term: Any, value: Any, ctx: z3.Context) -> z3.BoolRef:
    """`constant == value` in Z3 (a constant is its name and sort: the query's own)."""
    sort = term.sort()
    if sort.is_bool():
        return z3.Bool(term.symbol(), ctx) == z3.BoolVal(value.value(), ctx)  # type: ignore[return-value]
    width = sort.bv_size()
    return z3.BitVec(term.symbol(), width, ctx) == z3.BitVecVal(int(value.value(2), 2), width, ctx)  # type: ignore[return-value]
