"""A progress bar on stderr (rich), shown only when stderr is a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def progress_bar(total: int, enabled: bool = True) -> Iterator[Callable[[str], None]]:
    """Yields `advance(description)`; a no-op unless `enabled` and stderr is a terminal."""
    if not (enabled and total > 0 and sys.stderr.isatty()):
        yield lambda _description: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(file=sys.stderr),
        transient=True,
        redirect_stdout=sys.stdout.isatty(),  # results printed on the same terminal: above it
        redirect_stderr=False,
    )
    with progress:
        task = progress.add_task("validating", total=total)
        yield lambda description: progress.update(task, advance=1, description=description)
