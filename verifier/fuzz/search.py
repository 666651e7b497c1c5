"""Runs a fuzz check under Hypothesis: seeded, within an example and a time budget, each
failure shrunk to a small reproducer, then the search goes on for other bugs.

Hypothesis is used programmatically: the check is wrapped in `@given(st.data())` with
`settings(max_examples, deadline=None, database=None or a folder, quiet)` and `seed`. A
failure raises `FindingFound`; Hypothesis shrinks it and replays the smallest failing example
last, whose finding is kept. The search then starts a new round (seed + 1, the examples
left) in which failures `KnownFindings` already covers pass, so every round that fails
finds a new bug. With a time budget, rounds are short (`ROUND_SIZE` examples) and no round
starts once the budget is spent. An exception other than `FindingFound` inside the check
(a crash of irproof) is a finding too.
"""

from __future__ import annotations

import re
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase

from irproof.strategies import GeneratedFunction
from irproof.verifier.fuzz.findings import CRASH, Finding, KnownFindings

ROUND_SIZE = 20
"""Examples per round when a time budget is set (the budget is checked between rounds)."""

SHRINK_CALLS = 400
SHRINK_TIME_S = 60.0
"""Shrinking of one failure stops after this many check calls or seconds (or when the time
budget is spent); the smallest failing example seen so far is then the reproducer."""


class _StopShrinking(BaseException):
    """Raised past the shrinking budget: Hypothesis lets it through at once (it is not an
    `Exception`), ending the round."""


class FindingFound(Exception):
    """Raised by a check: `finding` is a bug on the current example."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.key)
        self.finding = finding


class InternalError(Exception):
    """irproof gave up on a check with an internal error (`verify_pair` turns a crash into
    `unknown` with the reason `internal error: ...`): a crash finding for the fuzzer."""


def raise_internal_error(reason: str) -> None:
    if reason.startswith("internal error"):
        raise InternalError(reason.removeprefix("internal error: "))


class FuzzCheck:
    """A fuzz mode: `run(data)` draws a program (and inputs), checks it and returns an
    outcome label (counted in the statistics: `correct`, `unknown`, `agree`, ...) or raises
    `FindingFound`. `program(...)` records the program under test, for crash reports."""

    mode = "fuzz"

    def __init__(self) -> None:
        self.reproducer = ""
        self.ops: tuple[str, ...] = ()

    def program(self, function: GeneratedFunction, text: str | None = None) -> None:
        self.reproducer = function.text if text is None else text
        self.ops = function.op_names

    def run(self, data: st.DataObject) -> str:
        raise NotImplementedError

    def crash(self, error: Exception) -> Finding:
        message = re.sub(r"\d+", "N", str(error).splitlines()[0] if str(error) else "")
        where = f"irproof {type(error).__name__}: {message[:80]}"
        detail = "".join(traceback.format_exception(error)[-6:])
        return Finding(CRASH, self.mode, where, "exception", self.ops, self.reproducer, detail)


@dataclass(frozen=True)
class Budget:
    max_examples: int = 100
    seed: int = 0
    time_budget_s: float | None = None
    database: str | None = None
    """A folder for Hypothesis's example database (None: no database)."""


@dataclass
class SearchStats:
    """What a search did: examples generated, check calls (shrinking included), outcomes."""

    examples: int = 0
    calls: int = 0
    rounds: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    known_skipped: int = 0
    elapsed_s: float = 0.0

    @property
    def programs_per_s(self) -> float:
        return self.calls / self.elapsed_s if self.elapsed_s > 0 else 0.0


def _settings(examples: int, database: str | None) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        database=DirectoryBasedExampleDatabase(database) if database else None,
        verbosity=Verbosity.quiet,
        phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink),
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
        print_blob=False,
    )


def search(
    check: FuzzCheck,
    budget: Budget,
    known: KnownFindings,
    on_finding: Callable[[Finding], None] | None = None,
    on_superseded: Callable[[Finding], None] | None = None,
) -> tuple[list[Finding], SearchStats]:
    """Every new bug `check` finds within `budget`, minimized, in the order found. A finding
    whose ops include all of a later one's (same place and kind) is dropped for the later,
    smaller one (`on_superseded` hears of it)."""
    stats = SearchStats()
    findings: list[Finding] = []
    start = time.perf_counter()
    deadline = None if budget.time_budget_s is None else start + budget.time_budget_s
    while stats.examples < budget.max_examples and not _past(deadline):
        left = budget.max_examples - stats.examples
        size = min(left, ROUND_SIZE) if deadline is not None else left
        before = stats.examples
        finding = _round(check, size, budget, known, stats, deadline)
        if finding is not None:
            newly_known = KnownFindings([finding.key])
            for old in [f for f in findings if newly_known.covers(f)]:
                findings.remove(old)
                if on_superseded is not None:
                    on_superseded(old)
            known.add(finding)
            findings.append(finding)
            if on_finding is not None:
                on_finding(finding)
        elif stats.examples - before < size:
            break  # Hypothesis ran out of distinct examples
    stats.elapsed_s = time.perf_counter() - start
    return findings, stats


def _past(deadline: float | None) -> bool:
    return deadline is not None and time.perf_counter() >= deadline


def _round(
    check: FuzzCheck,
    size: int,
    budget: Budget,
    known: KnownFindings,
    stats: SearchStats,
    deadline: float | None,
) -> Finding | None:
    """One Hypothesis run of up to `size` examples: the shrunk new finding, if any."""
    failed: list[Finding] = []
    shrinking = {"calls": 0, "start": 0.0}

    def body(data: st.DataObject) -> None:
        stats.calls += 1
        if failed:
            shrinking["calls"] += 1
            spent = time.perf_counter() - shrinking["start"]
            if shrinking["calls"] > SHRINK_CALLS or spent > SHRINK_TIME_S or _past(deadline):
                raise _StopShrinking
        try:
            outcome = check.run(data)
        except FindingFound as found:
            finding = found.finding
        except Exception as error:  # irproof crashed: a bug to minimize as well
            finding = check.crash(error)
        else:
            if not failed:
                stats.examples += 1
                stats.outcomes[outcome] += 1
            return
        if not failed:
            stats.examples += 1
        if known.covers(finding):
            if not failed:
                stats.known_skipped += 1
            return
        if not failed:
            shrinking["start"] = time.perf_counter()
        failed.append(finding)
        raise FindingFound(finding)

    test = given(data=st.data())(body)
    test = hypothesis_seed(budget.seed + stats.rounds)(_settings(size, budget.database)(test))
    stats.rounds += 1
    try:
        test()
    except _StopShrinking:
        pass
    except Exception:  # FindingFound, or Hypothesis's Flaky when a replay did not fail
        if not failed:
            raise
    # The smallest failure: when shrinking ran to the end, the shrunk example's replay.
    return min(reversed(failed), key=lambda f: (len(f.ops), len(f.reproducer)), default=None)
