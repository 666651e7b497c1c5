"""Runs planned checks in order, in this process or in `jobs` worker processes, yielding
results as they come in order; closing the iterator early cancels the checks not started."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from irproof.verifier.tv import Check, TvTask, run_check
from irproof.verifier.verify import PairResult


def run_ordered(checks: Sequence[Check], jobs: int = 1) -> Iterator[PairResult]:
    """The result of every check, in order (only `TvTask`s go to worker processes)."""
    tasks = sum(isinstance(c, TvTask) for c in checks)
    if jobs <= 1 or tasks <= 1:
        yield from map(run_check, checks)
        return
    pool = ProcessPoolExecutor(max_workers=min(jobs, tasks))
    try:
        futures: list[Future[PairResult] | PairResult] = [
            pool.submit(run_check, c) if isinstance(c, TvTask) else c for c in checks
        ]
        for item in futures:
            yield item if isinstance(item, PairResult) else item.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
