"""Synthesized rewrites as `pdl.pattern`s, in the form `mlir-pdll -x=mlir` emits.

The source expression is the matched op tree (arguments become `pdl.operand`s, constants
matched `arith.constant`s), the target is built in the `pdl.rewrite` region and replaces the
root. A width-generic rewrite leaves its `pdl.type` open and matches its constants through
natives of irproof's PDL vocabulary (`is_zero`, `is_one`, `is_minus_one`; the target makes
them with `zero`, `one`, `all_ones`), which MLIR users declare in PDLL and implement in C++;
a fixed-width rewrite names its type (`pdl.type : i8`) and literal attributes. irproof's PDL
importer (`irproof.verifier.importers.pdl`) reads the text back into the same pair
(`tests/test_synth_pdl.py` checks the round trip by verifying what it reads).
"""

from __future__ import annotations

from irproof.synth.ops import CMP_PREDICATES, OPS
from irproof.synth.program import Expr

MATCH_NATIVE = {0: "is_zero", 1: "is_one", -1: "is_minus_one"}
BUILD_NATIVE = {0: "zero", 1: "one", -1: "all_ones"}


class NotExpressible(Exception):
    """A constant that has no width-generic native."""


def _signed(value: int, type_: str) -> int:
    if type_ == "i1":
        return -1 if value & 1 else 0
    if type_ == "index":
        return value
    width = int(type_[1:])
    value &= (1 << width) - 1
    return value - (1 << width) if value >> (width - 1) else value


class _Emitter:
    def __init__(self, generic: bool, indent: str) -> None:
        self.generic = generic
        self.indent = indent
        self.lines: list[str] = []
        self.types: dict[str, str] = {}
        self.counter = 0

    def fresh(self, hint: str) -> str:
        self.counter += 1
        return f"%{hint}{self.counter}"

    def line(self, text: str) -> None:
        self.lines.append(f"{self.indent}{text}")

    def type_of(self, type_: str) -> str:
        if type_ not in self.types:
            name = f"%t{len(self.types)}"
            fixed = type_ == "i1" or not self.generic
            self.types[type_] = name
            self.line(f"{name} = pdl.type" + (f" : {type_}" if fixed else ""))
        return self.types[type_]

    def op(self, name: str, operands: list[str], attrs: dict[str, str], type_: str) -> str:
        result_type = self.type_of(type_)
        op = self.fresh("op")
        args = ""
        if operands:
            args = f"({', '.join(operands)} : {', '.join(['!pdl.value'] * len(operands))})"
        attr_text = ""
        if attrs:
            attr_text = " {" + ", ".join(f'"{k}" = {v}' for k, v in attrs.items()) + "}"
        self.line(f'{op} = pdl.operation "{name}"{args}{attr_text} -> ({result_type} : !pdl.type)')
        return op

    def result(self, op: str) -> str:
        value = self.fresh("v")
        self.line(f"{value} = pdl.result 0 of {op}")
        return value

    def predicate(self, predicate: str) -> str:
        attr = self.fresh("pred")
        self.line(f"{attr} = pdl.attribute = {CMP_PREDICATES.index(predicate)} : i64")
        return attr


def _emit_source(
    e: _Emitter, expr: Expr, args: dict[int, str], memo: dict[Expr, tuple[str, str]]
) -> tuple[str, str]:
    """(value, op) of a matched expression; the op is '' for an argument."""
    if expr in memo:
        return memo[expr]
    if expr.op == "arg":
        index = int(expr.attr or 0)
        if index not in args:
            type_name = e.type_of(expr.type)
            args[index] = f"%a{index}"
            e.line(f"%a{index} = pdl.operand : {type_name}")
        memo[expr] = (args[index], "")
        return memo[expr]
    attrs: dict[str, str] = {}
    operands: list[str] = []
    if expr.op == "const":
        value = _signed(int(expr.attr or 0), expr.type)
        attr = e.fresh("c")
        if e.generic:
            if value not in MATCH_NATIVE:
                raise NotExpressible(f"constant {value} has no width-generic native")
            e.line(f"{attr} = pdl.attribute")
            e.line(f'pdl.apply_native_constraint "{MATCH_NATIVE[value]}"({attr} : !pdl.attribute)')
        else:
            e.line(f"{attr} = pdl.attribute = {value} : {expr.type}")
        attrs["value"] = attr
    else:
        operands = [_emit_source(e, a, args, memo)[0] for a in expr.args]
        if expr.op == "arith.cmpi":
            attrs["predicate"] = e.predicate(str(expr.attr))
    op = e.op(expr.op if expr.op != "const" else "arith.constant", operands, attrs, expr.type)
    memo[expr] = (e.result(op), op)
    return memo[expr]


def _emit_target(e: _Emitter, expr: Expr, values: dict[Expr, str]) -> tuple[str, str]:
    if expr in values:
        return values[expr], ""
    attrs: dict[str, str] = {}
    operands: list[str] = []
    if expr.op == "const":
        value = _signed(int(expr.attr or 0), expr.type)
        attr = e.fresh("c")
        if e.generic:
            if value not in BUILD_NATIVE:
                raise NotExpressible(f"constant {value} has no width-generic native")
            type_name = e.type_of(expr.type)
            e.line(
                f'{attr} = pdl.apply_native_rewrite "{BUILD_NATIVE[value]}"({type_name} : !pdl.type) : !pdl.attribute'
            )
        else:
            e.line(f"{attr} = pdl.attribute = {value} : {expr.type}")
        attrs["value"] = attr
        name = "arith.constant"
    elif expr.op == "arg":
        raise NotExpressible("an argument the source does not use")
    else:
        operands = [_emit_target(e, a, values)[0] for a in expr.args]
        if expr.op == "arith.cmpi":
            attrs["predicate"] = e.predicate(str(expr.attr))
        name = expr.op
    op = e.op(name, operands, attrs, expr.type)
    result = e.result(op)
    values[expr] = result
    return result, op


def pdl_pattern(
    name: str, source: Expr, target: Expr, generic: bool = True, benefit: int = 1
) -> str:
    """The `pdl.pattern @name` rewriting `source` into `target`."""
    for node in (*source.nodes(), *target.nodes()):
        if node.op not in OPS:
            raise NotExpressible(f"op {node.op}")
    e = _Emitter(generic, "  ")
    memo: dict[Expr, tuple[str, str]] = {}
    _, root = _emit_source(e, source, {}, memo)
    body = e.lines
    e.lines = []
    e.indent = "    "
    matched = {expr: value for expr, (value, _op) in memo.items()}
    if target in matched:
        e.line(f"pdl.replace {root} with ({matched[target]} : !pdl.value)")
    else:
        _, new_root = _emit_target(e, target, matched)
        e.line(f"pdl.replace {root} with {new_root}")
    rewrite = e.lines
    head = f"pdl.pattern @{name} : benefit({benefit}) {{"
    return "\n".join([head, *body, f"  pdl.rewrite {root} {{", *rewrite, "  }", "}"])


def pdl_module(patterns: list[str]) -> str:
    inner = "\n".join("  " + line for text in patterns for line in text.splitlines())
    return f"module {{\n{inner}\n}}\n"
