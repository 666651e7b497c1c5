"""What every pass driver provides: run one pass on a module given as MLIR text (custom
syntax) and return the resulting module as text. Failures become `DriverError`."""

from __future__ import annotations

from typing import Protocol

from irproof.verifier.pass_pipeline import PassStep


class DriverError(Exception):
    """A pass failed to run (unknown pass, bad options, the pass reported an error)."""


class DriverUnavailable(Exception):
    """The driver's compiler is not installed (MLIR bindings, mlir-opt binary)."""


class Driver(Protocol):
    """Runs one pipeline step on a module, text in, text out."""

    name: str

    def run(self, text: str, step: PassStep) -> str: ...


def first_error_line(text: str, default: str) -> str:
    """The most telling line of a compiler's error output, without location prefixes: the
    first `error:` line's message, or the line after it when the message is there (mlir-opt:
    `<unknown>:0: error:` then `failed to add ...`)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for at, line in enumerate(lines):
        if "error:" in line:
            message = line.rsplit("error:", 1)[-1].strip()
            if not message and at + 1 < len(lines):
                message = lines[at + 1]
            return message or default
    return lines[0] if lines else default
