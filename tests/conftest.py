"""Shared test helpers: run the CLI in-process and write small MLIR files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from irproof.cli import main

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """`run_cli("verify", path)` → (exit code, stdout, stderr)."""

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(list(argv))
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture
def mlir_file(tmp_path: Path) -> Callable[[str], str]:
    """Write MLIR text to a fresh file and return its path."""
    counter = iter(range(1000))

    def write(text: str) -> str:
        path = tmp_path / f"case{next(counter)}.mlir"
        path.write_text(text)
        return str(path)

    return write
