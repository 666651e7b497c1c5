"""Translation validation of two modules (`irproof tv`, and each step of `irproof pipeline`):
pairs the functions of BEFORE and AFTER by name and checks each pair with `verify_pair`.

Both modules are cloned into one, every symbol of BEFORE renamed `before.NAME` and of AFTER
`after.NAME` (symbol references such as `func.call` callees follow), so that calls inline the
callee of their own side, and replay runs on the same merged module.

What is a pair: a public function with a body present in both modules. Private functions
and declarations are not validated on their own (a pass may specialise a private function
to the calls it has, e.g. `sccp`), but calls to them are inlined. A public function of
BEFORE that AFTER lacks, or whose signature changed, is `unknown` with the reason. A
function whose printed IR, and that of every symbol it references, is byte-identical on
both sides is `correct` without solving (an unchanged program refines itself).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeAlias

from xdsl.dialects import func
from xdsl.dialects.builtin import ArrayAttr, DictionaryAttr, ModuleOp, StringAttr, SymbolRefAttr
from xdsl.ir import Attribute, Operation, ParametrizedAttribute

from irproof.errors import InputError
from irproof.loading import parse_module
from irproof.verifier.pairs import FunctionPair
from irproof.verifier.refinement import SignatureMismatch, check_signatures
from irproof.verifier.verify import CORRECT, UNKNOWN, PairResult, VerifyOptions, verify_pair

BEFORE, AFTER = "before.", "after."
BEFORE_LABEL, AFTER_LABEL = "BEFORE", "AFTER"
IDENTICAL = "identical IR: the function and what it references are unchanged"


@dataclass(frozen=True)
class TvTask:
    """One pair to solve: picklable (module texts, not IR), for worker processes."""

    before: str
    after: str
    name: str
    file: str
    options: VerifyOptions


Check: TypeAlias = TvTask | PairResult
"""A planned check: a task to solve, or a result known without solving."""


def _symbol_name(op: Operation) -> str | None:
    attr = op.properties.get("sym_name") or op.attributes.get("sym_name")
    return attr.data if isinstance(attr, StringAttr) else None


def _set_symbol_name(op: Operation, name: str) -> None:
    where = op.properties if "sym_name" in op.properties else op.attributes
    where["sym_name"] = StringAttr(name)


def _symbol_refs(op: Operation) -> list[tuple[dict[str, Attribute], str, SymbolRefAttr]]:
    """(dictionary, key, reference) of every symbol reference held directly by `op`."""
    found = []
    for where in (op.properties, op.attributes):
        for key, value in where.items():
            if isinstance(value, SymbolRefAttr):
                found.append((where, key, value))
    return found


def _rename(module: ModuleOp, prefix: str) -> list[Operation]:
    """The top-level ops of a clone of `module`, every symbol and reference prefixed."""
    clone = module.clone()
    symbols = {name for op in clone.ops if (name := _symbol_name(op)) is not None}
    for op in clone.walk():
        for where, key, ref in _symbol_refs(op):
            if ref.root_reference.data in symbols:
                renamed = StringAttr(prefix + ref.root_reference.data)
                where[key] = SymbolRefAttr(renamed, ref.nested_references)
    ops = list(clone.ops)
    for op in ops:
        op.detach()
        name = _symbol_name(op)
        if name is not None:
            _set_symbol_name(op, prefix + name)
    return ops


def merge_modules(before: ModuleOp, after: ModuleOp) -> ModuleOp:
    """One module with BEFORE's symbols as `before.NAME` and AFTER's as `after.NAME`."""
    return ModuleOp(_rename(before, BEFORE) + _rename(after, AFTER))


def validated_functions(module: ModuleOp) -> dict[str, func.FuncOp]:
    """The functions that are pairs to validate: public, with a body."""
    return {
        op.sym_name.data: op
        for op in module.ops
        if isinstance(op, func.FuncOp) and op.sym_visibility is None and not op.is_declaration
    }


def _referenced_names(attr: Attribute) -> Iterator[str]:
    """Root names of every symbol reference inside `attr`, however deeply nested."""
    if isinstance(attr, SymbolRefAttr):
        yield attr.root_reference.data
    elif isinstance(attr, ArrayAttr):
        for item in attr.data:
            yield from _referenced_names(item)
    elif isinstance(attr, DictionaryAttr):
        for item in attr.data.values():
            yield from _referenced_names(item)
    elif isinstance(attr, ParametrizedAttribute):
        for item in attr.parameters:
            yield from _referenced_names(item)


def _top_symbols(module: ModuleOp) -> dict[str, Operation]:
    return {name: op for op in module.ops if (name := _symbol_name(op)) is not None}


def closure_text(module: ModuleOp, function: Operation) -> str:
    """The printed IR of `function` and of every symbol it references, transitively."""
    symbols = _top_symbols(module)
    seen: list[str] = []
    texts: list[str] = []
    pending: list[Operation] = [function]
    while pending:
        op = pending.pop()
        texts.append(str(op))
        for inner in op.walk():
            attributes = [*inner.properties.values(), *inner.attributes.values()]
            for name in (n for a in attributes for n in _referenced_names(a)):
                if name in seen:
                    continue
                seen.append(name)
                if name in symbols:
                    pending.append(symbols[name])
                else:
                    texts.append(f"// missing @{name}")
    return "\n".join(texts)


@lru_cache(maxsize=16)
def _parsed(text: str) -> ModuleOp:
    return parse_module("<module>", text)


def parsed(text: str, label: str) -> ModuleOp:
    """A module parsed once per process (never mutated: merging clones it); a parse error
    names `label`."""
    try:
        return _parsed(text)
    except InputError:
        return parse_module(label, text)  # raises again, naming `label`


@lru_cache(maxsize=8)
def _merged(before: str, after: str) -> ModuleOp:
    return merge_modules(parsed(before, BEFORE_LABEL), parsed(after, AFTER_LABEL))


def plan_checks(
    before_text: str,
    after_text: str,
    file: str,
    options: VerifyOptions,
    labels: tuple[str, str] = (BEFORE_LABEL, AFTER_LABEL),
) -> list[Check]:
    """The checks of every public function of BEFORE, in BEFORE's order. Both texts must
    parse (`parse_module` raises `InputError` otherwise); `labels` name them in errors."""
    before = parsed(before_text, labels[0])
    after = parsed(after_text, labels[1])
    after_functions = validated_functions(after)
    checks: list[Check] = []
    for name, source in validated_functions(before).items():
        target = after_functions.get(name)
        if target is None:
            reason = f"@{name} is missing in {labels[1]} (or is no longer public with a body)"
            checks.append(PairResult(name, file, UNKNOWN, reason))
            continue
        try:
            check_signatures(source, target)
        except SignatureMismatch as error:
            checks.append(PairResult(name, file, UNKNOWN, f"signature changed: {error}"))
            continue
        if closure_text(before, source) == closure_text(after, target):
            result = PairResult(name, file, CORRECT, IDENTICAL)
            result.index_width = list(options.index_widths)
            checks.append(result)
            continue
        checks.append(TvTask(before_text, after_text, name, file, options))
    return checks


def new_functions(before_text: str, after_text: str) -> list[str]:
    """Public functions of AFTER that BEFORE lacks: nothing to compare them with."""
    before = validated_functions(parsed(before_text, BEFORE_LABEL))
    return [n for n in validated_functions(parsed(after_text, AFTER_LABEL)) if n not in before]


def run_check(check: Check) -> PairResult:
    """The result of a planned check (solving a task in this process)."""
    if isinstance(check, PairResult):
        return check
    module = _merged(check.before, check.after)
    source = _find(module, BEFORE + check.name)
    target = _find(module, AFTER + check.name)
    result = verify_pair(
        module, FunctionPair(check.name, source, target), check.file, check.options
    )
    result.reason = re.sub(rf"@(?:{re.escape(BEFORE)}|{re.escape(AFTER)})", "@", result.reason)
    return result


def _find(module: ModuleOp, name: str) -> func.FuncOp:
    for op in module.ops:
        if isinstance(op, func.FuncOp) and op.sym_name.data == name:
            return op
    raise KeyError(name)
