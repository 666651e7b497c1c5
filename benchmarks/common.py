"""Helpers shared by the benchmark scripts: the z3 binary, timing tables, and writing one
section of BENCHMARKS.md atomically (each script owns the section between its markers)."""

from __future__ import annotations

import os
import platform
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCHMARKS_MD = REPO / "BENCHMARKS.md"
ALIVE = REPO.parent / "shared" / "data" / "alive-instcombine"
"""The Alive InstCombine suite (shared data, read in place)."""


def z3_binary() -> str:
    local = Path(sys.executable).parent / "z3"
    found = str(local) if local.exists() else shutil.which("z3")
    if found is None:
        raise SystemExit("benchmark: no z3 binary (pip install z3-solver puts one beside python)")
    return found


def machine_line(command: str) -> str:
    return (
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, by `{command}`."
    )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    os.replace(tmp, path)


def update_section(name: str, body: str, path: Path = BENCHMARKS_MD) -> None:
    """Replace (or append) the section `name` of BENCHMARKS.md, keeping the others."""
    start, end = f"<!-- section: {name} -->", f"<!-- end: {name} -->"
    block = f"{start}\n{body.rstrip()}\n{end}"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    text = (
        pattern.sub(lambda _: block, text)
        if pattern.search(text)
        else f"{text.rstrip()}\n\n{block}\n"
    )
    write_atomically(path, text)


def run_main(main: Callable[[], int]) -> None:
    """Run a benchmark's `main`; an input file it cannot read or import (`InputError`, e.g. a
    missing file) ends it with that error on one line and exit code 2, not a traceback."""
    from irproof.errors import InputError

    try:
        code = main()
    except InputError as error:
        print(f"{Path(sys.argv[0]).name}: error: {error}", file=sys.stderr)
        code = 2
    sys.exit(code)
