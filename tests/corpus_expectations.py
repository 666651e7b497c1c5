"""Reads the expected verdicts of the corpus: `// EXPECT NAME: correct [bounded]|unknown|incorrect
KIND`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import CORPUS

EXPECT = re.compile(
    r"^\s*//\s*EXPECT\s+(\w+)\s*:\s*"
    r"(?:(correct)(?:\s+(bounded))?|(unknown)|(incorrect)\s+(ub|poison|value|memory))\s*$"
)


@dataclass(frozen=True)
class Expectation:
    file: Path
    name: str
    verdict: str
    failed: str | None
    bounded: bool = False
    """A `correct` proved only up to the unrolling bound (`correct bounded`)."""

    @property
    def id(self) -> str:
        return f"{self.file.relative_to(CORPUS)}::{self.name}"


CORPUS_SUFFIXES = (".mlir", ".pdl", ".pdll")
"""MLIR pairs, and PDL / PDLL patterns (imported through `irproof.verifier.importers`)."""


PROGRAM_FOLDERS = ("pipelines", "synth", "proposals")
"""Corpus folders checked by their own tests, not as rewrite pairs here: input programs of
pass pipelines and of synthesis, and synthesized proposals (tests/test_synth_proposals.py)."""


def corpus_files() -> list[Path]:
    """Every rewrite file of the corpus (pairs, PDL/PDLL), not the pipeline programs."""
    return sorted(
        p
        for p in CORPUS.rglob("*")
        if p.suffix in CORPUS_SUFFIXES and p.relative_to(CORPUS).parts[0] not in PROGRAM_FOLDERS
    )


def is_imported(path: Path) -> bool:
    """A file in a format other than MLIR pairs (its pairs are width-generic)."""
    return path.suffix != ".mlir"


def expectations(path: Path) -> list[Expectation]:
    found = []
    for line in path.read_text().splitlines():
        match = EXPECT.match(line)
        if match:
            verdict = match[2] or match[4] or match[5]
            found.append(Expectation(path, match[1], verdict, match[6], bool(match[3])))
        elif "EXPECT" in line and line.strip().startswith("//"):
            raise ValueError(f"{path}: malformed EXPECT line: {line.strip()}")
    return found


def all_expectations() -> list[Expectation]:
    return [e for path in corpus_files() for e in expectations(path)]
