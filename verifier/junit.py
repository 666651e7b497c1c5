"""JUnit XML reports (for CI systems): one testcase per checked function, `classname` the
pass (or the compared file), `name` the function; `incorrect` is a <failure> holding the
counterexample, `unknown` a <skipped> holding the reason; a `correct` verdict reached only
within the loop-unrolling bound passes with a <system-out> saying so."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TypeAlias

from irproof.verifier.report import human_result, summary_counts
from irproof.verifier.verify import CORRECT, INCORRECT, UNKNOWN, PairResult

JUnitCase: TypeAlias = tuple[str, PairResult]
"""(classname, result)."""


def junit_xml(suite: str, cases: Sequence[JUnitCase]) -> str:
    counts = summary_counts([result for _, result in cases])
    total_s = sum(result.time_s for _, result in cases)
    attributes = {
        "name": suite,
        "tests": str(len(cases)),
        "failures": str(counts[INCORRECT]),
        "errors": "0",
        "skipped": str(counts[UNKNOWN]),
        "time": f"{total_s:.3f}",
    }
    root = ET.Element("testsuites", attributes)
    testsuite = ET.SubElement(root, "testsuite", attributes)
    for classname, result in cases:
        testcase = ET.SubElement(
            testsuite,
            "testcase",
            {"classname": classname, "name": result.name, "time": f"{result.time_s:.3f}"},
        )
        if result.verdict == INCORRECT:
            failure = ET.SubElement(
                testcase, "failure", {"message": result.reason, "type": "incorrect"}
            )
            failure.text = human_result(result)
        elif result.verdict != CORRECT:
            ET.SubElement(testcase, "skipped", {"message": f"unknown: {result.reason}"})
        elif result.bounded:  # a pass, but only within the unrolling bound: say so
            ET.SubElement(testcase, "system-out").text = f"correct (bounded): {result.reason}"
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
