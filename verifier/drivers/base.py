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
    """The most telling line of a compiler's error output, without location prefixes."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if "error:" in line]
    line = (errors or lines or [default])[0]
    return line.rsplit("error: ", 1)[-1].strip() or default
