"""Verification of synthesized rewrites, through irproof's own verifier (never by testing).

A candidate becomes a module holding `@NAME_src` (the source function, renamed) and
`@NAME_tgt` (the candidate), which `irproof.verifier.verify.verify_pair` checks exactly as
`irproof verify` would (poison inputs on, every index width asked for). A counterexample's
inputs come back as a row for the fingerprints. `generalize` re-verifies a rewrite found at
one width as a width-generic pair (`irproof.generic`, see `irproof.verifier.generic`) at
every width of `--widths`, one width at a time, and reports the widths proved.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.dialects import arith, func

from irproof.errors import InputError
from irproof.loading import parse_module
from irproof.verifier.pairs import find_pairs
from irproof.verifier.verify import CORRECT, INCORRECT, PairResult, VerifyOptions, verify_pair

_INT_TYPE = re.compile(r"\bi(\d+)\b")


@dataclass
class Checked:
    """The verifier's verdict on one candidate, with the counterexample's inputs
    (None = poison) when it is `incorrect`."""

    result: PairResult
    inputs: list[int | None] | None = None

    @property
    def verdict(self) -> str:
        return self.result.verdict


def verify_texts(
    name: str, source_text: str, target_text: str, options: VerifyOptions, file: str = "<synth>"
) -> Checked:
    """Verify the pair `@NAME_src` / `@NAME_tgt` given as two function texts."""
    text = f"{source_text}\n{target_text}\n"
    try:
        module = parse_module(file, text)
    except InputError as error:
        raise AssertionError(f"synthesized IR does not parse: {error}\n{text}") from None
    pairs = [p for p in find_pairs(module, name) if p.name == name]
    result = verify_pair(module, pairs[0], file, options)
    inputs = None
    if result.verdict == INCORRECT and result.counterexample is not None:
        inputs = [v.value for v in result.counterexample.inputs]
    return Checked(result, inputs)


def source_text(function: func.FuncOp, name: str) -> str:
    """The source function printed under the name `name`."""
    clone = function.clone()
    clone.sym_name = clone.sym_name.__class__(name)
    return str(clone)


# ---- width-generic -----------------------------------------------------------------------


def generic_widths(texts: Sequence[str]) -> list[int]:
    """The integer widths (other than i1) of a pair: its width variables."""
    found = {int(w) for text in texts for w in _INT_TYPE.findall(text)}
    return sorted(w for w in found if w > 1)


def _constraints(texts: Sequence[str]) -> list[str]:
    """`iA < iB` for every extension from A to B (and truncation from B to A) in the pair."""
    found: set[str] = set()
    pattern = re.compile(r"arith\.(extui|extsi|trunci)\b[^:]*:\s*i(\d+)\s+to\s+i(\d+)")
    for text in texts:
        for kind, a, b in pattern.findall(text):
            found.add(f"i{a} < i{b}" if kind != "trunci" else f"i{b} < i{a}")
    return sorted(found)


def make_generic(source: str, variables: Sequence[int], constraints: Sequence[str]) -> str:
    """Mark the source function of a pair width-generic over `variables`."""
    attrs = f"irproof.generic = [{', '.join(f'i{w}' for w in variables)}]"
    if constraints:
        attrs += f", irproof.width_constraints = [{', '.join(repr(c).replace(chr(39), chr(34)) for c in constraints)}]"
    head, brace, rest = source.partition("{")
    if " attributes " in head:
        raise ValueError("source already has attributes")
    return f"{head.rstrip()} attributes {{{attrs}}} {brace}{rest}"


@dataclass
class Generalized:
    widths: list[int]
    """Widths at which the rewrite is proved (one width variable: its width; several: the
    widths of the first variable)."""
    generic_source: str | None
    failed: list[int]
    unknown: list[int]


def generalize(
    name: str,
    source: str,
    target: str,
    widths: Sequence[int],
    options: VerifyOptions,
) -> Generalized:
    """Verify the rewrite width-generically at each width of `widths` separately."""
    variables = generic_widths([source, target])
    if not variables:
        return Generalized([], None, [], [])
    constraints = _constraints([source, target])
    generic = make_generic(source, variables, constraints)
    proved: list[int] = []
    failed: list[int] = []
    unknown: list[int] = []
    if len(variables) > 1:  # several width variables: their product, in one run
        every = dataclasses.replace(options, widths=tuple(widths), first_failure=False)
        checked = verify_texts(name, generic, target, every)
        if checked.result.verdict == CORRECT:
            proved = list(checked.result.widths)
        return Generalized(proved, generic, [], [] if proved else list(widths))
    for width in widths:
        single = dataclasses.replace(options, widths=(width,), first_failure=False)
        checked = verify_texts(name, generic, target, single)
        if checked.result.verdict == CORRECT and width in checked.result.widths:
            proved.append(width)
        elif checked.result.verdict == INCORRECT:
            failed.append(width)
        elif not checked.result.reason.startswith("no width assignment"):
            unknown.append(width)  # (widths the constraints exclude are not counted)
    return Generalized(proved, generic, failed, unknown)


def constant_literals(function: func.FuncOp) -> list[tuple[int, str]]:
    """Every integer constant of a function, with its type name."""
    from irproof.synth.program import type_name

    found: list[tuple[int, str]] = []
    for op in function.walk():
        if isinstance(op, arith.ConstantOp):
            type_ = type_name(op.result.type)
            value = getattr(op.value, "value", None)
            if type_ is not None and value is not None and isinstance(value.data, int):
                found.append((value.data, type_))
    return found
