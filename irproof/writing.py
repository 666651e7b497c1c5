"""Writes output files atomically (a temporary file in the same folder, then a rename), so
a reader never sees half a report or half a module."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from irproof.errors import InputError


def write_atomic(path: str | Path, text: str) -> None:
    """Write `text` to `path`, creating its folder; `InputError` when it cannot be written."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(fd, "w") as out:
                out.write(text)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise InputError(f"{path}: cannot write: {error.strerror or error}") from None
