"""Bad input: one-line messages naming the file (and line:col) for the CLI's exit code 2."""

from __future__ import annotations


class InputError(Exception):
    """Unreadable file, malformed IR, bad pairing or signatures: reported in one line, exit 2."""
