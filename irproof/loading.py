"""Reads and parses input files into xDSL modules, turning every failure into `InputError`."""

from __future__ import annotations

from pathlib import Path

from xdsl.dialects.builtin import ModuleOp
from xdsl.parser import Parser
from xdsl.traits import NoTerminator
from xdsl.utils.exceptions import ParseError, VerifyException

from irproof.dialects.mlir.context import input_context
from irproof.errors import InputError


def read_text(path: str) -> str:
    try:
        return Path(path).read_text()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read: {error}") from None


def parse_error_message(path: str, error: Exception) -> str:
    """One line for an error of xDSL's parser: `path:line:col: message` (`path: malformed
    IR: ...` for an error without a place)."""
    if isinstance(error, ParseError):
        location = error.span.get_location()
        message = error.msg or _first_line(str(error))
        return f"{path}:{location.line}:{location.col}: {message}"
    return f"{path}: malformed IR: {_first_line(str(error))}"


def _first_line(text: str) -> str:
    for line in str(text).splitlines():
        if line.strip():
            return line.strip()
    return "error"


def parse_module(path: str, text: str | None = None) -> ModuleOp:
    """Parse MLIR text (custom or generic syntax) in irproof's input context."""
    source = read_text(path) if text is None else text
    try:
        module = Parser(input_context(), source, name=path).parse_module()
    except Exception as error:  # xDSL raises plain exceptions for some malformed IR too
        raise InputError(parse_error_message(path, error)) from None
    try:
        module.verify()
    except VerifyException as error:
        raise InputError(f"{path}: invalid IR: {_first_line(str(error))}") from None
    empty = _empty_block_owner(module)
    if empty is not None:
        raise InputError(
            f"{path}: invalid IR: an empty block in {empty} (a block needs a terminator)"
        )
    return module


def _empty_block_owner(module: ModuleOp) -> str | None:
    """The name of an op with an empty block in a region that needs terminators, if any:
    MLIR rejects one ("empty block: expect at least a terminator"); xDSL's verifier checks
    the last op of a block and so lets an empty block through."""
    for op in module.walk():
        if op.has_trait(NoTerminator):
            continue
        for region in op.regions:
            if any(block.first_op is None for block in region.blocks):
                return op.name
    return None
