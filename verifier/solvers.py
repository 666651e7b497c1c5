"""Solver cross-check (`irproof fuzz --solver`): the SMT-LIB 2 text of a refinement query
(what `irproof smtlib` prints) answered by other solvers through their Python APIs.

`SOLVERS` is the table of solvers by name: `z3` (its SMT-LIB parser, so a disagreement with
irproof's direct Z3 back end points at the SMT-LIB printer or the translator), `cvc5` and
`bitwuzla` (the `solvers` extra). `pair_smtlib_queries` prints every instance query of a pair;
`cross_check` asks each solver and reports an `Inconsistency` wherever one says sat and
another (or irproof's own verdict) unsat: a solver or encoding bug, never resolved silently.
`unknown` answers (timeouts, unsupported logic) are not inconsistencies.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from xdsl.dialects.builtin import ModuleOp

from irproof.dialects.smt.smtlib import print_smtlib
from irproof.semantics.lowering import UnsupportedOp
from irproof.verifier import float_policy
from irproof.verifier.generic import describe
from irproof.verifier.memory_inputs import alias_configurations
from irproof.verifier.pairs import FunctionPair
from irproof.verifier.refinement import build_refinement_query
from irproof.verifier.verify import VerifyOptions, instances

SAT, UNSAT, UNKNOWN = "sat", "unsat", "unknown"


@dataclass(frozen=True)
class InstanceQuery:
    """The query of one instance of a pair: its label, index width and SMT-LIB text (None
    when the pair cannot be encoded: `unsupported` says why)."""

    label: str
    index_width: int
    text: str | None
    unsupported: str = ""


def pair_smtlib_queries(
    module: ModuleOp, pair: FunctionPair, options: VerifyOptions, ir: bool = False
) -> Iterator[InstanceQuery]:
    """The refinement query of every instance (width assignment, index width) of `pair`, as
    SMT-LIB 2 (or, with `ir`, as the semantics IR), built lazily."""
    try:
        configurations = alias_configurations(pair.source, options.noalias)
    except UnsupportedOp as error:
        yield InstanceQuery("aliasing", options.index_widths[0], None, f"unsupported: {error}")
        return
    for widths, aliasing in [
        (w, a) for w in instances(module, pair, options) for a in configurations
    ]:
        label = f"index width {widths.index_width}"
        if widths.variables:
            label = f"{describe(widths.variables)}, {label}"
        if len(configurations) > 1:
            label = f"{label}, aliasing {list(aliasing)}"
        try:
            fp_mode = float_policy.choose_mode(module, pair.source, pair.target, options.fp)
            query = build_refinement_query(
                module,
                pair.source,
                pair.target,
                widths,
                options.poison_inputs,
                fp_mode=fp_mode,
                unroll=options.unroll,
                aliasing=aliasing,
            )
        except UnsupportedOp as error:
            yield InstanceQuery(label, widths.index_width, None, f"unsupported: {error}")
            continue
        assert query.module is not None
        text = str(query.module) + "\n" if ir else print_smtlib(query.module)
        yield InstanceQuery(label, widths.index_width, text)


# --- Solvers ------------------------------------------------------------------------------


class SolverUnavailable(Exception):
    """A solver's Python package is not installed."""


def _z3(text: str, timeout_s: float) -> str:
    import z3

    solver = z3.Solver()
    solver.set("timeout", max(1, int(timeout_s * 1000)))
    solver.add(z3.parse_smt2_string(text))
    return str(solver.check())


def _cvc5(text: str, timeout_s: float) -> str:
    import cvc5

    manager = cvc5.TermManager()
    solver = cvc5.Solver(manager)
    solver.setOption("tlimit-per", str(max(1, int(timeout_s * 1000))))
    symbols = cvc5.SymbolManager(manager)
    parser = cvc5.InputParser(solver, symbols)
    parser.setStringInput(cvc5.InputLanguage.SMT_LIB_2_6, text, "query")
    answer = UNKNOWN
    while True:
        command = parser.nextCommand()
        if command.isNull():
            return answer
        printed = command.invoke(solver, symbols).strip()
        if printed in (SAT, UNSAT, UNKNOWN):
            answer = printed


def _bitwuzla(text: str, timeout_s: float) -> str:
    import bitwuzla

    options = bitwuzla.Options()
    options.set(bitwuzla.Option.TIME_LIMIT_PER, max(1, int(timeout_s * 1000)))
    parser = bitwuzla.Parser(bitwuzla.TermManager(), options)
    parser.parse(text.replace("(check-sat)", ""), False, False)
    return str(parser.bitwuzla().check_sat())


@dataclass(frozen=True)
class Solver:
    name: str
    module: str
    """The Python package it needs."""
    check: Callable[[str, float], str]
    """SMT-LIB script, timeout in seconds → sat | unsat | unknown (may raise on bad input)."""


SOLVERS: dict[str, Solver] = {
    "z3": Solver("z3", "z3", _z3),
    "cvc5": Solver("cvc5", "cvc5", _cvc5),
    "bitwuzla": Solver("bitwuzla", "bitwuzla", _bitwuzla),
}
"""Solvers by `--solver` name."""

ALL = "all"


def solver_names(choice: str) -> tuple[str, ...]:
    """The solvers of a `--solver` choice (`all` = every one); `SolverUnavailable` (naming
    the package and the extra) when one is not installed."""
    names = tuple(SOLVERS) if choice == ALL else (choice,)
    for name in names:
        if name not in SOLVERS:
            raise SolverUnavailable(f"unknown solver '{name}' (one of {', '.join(SOLVERS)}, all)")
        if importlib.util.find_spec(SOLVERS[name].module) is None:
            raise SolverUnavailable(
                f"solver {name} is not installed: pip install 'irproof[solvers]'"
            )
    return names


def ask(name: str, text: str, timeout_s: float) -> str:
    """The answer of solver `name`; a solver that fails on the script answers `unknown`."""
    try:
        answer = SOLVERS[name].check(text, timeout_s)
    except Exception:  # e.g. an SMT-LIB construct the solver does not support
        return UNKNOWN
    return answer if answer in (SAT, UNSAT) else UNKNOWN


# --- Cross-check --------------------------------------------------------------------------


@dataclass(frozen=True)
class Inconsistency:
    """Solvers (or irproof's verdict) that disagree on one query."""

    label: str
    answers: dict[str, str]
    query: str

    def describe(self) -> str:
        said = ", ".join(f"{name}: {answer}" for name, answer in self.answers.items())
        return f"solvers disagree on the query at {self.label}: {said}"


IRPROOF = "irproof (z3 direct)"
"""The name of irproof's own answer (from its verdict) in an `Inconsistency`."""


def cross_check(
    queries: Sequence[InstanceQuery],
    solvers: Sequence[str],
    timeout_s: float,
    expected: Callable[[InstanceQuery], str] | None = None,
) -> list[Inconsistency]:
    """Ask every solver about every query; `expected(query)` is irproof's own answer when
    its verdict fixes one (sat, unsat or unknown)."""
    found: list[Inconsistency] = []
    for query in queries:
        if query.text is None:
            continue
        answers = {name: ask(name, query.text, timeout_s) for name in solvers}
        if expected is not None:
            answers[IRPROOF] = expected(query)
        definite = {a for a in answers.values() if a != UNKNOWN}
        if len(definite) > 1:
            found.append(Inconsistency(query.label, answers, query.text))
    return found
