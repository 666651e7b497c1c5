"""What a fuzz run finds, and how findings are told apart and kept.

A `Finding` is one bug: a minimized reproducer (MLIR text) and what went wrong. Two findings
are the same bug when they have the same mode, place (the pass, or which semantics
disagree) and failure kind, and one's ops are a subset of the other's: `KnownFindings.covers`
(so that a bigger program failing the same way is not reported again while the search goes
on). `FindingsDir` writes one file per distinct bug, atomically, and reads back the keys of
the files already there, so that a long run started again skips what it already reported.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from irproof.writing import write_atomic

INCORRECT = "incorrect"
"""A pass (or a rewrite the corpus says is correct) is refuted: a counterexample."""
DISAGREEMENT = "disagreement"
"""Two executions of the same program (interpreter, SMT semantics, upstream JIT) differ."""
INCONSISTENCY = "inconsistency"
"""Two solvers (or a solver and irproof's verdict) disagree on one query."""
CRASH = "crash"
"""irproof or a compiler crashed on a valid program."""

KEY_PREFIX = "// irproof-fuzz-key: "


@dataclass
class Finding:
    """One bug found by fuzzing, minimized by Hypothesis."""

    kind: str
    mode: str
    where: str
    """The pass, the pair of semantics that disagree, the metamorphic relation, ..."""
    failed: str
    """ub | poison | value for a refutation; what differs otherwise."""
    ops: tuple[str, ...]
    """The ops of the reproducer, in order (its shape)."""
    reproducer: str
    """The minimized input module, MLIR text."""
    detail: str
    """Human explanation: counterexample, outcomes, solver answers."""
    result: dict[str, Any] | None = None
    """The JSON entry (schema 1) of the refuting verdict, when there is one."""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def shape(self) -> tuple[str, ...]:
        """The distinct ops of the reproducer, sorted (control-flow terminators included);
        none for a crash, which its place (the exception and message) tells apart."""
        return () if self.kind == CRASH else tuple(sorted(set(self.ops)))

    @property
    def key(self) -> str:
        return f"{self.mode}|{self.where}|{self.failed}|{','.join(self.shape)}"

    def file_name(self) -> str:
        slug = re.sub(r"[^A-Za-z0-9._-]+", "-", f"{self.mode}-{self.where}").strip("-")
        digest = hashlib.sha256(self.key.encode()).hexdigest()[:10]
        return f"{slug[:60]}-{self.failed}-{digest}.mlir"


def _parts(key: str) -> tuple[str, frozenset[str]]:
    head, _, ops = key.rpartition("|")
    return head, frozenset(o for o in ops.split(",") if o)


class KnownFindings:
    """Bugs already reported: a failure is known when a known key has its mode, place and
    kind, and ops that are a subset of the failure's."""

    def __init__(self, keys: list[str] | None = None) -> None:
        self._known: list[tuple[str, frozenset[str]]] = [_parts(k) for k in keys or []]

    def add(self, finding: Finding) -> None:
        self._known.append(_parts(finding.key))

    def covers(self, finding: Finding) -> bool:
        head, ops = _parts(finding.key)
        return any(head == h and known <= ops for h, known in self._known)

    def __len__(self) -> int:
        return len(self._known)


def finding_file_text(finding: Finding, header: dict[str, str]) -> str:
    """The reproducer file: a comment header (key, kind, place, `header` lines such as the
    MLIR version and the command to reproduce, the explanation) and the module."""
    lines = [
        f"{KEY_PREFIX}{finding.key}",
        f"// {finding.kind} ({finding.mode}): {finding.where}: {finding.failed}",
    ]
    lines += [f"// {name}: {value}" for name, value in header.items()]
    lines += ["//"] + [f"// {line}".rstrip() for line in finding.detail.splitlines()]
    return "\n".join(lines) + "\n" + finding.reproducer.rstrip() + "\n"


class FindingsDir:
    """A folder of reproducer files, one per distinct bug."""

    def __init__(self, path: str) -> None:
        self.path = Path(path)

    def known_keys(self) -> list[str]:
        """The keys of the reproducers already in the folder."""
        keys = []
        for file in sorted(self.path.glob("*.mlir")) if self.path.is_dir() else []:
            first = file.read_text(errors="replace").split("\n", 1)[0]
            if first.startswith(KEY_PREFIX):
                keys.append(first[len(KEY_PREFIX) :].strip())
        return keys

    def remove(self, finding: Finding) -> None:
        """Drop the reproducer of a finding a smaller one replaced."""
        (self.path / finding.file_name()).unlink(missing_ok=True)

    def write(self, finding: Finding, header: dict[str, str]) -> Path:
        target = self.path / finding.file_name()
        write_atomic(target, finding_file_text(finding, header))
        return target
