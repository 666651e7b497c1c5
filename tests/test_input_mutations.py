"""Malformed input never escapes as a traceback or passes silently as something else.

Hypothesis mutates real rewrites (MLIR pairs of the corpus, Alive transformations of the
suite, PDLL patterns of the canonicalization corpus and the PDL `mlir-pdll -x=mlir` prints
for them) line by line and token by token: drop a token, insert or substitute a word of
the format's vocabulary, duplicate or drop a line, change an integer type. `irproof verify`
runs in-process on each mutant, and must end with an exit code of DESIGN.md (0, 1, 2, 3),
a usage error in one line, and no exception. Mutation runs like these found an Alive
register defined twice verified with its last definition, PDL in a `.mlir` file rejected,
malformed PDL reported without the parser's message, and an empty block accepted where
MLIR rejects it (each now has a test of its own).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from irproof.verifier.importers.pdl import find_mlir_pdll
from tests.conftest import CORPUS

CLI = Callable[..., tuple[int, str, str]]
REPO = Path(__file__).resolve().parent.parent
ALIVE = REPO.parent / "shared/data/alive-instcombine"
PDLL = sorted((CORPUS / "mlir-arith-canonicalize").glob("*.pdll"))

WORDS = {
    # the vocabulary of each format that a mutation inserts or substitutes, "|"-separated
    "mlir": "arith.addi|arith.frob|arith.constant|func.func|return|scf.for|memref.load|i0|i1"
    "|i65|index|f32|vector<4xi32>|memref<?xi32>|%0|%x|{|}|(|)|:|,|=|->|<|>|overflow<nsw>|eq"
    "|slt|-1|99999999999999999999999|^bb1:|attributes|{irproof.generic = [i8]}|@f_src|@f_tgt",
    "opt": "add|sub|mul|udiv|sdiv|shl|ashr|icmp|select|zext|trunc|load|alloca|%X|%Y|C|C1|i0"
    "|i1|i65|-1|undef|nsw|exact|ult|width(%X)|log2(C)|isPowerOf2(C)|(|)|,|=>|=|Pre:|&&|!|~"
    "|<<|u>>|%r|i32*|<4 x i32>",
    "pdll": "Pattern|Constraint|Rewrite|op<arith.addi>|op<arith.frob>|replace|with|erase|let"
    '|->|=>|{|}|(|)|;|:|Value|Attr|attr<"1 : i8">|type<"i0">|0|-1|index',
    "pdl": "pdl.pattern|pdl.operation|operation|operands|types|attribute|type|rewrite|replace"
    '|with|apply_native_constraint|"arith.frob"|%0|%9|:|!pdl.value|!pdl.range<type>'
    "|loc(#loc1)|benefit(1)|{|}|(|)",
}

mutations = st.lists(
    st.tuples(st.integers(0, 5), st.floats(0, 1), st.floats(0, 1), st.integers(0, 10**6)),
    min_size=1,
    max_size=3,
)


def mutate(text: str, steps: list[tuple[int, float, float, int]], words: str) -> str:
    lines, vocabulary = text.splitlines() or [""], words.split("|")
    for kind, where, place, pick in steps:
        i = min(int(where * len(lines)), len(lines) - 1)
        tokens = lines[i].split(" ")
        j = min(int(place * len(tokens)), len(tokens) - 1)
        word = vocabulary[pick % len(vocabulary)]
        if kind == 0 and len(tokens) > 1:
            del tokens[j]
        elif kind == 1:
            tokens.insert(j, word)
        elif kind == 2:
            tokens[j] = word
        elif kind == 3:
            lines.insert(i, lines[pick % len(lines)])
            continue
        elif kind == 4 and len(lines) > 1:
            del lines[i]
            continue
        elif kind == 5:
            lines[i] = re.sub(
                r"\bi(8|16|32|64)\b", ("i1", "i7", "i65", "index")[pick % 4], lines[i]
            )
            continue
        lines[i] = " ".join(tokens)
    return "\n".join(lines) + "\n"


def _mlir_pairs() -> list[str]:
    """Every `@NAME_src`/`@NAME_tgt` pair of the corpus's arith, index and func files, as a
    file of its own (a mutant of one pair verifies in milliseconds)."""
    pairs = []
    function = re.compile(r"^func\.func @(\w+)\b.*?^}", re.M | re.S)
    for path in sorted(CORPUS.glob("[aif]*/*.mlir")):
        bodies = {m.group(1): m.group(0) for m in function.finditer(path.read_text())}
        for name, body in bodies.items():
            target = bodies.get(name.removesuffix("_src") + "_tgt")
            if name.endswith("_src") and target is not None:
                pairs.append(f"{body}\n{target}\n")
    return pairs


def _alive_transformations() -> list[str]:
    found = []
    for path in sorted(ALIVE.glob("*.opt")):
        found += [
            part.strip() + "\n"
            for part in re.split(r"\n(?=Name:)", path.read_text())
            if part.strip().startswith("Name:")
        ]
    return found


MLIR_PAIRS = _mlir_pairs()
ALIVE_TRANSFORMATIONS = _alive_transformations() if ALIVE.is_dir() else []

mutants = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


needs_mlir_pdll = pytest.mark.skipif(find_mlir_pdll() is None, reason="no mlir-pdll")


@cache
def _printed_pdl() -> list[str]:
    """casts.pdll as `mlir-pdll -x=mlir` prints it (locations and all)."""
    tool = find_mlir_pdll()
    assert tool is not None
    source = CORPUS / "mlir-arith-canonicalize" / "casts.pdll"
    command = [tool, "-x=mlir", str(source)]
    return [subprocess.run(command, capture_output=True, text=True, check=True).stdout]


SOURCES: dict[str, Callable[[], list[str]]] = {
    "mlir": lambda: MLIR_PAIRS,
    "opt": lambda: ALIVE_TRANSFORMATIONS,
    "pdll": lambda: [path.read_text() for path in PDLL],
    "pdl": _printed_pdl,
}
"""The texts each format's mutants start from (the file suffix is the format)."""


def test_the_corpora_are_there() -> None:
    assert len(MLIR_PAIRS) > 100 and PDLL


@pytest.mark.parametrize(
    "suffix",
    [
        "mlir",
        pytest.param("opt", marks=pytest.mark.skipif(not ALIVE_TRANSFORMATIONS, reason="no suite")),
        pytest.param("pdll", marks=needs_mlir_pdll),
        pytest.param("pdl", marks=needs_mlir_pdll),
    ],
)
@mutants
@given(pick=st.integers(0, 10**6), steps=mutations)
def test_a_mutant_ends_in_a_verdict_or_a_usage_error(
    run_cli: CLI, tmp_path: Path, suffix: str, pick: int, steps: list[tuple[int, float, float, int]]
) -> None:
    texts = SOURCES[suffix]()
    path = tmp_path / f"mutant.{suffix}"
    path.write_text(mutate(texts[pick % len(texts)], steps, WORDS[suffix]))
    code, _, err = run_cli(
        "verify", str(path), "--widths", "1-4", "--timeout", "1", "--first-failure", "--quiet"
    )
    assert code in (0, 1, 2, 3), (code, path.read_text())
    if code == 2:
        assert err.startswith("irproof: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
