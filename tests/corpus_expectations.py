"""Reads the expected verdicts of the corpus: `// EXPECT NAME: correct|unknown|incorrect KIND`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import CORPUS

EXPECT = re.compile(
    r"^\s*//\s*EXPECT\s+(\w+)\s*:\s*(correct|incorrect|unknown)\s*(ub|poison|value)?\s*$"
)


@dataclass(frozen=True)
class Expectation:
    file: Path
    name: str
    verdict: str
    failed: str | None

    @property
    def id(self) -> str:
        return f"{self.file.relative_to(CORPUS)}::{self.name}"


CORPUS_SUFFIXES = (".mlir", ".pdl", ".pdll")
"""MLIR pairs, and PDL / PDLL patterns (imported through `irproof.verifier.importers`)."""


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in CORPUS_SUFFIXES)


def is_imported(path: Path) -> bool:
    """A file in a format other than MLIR pairs (its pairs are width-generic)."""
    return path.suffix != ".mlir"


def expectations(path: Path) -> list[Expectation]:
    found = []
    for line in path.read_text().splitlines():
        match = EXPECT.match(line)
        if match:
            found.append(Expectation(path, match[1], match[2], match[3]))
        elif "EXPECT" in line and line.strip().startswith("//"):
            raise ValueError(f"{path}: malformed EXPECT line: {line.strip()}")
    return found


def all_expectations() -> list[Expectation]:
    return [e for path in corpus_files() for e in expectations(path)]
