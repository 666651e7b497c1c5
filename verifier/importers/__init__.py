"""Importers: rewrite formats other than MLIR src/tgt pairs, translated to such pairs.

An importer reads one file (PDL, PDLL, Alive `.opt`) and returns an `ImportedFile`: the
MLIR text of a module holding a `@NAME_src`/`@NAME_tgt` pair for every rewrite it could
express (width-generic ones marked with `irproof.generic`, see `verifier/generic.py`), and
the rewrites it could not express with the reason. Those become `unknown` results; an
importer raises `ImportError_` only when the file as a whole is unreadable.

`IMPORTERS` maps a file suffix to its importer; every other file is read as MLIR, unless
its text holds `pdl.pattern`s (what `mlir-pdll -x=mlir -o patterns.mlir` writes): the PDL
importer reads those whatever the suffix.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Operation

from irproof.tables import registrar


@dataclass
class ImportedFile:
    """What an importer made of one file."""

    mlir: str
    unsupported: list[tuple[str, str]] = field(default_factory=list)
    """(rewrite name, reason) of every rewrite that has no MLIR pair."""
    module: ModuleOp | None = None
    """`mlir` already parsed, where the importer parsed each pair to check it: the loader
    takes it instead of parsing the text a second time (on the Alive suite that second
    parse was a third of loading the files, 1 s of 2.9 s)."""


def joined(modules: Sequence[ModuleOp]) -> ModuleOp:
    """One module holding the ops of `modules` (each parsed and verified on its own, with
    distinct symbols), moved rather than copied."""
    ops: list[Operation] = []
    for module in modules:
        for op in list(module.ops):
            op.detach()
            ops.append(op)
    return ModuleOp(ops)


class ImportError_(Exception):
    """The file as a whole cannot be imported (e.g. not the format at all, tool missing)."""


Importer = Callable[[str, str], ImportedFile]
"""`importer(path, text)`."""

IMPORTERS: dict[str, Importer] = {}


register_importer: Callable[..., Callable[[Importer], Importer]] = registrar(IMPORTERS)
"""`@register_importer(*suffixes)`: the importer of files with those suffixes."""


def importer_for(path: str, text: str | None = None) -> Importer | None:
    """The importer of a file, by suffix (`.opt`, `.pdl`, `.pdll`), else by content (a
    module of `pdl.pattern`s, in `text`), or None for MLIR."""
    from irproof.verifier.importers import registry  # noqa: F401  (registers the importers)

    for suffix, fn in IMPORTERS.items():
        if path.endswith(suffix):
            return fn
    if text is not None and _PDL_PATTERN.search(text):
        return IMPORTERS[".pdl"]
    return None


_PDL_PATTERN = re.compile(r'^\s*"?pdl\.pattern\b', re.MULTILINE)
"""A `pdl.pattern` op at the start of a line (custom or generic form; not in a comment)."""
