"""End to end: the one-query proofs (width classes, the width-parametric query) decide
every width-generic rewrite as checking each width does, on mutants of the Alive suite.

`test_parametric_semantics.py` proves each parametric rule equal to its per-width rule; this
test checks what `verify` makes of them together (the importer's width variables, the
small widths first, the class and parametric proofs, the fallback width by width) against
`VerifyOptions(parametric=False, width_classes=False)`, which checks every width alone.
A mutant is an Alive transformation with one or two of its instructions changed (the
opcode, an icmp predicate, a flag, a constant, an operand): most become wrong at some
widths, which the one-query proofs must not hide. Verdicts and failing widths must agree;
`unknown` on one side only is allowed where it is a timeout (the per-width loop stops at its
first timeout where one query may prove all widths). Skipped without the suite.

What it guards is how `verify` puts the proofs together: taking a `sat` parametric query
for a proof, for one, fails it at once (checked by mutation). A wrong rule shows only on a
mutant that the rule makes pass at every width, which random mutants rarely are (a
signed comparison read as unsigned, or an `add nuw` without its poison, passed 40 and 300
mutants): the rules are proved equal to the per-width ones, rule by rule, in
`test_parametric_semantics.py`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from irproof.api import VerifyOptions, verify_files
from irproof.verifier.importers.alive_parse import BINOPS, FLAGS, FLAGS_OF, ICMP_PREDICATES

SUITE = Path(__file__).resolve().parent.parent.parent / "shared/data/alive-instcombine"
WIDTH_SETS = {"1-12": tuple(range(1, 13)), "5-12": tuple(range(5, 13))}
"""Past `SMALL_WIDTHS_FIRST`, so the parametric query runs; small enough that checking
every width alone stays fast. Without widths up to `SMALL_WIDTHS_FIRST` the one query comes
first, so it also meets the mutants that are wrong (with them, most fail at a small width
before it runs)."""

CONSTANTS = ("C", "C1", "C2", "0", "1", "-1", "2")


def _transformations() -> list[str]:
    if not SUITE.is_dir():
        return []
    found: list[str] = []
    for path in sorted(SUITE.glob("*.opt")):
        if "loadstore" in path.name:  # memory: unknown either way
            continue
        parts = re.split(r"\n(?=Name:)", path.read_text())
        found += [p.strip() + "\n" for p in parts if p.strip().startswith("Name:")]
    return found


TRANSFORMATIONS = _transformations()


def _target_lines(text: str) -> list[int]:
    """The target's instructions: a changed target is a near miss of a rewrite that holds."""
    lines = text.splitlines()
    arrow = next(i for i, line in enumerate(lines) if line.strip() == "=>")
    return [i for i, line in enumerate(lines) if i > arrow and line.startswith("%") and "=" in line]


@st.composite
def mutants(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(TRANSFORMATIONS))
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, 2))):
        i = draw(st.sampled_from(_target_lines(text)))
        dest, rest = lines[i].split("=", 1)
        words = rest.split()
        opcode = words[0] if words else ""
        kind = draw(st.sampled_from(("opcode", "predicate", "flag", "constant", "operand")))
        if kind == "opcode" and opcode in BINOPS:
            other = draw(st.sampled_from(BINOPS))
            words = [other] + [w for w in words[1:] if w not in FLAGS]
        elif kind == "predicate" and opcode == "icmp" and len(words) > 1:
            words[1] = draw(st.sampled_from(ICMP_PREDICATES))
        elif kind == "flag" and opcode in FLAGS_OF:
            flag = draw(st.sampled_from(FLAGS_OF[opcode]))
            words = [w for w in words if w != flag] if flag in words else [opcode, flag, *words[1:]]
        elif kind == "constant":
            spots = [j for j, w in enumerate(words) if re.fullmatch(r"(C\d?|-?\d+),?", w)]
            if spots:
                j = draw(st.sampled_from(spots))
                comma = "," if words[j].endswith(",") else ""
                words[j] = draw(st.sampled_from(CONSTANTS)) + comma
        elif kind == "operand":
            registers = sorted(set(re.findall(r"%\w+", text)))
            spots = [j for j, w in enumerate(words) if w.startswith("%")]
            if spots:
                j = draw(st.sampled_from(spots))
                comma = "," if words[j].endswith(",") else ""
                words[j] = draw(st.sampled_from(registers)) + comma
        lines[i] = f"{dest}= {' '.join(words)}"
    return "\n".join(lines) + "\n"


@pytest.mark.skipif(not TRANSFORMATIONS, reason=f"{SUITE} is absent")
@pytest.mark.parametrize("widths", WIDTH_SETS)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(text=mutants())
def test_one_query_proofs_agree_with_every_width(
    tmp_path_factory: pytest.TempPathFactory, widths: str, text: str
) -> None:
    note(text)
    path = tmp_path_factory.mktemp("mutant") / "mutant.opt"
    path.write_text(text)
    one_query = VerifyOptions(widths=WIDTH_SETS[widths], timeout_s=5)
    each_width = VerifyOptions(
        widths=WIDTH_SETS[widths], timeout_s=5, parametric=False, width_classes=False
    )
    [one] = verify_files([str(path)], one_query)
    [each] = verify_files([str(path)], each_width)
    note(f"one query: {one.verdict} {one.failed_widths} {one.reason}")
    note(f"each width: {each.verdict} {each.failed_widths} {each.reason}")
    if one.verdict != each.verdict and "unknown" in (one.verdict, each.verdict):
        unknown = one if one.verdict == "unknown" else each
        assert "solver timeout" in unknown.reason, unknown.reason
        return
    assert one.verdict == each.verdict
    assert one.failed_widths == each.failed_widths
