"""Argument types shared by the commands' parsers (argparse `type=`): each turns a bad value
into argparse's one-line usage error (exit 2)."""

from __future__ import annotations

import argparse
import math


def positive_int(text: str) -> int:
    """A whole number of at least 1 (`--jobs`, `--unroll`, `--max-examples`, ...)."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a positive integer: '{text}'")
    return int(text)


def non_negative_int(text: str) -> int:
    """A whole number of at least 0 (`--seed`, `--i1-args`)."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"must be a non-negative integer: '{text}'")
    return int(text)


def positive_float(text: str) -> float:
    """A finite number above 0 (`--timeout`, `--time-budget`, ...): `nan` and `inf` are not
    budgets."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: '{text}'") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number: '{text}'")
    return value


def bit_widths(text: str) -> tuple[int, ...]:
    """`--widths`: `1-64`, `8,16,32`, ... (`irproof.verifier.generic.parse_widths`)."""
    from irproof.verifier.generic import parse_widths

    try:
        return parse_widths(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


INDEX_WIDTHS = {"32": (32,), "64": (64,), "both": (32, 64)}


def index_widths(text: str) -> tuple[int, ...]:
    """`--index-width 32|64|both`."""
    if text not in INDEX_WIDTHS:
        raise argparse.ArgumentTypeError(f"--index-width must be 32, 64 or both, not '{text}'")
    return INDEX_WIDTHS[text]
