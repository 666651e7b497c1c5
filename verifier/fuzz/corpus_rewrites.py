"""Known-correct rewrites for the metamorphic check: the pairs of the corpus whose expected
verdict is `correct` (`// EXPECT NAME: correct`, not `bounded`), from its fixed-width `.mlir`
files, whose functions take and return only integers and `index` and call nothing.

`inside_context` draws a random program around one of them: straight-line ops computing the
rewrite's operands (or fresh arguments), a `func.call` of the rewrite's source (or target;
irproof inlines calls, so this applies the rewrite at that place), and ops using its results. The program calling the target must refine the one calling the
source (refinement is compositional): `metamorphic` checks it.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st
from xdsl.dialects import func
from xdsl.dialects.builtin import IndexType, IntegerType
from xdsl.printer import Printer

from irproof.errors import InputError
from irproof.loading import parse_module
from irproof.strategies import (
    GeneratedFunction,
    ProgramOptions,
    op_instances,
    straight_line_functions,
)
from irproof.verifier.pairs import PairingError, find_pairs

EXPECT_CORRECT = re.compile(r"^\s*//\s*EXPECT\s+(\w+)\s*:\s*correct\s*$", re.M)
SKIPPED_FOLDERS = frozenset({"pipelines", "findings", "float"})
"""Corpus folders without fixed-width integer pairs (programs, write-ups, floats)."""
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@dataclass(frozen=True)
class Rewrite:
    """A corpus pair expected `correct`: the printed source and target functions."""

    name: str
    file: str
    source_name: str
    target_name: str
    functions: str
    arg_types: tuple[str, ...]
    result_types: tuple[str, ...]


def _scalar(types: Sequence[object]) -> bool:
    return all(isinstance(t, IntegerType | IndexType) for t in types)


def _printed(function: func.FuncOp) -> str:
    stream = io.StringIO()
    Printer(stream=stream).print_op(function)
    return stream.getvalue()


def _calls(function: func.FuncOp) -> bool:
    return any(isinstance(op, func.CallOp) for op in function.walk())


@functools.cache
def load_rewrites(corpus: Path = DEFAULT_CORPUS) -> tuple[Rewrite, ...]:
    """Every usable known-correct rewrite of the corpus folder, sorted by file and name."""
    found: list[Rewrite] = []
    for path in sorted(corpus.rglob("*.mlir")):
        if path.relative_to(corpus).parts[0] in SKIPPED_FOLDERS:
            continue
        text = path.read_text()
        expected = set(EXPECT_CORRECT.findall(text))
        if not expected:
            continue
        try:
            pairs = find_pairs(parse_module(str(path), text), path.stem)
        except (InputError, PairingError):
            continue
        for pair in pairs:
            source, target = pair.source, pair.target
            types = source.function_type
            if pair.name not in expected or _calls(source) or _calls(target):
                continue
            if not _scalar([*types.inputs.data, *types.outputs.data]):
                continue
            found.append(
                Rewrite(
                    pair.name,
                    str(path.relative_to(corpus.parent)),
                    source.sym_name.data,
                    target.sym_name.data,
                    f"{_printed(source)}\n{_printed(target)}",
                    tuple(str(t) for t in types.inputs.data),
                    tuple(str(t) for t in types.outputs.data),
                )
            )
    return tuple(found)


@dataclass(frozen=True)
class InContext:
    """A rewrite inside a random program: `program(True, name)` calls the source,
    `program(False, name)` the target."""

    rewrite: Rewrite
    function: GeneratedFunction
    call_line: str
    """The body line calling the rewrite, `{callee}` in place of its name."""

    def program(self, source: bool, name: str) -> str:
        """The program `@name` calling the rewrite's source (or target)."""
        callee = self.rewrite.source_name if source else self.rewrite.target_name
        body = tuple(line.replace("{callee}", callee) for line in self.function.body)
        return GeneratedFunction(
            body,
            self.function.op_names,
            self.function.arg_types,
            self.function.result_types,
            self.function.result_names,
        ).function_text(name)


def _widths(rewrite: Rewrite) -> list[int]:
    found = {int(t[1:]) for t in (*rewrite.arg_types, *rewrite.result_types) if t != "index"}
    return sorted(found | {8, 32})


def inside_context(rewrite: Rewrite, options: ProgramOptions) -> st.SearchStrategy[InContext]:
    """A random program around a call of `rewrite` (see the module docstring)."""
    ws = st.sampled_from(_widths(rewrite))

    @st.composite
    def make(draw: st.DrawFn) -> InContext:
        prefix = GeneratedFunction((), (), (), (), ())  # no ops before the call: the smallest
        if draw(st.booleans()):
            prefix = draw(
                straight_line_functions(1, max(1, options.max_ops // 2), options.ops, True, ws)
            )
        arg_types = list(prefix.arg_types)
        available = [(f"%arg{i}", t) for i, t in enumerate(arg_types)]
        available += list(zip(prefix.result_names, prefix.result_types, strict=True))

        def operand(typ: str) -> str:
            candidates = [name for name, t in reversed(available) if t == typ]
            fresh: bool = draw(st.booleans())  # shrinks to False: reuse a value
            if candidates and not fresh:
                chosen: str = draw(st.sampled_from(candidates))
                return chosen
            arg_types.append(typ)
            available.append((f"%arg{len(arg_types) - 1}", typ))
            return available[-1][0]

        operands = [operand(t) for t in rewrite.arg_types]
        results = [f"%rw{i}" for i in range(len(rewrite.result_types))]
        signature = f"({', '.join(rewrite.arg_types)}) -> ({', '.join(rewrite.result_types)})"
        call = f"func.call @{{callee}}({', '.join(operands)}) : {signature}"
        call_line = f"{', '.join(results)} = {call}" if results else call
        body = [*prefix.body, call_line]
        ops = [*prefix.op_names, "func.call"]
        available.extend(zip(results, rewrite.result_types, strict=True))
        result_names = [*prefix.result_names, *results]
        result_types = [*prefix.result_types, *rewrite.result_types]
        for step in range(draw(st.integers(0, 2))):
            favourite = rewrite.result_types[0] if rewrite.result_types else "i8"
            op = draw(op_instances(options.ops, st.sampled_from(_widths(rewrite))))
            if favourite not in op.operand_types and draw(st.booleans()):
                continue
            names = [f"%post{step}_{i}" for i in range(len(op.result_types))]
            line = op.render([operand(t) for t in op.operand_types])
            body.append(f"{', '.join(names)} = {line}" if names else line)
            ops.append(op.name)
            available.extend(zip(names, op.result_types, strict=True))
            result_names += names
            result_types += op.result_types
        function = GeneratedFunction(
            tuple(body), tuple(ops), tuple(arg_types), tuple(result_types), tuple(result_names)
        )
        return InContext(rewrite, function, call_line)

    return make()
