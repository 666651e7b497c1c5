"""Splitting a textual pass pipeline into one step per pass (verifier/pass_pipeline.py)."""

from __future__ import annotations

import pytest

from irproof.verifier.pass_pipeline import PipelineSyntaxError, split_pipeline


def _labels(text: str) -> list[str]:
    return [step.label for step in split_pipeline(text)]


def test_module_pipeline_with_nesting_and_options() -> None:
    text = (
        "builtin.module(canonicalize{max-iterations=1 test-convergence},"
        " func.func(cse, sccp), int-range-optimizations)"
    )
    steps = split_pipeline(text)
    assert [s.label for s in steps] == [
        "canonicalize{max-iterations=1 test-convergence}",
        "func.func(cse)",
        "func.func(sccp)",
        "int-range-optimizations",
    ]
    assert [s.number for s in steps] == [1, 2, 3, 4]
    assert steps[0].name == "canonicalize"
    assert steps[1].anchors == ("func.func",)
    assert steps[1].pipeline == "builtin.module(func.func(cse))"
    assert steps[3].pipeline == "builtin.module(int-range-optimizations)"


def test_bare_list_and_nested_braces() -> None:
    assert _labels("cse,canonicalize") == ["cse", "canonicalize"]
    nested = 'test-pass{list={1,2} name="a}b,c" inner={x={y=1}}}'
    assert _labels(f"builtin.module({nested}, cse)") == [nested, "cse"]


def test_deeper_anchors_are_kept() -> None:
    steps = split_pipeline("builtin.module(builtin.module(func.func(cse)), any(dce))")
    assert [s.pipeline for s in steps] == [
        "builtin.module(builtin.module(func.func(cse)))",
        "builtin.module(any(dce))",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "builtin.module(cse",
        "builtin.module(cse))",
        "canonicalize{max-iterations=1",
        "cse,,dce",
        "builtin.module()",
        "cse dce",
        "(cse)",
    ],
)
def test_malformed_pipelines(text: str) -> None:
    with pytest.raises(PipelineSyntaxError) as error:
        split_pipeline(text)
    assert "\n" not in str(error.value)
