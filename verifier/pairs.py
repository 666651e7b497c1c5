"""Finds the source/target pairs of a rewrite file: `@src`/`@tgt` or `@NAME_src`/`@NAME_tgt`."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp


@dataclass
class FunctionPair:
    name: str
    source: func.FuncOp
    target: func.FuncOp


class PairingError(Exception):
    """A `_src` function without its `_tgt` (or the reverse), or no pair at all."""


def find_pairs(module: ModuleOp, default_name: str, allow_none: bool = False) -> list[FunctionPair]:
    """The pairs of a module; `allow_none` when an importer already reported its rewrites."""
    functions = {op.sym_name.data: op for op in module.ops if isinstance(op, func.FuncOp)}
    pairs: list[FunctionPair] = []
    for name, function in functions.items():
        if name == "src" or name.endswith("_src"):
            stem = name[: -len("src")]
            target = functions.get(f"{stem}tgt")
            if target is None:
                raise PairingError(f"@{name} has no matching @{stem}tgt")
            pairs.append(FunctionPair(stem[:-1] if stem else default_name, function, target))
    for name in functions:
        if (
            name == "tgt" or name.endswith("_tgt")
        ) and f"{name[: -len('tgt')]}src" not in functions:
            raise PairingError(f"@{name} has no matching @{name[: -len('tgt')]}src")
    if not pairs and not allow_none:
        raise PairingError("no @src/@tgt or @NAME_src/@NAME_tgt functions")
    return pairs
