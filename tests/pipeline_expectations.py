"""The expectations written in `corpus/pipelines/*.mlir`: which pipelines a program is
validated under and the verdict each function must get.

Grammar (comment lines anywhere in the file):

    // PIPELINE: builtin.module(canonicalize,cse)      run in the default test run
    // PIPELINE slow: builtin.module(lower-affine)     run only with `-m slow`
    // EXPECT: correct                                 every function, every pass
    // EXPECT name: unknown | incorrect | correct bounded | correct

An `EXPECT` line applies to the `PIPELINE` line above it (before any `PIPELINE` line: to
all pipelines of the file); a named one overrides the unnamed one for that function. A
function's verdict over a pipeline is the worst over its passes (incorrect, then unknown,
then correct), and `bounded` when any pass was validated only up to the unroll bound.
A changed expectation needs its reason next to it (the MLIR doc or a counterexample).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

PIPELINES = Path(__file__).resolve().parent.parent / "corpus" / "pipelines"

_PIPELINE = re.compile(r"^//\s*PIPELINE(?P<slow>\s+slow)?:\s*(?P<passes>\S.*?)\s*$")
_EXPECT = re.compile(
    r"^//\s*EXPECT(?:\s+(?P<name>[\w.$-]+))?:\s*"
    r"(?P<verdict>correct bounded|correct|incorrect|unknown)\s*$"
)


@dataclass
class PipelineCase:
    path: Path
    passes: str
    slow: bool
    expected: dict[str, str] = field(default_factory=dict)
    """Verdict per function name; key "" is the default for every other function."""

    @property
    def id(self) -> str:
        return f"{self.path.name}:{self.passes}"

    def expectation(self, function: str) -> str:
        return self.expected.get(function, self.expected.get("", "correct"))


def pipeline_cases() -> list[PipelineCase]:
    cases: list[PipelineCase] = []
    for path in sorted(PIPELINES.glob("*.mlir")):
        shared: dict[str, str] = {}
        mine: list[PipelineCase] = []
        for line in path.read_text().splitlines():
            if match := _PIPELINE.match(line):
                mine.append(PipelineCase(path, match["passes"], bool(match["slow"]), dict(shared)))
            elif match := _EXPECT.match(line):
                target = mine[-1].expected if mine else shared
                target[match["name"] or ""] = match["verdict"]
        if not mine:
            raise ValueError(f"{path}: no '// PIPELINE:' line")
        cases += mine
    return cases


_SEVERITY = {"incorrect": 2, "unknown": 1, "correct": 0}


def combined_verdicts(results: list[tuple[str, str, bool]]) -> dict[str, str]:
    """(function, verdict, bounded) of every pass -> the verdict string per function."""
    worst: dict[str, tuple[str, bool]] = {}
    for name, verdict, bounded in results:
        old, old_bounded = worst.get(name, ("correct", False))
        if _SEVERITY[verdict] > _SEVERITY[old]:
            old = verdict
        worst[name] = (old, old_bounded or bounded)
    return {
        name: ("correct bounded" if verdict == "correct" and bounded else verdict)
        for name, (verdict, bounded) in worst.items()
    }
