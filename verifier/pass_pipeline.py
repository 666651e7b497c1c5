"""Splits a textual MLIR pass pipeline into its passes, so each one can be run and validated
on its own (DESIGN.md "Real compiler pipelines").

Grammar (MLIR's textual pipeline syntax):
```
pipeline ::= element (`,` element)*
element  ::= name `(` pipeline? `)`      -- an op anchor, e.g. func.func(cse)
           | name (`{` options `}`)?    -- a pass, options may nest braces and hold strings
```
`builtin.module(...)` around the whole pipeline is optional (`cse,canonicalize` is accepted).
Each pass keeps its anchors: `builtin.module(func.func(cse,sccp))` is two steps,
`builtin.module(func.func(cse))` and `builtin.module(func.func(sccp))`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROOT = "builtin.module"
_NAME = re.compile(r"[A-Za-z0-9_.$-]+")


class PipelineSyntaxError(Exception):
    """A malformed --passes string; the message shows where."""


@dataclass(frozen=True)
class PassStep:
    """One pass of a pipeline, with the op anchors it is nested in."""

    number: int
    """1-based position in the pipeline."""
    name: str
    """The pass name, e.g. `canonicalize`."""
    text: str
    """The pass with its options, e.g. `canonicalize{max-iterations=1}`."""
    anchors: tuple[str, ...] = ()
    """Op anchors below `builtin.module`, outermost first, e.g. (`func.func`,)."""

    @property
    def label(self) -> str:
        """How reports name the step: `canonicalize`, `func.func(cse)`."""
        label = self.text
        for anchor in reversed(self.anchors):
            label = f"{anchor}({label})"
        return label

    @property
    def pipeline(self) -> str:
        """A pipeline that runs this pass alone: `builtin.module(func.func(cse))`."""
        return f"{ROOT}({self.label})"


class _Reader:
    """A cursor over the pipeline text with the few reads the grammar needs."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def fail(self, what: str) -> PipelineSyntaxError:
        where = f"column {self.pos + 1}" if self.pos < len(self.text) else "the end"
        return PipelineSyntaxError(f"malformed --passes '{self.text}': {what} at {where}")

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def peek(self) -> str:
        self.skip_space()
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def expect(self, char: str) -> None:
        if self.peek() != char:
            raise self.fail(f"expected '{char}'")
        self.pos += 1

    def name(self) -> str:
        self.skip_space()
        match = _NAME.match(self.text, self.pos)
        if match is None:
            raise self.fail("expected a pass or op name")
        self.pos = match.end()
        return match.group()

    def options(self) -> str:
        """`{...}` with nested braces and quoted strings, returned verbatim."""
        start, depth, quoted = self.pos, 0, False
        while self.pos < len(self.text):
            char = self.text[self.pos]
            self.pos += 1
            if quoted:
                quoted = char != '"'
            elif char == '"':
                quoted = True
            elif char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    return self.text[start : self.pos]
        self.pos = start
        raise self.fail("unbalanced '{' in pass options")


def _elements(
    reader: _Reader, anchors: tuple[str, ...], out: list[PassStep], top: bool = False
) -> None:
    """The elements of one pipeline level; at the `top`, `builtin.module(...)` is the root."""
    while True:
        name = reader.name()
        if reader.peek() == "(":
            reader.pos += 1
            nested = anchors if (top and name == ROOT) else (*anchors, name)
            if reader.peek() != ")":
                _elements(reader, nested, out)
            reader.expect(")")
        else:
            text = name + (reader.options() if reader.peek() == "{" else "")
            out.append(PassStep(len(out) + 1, name, text, anchors))
        if reader.peek() != ",":
            return
        reader.pos += 1


def split_pipeline(text: str) -> list[PassStep]:
    """The passes of `text`, in order; `PipelineSyntaxError` when it is malformed or empty."""
    reader = _Reader(text)
    steps: list[PassStep] = []
    if not reader.peek():
        raise PipelineSyntaxError("--passes is empty")
    _elements(reader, (), steps, top=True)
    if reader.peek():
        raise reader.fail(f"unexpected '{reader.peek()}'")
    if not steps:
        raise PipelineSyntaxError(f"--passes '{text}' names no pass")
    return steps
